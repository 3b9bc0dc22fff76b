//! Field validation shared by the browser (works offline) and the server
//! (the boundary that decides): each failure names the field and a stable
//! code; the interface turns the code into an Indonesian sentence and the
//! API returns it as is.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Why a field was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    Required,
    TooLong,
    Invalid,
    Negative,
    OutOfRange,
    Duplicate,
    UnknownReference,
    /// A cumulative target series must not fall, and TW IV must equal the annual target.
    InconsistentTargets,
    /// The period is not at the indicator's entry frequency.
    WrongPeriod,
    /// Outside what the user's role and unit may change (an imported row).
    Forbidden,
    /// In a locked period (an imported row).
    Locked,
}

impl Problem {
    /// The stable code, as the API writes it.
    pub fn code(self) -> &'static str {
        match self {
            Problem::Required => "required",
            Problem::TooLong => "too_long",
            Problem::Invalid => "invalid",
            Problem::Negative => "negative",
            Problem::OutOfRange => "out_of_range",
            Problem::Duplicate => "duplicate",
            Problem::UnknownReference => "unknown_reference",
            Problem::InconsistentTargets => "inconsistent_targets",
            Problem::WrongPeriod => "wrong_period",
            Problem::Forbidden => "forbidden",
            Problem::Locked => "locked",
        }
    }

    /// A short English message for API clients.
    pub fn message(self) -> &'static str {
        match self {
            Problem::Required => "is required",
            Problem::TooLong => "is too long",
            Problem::Invalid => "is not valid",
            Problem::Negative => "must not be negative",
            Problem::OutOfRange => "is out of range",
            Problem::Duplicate => "is already used",
            Problem::UnknownReference => "refers to something that does not exist",
            Problem::InconsistentTargets => "is inconsistent with the other targets",
            Problem::WrongPeriod => "is not a period this indicator is reported for",
            Problem::Forbidden => "may not be changed by your role and unit",
            Problem::Locked => "falls in a locked period",
        }
    }
}

/// One refused field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub problem: Problem,
}

/// Collects the problems of one record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checker {
    errors: Vec<FieldError>,
}

/// The longest value allowed in a name-like field.
pub const NAME_MAX: usize = 300;
/// The longest narrative or definition text.
pub const TEXT_MAX: usize = 10_000;
/// The largest magnitude a value may have: room for rupiah budgets, small
/// enough that sums of thousands of values never overflow.
pub const VALUE_MAX: i64 = 1_000_000_000_000_000;
/// The most decimals a value keeps.
pub const DECIMALS_MAX: usize = 6;

impl Checker {
    pub fn new() -> Checker {
        Checker::default()
    }

    pub fn fail(&mut self, field: &str, problem: Problem) {
        self.errors.push(FieldError { field: field.to_owned(), problem });
    }

    /// A required single-line text of at most `max` characters.
    pub fn required(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.fail(field, Problem::Required);
        } else {
            self.optional(field, value, max);
        }
    }

    /// An optional text of at most `max` characters.
    pub fn optional(&mut self, field: &str, value: &str, max: usize) {
        if value.chars().count() > max {
            self.fail(field, Problem::TooLong);
        }
    }

    /// A code: 1–40 letters, digits, `.`, `-` or `_`.
    pub fn code(&mut self, field: &str, value: &str) {
        let ok = (1..=40).contains(&value.len())
            && value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
        if value.is_empty() {
            self.fail(field, Problem::Required);
        } else if !ok {
            self.fail(field, Problem::Invalid);
        }
    }

    /// A measured or planned value: not negative, within `VALUE_MAX`.
    pub fn amount(&mut self, field: &str, value: Option<Decimal>) {
        if let Some(value) = value {
            if value.is_sign_negative() && !value.is_zero() {
                self.fail(field, Problem::Negative);
            } else if value > Decimal::from(VALUE_MAX) || value.scale() as usize > DECIMALS_MAX {
                self.fail(field, Problem::OutOfRange);
            }
        }
    }

    pub fn finish(self) -> Result<(), Vec<FieldError>> {
        if self.errors.is_empty() { Ok(()) } else { Err(self.errors) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn a_problem_s_code_is_its_wire_name() {
        for problem in [
            Problem::Required,
            Problem::TooLong,
            Problem::Invalid,
            Problem::Negative,
            Problem::OutOfRange,
            Problem::Duplicate,
            Problem::UnknownReference,
            Problem::InconsistentTargets,
            Problem::WrongPeriod,
            Problem::Forbidden,
            Problem::Locked,
        ] {
            assert_eq!(serde_json::to_value(problem).unwrap(), problem.code());
        }
    }

    #[test]
    fn collects_every_problem_of_a_record() {
        let mut check = Checker::new();
        check.required("name", "  ", NAME_MAX);
        check.required("satuan", "dokumen", 10);
        check.optional("definition", &"x".repeat(11), 10);
        check.code("code", "IKU 01");
        check.code("code2", "");
        check.code("code3", "IKU-01.a_b");
        check.amount("target", Some(Decimal::from_str("-1").unwrap()));
        check.amount("target2", Some(Decimal::from(VALUE_MAX) + Decimal::ONE));
        check.amount("target3", Some(Decimal::from_str("0.0000001").unwrap()));
        check.amount("target4", Some(Decimal::from_str("-0").unwrap()));
        check.amount("target5", None);
        let errors = check.finish().unwrap_err();
        let found: Vec<(&str, Problem)> = errors.iter().map(|e| (e.field.as_str(), e.problem)).collect();
        assert_eq!(
            found,
            vec![
                ("name", Problem::Required),
                ("definition", Problem::TooLong),
                ("code", Problem::Invalid),
                ("code2", Problem::Required),
                ("target", Problem::Negative),
                ("target2", Problem::OutOfRange),
                ("target3", Problem::OutOfRange),
            ]
        );
        assert_eq!(Checker::new().finish(), Ok(()));
        assert!(!Problem::Negative.message().is_empty());
    }
}
