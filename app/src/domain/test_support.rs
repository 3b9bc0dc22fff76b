//! Shorthands for the domain's tests: periods, decimals and series from text.

use crate::domain::aggregate::Series;
use crate::domain::period::Period;
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
