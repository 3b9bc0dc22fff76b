//! One row of the measurement table (pengukuran kinerja): for an indicator,
//! a unit and a period — targets, realisation, capaian for the period and to
//! date, the predicate and the flags a reader must see. The quarterly,
//! semester and annual reports and `GET /api/v1/measurements` are made of
//! these rows.

use crate::domain::aggregate::{Aggregate, Series, across_units, aggregate, aggregate_to_date};
use crate::domain::formula::{Capaian, Undefined, Warning, capaian_within};
use crate::domain::indicator_rule::IndicatorRule;
use crate::domain::period::{Level, Period};
use crate::domain::policy::{Policy, Predicate};
use crate::domain::target::Targets;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What a reader of a row must be told.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// No realisation at all for the period.
    Missing,
    /// Some entry periods have no value, or a `last` value is not from the period's end.
    Partial,
    /// No target for the period.
    NoTarget,
    /// Target 0: capaian undefined.
    ZeroTarget,
    /// A negative capaian shown as 0.
    NegativeShownAsZero,
    /// Capaian held at the policy's cap.
    Capped,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measurement {
    pub period: Period,
    /// The PK's annual target (a range's lower end).
    pub annual_target: Option<Decimal>,
    /// The upper end where the annual target is a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_target_upper: Option<Decimal>,
    /// The target of the period itself (a range's lower end).
    pub target: Option<Decimal>,
    /// The upper end where the period's target is a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_upper: Option<Decimal>,
    pub realisation: Aggregate,
    pub capaian: Capaian,
    pub predicate: Option<Predicate>,
    /// Realisation, target and capaian from TW I to the end of the period
    /// (quarters, semesters and years only).
    pub to_date: Option<ToDate>,
    /// Sorted.
    pub flags: Vec<Flag>,
}

impl Measurement {
    /// Whether the period's data is complete: neither missing nor partial.
    pub fn is_complete(&self) -> bool {
        !self.flags.iter().any(|flag| matches!(flag, Flag::Missing | Flag::Partial))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToDate {
    pub target: Option<Decimal>,
    /// The upper end where the target to date is a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_upper: Option<Decimal>,
    pub realisation: Aggregate,
    /// Against the target to date.
    pub capaian: Capaian,
    /// The predicate of `capaian` (absent in reports stored before it was kept).
    #[serde(default)]
    pub predicate: Option<Predicate>,
    /// Against the annual target.
    pub capaian_annual: Capaian,
    /// The predicate of `capaian_annual`.
    #[serde(default)]
    pub predicate_annual: Option<Predicate>,
}

/// Computes one row from the indicator's targets and the values entered by
/// its reporting units (one series per unit; a unit's own row passes one).
pub fn measure(
    rule: &IndicatorRule,
    policy: &Policy,
    period: Period,
    targets: &Targets,
    units: &[&Series],
) -> Measurement {
    let over_units = |f: fn(&IndicatorRule, Period, &Series) -> Aggregate| {
        let parts: Vec<Aggregate> = units.iter().map(|series| f(rule, period, series)).collect();
        across_units(rule.aggregation, &parts)
    };
    let realisation = over_units(aggregate);
    let range = targets.range_for_period(rule, period);
    let target = range.low;
    let annual = targets.annual_range();
    let period_capaian = capaian_within(range, realisation.value, rule, policy);
    let to_date = (period.level() != Level::Month).then(|| {
        let realisation = over_units(aggregate_to_date);
        let range = targets.range_to_date(rule, period);
        let to_target = capaian_within(range, realisation.value, rule, policy);
        let to_annual = capaian_within(annual, realisation.value, rule, policy);
        ToDate {
            target: range.low,
            target_upper: range.high,
            realisation,
            capaian: to_target,
            predicate: to_target.predicate(policy),
            capaian_annual: to_annual,
            predicate_annual: to_annual.predicate(policy),
        }
    });
    let mut flags = Vec::new();
    if realisation.value.is_none() && (realisation.expected > 0 || units.is_empty()) {
        flags.push(Flag::Missing);
    }
    if realisation.partial {
        flags.push(Flag::Partial);
    }
    if target.is_none() && period.level() != Level::Month {
        flags.push(Flag::NoTarget);
    }
    match period_capaian {
        Capaian::Undefined { reason: Undefined::ZeroTarget } => flags.push(Flag::ZeroTarget),
        Capaian::Value { warning: Some(Warning::NegativeShownAsZero), .. } => {
            flags.push(Flag::NegativeShownAsZero)
        }
        Capaian::Value { warning: Some(Warning::Capped), .. } => flags.push(Flag::Capped),
        _ => {}
    }
    flags.sort();
    Measurement {
        period,
        annual_target: annual.low,
        annual_target_upper: annual.high,
        target,
        target_upper: range.high,
        realisation,
        capaian: period_capaian,
        predicate: period_capaian.predicate(policy),
        to_date,
        flags,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::indicator_rule::{Aggregation, Polarity, TargetMode};
    use crate::domain::target::Upper;
    use crate::domain::test_support::{any_rule, any_year, d, p, series};
    use proptest::prelude::*;

    #[test]
    fn a_range_target_is_met_within_it_and_measured_against_the_nearer_end_outside_it() {
        // "7–8 bulan", lower is better, each quarter's mean of its months.
        let rule = IndicatorRule {
            aggregation: Aggregation::Average,
            polarity: Polarity::Negative,
            ..IndicatorRule::default()
        };
        let mut targets = Targets::points(Some(d("7")), [Some(d("7")); 4]);
        targets.upper = Upper { annual: Some(d("8")), quarters: [Some(d("8")); 4] };
        let within = series(&[("2026-01", "7"), ("2026-02", "8"), ("2026-03", "8")]);
        let row = measure(&rule, &Policy::default(), p("2026-TW1"), &targets, &[&within]);
        assert_eq!(
            (row.target, row.target_upper, row.annual_target_upper),
            (Some(d("7")), Some(d("8")), Some(d("8")))
        );
        assert_eq!(row.capaian.percent(), Some(d("100")));
        let late = series(&[("2026-04", "9"), ("2026-05", "9"), ("2026-06", "9")]);
        let row = measure(&rule, &Policy::default(), p("2026-TW2"), &targets, &[&late]);
        assert_eq!(row.capaian.percent(), Some(d("87.5")), "(2 × 8 − 9) / 8");
        let to_date = row.to_date.unwrap();
        assert_eq!((to_date.target, to_date.target_upper), (Some(d("7")), Some(d("8"))));
    }

    #[test]
    fn a_quarter_row_of_a_sum_indicator() {
        let rule = IndicatorRule { aggregation: Aggregation::Sum, ..IndicatorRule::default() };
        let targets = Targets {
            annual: Some(d("120")),
            quarters: [Some(d("30")), Some(d("30")), Some(d("30")), Some(d("30"))],
            upper: Default::default(),
        };
        let data = series(&[
            ("2026-01", "10"),
            ("2026-02", "10"),
            ("2026-03", "10"),
            ("2026-04", "12"),
            ("2026-05", "9"),
        ]);
        let row = measure(&rule, &Policy::default(), p("2026-TW2"), &targets, &[&data]);
        assert_eq!(row.target, Some(d("30")));
        assert_eq!(row.realisation.value, Some(d("21")));
        assert_eq!(row.capaian.percent(), Some(d("70")));
        assert_eq!(row.predicate, Some(Predicate::Sedang));
        assert_eq!(row.flags, vec![Flag::Partial]);
        let to_date = row.to_date.unwrap();
        assert_eq!(to_date.target, Some(d("60")));
        assert_eq!(to_date.realisation.value, Some(d("51")));
        assert_eq!(to_date.capaian.percent(), Some(d("85")));
        assert_eq!(to_date.predicate, Some(Predicate::Tinggi));
        assert_eq!(to_date.capaian_annual.percent(), Some(d("42.5")));
        assert_eq!(to_date.predicate_annual, Some(Predicate::SangatRendah));
    }

    #[test]
    fn a_negative_cumulative_indicator_with_missing_data() {
        let rule = IndicatorRule {
            polarity: Polarity::Negative,
            aggregation: Aggregation::Sum,
            target_mode: TargetMode::Cumulative,
            ..IndicatorRule::default()
        };
        let targets = Targets {
            annual: Some(d("40")),
            quarters: [Some(d("10")), Some(d("20")), Some(d("30")), Some(d("40"))],
            upper: Default::default(),
        };
        let data = series(&[("2026-01", "3"), ("2026-02", "2"), ("2026-03", "3")]);
        let q1 = measure(&rule, &Policy::default(), p("2026-TW1"), &targets, &[&data]);
        assert_eq!(q1.capaian.percent(), Some(d("120")));
        assert!(q1.flags.is_empty());
        let q2 = measure(&rule, &Policy::default(), p("2026-TW2"), &targets, &[&data]);
        assert_eq!(q2.realisation.value, None);
        assert_eq!(q2.capaian, Capaian::Undefined { reason: Undefined::MissingRealisation });
        assert_eq!(q2.predicate, None);
        assert_eq!(q2.flags, vec![Flag::Missing]);
        let to_date = q2.to_date.unwrap();
        assert_eq!(to_date.realisation.value, Some(d("8")));
        assert_eq!(to_date.capaian.percent(), Some(d("160")));
    }

    #[test]
    fn rows_without_targets_or_with_zero_targets_say_so() {
        let rule = IndicatorRule::default();
        let data = series(&[("2026-01", "3")]);
        let none = measure(&rule, &Policy::default(), p("2026-TW1"), &Targets::default(), &[&data]);
        assert_eq!(none.flags, vec![Flag::Partial, Flag::NoTarget]);
        let zero = Targets::points(Some(d("0")), [Some(d("0")); 4]);
        let row = measure(&rule, &Policy::default(), p("2026-TW1"), &zero, &[&data]);
        assert_eq!(row.flags, vec![Flag::Partial, Flag::ZeroTarget]);
        let empty = measure(&rule, &Policy::default(), p("2026-TW3"), &Targets::default(), &[&Series::new()]);
        assert_eq!(empty.flags, vec![Flag::Missing, Flag::NoTarget]);
    }

    #[test]
    fn warnings_of_the_capaian_become_flags() {
        let negative = IndicatorRule { polarity: Polarity::Negative, ..IndicatorRule::default() };
        let targets = Targets::points(Some(d("4")), [Some(d("1")); 4]);
        let data = series(&[("2026-01", "1"), ("2026-02", "1"), ("2026-03", "1")]);
        let row = measure(&negative, &Policy::default(), p("2026-TW1"), &targets, &[&data]);
        assert_eq!(row.flags, vec![Flag::NegativeShownAsZero]);
        let capped = Policy { cap: Some(d("100")), ..Policy::default() };
        let targets = Targets::points(Some(d("4")), [Some(d("2")); 4]);
        let row = measure(&IndicatorRule::default(), &capped, p("2026-TW1"), &targets, &[&data]);
        assert_eq!(row.flags, vec![Flag::Capped]);
    }

    #[test]
    fn the_agency_row_combines_its_reporting_units() {
        let rule = IndicatorRule {
            aggregation: Aggregation::Sum,
            frequency: crate::domain::indicator_rule::Frequency::Quarterly,
            ..IndicatorRule::default()
        };
        let targets = Targets::points(Some(d("40")), [Some(d("10")); 4]);
        let dinas = series(&[("2026-TW1", "4")]);
        let opd = series(&[("2026-TW1", "5")]);
        let row = measure(&rule, &Policy::default(), p("2026-TW1"), &targets, &[&dinas, &opd]);
        assert_eq!(row.realisation.value, Some(d("9")));
        assert_eq!(row.capaian.percent(), Some(d("90")));
        assert!(row.flags.is_empty());
        let nobody = measure(&rule, &Policy::default(), p("2026-TW1"), &targets, &[]);
        assert_eq!(nobody.flags, vec![Flag::Missing]);
    }

    #[test]
    fn a_month_row_has_no_target_and_no_to_date() {
        let row = measure(
            &IndicatorRule::default(),
            &Policy::default(),
            p("2026-02"),
            &Targets::default(),
            &[&Series::new()],
        );
        assert_eq!(row.to_date, None);
        assert_eq!(row.flags, vec![Flag::Missing]);
    }

    fn any_targets() -> impl Strategy<Value = Targets> {
        let target = || prop::option::of((0i64..10_000, 0u32..2).prop_map(|(m, s)| Decimal::new(m, s)));
        (target(), [target(), target(), target(), target()])
            .prop_map(|(annual, quarters)| Targets::points(annual, quarters))
    }

    fn any_case() -> impl Strategy<Value = (IndicatorRule, Targets, Vec<Series>)> {
        any_rule()
            .prop_flat_map(|rule| (Just(rule), any_targets(), prop::collection::vec(any_year(rule), 1..4)))
    }

    proptest! {
        /// A row's period figures equal its to-date figures where the two
        /// span the same months: TW I and Semester I (same target too), and
        /// the year (against the annual target), which also equals TW IV's
        /// figure to date.
        #[test]
        fn a_period_and_its_to_date_agree_where_they_span_the_same_months((rule, targets, units) in any_case()) {
            let units: Vec<&Series> = units.iter().collect();
            let row = |period: &str| measure(&rule, &Policy::default(), p(period), &targets, &units);
            for period in ["2026-TW1", "2026-S1"] {
                let row = row(period);
                let to_date = row.to_date.unwrap();
                prop_assert_eq!(to_date.realisation, row.realisation);
                prop_assert_eq!(to_date.target, row.target);
                prop_assert_eq!(to_date.capaian, row.capaian);
                prop_assert_eq!(to_date.predicate, row.predicate);
            }
            let year = row("2026");
            let to_date = year.to_date.unwrap();
            prop_assert_eq!(to_date.realisation, year.realisation);
            prop_assert_eq!(to_date.capaian_annual, year.capaian);
            prop_assert_eq!(to_date.predicate_annual, year.predicate);
            prop_assert_eq!(row("2026-TW4").to_date.unwrap(), to_date);
        }
    }
}
