//! Reading and writing numbers and dates the way Indonesian officials write
//! them (`1.234,56`, `24 November 2026`), with an English variant for the
//! English interface. Values are decimals end to end: never floats, never
//! integers that drop the fraction.

use crate::domain::number;
use crate::domain::validate::Problem;
use rust_decimal::{Decimal, RoundingStrategy};
use time::{Date, Month, PrimitiveDateTime, Weekday};

/// The language conventions a formatted value follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `1.234,56`, `24 November 2026`, `14.05`.
    Indonesian,
    /// `1,234.56`, `24 November 2026`, `14:05`.
    English,
}

impl Style {
    fn decimal_mark(self) -> char {
        match self {
            Style::Indonesian => ',',
            Style::English => '.',
        }
    }

    fn group_mark(self) -> char {
        match self {
            Style::Indonesian => '.',
            Style::English => ',',
        }
    }

    fn time_mark(self) -> char {
        match self {
            Style::Indonesian => '.',
            Style::English => ':',
        }
    }
}

/// Formats `value` rounded half away from zero to `places` decimals, with
/// thousands grouped: `format_decimal(1234.567, 2, Indonesian)` is `1.234,57`.
pub fn format_decimal(value: Decimal, places: u32, style: Style) -> String {
    let rounded = value.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    let digits = format!("{:.*}", places as usize, rounded.abs());
    let (whole, fraction) = digits.split_once('.').unwrap_or((&digits, ""));
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 2);
    if rounded.is_sign_negative() && !rounded.is_zero() {
        out.push('-');
    }
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(style.group_mark());
        }
        out.push(digit);
    }
    if !fraction.is_empty() {
        out.push(style.decimal_mark());
        out.push_str(fraction);
    }
    out
}

/// A percentage as shown in reports: `87,50%`.
pub fn format_percent(value: Decimal, places: u32, style: Style) -> String {
    format!("{}%", format_decimal(value, places, style))
}

/// Why a typed number was refused; the UI turns each into a sentence.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("empty number")]
    Empty,
    #[error("a number may hold only digits, one sign, group marks and one decimal mark")]
    InvalidCharacter,
    #[error("thousands groups must have three digits")]
    BadGrouping,
    #[error("more than one decimal mark")]
    SeveralDecimalMarks,
}

/// A number typed in `style` (as `plain_number` reads it) read by the one
/// rule for numbers (`domain::number`), with no rounding on the way:
/// unreadable text is `Invalid`, the rest as the rule says.
pub fn read_typed(input: &str, style: Style) -> Result<Decimal, Problem> {
    number::read(&plain_number(input, style).map_err(|_| Problem::Invalid)?)
}

/// The marks between the ends of a range target as PKs write it: `7–8`,
/// `7 - 8`, `7 s.d. 8`, `7 s/d 8`.
const RANGE_MARKS: [&str; 5] = ["–", "—", "s.d.", "s/d", "-"];

/// A target typed in `style`: a number, or a range of two (`80–90`,
/// `7 s.d. 8`), its lower end first. A leading minus is a negative number,
/// never a range.
pub fn read_target(input: &str, style: Style) -> Result<(Decimal, Option<Decimal>), Problem> {
    let text = input.trim();
    let split = RANGE_MARKS.iter().find_map(|mark| {
        let at = text.get(1..)?.find(mark)? + 1;
        Some((&text[..at], &text[at + mark.len()..]))
    });
    match split {
        None => Ok((read_typed(text, style)?, None)),
        Some((low, high)) => {
            let (low, high) = (read_typed(low, style)?, read_typed(high, style)?);
            if high < low {
                return Err(Problem::InconsistentTargets);
            }
            Ok((low, (high > low).then_some(high)))
        }
    }
}

/// A target as written: `7,00` or, for a range, `7,00–8,00`.
pub fn format_target(low: Decimal, high: Option<Decimal>, places: u32, style: Style) -> String {
    match high {
        Some(high) => {
            format!("{}–{}", format_decimal(low, places, style), format_decimal(high, places, style))
        }
        None => format_decimal(low, places, style),
    }
}

/// A number typed in `style` as plain text (`-1234.5`), digits as typed:
/// `1.234,5`, `1234,5`, `-0,25` and `12` in Indonesian. Group marks are
/// optional but, when present, must group by three, so an English-style
/// `12.5` is refused instead of silently read as 125. Surrounding spaces
/// are ignored.
fn plain_number(input: &str, style: Style) -> Result<String, NumberError> {
    let text = input.trim();
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    if body.is_empty() {
        return Err(NumberError::Empty);
    }
    let mut parts = body.split(style.decimal_mark());
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next();
    if parts.next().is_some() {
        return Err(NumberError::SeveralDecimalMarks);
    }
    let whole_digits = ungroup(whole, style.group_mark())?;
    if whole_digits.is_empty() {
        return Err(if fraction.is_some() { NumberError::InvalidCharacter } else { NumberError::Empty });
    }
    let mut plain = String::with_capacity(body.len() + 1);
    if negative {
        plain.push('-');
    }
    plain.push_str(&whole_digits);
    if let Some(fraction) = fraction {
        if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NumberError::InvalidCharacter);
        }
        plain.push('.');
        plain.push_str(fraction);
    }
    Ok(plain)
}

fn ungroup(whole: &str, group_mark: char) -> Result<String, NumberError> {
    if !whole.chars().all(|c| c.is_ascii_digit() || c == group_mark) {
        return Err(NumberError::InvalidCharacter);
    }
    let groups: Vec<&str> = whole.split(group_mark).collect();
    if groups.len() > 1 {
        let first_ok = (1..=3).contains(&groups[0].len());
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            return Err(NumberError::BadGrouping);
        }
    }
    Ok(groups.concat())
}

const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The month's full name: `Maret` / `March`.
pub fn month_name(month: Month, style: Style) -> &'static str {
    let index = usize::from(u8::from(month)) - 1;
    match style {
        Style::Indonesian => MONTHS_ID[index],
        Style::English => MONTHS_EN[index],
    }
}

/// The weekday's name: `Selasa` / `Tuesday`.
pub fn weekday_name(day: Weekday, style: Style) -> &'static str {
    let (id, en) = match day {
        Weekday::Monday => ("Senin", "Monday"),
        Weekday::Tuesday => ("Selasa", "Tuesday"),
        Weekday::Wednesday => ("Rabu", "Wednesday"),
        Weekday::Thursday => ("Kamis", "Thursday"),
        Weekday::Friday => ("Jumat", "Friday"),
        Weekday::Saturday => ("Sabtu", "Saturday"),
        Weekday::Sunday => ("Minggu", "Sunday"),
    };
    match style {
        Style::Indonesian => id,
        Style::English => en,
    }
}

/// `YYYY-MM-DD` as a calendar date.
pub fn parse_iso_date(text: &str) -> Option<Date> {
    let mut parts = text.splitn(3, '-');
    let year = parts.next().filter(|p| p.len() == 4)?.parse().ok()?;
    let month = parts.next().filter(|p| p.len() == 2)?.parse::<u8>().ok()?;
    let day = parts.next().filter(|p| p.len() == 2)?.parse().ok()?;
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// A date as written in letters and reports: `24 November 2026`.
pub fn format_date(date: Date, style: Style) -> String {
    format!("{} {} {}", date.day(), month_name(date.month(), style), date.year())
}

/// A date with its weekday: `Selasa, 24 November 2026`.
pub fn format_date_long(date: Date, style: Style) -> String {
    format!("{}, {}", weekday_name(date.weekday(), style), format_date(date, style))
}

/// A numeric date for tables: `24/11/2026` in both styles (day first).
pub fn format_date_short(date: Date) -> String {
    format!("{:02}/{:02}/{}", date.day(), u8::from(date.month()), date.year())
}

/// A date and time: `24 November 2026 14.05` (Indonesian marks the hour with a dot).
pub fn format_datetime(at: PrimitiveDateTime, style: Style) -> String {
    format!("{} {:02}{}{:02}", format_date(at.date(), style), at.hour(), style.time_mark(), at.minute())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;
    use time::macros::{date, datetime};

    /// A typed number read as a decimal (the reading before the rule's bounds).
    fn parse_decimal(input: &str, style: Style) -> Result<Decimal, NumberError> {
        plain_number(input, style).map(|plain| dec(&plain))
    }

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn a_target_is_a_number_or_a_range_as_pks_write_it() {
        let id = Style::Indonesian;
        let d = |s: &str| Decimal::from_str_exact(s).unwrap();
        assert_eq!(read_target("12,5", id), Ok((d("12.5"), None)));
        assert_eq!(read_target("7–8", id), Ok((d("7"), Some(d("8")))));
        assert_eq!(read_target(" 80 - 90 ", id), Ok((d("80"), Some(d("90")))));
        assert_eq!(read_target("7 s.d. 8,5", id), Ok((d("7"), Some(d("8.5")))));
        assert_eq!(read_target("1.000 s/d 1.500", id), Ok((d("1000"), Some(d("1500")))));
        assert_eq!(read_target("8–8", id), Ok((d("8"), None)), "a range of one value is that value");
        assert_eq!(read_target("9–8", id), Err(Problem::InconsistentTargets));
        assert_eq!(
            read_target("-5", id),
            Err(Problem::Negative),
            "a leading minus is a sign (refused), not a range"
        );
        assert_eq!(read_target("7–", id), Err(Problem::Invalid));
        assert_eq!(format_target(d("7"), Some(d("8")), 0, id), "7–8");
        assert_eq!(format_target(d("12.5"), None, 2, id), "12,50");
        assert_eq!(
            read_target(&format_target(d("80.5"), Some(d("90")), 1, id), id),
            Ok((d("80.5"), Some(d("90"))))
        );
    }

    #[test]
    fn groups_thousands_and_rounds_half_away_from_zero() {
        assert_eq!(format_decimal(dec("1234.565"), 2, Style::Indonesian), "1.234,57");
        assert_eq!(format_decimal(dec("-1234.565"), 2, Style::Indonesian), "-1.234,57");
        assert_eq!(format_decimal(dec("1234567.5"), 0, Style::English), "1,234,568");
        assert_eq!(format_decimal(dec("999.999"), 2, Style::Indonesian), "1.000,00");
        assert_eq!(format_decimal(dec("12"), 2, Style::Indonesian), "12,00");
        assert_eq!(format_decimal(dec("0.004"), 2, Style::Indonesian), "0,00");
        assert_eq!(format_decimal(dec("-0.004"), 2, Style::Indonesian), "0,00");
        assert_eq!(format_decimal(dec("100"), 0, Style::Indonesian), "100");
        assert_eq!(format_percent(dec("87.5"), 2, Style::Indonesian), "87,50%");
    }

    #[test]
    fn reads_indonesian_numbers() {
        let id = Style::Indonesian;
        assert_eq!(parse_decimal("1.234,5", id), Ok(dec("1234.5")));
        assert_eq!(parse_decimal(" 1234,5 ", id), Ok(dec("1234.5")));
        assert_eq!(parse_decimal("-0,25", id), Ok(dec("-0.25")));
        // As the plain rule of `domain::number`: no plus sign, a digit before the mark.
        assert_eq!(parse_decimal("+12", id), Err(NumberError::InvalidCharacter));
        assert_eq!(parse_decimal(",5", id), Err(NumberError::InvalidCharacter));
        assert_eq!(parse_decimal("1.000.000", id), Ok(dec("1000000")));
        assert_eq!(parse_decimal("1,234.5", Style::English), Ok(dec("1234.5")));
    }

    #[test]
    fn typed_numbers_follow_the_rule_for_numbers() {
        let id = Style::Indonesian;
        assert_eq!(read_typed("1.234,5", id), Ok(dec("1234.5")));
        assert_eq!(read_typed("-0", id), Err(Problem::Invalid));
        assert_eq!(read_typed("-2", id), Err(Problem::Negative));
        assert_eq!(read_typed("0,0000001", id), Err(Problem::OutOfRange));
        assert_eq!(
            read_typed(&format!("0,{}", "9".repeat(199)), id),
            Err(Problem::OutOfRange),
            "never rounded"
        );
        assert_eq!(read_typed("1e3", id), Err(Problem::Invalid));
    }

    #[test]
    fn refuses_ambiguous_or_broken_numbers() {
        let id = Style::Indonesian;
        assert_eq!(parse_decimal("", id), Err(NumberError::Empty));
        assert_eq!(parse_decimal("-", id), Err(NumberError::Empty));
        assert_eq!(parse_decimal("12.5", id), Err(NumberError::BadGrouping));
        assert_eq!(parse_decimal("1.23.456", id), Err(NumberError::BadGrouping));
        assert_eq!(parse_decimal(".123", id), Err(NumberError::BadGrouping));
        assert_eq!(parse_decimal("1,2,3", id), Err(NumberError::SeveralDecimalMarks));
        assert_eq!(parse_decimal("12,", id), Err(NumberError::InvalidCharacter));
        assert_eq!(parse_decimal("1,2e3", id), Err(NumberError::InvalidCharacter));
        assert_eq!(parse_decimal("12 a", id), Err(NumberError::InvalidCharacter));
        assert_eq!(parse_decimal("--1", id), Err(NumberError::InvalidCharacter));
        assert_eq!(read_typed("99999999999999999999999999999999", id), Err(Problem::OutOfRange));
    }

    #[test]
    fn writes_dates_in_words() {
        let d = date!(2026 - 11 - 24);
        assert_eq!(format_date(d, Style::Indonesian), "24 November 2026");
        assert_eq!(format_date_long(d, Style::Indonesian), "Selasa, 24 November 2026");
        assert_eq!(format_date_long(d, Style::English), "Tuesday, 24 November 2026");
        assert_eq!(format_date(date!(2026 - 03 - 01), Style::Indonesian), "1 Maret 2026");
        assert_eq!(format_date_short(date!(2026 - 03 - 01)), "01/03/2026");
        let at = datetime!(2026-08-17 09:05);
        assert_eq!(format_datetime(at, Style::Indonesian), "17 Agustus 2026 09.05");
        assert_eq!(format_datetime(at, Style::English), "17 August 2026 09:05");
    }

    #[test]
    fn every_month_and_weekday_has_a_name() {
        let mut month = Month::January;
        for (id, en) in MONTHS_ID.iter().zip(MONTHS_EN) {
            assert_eq!(month_name(month, Style::Indonesian), *id);
            assert_eq!(month_name(month, Style::English), en);
            month = month.next();
        }
        let mut day = Weekday::Monday;
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..7 {
            seen.insert(weekday_name(day, Style::Indonesian));
            day = day.next();
        }
        assert_eq!(seen.len(), 7);
    }

    fn any_decimal() -> impl Strategy<Value = Decimal> {
        (any::<i64>(), 0u32..6).prop_map(|(mantissa, scale)| Decimal::new(mantissa, scale))
    }

    proptest! {
        #[test]
        fn formatted_numbers_read_back(value in any_decimal(), places in 0u32..6) {
            for style in [Style::Indonesian, Style::English] {
                let text = format_decimal(value, places, style);
                let back = parse_decimal(&text, style).unwrap();
                let expected = value.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
                prop_assert_eq!(back, expected);
            }
        }

        #[test]
        fn parsing_never_panics(text in "\\PC{0,24}") {
            let _ = read_typed(&text, Style::Indonesian);
            let _ = read_typed(&text, Style::English);
        }

        #[test]
        fn ungrouped_plain_numbers_read_as_written(whole in 0u64..10_000_000_000, frac in 0u32..1000) {
            let text = format!("{whole},{frac:03}");
            let expected = Decimal::from_str(&format!("{whole}.{frac:03}")).unwrap();
            prop_assert_eq!(parse_decimal(&text, Style::Indonesian), Ok(expected));
        }
    }
}
