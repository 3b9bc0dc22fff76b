//! The sync protocol against one real server: many devices pushing
//! overlapping edits end in the state a plain oracle computes from the
//! server's processing order (`common::simulation`), with every op accounted
//! for; a retried push changes nothing; a push cut off by killing the
//! server is applied exactly once after the restart.

use crate::common;

use common::{Running, count, database, demo_server, device_id, pull_all, push, signed_in, simulation};
use reqwest::StatusCode;
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_devices_converge_on_the_oracle_and_a_full_replay_changes_nothing() {
    let (server, dir) = demo_server().await;
    let server = Arc::new(server);
    let devices = simulation::devices(&server, 0).await;
    let devices = simulation::run(devices, std::slice::from_ref(&server), Duration::ZERO).await;
    let (oracle, outcomes) = simulation::check_answers(&devices);
    let staf = signed_in(&server, "staf.evaluasi").await;
    simulation::check_records(&oracle, &simulation::simulated(pull_all(&staf, &server).await));
    let db = database(dir.path()).await;
    simulation::check_database(&db, &oracle, &outcomes).await;

    let before = (count(&db, "sync_ops").await, count(&db, "audit_log").await, count(&db, "conflicts").await);
    let records_before = pull_all(&staf, &server).await;
    simulation::replay(&devices, &server).await;
    let after = (count(&db, "sync_ops").await, count(&db, "audit_log").await, count(&db, "conflicts").await);
    assert_eq!(after, before, "replaying every push wrote nothing");
    assert_eq!(pull_all(&staf, &server).await, records_before, "and changed no record");
}

#[tokio::test]
async fn a_push_cut_off_by_killing_the_server_is_applied_exactly_once_after_restart() {
    let dir = tempfile::tempdir().unwrap();
    let device = device_id();
    let mut cut_off = 0;
    for (round, delay) in [2u64, 10, 30, 80].into_iter().enumerate() {
        let server = Running::start_with(dir.path(), &["--demo"]).await;
        let client = signed_in(&server, "staf.evaluasi").await;
        let ops = common::distinct_ops(round);
        let body = json!({ "protocol": 1, "device_id": device, "ops": ops });
        let request =
            client.post(server.url("/api/v1/sync/push")).json(&body).timeout(Duration::from_secs(20)).send();
        let in_flight = tokio::spawn(request);
        tokio::time::sleep(Duration::from_millis(delay)).await;
        server.kill_now();
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

    common::check_exactly_once(&database(dir.path()).await, 4).await;
}
