//! Capaian (achievement against target), its predicate, serapan (budget
//! absorption) and the efficiency reading, exactly as `domain.md` states
//! them. A value that cannot be computed is never shown as zero: it is an
//! `Undefined` with the reason, which the interface shows as "—".

use crate::domain::indicator_rule::{IndicatorRule, NegativeFormula, Polarity};
use crate::domain::policy::{Policy, Predicate};
use crate::domain::target::Target;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// Why a percentage was not computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Undefined {
    /// No realisation for the period: missing is not zero.
    MissingRealisation,
    /// No target for the period.
    MissingTarget,
    /// Target 0: a percentage of nothing.
    ZeroTarget,
    /// Realisation 0 under the `T / R` formula.
    ZeroRealisation,
    /// Budget ceiling (pagu) missing or 0.
    NoBudget,
    /// The numbers are too large to divide exactly.
    OutOfRange,
}

/// A note attached to a computed capaian.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Warning {
    /// The formula gave a negative number; it is shown as 0.
    NegativeShownAsZero,
    /// Above the policy's cap; shown as the cap.
    Capped,
}

/// A capaian: a percentage (full precision) with an optional warning, or the
/// reason there is none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Capaian {
    Value { percent: Decimal, warning: Option<Warning> },
    Undefined { reason: Undefined },
}

impl Capaian {
    fn undefined(reason: Undefined) -> Capaian {
        Capaian::Undefined { reason }
    }

    /// The percentage, if computed.
    pub fn percent(self) -> Option<Decimal> {
        match self {
            Capaian::Value { percent, .. } => Some(percent),
            Capaian::Undefined { .. } => None,
        }
    }

    /// The predicate of a computed capaian.
    pub fn predicate(self, policy: &Policy) -> Option<Predicate> {
        self.percent().map(|percent| predicate(percent, policy))
    }
}

/// `numerator / denominator × 100`, or `None` when it cannot be represented.
fn percent_of(numerator: Decimal, denominator: Decimal) -> Option<Decimal> {
    numerator.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(denominator)
}

/// The capaian of `realisation` against a target that may be a range
/// (docs/domain.md, "Range targets"): a realisation within the range has
/// met it: 100 %, whatever the polarity; outside it, it is measured against
/// the nearer end by the indicator's own formula. A point target is
/// measured as by `capaian`.
pub fn capaian_within(
    target: Target,
    realisation: Option<Decimal>,
    rule: &IndicatorRule,
    policy: &Policy,
) -> Capaian {
    match (target.low, target.high, realisation) {
        (Some(low), Some(high), Some(r)) if (low..=high).contains(&r) => {
            bounded(Decimal::ONE_HUNDRED, policy)
        }
        (Some(low), Some(high), Some(r)) => {
            capaian(Some(if r < low { low } else { high }), realisation, rule, policy)
        }
        _ => capaian(target.low, realisation, rule, policy),
    }
}

/// The capaian of `realisation` against `target` for an indicator under `policy`.
pub fn capaian(
    target: Option<Decimal>,
    realisation: Option<Decimal>,
    rule: &IndicatorRule,
    policy: &Policy,
) -> Capaian {
    let Some(r) = realisation else {
        return Capaian::undefined(Undefined::MissingRealisation);
    };
    let Some(t) = target else {
        return Capaian::undefined(Undefined::MissingTarget);
    };
    let negative = rule.polarity == Polarity::Negative;
    if t.is_zero() {
        return match (negative, policy.zero_target_zero_negative) {
            (true, Some(value)) if r.is_zero() => Capaian::Value { percent: value, warning: None },
            _ => Capaian::undefined(Undefined::ZeroTarget),
        };
    }
    let raw = match (rule.polarity, rule.negative_formula.unwrap_or(policy.negative_formula)) {
        (Polarity::Positive, _) => percent_of(r, t),
        (Polarity::Negative, NegativeFormula::TwiceTargetMinus) => {
            t.checked_mul(Decimal::TWO).and_then(|twice| twice.checked_sub(r)).and_then(|n| percent_of(n, t))
        }
        (Polarity::Negative, NegativeFormula::Inverse) if r.is_zero() => {
            return Capaian::undefined(Undefined::ZeroRealisation);
        }
        (Polarity::Negative, NegativeFormula::Inverse) => percent_of(t, r),
    };
    match raw {
        Some(percent) => bounded(percent, policy),
        None => Capaian::undefined(Undefined::OutOfRange),
    }
}

/// A computed percentage as reported: below zero shown as zero, above the
/// policy's cap shown as the cap, each with its warning.
fn bounded(percent: Decimal, policy: &Policy) -> Capaian {
    if percent.is_sign_negative() && !percent.is_zero() {
        return Capaian::Value { percent: Decimal::ZERO, warning: Some(Warning::NegativeShownAsZero) };
    }
    match policy.cap {
        Some(cap) if percent > cap => Capaian::Value { percent: cap, warning: Some(Warning::Capped) },
        _ => Capaian::Value { percent: percent.normalize(), warning: None },
    }
}

/// Rounds to two decimals, half away from zero: the precision every
/// percentage is shown and judged at.
pub fn round2(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// The predicate of a capaian, judged on its value rounded to two decimals
/// (so 65,499 is 65,50 and reads Rendah; 90,996 is 91,00 and reads Sangat Tinggi).
pub fn predicate(percent: Decimal, policy: &Policy) -> Predicate {
    let shown = round2(percent);
    policy.bands.iter().find(|band| shown >= band.min).map_or(Predicate::SangatRendah, |band| band.predicate)
}

/// Serapan anggaran: budget spent against the ceiling, in percent.
pub fn serapan(pagu: Option<Decimal>, realisasi: Option<Decimal>) -> Capaian {
    let Some(spent) = realisasi else {
        return Capaian::undefined(Undefined::MissingRealisation);
    };
    match pagu {
        Some(pagu) if !pagu.is_zero() => match percent_of(spent, pagu) {
            Some(percent) => Capaian::Value { percent: percent.normalize(), warning: None },
            None => Capaian::undefined(Undefined::OutOfRange),
        },
        _ => Capaian::undefined(Undefined::NoBudget),
    }
}

/// The efficiency reading of LKjIP Bab III A.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Efficiency {
    /// Capaian exceeds serapan by more than the policy's margin.
    Efisien,
    TidakEfisien,
}

/// Compares an indicator's capaian with the serapan of its programme; `None`
/// when either is undefined.
pub fn efficiency(capaian: Capaian, serapan: Capaian, policy: &Policy) -> Option<Efficiency> {
    let gap = capaian.percent()?.checked_sub(serapan.percent()?)?;
    Some(if round2(gap) > policy.efficiency_margin { Efficiency::Efisien } else { Efficiency::TidakEfisien })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::indicator_rule::{Aggregation, Polarity};
    use crate::domain::test_support::d;
    use proptest::prelude::*;

    fn rule(polarity: Polarity) -> IndicatorRule {
        IndicatorRule { polarity, aggregation: Aggregation::Sum, ..IndicatorRule::default() }
    }

    fn inverse() -> IndicatorRule {
        IndicatorRule { negative_formula: Some(NegativeFormula::Inverse), ..rule(Polarity::Negative) }
    }

    fn value(percent: &str) -> Capaian {
        Capaian::Value { percent: d(percent), warning: None }
    }

    fn cap(t: &str, r: &str, rule: &IndicatorRule) -> Capaian {
        capaian(Some(d(t)), Some(d(r)), rule, &Policy::default())
    }

    #[test]
    fn positive_is_realisation_over_target() {
        let positive = rule(Polarity::Positive);
        assert_eq!(cap("80", "60", &positive), value("75"));
        assert_eq!(cap("3", "1", &positive).percent().map(round2), Some(d("33.33")));
        assert_eq!(cap("50", "75", &positive), value("150"), "uncapped by default");
        assert_eq!(cap("10", "0", &positive), value("0"));
    }

    #[test]
    fn negative_default_is_twice_target_minus_realisation() {
        let negative = rule(Polarity::Negative);
        assert_eq!(cap("10", "8", &negative), value("120"));
        assert_eq!(cap("10", "10", &negative), value("100"));
        assert_eq!(cap("10", "15", &negative), value("50"));
        assert_eq!(cap("10", "0", &negative), value("200"));
        assert_eq!(cap("10", "20", &negative), value("0"));
    }

    #[test]
    fn a_negative_result_shows_as_zero_with_a_warning() {
        let negative = rule(Polarity::Negative);
        assert_eq!(
            cap("10", "25", &negative),
            Capaian::Value { percent: Decimal::ZERO, warning: Some(Warning::NegativeShownAsZero) }
        );
    }

    #[test]
    fn the_inverse_variant_is_target_over_realisation() {
        assert_eq!(cap("10", "8", &inverse()), value("125"));
        assert_eq!(cap("10", "20", &inverse()), value("50"));
        assert_eq!(cap("10", "0", &inverse()), Capaian::Undefined { reason: Undefined::ZeroRealisation });
    }

    #[test]
    fn the_policy_formula_applies_unless_the_indicator_names_its_own() {
        let policy = Policy { negative_formula: NegativeFormula::Inverse, ..Policy::default() };
        let negative = rule(Polarity::Negative);
        assert_eq!(capaian(Some(d("10")), Some(d("8")), &negative, &policy), value("125"));
        let own = IndicatorRule { negative_formula: Some(NegativeFormula::TwiceTargetMinus), ..negative };
        assert_eq!(capaian(Some(d("10")), Some(d("8")), &own, &policy), value("120"));
    }

    #[test]
    fn zero_target_is_undefined_except_zero_on_a_negative_indicator() {
        let undefined = Capaian::Undefined { reason: Undefined::ZeroTarget };
        assert_eq!(cap("0", "5", &rule(Polarity::Positive)), undefined);
        assert_eq!(cap("0", "0", &rule(Polarity::Positive)), undefined);
        assert_eq!(cap("0", "3", &rule(Polarity::Negative)), undefined);
        assert_eq!(cap("0", "0", &rule(Polarity::Negative)), value("100"));
        assert_eq!(cap("0", "0", &inverse()), value("100"));
        let strict = Policy { zero_target_zero_negative: None, ..Policy::default() };
        assert_eq!(capaian(Some(d("0")), Some(d("0")), &rule(Polarity::Negative), &strict), undefined);
    }

    #[test]
    fn missing_is_never_zero() {
        let positive = rule(Polarity::Positive);
        let policy = Policy::default();
        assert_eq!(
            capaian(Some(d("10")), None, &positive, &policy),
            Capaian::Undefined { reason: Undefined::MissingRealisation }
        );
        assert_eq!(
            capaian(None, Some(d("10")), &positive, &policy),
            Capaian::Undefined { reason: Undefined::MissingTarget }
        );
        assert_eq!(capaian(Some(d("10")), None, &positive, &policy).predicate(&policy), None);
    }

    #[test]
    fn a_cap_limits_the_shown_value_with_a_warning() {
        let policy = Policy { cap: Some(d("120")), ..Policy::default() };
        let positive = rule(Polarity::Positive);
        assert_eq!(
            capaian(Some(d("10")), Some(d("15")), &positive, &policy),
            Capaian::Value { percent: d("120"), warning: Some(Warning::Capped) }
        );
        assert_eq!(capaian(Some(d("10")), Some(d("11")), &positive, &policy), value("110"));
    }

    #[test]
    fn huge_numbers_are_out_of_range_not_a_panic() {
        let huge = Decimal::MAX;
        let positive = rule(Polarity::Positive);
        assert_eq!(
            capaian(Some(d("0.0000001")), Some(huge), &positive, &Policy::default()),
            Capaian::Undefined { reason: Undefined::OutOfRange }
        );
        assert_eq!(
            capaian(Some(huge), Some(d("1")), &rule(Polarity::Negative), &Policy::default()),
            Capaian::Undefined { reason: Undefined::OutOfRange }
        );
    }

    #[test]
    fn predicate_bands_are_judged_on_the_value_rounded_to_two_decimals() {
        let policy = Policy::default();
        let cases = [
            ("150", Predicate::SangatTinggi),
            ("100", Predicate::SangatTinggi),
            ("91", Predicate::SangatTinggi),
            ("90.995", Predicate::SangatTinggi),
            ("90.994", Predicate::Tinggi),
            ("76", Predicate::Tinggi),
            ("75.99", Predicate::Sedang),
            ("66", Predicate::Sedang),
            ("65.995", Predicate::Sedang),
            ("65.50", Predicate::Rendah),
            ("65.499", Predicate::Rendah),
            ("51", Predicate::Rendah),
            ("50.995", Predicate::Rendah),
            ("50.994", Predicate::SangatRendah),
            ("50", Predicate::SangatRendah),
            ("0", Predicate::SangatRendah),
        ];
        for (percent, expected) in cases {
            assert_eq!(predicate(d(percent), &policy), expected, "{percent}");
        }
    }

    #[test]
    fn range_targets_as_published_pks_write_them() {
        let policy = Policy::default();
        let range = |low: &str, high: &str| Target { low: Some(d(low)), high: Some(d(high)) };
        let shown = |c: Capaian| c.percent().map(|p| p.round_dp(2));
        // "7–8 bulan" to settle a land dispute: lower is better.
        let months = range("7", "8");
        let negative = rule(Polarity::Negative);
        assert_eq!(shown(capaian_within(months, Some(d("7.5")), &negative, &policy)), Some(d("100")));
        assert_eq!(shown(capaian_within(months, Some(d("9")), &negative, &policy)), Some(d("87.5")));
        assert_eq!(shown(capaian_within(months, Some(d("6")), &negative, &policy)), Some(d("114.29")));
        // "80–90 %" of documents processed: higher is better.
        let share = range("80", "90");
        let positive = rule(Polarity::Positive);
        assert_eq!(shown(capaian_within(share, Some(d("85")), &positive, &policy)), Some(d("100")));
        assert_eq!(shown(capaian_within(share, Some(d("72")), &positive, &policy)), Some(d("90")));
        assert_eq!(shown(capaian_within(share, Some(d("99")), &positive, &policy)), Some(d("110")));
        assert_eq!(
            capaian_within(share, None, &positive, &policy),
            Capaian::Undefined { reason: Undefined::MissingRealisation }
        );
        // An agency capping capaian below 100 caps a range that was met as well.
        let capped = Policy { cap: Some(d("95")), ..Policy::default() };
        assert_eq!(
            capaian_within(share, Some(d("85")), &positive, &capped),
            Capaian::Value { percent: d("95"), warning: Some(Warning::Capped) }
        );
    }

    #[test]
    fn serapan_is_spent_over_ceiling() {
        assert_eq!(serapan(Some(d("200000000")), Some(d("150000000"))), value("75"));
        assert_eq!(serapan(Some(d("0")), Some(d("5"))), Capaian::Undefined { reason: Undefined::NoBudget });
        assert_eq!(serapan(None, Some(d("5"))), Capaian::Undefined { reason: Undefined::NoBudget });
        assert_eq!(serapan(Some(d("5")), None), Capaian::Undefined { reason: Undefined::MissingRealisation });
    }

    #[test]
    fn efficiency_needs_capaian_above_serapan_by_more_than_the_margin() {
        let policy = Policy::default();
        assert_eq!(efficiency(value("95"), value("89.99"), &policy), Some(Efficiency::Efisien));
        assert_eq!(efficiency(value("95"), value("90"), &policy), Some(Efficiency::TidakEfisien));
        assert_eq!(efficiency(value("80"), value("90"), &policy), Some(Efficiency::TidakEfisien));
        let none = Capaian::Undefined { reason: Undefined::NoBudget };
        assert_eq!(efficiency(value("95"), none, &policy), None);
    }

    fn positive_decimal() -> impl Strategy<Value = Decimal> {
        (1i64..1_000_000_000, 0u32..4).prop_map(|(m, s)| Decimal::new(m, s))
    }

    proptest! {
        #[test]
        fn positive_capaian_grows_with_realisation(t in positive_decimal(), a in positive_decimal(), b in positive_decimal()) {
            let positive = rule(Polarity::Positive);
            let (low, high) = if a <= b { (a, b) } else { (b, a) };
            let policy = Policy::default();
            let c_low = capaian(Some(t), Some(low), &positive, &policy).percent().unwrap();
            let c_high = capaian(Some(t), Some(high), &positive, &policy).percent().unwrap();
            prop_assert!(c_low <= c_high);
        }

        #[test]
        fn negative_capaian_falls_as_realisation_grows(t in positive_decimal(), a in positive_decimal(), b in positive_decimal()) {
            let (low, high) = if a <= b { (a, b) } else { (b, a) };
            let policy = Policy::default();
            for rule in [rule(Polarity::Negative), inverse()] {
                let c_low = capaian(Some(t), Some(low), &rule, &policy).percent().unwrap();
                let c_high = capaian(Some(t), Some(high), &rule, &policy).percent().unwrap();
                prop_assert!(c_low >= c_high);
                prop_assert!(c_high >= Decimal::ZERO);
            }
        }

        #[test]
        fn meeting_the_target_exactly_is_one_hundred(t in positive_decimal()) {
            let policy = Policy::default();
            for rule in [rule(Polarity::Positive), rule(Polarity::Negative), inverse()] {
                prop_assert_eq!(capaian(Some(t), Some(t), &rule, &policy).percent(), Some(Decimal::ONE_HUNDRED));
            }
        }

        #[test]
        fn a_realisation_within_a_range_meets_it_and_one_outside_is_measured_against_the_nearer_end(
            a in positive_decimal(), b in positive_decimal(), r in positive_decimal()
        ) {
            let (low, high) = if a <= b { (a, b) } else { (b, a) };
            let range = Target { low: Some(low), high: Some(high) };
            let policy = Policy::default();
            for rule in [rule(Polarity::Positive), rule(Polarity::Negative), inverse()] {
                let measured = capaian_within(range, Some(r), &rule, &policy);
                if (low..=high).contains(&r) {
                    prop_assert_eq!(measured.percent(), Some(Decimal::ONE_HUNDRED));
                } else {
                    let nearer = if r < low { low } else { high };
                    prop_assert_eq!(measured, capaian(Some(nearer), Some(r), &rule, &policy));
                }
            }
            let point = Target { low: Some(low), high: None };
            prop_assert_eq!(capaian_within(point, Some(r), &rule(Polarity::Positive), &policy), capaian(Some(low), Some(r), &rule(Polarity::Positive), &policy));
        }

        #[test]
        fn predicate_never_drops_as_capaian_rises(a in 0i64..20_000, b in 0i64..20_000) {
            let policy = Policy::default();
            let (low, high) = if a <= b { (a, b) } else { (b, a) };
            prop_assert!(predicate(Decimal::new(low, 2), &policy) <= predicate(Decimal::new(high, 2), &policy));
        }
    }
}
