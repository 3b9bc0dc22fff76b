//! Reporting periods: a month, a quarter (triwulan, TW I–IV), a semester
//! (S I = TW I + II, S II = TW III + IV) or a year, written `2026-03`,
//! `2026-TW2`, `2026-S1` and `2026`. Every level is made of the level below
//! it, which is what aggregation walks.

use crate::domain::format::{Style, month_name};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The levels of the period hierarchy, finest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Month,
    Quarter,
    Semester,
    Year,
}

/// One reporting period. Built only through the constructors, so the index
/// is always in range (month 1–12, quarter 1–4, semester 1–2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    year: i32,
    level: Level,
    index: u8,
}

/// Years Kinerja accepts: wide enough for any plan, narrow enough to catch typos.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("year {0} is outside {min}–{max}", min = YEARS.start(), max = YEARS.end())]
    Year(i32),
    #[error("month {0} is not 1–12")]
    Month(u8),
    #[error("quarter {0} is not 1–4")]
    Quarter(u8),
    #[error("semester {0} is not 1–2")]
    Semester(u8),
    #[error("`{0}` is not a period (expected 2026, 2026-S1, 2026-TW2 or 2026-03)")]
    Syntax(String),
}

impl Period {
    fn new(year: i32, level: Level, index: u8) -> Result<Period, PeriodError> {
        if !YEARS.contains(&year) {
            return Err(PeriodError::Year(year));
        }
        let ok = match level {
            Level::Month => (1..=12).contains(&index),
            Level::Quarter => (1..=4).contains(&index),
            Level::Semester => (1..=2).contains(&index),
            Level::Year => index == 1,
        };
        match (ok, level) {
            (true, _) => Ok(Period { year, level, index }),
            (false, Level::Month) => Err(PeriodError::Month(index)),
            (false, Level::Quarter) => Err(PeriodError::Quarter(index)),
            (false, Level::Semester) => Err(PeriodError::Semester(index)),
            (false, Level::Year) => Err(PeriodError::Syntax(year.to_string())),
        }
    }

    pub fn month(year: i32, month: u8) -> Result<Period, PeriodError> {
        Period::new(year, Level::Month, month)
    }

    pub fn quarter(year: i32, quarter: u8) -> Result<Period, PeriodError> {
        Period::new(year, Level::Quarter, quarter)
    }

    pub fn semester(year: i32, semester: u8) -> Result<Period, PeriodError> {
        Period::new(year, Level::Semester, semester)
    }

    pub fn year(year: i32) -> Result<Period, PeriodError> {
        Period::new(year, Level::Year, 1)
    }

    pub fn year_number(self) -> i32 {
        self.year
    }

    pub fn level(self) -> Level {
        self.level
    }

    /// The position within the year at this level: month 1–12, quarter 1–4,
    /// semester 1–2, year 1.
    pub fn index(self) -> u8 {
        self.index
    }

    fn months_per_unit(level: Level) -> u8 {
        match level {
            Level::Month => 1,
            Level::Quarter => 3,
            Level::Semester => 6,
            Level::Year => 12,
        }
    }

    /// The first and last month (1–12) this period covers.
    pub fn month_span(self) -> (u8, u8) {
        let width = Period::months_per_unit(self.level);
        let last = self.index * width;
        (last + 1 - width, last)
    }

    /// The period of `level` that contains this one, if `level` is not finer.
    pub fn ancestor(self, level: Level) -> Option<Period> {
        if level < self.level {
            return None;
        }
        let (_, last) = self.month_span();
        let index = last.div_ceil(Period::months_per_unit(level));
        Some(Period { year: self.year, level, index })
    }

    /// The period directly above this one (a year has none).
    pub fn parent(self) -> Option<Period> {
        let level = match self.level {
            Level::Month => Level::Quarter,
            Level::Quarter => Level::Semester,
            Level::Semester => Level::Year,
            Level::Year => return None,
        };
        self.ancestor(level)
    }

    /// The periods directly below this one, in order (a month has none).
    pub fn children(self) -> Vec<Period> {
        match self.level {
            Level::Month => Vec::new(),
            Level::Quarter => self.descendants(Level::Month),
            Level::Semester => self.descendants(Level::Quarter),
            Level::Year => self.descendants(Level::Semester),
        }
    }

    /// Every period of `level` inside this one, in order; empty when `level`
    /// is coarser than this period.
    pub fn descendants(self, level: Level) -> Vec<Period> {
        if level > self.level {
            return Vec::new();
        }
        let width = Period::months_per_unit(level);
        let (first, last) = self.month_span();
        (first.div_ceil(width)..=last / width).map(|index| Period { year: self.year, level, index }).collect()
    }

    /// Whether `other` lies inside this period (a period contains itself).
    pub fn contains(self, other: Period) -> bool {
        other.ancestor(self.level) == Some(self)
    }

    /// The quarters from TW I up to and including this quarter ("s.d. TW n");
    /// for a semester or year, up to its last quarter; for a month, up to the
    /// quarter holding it.
    pub fn quarters_to_date(self) -> Vec<Period> {
        let (_, last) = self.month_span();
        let upto = last.div_ceil(3);
        (1..=upto).map(|index| Period { year: self.year, level: Level::Quarter, index }).collect()
    }

    /// A human label: `Triwulan II 2026`, `Semester I 2026`, `Maret 2026`, `Tahun 2026`.
    pub fn label(self, style: Style) -> String {
        let roman = ["I", "II", "III", "IV"];
        let numeral = roman.get(usize::from(self.index) - 1).copied().unwrap_or("I");
        match (self.level, style) {
            (Level::Month, _) => {
                let month = time::Month::try_from(self.index).unwrap_or(time::Month::January);
                format!("{} {}", month_name(month, style), self.year)
            }
            (Level::Quarter, Style::Indonesian) => format!("Triwulan {numeral} {}", self.year),
            (Level::Quarter, Style::English) => format!("Quarter {numeral} {}", self.year),
            (Level::Semester, _) => format!("Semester {numeral} {}", self.year),
            (Level::Year, Style::Indonesian) => format!("Tahun {}", self.year),
            (Level::Year, Style::English) => format!("Year {}", self.year),
        }
    }
}

/// Chronological by start month, and a longer period after the shorter ones
/// it starts with: `2026-01 < 2026-TW1 < 2026-S1 < 2026 < 2026-02`. Any two
/// periods compare, so they can key ordered maps.
impl Ord for Period {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let key = |p: &Period| (p.year, p.month_span().0, p.level);
        key(self).cmp(&key(other))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.level {
            Level::Month => write!(f, "{}-{:02}", self.year, self.index),
            Level::Quarter => write!(f, "{}-TW{}", self.year, self.index),
            Level::Semester => write!(f, "{}-S{}", self.year, self.index),
            Level::Year => write!(f, "{}", self.year),
        }
    }
}

impl FromStr for Period {
    type Err = PeriodError;

    fn from_str(text: &str) -> Result<Period, PeriodError> {
        let syntax = || PeriodError::Syntax(text.to_owned());
        fn digits(s: &str, len: std::ops::RangeInclusive<usize>) -> Option<&str> {
            (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())).then_some(s)
        }
        let (year, rest) = match text.split_once('-') {
            Some((year, rest)) => (year, Some(rest)),
            None => (text, None),
        };
        let year: i32 = digits(year, 4..=4).and_then(|y| y.parse().ok()).ok_or_else(syntax)?;
        let Some(rest) = rest else {
            return Period::year(year);
        };
        let number = |s: &str, len| digits(s, len).and_then(|n| n.parse::<u8>().ok()).ok_or_else(syntax);
        if let Some(q) = rest.strip_prefix("TW") {
            Period::quarter(year, number(q, 1..=1)?)
        } else if let Some(s) = rest.strip_prefix('S') {
            Period::semester(year, number(s, 1..=1)?)
        } else if rest.len() == 2 {
            Period::month(year, number(rest, 2..=2)?)
        } else {
            Err(syntax())
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Period, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::test_support::p;
    use proptest::prelude::*;

    pub fn any_period() -> impl Strategy<Value = Period> {
        (2020i32..2030, 0usize..4, 1u8..=12).prop_map(|(year, level, n)| match level {
            0 => Period::month(year, n).unwrap(),
            1 => Period::quarter(year, (n - 1) / 3 + 1).unwrap(),
            2 => Period::semester(year, (n - 1) / 6 + 1).unwrap(),
            _ => Period::year(year).unwrap(),
        })
    }

    #[test]
    fn parses_and_prints_every_form() {
        for text in ["2026-03", "2026-12", "2026-TW1", "2026-TW4", "2026-S1", "2026-S2", "2026"] {
            assert_eq!(p(text).to_string(), text);
        }
        assert_eq!(p("2026-TW2"), Period::quarter(2026, 2).unwrap());
        assert_eq!(p("2026-03").level(), Level::Month);
    }

    #[test]
    fn refuses_malformed_or_out_of_range_periods() {
        for bad in [
            "",
            "26",
            "2026-",
            "2026-3",
            "2026-13",
            "2026-00",
            "2026-TW5",
            "2026-TW0",
            "2026-S3",
            "2026-Q1",
            "2026-TW",
            "1999",
            "2101-01",
            "2026-tw1",
            "+202-01",
            "2026-TW1x",
            "2026-S01",
            "2026-TW01",
        ] {
            assert!(bad.parse::<Period>().is_err(), "{bad} should be refused");
        }
        assert_eq!("2026-13".parse::<Period>(), Err(PeriodError::Month(13)));
        assert_eq!("2026-TW5".parse::<Period>(), Err(PeriodError::Quarter(5)));
        assert_eq!("1999".parse::<Period>(), Err(PeriodError::Year(1999)));
    }

    #[test]
    fn quarters_semesters_and_years_are_made_of_their_parts() {
        assert_eq!(p("2026-TW2").children(), vec![p("2026-04"), p("2026-05"), p("2026-06")]);
        assert_eq!(p("2026-S2").children(), vec![p("2026-TW3"), p("2026-TW4")]);
        assert_eq!(p("2026").children(), vec![p("2026-S1"), p("2026-S2")]);
        assert!(p("2026-07").children().is_empty());
        assert_eq!(p("2026-S2").descendants(Level::Month).len(), 6);
        assert_eq!(p("2026").descendants(Level::Quarter).len(), 4);
        assert!(p("2026-TW1").descendants(Level::Year).is_empty());
        assert_eq!(p("2026-08").parent(), Some(p("2026-TW3")));
        assert_eq!(p("2026-TW3").parent(), Some(p("2026-S2")));
        assert_eq!(p("2026-S1").parent(), Some(p("2026")));
        assert_eq!(p("2026").parent(), None);
        assert_eq!(p("2026-12").ancestor(Level::Year), Some(p("2026")));
        assert_eq!(p("2026").ancestor(Level::Month), None);
    }

    #[test]
    fn to_date_runs_from_the_first_quarter() {
        assert_eq!(p("2026-TW3").quarters_to_date(), vec![p("2026-TW1"), p("2026-TW2"), p("2026-TW3")]);
        assert_eq!(p("2026-S1").quarters_to_date(), vec![p("2026-TW1"), p("2026-TW2")]);
        assert_eq!(p("2026").quarters_to_date().len(), 4);
        assert_eq!(p("2026-05").quarters_to_date(), vec![p("2026-TW1"), p("2026-TW2")]);
    }

    #[test]
    fn orders_chronologically_with_longer_periods_after_their_first_part() {
        let mut periods =
            vec![p("2026-02"), p("2026"), p("2026-S1"), p("2026-TW1"), p("2026-01"), p("2025-12")];
        periods.sort();
        assert_eq!(
            periods,
            vec![p("2025-12"), p("2026-01"), p("2026-TW1"), p("2026-S1"), p("2026"), p("2026-02")]
        );
    }

    #[test]
    fn labels_read_like_the_reports() {
        assert_eq!(p("2026-TW2").label(Style::Indonesian), "Triwulan II 2026");
        assert_eq!(p("2026-TW4").label(Style::English), "Quarter IV 2026");
        assert_eq!(p("2026-S1").label(Style::Indonesian), "Semester I 2026");
        assert_eq!(p("2026-03").label(Style::Indonesian), "Maret 2026");
        assert_eq!(p("2026").label(Style::Indonesian), "Tahun 2026");
    }

    #[test]
    fn serialises_as_its_text_form() {
        let json = serde_json::to_string(&p("2026-TW2")).unwrap();
        assert_eq!(json, "\"2026-TW2\"");
        assert_eq!(serde_json::from_str::<Period>(&json).unwrap(), p("2026-TW2"));
        assert!(serde_json::from_str::<Period>("\"2026-TW9\"").is_err());
    }

    proptest! {
        #[test]
        fn text_form_round_trips(period in any_period()) {
            prop_assert_eq!(period.to_string().parse::<Period>(), Ok(period));
        }

        #[test]
        fn children_tile_their_parent(period in any_period()) {
            let children = period.children();
            if period.level() == Level::Month {
                prop_assert!(children.is_empty());
            } else {
                prop_assert_eq!(children.first().unwrap().month_span().0, period.month_span().0);
                prop_assert_eq!(children.last().unwrap().month_span().1, period.month_span().1);
                for pair in children.windows(2) {
                    prop_assert_eq!(pair[0].month_span().1 + 1, pair[1].month_span().0);
                }
                for child in &children {
                    prop_assert_eq!(child.parent(), Some(period));
                    prop_assert!(period.contains(*child));
                }
            }
        }

        #[test]
        fn every_period_lies_in_exactly_one_of_each_coarser_level(period in any_period()) {
            let year = Period::year(period.year_number()).unwrap();
            for level in [Level::Month, Level::Quarter, Level::Semester, Level::Year] {
                let holders: Vec<_> = year.descendants(level).into_iter().filter(|h| h.contains(period)).collect();
                prop_assert_eq!(holders.len(), usize::from(level >= period.level()));
            }
        }

        #[test]
        fn order_agrees_with_start_month(a in any_period(), b in any_period()) {
            if a.year_number() == b.year_number() && a.month_span().0 < b.month_span().0 {
                prop_assert!(a < b);
            }
            prop_assert_eq!(a.cmp(&b) == std::cmp::Ordering::Equal, a == b);
        }
    }
}
