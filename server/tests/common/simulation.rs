//! Simulated devices pushing overlapping edits to the demo's `iku-07` at
//! `seksi-kdl` (the months of one year, five users, one of them outside the
//! unit's scope), and the oracle: the sync protocol's rules written out
//! plainly, applied in the server's processing order. Used against one
//! server on SQLite (`sync`) and several instances on PostgreSQL
//! (`instances`).

use super::{Rng, Running, device_id, get_json, push, realisation_op, signed_in};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

pub const DEVICES: usize = 50;
pub const OPS_PER_DEVICE: usize = 200;
const BATCH: usize = 20;
const MONTHS: u32 = 12;
pub const YEAR: i32 = 2030;
pub const USERS: [&str; 5] = ["kasi.kdl", "kabid.tl", "staf.evaluasi", "kasubag.program", "kontributor.pupr"];
const FIELDS: [&str; 4] = ["value", "analisis", "kendala", "tindak_lanjut"];
const VALUES: [Option<&str>; 6] = [None, Some("1"), Some("2"), Some("3.5"), Some("10"), Some("-1")];
const TEXTS: [&str; 4] = ["", "hujan", "banjir", "akses jalan rusak"];

pub type Record = BTreeMap<String, Option<String>>;

pub fn empty_record() -> Record {
    FIELDS.iter().map(|f| ((*f).to_owned(), if *f == "value" { None } else { Some(String::new()) })).collect()
}

pub fn as_record(value: &Value) -> Record {
    value.as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_str().map(str::to_owned))).collect()
}

pub struct Device {
    pub id: String,
    pub user: &'static str,
    pub client: Client,
    seq: i64,
    rng: Rng,
    /// The device's own copy: revision and values per month.
    local: HashMap<String, (i64, Record)>,
    cursor: i64,
    /// Every push it made: the ops and the answers.
    pub pushes: Vec<(Vec<Value>, Vec<Value>)>,
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

    /// The server of the next request: one of `servers`, at random when
    /// there are several.
    fn pick<'a>(&mut self, servers: &'a [Arc<Running>]) -> &'a Running {
        if servers.len() == 1 { &servers[0] } else { &servers[self.rng.next(servers.len())] }
    }

    async fn run(mut self, servers: &[Arc<Running>], pace: Duration) -> Device {
        for round in 0..OPS_PER_DEVICE / BATCH {
            let ops: Vec<Value> = (0..BATCH).map(|_| self.make_op()).collect();
            if !pace.is_zero() {
                tokio::time::sleep(pace * self.rng.next(4) as u32).await;
            }
            let server = self.pick(servers);
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
                let server = self.pick(servers);
                self.pull(server).await;
            }
        }
        self
    }

    async fn pull(&mut self, server: &Running) {
        let path = format!("/api/v1/sync/pull?cursor={}&limit=2000", self.cursor);
        let page = get_json(&self.client, server, &path).await;
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
pub struct Expected {
    outcome: &'static str,
    code: &'static str,
    revision: i64,
}

/// The protocol's rules written out plainly (docs/sync-protocol.md), applied
/// to the ops in the server's processing order.
#[derive(Default)]
pub struct Oracle {
    /// Each month's revision, values and whether it holds a conflict.
    pub records: HashMap<String, (i64, Record, bool)>,
    last_seq: HashMap<String, i64>,
    pub conflicts: i64,
    pub writes: i64,
}

impl Oracle {
    pub fn apply(&mut self, device: &str, user: &str, op: &Value) -> Expected {
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

/// `DEVICES` devices of the five users, each drawing its edits from `seed`.
pub async fn devices(server: &Running, seed: u64) -> Vec<Device> {
    let mut devices = Vec::new();
    for n in 0..DEVICES {
        let user = USERS[n % USERS.len()];
        let client = signed_in(server, user).await;
        devices.push(Device {
            id: device_id(),
            user,
            client,
            seq: 0,
            rng: Rng(seed.wrapping_mul(1_000_003).wrapping_add(n as u64 + 1)),
            local: HashMap::new(),
            cursor: 0,
            pushes: Vec::new(),
        });
    }
    devices
}

/// Runs every device at once against `servers`, each waiting up to three
/// times `pace` before a push, and returns them with their pushes.
pub async fn run(devices: Vec<Device>, servers: &[Arc<Running>], pace: Duration) -> Vec<Device> {
    let tasks: Vec<_> = devices
        .into_iter()
        .map(|device| {
            let servers = servers.to_vec();
            tokio::spawn(async move { device.run(&servers, pace).await })
        })
        .collect();
    let mut done = Vec::new();
    for task in tasks {
        done.push(task.await.unwrap());
    }
    done
}

/// Checks every answer against the oracle, fed in the server's one
/// processing order (no gaps), and that the mix exercised every outcome;
/// returns the oracle and the count of each outcome.
pub fn check_answers(devices: &[Device]) -> (Oracle, BTreeMap<&'static str, i64>) {
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
    let first = orders[0];
    assert_eq!(
        orders,
        (first..first + orders.len() as i64).collect::<Vec<_>>(),
        "one processing order, no gaps"
    );

    let mut oracle = Oracle::default();
    let mut outcomes: BTreeMap<&'static str, i64> = BTreeMap::new();
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
    (oracle, outcomes)
}

/// The simulated months among `records` (a pull), by period.
pub fn simulated(records: Vec<Value>) -> HashMap<String, Value> {
    records
        .into_iter()
        .filter(|r| {
            r["key"]["indicator_id"] == "demo-indicator-iku-07"
                && r["key"]["period"].as_str().unwrap().starts_with(&YEAR.to_string())
        })
        .map(|r| (r["key"]["period"].as_str().unwrap().to_owned(), r))
        .collect()
}

/// Checks that the server's records (`final_state`, from a pull) are the oracle's.
pub fn check_records(oracle: &Oracle, final_state: &HashMap<String, Value>) {
    assert_eq!(final_state.len(), oracle.records.len());
    for (key, (revision, record, conflicted)) in &oracle.records {
        let held = &final_state[key];
        assert_eq!(as_record(&held["values"]), *record, "{key}");
        assert_eq!(held["revision"].as_i64(), Some(*revision), "{key}");
        assert_eq!(held["conflicted"].as_bool(), Some(*conflicted), "{key}");
    }
}

/// Checks the op log, the conflicts and the audit trail against the oracle.
pub async fn check_database(pool: &sqlx::AnyPool, oracle: &Oracle, outcomes: &BTreeMap<&'static str, i64>) {
    let by_outcome: Vec<(String, i64)> =
        sqlx::query_as("SELECT outcome, COUNT(*) FROM sync_ops GROUP BY outcome ORDER BY outcome")
            .fetch_all(pool)
            .await
            .unwrap();
    let expected: Vec<(String, i64)> = outcomes.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect();
    assert_eq!(by_outcome, expected, "the op log holds every op once");
    assert_eq!(super::count(pool, "conflicts").await, oracle.conflicts, "every conflict is kept");
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'sync'")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(audited, oracle.writes, "every applied field change is audited");
}

/// Pushes every device's pushes again: each gets the same answers.
pub async fn replay(devices: &[Device], server: &Running) {
    for device in devices {
        for (ops, answers) in &device.pushes {
            let (status, body) = push(&device.client, server, &device.id, ops).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(body["answers"].as_array().unwrap(), answers, "a retry gets the same answers");
        }
    }
}
