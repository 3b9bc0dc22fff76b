//! The measurement table (pengukuran kinerja) of a period: one row per
//! indicator, either for one reporting unit or for the whole agency (its
//! reporting units combined), and how complete each unit's data is. Fed by
//! the server from stored values; also the core of the compiled reports.

use crate::domain::aggregate::Series;
use crate::domain::measurement::{Measurement, measure};
use crate::domain::period::Period;
use crate::domain::plan::Indicator;
use crate::domain::policy::Policy;
use crate::domain::target::Targets;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Entered values grouped by indicator, then by reporting unit.
#[derive(Clone, Debug, Default)]
pub struct Values {
    by_indicator: HashMap<String, HashMap<String, Series>>,
}

impl Values {
    /// Groups (indicator, unit, period, value) entries.
    pub fn from_entries<I, S>(entries: I) -> Values
    where
        I: IntoIterator<Item = (S, S, Period, Decimal)>,
        S: Into<String>,
    {
        let mut values = Values::default();
        for (indicator, unit, period, value) in entries {
            values.insert(&indicator.into(), &unit.into(), period, value);
        }
        values
    }

    /// Adds one entry; ids are copied only the first time they are seen.
    pub fn insert(&mut self, indicator: &str, unit: &str, period: Period, value: Decimal) {
        if !self.by_indicator.contains_key(indicator) {
            self.by_indicator.insert(indicator.to_owned(), HashMap::new());
        }
        let units = self.by_indicator.get_mut(indicator).expect("inserted above");
        if !units.contains_key(unit) {
            units.insert(unit.to_owned(), Series::new());
        }
        units.get_mut(unit).expect("inserted above").insert(period, value);
    }

    fn series(&self, indicator: &str, unit: &str) -> Option<&Series> {
        self.by_indicator.get(indicator)?.get(unit)
    }
}

/// One row of the table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub indicator_id: String,
    pub indicator_code: String,
    pub indicator_name: String,
    pub unit_of_measure: String,
    /// The unit the row is for; `None` for the agency-wide row.
    pub unit_id: Option<String>,
    pub measurement: Measurement,
}

/// The table for `period`: for `unit`, the indicators that unit reports; for
/// the agency (`None`), every active indicator over all its reporting units.
/// Inactive indicators are left out; rows follow the indicators' order.
pub fn measurement_table(
    indicators: &[Indicator],
    targets: &HashMap<String, Targets>,
    values: &Values,
    policy: &Policy,
    period: Period,
    unit: Option<&str>,
) -> Vec<Row> {
    let empty = Series::new();
    indicators
        .iter()
        .filter(|indicator| indicator.active)
        .filter(|indicator| unit.is_none_or(|u| indicator.reporting_units().contains(&u)))
        .map(|indicator| {
            let series: Vec<&Series> = match unit {
                Some(u) => vec![values.series(&indicator.id, u).unwrap_or(&empty)],
                None => indicator
                    .reporting_units()
                    .into_iter()
                    .map(|u| values.series(&indicator.id, u).unwrap_or(&empty))
                    .collect(),
            };
            let indicator_targets = targets.get(&indicator.id).copied().unwrap_or_default();
            Row {
                indicator_id: indicator.id.clone(),
                indicator_code: indicator.code.clone(),
                indicator_name: indicator.name.clone(),
                unit_of_measure: indicator.unit_of_measure.clone(),
                unit_id: unit.map(str::to_owned),
                measurement: measure(&indicator.rule, policy, period, &indicator_targets, &series),
            }
        })
        .collect()
}

/// How many of the indicators a unit reports have their data for a period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitCompleteness {
    pub unit_id: String,
    /// Indicators with a value for every entry period inside the period.
    pub complete: usize,
    pub expected: usize,
}

/// Per reporting unit, in id order: its active indicators whose data for
/// `period` is neither missing nor partial, out of all of them.
pub fn completeness_by_unit(
    indicators: &[Indicator],
    targets: &HashMap<String, Targets>,
    values: &Values,
    policy: &Policy,
    period: Period,
) -> Vec<UnitCompleteness> {
    let empty = Series::new();
    let mut units: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for indicator in indicators.iter().filter(|indicator| indicator.active) {
        let indicator_targets = targets.get(&indicator.id).copied().unwrap_or_default();
        for unit in indicator.reporting_units() {
            let series = values.series(&indicator.id, unit).unwrap_or(&empty);
            let measured = measure(&indicator.rule, policy, period, &indicator_targets, &[series]);
            let counts = units.entry(unit).or_default();
            counts.0 += usize::from(measured.is_complete());
            counts.1 += 1;
        }
    }
    units
        .into_iter()
        .map(|(unit_id, (complete, expected))| UnitCompleteness {
            unit_id: unit_id.to_owned(),
            complete,
            expected,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_support::indicator;

    #[test]
    fn rows_for_a_unit_and_for_the_agency() {
        let indicators = vec![
            indicator("a", "seksi-1", &["opd-1"], true),
            indicator("b", "seksi-2", &[], true),
            indicator("c", "seksi-1", &[], false),
        ];
        let p = |s: &str| s.parse::<Period>().unwrap();
        let values = Values::from_entries([
            ("a", "seksi-1", p("2026-01"), Decimal::from(2)),
            ("a", "opd-1", p("2026-01"), Decimal::from(3)),
            ("b", "seksi-2", p("2026-02"), Decimal::from(7)),
            ("c", "seksi-1", p("2026-01"), Decimal::from(9)),
        ]);
        let targets: HashMap<String, Targets> =
            [("a".to_owned(), Targets::points(Some(Decimal::from(40)), [Some(Decimal::from(10)); 4]))].into();
        let policy = Policy::default();
        let agency = measurement_table(&indicators, &targets, &values, &policy, p("2026-TW1"), None);
        assert_eq!(agency.iter().map(|r| r.indicator_id.as_str()).collect::<Vec<_>>(), vec!["a", "b"]);
        assert_eq!(agency[0].measurement.realisation.value, Some(Decimal::from(5)));
        assert_eq!(agency[0].measurement.capaian.percent(), Some(Decimal::from(50)));
        assert_eq!(agency[1].measurement.realisation.value, Some(Decimal::from(7)));
        let seksi =
            measurement_table(&indicators, &targets, &values, &policy, p("2026-TW1"), Some("seksi-1"));
        assert_eq!(seksi.len(), 1);
        assert_eq!(seksi[0].unit_id.as_deref(), Some("seksi-1"));
        assert_eq!(seksi[0].measurement.realisation.value, Some(Decimal::from(2)));
        let opd = measurement_table(&indicators, &targets, &values, &policy, p("2026-TW1"), Some("opd-1"));
        assert_eq!(opd[0].measurement.realisation.value, Some(Decimal::from(3)));
        assert!(
            measurement_table(&indicators, &targets, &values, &policy, p("2026-TW1"), Some("nobody"))
                .is_empty()
        );
    }

    #[test]
    fn a_unit_is_complete_for_a_quarter_when_each_of_its_indicators_has_every_month() {
        let indicators = vec![
            indicator("a", "seksi-1", &["opd-1"], true),
            indicator("b", "seksi-1", &[], true),
            indicator("c", "seksi-2", &[], false),
        ];
        let p = |s: &str| s.parse::<Period>().unwrap();
        let months = |unit: &'static str, indicator: &'static str, upto: u32| {
            (1..=upto).map(move |m| (indicator, unit, p(&format!("2026-{m:02}")), Decimal::from(m)))
        };
        let values = Values::from_entries(
            months("seksi-1", "a", 3)
                .chain(months("seksi-1", "b", 2))
                .chain(months("opd-1", "a", 3))
                .chain(months("seksi-2", "c", 3)),
        );
        let rows =
            completeness_by_unit(&indicators, &HashMap::new(), &values, &Policy::default(), p("2026-TW1"));
        let counts: Vec<(&str, usize, usize)> =
            rows.iter().map(|r| (r.unit_id.as_str(), r.complete, r.expected)).collect();
        assert_eq!(counts, vec![("opd-1", 1, 1), ("seksi-1", 1, 2)], "b lacks March; c is inactive");
        let january =
            completeness_by_unit(&indicators, &HashMap::new(), &values, &Policy::default(), p("2026-01"));
        assert!(january.iter().all(|r| r.complete == r.expected));
        let april =
            completeness_by_unit(&indicators, &HashMap::new(), &values, &Policy::default(), p("2026-04"));
        assert!(april.iter().all(|r| r.complete == 0));
    }
}
