//! Targets for a period: the annual target of the Perjanjian Kinerja (PK)
//! and the quarter targets of the Rencana Aksi, read according to the
//! indicator's target mode — cumulative quarter targets are levels to reach
//! by the quarter's end, per-period ones cover their quarter alone. A target
//! may be a range, as published PKs write some ("7–8 bulan", "80–90 %"):
//! the lower ends and the upper ends each give a period's target the same way.

use crate::domain::aggregate::{Aggregate, combine};
use crate::domain::indicator_rule::{Aggregation, IndicatorRule, TargetMode};
use crate::domain::number;
use crate::domain::period::{Level, Period};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One indicator's targets for one year.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Targets {
    /// From the PK; a range's lower end.
    #[serde(default, deserialize_with = "number::optional")]
    pub annual: Option<Decimal>,
    /// From the Rencana Aksi, TW I to TW IV; ranges' lower ends.
    #[serde(deserialize_with = "number::quarters")]
    pub quarters: [Option<Decimal>; 4],
    /// The upper ends of the targets written as ranges; none for a point.
    #[serde(default, skip_serializing_if = "Upper::is_empty")]
    pub upper: Upper,
}

/// The upper ends of range targets, in the places of `Targets`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Upper {
    #[serde(default, deserialize_with = "number::optional")]
    pub annual: Option<Decimal>,
    #[serde(default, deserialize_with = "number::quarters")]
    pub quarters: [Option<Decimal>; 4],
}

impl Upper {
    pub fn is_empty(&self) -> bool {
        self.annual.is_none() && self.quarters.iter().all(Option::is_none)
    }
}

/// A period's target: a point, or a range when `high` is set (above `low`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Target {
    pub low: Option<Decimal>,
    pub high: Option<Decimal>,
}

impl Target {
    fn of(low: Option<Decimal>, high: Option<Decimal>) -> Target {
        Target { low, high: high.filter(|high| low.is_some_and(|low| *high > low)) }
    }
}

impl Targets {
    /// Targets that are all points.
    pub fn points(annual: Option<Decimal>, quarters: [Option<Decimal>; 4]) -> Targets {
        Targets { annual, quarters, upper: Upper::default() }
    }

    /// The upper ends as targets of their own: each range's upper end, or
    /// the point target itself.
    pub(crate) fn uppers(&self) -> Targets {
        Targets {
            annual: self.upper.annual.or(self.annual),
            quarters: std::array::from_fn(|i| self.upper.quarters[i].or(self.quarters[i])),
            upper: Upper::default(),
        }
    }

    /// The PK's annual target, as a point or a range.
    pub fn annual_range(&self) -> Target {
        Target::of(self.annual, self.upper.annual)
    }

    /// The target of `period` itself, as a point or a range (each end
    /// derived as `for_period` derives a point).
    pub fn range_for_period(&self, rule: &IndicatorRule, period: Period) -> Target {
        Target::of(self.for_period(rule, period), self.uppers().for_period(rule, period))
    }

    /// The target to date, as a point or a range.
    pub fn range_to_date(&self, rule: &IndicatorRule, period: Period) -> Target {
        Target::of(self.to_date(rule, period), self.uppers().to_date(rule, period))
    }

    fn quarter(&self, index: u8) -> Option<Decimal> {
        match index {
            0 => Some(Decimal::ZERO),
            n => self.quarters.get(usize::from(n) - 1).copied().flatten(),
        }
    }

    /// Combines quarter targets `first..=last` as values of one period; every
    /// one of them must be set.
    fn combined(&self, rule: &IndicatorRule, first: u8, last: u8) -> Option<Decimal> {
        let parts: Option<Vec<Aggregate>> = (first..=last)
            .map(|q| {
                self.quarter(q).map(|v| Aggregate {
                    value: Some(v),
                    reported: 1,
                    expected: 1,
                    partial: false,
                })
            })
            .collect();
        combine(rule.aggregation, &parts?).value
    }

    /// The target of `period` itself: the PK target for a year; for a quarter
    /// or semester, its part of the Rencana Aksi. Months have no target.
    pub fn for_period(&self, rule: &IndicatorRule, period: Period) -> Option<Decimal> {
        let (first, last) = match period.level() {
            Level::Year => return self.annual,
            Level::Month => return None,
            Level::Quarter | Level::Semester => {
                let (first_month, last_month) = period.month_span();
                (first_month.div_ceil(3), last_month / 3)
            }
        };
        match (rule.target_mode, rule.aggregation) {
            (TargetMode::Cumulative, Aggregation::Sum) => {
                self.quarter(last)?.checked_sub(self.quarter(first - 1)?)
            }
            (TargetMode::Cumulative, _) => self.quarter(last),
            (TargetMode::PerPeriod, _) => self.combined(rule, first, last),
        }
    }

    /// The target to date ("s.d. TW n") for the last quarter of `period`.
    pub fn to_date(&self, rule: &IndicatorRule, period: Period) -> Option<Decimal> {
        let last = period.month_span().1 / 3;
        if last == 0 {
            return None;
        }
        match rule.target_mode {
            TargetMode::Cumulative => self.quarter(last),
            TargetMode::PerPeriod => self.combined(rule, 1, last),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_support::p;
    use std::str::FromStr;

    fn targets(annual: &str, quarters: [Option<&str>; 4]) -> Targets {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        Targets::points(Some(d(annual)), quarters.map(|q| q.map(d)))
    }

    fn rule(target_mode: TargetMode, aggregation: Aggregation) -> IndicatorRule {
        IndicatorRule { target_mode, aggregation, ..IndicatorRule::default() }
    }

    fn d(n: i64) -> Option<Decimal> {
        Some(Decimal::from(n))
    }

    #[test]
    fn per_period_sum_targets_add_up() {
        let t = targets("100", [Some("20"), Some("30"), Some("25"), Some("25")]);
        let r = rule(TargetMode::PerPeriod, Aggregation::Sum);
        assert_eq!(t.for_period(&r, p("2026-TW2")), d(30));
        assert_eq!(t.for_period(&r, p("2026-S1")), d(50));
        assert_eq!(t.for_period(&r, p("2026-S2")), d(50));
        assert_eq!(t.for_period(&r, p("2026")), d(100), "the year's target is the PK's");
        assert_eq!(t.to_date(&r, p("2026-TW3")), d(75));
        assert_eq!(t.for_period(&r, p("2026-05")), None);
    }

    #[test]
    fn cumulative_sum_targets_are_differences_for_a_period_and_levels_to_date() {
        let t = targets("100", [Some("20"), Some("50"), Some("75"), Some("100")]);
        let r = rule(TargetMode::Cumulative, Aggregation::Sum);
        assert_eq!(t.for_period(&r, p("2026-TW1")), d(20));
        assert_eq!(t.for_period(&r, p("2026-TW2")), d(30));
        assert_eq!(t.for_period(&r, p("2026-S2")), d(50));
        assert_eq!(t.to_date(&r, p("2026-TW3")), d(75));
        assert_eq!(t.to_date(&r, p("2026-S1")), d(50));
    }

    #[test]
    fn cumulative_stock_targets_are_the_level_to_reach() {
        let t = targets("70", [Some("64"), Some("66"), Some("68"), Some("70")]);
        let r = rule(TargetMode::Cumulative, Aggregation::Last);
        assert_eq!(t.for_period(&r, p("2026-TW2")), d(66));
        assert_eq!(t.for_period(&r, p("2026-S1")), d(66));
        assert_eq!(t.to_date(&r, p("2026-TW3")), d(68));
    }

    #[test]
    fn per_period_stock_and_rate_targets_combine_by_the_indicator_rule() {
        let t = targets("80", [Some("70"), Some("90"), Some("80"), Some("80")]);
        assert_eq!(t.for_period(&rule(TargetMode::PerPeriod, Aggregation::Last), p("2026-S1")), d(90));
        assert_eq!(t.for_period(&rule(TargetMode::PerPeriod, Aggregation::Average), p("2026-S1")), d(80));
        assert_eq!(t.for_period(&rule(TargetMode::PerPeriod, Aggregation::Max), p("2026-S1")), d(90));
        assert_eq!(t.to_date(&rule(TargetMode::PerPeriod, Aggregation::Min), p("2026-TW2")), d(70));
    }

    #[test]
    fn a_missing_quarter_target_leaves_the_combined_target_missing() {
        let t = targets("100", [Some("20"), None, Some("25"), Some("25")]);
        let sum = rule(TargetMode::PerPeriod, Aggregation::Sum);
        assert_eq!(t.for_period(&sum, p("2026-S1")), None);
        assert_eq!(t.for_period(&sum, p("2026-S2")), d(50));
        assert_eq!(t.to_date(&sum, p("2026-TW3")), None);
        let cumulative = rule(TargetMode::Cumulative, Aggregation::Sum);
        assert_eq!(t.for_period(&cumulative, p("2026-TW3")), None);
        assert_eq!(t.for_period(&cumulative, p("2026-TW1")), d(20));
        assert_eq!(Targets::default().for_period(&sum, p("2026")), None);
    }

    #[test]
    fn a_range_target_gives_each_period_a_range_from_its_lower_and_upper_ends() {
        let mut t = targets("7", [Some("7"), Some("7"), Some("7"), Some("7")]);
        t.upper = Upper { annual: d(8), quarters: [d(8), d(9), None, d(7)] };
        let average = rule(TargetMode::PerPeriod, Aggregation::Average);
        assert_eq!(t.annual_range(), Target { low: d(7), high: d(8) });
        assert_eq!(t.range_for_period(&average, p("2026-TW1")), Target { low: d(7), high: d(8) });
        assert_eq!(
            t.range_for_period(&average, p("2026-S1")),
            Target { low: d(7), high: Some(Decimal::new(85, 1)) }
        );
        // TW III's upper end is missing: its point stands for it. TW IV's equals its lower end: a point.
        assert_eq!(t.range_for_period(&average, p("2026-TW3")), Target { low: d(7), high: None });
        assert_eq!(t.range_for_period(&average, p("2026-TW4")), Target { low: d(7), high: None });
        assert_eq!(
            t.range_to_date(&average, p("2026-TW2")),
            Target { low: d(7), high: Some(Decimal::new(85, 1)) }
        );
        assert_eq!(targets("7", [None; 4]).annual_range(), Target { low: d(7), high: None });
    }

    #[test]
    fn a_month_has_no_target_to_date_before_its_quarter_closes() {
        let t = targets("100", [Some("20"), Some("30"), Some("25"), Some("25")]);
        let r = rule(TargetMode::PerPeriod, Aggregation::Sum);
        assert_eq!(t.to_date(&r, p("2026-06")), d(50));
        assert_eq!(t.to_date(&r, p("2026-02")), None);
    }
}
