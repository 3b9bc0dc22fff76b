//! The performance tab: one card per indicator the user enters for the
//! chosen unit and period — target, the value field (Indonesian decimal
//! comma, Enter moves to the next indicator), capaian and predicate of the
//! quarter recomputed on every change, the narratives, the evidence, and
//! the record's sync state (unsent, refused with the reason, in conflict,
//! locked).

use super::evidence::Evidence;
use super::{Choice, decimal_text, identity, keep};
use crate::api::Reference;
use crate::domain::format::read_typed;
use crate::domain::lock::Lock;
use crate::domain::measurement::Measurement;
use crate::domain::merge::Fields;
use crate::domain::org::Actor;
use crate::domain::report::grid::Cell;
use crate::domain::sync::Key;
use crate::i18n::{t, use_i18n};
use crate::offline::entry_view::{EntryRow, EntryView};
use crate::offline::record_state::{RecordState, Refusal};
use crate::ui::device::use_local;
use crate::ui::form::amount_problem;
use crate::ui::locale::use_style;
use leptos::prelude::*;
use leptos_router::components::A;
use std::collections::HashMap;
use std::sync::Arc;
use wasm_bindgen::JsCast;

#[component]
pub(super) fn PerformanceTab(choice: Choice, context: Memo<Option<(Reference, Actor)>>) -> impl IntoView {
    let i18n = use_i18n();
    let local = use_local();
    // Each row keeps its `Arc` while it is unchanged, so a row's memo tells
    // a change by pointer: a keystroke re-renders its own row, not 51.
    let rows = Memo::new(move |previous: Option<&Rows>| {
        let fresh = context
            .with(|c| {
                let (reference, actor) = c.as_ref()?;
                let view = EntryView::new(reference, actor);
                Some(local.with_values(|values| view.rows(&choice.unit.get(), choice.period.get(), values)))
            })
            .unwrap_or_default();
        Rows::keeping(previous, fresh)
    });
    let states = local.record_states();
    // A row's values follow the row's memo; the row itself is made again
    // only when its record or its indicator changes (`identity`).
    let keys = Memo::new(move |_| {
        rows.with(|rows| rows.order.iter().map(|r| identity(&r.key, &r.indicator)).collect::<Vec<_>>())
    });
    view! {
        <Show when=move || keys.with(|k| !k.is_empty()) fallback=move || view! { <p class="note" data-testid="no-rows">{t!(i18n, entry.no_rows)}</p> }>
            <div class="entry-rows" data-testid="entry-rows">
                <For each=move || keys.get() key=Clone::clone children=move |(key, _)| view! { <Row key rows states /> } />
            </div>
        </Show>
    }
}

/// The rows in page order, and each by its record.
#[derive(Clone, Default)]
struct Rows {
    order: Vec<Arc<EntryRow>>,
    by_key: HashMap<Key, Arc<EntryRow>>,
}

/// Equal when every row is the same `Arc`: `keeping` has already compared
/// the rows themselves, so the memo does not compare all 51 again.
impl PartialEq for Rows {
    fn eq(&self, other: &Rows) -> bool {
        self.order.len() == other.order.len()
            && self.order.iter().zip(&other.order).all(|(a, b)| Arc::ptr_eq(a, b))
    }
}

impl Rows {
    /// `fresh`, each row that equals its previous state kept as that same `Arc`.
    fn keeping(previous: Option<&Rows>, fresh: Vec<EntryRow>) -> Rows {
        let order: Vec<Arc<EntryRow>> = fresh
            .into_iter()
            .map(|row| match previous.and_then(|p| p.by_key.get(&row.key)) {
                Some(kept) if **kept == row => kept.clone(),
                _ => Arc::new(row),
            })
            .collect();
        let by_key = order.iter().map(|row| (row.key.clone(), row.clone())).collect();
        Rows { order, by_key }
    }
}

/// Moves the focus to the next value field of the page (Enter in a field).
fn focus_next(current: &web_sys::EventTarget) {
    let inputs = document().query_selector_all("input[data-entry-value]");
    let Ok(inputs) = inputs else { return };
    let list: Vec<web_sys::HtmlElement> =
        (0..inputs.length()).filter_map(|i| inputs.get(i)?.dyn_into().ok()).collect();
    let current: &wasm_bindgen::JsValue = current.as_ref();
    let at = list.iter().position(|input| AsRef::<wasm_bindgen::JsValue>::as_ref(input) == current);
    if let Some(next) = at.and_then(|i| list.get(i + 1)) {
        let _ = next.focus();
    } else if let Some(current) = at.and_then(|i| list.get(i)) {
        let _ = current.blur();
    }
}

#[component]
fn Row(key: Key, rows: Memo<Rows>, states: Memo<HashMap<Key, RecordState>>) -> impl IntoView {
    let i18n = use_i18n();
    let style = use_style();
    let local = use_local();
    let row = {
        let key = key.clone();
        Memo::new_with_compare(
            move |_| rows.with(|rows| rows.by_key.get(&key).cloned()),
            |old, new| old.map(|o| o.as_ref().map(Arc::as_ptr)) != new.map(|n| n.as_ref().map(Arc::as_ptr)),
        )
    };
    let Some(first) = row.get_untracked() else { return ().into_any() };
    let rule = first.indicator.rule;
    let problem = RwSignal::new(None::<String>);
    let locked = move || row.with(|r| r.as_ref().is_some_and(|r| r.lock.is_some()));
    // Each field's text is a memo of its own, so that a change elsewhere in
    // the row (the quarter's capaian after another month's edit, a sync, a
    // write in another tab) never resets text being typed into this field.
    let field = move |name: &'static str| {
        Memo::new(move |_| {
            row.with(|r| r.as_ref().and_then(|r| r.values.get(name).cloned().flatten()).unwrap_or_default())
        })
    };
    let value = field("value");
    // Text typed and not yet kept. While there is some, a value arriving
    // for the field (the first pull after the page opened, another tab's
    // write) does not replace it on screen; it is kept on change, or on
    // leaving the field when setting the arrived value swallowed the change.
    let typed = StoredValue::new(None::<String>);
    let value_text = Memo::new(move |_| decimal_text(&value.get(), style.get()));
    let shown_value = move || {
        let arrived = value_text.get();
        typed.get_value().unwrap_or(arrived)
    };
    let commit_value = {
        let key = key.clone();
        move |text: String| {
            typed.set_value(None);
            let locale = i18n.get_locale_untracked();
            let wanted = match text.trim() {
                "" => Ok(None),
                entered => read_typed(entered, style.get_untracked()).map(|d| Some(d.to_string())),
            };
            match wanted {
                Ok(value) => {
                    let wanted = Fields::from([("value".to_owned(), value)]);
                    keep(local, key.clone(), wanted, rule, problem, locale)
                }
                Err(refused) => problem.set(Some(amount_problem(locale, refused).to_owned())),
            }
        }
    };
    let change_value = {
        let commit = commit_value.clone();
        move |ev: leptos::ev::Event| commit(event_target_value(&ev))
    };
    // Enter keeps what was typed at once, so the capaian changes in this
    // task; the focus moves in the next frame, before it is painted (moving
    // it here laid the page out twice: for the focus, then for the frame).
    let enter_value = {
        let commit = commit_value.clone();
        move || {
            if let Some(text) = typed.get_value() {
                commit(text);
            }
        }
    };
    let leave_value = {
        let enter = enter_value.clone();
        move |_: leptos::ev::FocusEvent| enter()
    };
    let narrative = {
        let key = key.clone();
        move |name: &'static str| {
            let key = key.clone();
            move |ev: leptos::ev::Event| {
                let wanted = Fields::from([(name.to_owned(), Some(event_target_value(&ev)))]);
                keep(local, key.clone(), wanted, rule, problem, i18n.get_locale_untracked());
            }
        }
    };
    let target = move || {
        let target = row.with(|r| r.as_ref().map(|r| (r.measurement.target, r.measurement.target_upper)));
        let (low, high) = target.unwrap_or_default();
        Cell::target(low, high, rule.decimals).display(style.get())
    };
    let measured = move |shown: fn(&Measurement) -> Cell| {
        row.with(|r| r.as_ref().map_or(Cell::Empty, |r| shown(&r.measurement))).display(style.get())
    };
    let capaian = move || measured(|m| Cell::percent(m.capaian));
    let predicate = move || row.with(|r| r.as_ref().and_then(|r| r.predicate_names[0].clone()));
    let to_date = move || {
        row.with(|r| r.as_ref().and_then(|r| r.measurement.to_date).map(|t| t.realisation.value)).flatten()
    };
    let to_date_value = move || Cell::number(to_date(), rule.decimals).display(style.get());
    let to_date_capaian =
        move || measured(|m| m.to_date.map_or(Cell::Empty, |t| Cell::percent(t.capaian_annual)));
    let to_date_predicate = move || row.with(|r| r.as_ref().and_then(|r| r.predicate_names[1].clone()));
    let quarter = first.quarter.label(style.get_untracked());
    let action = (!first.action.is_empty()).then(|| {
        view! { <p class="entry-action muted" data-testid="row-action">{t!(i18n, entry.action)} " " {quarter.clone()} ": " {first.action.clone()}</p> }
    });
    let indicator = first.indicator.clone();
    let state = record_state(states, key.clone());
    let (analisis, kendala, tindak_lanjut) = (field("analisis"), field("kendala"), field("tindak_lanjut"));
    let opened = RwSignal::new(false);
    let evidence_key = key.clone();
    view! {
        <article class="entry-row" data-testid="entry-row" data-indicator=indicator.code.clone() data-period=key.period().to_string()>
            <header class="entry-row-head">
                <strong>{indicator.code.clone()}</strong>
                " "
                <span>{indicator.name.clone()}</span>
                <span class="muted">" (" {indicator.unit_of_measure.clone()} ")"</span>
            </header>
            {action}
            <div class="entry-figures">
                <label class="field">
                    <span class="field-label">{t!(i18n, entry.value)}</span>
                    <input
                        type="text"
                        inputmode="decimal"
                        autocomplete="off"
                        data-testid="value-input"
                        data-entry-value=""
                        prop:value=shown_value
                        disabled=locked
                        aria-invalid=move || if problem.with(Option::is_some) { "true" } else { "false" }
                        on:input=move |ev| typed.set_value(Some(event_target_value(&ev)))
                        on:change=change_value
                        on:blur=leave_value
                        on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                            if ev.key() == "Enter" {
                                ev.prevent_default();
                                enter_value();
                                if let Some(target) = ev.target() {
                                    request_animation_frame(move || focus_next(&target));
                                }
                            }
                        }
                    />
                </label>
                <div class="figure">
                    <span class="field-label">{t!(i18n, entry.target)} " " {quarter.clone()}</span>
                    <span data-testid="target">{target}</span>
                </div>
                <div class="figure">
                    <span class="field-label">{t!(i18n, entry.capaian)} " " {quarter.clone()}</span>
                    <span data-testid="capaian">{capaian}</span>
                    <span class="predicate" data-testid="predicate">{predicate}</span>
                </div>
                <div class="figure">
                    <span class="field-label">{t!(i18n, entry.value_to_date)} " " {quarter.clone()}</span>
                    <span data-testid="to-date-value">{to_date_value}</span>
                </div>
                <div class="figure">
                    <span class="field-label">{t!(i18n, entry.capaian_to_date)} " " {quarter} " " {t!(i18n, entry.against_annual)}</span>
                    <span data-testid="to-date-capaian">{to_date_capaian}</span>
                    <span class="predicate" data-testid="to-date-predicate">{to_date_predicate}</span>
                </div>
            </div>
            {move || problem.get().map(|text| view! { <p class="field-problem" data-testid="row-problem">{text}</p> })}
            <RowState lock=Signal::derive(move || row.with(|r| r.as_ref().and_then(|r| r.lock.clone()))) state />
            // The narratives and the evidence are made when "Lainnya" first
            // opens: they are half of a row's nodes, and most rows are never opened.
            <details class="entry-more" on:toggle=move |_| opened.set(true)>
                <summary>{t!(i18n, entry.more)}</summary>
                <Show when=move || opened.get()>
                    <label class="field">
                        <span class="field-label">{t!(i18n, field.analisis)}</span>
                        <textarea data-testid="analisis" prop:value=analisis disabled=locked on:change=narrative("analisis")></textarea>
                    </label>
                    <label class="field">
                        <span class="field-label">{t!(i18n, field.kendala)}</span>
                        <textarea data-testid="kendala" prop:value=kendala disabled=locked on:change=narrative("kendala")></textarea>
                    </label>
                    <label class="field">
                        <span class="field-label">{t!(i18n, field.tindak_lanjut)}</span>
                        <textarea data-testid="tindak_lanjut" prop:value=tindak_lanjut disabled=locked on:change=narrative("tindak_lanjut")></textarea>
                    </label>
                    <Evidence key=evidence_key.clone() rule problem state />
                </Show>
            </details>
        </article>
    }
    .into_any()
}

/// A record's waiting changes, refusals, conflict and evidence, as a memo
/// of its own: a row follows its record's state, not every change.
pub(super) fn record_state(states: Memo<HashMap<Key, RecordState>>, key: Key) -> Memo<RecordState> {
    Memo::new(move |_| states.with(|s| s.get(&key).cloned().unwrap_or_default()))
}

/// The record's sync state: unsent changes, refusals (kept until the user
/// lets them go), a conflict waiting on the Konflik Data page, a lock.
#[component]
pub(super) fn RowState(lock: Signal<Option<Lock>>, state: Memo<RecordState>) -> impl IntoView {
    let i18n = use_i18n();
    let local = use_local();
    let refused = move || {
        state.with(|s| s.refused.clone()).into_iter().map(|Refusal { op_id, code, asked }| {
            let text = crate::ui::form::code_text(i18n.get_locale(), &code);
            view! {
                <p class="form-message error" data-testid="refused" data-code=code.clone()>
                    {t!(i18n, entry.refused)} " " <q data-testid="refused-value">{asked}</q> " — " {text}
                    " "
                    <button type="button" class="link-button" on:click=move |_| local.dismiss(op_id.clone())>
                        {t!(i18n, entry.dismiss)}
                    </button>
                </p>
            }
        }).collect_view()
    };
    view! {
        <div class="row-state">
            {move || state.with(|s| s.unsent > 0).then(|| view! { <span class="badge" data-testid="unsent">{t!(i18n, entry.unsent)}</span> })}
            {move || state.with(|s| s.conflicted).then(|| view! { <A href="/konflik" attr:class="badge warn" attr:data-testid="row-conflict">{t!(i18n, entry.conflict)}</A> })}
            {move || lock.get().map(|lock| view! { <span class="badge locked" data-testid="locked">{t!(i18n, entry.locked)} " " {lock.locked_by} ": " {lock.reason}</span> })}
            {refused}
        </div>
    }
}
