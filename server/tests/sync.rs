//! The sync protocol against the real server and its SQLite file: many
//! devices pushing overlapping edits end in the state a plain oracle
//! computes from the server's processing order, with every op accounted
//! for; a retried push changes nothing; a push cut off by killing the
//! server is applied exactly once after the restart.

use crate::common;

use common::{
    Rng, Running, count, database, demo_server, device_id, op_on, pull_all, push, realisation_op, signed_in,
};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::process::Command;
use std::time::Duration;

const DEVICES: usize = 50;
const OPS_PER_DEVICE: usize = 200;
const BATCH: usize = 20;
const MONTHS: u32 = 12;
const YEAR: i32 = 2030;
const USERS: [&str; 5] = ["kasi.kdl", "kabid.tl", "staf.evaluasi", "kasubag.program", "kontributor.pupr"];
const FIELDS: [&str; 4] = ["value", "analisis", "kendala", "tindak_lanjut"];
const VALUES: [Option<&str>; 6] = [None, Some("1"), Some("2"), Some("3.5"), Some("10"), Some("-1")];
const TEXTS: [&str; 4] = ["", "hujan", "banjir", "akses jalan rusak"];

type Record = BTreeMap<String, Option<String>>;

fn empty_record() -> Record {
    FIELDS.iter().map(|f| ((*f).to_owned(), if *f == "value" { None } else { Some(String::new()) })).collect()
}

fn as_record(value: &Value) -> Record {
    value.as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_str().map(str::to_owned))).collect()
}

struct Device {
    id: String,
    user: &'static str,
    client: Client,
    seq: i64,
    rng: Rng,
    /// The device's own copy: revision and values per month.
    local: HashMap<String, (i64, Record)>,
    cursor: i64,
    /// Every push it made: the ops and the answers.
    pushes: Vec<(Vec<Value>, Vec<Value>)>,
}

fn period(month: u32) -> String {
    format!("{YEAR}-{month:02}")
}

impl Device {
    fn make_op(&mut self) -> Value {
        let month = self.rng.next(MONTHS as usize) as u32 + 1;
        let key = period(month);
        let (revision, record) = self.local.get(&key).cloned().unwrap_or_else(|| (0, empty_record()));
        let mut base = json!({});
        let mut new = json!({});
        for _ in 0..=self.rng.next(2) {
            let field = FIELDS[self.rng.next(FIELDS.len())];
            let value = if field == "value" {
                VALUES[self.rng.next(VALUES.len())].map(str::to_owned)
            } else {
                Some(TEXTS[self.rng.next(TEXTS.len())].to_owned())
            };
            base[field] = json!(record[field]);
            new[field] = json!(value);
        }
        self.seq += 1;
        let op = realisation_op(self.seq, "iku-07", "seksi-kdl", &key, revision, base, new.clone());
        let mut optimistic = record;
        optimistic.extend(as_record(&new));
        self.local.insert(key, (revision, optimistic));
        op
    }

    async fn run(mut self, server: &Running) -> Device {
        for round in 0..OPS_PER_DEVICE / BATCH {
            let ops: Vec<Value> = (0..BATCH).map(|_| self.make_op()).collect();
            let (status, body) = push(&self.client, server, &self.id, &ops).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            let answers = body["answers"].as_array().unwrap().clone();
            for (op, answer) in ops.iter().zip(&answers) {
                if answer["outcome"] != "rejected" {
                    let key = op["key"]["period"].as_str().unwrap().to_owned();
                    self.local
                        .insert(key, (answer["revision"].as_i64().unwrap(), as_record(&answer["state"])));
                }
            }
            self.pushes.push((ops, answers));
            if round % 3 == 2 {
                self.pull(server).await;
            }
        }
        self
    }

    async fn pull(&mut self, server: &Running) {
        let path = format!("/api/v1/sync/pull?cursor={}&limit=2000", self.cursor);
        let page = common::get_json(&self.client, server, &path).await;
        for record in page["records"].as_array().unwrap() {
            let key = record["key"]["period"].as_str().unwrap().to_owned();
            let revision = record["revision"].as_i64().unwrap();
            if self.local.get(&key).is_none_or(|(held, _)| revision > *held) {
                self.local.insert(key, (revision, as_record(&record["values"])));
            }
        }
        self.cursor = page["cursor"].as_i64().unwrap();
    }
}

/// What the oracle expects of one op.
#[derive(Debug, PartialEq)]
struct Expected {
    outcome: &'static str,
    code: &'static str,
    revision: i64,
}

/// The protocol's rules written out plainly (docs/sync-protocol.md), applied
/// to the ops in the server's processing order.
#[derive(Default)]
struct Oracle {
    records: HashMap<String, (i64, Record, bool)>,
    last_seq: HashMap<String, i64>,
    conflicts: i64,
    writes: i64,
}

impl Oracle {
    fn apply(&mut self, device: &str, user: &str, op: &Value) -> Expected {
        let key = op["key"]["period"].as_str().unwrap().to_owned();
        let (revision, record, conflicted) =
            self.records.get(&key).cloned().unwrap_or_else(|| (0, empty_record(), false));
        let seq = op["seq"].as_i64().unwrap();
        let in_order = self.last_seq.get(device).is_none_or(|last| seq > *last);
        self.last_seq.insert(device.to_owned(), seq.max(*self.last_seq.get(device).unwrap_or(&0)));
        let refuse = |code| Expected { outcome: "rejected", code, revision };
        if !in_order {
            return refuse("out_of_order");
        }
        if user == "kontributor.pupr" {
            // A refusal outside the sender's scope tells nothing of the record, not even its revision.
            return Expected { outcome: "rejected", code: "forbidden", revision: 0 };
        }
        let base = as_record(&op["base"]);
        let new = as_record(&op["new"]);
        // An op's numbers (its base and its new values) are read by the rule
        // for numbers before any merge.
        let negative =
            |fields: &Record| fields.get("value").cloned().flatten().is_some_and(|v| v.starts_with('-'));
        if negative(&base) || negative(&new) {
            return refuse("validation_failed");
        }
        let mut next = record.clone();
        let mut writes = 0;
        let mut conflicts = 0;
        for (field, client) in &new {
            let server = &record[field];
            let seen = base.get(field).cloned().flatten();
            if client == server || *client == seen {
                continue;
            }
            if *server == seen {
                next.insert(field.clone(), client.clone());
                writes += 1;
            } else {
                conflicts += 1;
            }
        }
        let outcome = if conflicts > 0 {
            "conflict"
        } else if op["base_revision"].as_i64() == Some(revision) {
            "applied"
        } else {
            "merged"
        };
        let revision = if writes > 0 { revision + 1 } else { revision };
        self.records.insert(key, (revision, next, conflicted || conflicts > 0));
        self.conflicts += conflicts;
        self.writes += writes;
        Expected { outcome, code: outcome, revision }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_devices_converge_on_the_oracle_and_a_full_replay_changes_nothing() {
    let (server, dir) = demo_server().await;
    let server = std::sync::Arc::new(server);
    let mut devices = Vec::new();
    for n in 0..DEVICES {
        let user = USERS[n % USERS.len()];
        let client = signed_in(&server, user).await;
        devices.push(Device {
            id: device_id(),
            user,
            client,
            seq: 0,
            rng: Rng(n as u64 + 1),
            local: HashMap::new(),
            cursor: 0,
            pushes: Vec::new(),
        });
    }
    let tasks: Vec<_> = devices
        .into_iter()
        .map(|device| {
            let server = server.clone();
            tokio::spawn(async move { device.run(&server).await })
        })
        .collect();
    let mut devices = Vec::new();
    for task in tasks {
        devices.push(task.await.unwrap());
    }

    let mut sent: Vec<(&Device, &Value, &Value)> = devices
        .iter()
        .flat_map(|d| {
            d.pushes
                .iter()
                .flat_map(move |(ops, answers)| ops.iter().zip(answers).map(move |(o, a)| (d, o, a)))
        })
        .collect();
    assert_eq!(sent.len(), DEVICES * OPS_PER_DEVICE, "every op has an answer");
    sent.sort_by_key(|(_, _, answer)| answer["order"].as_i64().unwrap());
    let orders: Vec<i64> = sent.iter().map(|(_, _, a)| a["order"].as_i64().unwrap()).collect();
    assert_eq!(orders, (1..=orders.len() as i64).collect::<Vec<_>>(), "one processing order, no gaps");

    let mut oracle = Oracle::default();
    let mut outcomes: BTreeMap<&str, i64> = BTreeMap::new();
    for (device, op, answer) in &sent {
        assert_eq!(answer["op_id"], op["op_id"]);
        let expected = oracle.apply(&device.id, device.user, op);
        let got = Expected {
            outcome: expected.outcome,
            code: expected.code,
            revision: answer["revision"].as_i64().unwrap(),
        };
        assert_eq!(answer["outcome"], expected.outcome, "op {} answered {answer}", answer["order"]);
        assert_eq!(answer["code"], expected.code, "op {}", answer["order"]);
        assert_eq!(got, expected);
        *outcomes.entry(expected.outcome).or_default() += 1;
    }
    for outcome in ["applied", "merged", "conflict", "rejected"] {
        assert!(outcomes.get(outcome).copied().unwrap_or(0) > 0, "the mix exercises {outcome}: {outcomes:?}");
    }

    let staf = signed_in(&server, "staf.evaluasi").await;
    let final_state: HashMap<String, Value> = pull_all(&staf, &server)
        .await
        .into_iter()
        .filter(|r| {
            r["key"]["indicator_id"] == "demo-indicator-iku-07"
                && r["key"]["period"].as_str().unwrap().starts_with("2030")
        })
        .map(|r| (r["key"]["period"].as_str().unwrap().to_owned(), r))
        .collect();
    assert_eq!(final_state.len(), oracle.records.len());
    for (key, (revision, record, conflicted)) in &oracle.records {
        let held = &final_state[key];
        assert_eq!(as_record(&held["values"]), *record, "{key}");
        assert_eq!(held["revision"].as_i64(), Some(*revision), "{key}");
        assert_eq!(held["conflicted"].as_bool(), Some(*conflicted), "{key}");
    }

    let db = database(dir.path()).await;
    let by_outcome: Vec<(String, i64)> =
        sqlx::query_as("SELECT outcome, COUNT(*) FROM sync_ops GROUP BY outcome ORDER BY outcome")
            .fetch_all(&db)
            .await
            .unwrap();
    let expected: Vec<(String, i64)> = outcomes.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect();
    assert_eq!(by_outcome, expected, "the op log holds every op once");
    assert_eq!(count(&db, "conflicts").await, oracle.conflicts, "every conflict is kept");
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'sync'")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(audited, oracle.writes, "every applied field change is audited");

    let before = (count(&db, "sync_ops").await, count(&db, "audit_log").await, count(&db, "conflicts").await);
    let records_before = pull_all(&staf, &server).await;
    for device in &devices {
        for (ops, answers) in &device.pushes {
            let (status, body) = push(&device.client, &server, &device.id, ops).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(body["answers"].as_array().unwrap(), answers, "a retry gets the same answers");
        }
    }
    let after = (count(&db, "sync_ops").await, count(&db, "audit_log").await, count(&db, "conflicts").await);
    assert_eq!(after, before, "replaying every push wrote nothing");
    assert_eq!(pull_all(&staf, &server).await, records_before, "and changed no record");
}

fn kill(server: &Running) {
    let pid = server.pid().to_string();
    assert!(Command::new("kill").args(["-KILL", &pid]).status().unwrap().success());
}

/// 500 ops on distinct records (the `round`-th block of years), two fields each.
fn distinct_ops(round: usize) -> Vec<Value> {
    let monthly = kinerja_server::demo::monthly_indicators();
    let per_year = monthly.len() * 12;
    (0..500)
        .map(|n| {
            let (indicator, unit) = &monthly[n % monthly.len()];
            let period = format!("{}-{:02}", 2040 + round * 5 + n / per_year, (n / monthly.len()) % 12 + 1);
            let key = json!({ "indicator_id": indicator, "unit_id": unit, "period": period });
            let new = json!({ "value": n.to_string(), "analisis": format!("op {n}") });
            op_on("realisation", key, (round * 1000 + n + 1) as i64, 0, json!({}), new)
        })
        .collect()
}

#[tokio::test]
async fn a_push_cut_off_by_killing_the_server_is_applied_exactly_once_after_restart() {
    let dir = tempfile::tempdir().unwrap();
    let device = device_id();
    let mut cut_off = 0;
    for (round, delay) in [2u64, 10, 30, 80].into_iter().enumerate() {
        let server = Running::start_with(dir.path(), &["--demo"]).await;
        let client = signed_in(&server, "staf.evaluasi").await;
        let ops = distinct_ops(round);
        let body = json!({ "protocol": 1, "device_id": device, "ops": ops });
        let request =
            client.post(server.url("/api/v1/sync/push")).json(&body).timeout(Duration::from_secs(20)).send();
        let in_flight = tokio::spawn(request);
        tokio::time::sleep(Duration::from_millis(delay)).await;
        kill(&server);
        if in_flight.await.unwrap().is_err() {
            cut_off += 1;
        }
        drop(server);

        let db = database(dir.path()).await;
        let held = count(&db, "sync_ops").await;
        assert!(
            held == 500 * round as i64 || held == 500 * (round as i64 + 1),
            "all or nothing: {held} ops held"
        );
        db.close().await;

        let server = Running::start_with(dir.path(), &["--demo"]).await;
        let client = signed_in(&server, "staf.evaluasi").await;
        let (status, answer) = push(&client, &server, &device, &ops).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        let answers = answer["answers"].as_array().unwrap();
        assert!(answers.iter().all(|a| a["outcome"] == "applied"), "every op applied once (round {round})");
        let (_, again) = push(&client, &server, &device, &ops).await;
        assert_eq!(again["answers"].as_array().unwrap(), answers, "a later retry gets the same answers");
        server.terminate();
    }
    assert!(cut_off > 0, "at least one push was cut off in flight");

    let db = database(dir.path()).await;
    assert_eq!(count(&db, "sync_ops").await, 2000);
    let twice: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT op_id FROM audit_log WHERE op_id IS NOT NULL GROUP BY op_id, field \
         HAVING COUNT(*) > 1) AS twice",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(twice, 0, "no field change was applied twice");
    let synced: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'sync'")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(synced, 4000, "two fields per op, once each");
    let revisions: Vec<i64> =
        sqlx::query_scalar("SELECT revision FROM realisations WHERE year >= 2040 GROUP BY revision")
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(revisions, [1], "every record changed exactly once");
}
