//! Office time. The SOP's standard times (15 minutes to start a cycle, 2 to
//! process the data) are minutes of work, so a step's duration counts only
//! the agency's office hours: in its time zone (Indonesia keeps no daylight
//! saving, so a zone is a fixed offset), Monday to Friday, without the
//! holidays the administrator keeps. On the wall clock a step finished on
//! Monday morning that began on Friday afternoon ran through the weekend.

use crate::domain::format::parse_iso_date;
use crate::domain::period::Period;
use crate::domain::validate::{Checker, FieldError, NAME_MAX, Problem};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use time::{Date, Month, Weekday};

const MINUTE_MS: i64 = 60_000;
const DAY_MS: i64 = 1_440 * MINUTE_MS;
/// The Julian day number of 1970-01-01, the epoch of the milliseconds.
const EPOCH_JULIAN_DAY: i64 = 2_440_588;

/// The most holidays a calendar keeps (about ten years of national holidays
/// and cuti bersama).
pub const HOLIDAYS_MAX: usize = 400;

/// Indonesia's three time zones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Zone {
    Wib,
    Wita,
    Wit,
}

impl Zone {
    pub const ALL: [Zone; 3] = [Zone::Wib, Zone::Wita, Zone::Wit];

    /// Hours ahead of UTC.
    pub fn offset_hours(self) -> i64 {
        match self {
            Zone::Wib => 7,
            Zone::Wita => 8,
            Zone::Wit => 9,
        }
    }

    /// The name as written in Indonesia, the same in both interface languages.
    pub fn label(self) -> &'static str {
        match self {
            Zone::Wib => "WIB (UTC+7)",
            Zone::Wita => "WITA (UTC+8)",
            Zone::Wit => "WIT (UTC+9)",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Zone::Wib => "wib",
            Zone::Wita => "wita",
            Zone::Wit => "wit",
        }
    }

    fn offset_ms(self) -> i64 {
        self.offset_hours() * 60 * MINUTE_MS
    }
}

/// A day the office is closed, with its name ("Idul Fitri 1448 H").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub name: String,
}

/// The agency's office time: its zone, its hours on a working day (Monday
/// to Friday), and its holidays.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeCalendar {
    pub zone: Zone,
    /// When the office opens and closes, in minutes after local midnight.
    pub opens_minute: u16,
    pub closes_minute: u16,
    pub holidays: Vec<Holiday>,
}

impl Default for OfficeCalendar {
    /// Kabupaten Balangan: WITA, 07.30 to 16.00, no holidays entered yet.
    fn default() -> OfficeCalendar {
        OfficeCalendar { zone: Zone::Wita, opens_minute: 450, closes_minute: 960, holidays: Vec::new() }
    }
}

impl OfficeCalendar {
    /// Every problem, by field (`holidays[2].date`); a calendar is kept only when clean.
    pub fn check(&self) -> Result<(), Vec<FieldError>> {
        let mut check = Checker::new();
        if self.closes_minute > 1_440 {
            check.fail("closes_minute", Problem::OutOfRange);
        } else if self.opens_minute >= self.closes_minute {
            check.fail("opens_minute", Problem::OutOfRange);
        }
        if self.holidays.len() > HOLIDAYS_MAX {
            check.fail("holidays", Problem::TooLong);
        }
        let mut seen = BTreeSet::new();
        for (i, holiday) in self.holidays.iter().enumerate() {
            check.required(&format!("holidays[{i}].name"), &holiday.name, NAME_MAX);
            match parse_iso_date(&holiday.date) {
                None => check.fail(&format!("holidays[{i}].date"), Problem::Invalid),
                Some(date) if !seen.insert(date) => {
                    check.fail(&format!("holidays[{i}].date"), Problem::Duplicate)
                }
                Some(_) => {}
            }
        }
        check.finish()
    }

    /// The same calendar with names trimmed and holidays in date order.
    pub fn tidied(mut self) -> OfficeCalendar {
        for holiday in &mut self.holidays {
            holiday.name = holiday.name.trim().to_owned();
        }
        self.holidays.sort_by(|a, b| a.date.cmp(&b.date));
        self
    }

    /// The office minutes of one working day.
    pub fn day_minutes(&self) -> u16 {
        self.closes_minute.saturating_sub(self.opens_minute)
    }

    /// A standard time in office minutes. The SOP writes most standards in
    /// minutes of work and two in days (2 and 120 days): a standard of whole
    /// days (a multiple of 24 hours) counts that many office days.
    pub fn standard_office_minutes(&self, standard_minutes: u32) -> f64 {
        const DAY: u32 = 1_440;
        if standard_minutes > 0 && standard_minutes.is_multiple_of(DAY) {
            f64::from(standard_minutes / DAY) * f64::from(self.day_minutes())
        } else {
            f64::from(standard_minutes)
        }
    }

    /// The dates the office is closed on a weekday.
    fn closed_dates(&self) -> BTreeSet<Date> {
        self.holidays.iter().filter_map(|holiday| parse_iso_date(&holiday.date)).collect()
    }

    /// Whether the office opens on `date`: Monday to Friday, not a holiday.
    pub fn is_working_day(&self, date: Date) -> bool {
        opens_on(date, &self.closed_dates())
    }

    /// The date of the `days`th working day after the (local) date of
    /// `from_ms`: `from_ms` on a Friday and 1 day is the next Monday, or
    /// Tuesday when that Monday is a holiday.
    pub fn working_days_after(&self, from_ms: i64, days: u32) -> Date {
        let closed = self.closed_dates();
        let mut day = (from_ms + self.zone.offset_ms()).div_euclid(DAY_MS);
        let mut left = days;
        loop {
            day += 1;
            match date_of_day(day) {
                Some(date) if opens_on(date, &closed) => {
                    left = left.saturating_sub(1);
                    if left == 0 {
                        return date;
                    }
                }
                Some(_) => {}
                None => return Date::MAX,
            }
        }
    }

    /// The date in the office's zone at `at_ms`.
    pub fn local_date(&self, at_ms: i64) -> Option<Date> {
        date_of_day((at_ms + self.zone.offset_ms()).div_euclid(DAY_MS))
    }

    /// The office minutes between two moments (milliseconds since the epoch,
    /// UTC); none when `to_ms` is not after `from_ms`.
    pub fn office_minutes(&self, from_ms: i64, to_ms: i64) -> f64 {
        if to_ms <= from_ms {
            return 0.0;
        }
        let closed = self.closed_dates();
        let offset = self.zone.offset_ms();
        let (from, to) = (from_ms + offset, to_ms + offset);
        let (opens, closes) =
            (i64::from(self.opens_minute) * MINUTE_MS, i64::from(self.closes_minute) * MINUTE_MS);
        let worked: i64 = (from.div_euclid(DAY_MS)..=to.div_euclid(DAY_MS))
            .filter(|day| date_of_day(*day).is_some_and(|date| opens_on(date, &closed)))
            .map(|day| {
                let midnight = day * DAY_MS;
                ((midnight + closes).min(to) - (midnight + opens).max(from)).max(0)
            })
            .sum();
        worked as f64 / MINUTE_MS as f64
    }

    /// The moment `minutes` office minutes after `from_ms`: a step's
    /// deadline from its standard time.
    pub fn after_office_minutes(&self, from_ms: i64, minutes: f64) -> i64 {
        let closed = self.closed_dates();
        let offset = self.zone.offset_ms();
        let (opens, closes) =
            (i64::from(self.opens_minute) * MINUTE_MS, i64::from(self.closes_minute) * MINUTE_MS);
        let mut left = (minutes.max(0.0) * MINUTE_MS as f64).round() as i64;
        let from = from_ms + offset;
        let mut day = from.div_euclid(DAY_MS);
        loop {
            if date_of_day(day).is_some_and(|date| opens_on(date, &closed)) {
                let midnight = day * DAY_MS;
                let start = (midnight + opens).max(from);
                let open = (midnight + closes - start).max(0);
                if left <= open && (left > 0 || open > 0) {
                    return start + left - offset;
                }
                left -= open;
            }
            day += 1;
        }
    }

    /// The first moment after `period`: local midnight of the day after its
    /// last day, when the data of the period can be asked for.
    pub fn period_end_ms(&self, period: Period) -> i64 {
        let (_, last_month) = period.month_span();
        let (year, month) = match last_month {
            12 => (period.year_number() + 1, Month::January),
            m => (period.year_number(), Month::try_from(m + 1).unwrap_or(Month::January)),
        };
        let day = Date::from_calendar_date(year, month, 1)
            .map_or(0, |date| i64::from(date.to_julian_day()) - EPOCH_JULIAN_DAY);
        day * DAY_MS - self.zone.offset_ms()
    }
}

/// Whether the office opens on `date`, given the holidays that fall on weekdays.
fn opens_on(date: Date, closed: &BTreeSet<Date>) -> bool {
    !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) && !closed.contains(&date)
}

fn date_of_day(day: i64) -> Option<Date> {
    Date::from_julian_day(i32::try_from(day + EPOCH_JULIAN_DAY).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    fn ms(at: time::OffsetDateTime) -> i64 {
        (at.unix_timestamp_nanos() / 1_000_000) as i64
    }

    /// Good Friday 2026 (3 April) as a holiday.
    fn balangan() -> OfficeCalendar {
        OfficeCalendar {
            holidays: vec![Holiday { date: "2026-04-03".into(), name: "Wafat Yesus Kristus".into() }],
            ..OfficeCalendar::default()
        }
    }

    #[test]
    fn working_days_after_skip_weekends_and_holidays() {
        let calendar = balangan();
        // Wednesday 1 April 2026, late in the evening WITA (still 1 April there).
        let wednesday = ms(datetime!(2026-04-01 22:00 +8));
        // Thursday 2, (Good Friday 3 closed, weekend) Monday 6, Tuesday 7 …
        assert_eq!(calendar.working_days_after(wednesday, 1), time::macros::date!(2026 - 04 - 02));
        assert_eq!(calendar.working_days_after(wednesday, 2), time::macros::date!(2026 - 04 - 06));
        assert_eq!(calendar.working_days_after(wednesday, 5), time::macros::date!(2026 - 04 - 09));
        // Without the holiday Friday counts.
        assert_eq!(
            OfficeCalendar::default().working_days_after(wednesday, 2),
            time::macros::date!(2026 - 04 - 03)
        );
    }

    #[test]
    fn a_span_counts_only_office_hours_of_working_days() {
        let calendar = balangan();
        // Thursday 15.40 to Monday 07.31, WITA: 20 minutes on Thursday, the
        // holiday Friday and the weekend closed, 1 minute on Monday.
        let from = ms(datetime!(2026-04-02 15:40 +8));
        let to = ms(datetime!(2026-04-06 07:31 +8));
        assert_eq!(calendar.office_minutes(from, to), 21.0);
        // Without the holiday, Friday's 510 minutes count.
        assert_eq!(OfficeCalendar::default().office_minutes(from, to), 531.0);
        // Before opening and after closing count nothing.
        let night = (ms(datetime!(2026-04-06 16:30 +8)), ms(datetime!(2026-04-07 07:00 +8)));
        assert_eq!(calendar.office_minutes(night.0, night.1), 0.0);
        // The same instants read in WIB start an hour later on the local clock.
        let wib = OfficeCalendar { zone: Zone::Wib, ..balangan() };
        assert_eq!(wib.office_minutes(from, to), 80.0);
        assert_eq!(calendar.office_minutes(to, from), 0.0);
    }

    #[test]
    fn office_minutes_run_on_at_the_next_opening() {
        let calendar = balangan();
        // Thursday 15.40 plus 30 office minutes: 20 on Thursday, then Monday 07.40.
        let from = ms(datetime!(2026-04-02 15:40 +8));
        assert_eq!(calendar.after_office_minutes(from, 30.0), ms(datetime!(2026-04-06 07:40 +8)));
        // A moment after closing plus nothing is the next opening.
        let evening = ms(datetime!(2026-04-06 18:00 +8));
        assert_eq!(calendar.after_office_minutes(evening, 0.0), ms(datetime!(2026-04-07 07:30 +8)));
    }

    #[test]
    fn a_standard_of_whole_days_counts_office_days() {
        let calendar = OfficeCalendar::default();
        assert_eq!(calendar.day_minutes(), 510);
        assert_eq!(calendar.standard_office_minutes(2 * 1_440), 1_020.0);
        assert_eq!(calendar.standard_office_minutes(30), 30.0);
        assert_eq!(calendar.standard_office_minutes(1_500), 1_500.0);
    }

    #[test]
    fn a_period_ends_at_local_midnight() {
        let calendar = OfficeCalendar::default();
        let quarter: Period = "2026-TW1".parse().unwrap();
        assert_eq!(calendar.period_end_ms(quarter), ms(datetime!(2026-04-01 00:00 +8)));
        let year: Period = "2026".parse().unwrap();
        assert_eq!(calendar.period_end_ms(year), ms(datetime!(2027-01-01 00:00 +8)));
        let wit = OfficeCalendar { zone: Zone::Wit, ..calendar };
        assert_eq!(wit.period_end_ms(year), ms(datetime!(2027-01-01 00:00 +9)));
    }

    #[test]
    fn a_calendar_is_checked_field_by_field() {
        let fields = |calendar: OfficeCalendar| -> Vec<(String, Problem)> {
            calendar.check().unwrap_err().into_iter().map(|e| (e.field, e.problem)).collect()
        };
        let backwards = OfficeCalendar { opens_minute: 960, closes_minute: 450, ..balangan() };
        assert_eq!(fields(backwards), [("opens_minute".into(), Problem::OutOfRange)]);
        let past_midnight = OfficeCalendar { closes_minute: 1_441, ..balangan() };
        assert_eq!(fields(past_midnight), [("closes_minute".into(), Problem::OutOfRange)]);
        let mut holidays = balangan();
        holidays.holidays.push(Holiday { date: "2026-04-03".into(), name: "Lagi".into() });
        holidays.holidays.push(Holiday { date: "2026-02-30".into(), name: " ".into() });
        assert_eq!(
            fields(holidays),
            [
                ("holidays[1].date".into(), Problem::Duplicate),
                ("holidays[2].name".into(), Problem::Required),
                ("holidays[2].date".into(), Problem::Invalid),
            ]
        );
        let many = OfficeCalendar {
            holidays: (0..=HOLIDAYS_MAX)
                .map(|i| Holiday {
                    date: date_of_day(20_000 + i as i64).unwrap().to_string(),
                    name: "Libur".into(),
                })
                .collect(),
            ..OfficeCalendar::default()
        };
        assert_eq!(fields(many), [("holidays".into(), Problem::TooLong)]);
        assert_eq!(balangan().check(), Ok(()));
    }

    #[test]
    fn tidied_sorts_and_trims() {
        let calendar = OfficeCalendar {
            holidays: vec![
                Holiday { date: "2026-12-25".into(), name: " Natal ".into() },
                Holiday { date: "2026-01-01".into(), name: "Tahun Baru".into() },
            ],
            ..OfficeCalendar::default()
        };
        let tidied = calendar.tidied();
        assert_eq!(tidied.holidays[0].date, "2026-01-01");
        assert_eq!(tidied.holidays[1].name, "Natal");
    }

    fn any_calendar() -> impl Strategy<Value = OfficeCalendar> {
        let hours = (0u16..1_440).prop_flat_map(|opens| (Just(opens), opens + 1..=1_440));
        let holidays = prop::collection::vec(19_700i64..19_800, 0..20);
        (prop::sample::select(Zone::ALL.to_vec()), hours, holidays).prop_map(
            |(zone, (opens, closes), days)| OfficeCalendar {
                zone,
                opens_minute: opens,
                closes_minute: closes,
                holidays: days
                    .into_iter()
                    .map(|day| Holiday { date: date_of_day(day).unwrap().to_string(), name: "Libur".into() })
                    .collect(),
            },
        )
    }

    /// Moments around 2024–2025, where the holidays above fall.
    fn moment() -> impl Strategy<Value = i64> {
        (19_690i64 * DAY_MS)..(19_810 * DAY_MS)
    }

    proptest! {
        #[test]
        fn office_time_adds_up_and_never_exceeds_the_wall_clock(
            calendar in any_calendar(), a in moment(), b in moment(), c in moment()
        ) {
            let mut t = [a, b, c];
            t.sort_unstable();
            let whole = calendar.office_minutes(t[0], t[2]);
            let parts = calendar.office_minutes(t[0], t[1]) + calendar.office_minutes(t[1], t[2]);
            prop_assert!((whole - parts).abs() < 1e-6);
            prop_assert!(whole <= (t[2] - t[0]) as f64 / MINUTE_MS as f64 + 1e-6);
            prop_assert!(whole >= 0.0);
        }

        #[test]
        fn the_moment_after_some_office_minutes_is_that_many_office_minutes_away(
            calendar in any_calendar(), from in moment(), minutes in 0u32..20_000
        ) {
            let to = calendar.after_office_minutes(from, f64::from(minutes));
            prop_assert!(to >= from);
            prop_assert!((calendar.office_minutes(from, to) - f64::from(minutes)).abs() < 1e-6);
        }

        #[test]
        fn a_closed_day_counts_nothing(calendar in any_calendar(), day in 19_700i64..19_800) {
            let date = date_of_day(day).unwrap();
            let midnight = day * DAY_MS - calendar.zone.offset_ms();
            let minutes = calendar.office_minutes(midnight, midnight + DAY_MS);
            if calendar.is_working_day(date) {
                prop_assert_eq!(minutes, f64::from(calendar.closes_minute - calendar.opens_minute));
            } else {
                prop_assert_eq!(minutes, 0.0);
            }
        }
    }
}
