//! Benchmark: the annual report (LKjIP measurement tables) of the whole
//! agency compiled the way `GET /api/v1/reports/annual/{year}/1` does it —
//! load the year's and the previous year's values from SQLite, then
//! `domain::report::compile` (the year, its two semesters and the year
//! before) — for 200 units × 50 indicators × 12 months, and again for twice
//! the units. Prints the median time of each, the compile alone, and the
//! ratio of the doubled dataset to the first (linear growth reads ≈ 2).
//!
//! Run: `cargo bench -p kinerja-server --bench report_compile`

mod dataset;

use dataset::{RUNS, YEAR, build, median};
use kinerja_core::domain::period::Period;
use kinerja_core::domain::report::compile;
use kinerja_server::db;
use std::time::{Duration, Instant};

/// Median (load + compile, compile alone) and the report's row count.
async fn measure(units: usize) -> (Duration, Duration, usize) {
    let dir = tempfile::tempdir().unwrap();
    let db = db::open(dir.path()).await.unwrap();
    let started = Instant::now();
    build(&db, units).await;
    println!(
        "dataset: {units} units × {} indicators × 12 months = {} values, stored in {:.1} s",
        dataset::INDICATORS,
        units * dataset::INDICATORS * 12,
        started.elapsed().as_secs_f64()
    );
    let period = Period::year(YEAR).unwrap();
    let (mut whole, mut alone, mut rows) = (Vec::new(), Vec::new(), 0);
    for _ in 0..RUNS {
        let started = Instant::now();
        let data = db.report_data(period, None).await.unwrap();
        let compiling = Instant::now();
        let report = compile(&data, period, None).unwrap();
        alone.push(compiling.elapsed());
        whole.push(started.elapsed());
        rows = report.rows.len() + report.completeness.len();
    }
    db.close().await;
    (median(whole), median(alone), rows)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

#[tokio::main]
async fn main() {
    let (whole, alone, rows) = measure(200).await;
    let (whole2, alone2, rows2) = measure(400).await;
    println!("annual report, agency-wide ({rows} / {rows2} rows and completeness lines):");
    println!("{:>10} {:>18} {:>14}", "units", "load + compile ms", "compile ms");
    println!("{:>10} {:>18.1} {:>14.1}", 200, ms(whole), ms(alone));
    println!("{:>10} {:>18.1} {:>14.1}", 400, ms(whole2), ms(alone2));
    println!(
        "ratio twice the data / the data: load + compile {:.2}, compile {:.2} (linear ≈ 2)",
        whole2.as_secs_f64() / whole.as_secs_f64(),
        alone2.as_secs_f64() / alone.as_secs_f64()
    );
}
