//! Entri Data: the page an officer uses at a remote site. It reads and
//! writes only the device's own copy (`ui::device`), so it works the same
//! with or without a network: choose the year, the period (a month for
//! monthly indicators, a TW for quarterly ones) and the unit, then enter
//! each indicator's realisation, narratives and evidence, or — on the
//! budget tab — each programme's spending of the month. Every change is
//! kept on the device when the field is left and sent by the sync.

mod budget;
mod evidence;
mod rows;
mod status;

use crate::api::Reference;
use crate::domain::format::{Style, format_decimal};
use crate::domain::indicator_rule::IndicatorRule;
use crate::domain::merge::Fields;
use crate::domain::org::Actor;
use crate::domain::period::{Level, Period};
use crate::domain::sync::Key;
use crate::i18n::{Locale, td_string};
use crate::i18n::{t, use_i18n};
use crate::offline::entry_view::EntryView;
use crate::ui::device::use_local;
use crate::ui::device::{EditError, Local};
use crate::ui::form::problem_text;
use crate::ui::gate::NeedSignIn;
use crate::ui::locale::{this_month, use_style};
use crate::ui::session::use_session;
use crate::ui::timing;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use rust_decimal::Decimal;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::str::FromStr;

/// What the page is showing.
#[derive(Clone, Copy)]
struct Choice {
    year: RwSignal<i32>,
    period: RwSignal<Period>,
    unit: RwSignal<String>,
    budget: RwSignal<bool>,
}

/// A stored decimal (`12.5`) as the user writes it (`12,5`); empty when missing.
fn decimal_text(value: &str, style: Style) -> String {
    match Decimal::from_str(value) {
        Ok(number) => format_decimal(number, number.scale(), style),
        Err(_) => value.to_owned(),
    }
}

/// The periods one can enter in a year: the months, then the quarters.
fn entry_periods(year: i32) -> Vec<Period> {
    Period::year(year)
        .map(|y| [y.descendants(Level::Month), y.descendants(Level::Quarter)].concat())
        .unwrap_or_default()
}

/// The reference data of the chosen year and the signed-in actor, if both are known.
fn context(choice: Choice) -> Memo<Option<(Reference, Actor)>> {
    let local = use_local();
    let session = use_session();
    Memo::new(move |_| {
        let me = session.me.get()?;
        let year = choice.year.get();
        let reference =
            local.data.with(|d| d.as_ref()?.references.iter().find(|r| r.year == year).cloned())?;
        Some((reference, Actor { user_id: me.id, role: me.role, unit_id: me.unit_id }))
    })
}

#[component]
pub fn EntryPage() -> impl IntoView {
    let i18n = use_i18n();
    let local = use_local();
    let session = use_session();
    let (year, this_month) = this_month();
    let month = Period::month(year, this_month).unwrap_or_else(|_| entry_periods(year)[0]);
    let choice = Choice {
        year: RwSignal::new(year),
        period: RwSignal::new(month),
        unit: RwSignal::new(String::new()),
        budget: RwSignal::new(false),
    };
    let context = context(choice);
    let ready = Memo::new(move |_| local.status.with(|s| s.ready) && session.known.get());
    let broken = Memo::new(move |_| local.status.with(|s| s.broken.clone()));
    let signed_in = Memo::new(move |_| session.signed_in());
    Effect::new(|| timing::mark(timing::ENTRY_PAGE));
    let body = move || {
        if let Some(reason) = broken.get() {
            return view! { <p class="form-message error" data-testid="store-broken">{t!(i18n, entry.store_broken)} " " {reason}</p> }.into_any();
        }
        if !ready.get() {
            return view! { <p class="note">{t!(i18n, master.loading)}</p> }.into_any();
        }
        if !signed_in.get() {
            return view! { <NeedSignIn /> }.into_any();
        }
        view! { <Chosen choice context /> }.into_any()
    };
    view! {
        <section class="page entry-page">
            <div class="page-head">
                <h1 data-testid="page-title">{t!(i18n, nav.entry)}</h1>
                <Show when=move || signed_in.get()>
                    <A href="/entri/impor" attr:class="entry-import" attr:data-testid="import-link">{t!(i18n, realisation_import.link)}</A>
                </Show>
            </div>
            <Show when=move || signed_in.get()>
                <status::SyncPanel />
            </Show>
            {body}
        </section>
    }
}

/// The choices and the tab of the chosen kind, once the reference data is here.
#[component]
fn Chosen(choice: Choice, context: Memo<Option<(Reference, Actor)>>) -> impl IntoView {
    let i18n = use_i18n();
    let style = use_style();
    let units = Memo::new(move |_| {
        context.with(|c| {
            c.as_ref()
                .map(|(reference, actor)| {
                    EntryView::new(reference, actor)
                        .units()
                        .into_iter()
                        .map(|u| (u.id.clone(), u.name.clone()))
                        .collect()
                })
                .unwrap_or_default()
        })
    });
    Effect::new(move || {
        let units: Vec<(String, String)> = units.get();
        if !units.iter().any(|(id, _)| *id == choice.unit.get_untracked())
            && let Some((first, _)) = units.first()
        {
            choice.unit.set(first.clone());
        }
    });
    // The years stay the same list whatever is chosen: options rewritten
    // in place under a select the user changed would keep its position, not
    // its year.
    let this_year = this_month().0;
    let years = (this_year - 2..=this_year + 1)
        .map(|y| view! { <option value=y selected=move || y == choice.year.get()>{y}</option> })
        .collect_view();
    let periods = move || {
        let chosen = choice.period.get();
        entry_periods(choice.year.get())
            .into_iter()
            .map(|p| view! { <option value=p.to_string() selected=p == chosen>{p.label(style.get())}</option> })
            .collect_view()
    };
    let unit_options = move || {
        let chosen = choice.unit.get();
        units
            .get()
            .into_iter()
            .map(|(id, name)| view! { <option value=id.clone() selected=id == chosen>{name}</option> })
            .collect_view()
    };
    let set_year = move |ev| {
        if let Ok(year) = event_target_value(&ev).parse::<i32>() {
            let index = choice.period.get_untracked().index();
            let same = entry_periods(year)
                .into_iter()
                .find(|p| p.index() == index && p.level() == choice.period.get_untracked().level());
            choice.year.set(year);
            if let Some(period) = same {
                choice.period.set(period);
            }
        }
    };
    let tab = move |budget: bool| move || if choice.budget.get() == budget { "tab active" } else { "tab" };
    let (performance_tab, budget_tab) =
        (NodeRef::<leptos::html::Button>::new(), NodeRef::<leptos::html::Button>::new());
    // The tab is made again only when the reference data comes or goes, not
    // when it changes (a sync, a lock, an indicator edited elsewhere): its
    // rows follow such changes themselves, and making them again would wipe
    // the text being typed into a field.
    let known = Memo::new(move |_| context.with(Option::is_some));
    view! {
        <div class="entry-choices">
            <label class="field">
                <span class="field-label">{t!(i18n, entry.year)}</span>
                <select data-testid="entry-year" prop:value=move || choice.year.get().to_string() on:change=set_year>
                    {years}
                </select>
            </label>
            <label class="field">
                <span class="field-label">{t!(i18n, entry.period)}</span>
                <select
                    data-testid="entry-period"
                    on:change=move |ev| {
                        if let Ok(period) = event_target_value(&ev).parse::<Period>() {
                            choice.period.set(period);
                        }
                    }
                >
                    {periods}
                </select>
            </label>
            <label class="field">
                <span class="field-label">{t!(i18n, entry.unit)}</span>
                <select data-testid="entry-unit" on:change=move |ev| choice.unit.set(event_target_value(&ev))>
                    {unit_options}
                </select>
            </label>
        </div>
        <div class="tabs" role="tablist" aria-label=move || td_string!(i18n.get_locale(), entry.tabs_label)
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                // Arrow keys, Home and End move between the two tabs (WAI-ARIA tabs pattern).
                let budget = match ev.key().as_str() {
                    "ArrowRight" | "ArrowLeft" => !choice.budget.get_untracked(),
                    "Home" => false,
                    "End" => true,
                    _ => return,
                };
                ev.prevent_default();
                choice.budget.set(budget);
                let target = if budget { budget_tab } else { performance_tab };
                if let Some(button) = target.get_untracked() {
                    let _ = button.focus();
                }
            }>
            <button type="button" role="tab" id="tab-performance" class=tab(false) data-testid="tab-performance"
                node_ref=performance_tab aria-controls="entry-tabpanel"
                aria-selected=move || (!choice.budget.get()).to_string()
                tabindex=move || if choice.budget.get() { "-1" } else { "0" }
                on:click=move |_| choice.budget.set(false)>
                {t!(i18n, entry.tab_performance)}
            </button>
            <button type="button" role="tab" id="tab-budget" class=tab(true) data-testid="tab-budget"
                node_ref=budget_tab aria-controls="entry-tabpanel"
                aria-selected=move || choice.budget.get().to_string()
                tabindex=move || if choice.budget.get() { "0" } else { "-1" }
                on:click=move |_| choice.budget.set(true)>
                {t!(i18n, entry.tab_budget)}
            </button>
        </div>
        <div role="tabpanel" id="entry-tabpanel" data-testid="entry-tabpanel"
            aria-labelledby=move || if choice.budget.get() { "tab-budget" } else { "tab-performance" }>
            {move || match (known.get(), choice.budget.get()) {
                (false, _) => view! { <p class="note" data-testid="no-reference">{t!(i18n, entry.no_reference)}</p> }.into_any(),
                (true, true) => view! { <budget::BudgetTab choice context /> }.into_any(),
                (true, false) => view! { <rows::PerformanceTab choice context /> }.into_any(),
            }}
        </div>
    }
}

/// A row's identity in its list: its record, and a hash of what the row's
/// fixed parts are made from (its indicator or programme). A row is made
/// again when either changes, and kept while only its values do, so text
/// being typed survives a sync.
fn identity(key: &Key, made_from: &impl Hash) -> (Key, u64) {
    let mut hasher = DefaultHasher::new();
    made_from.hash(&mut hasher);
    (key.clone(), hasher.finish())
}

/// Stores `wanted` for the record, showing a refusal in `problem` (in `locale`).
fn keep(
    local: Local,
    key: Key,
    wanted: Fields,
    rule: IndicatorRule,
    problem: RwSignal<Option<String>>,
    locale: Locale,
) {
    spawn_local(async move {
        match local.edit(key, wanted, &rule).await {
            Ok(_) => problem.set(None),
            Err(EditError::Invalid(fields)) => {
                problem.set(fields.first().map(|f| problem_text(locale, f.problem).to_owned()))
            }
            Err(EditError::Store(error)) => {
                problem.set(Some(format!("{} {}", td_string!(locale, entry.store_broken), error.0)))
            }
        }
    });
}
