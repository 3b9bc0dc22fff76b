//! PostgreSQL beside SQLite (issue 22): the two sets of migrations leave the
//! same schema, `kinerja-server copy-to` moves an agency into an empty
//! PostgreSQL database row for row, whose reports are then the same — or
//! refuses, and changes nothing; instances on one database share its
//! identity, feed, sessions and rate limits. Run
//! against the real PostgreSQL server `cargo xtask test` starts.

use crate::common::postgres::{fresh_database, fresh_database_with};
use crate::common::{
    BINARY, Running, demo_server, device_id, file_only, get_json, op_on, pull_all, push, realisation_op,
    seksi_indicator, sign_in, signed_in,
};
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::{PgPool, Row, SqlitePool};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output};

/// What the comparison sees of a table.
#[derive(Debug, Default, PartialEq, Eq)]
struct Table {
    /// Name, kind of value, NOT NULL (a primary key's columns count as such).
    columns: Vec<(String, &'static str, bool)>,
    primary_key: Vec<String>,
    /// Columns → referenced table and columns.
    foreign_keys: BTreeSet<(String, String, String)>,
    unique: BTreeSet<String>,
    indexes: BTreeSet<String>,
    /// How many CHECK constraints guard the table's values.
    checks: i64,
    moves_reference_version: bool,
}

fn kind(declared: &str) -> &'static str {
    match declared.to_ascii_lowercase().as_str() {
        "integer" | "bigint" => "integer",
        "text" => "text",
        "blob" | "bytea" => "bytes",
        other => panic!("a column of type {other}, which the two schemas do not share"),
    }
}

/// The data directory's SQLite file, read-only.
async fn sqlite_file(data_dir: &Path) -> SqlitePool {
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(data_dir.join(kinerja_server::db::DB_FILE))
        .read_only(true);
    SqlitePool::connect_with(options).await.unwrap()
}

async fn sqlite_schema(pool: &SqlitePool) -> BTreeMap<String, Table> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut schema = BTreeMap::new();
    for name in names {
        let mut table = Table::default();
        let columns: Vec<(String, String, i64, i64)> =
            sqlx::query_as(r#"SELECT name, type, "notnull", pk FROM pragma_table_info(?) ORDER BY cid"#)
                .bind(&name)
                .fetch_all(pool)
                .await
                .unwrap();
        let mut key: Vec<(i64, String)> = Vec::new();
        for (column, declared, not_null, pk) in columns {
            table.columns.push((column.clone(), kind(&declared), not_null == 1 || pk > 0));
            if pk > 0 {
                key.push((pk, column));
            }
        }
        key.sort();
        table.primary_key = key.into_iter().map(|(_, column)| column).collect();
        let references: Vec<(i64, String, String, String)> = sqlx::query_as(
            r#"SELECT id, "table", "from", "to" FROM pragma_foreign_key_list(?) ORDER BY id, seq"#,
        )
        .bind(&name)
        .fetch_all(pool)
        .await
        .unwrap();
        let mut grouped: BTreeMap<i64, (Vec<String>, String, Vec<String>)> = BTreeMap::new();
        for (id, parent, from, to) in references {
            let entry = grouped.entry(id).or_insert_with(|| (Vec::new(), parent, Vec::new()));
            entry.0.push(from);
            entry.2.push(to);
        }
        table.foreign_keys =
            grouped.into_values().map(|(from, parent, to)| (from.join(","), parent, to.join(","))).collect();
        let uniques: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_index_list(?) WHERE origin = 'u'")
                .bind(&name)
                .fetch_all(pool)
                .await
                .unwrap();
        for index in uniques {
            let columns: Vec<String> =
                sqlx::query_scalar("SELECT name FROM pragma_index_info(?) ORDER BY seqno")
                    .bind(&index)
                    .fetch_all(pool)
                    .await
                    .unwrap();
            table.unique.insert(columns.join(","));
        }
        table.indexes = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        )
        .bind(&name)
        .fetch_all(pool)
        .await
        .unwrap()
        .into_iter()
        .collect();
        let created: String =
            sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")
                .bind(&name)
                .fetch_one(pool)
                .await
                .unwrap();
        table.checks = created.matches("CHECK (").count() as i64;
        table.moves_reference_version = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?)",
        )
        .bind(&name)
        .fetch_one(pool)
        .await
        .unwrap();
        schema.insert(name, table);
    }
    schema
}

/// The columns of a constraint of `kind` ('p', 'u' or 'f') per constraint,
/// with the referenced table and columns for a foreign key.
async fn pg_constraints(pool: &PgPool, table: &str, kind: &str) -> Vec<(String, String, String)> {
    sqlx::query_as(
        "SELECT string_agg(a.attname::text, ',' ORDER BY k.n), \
                COALESCE(MIN(c.confrelid::regclass::text), ''), \
                COALESCE(string_agg(f.attname::text, ',' ORDER BY k.n), '') \
         FROM pg_constraint c \
         CROSS JOIN LATERAL unnest(c.conkey, COALESCE(c.confkey, c.conkey)) WITH ORDINALITY AS k(attnum, fattnum, n) \
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum \
         LEFT JOIN pg_attribute f ON c.contype = 'f' AND f.attrelid = c.confrelid AND f.attnum = k.fattnum \
         WHERE c.conrelid = $1::regclass AND c.contype = $2::\"char\" \
         GROUP BY c.oid",
    )
    .bind(table)
    .bind(kind)
    .fetch_all(pool)
    .await
    .unwrap()
}

async fn pg_schema(pool: &PgPool) -> BTreeMap<String, Table> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut schema = BTreeMap::new();
    for name in names {
        let mut table = Table::default();
        let columns: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT column_name::text, data_type::text, is_nullable::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
        )
        .bind(&name)
        .fetch_all(pool)
        .await
        .unwrap();
        table.columns = columns
            .into_iter()
            .map(|(column, declared, nullable)| (column, kind(&declared), nullable == "NO"))
            .collect();
        table.primary_key = pg_constraints(pool, &name, "p")
            .await
            .pop()
            .map(|(columns, _, _)| columns.split(',').map(str::to_owned).collect())
            .unwrap_or_default();
        table.foreign_keys = pg_constraints(pool, &name, "f").await.into_iter().collect();
        table.unique =
            pg_constraints(pool, &name, "u").await.into_iter().map(|(columns, _, _)| columns).collect();
        table.indexes = sqlx::query_scalar(
            "SELECT indexname::text FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1 \
             AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass)",
        )
        .bind(&name)
        .fetch_all(pool)
        .await
        .unwrap()
        .into_iter()
        .collect();
        table.checks = sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'c'",
        )
        .bind(&name)
        .fetch_one(pool)
        .await
        .unwrap();
        table.moves_reference_version = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM information_schema.triggers \
             WHERE event_object_schema = current_schema() AND event_object_table = $1)",
        )
        .bind(&name)
        .fetch_one(pool)
        .await
        .unwrap();
        schema.insert(name, table);
    }
    schema
}

#[tokio::test]
async fn the_two_sets_of_migrations_leave_the_same_schema() {
    let Some(url) = fresh_database("schema_parity").await else { return };
    let dir = tempfile::tempdir().unwrap();
    kinerja_server::db::open(dir.path()).await.unwrap().close().await;
    let sqlite = sqlite_schema(&sqlite_file(dir.path()).await).await;
    let postgres = kinerja_server::db::connect_postgres(&url).await.unwrap();
    let migrated = pg_schema(&postgres).await;
    assert!(sqlite.len() > 25, "the whole schema is compared: {:?}", sqlite.keys());
    let tables = || sqlite.values();
    assert!(tables().any(|t| !t.foreign_keys.is_empty()) && tables().any(|t| !t.indexes.is_empty()));
    assert!(tables().map(|t| t.checks).sum::<i64>() > 15, "CHECK constraints are counted");
    assert!(
        tables().any(|t| !t.unique.is_empty()) && tables().filter(|t| t.moves_reference_version).count() == 4
    );
    for (name, table) in &sqlite {
        assert_eq!(Some(table), migrated.get(name), "table {name}: SQLite, then PostgreSQL");
    }
    assert_eq!(sqlite.keys().collect::<Vec<_>>(), migrated.keys().collect::<Vec<_>>());
    // Connecting again applies nothing twice.
    kinerja_server::db::connect_postgres(&url).await.unwrap();
}

/// One stored value, read the same way from both databases.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Cell {
    Integer(Option<i64>),
    Text(Option<String>),
    Bytes(Option<Vec<u8>>),
}

/// The rows as cells, sorted, so that two databases' rows compare in any order.
fn sorted<'r, R>(rows: &'r [R], kinds: &[&str]) -> Vec<Vec<Cell>>
where
    R: Row,
    usize: sqlx::ColumnIndex<R>,
    i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    Vec<u8>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    let mut cells: Vec<Vec<Cell>> = rows
        .iter()
        .map(|row| {
            kinds
                .iter()
                .enumerate()
                .map(|(i, kind)| match *kind {
                    "integer" => Cell::Integer(row.try_get(i).unwrap()),
                    "text" => Cell::Text(row.try_get(i).unwrap()),
                    _ => Cell::Bytes(row.try_get(i).unwrap()),
                })
                .collect()
        })
        .collect();
    cells.sort();
    cells
}

/// Every table's rows, sorted, from both databases.
async fn contents(
    sqlite: &SqlitePool,
    postgres: &PgPool,
) -> (BTreeMap<String, Vec<Vec<Cell>>>, BTreeMap<String, Vec<Vec<Cell>>>) {
    let schema = pg_schema(postgres).await;
    let (mut from, mut to) = (BTreeMap::new(), BTreeMap::new());
    for (name, table) in schema {
        let names = table.columns.iter().map(|(column, _, _)| column.as_str()).collect::<Vec<_>>().join(", ");
        let kinds: Vec<&str> = table.columns.iter().map(|(_, kind, _)| *kind).collect();
        let select = format!("SELECT {names} FROM {name}");
        from.insert(name.clone(), sorted(&sqlx::query(&select).fetch_all(sqlite).await.unwrap(), &kinds));
        to.insert(name, sorted(&sqlx::query(&select).fetch_all(postgres).await.unwrap(), &kinds));
    }
    (from, to)
}

fn copy_to(data_dir: &Path, url: &str) -> Output {
    Command::new(BINARY)
        .args(["copy-to", "--database-url", url, "--data-dir"])
        .arg(data_dir)
        .output()
        .unwrap()
}

fn refused(output: &Output, because: &str) {
    let said = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{said}");
    assert!(said.contains(because), "{said}");
}

/// Every report of last year and this year as the sekretaris gets it: each
/// quarter's, semester's and the annual report's JSON and its CSV export.
async fn compiled_reports(server: &Running) -> Vec<(String, Vec<u8>)> {
    let sekretaris = signed_in(server, "sekretaris").await;
    let year = time::OffsetDateTime::now_utc().year();
    let mut reports = Vec::new();
    for year in [year - 1, year] {
        let periods =
            (1..=4).map(|n| ("quarter", n)).chain([("semester", 1), ("semester", 2), ("annual", 1)]);
        for (kind, n) in periods {
            for path in [
                format!("/api/v1/reports/{kind}/{year}/{n}"),
                format!("/api/v1/reports/{kind}/{year}/{n}/export/csv"),
            ] {
                let answer = sekretaris.get(server.url(&path)).send().await.unwrap();
                assert_eq!(answer.status(), reqwest::StatusCode::OK, "{path}");
                reports.push((path, answer.bytes().await.unwrap().to_vec()));
            }
        }
    }
    reports
}

#[tokio::test]
async fn copy_to_moves_every_row_into_an_empty_database_or_refuses() {
    if file_only("copy_to") {
        return;
    }
    let Some(url) = fresh_database("copy_to").await else { return };
    let (server, dir) = demo_server().await;
    let photo = [&[0xFF, 0xD8, 0xFF, 0xE0][..], b"foto pindah ke PostgreSQL"].concat();
    let sha: String = Sha256::digest(&photo).iter().map(|b| format!("{b:02x}")).collect();
    let kasi = signed_in(&server, "kasi.kdl").await;
    let uploaded = kasi
        .put(server.url(&format!("/api/v1/evidence/{sha}")))
        .header("content-type", "image/jpeg")
        .body(photo.clone())
        .send()
        .await
        .unwrap();
    assert!(uploaded.status().is_success());

    let before = compiled_reports(&server).await;

    // Not while a server holds the data directory.
    refused(&copy_to(dir.path(), &url), "another kinerja-server process");
    server.terminate();
    refused(&copy_to(dir.path(), "mysql://root:s3cret@db/kinerja"), "not a PostgreSQL URL");
    let no_password = copy_to(dir.path(), "mysql://root:s3cret@db/kinerja");
    assert!(!String::from_utf8_lossy(&no_password.stderr).contains("s3cret"));

    let copied = copy_to(dir.path(), &url);
    assert!(copied.status.success(), "{}", String::from_utf8_lossy(&copied.stderr));
    let sqlite = sqlite_file(dir.path()).await;
    let postgres = PgPool::connect(&url).await.unwrap();
    let (from, to) = contents(&sqlite, &postgres).await;
    let rows: usize = from.values().map(Vec::len).sum();
    assert!(rows > 500, "the demo agency is copied: {rows} rows");
    for (table, rows) in &from {
        assert_eq!(Some(rows), to.get(table), "{table}: every row, every value");
    }
    let file: Vec<u8> = sqlx::query_scalar("SELECT content FROM evidence_files WHERE sha256 = $1")
        .bind(&sha)
        .fetch_one(&postgres)
        .await
        .unwrap();
    assert_eq!(file, photo, "evidence files keep their bytes");

    // Numbers given by the database go on after the copied ones.
    let last: i64 = sqlx::query_scalar("SELECT MAX(id) FROM audit_log").fetch_one(&sqlite).await.unwrap();
    let next: i64 = sqlx::query_scalar(
        "INSERT INTO audit_log (at, user_id, action, entity, record_key, field) \
         VALUES ('2026-12-04T00:00:00.000000Z', 'console', 'edit', 'unit', '{}', 'name') RETURNING id",
    )
    .fetch_one(&postgres)
    .await
    .unwrap();
    assert_eq!(next, last + 1);
    sqlx::query("DELETE FROM audit_log WHERE id = $1").bind(next).execute(&postgres).await.unwrap();

    // A database that holds anything is never filled, and stays as it was.
    refused(&copy_to(dir.path(), &url), "is not empty");
    let (_, again) = contents(&sqlite, &postgres).await;
    assert_eq!(again, to);

    // The agency served from PostgreSQL compiles the same reports.
    let moved_dir = tempfile::tempdir().unwrap();
    let moved = Running::start_with(moved_dir.path(), &["--demo", "--database-url", &url]).await;
    let after = compiled_reports(&moved).await;
    assert_eq!(after.len(), before.len());
    for ((path, from), (_, to)) in before.iter().zip(&after) {
        assert!(from == to, "{path} differs after the move");
    }
    moved.terminate();
    let server = Running::start_with(dir.path(), &["--demo"]).await;
    assert!(server.health().await.is_some(), "the SQLite agency still serves after the copy");
}

/// The complete statements written in the database code — string literals,
/// with the file's text constants put into their `format!` holes, that begin
/// with a statement, hold no other hole and do not end in a space as the
/// heads of built queries do — with the file they are in; SQLite-only
/// modules left out.
fn statements() -> Vec<(String, String)> {
    const SQLITE_ONLY: [&str; 6] =
        ["backup.rs", "check.rs", "restore.rs", "open.rs", "checkpoint.rs", "copy.rs"];
    let mut found = Vec::new();
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src/db")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if !name.ends_with(".rs") || SQLITE_ONLY.contains(&name.as_str()) {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default().to_owned();
            let parts: Vec<&str> = code.split('"').collect();
            let joined =
                |literal: &str| literal.split("\\\n").map(str::trim_start).collect::<Vec<_>>().join("");
            // The file's text constants (`const COLUMNS: &str = "…";`), which
            // `format!` puts into statements.
            let constants: Vec<(String, String)> = (1..parts.len())
                .step_by(2)
                .filter_map(|i| {
                    let before = parts[i - 1].trim_end().strip_suffix(": &str =")?;
                    let constant = before.rsplit("const ").next()?.trim();
                    Some((format!("{{{constant}}}"), joined(parts[i])))
                })
                .collect();
            for literal in parts.iter().skip(1).step_by(2) {
                let mut sql = joined(literal);
                for (hole, text) in &constants {
                    sql = sql.replace(hole, text);
                }
                let starts =
                    ["SELECT ", "INSERT ", "UPDATE ", "DELETE ", "WITH "].iter().any(|k| sql.starts_with(k));
                if starts && !sql.contains('{') && !sql.ends_with(' ') {
                    found.push((name.clone(), sql));
                }
            }
        }
    }
    found
}

#[tokio::test]
async fn every_statement_of_the_database_code_is_understood_by_postgresql() {
    let Some(url) = fresh_database("statements").await else { return };
    let pool = kinerja_server::db::connect_postgres(&url).await.unwrap();
    let statements = statements();
    assert!(statements.len() > 90, "the statements are read ({})", statements.len());
    let mut refused = Vec::new();
    let mut conn = pool.acquire().await.unwrap();
    for (file, sql) in &statements {
        use sqlx::Executor;
        if let Err(error) = conn.prepare(sql.as_str()).await {
            refused.push(format!("{file}: {sql}\n  → {error}"));
        }
    }
    assert!(
        refused.is_empty(),
        "{} of {} statements refused:\n{}",
        refused.len(),
        statements.len(),
        refused.join("\n")
    );
}

/// Text must sort by its bytes on both databases, or lists and reports
/// would come out in another order after a move: a database that sorts by
/// a language's rules (Indonesian, through ICU) is refused before anything
/// is written to it.
#[tokio::test]
async fn a_database_that_sorts_text_by_language_rules_is_refused() {
    if file_only("collation") {
        return;
    }
    let icu = "TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'id-ID' LOCALE 'C'";
    let Some(url) = fresh_database_with("indonesian_order", icu).await else { return };
    let error = kinerja_server::db::connect_postgres(&url).await.unwrap_err();
    assert!(matches!(error, kinerja_server::db::PostgresError::Collation { .. }), "{error}");
    assert!(error.to_string().contains("sorts text as `_ a a-b ab B e é Z`"), "{error}");
    let (server, dir) = demo_server().await;
    server.terminate();
    refused(&copy_to(dir.path(), &url), "--locale C");
    let tables: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'")
            .fetch_one(&PgPool::connect(&url).await.unwrap())
            .await
            .unwrap();
    assert_eq!(tables, 0, "nothing was created");
}

/// Two server instances on one PostgreSQL database serve one agency: the
/// same identity; two devices pushing at once, each through its own
/// instance, get every op applied with a cursor of its own, and either
/// instance's feed holds them all.
#[tokio::test]
async fn two_instances_serve_one_agency_from_postgresql() {
    let Some(url) = fresh_database("instances").await else { return };
    let (a_dir, b_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = Running::start_with(a_dir.path(), &["--demo", "--database-url", &url]).await;
    let b = Running::start_with(b_dir.path(), &["--demo", "--database-url", &url]).await;
    let identity = |health: Option<serde_json::Value>| health.unwrap()["instance_id"].clone();
    assert_eq!(identity(a.health().await), identity(b.health().await));
    let sends = async |running: &Running, year: i32| {
        let client = signed_in(running, "staf.evaluasi").await;
        let device = device_id();
        for month in 1..=6 {
            let value = json!({ "value": format!("{month}") });
            let op = realisation_op(
                month,
                "iku-07",
                "seksi-kdl",
                &format!("{year}-{month:02}"),
                0,
                json!({}),
                value,
            );
            let (status, body) = push(&client, running, &device, &[op]).await;
            assert_eq!(status, reqwest::StatusCode::OK, "{body}");
            assert_eq!(body["answers"][0]["outcome"], "applied", "{body}");
        }
    };
    futures_util::future::join(sends(&a, 2031), sends(&b, 2032)).await;
    let through_a = pull_all(&signed_in(&a, "staf.evaluasi").await, &a).await;
    let through_b = pull_all(&signed_in(&b, "staf.evaluasi").await, &b).await;
    assert_eq!(through_a, through_b, "either instance gives the same feed");
    let cursors: BTreeSet<i64> = through_a.iter().map(|r| r["cursor"].as_i64().unwrap()).collect();
    assert_eq!(cursors.len(), through_a.len(), "every record has a cursor of its own");
    let pushed = through_a.iter().filter(|r| {
        let period = r["key"]["period"].as_str().unwrap_or_default();
        period.starts_with("2031-") || period.starts_with("2032-")
    });
    assert_eq!(pushed.count(), 12, "every push from both instances is in the feed");
}

/// Sessions and rate limits are the deployment's, not an instance's: a
/// session made on one instance works on the other, failed sign-ins counted
/// on both stop a sixth guess on either (even with the right password),
/// and pushes of one session through both count against one limit.
#[tokio::test]
async fn instances_share_sessions_and_rate_limits() {
    let Some(url) = fresh_database("shared_limits").await else { return };
    let (a_dir, b_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let flags = ["--demo", "--database-url", &url, "--pushes-per-minute", "3"];
    let a = Running::start_with(a_dir.path(), &flags).await;
    let b = Running::start_with(b_dir.path(), &flags).await;

    for attempt in 0..5 {
        let server = if attempt % 2 == 0 { &a } else { &b };
        let (_, answer) = sign_in(server, "kabid.tl", "salah").await;
        assert_eq!(answer.status(), reqwest::StatusCode::UNAUTHORIZED, "guess {attempt}");
    }
    for server in [&a, &b] {
        let (_, answer) = sign_in(server, "kabid.tl", kinerja_server::demo::DEMO_PASSWORD).await;
        assert_eq!(
            answer.status(),
            reqwest::StatusCode::TOO_MANY_REQUESTS,
            "the sixth try, on either instance"
        );
        assert!(answer.headers().contains_key("retry-after"));
    }

    let kasi = signed_in(&a, "kasi.kdl").await;
    let me = get_json(&kasi, &b, "/api/v1/auth/me").await;
    assert_eq!(me["username"], "kasi.kdl", "the session made on one instance is known to the other: {me}");
    let device = device_id();
    for (seq, server) in [(1, &a), (2, &b), (3, &a)] {
        let op = realisation_op(
            seq,
            "iku-07",
            "seksi-kdl",
            &format!("2033-{seq:02}"),
            0,
            json!({}),
            json!({ "value": "1" }),
        );
        let (status, body) = push(&kasi, server, &device, &[op]).await;
        assert_eq!(status, reqwest::StatusCode::OK, "{body}");
    }
    let op = realisation_op(4, "iku-07", "seksi-kdl", "2033-04", 0, json!({}), json!({ "value": "1" }));
    let (status, body) = push(&kasi, &b, &device, &[op]).await;
    assert_eq!(status, reqwest::StatusCode::TOO_MANY_REQUESTS, "the fourth push of the minute: {body}");
    assert_eq!(body["error"]["code"], "rate_limited");
}

/// Each instance keeps the reference data (units, indicators) in memory
/// between pushes, and a change made through another instance is seen by
/// its next decision: an indicator added on A is known to B at once, and
/// when A gives it to another unit, B refuses the old unit's entries.
#[tokio::test]
async fn an_instance_sees_the_reference_data_another_changed() {
    let Some(url) = fresh_database("reference_cache").await else { return };
    let (a_dir, b_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = Running::start_with(a_dir.path(), &["--demo", "--database-url", &url]).await;
    let b = Running::start_with(b_dir.path(), &["--demo", "--database-url", &url]).await;
    let (admin, kasi) = (signed_in(&a, "admin").await, signed_in(&b, "kasi.kdl").await);
    let device = device_id();
    let op = |seq: i64, month: u32| {
        let key = json!({ "indicator_id": "uji-cache", "unit_id": "demo-unit-seksi-kdl", "period": format!("2031-{month:02}") });
        op_on("realisation", key, seq, 0, json!({}), json!({ "value": "5" }))
    };
    let warm = realisation_op(1, "iku-07", "seksi-kdl", "2031-01", 0, json!({}), json!({ "value": "1" }));
    let (_, answer) = push(&kasi, &b, &device, &[warm]).await;
    assert_eq!(answer["answers"][0]["outcome"], "applied", "B has read the reference data: {answer}");

    let mut indicator = seksi_indicator("uji-cache", "IKU-CACHE", "sum", "monthly");
    let put = |indicator: serde_json::Value| {
        admin.put(a.url("/api/v1/indicators/uji-cache")).json(&indicator).send()
    };
    assert_eq!(put(indicator.clone()).await.unwrap().status(), reqwest::StatusCode::NO_CONTENT);
    let (_, answer) = push(&kasi, &b, &device, &[op(2, 1)]).await;
    assert_eq!(answer["answers"][0]["outcome"], "applied", "B knows the indicator A added: {answer}");

    indicator["responsible_unit_id"] = json!("demo-unit-seksi-ppl");
    assert_eq!(put(indicator).await.unwrap().status(), reqwest::StatusCode::NO_CONTENT);
    let (_, answer) = push(&kasi, &b, &device, &[op(3, 2)]).await;
    assert_eq!(
        answer["answers"][0]["outcome"], "rejected",
        "B knows the unit no longer reports it: {answer}"
    );
}
