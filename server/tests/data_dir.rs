//! The server binary against a real data directory: data and identity
//! survive a restart, migrations run once (after a backup, on an upgrade),
//! SIGTERM shuts down cleanly, and a bad data directory or a damaged
//! database file stops the start with a clear message instead of a panic.

use std::path::Path;
use std::process::{Command, Output};

use crate::common;

use common::{BINARY, Running, free_addr};

async fn migrations(data_dir: &Path) -> Vec<(i64, String)> {
    let pool = common::database(data_dir).await;
    let rows =
        sqlx::query_as("SELECT version, CAST(installed_on AS TEXT) FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&pool)
            .await
            .unwrap();
    pool.close().await;
    rows
}

fn start_and_fail(data_dir: &Path) -> Output {
    Command::new(BINARY).args(["--addr", &free_addr(), "--data-dir"]).arg(data_dir).output().unwrap()
}

#[tokio::test]
async fn data_survives_a_restart_and_migrations_run_once() {
    let dir = tempfile::tempdir().unwrap();
    let first = Running::start(dir.path()).await;
    let health = first.health().await.unwrap();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["database"], "ok");
    let instance = health["instance_id"].as_str().unwrap().to_owned();
    assert!(health["schema_version"].as_i64().unwrap() >= 1);
    assert!(first.terminate().success(), "SIGTERM must end the server cleanly");
    let applied = migrations(dir.path()).await;
    assert!(!applied.is_empty());

    let second = Running::start(dir.path()).await;
    let health = second.health().await.unwrap();
    assert_eq!(health["instance_id"].as_str().unwrap(), instance, "data written on the first start is kept");
    assert!(second.terminate().success());
    assert_eq!(migrations(dir.path()).await, applied, "the second start re-ran no migration");
}

#[test]
fn a_data_dir_that_cannot_be_created_is_a_clear_error() {
    if common::file_only("data_dir") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "not a directory").unwrap();
    let output = start_and_fail(&file.join("data"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot create the data directory"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_damaged_database_file_is_a_clear_error_and_is_left_untouched() {
    if common::file_only("damaged_file") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kinerja.sqlite");
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&db, &garbage).unwrap();
    let output = start_and_fail(dir.path());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is not a usable SQLite database"), "{stderr}");
    assert!(stderr.contains("restore it from a backup"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(std::fs::read(&db).unwrap(), garbage, "the damaged file must not be modified");
}

#[tokio::test]
async fn an_empty_database_gets_one_administrator_who_must_change_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::open_db(dir.path()).await;
    kinerja_server::serve::prepare(&db, false).await.unwrap();
    kinerja_server::serve::prepare(&db, false).await.unwrap();
    let users = db.users().await.unwrap();
    assert_eq!(users.len(), 1, "a second start adds no one");
    assert_eq!(users[0].username, "admin");
    assert_eq!(users[0].role, kinerja_core::domain::org::Role::Admin);
    assert!(users[0].must_change_password);
    db.close().await;
}

#[tokio::test]
async fn the_demo_agency_is_seeded_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::open_db(dir.path()).await;
    kinerja_server::serve::prepare(&db, true).await.unwrap();
    let counts = (
        db.units().await.unwrap().len(),
        db.users().await.unwrap().len(),
        db.indicators().await.unwrap().len(),
    );
    kinerja_server::serve::prepare(&db, true).await.unwrap();
    let again = (
        db.units().await.unwrap().len(),
        db.users().await.unwrap().len(),
        db.indicators().await.unwrap().len(),
    );
    assert_eq!(counts, again);
    assert_eq!(counts.2, 15);
    assert_eq!(db.programs().await.unwrap().len(), 4);
    assert!(counts.0 >= 15 && counts.1 == 7);
    db.close().await;
}

/// A database file made by the first binary with migrations (0001 and 0002),
/// committed so that a migration edited in place, which SQLite files in the
/// field would refuse, fails here too: the agency, a user, a Renstra line, an
/// indicator with its 2026 plan, and January's realisation with its analysis.
const FIRST_MIGRATIONS_DB: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/kinerja-0002.sqlite");

#[tokio::test]
async fn an_upgrade_backs_up_the_database_before_its_new_migrations_and_keeps_its_data() {
    if common::file_only("upgrade") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(FIRST_MIGRATIONS_DB, dir.path().join(kinerja_server::db::DB_FILE)).unwrap();
    let upgraded = Running::start(dir.path()).await;
    let health = upgraded.health().await.unwrap();
    assert_eq!(health["instance_id"], "fixture-instance-0002", "an upgrade keeps the database's identity");

    // The old data is there for the user who entered it, through the API a device syncs with.
    let reset = Command::new(BINARY)
        .args(["reset-password", "kasi.lama", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(reset.status.success(), "{reset:?}");
    let said = String::from_utf8_lossy(&reset.stdout).into_owned();
    let password = said.split("`kasi.lama`: ").nth(1).unwrap().lines().next().unwrap().trim().to_owned();
    let (client, signed) = common::sign_in(&upgraded, "kasi.lama", &password).await;
    assert_eq!(signed.status(), 200);
    let changed = client
        .post(upgraded.url("/api/v1/auth/password"))
        .json(&serde_json::json!({ "current_password": password, "new_password": "Baru-2026-lebih-aman" }))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200);
    let records = common::pull_all(&client, &upgraded).await;
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(records[0]["key"]["period"], "2026-01");
    assert_eq!(records[0]["values"]["value"], "51.25");
    assert_eq!(records[0]["values"]["analisis"], "Pengukuran di 12 titik");
    assert!(upgraded.terminate().success());

    let backups: Vec<_> =
        std::fs::read_dir(dir.path().join("backups")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert!(backups[0].file_name().unwrap().to_string_lossy().starts_with("kinerja-before-migration-"));
    let before = tempfile::tempdir().unwrap();
    std::fs::copy(&backups[0], before.path().join(kinerja_server::db::DB_FILE)).unwrap();
    assert_eq!(
        migrations(before.path()).await.len(),
        2,
        "the backup is the database before the new migrations"
    );
    for data in [before.path(), dir.path()] {
        use sqlx::Connection;
        let url = format!("sqlite://{}?mode=ro", data.join(kinerja_server::db::DB_FILE).display());
        let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
        let kept: (String, String, String) = sqlx::query_as(
            "SELECT u.name, i.name, p.annual_target FROM units u, indicators i, year_plans p \
             WHERE u.id = 'unit-seksi' AND i.id = 'indicator-1' AND p.indicator_id = i.id AND p.year = 2026",
        )
        .fetch_one(&mut conn)
        .await
        .unwrap();
        assert_eq!(kept.0, "Seksi Kajian Dampak Lingkungan");
        assert_eq!(kept.1, "Indeks Kualitas Air");
        assert_eq!(kept.2, "52,5");
        conn.close().await.unwrap();
    }
    assert_eq!(migrations(dir.path()).await.len(), files_in_migrations());
    let checked = Command::new(BINARY).args(["check", "--data-dir"]).arg(dir.path()).output().unwrap();
    assert_eq!(checked.status.code(), Some(0), "{checked:?}");

    let again = Running::start(dir.path()).await;
    assert!(again.terminate().success());
    assert_eq!(
        std::fs::read_dir(dir.path().join("backups")).unwrap().count(),
        1,
        "no migration, no new backup"
    );
}

fn files_in_migrations() -> usize {
    std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite")).unwrap().count()
}
