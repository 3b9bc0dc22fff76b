//! Starting the real `kinerja-server` binary for integration tests: on a free
//! loopback port, with the given data directory and flags, waiting until
//! `/healthz` answers, and stopping it with SIGTERM.

#![allow(dead_code)]

pub mod documents;
pub mod postgres;
pub mod simulation;

use reqwest::{Client, StatusCode};
use serde_json::json;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const BINARY: &str = env!("CARGO_BIN_EXE_kinerja-server");

/// The demo's user names, one per role, the administrator last.
pub const DEMO_USERS: [&str; 7] =
    ["sekretaris", "kabid.tl", "kasubag.program", "kasi.kdl", "staf.evaluasi", "kontributor.pupr", "admin"];

pub fn free_addr() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().to_string()
}

pub struct Running {
    child: Child,
    pub addr: String,
}

impl Running {
    pub async fn start(data_dir: &Path) -> Running {
        Running::start_with(data_dir, &[]).await
    }

    pub async fn start_with(data_dir: &Path, flags: &[&str]) -> Running {
        let addr = free_addr();
        let mut command = if flags.contains(&"--database-url") {
            let mut named = Command::new(BINARY);
            named.arg("--data-dir").arg(data_dir);
            named
        } else {
            server_command(data_dir).await
        };
        let child = command
            .args(["--addr", &addr])
            .args(flags)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut running = Running { child, addr };
        let deadline = Instant::now() + Duration::from_secs(30);
        while running.health().await.is_none() {
            assert!(running.child.try_wait().unwrap().is_none(), "the server exited during start-up");
            assert!(Instant::now() < deadline, "the server did not become healthy");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        running
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub async fn health(&self) -> Option<serde_json::Value> {
        let response = reqwest::get(self.url("/healthz")).await.ok()?;
        (response.status() == 200).then_some(())?;
        response.json().await.ok()
    }

    /// Kills the server with SIGKILL: no chance to finish anything.
    pub fn kill_now(&self) {
        let pid = self.child.id().to_string();
        assert!(Command::new("kill").args(["-KILL", &pid]).status().unwrap().success());
    }

    pub fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
        self.child.wait().unwrap()
    }
}

/// Stops the server and waits until it is gone, so that a server started
/// next on the same data directory never finds its file still held.
impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A client that keeps cookies, like a browser.
pub fn client() -> Client {
    Client::builder().cookie_store(true).build().unwrap()
}

/// A running server seeded with the demo agency, and its data directory.
pub async fn demo_server() -> (Running, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start_with(dir.path(), &["--demo"]).await;
    (server, dir)
}

pub async fn sign_in(server: &Running, username: &str, password: &str) -> (Client, reqwest::Response) {
    let client = client();
    let response = client
        .post(server.url("/api/v1/auth/login"))
        .json(&json!({ "username": username, "password": password }))
        .send()
        .await
        .unwrap();
    (client, response)
}

/// A client signed in as a demo user.
pub async fn signed_in(server: &Running, username: &str) -> Client {
    let (client, response) = sign_in(server, username, kinerja_server::demo::DEMO_PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK, "{username} signs in");
    client
}

/// `GET path` as `client`, decoded as JSON.
pub async fn get_json(client: &Client, server: &Running, path: &str) -> serde_json::Value {
    client.get(server.url(path)).send().await.unwrap().json().await.unwrap()
}

/// An indicator of Seksi KDL as `PUT /api/v1/indicators/{id}` takes it:
/// positive, quarter targets per period, two decimals.
pub fn seksi_indicator(id: &str, code: &str, aggregation: &str, frequency: &str) -> serde_json::Value {
    json!({
        "id": id, "code": code, "name": format!("Indikator uji {code}"),
        "sasaran_id": null, "unit_of_measure": "indeks",
        "rule": { "polarity": "positive", "aggregation": aggregation, "target_mode": "per_period",
                  "frequency": frequency, "negative_formula": null, "decimals": 2 },
        "definition": "", "formula": "", "data_source": "",
        "responsible_unit_id": "demo-unit-seksi-kdl", "contributor_unit_ids": [],
        "baseline": null, "baseline_year": null, "end_target": null, "active": true
    })
}

/// A small deterministic generator, so a failure can be replayed.
pub struct Rng(pub u64);

impl Rng {
    /// A number below `below`.
    pub fn next(&mut self, below: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below
    }
}

/// A new op id: a UUIDv7, as a device makes them.
pub fn op_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// A new device id.
pub fn device_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// An op on the realisation of `indicator` (a demo code such as `iku-07`)
/// for `unit` (a demo code such as `seksi-kdl`) in `period`.
pub fn realisation_op(
    seq: i64,
    indicator: &str,
    unit: &str,
    period: &str,
    base_revision: i64,
    base: serde_json::Value,
    new: serde_json::Value,
) -> serde_json::Value {
    let key = json!({ "indicator_id": format!("demo-indicator-{indicator}"), "unit_id": format!("demo-unit-{unit}"), "period": period });
    op_on("realisation", key, seq, base_revision, base, new)
}

/// An op with a new id on the record `entity`, `key`.
pub fn op_on(
    entity: &str,
    key: serde_json::Value,
    seq: i64,
    base_revision: i64,
    base: serde_json::Value,
    new: serde_json::Value,
) -> serde_json::Value {
    json!({
        "op_id": op_id(), "seq": seq, "entity": entity, "key": key,
        "base_revision": base_revision, "base": base, "new": new,
        "client_time": "2026-11-24T08:00:00Z"
    })
}

/// The section head of Seksi KDL enters `value` as IKU-07's December
/// realisation of `year` (a first entry), so that the fourth quarter, the
/// second semester and the year have a realisation whatever the day; the
/// push must be applied.
pub async fn enter_december_value(server: &Running, year: i32, value: &str) {
    let kasi = signed_in(server, "kasi.kdl").await;
    let key = format!("{year}-12");
    let op = realisation_op(1, "iku-07", "seksi-kdl", &key, 0, json!({}), json!({ "value": value }));
    let (status, answer) = push(&kasi, server, &device_id(), &[op]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer["answers"][0]["outcome"], "applied", "{answer}");
}

/// Pushes `ops` from `device`; the status and the decoded body.
pub async fn push(
    client: &Client,
    server: &Running,
    device: &str,
    ops: &[serde_json::Value],
) -> (StatusCode, serde_json::Value) {
    let body = json!({ "protocol": 1, "device_id": device, "ops": ops });
    let response = client.post(server.url("/api/v1/sync/push")).json(&body).send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or_default())
}

/// Every record the client may pull, following the cursor to the end.
pub async fn pull_all(client: &Client, server: &Running) -> Vec<serde_json::Value> {
    let mut records = Vec::new();
    let mut cursor = 0;
    loop {
        let page = get_json(client, server, &format!("/api/v1/sync/pull?cursor={cursor}&limit=2000")).await;
        records.extend(page["records"].as_array().unwrap().iter().cloned());
        cursor = page["cursor"].as_i64().unwrap();
        if !page["more"].as_bool().unwrap() {
            return records;
        }
    }
}

/// The server binary with `data_dir`, on the suite's database: with
/// `KINERJA_TEST_BACKEND=postgres` the PostgreSQL database standing for
/// `data_dir` is named too.
pub async fn server_command(data_dir: &Path) -> Command {
    let mut command = Command::new(BINARY);
    command.arg("--data-dir").arg(data_dir);
    if let Some(url) = postgres::backend_for(data_dir).await {
        command.args(["--database-url", &url]);
    }
    command
}

/// The server's database opened in this process, on the suite's backend.
pub async fn open_db(data_dir: &Path) -> kinerja_server::db::Db {
    match postgres::backend_for(data_dir).await {
        Some(url) => kinerja_server::db::open_postgres(&url).await.unwrap(),
        None => kinerja_server::db::open(data_dir).await.unwrap(),
    }
}

/// True, after saying so, when the suite runs on PostgreSQL and `test` is
/// about the data directory's SQLite file (its backups, restore, check,
/// checkpoints, owner lock, file migrations), which PostgreSQL replaces
/// with its own tools.
pub fn file_only(test: &str) -> bool {
    let on_postgres = postgres::serving();
    if on_postgres {
        eprintln!("{test}: about the SQLite file, not run on PostgreSQL");
    }
    on_postgres
}

/// Opens the server's database read-only, to look at what was stored.
pub async fn database(data_dir: &Path) -> sqlx::AnyPool {
    connect(data_dir, "?mode=ro").await
}

/// Opens the server's database to write into it behind the server's back.
pub async fn database_writable(data_dir: &Path) -> sqlx::AnyPool {
    connect(data_dir, "").await
}

async fn connect(data_dir: &Path, sqlite_options: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    let url = match postgres::backend_for(data_dir).await {
        Some(url) => url,
        None => format!("sqlite://{}{sqlite_options}", data_dir.join(kinerja_server::db::DB_FILE).display()),
    };
    sqlx::any::AnyPoolOptions::new().max_connections(2).connect(&url).await.unwrap()
}

/// The number of rows of `table` in the server's database.
pub async fn count(pool: &sqlx::AnyPool, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(pool).await.unwrap()
}

/// The names of the database's tables, the migrations' bookkeeping included.
pub async fn tables(pool: &sqlx::AnyPool) -> Vec<String> {
    let sql = if postgres::serving() {
        "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
    } else {
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
    };
    sqlx::query_scalar(sql).fetch_all(pool).await.unwrap()
}

/// Every row of `table` as text, in a fixed order: equal snapshots mean
/// the table was not changed.
pub async fn snapshot(pool: &sqlx::AnyPool, table: &str) -> String {
    if postgres::serving() {
        let sql = format!("SELECT COALESCE(string_agg(t::text, E'\\n' ORDER BY t::text), '') FROM {table} t");
        return sqlx::query_scalar(&sql).fetch_one(pool).await.unwrap();
    }
    let columns: Vec<String> = sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{table}')"))
        .fetch_all(pool)
        .await
        .unwrap();
    let quoted: Vec<String> = columns.iter().map(|c| format!("quote({c})")).collect();
    let sql = format!(
        "SELECT COALESCE(group_concat(row, char(10)), '') FROM (SELECT {} AS row FROM {table} ORDER BY rowid)",
        quoted.join(" || ',' || ")
    );
    sqlx::query_scalar(&sql).fetch_one(pool).await.unwrap()
}

/// The tables a sync write may touch, snapshotted together.
pub async fn sync_tables(pool: &sqlx::AnyPool) -> Vec<String> {
    let mut all = Vec::new();
    for table in [
        "realisations",
        "budget_realisations",
        "evidence_refs",
        "evidence_files",
        "sync_records",
        "sync_ops",
        "sync_devices",
        "conflicts",
        "audit_log",
        "period_locks",
    ] {
        all.push(snapshot(pool, table).await);
    }
    all
}

/// Sends the request `make` builds, trying again (up to ten times) when no
/// answer comes: a body over a limit is refused before it is read and the
/// server then closes the connection, which the client — still sending —
/// may see before the answer. Nothing is written by such a request.
pub async fn answer_despite_early_close(make: impl Fn() -> reqwest::RequestBuilder) -> reqwest::Response {
    for _ in 0..10 {
        if let Ok(response) = make().send().await {
            return response;
        }
    }
    panic!("no answer in ten tries");
}

/// Sends `request`, checks its status is `want`, and answers its JSON body.
pub async fn call(request: reqwest::RequestBuilder, want: reqwest::StatusCode) -> serde_json::Value {
    let response = request.send().await.unwrap();
    let status = response.status();
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(status, want, "{body}");
    body
}

/// `METHOD /path` for every `.route(…)` of the app's router, with `/api/v1`
/// before the API's own paths, and of the metrics listener's.
pub fn routes_of_router() -> std::collections::BTreeSet<String> {
    let app = include_str!("../../src/http/mod.rs");
    let mut routes = routes_in(app, app.find("fn api()").expect("the API router"));
    routes.extend(routes_in(include_str!("../../src/metrics.rs"), usize::MAX));
    routes
}

/// The routes in `source`, those after `api_starts` under `/api/v1`.
fn routes_in(source: &str, api_starts: usize) -> std::collections::BTreeSet<String> {
    let mut routes = std::collections::BTreeSet::new();
    for (at, _) in source.match_indices(".route(") {
        let rest = &source[at + ".route(".len()..];
        let path = rest.split('"').nth(1).expect("a route's path");
        let mut depth = 1;
        let end = rest
            .char_indices()
            .find(|&(_, c)| {
                depth += match c {
                    '(' => 1,
                    ')' => -1,
                    _ => 0,
                };
                depth == 0
            })
            .map_or(rest.len(), |(i, _)| i);
        let handlers = &rest[..end];
        let prefix = if at > api_starts { "/api/v1" } else { "" };
        for method in ["get", "post", "put", "delete", "patch"] {
            let called = handlers
                .match_indices(&format!("{method}("))
                .any(|(i, _)| i == 0 || !handlers[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_'));
            if called {
                routes.insert(format!("{} {prefix}{path}", method.to_uppercase()));
            }
        }
    }
    routes
}

/// 500 ops on distinct records (the `round`-th block of years, from 2040),
/// two fields each.
pub fn distinct_ops(round: usize) -> Vec<serde_json::Value> {
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

/// Checks that `rounds` rounds of `distinct_ops` took effect exactly once:
/// each op logged once, each of its two fields audited once, each record
/// at revision 1.
pub async fn check_exactly_once(pool: &sqlx::AnyPool, rounds: i64) {
    assert_eq!(count(pool, "sync_ops").await, 500 * rounds);
    let twice: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT op_id FROM audit_log WHERE op_id IS NOT NULL GROUP BY op_id, field \
         HAVING COUNT(*) > 1) AS twice",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(twice, 0, "no field change was applied twice");
    let synced: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'sync'")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(synced, 1000 * rounds, "two fields per op, once each");
    let revisions: Vec<i64> =
        sqlx::query_scalar("SELECT revision FROM realisations WHERE year >= 2040 GROUP BY revision")
            .fetch_all(pool)
            .await
            .unwrap();
    assert_eq!(revisions, [1], "every record changed exactly once");
}

/// A file's SHA-256 in hex, the name the evidence store keeps it under.
pub fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
