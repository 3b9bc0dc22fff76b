//! The operator's subcommands against real files: `backup` copies the
//! database while a device keeps pushing, the copy holds every push
//! acknowledged before it began and passes `check`; `backup` never replaces
//! a file; `check` exits 0 on a sound database, 1 on a damaged one or one
//! written by a newer binary, and 2 when there is no database at all;
//! `restore` waits for the server to stop, refuses an unsound backup, gives
//! the restored database a new identity and keeps the one it replaced;
//! `reset-password` and `create-admin` work beside a running server, audited.

use serde_json::json;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use crate::common;

use common::{BINARY, count, database, demo_server, device_id, push, realisation_op, signed_in};

fn subcommand(args: &[&str], data_dir: &Path) -> Output {
    Command::new(BINARY).args(args).arg("--data-dir").arg(data_dir).output().unwrap()
}

/// A console subcommand on the suite's database, as the operator runs it.
async fn console(args: &[&str], data_dir: &Path) -> Output {
    common::server_command(data_dir).await.args(args).output().unwrap()
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// A data directory holding `file` as its database.
fn data_dir_with(file: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(file, dir.path().join(kinerja_server::db::DB_FILE)).unwrap();
    dir
}

#[tokio::test]
async fn a_backup_taken_while_a_device_pushes_holds_every_acknowledged_push_and_passes_check() {
    if common::file_only(
        "a_backup_taken_while_a_device_pushes_holds_every_acknowledged_push_and_passes_check",
    ) {
        return;
    }
    let (server, dir) = demo_server().await;
    let client = signed_in(&server, "kasi.kdl").await;
    let server = Arc::new(server);
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let pushing = {
        let acknowledged = acknowledged.clone();
        let server = server.clone();
        tokio::spawn(async move {
            let device = device_id();
            for seq in 1..=60 {
                let period = format!("{}-{:02}", 2040 + seq / 12, seq % 12 + 1);
                let op = realisation_op(
                    seq,
                    "iku-07",
                    "seksi-kdl",
                    &period,
                    0,
                    json!({}),
                    json!({ "value": "1.5" }),
                );
                let (status, body) = push(&client, &server, &device, std::slice::from_ref(&op)).await;
                assert_eq!(status, reqwest::StatusCode::OK, "{body}");
                assert_eq!(body["answers"][0]["outcome"], "applied", "{body}");
                acknowledged.lock().unwrap().push(op["op_id"].as_str().unwrap().to_owned());
            }
        })
    };
    while acknowledged.lock().unwrap().len() < 10 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let before: Vec<String> = acknowledged.lock().unwrap().clone();
    let backups = tempfile::tempdir().unwrap();
    let file = backups.path().join("kinerja-backup.sqlite");
    let data_dir = dir.path().to_owned();
    let to = file.to_string_lossy().into_owned();
    let output =
        tokio::task::spawn_blocking(move || subcommand(&["backup", "--to", &to], &data_dir)).await.unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(text(&output).contains("integrity: ok"), "{}", text(&output));
    pushing.await.unwrap();
    assert!(!backups.path().join("kinerja-backup.sqlite.partial").exists(), "no partial copy is left");
    let mode = std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&file).unwrap().permissions());
    assert_eq!(mode & 0o777, 0o600, "only the owner may read a backup");

    let copy = data_dir_with(&file);
    let pool = database(copy.path()).await;
    for op_id in &before {
        let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sync_ops WHERE op_id = $1")
            .bind(op_id)
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(held, 1, "the push of {op_id}, acknowledged before the backup, is in it");
    }
    assert!(count(&pool, "sync_ops").await <= 60);
    pool.close().await;
    let checked = subcommand(&["check"], copy.path());
    assert_eq!(checked.status.code(), Some(0), "{}", text(&checked));
    assert!(text(&checked).contains("foreign keys: ok"), "{}", text(&checked));
    let server = Arc::into_inner(server).expect("the pushing task has ended");
    assert!(server.terminate().success());
}

#[tokio::test]
async fn a_backup_never_replaces_a_file() {
    if common::file_only("a_backup_never_replaces_a_file") {
        return;
    }
    let (server, dir) = demo_server().await;
    let existing = dir.path().join("old-backup.sqlite");
    std::fs::write(&existing, b"last week's backup").unwrap();
    let output = subcommand(&["backup", "--to", &existing.to_string_lossy()], dir.path());
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(text(&output).contains("already exists"), "{}", text(&output));
    assert_eq!(std::fs::read(&existing).unwrap(), b"last week's backup");
    assert!(server.terminate().success());
}

#[tokio::test]
async fn check_fails_on_a_damaged_copy_and_on_a_database_from_a_newer_binary() {
    if common::file_only("check_fails_on_a_damaged_copy_and_on_a_database_from_a_newer_binary") {
        return;
    }
    let (server, dir) = demo_server().await;
    assert!(server.terminate().success());
    let sound = subcommand(&["check"], dir.path());
    assert_eq!(sound.status.code(), Some(0), "{}", text(&sound));
    assert!(text(&sound).contains("0 pending"), "{}", text(&sound));
    let file = dir.path().join(kinerja_server::db::DB_FILE);

    let damaged = data_dir_with(&file);
    let path = damaged.path().join(kinerja_server::db::DB_FILE);
    let mut bytes = std::fs::read(&path).unwrap();
    let page = 4096;
    assert!(bytes.len() > 8 * page, "the demo database spans pages");
    for byte in &mut bytes[3 * page..6 * page] {
        *byte = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let output = subcommand(&["check"], damaged.path());
    assert_ne!(output.status.code(), Some(0), "{}", text(&output));
    assert!(!text(&output).contains("panicked"), "{}", text(&output));
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "check changes nothing");

    let newer = data_dir_with(&file);
    let pool = sqlx::SqlitePool::connect_with(
        sqlx::sqlite::SqliteConnectOptions::new().filename(newer.path().join(kinerja_server::db::DB_FILE)),
    )
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (9999, 'from the future', 1, x'00', 0)",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    let output = subcommand(&["check"], newer.path());
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(text(&output).contains("9999"), "{}", text(&output));
}

#[test]
fn check_without_a_database_says_so() {
    if common::file_only("check_without_a_database_says_so") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let output = subcommand(&["check"], dir.path());
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(text(&output).contains("there is no database"), "{}", text(&output));
    assert!(!dir.path().join(kinerja_server::db::DB_FILE).exists(), "check creates nothing");
}

#[tokio::test]
async fn restore_waits_for_the_server_to_stop_then_puts_the_backup_in_place_under_a_new_identity() {
    if common::file_only(
        "restore_waits_for_the_server_to_stop_then_puts_the_backup_in_place_under_a_new_identity",
    ) {
        return;
    }
    let (server, dir) = demo_server().await;
    let original = server.health().await.unwrap()["instance_id"].as_str().unwrap().to_owned();
    let backups = tempfile::tempdir().unwrap();
    let file = backups.path().join("before.sqlite");
    let from = file.to_string_lossy().into_owned();
    let output = subcommand(&["backup", "--to", &from], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let client = signed_in(&server, "kasi.kdl").await;
    let late = realisation_op(1, "iku-07", "seksi-kdl", "2041-01", 0, json!({}), json!({ "value": "2" }));
    let (status, body) = push(&client, &server, &device_id(), std::slice::from_ref(&late)).await;
    assert_eq!(status, reqwest::StatusCode::OK, "{body}");

    let second = subcommand(&["--addr", &common::free_addr()], dir.path());
    assert_eq!(second.status.code(), Some(2), "{}", text(&second));
    assert!(text(&second).contains("stop it first"), "a second server on one data directory is refused");
    let refused = subcommand(&["restore", "--from", &from], dir.path());
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(text(&refused).contains("stop it first"), "{}", text(&refused));
    assert_eq!(
        server.health().await.unwrap()["instance_id"],
        original.as_str(),
        "the running server is untouched"
    );
    assert!(server.terminate().success());

    let restored = subcommand(&["restore", "--from", &from], dir.path());
    assert_eq!(restored.status.code(), Some(0), "{}", text(&restored));
    let aside = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .find(|path| {
            let name = path.to_string_lossy();
            name.contains(".sqlite.before-restore-") && !name.ends_with("-wal") && !name.ends_with("-shm")
        })
        .expect("the replaced database is kept");
    let kept = data_dir_with(&aside);
    let pool = database(kept.path()).await;
    assert_eq!(count(&pool, "sync_ops").await, 1, "the replaced database still holds the late push");
    pool.close().await;

    let again = common::Running::start_with(dir.path(), &["--demo"]).await;
    let renewed = again.health().await.unwrap()["instance_id"].as_str().unwrap().to_owned();
    assert_ne!(renewed, original, "devices must see a new identity and pull from 0");
    let pool = database(dir.path()).await;
    assert_eq!(
        count(&pool, "sync_ops").await,
        0,
        "the restored database is the backup, before the late push"
    );
    pool.close().await;
    assert!(again.terminate().success());
}

#[tokio::test]
async fn restore_refuses_an_unsound_backup_and_changes_nothing() {
    if common::file_only("restore_refuses_an_unsound_backup_and_changes_nothing") {
        return;
    }
    let (server, dir) = demo_server().await;
    assert!(server.terminate().success());
    let live = std::fs::read(dir.path().join(kinerja_server::db::DB_FILE)).unwrap();
    let bad = dir.path().join("bad.sqlite");
    std::fs::write(&bad, vec![0x5A; 16384]).unwrap();
    let output = subcommand(&["restore", "--from", &bad.to_string_lossy()], dir.path());
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(text(&output).contains("not a usable SQLite database"), "{}", text(&output));
    assert_eq!(std::fs::read(dir.path().join(kinerja_server::db::DB_FILE)).unwrap(), live);
}

#[tokio::test]
async fn the_console_resets_a_password_and_adds_an_administrator_while_the_server_runs() {
    let (server, dir) = demo_server().await;
    let reset = console(&["reset-password", "kasi.kdl"], dir.path()).await;
    assert_eq!(reset.status.code(), Some(0), "{}", text(&reset));
    let said = String::from_utf8_lossy(&reset.stdout).into_owned();
    let password =
        said.split("one-time password for `kasi.kdl`: ").nth(1).unwrap().lines().next().unwrap().trim();
    let (_, old) = common::sign_in(&server, "kasi.kdl", kinerja_server::demo::DEMO_PASSWORD).await;
    assert_eq!(old.status(), reqwest::StatusCode::UNAUTHORIZED, "the old password no longer works");
    let (_, new) = common::sign_in(&server, "kasi.kdl", password).await;
    assert_eq!(new.status(), reqwest::StatusCode::OK);
    let unknown = console(&["reset-password", "nobody"], dir.path()).await;
    assert_eq!(unknown.status.code(), Some(2), "{}", text(&unknown));
    assert!(text(&unknown).contains("no account called `nobody`"), "{}", text(&unknown));

    let created = console(&["create-admin", "admin.dua"], dir.path()).await;
    assert_eq!(created.status.code(), Some(0), "{}", text(&created));
    let said = String::from_utf8_lossy(&created.stdout).into_owned();
    let password = said.split("one-time password: ").nth(1).unwrap().lines().next().unwrap().trim();
    let (client, signed) = common::sign_in(&server, "admin.dua", password).await;
    assert_eq!(signed.status(), reqwest::StatusCode::OK);
    let me = common::get_json(&client, &server, "/api/v1/auth/me").await;
    assert_eq!(me["role"], "admin", "{me}");
    let again = console(&["create-admin", "admin.dua"], dir.path()).await;
    assert_eq!(again.status.code(), Some(2), "{}", text(&again));
    assert!(text(&again).contains("already used"), "{}", text(&again));
    let pool = database(dir.path()).await;
    let console: i64 = sqlx::query_scalar(
        "SELECT COUNT(DISTINCT record_key) FROM audit_log WHERE user_id = 'console' AND entity = 'user'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(console, 2, "both accounts' changes are audited as the console's");
    pool.close().await;
    assert!(server.terminate().success());
}

#[tokio::test]
async fn the_server_backs_itself_up_on_schedule_and_keeps_the_last_ones() {
    if common::file_only("the_server_backs_itself_up_on_schedule_and_keeps_the_last_ones") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let backups = tempfile::tempdir().unwrap();
    let to = backups.path().to_string_lossy().into_owned();
    let server = common::Running::start_with(
        dir.path(),
        &["--demo", "--backup-every", "1s", "--backup-keep", "2", "--backup-dir", &to],
    )
    .await;
    let scheduled = || -> Vec<std::path::PathBuf> {
        let mut files: Vec<_> = std::fs::read_dir(backups.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "sqlite"))
            .collect();
        files.sort();
        files
    };
    let started = std::time::Instant::now();
    let seconds = |n| std::time::Duration::from_secs(n);
    while started.elapsed() < seconds(4) || scheduled().len() < 2 {
        assert!(started.elapsed() < seconds(30), "too few scheduled backups: {:?}", scheduled());
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert!(server.terminate().success());
    let files = scheduled();
    assert_eq!(files.len(), 2, "only the last two are kept: {files:?}");
    for file in &files {
        assert!(file.file_name().unwrap().to_string_lossy().starts_with("kinerja-scheduled-"), "{file:?}");
        let copy = data_dir_with(file);
        let checked = subcommand(&["check"], copy.path());
        assert_eq!(checked.status.code(), Some(0), "{}", text(&checked));
    }
}
