//! Nothing is lost across a backup and a restore, with 50 devices: each is
//! the app's own outbox (`offline::outbox`) over real HTTP, pacing its
//! edits and pushes while `kinerja-server backup` runs beside the server.
//! The backup holds every push acknowledged before it began and passes
//! `check`; it goes on being pushed to after the backup, and some edits are
//! never sent. After `restore` the server's database has a new identity:
//! each device's next push is refused whole (`instance_changed`) with
//! nothing applied, the device sends again what it kept, pulls from 0, and
//! the final records equal the oracle — every device's last edit of each of
//! its records.

use kinerja_core::api::sync::{Push, PushAnswer};
use kinerja_core::domain::merge::{Fields, Outcome};
use kinerja_core::domain::sync::{Key, PROTOCOL};
use kinerja_core::offline::outbox::{Outbox, uuid_v7};
use reqwest::{Client, StatusCode};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use crate::common;

use common::{BINARY, Running, database, signed_in};

const DEVICES: usize = 50;
/// Edits each device makes (and pushes) while the backup runs and after it.
const PUSHED_EDITS: usize = 12;
/// Edits each device makes at the end and does not send before the restore.
const UNSENT_EDITS: usize = 2;
/// The records each device edits, in turn.
const MONTHS: usize = 4;

fn subcommand(args: &[&str], data_dir: &Path) -> Output {
    Command::new(BINARY).args(args).arg("--data-dir").arg(data_dir).output().unwrap()
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// One simulated device: the app's outbox and what it last saw of its records.
struct Device {
    number: usize,
    outbox: Outbox,
    /// The server database it last synced with.
    instance_id: Option<String>,
    /// Its view of each record it edits: the values it last wrote.
    seen: BTreeMap<String, Fields>,
    /// Ops the server acknowledged before the backup began.
    acknowledged_before_backup: Vec<String>,
    made: u64,
}

impl Device {
    fn new(number: usize) -> Device {
        Device {
            number,
            outbox: Outbox::new(uuid::Uuid::new_v4().to_string()),
            instance_id: None,
            seen: BTreeMap::new(),
            acknowledged_before_backup: Vec::new(),
            made: 0,
        }
    }

    /// The period of this device's `month`-th record (a year of its own).
    fn period(&self, month: usize) -> String {
        format!("{}-{:02}", 2040 + self.number, month + 1)
    }

    /// Edits the next record, as the entry page would: its base is what the device saw.
    fn edit(&mut self) {
        let period = self.period(self.made as usize % MONTHS);
        let key = Key::Realisation {
            indicator_id: "demo-indicator-iku-07".into(),
            unit_id: "demo-unit-seksi-kdl".into(),
            period: period.parse().unwrap(),
        };
        let base = self.seen.get(&period).cloned().unwrap_or_default();
        // A value in canonical form (no trailing zero), distinct for every edit.
        let new = Fields::from([("value".to_owned(), Some(format!("{}.{}1", self.number, self.made)))]);
        let id = uuid_v7(1_764_000_000_000 + self.made, rand_bytes(self.number, self.made));
        self.outbox.record(id, key, 0, base, new.clone(), "2026-12-04T08:00:00Z".into());
        self.seen.insert(period, new);
        self.made += 1;
    }

    /// Pushes every waiting op, a push at a time; `Err` with the status and
    /// body of a push refused whole.
    async fn push_waiting(
        &mut self,
        client: &Client,
        server: &Running,
        backup_began: Option<&AtomicBool>,
    ) -> Result<(), (StatusCode, serde_json::Value)> {
        loop {
            let batch = self.outbox.batch();
            if batch.ops.is_empty() {
                return Ok(());
            }
            let push = Push {
                protocol: PROTOCOL,
                device_id: batch.device_id,
                instance_id: self.instance_id.clone(),
                ops: batch.ops.clone(),
            };
            let response = client.post(server.url("/api/v1/sync/push")).json(&push).send().await.unwrap();
            let status = response.status();
            if status != StatusCode::OK {
                return Err((status, response.json().await.unwrap()));
            }
            let answer: PushAnswer = response.json().await.unwrap();
            let before_backup = backup_began.is_some_and(|began| !began.load(Ordering::SeqCst));
            for op_answer in &answer.answers {
                assert_ne!(op_answer.outcome, Outcome::Rejected, "{op_answer:?}");
                assert_ne!(op_answer.outcome, Outcome::Conflict, "{op_answer:?}");
                if before_backup {
                    self.acknowledged_before_backup.push(op_answer.op_id.clone());
                }
            }
            self.outbox.settle(&answer.answers);
            self.instance_id = Some(answer.instance_id);
        }
    }
}

fn rand_bytes(device: usize, made: u64) -> [u8; 10] {
    let mut bytes = [0u8; 10];
    bytes[..8].copy_from_slice(&made.to_be_bytes());
    bytes[8..].copy_from_slice(&(device as u16).to_be_bytes());
    bytes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_devices_lose_nothing_across_a_backup_and_a_restore() {
    if common::file_only("fifty_devices_lose_nothing_across_a_backup_and_a_restore") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let server =
        Arc::new(Running::start_with(dir.path(), &["--demo", "--pushes-per-minute", "100000"]).await);
    let old_instance = server.health().await.unwrap()["instance_id"].as_str().unwrap().to_owned();
    let backup_began = Arc::new(AtomicBool::new(false));
    let backup_done = Arc::new(AtomicBool::new(false));
    let under_way = Arc::new(AtomicUsize::new(0));

    // One session for all (sign-ins are limited per address); each device has its own id and sequence.
    let client = signed_in(&server, "kasi.kdl").await;
    let mut running = Vec::new();
    for number in 0..DEVICES {
        let (server, began, done) = (server.clone(), backup_began.clone(), backup_done.clone());
        let under_way = under_way.clone();
        let client = client.clone();
        running.push(tokio::spawn(async move {
            let mut device = Device::new(number);
            let mut pushed = 0;
            // Paced like people at work: an edit, a push, a pause — until the backup has
            // been taken and a few more edits have gone out after it.
            while pushed < PUSHED_EDITS || !done.load(Ordering::SeqCst) {
                device.edit();
                device.push_waiting(&client, &server, Some(&began)).await.unwrap();
                pushed += 1;
                if pushed == 1 {
                    under_way.fetch_add(1, Ordering::SeqCst);
                }
                tokio::time::sleep(Duration::from_millis(20 + (number as u64 % 7) * 5)).await;
            }
            for _ in 0..UNSENT_EDITS {
                device.edit();
            }
            device
        }));
    }
    while under_way.load(Ordering::SeqCst) < DEVICES {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let backups = tempfile::tempdir().unwrap();
    let file = backups.path().join("kinerja-backup.sqlite");
    backup_began.store(true, Ordering::SeqCst);
    let (data_dir, to) = (dir.path().to_owned(), file.to_string_lossy().into_owned());
    let output =
        tokio::task::spawn_blocking(move || subcommand(&["backup", "--to", &to], &data_dir)).await.unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    tokio::time::sleep(Duration::from_millis(300)).await;
    backup_done.store(true, Ordering::SeqCst);
    let mut devices = Vec::new();
    for task in running {
        devices.push(task.await.unwrap());
    }

    // The backup: sound, holding every push acknowledged before it began, but not all of them.
    let copy = tempfile::tempdir().unwrap();
    std::fs::copy(&file, copy.path().join(kinerja_server::db::DB_FILE)).unwrap();
    let checked = subcommand(&["check"], copy.path());
    assert_eq!(checked.status.code(), Some(0), "{}", text(&checked));
    let pool = database(copy.path()).await;
    let in_backup: BTreeSet<String> = sqlx::query_scalar("SELECT op_id FROM sync_ops")
        .fetch_all(&pool)
        .await
        .unwrap()
        .into_iter()
        .collect();
    pool.close().await;
    let before: usize = devices.iter().map(|d| d.acknowledged_before_backup.len()).sum();
    assert!(before >= DEVICES, "every device had pushes acknowledged before the backup began ({before})");
    for device in &devices {
        for op_id in &device.acknowledged_before_backup {
            assert!(in_backup.contains(op_id), "{op_id}, acknowledged before the backup, is in it");
        }
    }
    let acknowledged: usize = devices.iter().map(|d| d.outbox.sent.len()).sum();
    assert!(acknowledged > in_backup.len(), "pushes were acknowledged after the backup too");

    // The restore: the server stopped, the backup put in place with a new identity.
    let server = Arc::into_inner(server).expect("every device has stopped");
    assert!(server.terminate().success());
    let restored = subcommand(&["restore", "--from", &file.to_string_lossy()], dir.path());
    assert_eq!(restored.status.code(), Some(0), "{}", text(&restored));
    let server = Running::start_with(dir.path(), &["--demo", "--pushes-per-minute", "100000"]).await;
    let new_instance = server.health().await.unwrap()["instance_id"].as_str().unwrap().to_owned();
    assert_ne!(new_instance, old_instance);

    // Each device: its push is refused whole, it sends again what it kept, then its new edits.
    let client = signed_in(&server, "kasi.kdl").await;
    for device in &mut devices {
        let refused = device.push_waiting(&client, &server, None).await.unwrap_err();
        assert_eq!(refused.0, StatusCode::CONFLICT, "{}", refused.1);
        assert_eq!(refused.1["error"]["code"], "instance_changed", "{}", refused.1);
        assert_eq!(device.outbox.pending(), UNSENT_EDITS, "nothing was taken from the refused push");
        assert!(device.outbox.resend() >= PUSHED_EDITS);
        device.instance_id = None;
        device.push_waiting(&client, &server, None).await.unwrap();
        assert_eq!(device.instance_id.as_deref(), Some(new_instance.as_str()));
    }

    // The oracle: each device's last edit of each of its records.
    let oracle: BTreeMap<String, Option<String>> = devices
        .iter()
        .flat_map(|device| {
            device.seen.iter().map(|(period, fields)| (period.clone(), fields["value"].clone()))
        })
        .collect();
    assert_eq!(oracle.len(), DEVICES * MONTHS);
    let pulled = common::pull_all(&client, &server).await;
    let mut held = BTreeMap::new();
    for record in pulled.iter().filter(|r| r["key"]["period"].as_str().unwrap() >= "2040") {
        held.insert(
            record["key"]["period"].as_str().unwrap().to_owned(),
            record["values"]["value"].as_str().map(str::to_owned),
        );
    }
    assert_eq!(held, oracle, "the final records are every device's last edits");
    assert!(server.terminate().success());
}
