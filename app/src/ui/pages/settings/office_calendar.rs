//! Kalender Kerja: the office calendar the administrator keeps — the time
//! zone, the office hours and the holidays. The SOP's standard times are
//! counted in this office time (`domain::office_time`), so a step begun on
//! Friday afternoon is not overdue on Monday morning.

use crate::api::FieldProblem;
use crate::domain::office_time::{Holiday, OfficeCalendar, Zone};
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::ui::client;
use crate::ui::form::{DataTable, FormMessage, FormState, SelectField, TextField, loaded, problem_text};
use leptos::prelude::*;

/// `07:30` for 450 minutes after midnight (`24:00` for the whole day).
fn clock_text(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Minutes after midnight of `HH:MM`; out of range reads as past midnight, which the check refuses.
fn clock_minutes(text: &str) -> u16 {
    let (hours, minutes) = text.trim().split_once(':').unwrap_or((text, ""));
    match (hours.parse::<u16>(), minutes.parse::<u16>()) {
        (Ok(h), Ok(m)) if h <= 24 && m < 60 => h * 60 + m,
        _ => u16::MAX,
    }
}

/// One holiday row as typed.
#[derive(Clone, Copy)]
struct Row {
    key: u32,
    date: RwSignal<String>,
    name: RwSignal<String>,
}

impl Row {
    fn new(key: u32, holiday: Holiday) -> Row {
        Row { key, date: RwSignal::new(holiday.date), name: RwSignal::new(holiday.name) }
    }
}

/// The problem of a holiday's field, as a sentence.
fn row_problem(form: FormState, locale: Locale, field: String) -> Option<&'static str> {
    form.problems
        .with(|problems| problems.iter().find(|p| p.field == field).map(|p| problem_text(locale, p.problem)))
}

#[component]
fn CalendarForm(calendar: OfficeCalendar) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let zone = RwSignal::new(calendar.zone.as_str().to_owned());
    let opens = RwSignal::new(clock_text(calendar.opens_minute));
    let closes = RwSignal::new(clock_text(calendar.closes_minute));
    let next_key = StoredValue::new(calendar.holidays.len() as u32);
    let rows = RwSignal::new(
        calendar.holidays.into_iter().enumerate().map(|(i, h)| Row::new(i as u32, h)).collect::<Vec<_>>(),
    );
    let zones =
        Signal::derive(|| Zone::ALL.iter().map(|z| (z.as_str().to_owned(), z.label().to_owned())).collect());
    let add = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        rows.update(|rows| rows.push(Row::new(key, Holiday { date: String::new(), name: String::new() })));
    };
    let save = move |_| {
        let locale = i18n.get_locale_untracked();
        let zone = Zone::ALL.into_iter().find(|z| z.as_str() == zone.get_untracked()).unwrap_or(Zone::Wita);
        let holidays = rows
            .get_untracked()
            .iter()
            .map(|row| Holiday { date: row.date.get_untracked(), name: row.name.get_untracked() })
            .collect();
        let calendar = OfficeCalendar {
            zone,
            opens_minute: clock_minutes(&opens.get_untracked()),
            closes_minute: clock_minutes(&closes.get_untracked()),
            holidays,
        };
        if let Err(fields) = calendar.check() {
            return form.refuse(locale, fields.iter().map(FieldProblem::from).collect());
        }
        form.run(locale, async move { client::put("/api/v1/office-calendar", &calendar).await }, move |()| {
            form.succeed(td_string!(locale, master.saved))
        });
    };
    let row_view = move |row: Row| {
        let locale = i18n.get_locale_untracked();
        let index = move || rows.with(|rows| rows.iter().position(|r| r.key == row.key).unwrap_or(0));
        let date_problem =
            move || row_problem(form, i18n.get_locale(), format!("holidays[{}].date", index()));
        let name_problem =
            move || row_problem(form, i18n.get_locale(), format!("holidays[{}].name", index()));
        let remove = move |_| rows.update(|rows| rows.retain(|r| r.key != row.key));
        view! {
            <tr data-testid="holiday">
                <td>
                    <input type="date" aria-label=td_string!(locale, calendar.date) data-testid="holiday-date"
                        bind:value=row.date aria-invalid=move || date_problem().is_some().to_string() />
                    {move || date_problem().map(|text| view! { <span class="field-problem">{text}</span> })}
                </td>
                <td>
                    <input aria-label=td_string!(locale, calendar.holiday_name) data-testid="holiday-name"
                        bind:value=row.name aria-invalid=move || name_problem().is_some().to_string() />
                    {move || name_problem().map(|text| view! { <span class="field-problem">{text}</span> })}
                </td>
                <td><button type="button" class="secondary" data-testid="remove-holiday" on:click=remove>{t!(i18n, calendar.remove)}</button></td>
            </tr>
        }
    };
    let headers: Vec<fn(Locale) -> &'static str> =
        vec![|l| td_string!(l, calendar.date), |l| td_string!(l, calendar.holiday_name), |_| ""];
    view! {
        <div data-testid="office-calendar">
        <div class="form-grid">
            <SelectField label=Signal::derive(move || td_string!(i18n.get_locale(), calendar.zone)) value=zone field="zone" form=form options=zones />
            <TextField label=Signal::derive(move || td_string!(i18n.get_locale(), calendar.opens)) value=opens field="opens_minute" form=form kind="time" />
            <TextField label=Signal::derive(move || td_string!(i18n.get_locale(), calendar.closes)) value=closes field="closes_minute" form=form kind="time" />
        </div>
        <h3>{t!(i18n, calendar.holidays)}</h3>
        <DataTable test_id="holidays" headers=headers>
            <For each=move || rows.get() key=|row| row.key children=row_view />
        </DataTable>
        <p>
            <button type="button" class="secondary" data-testid="add-holiday" on:click=add>{t!(i18n, calendar.add_holiday)}</button>
            " "
            <button type="button" data-testid="save-calendar" disabled=move || form.busy.get() on:click=save>{t!(i18n, calendar.save)}</button>
        </p>
        <FormMessage form=form />
        </div>
    }
}

#[component]
pub fn OfficeCalendarSection() -> impl IntoView {
    let i18n = use_i18n();
    let calendar = LocalResource::new(|| client::get::<OfficeCalendar>("/api/v1/office-calendar"));
    view! {
        <h2>{t!(i18n, calendar.title)}</h2>
        <p class="note">{t!(i18n, calendar.lead)}</p>
        {loaded(calendar, |calendar| view! { <CalendarForm calendar=calendar /> })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_hours_read_back_as_typed() {
        for minutes in [0, 450, 960, 1_440] {
            assert_eq!(clock_minutes(&clock_text(minutes)), minutes);
        }
        assert_eq!(clock_text(450), "07:30");
        assert_eq!(clock_minutes("7:5x"), u16::MAX);
        assert_eq!(clock_minutes("25:00"), u16::MAX);
    }
}
