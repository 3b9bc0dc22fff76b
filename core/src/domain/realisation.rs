//! A realised value: one indicator, one reporting unit, one entry period,
//! with the narratives the reports quote (analisis, kendala, tindak lanjut).
//! An empty value with narratives is allowed — it is still missing as a
//! number, never zero.

use crate::domain::indicator_rule::IndicatorRule;
use crate::domain::period::Period;
use crate::domain::validate::{Checker, FieldError, Problem, TEXT_MAX};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Realisation {
    pub indicator_id: String,
    pub unit_id: String,
    pub period: Period,
    pub value: Option<Decimal>,
    #[serde(default)]
    pub analisis: String,
    #[serde(default)]
    pub kendala: String,
    #[serde(default)]
    pub tindak_lanjut: String,
}

impl Realisation {
    /// Checks the record against its indicator's rule.
    pub fn validate(&self, rule: &IndicatorRule) -> Result<(), Vec<FieldError>> {
        let mut check = Checker::new();
        if self.period.level() != rule.frequency.entry_level() {
            check.fail("period", Problem::WrongPeriod);
        }
        check.amount("value", self.value);
        check.optional("analisis", &self.analisis, TEXT_MAX);
        check.optional("kendala", &self.kendala, TEXT_MAX);
        check.optional("tindak_lanjut", &self.tindak_lanjut, TEXT_MAX);
        check.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::indicator_rule::Frequency;

    fn realisation(period: &str, value: Option<i64>) -> Realisation {
        Realisation {
            indicator_id: "i".into(),
            unit_id: "u".into(),
            period: period.parse().unwrap(),
            value: value.map(Decimal::from),
            analisis: String::new(),
            kendala: String::new(),
            tindak_lanjut: String::new(),
        }
    }

    #[test]
    fn the_period_must_be_at_the_entry_frequency() {
        let monthly = IndicatorRule { frequency: Frequency::Monthly, ..IndicatorRule::default() };
        let quarterly = IndicatorRule { frequency: Frequency::Quarterly, ..IndicatorRule::default() };
        assert_eq!(realisation("2026-03", Some(4)).validate(&monthly), Ok(()));
        assert_eq!(realisation("2026-TW1", None).validate(&quarterly), Ok(()));
        let wrong = realisation("2026-TW1", Some(4)).validate(&monthly).unwrap_err();
        assert_eq!(wrong[0].problem, Problem::WrongPeriod);
        let negative = realisation("2026-03", Some(-4)).validate(&monthly).unwrap_err();
        assert_eq!(negative[0].problem, Problem::Negative);
        let mut long = realisation("2026-03", Some(1));
        long.kendala = "x".repeat(TEXT_MAX + 1);
        assert_eq!(long.validate(&monthly).unwrap_err()[0].field, "kendala");
    }
}
