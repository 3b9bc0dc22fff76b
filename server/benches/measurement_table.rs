//! Benchmark: the measurement table of a province-scale dataset — 200 units
//! × 50 indicators × 12 months (120,000 stored values) in a real SQLite file —
//! computed the way the API does it (load the year's values, group, run the
//! domain rules for every unit and for the whole agency), against a plain SQL
//! aggregation of the same rows (`GROUP BY` indicator and unit). Prints the
//! median of several runs of each and their ratio.
//!
//! Run: `cargo bench -p kinerja-server --bench measurement_table`
//! (`SCALE=2` doubles the units).

mod dataset;

use dataset::{RUNS, YEAR, build, median};
use kinerja_core::domain::measurement_table::measurement_table;
use kinerja_core::domain::period::Period;
use kinerja_core::domain::target::Targets;
use kinerja_server::db::{self, Unit};
use std::collections::HashMap;
use std::time::Instant;

/// The API's path for every unit's table and the agency's, for the whole year.
async fn tables(db: &db::Db, units: &[Unit]) -> usize {
    let period = Period::year(YEAR).unwrap();
    let indicators = db.indicators().await.unwrap();
    let targets: HashMap<String, Targets> =
        db.year_plans(YEAR).await.unwrap().into_iter().map(|p| (p.indicator_id, p.targets)).collect();
    let policy = db.policy().await.unwrap();
    let values = db.values_of_year(YEAR, None).await.unwrap();
    let mut rows = measurement_table(&indicators, &targets, &values, &policy, period, None).len();
    for unit in units {
        rows += measurement_table(&indicators, &targets, &values, &policy, period, Some(&unit.id)).len();
    }
    rows
}

/// The baseline: a plain SQL sum per indicator and unit over a year's rows.
/// Returns the number of groups.
async fn plain_sum_by_indicator_and_unit(pool: &sqlx::SqlitePool, year: i32) -> Result<usize, sqlx::Error> {
    let rows: Vec<(String, String, Option<f64>, i64)> = sqlx::query_as(
        "SELECT indicator_id, unit_id, SUM(CAST(value AS REAL)), COUNT(value) FROM realisations \
         WHERE year = ? GROUP BY indicator_id, unit_id",
    )
    .bind(year)
    .fetch_all(pool)
    .await?;
    Ok(rows.len())
}

#[tokio::main]
async fn main() {
    let scale: usize = std::env::var("SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    let units = 200 * scale;
    let dir = tempfile::tempdir().unwrap();
    let db = db::open(dir.path()).await.unwrap();
    let start = Instant::now();
    let all = build(&db, units).await;
    println!(
        "dataset: {units} units × {} indicators × 12 months = {} values, stored in {:.1} s",
        dataset::INDICATORS,
        units * dataset::INDICATORS * 12,
        start.elapsed().as_secs_f64()
    );

    let mut ours = Vec::new();
    let mut rows = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        rows = tables(&db, &all).await;
        ours.push(start.elapsed());
    }
    let mut loads = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        db.values_of_year(YEAR, None).await.unwrap();
        loads.push(start.elapsed());
    }
    let plain_db = sqlx::SqlitePool::connect_with(
        sqlx::sqlite::SqliteConnectOptions::new().filename(dir.path().join(db::DB_FILE)).read_only(true),
    )
    .await
    .unwrap();
    let mut plain = Vec::new();
    let mut groups = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        groups = plain_sum_by_indicator_and_unit(&plain_db, YEAR).await.unwrap();
        plain.push(start.elapsed());
    }
    let (ours, loads, plain) = (median(ours), median(loads), median(plain));
    println!(
        "measurement table (load + group + rules, {rows} rows incl. agency): median {:.1} ms",
        ours.as_secs_f64() * 1e3
    );
    println!(
        "  of which loading the year's values from SQLite:                  median {:.1} ms",
        loads.as_secs_f64() * 1e3
    );
    println!(
        "plain SQL SUM … GROUP BY indicator, unit ({groups} groups):        median {:.1} ms",
        plain.as_secs_f64() * 1e3
    );
    println!("ratio measurement table / plain SQL: {:.2}", ours.as_secs_f64() / plain.as_secs_f64());
    db.close().await;
}
