//! Shorthands for the domain's tests: periods, decimals and series from text.

use crate::domain::aggregate::Series;
use crate::domain::indicator::{Aggregation, Frequency, IndicatorRule};
use crate::domain::period::Period;
use crate::domain::plan::Indicator;
use rust_decimal::Decimal;
use std::str::FromStr;

pub fn p(text: &str) -> Period {
    text.parse().unwrap()
}

pub fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

/// A series from (period, value) text pairs.
pub fn series(entries: &[(&str, &str)]) -> Series {
    entries.iter().map(|(period, value)| (p(period), d(value))).collect()
}

/// A monthly, summed indicator reported by `responsible` and `contributors`.
pub fn indicator(id: &str, responsible: &str, contributors: &[&str], active: bool) -> Indicator {
    Indicator {
        id: id.into(),
        code: id.to_uppercase(),
        name: format!("Indikator {id}"),
        sasaran_id: None,
        unit_of_measure: "dokumen".into(),
        rule: IndicatorRule {
            aggregation: Aggregation::Sum,
            frequency: Frequency::Monthly,
            ..IndicatorRule::default()
        },
        definition: String::new(),
        formula: String::new(),
        data_source: String::new(),
        responsible_unit_id: responsible.into(),
        contributor_unit_ids: contributors.iter().map(|c| c.to_string()).collect(),
        baseline: None,
        baseline_year: None,
        end_target: None,
        active,
    }
}
