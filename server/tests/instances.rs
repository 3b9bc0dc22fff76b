//! Several server instances on one PostgreSQL database (issue 22): fifty
//! devices push overlapping edits, each push to a random instance, while
//! pullers page through random instances; the answers follow the oracle in
//! one processing order, the records are the oracle's, every op is in the
//! log once, and every puller ends holding exactly the server's records —
//! the feed never skipped a change (`docs/sync-protocol.md`, cursors).
//! Repeated with many seeds, each with its own pacing. And an instance
//! killed mid-push: the device retries on another, effects exactly once.

use crate::common::postgres::fresh_database;
use crate::common::{
    Running, check_exactly_once, device_id, distinct_ops, get_json, pull_all, push, signed_in, simulation,
};
use reqwest::Client;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

const INSTANCES: usize = 3;
const SEEDS: u64 = 20;
const PULLERS: usize = 3;
/// Records per page a puller asks for: small, so that a pull pages while pushes commit.
const PAGE: usize = 25;

/// Every record by its entity and key.
type Held = BTreeMap<String, Value>;

fn record_key(record: &Value) -> String {
    format!("{}{}", record["entity"], record["key"])
}

/// A puller: pages through the feed from random instances until told the
/// pushes are over, then to the end; returns what it holds.
async fn puller(
    client: Client,
    servers: Vec<Arc<Running>>,
    mut pick: crate::common::Rng,
    over: Arc<AtomicBool>,
) -> Held {
    let mut held = Held::new();
    let mut cursor = 0;
    loop {
        let finished = over.load(Ordering::Acquire);
        let server = &servers[pick.next(servers.len())];
        let page =
            get_json(&client, server, &format!("/api/v1/sync/pull?cursor={cursor}&limit={PAGE}")).await;
        let records = page["records"].as_array().unwrap();
        for record in records {
            held.insert(record_key(record), record.clone());
        }
        cursor = page["cursor"].as_i64().unwrap();
        if records.is_empty() {
            if finished {
                return held;
            }
            tokio::time::sleep(Duration::from_millis(pick.next(20) as u64)).await;
        }
    }
}

/// True in `cargo xtask test`'s second pass (every server on PostgreSQL),
/// which would repeat these tests exactly: their servers are on PostgreSQL
/// in either pass.
fn second_pass() -> bool {
    let second = crate::common::postgres::serving();
    if second {
        eprintln!("instances: run in the first pass already");
    }
    second
}

async fn one_seed(seed: u64) {
    let url = fresh_database(&format!("instances_{seed}")).await.expect("a PostgreSQL server");
    let dirs: Vec<_> = (0..INSTANCES).map(|_| tempfile::tempdir().unwrap()).collect();
    let mut servers = Vec::new();
    for dir in &dirs {
        servers.push(Arc::new(Running::start_with(dir.path(), &["--demo", "--database-url", &url]).await));
    }
    let over = Arc::new(AtomicBool::new(false));
    let mut pullers = Vec::new();
    for n in 0..PULLERS {
        let client = signed_in(&servers[n % INSTANCES], "staf.evaluasi").await;
        let pick = crate::common::Rng(seed * 31 + n as u64 + 7);
        pullers.push(tokio::spawn(puller(client, servers.clone(), pick, over.clone())));
    }
    let devices = simulation::devices(&servers[0], seed).await;
    let pace = Duration::from_millis(seed % 4);
    let devices = simulation::run(devices, &servers, pace).await;
    over.store(true, Ordering::Release);

    let (oracle, outcomes) = simulation::check_answers(&devices);
    let staf = signed_in(&servers[seed as usize % INSTANCES], "staf.evaluasi").await;
    let everything = pull_all(&staf, &servers[(seed as usize + 1) % INSTANCES]).await;
    simulation::check_records(&oracle, &simulation::simulated(everything.clone()));
    let server_holds: Held = everything.into_iter().map(|r| (record_key(&r), r)).collect();
    for (n, puller) in pullers.into_iter().enumerate() {
        let held = puller.await.unwrap();
        assert!(
            held == server_holds,
            "seed {seed}: puller {n} holds {} records, the server {}",
            held.len(),
            server_holds.len()
        );
    }
    let pool = crate::common::postgres::pool(&url).await;
    simulation::check_database(&pool, &oracle, &outcomes).await;
    pool.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_instances_converge_on_the_oracle_and_no_puller_misses_a_change() {
    if second_pass() || fresh_database("instances_probe").await.is_none() {
        return;
    }
    for seed in 1..=SEEDS {
        let started = std::time::Instant::now();
        one_seed(seed).await;
        eprintln!("seed {seed}: {:.1} s", started.elapsed().as_secs_f64());
    }
}

/// Each round a device sends 500 ops to one instance, which is killed
/// (SIGKILL) after a delay; the device sends the same push to the next
/// instance: every op applied, and applied once, whether the killed
/// instance had committed it or not.
#[tokio::test]
async fn an_instance_killed_mid_push_leaves_the_retry_on_another_exactly_once() {
    if second_pass() {
        return;
    }
    let Some(url) = fresh_database("killed_instance").await else { return };
    let dirs: Vec<_> = (0..INSTANCES).map(|_| tempfile::tempdir().unwrap()).collect();
    let flags = ["--demo", "--database-url", &url];
    let start = |n: usize| Running::start_with(dirs[n].path(), &flags);
    let mut servers = [start(0).await, start(1).await, start(2).await];
    let device = device_id();
    let mut cut_off = 0;
    for (round, delay) in [2u64, 10, 30, 80].into_iter().enumerate() {
        let (doomed, other) = (round % INSTANCES, (round + 1) % INSTANCES);
        let client = signed_in(&servers[doomed], "staf.evaluasi").await;
        let ops = distinct_ops(round);
        let body = json!({ "protocol": 1, "device_id": device, "ops": ops });
        let request = client
            .post(servers[doomed].url("/api/v1/sync/push"))
            .json(&body)
            .timeout(Duration::from_secs(20))
            .send();
        let in_flight = tokio::spawn(request);
        tokio::time::sleep(Duration::from_millis(delay)).await;
        servers[doomed].kill_now();
        if in_flight.await.unwrap().is_err() {
            cut_off += 1;
        }

        let (status, answer) = push(&client, &servers[other], &device, &ops).await;
        assert_eq!(status, reqwest::StatusCode::OK, "{answer}");
        let answers = answer["answers"].as_array().unwrap();
        assert!(answers.iter().all(|a| a["outcome"] == "applied"), "every op applied once (round {round})");
        let third = (round + 2) % INSTANCES;
        let (_, again) = push(&client, &servers[third], &device, &ops).await;
        assert_eq!(
            again["answers"].as_array().unwrap(),
            answers,
            "a retry on a third instance gets the same answers"
        );
        servers[doomed] = start(doomed).await;
    }
    assert!(cut_off > 0, "at least one push was cut off in flight");
    let pool = crate::common::postgres::pool(&url).await;
    check_exactly_once(&pool, 4).await;
    pool.close().await;
}
