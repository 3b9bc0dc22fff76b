//! Konflik Data: the conflicts in the user's scope — a value changed
//! differently in two places, which the server kept aside instead of
//! overwriting — each with the value before, the server's and the device's,
//! and the choice that resolves it: either value, or a new one typed in.
//! The server checks scope, locks and the value, and audits the choice.

use crate::api::FieldProblem;
use crate::api::sync::{Conflict, Resolution};
use crate::domain::format::{format_decimal, read_typed};
use crate::domain::org::Unit;
use crate::domain::plan::Indicator;
use crate::domain::sync::Key;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::ui::client::{self, ClientError};
use crate::ui::form::{FormMessage, FormState, TextField, loaded};
use crate::ui::locale::{local_time, style_of};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use rust_decimal::Decimal;
use std::str::FromStr;

#[derive(Clone)]
struct Listing {
    conflicts: Vec<Conflict>,
    indicators: Vec<Indicator>,
    units: Vec<Unit>,
}

async fn load() -> Result<Listing, ClientError> {
    Ok(Listing {
        conflicts: client::get("/api/v1/conflicts").await?,
        indicators: client::get("/api/v1/indicators").await?,
        units: client::get("/api/v1/units").await?,
    })
}

fn field_label(locale: Locale, field: &str) -> &'static str {
    match field {
        "value" => td_string!(locale, field.value),
        "analisis" => td_string!(locale, field.analisis),
        "kendala" => td_string!(locale, field.kendala),
        "tindak_lanjut" => td_string!(locale, field.tindak_lanjut),
        "amount" => td_string!(locale, field.amount),
        "file_name" => td_string!(locale, field.file_name),
        "media_type" => td_string!(locale, field.media_type),
        _ => td_string!(locale, field.status),
    }
}

fn is_number(field: &str) -> bool {
    matches!(field, "value" | "amount")
}

/// A stored value as the user reads it: numbers in the locale's format.
fn shown(locale: Locale, field: &str, value: &Option<String>) -> String {
    match value.as_deref() {
        None | Some("") => td_string!(locale, conflicts.empty).to_owned(),
        Some(text) if is_number(field) => match Decimal::from_str(text) {
            Ok(number) => format_decimal(number, number.scale(), style_of(locale)),
            Err(_) => text.to_owned(),
        },
        Some(text) => text.to_owned(),
    }
}

/// What the conflict is about: the record's title and where it belongs.
fn title(listing: &Listing, locale: Locale, conflict: &Conflict) -> (String, String) {
    let unit = |id: &str| listing.units.iter().find(|u| u.id == id).map_or(id.to_owned(), |u| u.name.clone());
    let indicator = |id: &str| {
        listing
            .indicators
            .iter()
            .find(|i| i.id == id)
            .map_or(id.to_owned(), |i| format!("{} — {}", i.code, i.name))
    };
    let period = conflict.key.period().label(style_of(locale));
    match &conflict.key {
        Key::Realisation { indicator_id, unit_id, .. } => {
            (indicator(indicator_id), format!("{} · {period}", unit(unit_id)))
        }
        Key::Evidence { indicator_id, unit_id, .. } => (
            indicator(indicator_id),
            format!("{} · {period} · {}", unit(unit_id), td_string!(locale, conflicts.evidence)),
        ),
        Key::BudgetRealisation { program_id, .. } => {
            (format!("{} — {program_id}", td_string!(locale, conflicts.budget)), period)
        }
    }
}

#[component]
fn ConflictCard(conflict: Conflict, heading: (String, String), resolved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let other = RwSignal::new(String::new());
    let field = conflict.field.clone();
    let path = format!("/api/v1/conflicts/{}/resolve", conflict.id);
    let resolve = move |value: Option<String>| {
        let locale = i18n.get_locale_untracked();
        let path = path.clone();
        form.run(locale, async move { client::post_empty(&path, &Resolution { value }).await }, move |()| {
            resolved.run(())
        });
    };
    let (server, client_value) = (conflict.server.clone(), conflict.client.clone());
    let keep = resolve.clone();
    let take = resolve.clone();
    let number = is_number(&field);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let locale = i18n.get_locale_untracked();
        let typed = other.get_untracked();
        if !number {
            resolve(Some(typed));
            return;
        }
        match typed.trim() {
            "" => resolve(None),
            text => match read_typed(text, style_of(locale)) {
                Ok(value) => resolve(Some(value.to_string())),
                Err(problem) => form.refuse(
                    locale,
                    vec![FieldProblem { field: "value".into(), problem, message: String::new() }],
                ),
            },
        }
    };
    let field_name = field.clone();
    let (base, sent_by, sent_at) =
        (conflict.base.clone(), conflict.sent_by.clone(), conflict.created_at.clone());
    let value_of = move |value: Option<String>| {
        let field = field.clone();
        move || shown(i18n.get_locale(), &field, &value)
    };
    view! {
        <article class="conflict" data-testid="conflict">
            <h2>{heading.0}</h2>
            <p class="note">{heading.1} " · " {move || field_label(i18n.get_locale(), &field_name)}</p>
            <dl class="conflict-values">
                <dt>{t!(i18n, conflicts.base)}</dt>
                <dd data-testid="base-value">{value_of(base)}</dd>
                <dt>{t!(i18n, conflicts.server)}</dt>
                <dd data-testid="server-value">{value_of(server.clone())}</dd>
                <dt>{t!(i18n, conflicts.client)}</dt>
                <dd data-testid="client-value">
                    {value_of(client_value.clone())} <span class="note">" (" {t!(i18n, conflicts.sent_by)} " " {sent_by} ", " {move || local_time(i18n.get_locale(), &sent_at)} ")"</span>
                </dd>
            </dl>
            <div class="actions">
                <button type="button" class="secondary" data-testid="keep-server" disabled=move || form.busy.get() on:click=move |_| keep(server.clone())>
                    {t!(i18n, conflicts.keep_server)}
                </button>
                <button type="button" class="primary" data-testid="take-client" disabled=move || form.busy.get() on:click=move |_| take(client_value.clone())>
                    {t!(i18n, conflicts.take_client)}
                </button>
            </div>
            <form on:submit=submit>
                <TextField label=Signal::derive(move || t_string!(i18n, conflicts.other)) value=other field="value" form=form />
                <button type="submit" class="secondary" data-testid="resolve-other" disabled=move || form.busy.get()>{t!(i18n, conflicts.save_other)}</button>
            </form>
            <FormMessage form=form />
        </article>
    }
}

#[component]
pub fn ConflictsPage() -> impl IntoView {
    let i18n = use_i18n();
    let changes = RwSignal::new(0u32);
    let notice = RwSignal::new(false);
    let listing = LocalResource::new(move || {
        changes.track();
        load()
    });
    let resolved = Callback::new(move |()| {
        notice.set(true);
        changes.update(|n| *n += 1);
    });
    let content = loaded(listing, move |listing: Listing| {
        if listing.conflicts.is_empty() {
            return view! { <p class="note" data-testid="no-conflicts">{t!(i18n, conflicts.none)}</p> }
                .into_any();
        }
        let locale = i18n.get_locale_untracked();
        listing
            .conflicts
            .iter()
            .map(|conflict| {
                let heading = title(&listing, locale, conflict);
                view! { <ConflictCard conflict=conflict.clone() heading=heading resolved=resolved /> }
            })
            .collect_view()
            .into_any()
    });
    view! {
        <section class="page">
            <h1 data-testid="page-title">{t!(i18n, conflicts.title)}</h1>
            <p class="lead">{t!(i18n, conflicts.lead)}</p>
            <Show when=move || notice.get()>
                <p class="form-message ok" role="status" data-testid="resolved-notice">{t!(i18n, conflicts.resolved)}</p>
            </Show>
            {content}
        </section>
    }
}
