//! The year a planning document shows, chosen in its address (`?tahun=`):
//! read from the query, else this year once the page runs in the browser
//! (whose clock is the user's), and a select of the years around it. Shared
//! by the Perjanjian Kinerja and the Pohon Kinerja.

use crate::i18n::{t, use_i18n};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `?tahun=` of the address, or this year; `None` until the browser runs the page.
pub fn year_in_query() -> Signal<Option<i32>> {
    let query = use_query_map();
    let this_year = RwSignal::new(None::<i32>);
    Effect::new(move || this_year.set(Some(js_sys::Date::new_0().get_full_year() as i32)));
    Signal::derive(move || query.read().get("tahun").and_then(|y| y.parse::<i32>().ok()).or(this_year.get()))
}

/// Two years before `year` to one after, `year` chosen; `pick` gets the one chosen.
#[component]
pub fn YearSelect(year: i32, test_id: &'static str, pick: Callback<i32>) -> impl IntoView {
    let i18n = use_i18n();
    let years = (year - 2..=year + 1)
        .map(|y| view! { <option value=y selected=y == year>{y}</option> })
        .collect_view();
    view! {
        <label>
            {t!(i18n, report.year)} " "
            <select data-testid=test_id on:change=move |ev| pick.run(event_target_value(&ev).parse().unwrap_or(year))>
                {years}
            </select>
        </label>
    }
}
