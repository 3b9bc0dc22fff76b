//! Benchmark: the measurement table of a province-scale dataset — 200 units
//! × 50 indicators × 12 months (120,000 stored values) in a real SQLite file —
//! computed the way the API does it (load the year's values, group, run the
//! domain rules for every unit and for the whole agency), against a plain SQL
//! aggregation of the same rows (`GROUP BY` indicator and unit). Prints the
//! median of several runs of each and their ratio.
//!
//! Run: `cargo bench -p kinerja-server --bench measurement_table`
//! (`SCALE=2` doubles the units).

use kinerja_app::domain::indicator::{Aggregation, Frequency, IndicatorRule, Polarity, TargetMode};
use kinerja_app::domain::org::UnitKind;
use kinerja_app::domain::period::Period;
use kinerja_app::domain::plan::{Indicator, YearPlan};
use kinerja_app::domain::realisation::Realisation;
use kinerja_app::domain::table::measurement_table;
use kinerja_app::domain::target::Targets;
use kinerja_server::db::{self, Unit};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::time::{Duration, Instant};

const INDICATORS: usize = 50;
const YEAR: i32 = 2026;
const RUNS: usize = 7;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn rule(n: usize) -> IndicatorRule {
    let aggregation =
        [Aggregation::Sum, Aggregation::Last, Aggregation::Average, Aggregation::Max, Aggregation::Min]
            [n % 5];
    IndicatorRule {
        polarity: if n % 4 == 3 { Polarity::Negative } else { Polarity::Positive },
        aggregation,
        target_mode: if n.is_multiple_of(2) { TargetMode::PerPeriod } else { TargetMode::Cumulative },
        frequency: Frequency::Monthly,
        negative_formula: None,
        decimals: 2,
    }
}

async fn build(db: &db::Db, units: usize) -> Vec<Unit> {
    let mut all = Vec::with_capacity(units);
    for u in 0..units {
        let unit = Unit {
            id: format!("unit-{u:04}"),
            code: format!("OPD-{u:04}"),
            name: format!("Perangkat daerah {u}"),
            kind: UnitKind::Opd,
            parent_id: None,
            active: true,
        };
        db.add_unit(&unit).await.unwrap();
        all.push(unit);
    }
    let mut plans = Vec::new();
    let mut values = Vec::new();
    for n in 0..INDICATORS {
        let indicator = Indicator {
            id: format!("ind-{n:02}"),
            code: format!("IKU-{n:02}"),
            name: format!("Indikator {n}"),
            sasaran_id: None,
            unit_of_measure: "unit".into(),
            rule: rule(n),
            definition: String::new(),
            formula: String::new(),
            data_source: String::new(),
            responsible_unit_id: all[0].id.clone(),
            contributor_unit_ids: all[1..].iter().map(|u| u.id.clone()).collect(),
            baseline: None,
            baseline_year: None,
            end_target: None,
            active: true,
        };
        db.save_indicator(&indicator).await.unwrap();
        let step = Decimal::from(25 + n as i64);
        let quarters =
            [1, 2, 3, 4].map(|q| Some(if n.is_multiple_of(2) { step } else { step * Decimal::from(q) }));
        let annual = step * Decimal::from(4);
        plans.push(YearPlan {
            indicator_id: indicator.id.clone(),
            year: YEAR,
            targets: Targets { annual: Some(annual), quarters },
            actions: Default::default(),
        });
        for unit in &all {
            for month in 1..=12u8 {
                let value =
                    Decimal::new(((n * 37 + month as usize * 11 + unit.id.len()) % 1000) as i64 + 100, 1);
                values.push((
                    Realisation {
                        indicator_id: indicator.id.clone(),
                        unit_id: unit.id.clone(),
                        period: Period::month(YEAR, month).unwrap(),
                        value: Some(value),
                        analisis: String::new(),
                        kendala: String::new(),
                        tindak_lanjut: String::new(),
                    },
                    indicator.rule,
                ));
            }
        }
    }
    db.save_year_plans(&plans).await.unwrap();
    db.save_realisations(&values, None).await.unwrap();
    all
}

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

#[tokio::main]
async fn main() {
    let scale: usize = std::env::var("SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    let units = 200 * scale;
    let dir = tempfile::tempdir().unwrap();
    let db = db::open(dir.path()).await.unwrap();
    let start = Instant::now();
    let all = build(&db, units).await;
    println!(
        "dataset: {units} units × {INDICATORS} indicators × 12 months = {} values, stored in {:.1} s",
        units * INDICATORS * 12,
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
    let mut plain = Vec::new();
    let mut groups = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        groups = db.plain_sum_by_indicator_and_unit(YEAR).await.unwrap();
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
