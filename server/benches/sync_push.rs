//! Benchmark: sync pushes of 100-op batches from N concurrent clients
//! (N = 1, 10, 50) to the real server binary on loopback, with its SQLite
//! file, each client editing its own records (every op a real change, as a
//! device does after it has pulled). Prints ops/s, p50 and p99 push latency
//! and the ratio to a raw SQLite upsert of the same rows, 100 per
//! transaction, measured in the same run on a file opened the same way,
//! before the clients start (the best of three passes: the ratio errs low).
//!
//! Run: `cargo bench -p kinerja-server --bench sync_push`
//! Targets (issue 4): ops/s at least 0.3 of raw; p99 under 100 ms at N = 50.
//!
//! With `KINERJA_BENCH_POSTGRES_URL` naming a PostgreSQL server (a URL of
//! its `postgres` database; databases are created beside it), the N = 50
//! and paced rounds run again on PostgreSQL with one and with three server
//! instances (client c pushes to instance c mod 3), each against a raw
//! PostgreSQL upsert of the same rows on that server in the same run.
//!
//! Every client pushes again as soon as it is answered, so at N clients a
//! push waits for the others' N − 1 batches: no server can answer the last
//! of N simultaneous batches sooner than N × 100 rows at the raw rate.
//! That floor is printed beside p99 ("raw floor").
//!
//! A last round paces the 50 clients as devices rather than a load
//! generator: each sends one push a second, the 50 spread over the second,
//! and a push's latency counts from when it was due, so a late start is
//! not hidden. It prints the offered rate as a share of the N = 50
//! throughput, and p50/p99 at that load.

use kinerja_core::api::sync::{Op, Push, PushAnswer};
use kinerja_core::domain::merge::{Fields, Outcome};
use kinerja_core::domain::period::Period;
use kinerja_core::domain::realisation::Realisation;
use kinerja_core::domain::sync::Key;
use reqwest::Client;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BATCH: usize = 100;

/// The server's allocator, so that the raw baseline in this process is
/// measured with the same one.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Years the benchmark writes: all the app allows but last year, whose
/// periods the demo's approved cycles lock.
fn open_years() -> Vec<i32> {
    let locked = time::OffsetDateTime::now_utc().year() - 1;
    kinerja_core::domain::period::YEARS.filter(|year| *year != locked).collect()
}

/// Record `n` of those the demo's monthly indicators allow in the open years.
fn record(monthly: &[(String, String)], n: usize) -> (String, String, Period) {
    let years = open_years();
    let (indicator, unit) = &monthly[n % monthly.len()];
    let month = (n / monthly.len()) % 12 + 1;
    let year = years[(n / (monthly.len() * 12)) % years.len()];
    (indicator.clone(), unit.clone(), Period::month(year, month as u8).unwrap())
}

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn start(dir: &std::path::Path, database: Option<&str>) -> Server {
    let addr = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().to_string();
    let child = Command::new(env!("CARGO_BIN_EXE_kinerja-server"))
        .args(["--addr", &addr, "--demo", "--pushes-per-minute", "1000000", "--log", "warn", "--data-dir"])
        .arg(dir)
        .args(database.iter().flat_map(|url| ["--database-url", url]))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server { child, addr };
    let deadline = Instant::now() + Duration::from_secs(60);
    while reqwest::get(format!("http://{}/healthz", server.addr)).await.is_err() {
        assert!(Instant::now() < deadline, "the server did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    server
}

async fn sign_in(addr: &str) -> Client {
    let client = Client::builder().cookie_store(true).build().unwrap();
    let credentials = json!({ "username": "staf.evaluasi", "password": kinerja_server::demo::DEMO_PASSWORD });
    let response =
        client.post(format!("http://{addr}/api/v1/auth/login")).json(&credentials).send().await.unwrap();
    assert!(response.status().is_success());
    client
}

/// Every record's revision and value, by record number, as a device learns them by pulling.
async fn pull_state(addr: &str, client: &Client) -> HashMap<(String, String, Period), (i64, Option<String>)> {
    let mut state = HashMap::new();
    let mut cursor = 0;
    loop {
        let url = format!("http://{addr}/api/v1/sync/pull?cursor={cursor}&limit=2000");
        let page: Value = client.get(url).send().await.unwrap().json().await.unwrap();
        for record in page["records"].as_array().unwrap() {
            let key = &record["key"];
            let id = |field: &str| key[field].as_str().unwrap_or_default().to_owned();
            let period = key["period"].as_str().unwrap().parse().unwrap();
            let value = record["values"]["value"].as_str().map(str::to_owned);
            state.insert(
                (id("indicator_id"), id("unit_id"), period),
                (record["revision"].as_i64().unwrap(), value),
            );
        }
        cursor = page["cursor"].as_i64().unwrap();
        if !page["more"].as_bool().unwrap() {
            return state;
        }
    }
}

/// When a client's pushes are due: as soon as the last is answered, or at
/// `first`, `first + every`, ….
#[derive(Clone, Copy)]
enum Pace {
    Flat,
    Every { first: Instant, every: Duration },
}

/// One client: `pushes` pushes of 100 ops over its own records `keys`,
/// starting from their pulled revisions and values. It builds and reads the
/// wire types themselves, as the app does, so its own share of the two
/// cores stays small.
async fn client_run(
    addr: String,
    client: Client,
    keys: Vec<usize>,
    start: Vec<(i64, Option<String>)>,
    pushes: usize,
    round: usize,
    pace: Pace,
) -> Vec<Duration> {
    let device = uuid::Uuid::new_v4().to_string();
    let monthly = kinerja_server::demo::monthly_indicators();
    let (mut revisions, mut values): (Vec<i64>, Vec<Option<String>>) = start.into_iter().unzip();
    let url = format!("http://{addr}/api/v1/sync/push");
    let mut latencies = Vec::with_capacity(pushes);
    let mut seq = 0;
    for p in 0..pushes {
        let slots: Vec<usize> = (0..BATCH).map(|i| (p * BATCH + i) % keys.len()).collect();
        let ops: Vec<Op> = slots
            .iter()
            .map(|&slot| {
                seq += 1;
                let (indicator_id, unit_id, period) = record(&monthly, keys[slot]);
                Op {
                    op_id: uuid::Uuid::now_v7().to_string(),
                    seq,
                    key: Key::Realisation { indicator_id, unit_id, period },
                    base_revision: revisions[slot],
                    base: Fields::from([("value".to_owned(), values[slot].clone())]),
                    new: Fields::from([("value".to_owned(), Some(format!("{}", round * 10_000 + p)))]),
                    client_time: "2026-11-24T08:00:00Z".to_owned(),
                }
            })
            .collect();
        let request =
            client.post(&url).json(&Push { protocol: 1, device_id: device.clone(), instance_id: None, ops });
        let started = match pace {
            Pace::Flat => Instant::now(),
            Pace::Every { first, every } => {
                let due = first + every * p as u32;
                tokio::time::sleep_until(due.into()).await;
                due
            }
        };
        let response = request.send().await.unwrap();
        assert!(response.status().is_success(), "push refused: {}", response.status());
        let answer: PushAnswer = response.json().await.unwrap();
        latencies.push(started.elapsed());
        for (slot, answer) in slots.iter().zip(answer.answers) {
            assert_eq!(answer.outcome, Outcome::Applied, "{answer:?}");
            revisions[*slot] = answer.revision;
            values[*slot] = answer.state.get("value").cloned().flatten();
        }
    }
    latencies
}

/// The raw baseline's connection to a database the server made, with the
/// server's settings (WAL, a full sync at every commit).
async fn raw_database(data_dir: &std::path::Path) -> sqlx::SqlitePool {
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(data_dir.join(kinerja_server::db::DB_FILE))
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
        .synchronous(sqlx::sqlite::SqliteSynchronous::Full)
        .foreign_keys(true);
    sqlx::SqlitePool::connect_with(options).await.unwrap()
}

/// The baseline: a raw upsert of realised values, one statement per row, in
/// one transaction — no op log, no merge, no audit, no change feed.
async fn raw_upsert_realisations<DB: sqlx::Database>(
    pool: &sqlx::Pool<DB>,
    items: &[Realisation],
) -> Result<(), sqlx::Error>
where
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<String>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> i32: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    let mut tx = pool.begin().await?;
    let now = kinerja_server::db::stamp(time::OffsetDateTime::now_utc());
    for item in items {
        sqlx::query(
            "INSERT INTO realisations (indicator_id, unit_id, period, year, value, analisis, kendala, \
             tindak_lanjut, revision, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9) \
             ON CONFLICT (indicator_id, unit_id, period) DO UPDATE SET value = excluded.value, \
             analisis = excluded.analisis, revision = realisations.revision + 1, updated_at = excluded.updated_at",
        )
        .bind(item.indicator_id.as_str())
        .bind(item.unit_id.as_str())
        .bind(item.period.to_string())
        .bind(item.period.year_number())
        .bind(item.value.map(|v| v.to_string()))
        .bind(item.analisis.as_str())
        .bind(item.kendala.as_str())
        .bind(item.tindak_lanjut.as_str())
        .bind(now.as_str())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The rows round `round` of `clients` clients × `pushes` pushes writes,
/// one batch per push, each client on its own records.
fn round_rows(
    monthly: &[(String, String)],
    clients: usize,
    pushes: usize,
    round: usize,
    per_client: usize,
) -> Vec<Vec<Realisation>> {
    (0..clients * pushes)
        .map(|push| {
            let client = push % clients;
            (0..BATCH)
                .map(|i| {
                    let (indicator_id, unit_id, period) =
                        record(monthly, client * per_client + (push * BATCH + i) % per_client);
                    Realisation {
                        indicator_id,
                        unit_id,
                        period,
                        value: Some(rust_decimal::Decimal::from((round * 10_000 + push) as i64)),
                        analisis: String::new(),
                        kendala: String::new(),
                        tindak_lanjut: String::new(),
                    }
                })
                .collect()
        })
        .collect()
}

/// The raw rate of `rows` on `pool`: the best of three passes.
async fn raw_rate<DB: sqlx::Database>(pool: &sqlx::Pool<DB>, rows: &[Vec<Realisation>]) -> f64
where
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<String>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> i32: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let started = Instant::now();
        for batch in rows {
            raw_upsert_realisations(pool, batch).await.unwrap();
        }
        best = best.min(started.elapsed());
    }
    (rows.len() * BATCH) as f64 / best.as_secs_f64()
}

const HEADER: [&str; 8] = ["N", "ops", "ops/s", "p50 ms", "p99 ms", "raw rows/s", "ratio", "raw floor ms"];

fn print_header() {
    let h = HEADER;
    println!(
        "{:>4} {:>8} {:>10} {:>9} {:>9} {:>11} {:>7} {:>15}",
        h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]
    );
}

/// Runs a flat round of `clients` against `addrs` and prints its line
/// beside `raw` (rows/s); returns the round's ops/s.
async fn flat_round(addrs: &[String], clients: usize, round: usize, raw: f64) -> f64 {
    let pushes = (200 / clients).max(10);
    let per_client = total_keys() / clients;
    let ops = clients * pushes * BATCH;
    let (elapsed, latencies) = run_round(addrs, clients, per_client, pushes, round, |_, _| Pace::Flat).await;
    let rate = ops as f64 / elapsed.as_secs_f64();
    println!(
        "{clients:>4} {ops:>8} {rate:>10.0} {:>9.1} {:>9.1} {raw:>11.0} {:>7.2} {:>15.1}",
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99)),
        rate / raw,
        (clients * BATCH) as f64 / raw * 1000.0
    );
    rate
}

/// 50 clients as devices, one push a second each, against `addrs`.
async fn paced_round(addrs: &[String], round: usize, flat_rate: f64) {
    let (clients, pushes, every) = (50, 10, Duration::from_secs(1));
    let (_, latencies) = run_round(addrs, clients, total_keys() / clients, pushes, round, |c, start| {
        Pace::Every { first: start + every * c as u32 / clients as u32, every }
    })
    .await;
    let offered = (clients * BATCH) as f64 / every.as_secs_f64();
    println!(
        "paced: {clients} clients, one push a second each ({offered:.0} ops/s, {:.2} of the N = 50 rate): \
         p50 {:.1} ms, p99 {:.1} ms",
        offered / flat_rate,
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99)),
    );
}

fn total_keys() -> usize {
    kinerja_server::demo::monthly_indicators().len() * 12 * open_years().len()
}

#[tokio::main]
async fn main() {
    let server_dir = tempfile::tempdir().unwrap();
    let server = start(server_dir.path(), None).await;
    let raw_dir = tempfile::tempdir().unwrap();
    let seeded = kinerja_server::db::open(raw_dir.path()).await.unwrap();
    kinerja_server::demo::seed(&seeded, time::OffsetDateTime::now_utc().date()).await.unwrap();
    seeded.close().await;
    let raw = raw_database(raw_dir.path()).await;

    println!("sync push benchmark: batches of {BATCH} ops, each a real change of a realised value");
    println!("SQLite, one server:");
    print_header();
    let monthly = kinerja_server::demo::monthly_indicators();
    let addrs = [server.addr.clone()];
    let mut flat_rate = 0.0;
    for (round, clients) in [1usize, 10, 50].into_iter().enumerate() {
        let rows = round_rows(&monthly, clients, (200 / clients).max(10), round, total_keys() / clients);
        let raw_rate = raw_rate(&raw, &rows).await;
        flat_rate = flat_round(&addrs, clients, round, raw_rate).await;
    }
    paced_round(&addrs, 3, flat_rate).await;
    drop(server);
    if let Ok(url) = std::env::var("KINERJA_BENCH_POSTGRES_URL") {
        for instances in [1, 3] {
            postgres_rounds(&url, instances).await;
        }
    }
}

/// The N = 50 and paced rounds on a new PostgreSQL database beside `url`,
/// served by `instances` instances, against a raw upsert on another.
async fn postgres_rounds(url: &str, instances: usize) {
    use sqlx::Connection;
    let (base, _) = url.rsplit_once('/').expect("a URL with a database");
    let stamp = std::process::id();
    let (served, raw) = (format!("bench_{stamp}_{instances}"), format!("bench_{stamp}_{instances}_raw"));
    let mut admin = sqlx::PgConnection::connect(url).await.unwrap();
    for name in [&served, &raw] {
        sqlx::query(&format!("CREATE DATABASE {name} LOCALE 'C' TEMPLATE template0"))
            .execute(&mut admin)
            .await
            .unwrap();
    }
    let (served, raw) = (format!("{base}/{served}"), format!("{base}/{raw}"));
    let seeded = kinerja_server::db::open_postgres(&raw).await.unwrap();
    kinerja_server::demo::seed(&seeded, time::OffsetDateTime::now_utc().date()).await.unwrap();
    seeded.close().await;
    let raw_pool = sqlx::PgPool::connect(&raw).await.unwrap();
    let dirs: Vec<_> = (0..instances).map(|_| tempfile::tempdir().unwrap()).collect();
    let mut servers = Vec::new();
    for dir in &dirs {
        servers.push(start(dir.path(), Some(&served)).await);
    }
    let addrs: Vec<String> = servers.iter().map(|s| s.addr.clone()).collect();
    println!("PostgreSQL, {instances} instance(s):");
    print_header();
    let monthly = kinerja_server::demo::monthly_indicators();
    let clients = 50;
    let rows = round_rows(&monthly, clients, (200 / clients).max(10), 2, total_keys() / clients);
    let raw_rate = raw_rate(&raw_pool, &rows).await;
    let flat_rate = flat_round(&addrs, clients, 2, raw_rate).await;
    paced_round(&addrs, 3, flat_rate).await;
    raw_pool.close().await;
}

/// Signs `clients` clients in (client c at `addrs[c mod len]`), gives each
/// its own `per_client` records as pulled, runs their `pushes` pushes at `pace(client, start)`, and returns
/// the time from start to the last answer and every push's latency, sorted.
async fn run_round(
    addrs: &[String],
    clients: usize,
    per_client: usize,
    pushes: usize,
    round: usize,
    pace: impl Fn(usize, Instant) -> Pace,
) -> (Duration, Vec<Duration>) {
    let monthly = kinerja_server::demo::monthly_indicators();
    let mut sessions = Vec::new();
    for c in 0..clients {
        sessions.push(sign_in(&addrs[c % addrs.len()]).await);
    }
    let state = pull_state(&addrs[0], &sessions[0]).await;
    let started = Instant::now();
    let tasks: Vec<_> = sessions
        .into_iter()
        .enumerate()
        .map(|(c, client)| {
            let keys: Vec<usize> = (c * per_client..(c + 1) * per_client).collect();
            let start =
                keys.iter().map(|&n| state.get(&record(&monthly, n)).cloned().unwrap_or((0, None))).collect();
            let addr = addrs[c % addrs.len()].clone();
            tokio::spawn(client_run(addr, client, keys, start, pushes, round, pace(c, started)))
        })
        .collect();
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.unwrap());
    }
    let elapsed = started.elapsed();
    latencies.sort();
    (elapsed, latencies)
}
