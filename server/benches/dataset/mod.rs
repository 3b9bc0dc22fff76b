//! The dataset the benchmarks share: `units` units (OPD) × 50 monthly
//! indicators × 12 months of one year in a real SQLite file, every unit
//! reporting every indicator, with the five aggregation rules, both
//! polarities and both target modes in turn.

use kinerja_core::domain::indicator_rule::{Aggregation, Frequency, IndicatorRule, Polarity, TargetMode};
use kinerja_core::domain::org::UnitKind;
use kinerja_core::domain::period::Period;
use kinerja_core::domain::plan::{Indicator, YearPlan};
use kinerja_core::domain::realisation::Realisation;
use kinerja_core::domain::target::Targets;
use kinerja_server::db::{self, Unit};
use rust_decimal::Decimal;
use std::time::Duration;

pub const INDICATORS: usize = 50;
pub const YEAR: i32 = 2026;
pub const RUNS: usize = 7;

pub fn median(mut samples: Vec<Duration>) -> Duration {
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

pub async fn build(db: &db::Db, units: usize) -> Vec<Unit> {
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
        db.add_unit(&unit, None).await.unwrap();
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
            program_id: None,
            baseline: None,
            baseline_year: None,
            end_target: None,
            renstra_targets: Vec::new(),
            active: true,
        };
        db.save_indicator(&indicator, None).await.unwrap();
        let step = Decimal::from(25 + n as i64);
        let quarters =
            [1, 2, 3, 4].map(|q| Some(if n.is_multiple_of(2) { step } else { step * Decimal::from(q) }));
        let annual = step * Decimal::from(4);
        plans.push(YearPlan {
            indicator_id: indicator.id.clone(),
            year: YEAR,
            targets: Targets::points(Some(annual), quarters),
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
    db.save_year_plans(&plans, None).await.unwrap();
    db.save_realisations(&values, None).await.unwrap();
    all
}
