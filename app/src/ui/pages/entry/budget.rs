//! The budget tab: each programme, kegiatan and sub-kegiatan the user
//! enters spending for, with its pagu, the month's amount, the spending
//! from January to the month and the serapan — recomputed on every change,
//! offline too. Quarters have no budget entry: spending is monthly.

use super::rows::{RowState, record_state};
use super::{Choice, decimal_text, identity, keep};
use crate::api::Reference;
use crate::domain::format::{format_decimal, format_percent, read_typed};
use crate::domain::formula::round2;
use crate::domain::indicator_rule::IndicatorRule;
use crate::domain::merge::Fields;
use crate::domain::org::Actor;
use crate::domain::period::Level;
use crate::domain::sync::Key;
use crate::i18n::{t, use_i18n};
use crate::offline::entry_view::{BudgetLine, EntryView};
use crate::offline::record_state::RecordState;
use crate::ui::device::use_local;
use crate::ui::form::amount_problem;
use crate::ui::locale::use_style;
use leptos::prelude::*;
use std::collections::HashMap;

#[component]
pub(super) fn BudgetTab(choice: Choice, context: Memo<Option<(Reference, Actor)>>) -> impl IntoView {
    let i18n = use_i18n();
    let local = use_local();
    let lines = Memo::new(move |_| {
        let month = choice.period.get();
        if month.level() != Level::Month {
            return Vec::new();
        }
        context
            .with(|c| {
                c.as_ref().map(|(r, a)| local.with_values(|seen| EntryView::new(r, a).budget(month, seen)))
            })
            .unwrap_or_default()
    });
    let states = local.record_states();
    // As on the performance tab: a line is made again only when its record
    // or its programme changes (`identity`).
    let keys = Memo::new(move |_| {
        lines.with(|l| l.iter().map(|l| identity(&l.key, &l.row.program)).collect::<Vec<_>>())
    });
    view! {
        <Show when=move || keys.with(|k| !k.is_empty()) fallback=move || view! { <p class="note" data-testid="no-budget">{t!(i18n, entry.no_budget)}</p> }>
            <div class="entry-rows" data-testid="budget-rows">
                <For each=move || keys.get() key=Clone::clone children=move |(key, _)| view! { <Line key lines states /> } />
            </div>
        </Show>
    }
}

#[component]
fn Line(key: Key, lines: Memo<Vec<BudgetLine>>, states: Memo<HashMap<Key, RecordState>>) -> impl IntoView {
    let i18n = use_i18n();
    let style = use_style();
    let local = use_local();
    let line = {
        let key = key.clone();
        Memo::new(move |_| lines.with(|l| l.iter().find(|l| l.key == key).cloned()))
    };
    let Some(first) = line.get_untracked() else { return ().into_any() };
    let problem = RwSignal::new(None::<String>);
    let money = move |value: Option<rust_decimal::Decimal>| {
        value.map_or_else(|| "—".to_owned(), |v| format_decimal(v, v.scale().min(2), style.get()))
    };
    let change = {
        let key = key.clone();
        move |ev: leptos::ev::Event| match read_typed(&event_target_value(&ev), style.get_untracked()) {
            Ok(amount) => {
                let wanted = Fields::from([("amount".to_owned(), Some(amount.to_string()))]);
                keep(
                    local,
                    key.clone(),
                    wanted,
                    IndicatorRule::default(),
                    problem,
                    i18n.get_locale_untracked(),
                );
            }
            Err(refused) => {
                problem.set(Some(amount_problem(i18n.get_locale_untracked(), refused).to_owned()))
            }
        }
    };
    let state = record_state(states, key);
    let program = first.row.program.clone();
    // A memo of the amount's text alone: other changes to the line never reset text being typed.
    let amount = Memo::new(move |_| {
        decimal_text(
            &line.with(|l| l.as_ref().and_then(|l| l.amount.clone())).unwrap_or_default(),
            style.get(),
        )
    });
    view! {
        <article class="entry-row" data-testid="budget-row" data-program=program.code.clone()>
            <header class="entry-row-head">
                <strong>{program.code.clone()}</strong> " " <span>{program.name.clone()}</span>
            </header>
            <div class="entry-figures">
                <label class="field">
                    <span class="field-label">{t!(i18n, entry.amount)}</span>
                    <input
                        type="text"
                        inputmode="decimal"
                        autocomplete="off"
                        data-testid="amount-input"
                        data-entry-value=""
                        prop:value=amount
                        disabled=move || line.with(|l| l.as_ref().is_some_and(|l| l.lock.is_some()))
                        on:change=change
                    />
                </label>
                <div class="figure">
                    <span class="field-label">{t!(i18n, entry.pagu)}</span>
                    <span data-testid="pagu">{move || money(line.with(|l| l.as_ref().and_then(|l| l.row.pagu)))}</span>
                </div>
                <div class="figure">
                    <span class="field-label">{t!(i18n, entry.spent_to_date)}</span>
                    <span data-testid="spent">{move || money(line.with(|l| l.as_ref().and_then(|l| l.row.spent_to_date)))}</span>
                </div>
                <div class="figure">
                    <span class="field-label">{t!(i18n, entry.serapan)}</span>
                    <span data-testid="serapan">
                        {move || {
                            let percent = line.with(|l| l.as_ref().and_then(|l| l.row.serapan.percent()));
                            percent.map_or_else(|| "—".to_owned(), |p| format_percent(round2(p), 2, style.get()))
                        }}
                    </span>
                </div>
            </div>
            {move || problem.get().map(|text| view! { <p class="field-problem" data-testid="row-problem">{text}</p> })}
            <RowState lock=Signal::derive(move || line.with(|l| l.as_ref().and_then(|l| l.lock.clone()))) state />
        </article>
    }
    .into_any()
}
