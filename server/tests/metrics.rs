//! Monitoring against the real binary: `/metrics` on its own listener is
//! scraped as Prometheus would, and its counters, latency histogram and
//! state gauges move after a push; the public address does not serve it;
//! `--log-format json` writes one JSON object per line.

use serde_json::json;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::common;

use common::{BINARY, Running, device_id, free_addr, push, realisation_op, signed_in};

/// The value of the series `name` whose labels include every one of `labels`
/// (`route="/x"` pairs), or none when no such line is in `text`.
fn series(text: &str, name: &str, labels: &[&str]) -> Option<f64> {
    text.lines().filter(|line| !line.starts_with('#')).find_map(|line| {
        let (key, value) = line.rsplit_once(' ')?;
        let (metric, rest) = key.split_once('{').unwrap_or((key, ""));
        (metric == name && labels.iter().all(|label| rest.contains(label))).then(|| value.parse().unwrap())
    })
}

async fn scrape(addr: &str) -> String {
    let response = reqwest::get(format!("http://{addr}/metrics")).await.unwrap();
    assert_eq!(response.status(), 200);
    let kind = response.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(kind.starts_with("text/plain; version=0.0.4"), "{kind}");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    response.text().await.unwrap()
}

#[tokio::test]
async fn metrics_are_scraped_on_their_own_address_and_move_after_a_push() {
    let dir = tempfile::tempdir().unwrap();
    let metrics_addr = free_addr();
    let server = Running::start_with(dir.path(), &["--demo", "--metrics-addr", &metrics_addr]).await;
    let before = scrape(&metrics_addr).await;
    assert_eq!(series(&before, "kinerja_sync_pushes_total", &[r#"outcome="answered""#]), None);
    assert!(series(&before, "kinerja_database_bytes", &[]).unwrap() > 0.0, "{before}");
    assert!(series(&before, "kinerja_database_wal_bytes", &[]).is_some(), "{before}");
    assert_eq!(series(&before, "kinerja_conflicts_open", &[]), Some(0.0), "{before}");
    assert_eq!(series(&before, "kinerja_last_backup_age_seconds", &[]), None, "no scheduled backup yet");
    assert!(before.contains("# TYPE kinerja_http_requests_total counter"), "{before}");

    let client = signed_in(&server, "kasi.kdl").await;
    let device = device_id();
    let op = |seq, period: &str, value: &str| {
        realisation_op(seq, "iku-07", "seksi-kdl", period, 0, json!({}), json!({ "value": value }))
    };
    let (status, body) =
        push(&client, &server, &device, &[op(1, "2041-01", "2.5"), op(2, "2041-02", "3")]).await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = push(&client, &server, &device, &[op(3, "2041-03", "1e5")]).await;
    assert_eq!(status, 200, "a push whose op is refused is still answered");
    let bad = client
        .post(server.url("/api/v1/sync/push"))
        .json(&json!({ "protocol": 99, "device_id": device, "ops": [] }))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);

    let after = scrape(&metrics_addr).await;
    assert_eq!(series(&after, "kinerja_sync_pushes_total", &[r#"outcome="answered""#]), Some(2.0), "{after}");
    assert_eq!(series(&after, "kinerja_sync_pushes_total", &[r#"outcome="validation_failed""#]), Some(1.0));
    assert_eq!(series(&after, "kinerja_sync_ops_total", &[r#"outcome="applied""#]), Some(2.0), "{after}");
    assert_eq!(series(&after, "kinerja_sync_ops_total", &[r#"outcome="validation_failed""#]), Some(1.0));
    assert_eq!(series(&after, "kinerja_sync_push_duration_seconds_count", &[]), Some(2.0), "{after}");
    assert_eq!(
        series(&after, "kinerja_sync_push_duration_seconds_bucket", &[r#"le="+Inf""#]),
        Some(2.0),
        "a histogram, with buckets: {after}"
    );
    let pushes = [r#"route="/api/v1/sync/push""#, r#"status="200""#];
    assert_eq!(series(&after, "kinerja_http_requests_total", &pushes), Some(2.0), "{after}");
    let refused = [r#"route="/api/v1/sync/push""#, r#"status="422""#];
    assert_eq!(series(&after, "kinerja_http_requests_total", &refused), Some(1.0), "{after}");

    // Probing paths adds no series: every unmatched path is counted as one route.
    for path in ["/no-such-page-1", "/no-such-page-2", "/metrics"] {
        let public = reqwest::get(server.url(path)).await.unwrap();
        assert_eq!(public.status(), 404, "{path} is not served on the public address");
        assert!(!public.text().await.unwrap().contains("kinerja_http_requests_total"));
    }
    let probed = scrape(&metrics_addr).await;
    assert!(!probed.contains("no-such-page"), "{probed}");
    assert_eq!(
        series(&probed, "kinerja_http_requests_total", &[r#"route="other""#, r#"status="404""#]),
        Some(3.0)
    );
    assert!(server.terminate().success());
}

#[tokio::test]
async fn json_log_lines_are_one_object_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let addr = free_addr();
    let mut child = Command::new(BINARY)
        .args(["--addr", &addr, "--log-format", "json", "--data-dir"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let listening = lines
        .by_ref()
        .map(|line| serde_json::from_str::<serde_json::Value>(&line.unwrap()).expect("a JSON log line"))
        .find(|line| line["fields"]["message"] == "Kinerja is listening")
        .expect("the start is logged");
    assert_eq!(listening["level"], "INFO");
    assert!(listening["timestamp"].is_string(), "{listening}");
    assert!(listening["fields"]["addr"].as_str().unwrap().ends_with(addr.rsplit(':').next().unwrap()));
    child.kill().unwrap();
    child.wait().unwrap();
}
