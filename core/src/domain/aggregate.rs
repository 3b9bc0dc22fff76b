//! Aggregation over periods: a quarter's, semester's or year's value is the
//! indicator's rule (sum, last, average, max, min) applied to the entry
//! periods inside it that have data — months or quarters, by the indicator's
//! frequency — never to the results of the levels between, and never typed
//! in. Missing values are missing, never zero: they lower completeness and
//! make a value partial, and a period with no data at all has no value.
//! `docs/aggregation.md` works the rules through an example.

use crate::domain::indicator_rule::{Aggregation, IndicatorRule};
use crate::domain::period::Period;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The values entered for one indicator of one unit, keyed by entry period
/// (months for a monthly indicator, quarters for a quarterly one).
pub type Series = BTreeMap<Period, Decimal>;

/// A period's value with its completeness.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Aggregate {
    /// `None` when no entry period inside has data (or the sum overflows).
    pub value: Option<Decimal>,
    /// Entry periods inside that have a value.
    pub reported: u32,
    /// Entry periods inside.
    pub expected: u32,
    /// The value does not yet stand for the whole period: some entry period
    /// is missing (sum, average, max, min), or the latest value is not from
    /// the period's last part (last).
    pub partial: bool,
}

impl Aggregate {
    /// An aggregate of nothing: no value, nothing expected.
    pub const NOT_APPLICABLE: Aggregate = Aggregate { value: None, reported: 0, expected: 0, partial: false };

    /// Every entry period inside has a value.
    pub fn complete(&self) -> bool {
        self.reported == self.expected
    }
}

/// The value of `period` for an indicator entered at `rule.frequency`.
/// A period finer than the entry level (a month of a quarterly indicator)
/// is `Aggregate::NOT_APPLICABLE`.
pub fn aggregate(rule: &IndicatorRule, period: Period, series: &Series) -> Aggregate {
    let entry = rule.frequency.entry_level();
    if period.level() < entry {
        Aggregate::NOT_APPLICABLE
    } else {
        over_entries(rule.aggregation, period.descendants(entry), series)
    }
}

/// "Realisasi s.d. TW n": the rule applied to the entry periods from the
/// year's first to the end of `period`'s last quarter.
pub fn aggregate_to_date(rule: &IndicatorRule, period: Period, series: &Series) -> Aggregate {
    let entry = rule.frequency.entry_level();
    let entries = period.quarters_to_date().into_iter().flat_map(|quarter| quarter.descendants(entry));
    over_entries(rule.aggregation, entries, series)
}

/// The rule applied to `entries` (entry periods, in order) as one whole.
fn over_entries(rule: Aggregation, entries: impl IntoIterator<Item = Period>, series: &Series) -> Aggregate {
    let parts: Vec<Aggregate> = entries
        .into_iter()
        .map(|entry| {
            let value = series.get(&entry).copied();
            Aggregate { value, reported: u32::from(value.is_some()), expected: 1, partial: false }
        })
        .collect();
    combine(rule, &parts)
}

/// Combines the aggregates of consecutive parts, in order, into the whole.
pub fn combine(rule: Aggregation, parts: &[Aggregate]) -> Aggregate {
    let reported = parts.iter().map(|p| p.reported).sum();
    let expected = parts.iter().map(|p| p.expected).sum();
    let present = || parts.iter().filter_map(|p| p.value);
    let count = present().count();
    let (value, partial) = match rule {
        Aggregation::Last => {
            let latest = parts.iter().rposition(|p| p.value.is_some());
            let value = latest.and_then(|i| parts[i].value);
            let partial = latest.is_some_and(|i| i + 1 != parts.len() || parts[i].partial);
            (value, partial)
        }
        other => {
            let value = match other {
                Aggregation::Sum => checked_sum(present()),
                Aggregation::Average => checked_sum(present())
                    .and_then(|total| total.checked_div(Decimal::from(count)))
                    .map(|mean| mean.normalize()),
                Aggregation::Max => present().max(),
                Aggregation::Min => present().min(),
                Aggregation::Last => unreachable!("handled above"),
            };
            (value, value.is_some() && reported < expected)
        }
    };
    Aggregate { value, reported, expected, partial }
}

/// Combines the aggregates of several reporting units for the same period
/// into the agency's value: sums add up; stock measures and rates (last,
/// average) take the mean of the units; max and min take the extremes. The
/// result is partial when any unit's value is partial or missing.
pub fn across_units(rule: Aggregation, units: &[Aggregate]) -> Aggregate {
    let basis = match rule {
        Aggregation::Last => Aggregation::Average,
        other => other,
    };
    let merged = combine(basis, units);
    let partial = merged.value.is_some() && units.iter().any(|u| u.partial || u.value.is_none());
    Aggregate { partial, ..merged }
}

fn checked_sum(values: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    let mut values = values.peekable();
    values.peek()?;
    values.try_fold(Decimal::ZERO, |total, v| total.checked_add(v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::indicator_rule::Frequency;
    use crate::domain::period::Level;
    use crate::domain::test_support::{any_rule, any_year, d, p, series};
    use proptest::prelude::*;

    fn monthly(aggregation: Aggregation) -> IndicatorRule {
        IndicatorRule { aggregation, frequency: Frequency::Monthly, ..IndicatorRule::default() }
    }

    fn quarterly(aggregation: Aggregation) -> IndicatorRule {
        IndicatorRule { aggregation, frequency: Frequency::Quarterly, ..IndicatorRule::default() }
    }

    fn agg(value: Option<&str>, reported: u32, expected: u32, partial: bool) -> Aggregate {
        Aggregate { value: value.map(d), reported, expected, partial }
    }

    #[test]
    fn sum_adds_months_into_quarters_semesters_and_the_year() {
        let data = series(&[
            ("2026-01", "2"),
            ("2026-02", "3"),
            ("2026-03", "5"),
            ("2026-04", "1"),
            ("2026-05", "1"),
            ("2026-06", "1"),
        ]);
        let rule = monthly(Aggregation::Sum);
        assert_eq!(aggregate(&rule, p("2026-TW1"), &data), agg(Some("10"), 3, 3, false));
        assert_eq!(aggregate(&rule, p("2026-S1"), &data), agg(Some("13"), 6, 6, false));
        assert_eq!(aggregate(&rule, p("2026"), &data), agg(Some("13"), 6, 12, true));
        assert_eq!(aggregate(&rule, p("2026-S2"), &data), agg(None, 0, 6, false));
    }

    #[test]
    fn a_missing_month_is_not_zero_it_makes_the_value_partial() {
        let data = series(&[("2026-01", "4"), ("2026-03", "6")]);
        let rule = monthly(Aggregation::Sum);
        assert_eq!(aggregate(&rule, p("2026-TW1"), &data), agg(Some("10"), 2, 3, true));
        assert_eq!(aggregate(&rule, p("2026-02"), &data), agg(None, 0, 1, false));
        let avg = monthly(Aggregation::Average);
        assert_eq!(
            aggregate(&avg, p("2026-TW1"), &data),
            agg(Some("5"), 2, 3, true),
            "mean of 4 and 6, not of 4, 0, 6"
        );
    }

    #[test]
    fn a_zero_is_a_value() {
        let data = series(&[("2026-01", "0"), ("2026-02", "0"), ("2026-03", "0")]);
        assert_eq!(aggregate(&monthly(Aggregation::Sum), p("2026-TW1"), &data), agg(Some("0"), 3, 3, false));
    }

    #[test]
    fn last_takes_the_latest_value_and_is_partial_when_it_is_not_the_final_part() {
        let rule = monthly(Aggregation::Last);
        let full = series(&[("2026-01", "60"), ("2026-02", "62"), ("2026-03", "61.5")]);
        assert_eq!(aggregate(&rule, p("2026-TW1"), &full), agg(Some("61.5"), 3, 3, false));
        let early = series(&[("2026-01", "60"), ("2026-02", "62")]);
        assert_eq!(aggregate(&rule, p("2026-TW1"), &early), agg(Some("62"), 2, 3, true));
        let gap_before = series(&[("2026-01", "60"), ("2026-03", "64")]);
        assert_eq!(aggregate(&rule, p("2026-TW1"), &gap_before), agg(Some("64"), 2, 3, false));
        // The year takes S2 → TW4 → December; a missing December makes it partial.
        let year = series(&[("2026-03", "60"), ("2026-11", "70")]);
        assert_eq!(aggregate(&rule, p("2026"), &year), agg(Some("70"), 2, 12, true));
    }

    #[test]
    fn average_is_the_mean_of_the_entries_with_data_at_each_level() {
        let rule = monthly(Aggregation::Average);
        let data = series(&[("2026-01", "90"), ("2026-02", "80"), ("2026-03", "100"), ("2026-04", "70")]);
        assert_eq!(aggregate(&rule, p("2026-TW1"), &data).value, Some(d("90")));
        assert_eq!(aggregate(&rule, p("2026-TW2"), &data).value, Some(d("70")));
        // S1 is the mean of its months with data, not of its quarters' means (80).
        assert_eq!(aggregate(&rule, p("2026-S1"), &data).value, Some(d("85")));
        assert_eq!(aggregate(&rule, p("2026"), &data).value, Some(d("85")));
        let thirds = series(&[("2026-01", "1"), ("2026-02", "1"), ("2026-03", "2")]);
        assert_eq!(
            aggregate(&rule, p("2026-TW1"), &thirds).value.map(crate::domain::formula::round2),
            Some(d("1.33"))
        );
    }

    #[test]
    fn a_year_with_a_missing_quarter_is_the_mean_of_the_quarters_reported() {
        let rule = quarterly(Aggregation::Average);
        let data = series(&[("2026-TW1", "70"), ("2026-TW2", "80"), ("2026-TW4", "90")]);
        assert_eq!(aggregate(&rule, p("2026"), &data), agg(Some("80"), 3, 4, true), "not 82.50");
        assert_eq!(aggregate_to_date(&rule, p("2026-TW4"), &data), agg(Some("80"), 3, 4, true));
        assert_eq!(aggregate(&rule, p("2026-S2"), &data), agg(Some("90"), 1, 2, true));
    }

    #[test]
    fn max_and_min_take_the_extremes_of_what_is_there() {
        let data = series(&[("2026-04", "7"), ("2026-05", "3"), ("2026-09", "9")]);
        assert_eq!(aggregate(&monthly(Aggregation::Max), p("2026"), &data), agg(Some("9"), 3, 12, true));
        assert_eq!(aggregate(&monthly(Aggregation::Min), p("2026"), &data), agg(Some("3"), 3, 12, true));
    }

    #[test]
    fn quarterly_indicators_start_at_the_quarter() {
        let rule = quarterly(Aggregation::Sum);
        let data = series(&[("2026-TW1", "4"), ("2026-TW2", "6"), ("2026-TW3", "5")]);
        assert_eq!(aggregate(&rule, p("2026-TW2"), &data), agg(Some("6"), 1, 1, false));
        assert_eq!(aggregate(&rule, p("2026-S1"), &data), agg(Some("10"), 2, 2, false));
        assert_eq!(aggregate(&rule, p("2026"), &data), agg(Some("15"), 3, 4, true));
        assert_eq!(aggregate(&rule, p("2026-05"), &data), Aggregate::NOT_APPLICABLE);
    }

    #[test]
    fn values_outside_the_period_are_ignored() {
        let data = series(&[("2025-12", "100"), ("2026-01", "1"), ("2027-01", "100")]);
        assert_eq!(aggregate(&monthly(Aggregation::Sum), p("2026"), &data).value, Some(d("1")));
    }

    #[test]
    fn to_date_runs_from_the_first_quarter() {
        let data = series(&[("2026-01", "1"), ("2026-04", "2"), ("2026-07", "4"), ("2026-10", "8")]);
        let sum = monthly(Aggregation::Sum);
        assert_eq!(aggregate_to_date(&sum, p("2026-TW1"), &data).value, Some(d("1")));
        assert_eq!(aggregate_to_date(&sum, p("2026-TW3"), &data), agg(Some("7"), 3, 9, true));
        let last = monthly(Aggregation::Last);
        assert_eq!(aggregate_to_date(&last, p("2026-TW2"), &data).value, Some(d("2")));
    }

    #[test]
    fn units_combine_into_the_agency_value() {
        let a = agg(Some("10"), 3, 3, false);
        let b = agg(Some("20"), 2, 3, true);
        let none = agg(None, 0, 3, false);
        assert_eq!(across_units(Aggregation::Sum, &[a, b]), agg(Some("30"), 5, 6, true));
        assert_eq!(across_units(Aggregation::Sum, &[a, a]), agg(Some("20"), 6, 6, false));
        assert_eq!(across_units(Aggregation::Last, &[a, b]), agg(Some("15"), 5, 6, true));
        assert_eq!(across_units(Aggregation::Average, &[a, none]), agg(Some("10"), 3, 6, true));
        assert_eq!(across_units(Aggregation::Max, &[a, b]).value, Some(d("20")));
        assert_eq!(across_units(Aggregation::Min, &[a, b]).value, Some(d("10")));
        assert_eq!(across_units(Aggregation::Sum, &[none, none]), agg(None, 0, 6, false));
        let last_with_gap = agg(Some("64"), 2, 3, false);
        assert_eq!(across_units(Aggregation::Last, &[last_with_gap]), last_with_gap, "one unit is itself");
    }

    #[test]
    fn a_sum_too_large_to_hold_has_no_value() {
        let data: Series = [(p("2026-01"), Decimal::MAX), (p("2026-02"), Decimal::MAX)].into_iter().collect();
        assert_eq!(aggregate(&monthly(Aggregation::Sum), p("2026-TW1"), &data).value, None);
    }

    /// An average indicator with every entry period of the year filled.
    fn complete_average_year() -> impl Strategy<Value = (IndicatorRule, Series)> {
        prop_oneof![Just(Frequency::Monthly), Just(Frequency::Quarterly)].prop_flat_map(|frequency| {
            let rule =
                IndicatorRule { aggregation: Aggregation::Average, frequency, ..IndicatorRule::default() };
            let slots = Period::year(2026).unwrap().descendants(frequency.entry_level());
            let values = prop::collection::vec((0i64..100_000, 0u32..3), slots.len());
            (
                Just(rule),
                values.prop_map(move |values| {
                    slots.iter().zip(values).map(|(period, (m, s))| (*period, Decimal::new(m, s))).collect()
                }),
            )
        })
    }

    fn rule_and_year() -> impl Strategy<Value = (IndicatorRule, Series)> {
        any_rule().prop_flat_map(|rule| (Just(rule), any_year(rule)))
    }

    /// The rule worked by hand on the entry values inside `period`, in
    /// order, with no levels between and no use of `combine`.
    fn by_hand(rule: Aggregation, period: Period, data: &Series) -> Option<Decimal> {
        let inside: Vec<Decimal> =
            data.iter().filter(|(k, _)| period.contains(**k)).map(|(_, v)| *v).collect();
        let sum = || inside.iter().try_fold(Decimal::ZERO, |total, v| total.checked_add(*v));
        match rule {
            _ if inside.is_empty() => None,
            Aggregation::Sum => sum(),
            Aggregation::Last => inside.last().copied(),
            Aggregation::Average => sum().map(|total| (total / Decimal::from(inside.len())).normalize()),
            Aggregation::Max => inside.iter().max().copied(),
            Aggregation::Min => inside.iter().min().copied(),
        }
    }

    proptest! {
        #[test]
        fn completeness_counts_every_entry_period_once((rule, data) in rule_and_year()) {
            let year = Period::year(2026).unwrap();
            let whole = aggregate(&rule, year, &data);
            prop_assert_eq!(whole.reported as usize, data.len());
            prop_assert_eq!(whole.expected as usize, year.descendants(rule.frequency.entry_level()).len());
            prop_assert_eq!(whole.value.is_none(), data.is_empty());
        }

        /// Every rule, every level: the value is the rule applied to the
        /// entry periods with data, and the value to date is the rule applied
        /// to the entries from January to the period's end.
        #[test]
        fn every_level_is_the_rule_applied_to_the_entries((rule, data) in rule_and_year()) {
            let year = Period::year(2026).unwrap();
            for level in [Level::Quarter, Level::Semester, Level::Year] {
                for period in year.descendants(level) {
                    prop_assert_eq!(aggregate(&rule, period, &data).value, by_hand(rule.aggregation, period, &data));
                    let (_, last) = period.month_span();
                    let so_far: Series = data
                        .iter()
                        .filter(|(k, _)| k.month_span().1 <= last)
                        .map(|(k, v)| (*k, *v))
                        .collect();
                    prop_assert_eq!(
                        aggregate_to_date(&rule, period, &data).value,
                        by_hand(rule.aggregation, year, &so_far)
                    );
                }
            }
        }

        #[test]
        fn a_complete_average_is_the_mean_of_all_entries((rule, data) in complete_average_year()) {
            let year = Period::year(2026).unwrap();
            let whole = aggregate(&rule, year, &data);
            prop_assert!(whole.complete());
            let mean = by_hand(rule.aggregation, year, &data).unwrap();
            prop_assert!((whole.value.unwrap() - mean).abs() < Decimal::new(1, 20));
        }

        #[test]
        fn a_complete_period_is_never_partial((rule, data) in rule_and_year()) {
            let year = Period::year(2026).unwrap();
            for period in year.descendants(Level::Quarter).into_iter().chain(year.children()).chain([year]) {
                let result = aggregate(&rule, period, &data);
                if result.complete() {
                    prop_assert!(!result.partial);
                }
                if rule.aggregation != Aggregation::Last && result.value.is_some() && !result.complete() {
                    prop_assert!(result.partial);
                }
            }
        }

        #[test]
        fn the_value_lies_within_the_entries((rule, data) in rule_and_year()) {
            let year = Period::year(2026).unwrap();
            if let Some(value) = aggregate(&rule, year, &data).value {
                let min = data.values().min().copied().unwrap();
                let max = data.values().max().copied().unwrap();
                if rule.aggregation == Aggregation::Sum {
                    prop_assert!(value >= min);
                } else {
                    prop_assert!(value >= min && value <= max);
                }
            }
        }

        #[test]
        fn to_date_at_the_last_quarter_is_the_whole_year((rule, data) in rule_and_year()) {
            let year = Period::year(2026).unwrap();
            let to_date = aggregate_to_date(&rule, Period::quarter(2026, 4).unwrap(), &data);
            let whole = aggregate(&rule, year, &data);
            prop_assert_eq!(to_date, whole);
        }

        #[test]
        fn adding_an_entry_never_lowers_completeness((rule, data) in rule_and_year(), slot in 0usize..12, v in 0i64..1000) {
            let year = Period::year(2026).unwrap();
            let slots = year.descendants(rule.frequency.entry_level());
            let mut more = data.clone();
            more.insert(slots[slot % slots.len()], Decimal::from(v));
            prop_assert!(aggregate(&rule, year, &more).reported >= aggregate(&rule, year, &data).reported);
        }
    }
}
