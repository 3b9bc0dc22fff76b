//! Shorthands for the domain's tests: periods, decimals and series from
//! text, and the generators of indicator rules and years of entries that
//! the property tests share.

use crate::domain::aggregate::Series;
use crate::domain::indicator_rule::{Aggregation, Frequency, IndicatorRule, Polarity, TargetMode};
use crate::domain::period::Period;
use crate::domain::plan::Indicator;
use proptest::prelude::*;
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
        program_id: None,
        baseline: None,
        baseline_year: None,
        end_target: None,
        renstra_targets: Vec::new(),
        active,
    }
}

/// Any indicator rule: every aggregation, polarity, target mode and frequency.
pub fn any_rule() -> impl Strategy<Value = IndicatorRule> {
    let aggregation = prop::sample::select(vec![
        Aggregation::Sum,
        Aggregation::Last,
        Aggregation::Average,
        Aggregation::Max,
        Aggregation::Min,
    ]);
    let polarity = prop::sample::select(vec![Polarity::Positive, Polarity::Negative]);
    let mode = prop::sample::select(vec![TargetMode::Cumulative, TargetMode::PerPeriod]);
    let frequency = prop::sample::select(vec![Frequency::Monthly, Frequency::Quarterly]);
    (aggregation, polarity, mode, frequency).prop_map(|(aggregation, polarity, target_mode, frequency)| {
        IndicatorRule { aggregation, polarity, target_mode, frequency, ..IndicatorRule::default() }
    })
}

/// A year (2026) of entries at the rule's entry level, each present or missing.
pub fn any_year(rule: IndicatorRule) -> impl Strategy<Value = Series> {
    let slots = Period::year(2026).unwrap().descendants(rule.frequency.entry_level());
    prop::collection::vec(prop::option::of((0i64..100_000, 0u32..3)), slots.len()).prop_map(move |values| {
        slots
            .iter()
            .zip(values)
            .filter_map(|(period, v)| v.map(|(m, s)| (*period, Decimal::new(m, s))))
            .collect()
    })
}
