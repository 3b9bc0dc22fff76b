//! Benchmark: whether a push slows down as the agency's lock history grows.
//! Every approved quarter, semester and year locks each unit's data, and a
//! push checks each of its ops against every lock (`domain::lock::covering`),
//! so after some years of use a push meets hundreds of locks. This pushes
//! 100-op batches through the server's write path (`Db::push`, real SQLite
//! file) into next year (open, and without demo data), once with the locks of one past year
//! and once with those of six (every demo unit × TW I–IV, S I–II and the
//! year), and prints the time per op of each and their ratio: 1.0 means
//! the history costs nothing.
//!
//! Run: `cargo bench -p kinerja-server --bench lock_history`

use kinerja_core::api::sync::{LockRequest, Op, Push};
use kinerja_core::domain::merge::{Fields, Outcome};
use kinerja_core::domain::org::{Actor, Role};
use kinerja_core::domain::period::Period;
use kinerja_core::domain::sync::Key;
use kinerja_server::db::{self, Db};
use std::collections::HashMap;
use std::time::{Duration, Instant};

const BATCH: usize = 100;
const WARM_UP: usize = 5;
const PUSHES: usize = 60;

/// A demo database with every unit's periods locked for the `years` years
/// before the current one; returns it with the number of locks held.
async fn with_history(dir: &std::path::Path, years: i32) -> (Db, usize) {
    let db = db::open(dir).await.unwrap();
    let today = time::OffsetDateTime::now_utc().date();
    kinerja_server::demo::seed(&db, today).await.unwrap();
    let admin = db.users().await.unwrap().into_iter().find(|user| user.role == Role::Admin).unwrap();
    let periods = |year| {
        let quarters = (1..=4).map(move |n| Period::quarter(year, n));
        let semesters = (1..=2).map(move |n| Period::semester(year, n));
        quarters.chain(semesters).chain([Period::year(year)]).map(Result::unwrap)
    };
    for unit in db.units().await.unwrap() {
        for year in today.year() - years..today.year() {
            for period in periods(year) {
                let request =
                    LockRequest { unit_id: unit.id.clone(), period, reason: "laporan disetujui".into() };
                db.lock_period(&request, &admin.id).await.unwrap();
            }
        }
    }
    let locks = db.locks().await.unwrap().len();
    (db, locks)
}

/// Time per op of `PUSHES` pushes by the evaluation staff, each op a real
/// change of one of the demo's monthly values of next year.
async fn time_per_op(db: &Db) -> Duration {
    let staff = db.users().await.unwrap().into_iter().find(|user| user.role == Role::StafEvaluasi).unwrap();
    let actor = Actor { user_id: staff.id, role: staff.role, unit_id: staff.unit_id };
    let year = time::OffsetDateTime::now_utc().year() + 1;
    let keys: Vec<Key> = kinerja_server::demo::monthly_indicators()
        .into_iter()
        .flat_map(|(indicator_id, unit_id)| {
            (1..=12).map(move |month| Key::Realisation {
                indicator_id: indicator_id.clone(),
                unit_id: unit_id.clone(),
                period: Period::month(year, month).unwrap(),
            })
        })
        .collect();
    let mut held: HashMap<usize, (i64, Option<String>)> = HashMap::new();
    let device = uuid::Uuid::new_v4().to_string();
    let mut elapsed = Duration::ZERO;
    for p in 0..WARM_UP + PUSHES {
        let slots: Vec<usize> = (0..BATCH).map(|i| (p * BATCH + i) % keys.len()).collect();
        let ops = slots
            .iter()
            .enumerate()
            .map(|(i, &slot)| {
                let (revision, value) = held.get(&slot).cloned().unwrap_or_default();
                Op {
                    op_id: uuid::Uuid::now_v7().to_string(),
                    seq: (p * BATCH + i + 1) as i64,
                    key: keys[slot].clone(),
                    base_revision: revision,
                    base: Fields::from([("value".to_owned(), value)]),
                    new: Fields::from([("value".to_owned(), Some(p.to_string()))]),
                    client_time: "2026-12-01T08:00:00Z".to_owned(),
                }
            })
            .collect();
        let push = Push { protocol: 1, device_id: device.clone(), instance_id: None, ops };
        let started = Instant::now();
        let answer = db.push(&actor, &push).await.unwrap();
        if p >= WARM_UP {
            elapsed += started.elapsed();
        }
        for (slot, answer) in slots.iter().zip(answer.answers) {
            assert_eq!(answer.outcome, Outcome::Applied, "{answer:?}");
            held.insert(*slot, (answer.revision, answer.state.get("value").cloned().flatten()));
        }
    }
    elapsed / (PUSHES * BATCH) as u32
}

#[tokio::main]
async fn main() {
    println!("lock history benchmark: {PUSHES} pushes of {BATCH} ops into next year");
    let mut per_op = Vec::new();
    for years in [1, 6] {
        let dir = tempfile::tempdir().unwrap();
        let (db, locks) = with_history(dir.path(), years).await;
        let time = time_per_op(&db).await;
        println!("{years} year(s) of locks ({locks} locks): {:.2} µs per op", time.as_secs_f64() * 1e6);
        per_op.push(time);
        db.close().await;
    }
    println!("ratio 6 years / 1 year: {:.2}", per_op[1].as_secs_f64() / per_op[0].as_secs_f64());
}
