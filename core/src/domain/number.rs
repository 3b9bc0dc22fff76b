//! The one rule for numbers that come in as text — from a device's push,
//! the JSON of the plans, ceilings, spending and indicators, and the cells
//! of an imported workbook: plain decimal notation (digits, at most one
//! full stop, a leading minus), no exponent, no plus sign, no spaces. A
//! number is refused, with the same problem on every path, when it has
//! more decimals than can be kept, more digits than any measured or
//! planned value has, is negative, or is a negative zero. Refusing, never
//! rounding: a value too fine to keep is an entry error, and a silent
//! rounding would change what the user wrote.

use crate::domain::validate::{DECIMALS_MAX, Problem, VALUE_MAX};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};
use std::str::FromStr;

/// The most digits before the decimal point: those of `VALUE_MAX`.
const WHOLE_DIGITS_MAX: usize = 16;

/// Reads `text` by the rule, or says what is wrong with it.
pub fn read(text: &str) -> Result<Decimal, Problem> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || !digits(whole)
        || !digits(fraction)
        || (unsigned.contains('.') && fraction.is_empty())
    {
        return Err(Problem::Invalid);
    }
    let significant = whole.trim_start_matches('0');
    let decimals = fraction.trim_end_matches('0');
    if significant.len() > WHOLE_DIGITS_MAX || decimals.len() > DECIMALS_MAX {
        return Err(Problem::OutOfRange);
    }
    let value = Decimal::from_str(unsigned).map_err(|_| Problem::OutOfRange)?;
    if negative {
        return Err(if value.is_zero() { Problem::Invalid } else { Problem::Negative });
    }
    if value > Decimal::from(VALUE_MAX) {
        return Err(Problem::OutOfRange);
    }
    Ok(value.normalize())
}

/// The marker a refused number's deserialisation error begins with, so the
/// API can answer it as a field problem (`validation_failed`) rather than
/// as an unreadable body.
pub const REFUSED: &str = "number refused: ";

/// What a JSON number or string holds, as text.
#[derive(Deserialize)]
#[serde(untagged)]
enum Written {
    Text(String),
    Whole(u64),
    Signed(i64),
    Float(f64),
}

impl Written {
    fn text(self) -> String {
        match self {
            Written::Text(text) => text,
            Written::Whole(n) => n.to_string(),
            Written::Signed(n) => n.to_string(),
            Written::Float(f) => f.to_string(),
        }
    }
}

fn checked<E: serde::de::Error>(written: Written) -> Result<Decimal, E> {
    read(&written.text()).map_err(|problem| E::custom(format!("{REFUSED}{}", problem.code())))
}

/// `#[serde(deserialize_with = "number::amount")]`: a `Decimal` read by the rule.
pub fn amount<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
    checked(Written::deserialize(deserializer)?)
}

/// `#[serde(default, deserialize_with = "number::optional")]`: an optional
/// `Decimal` read by the rule; `null` is none.
pub fn optional<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Decimal>, D::Error> {
    Option::<Written>::deserialize(deserializer)?.map(checked).transpose()
}

/// Four optional quarter values, each read by the rule.
pub fn quarters<'de, D: Deserializer<'de>>(deserializer: D) -> Result<[Option<Decimal>; 4], D::Error> {
    let written = <[Option<Written>; 4]>::deserialize(deserializer)?;
    let mut out = [None; 4];
    for (slot, value) in out.iter_mut().zip(written) {
        *slot = value.map(checked).transpose()?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn plain_decimals_are_read_and_normalised() {
        for (text, value) in
            [("0", "0"), ("12", "12"), ("12.50", "12.5"), ("007", "7"), ("0.000001", "0.000001")]
        {
            assert_eq!(read(text), Ok(Decimal::from_str(value).unwrap()), "{text}");
        }
        assert_eq!(read(&VALUE_MAX.to_string()), Ok(Decimal::from(VALUE_MAX)));
        assert_eq!(read(&(VALUE_MAX + 1).to_string()), Err(Problem::OutOfRange));
    }

    #[test]
    fn everything_else_is_refused_with_its_problem() {
        for text in [
            "", " 1", "1 ", "+1", "1e3", "1E3", "1,5", ".5", "5.", "1.2.3", "0x10", "NaN", "inf", "-0",
            "-0.00", "--1", "١٢",
        ] {
            assert_eq!(read(text), Err(Problem::Invalid), "{text:?}");
        }
        for text in [
            "0.0000001",
            "1.1234567",
            &"9".repeat(20),
            &format!("1.{}", "0".repeat(199) + "1"),
            "1000000000000000001",
        ] {
            assert_eq!(read(text), Err(Problem::OutOfRange), "{text:?}");
        }
        assert_eq!(read("-5"), Err(Problem::Negative));
        assert_eq!(
            read("1.5000000000"),
            Ok(Decimal::from_str("1.5").unwrap()),
            "trailing zeros are no decimals"
        );
    }

    #[test]
    fn json_numbers_and_strings_follow_the_same_rule() {
        #[derive(Deserialize, Debug)]
        struct Plan {
            #[serde(deserialize_with = "amount")]
            pagu: Decimal,
            #[serde(default, deserialize_with = "optional")]
            target: Option<Decimal>,
        }
        let read = |json: &str| serde_json::from_str::<Plan>(json).map_err(|e| e.to_string());
        let plan = read(r#"{"pagu": 1500, "target": "12.5"}"#).unwrap();
        assert_eq!((plan.pagu, plan.target), (Decimal::from(1500), Some(Decimal::from_str("12.5").unwrap())));
        assert_eq!(read(r#"{"pagu": "1", "target": null}"#).unwrap().target, None);
        assert!(read(r#"{"pagu": "1e3"}"#).unwrap_err().contains(&format!("{REFUSED}invalid")));
        assert!(read(r#"{"pagu": "-0"}"#).unwrap_err().contains(&format!("{REFUSED}invalid")));
        assert!(
            read(r#"{"pagu": 1, "target": 0.0000001}"#)
                .unwrap_err()
                .contains(&format!("{REFUSED}out_of_range"))
        );
    }

    proptest! {
        /// Whatever the text, a value read back prints as text the rule reads
        /// to the same value, and a refusal is one of the three problems.
        #[test]
        fn the_rule_is_a_fixed_point(text in "-?[0-9]{0,22}(\\.[0-9]{0,9})?([eE][0-9])?") {
            match read(&text) {
                Ok(value) => {
                    prop_assert_eq!(read(&value.to_string()), Ok(value));
                    prop_assert!(value.scale() as usize <= DECIMALS_MAX);
                }
                Err(problem) => prop_assert!(matches!(problem, Problem::Invalid | Problem::OutOfRange | Problem::Negative)),
            }
        }
    }
}
