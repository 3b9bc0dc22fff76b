//! The sync panel above the entry tables: how many changes wait on this
//! device, when the last sync finished, what stopped the last one, the
//! conflicts and refusals to look at, a warning while unsent work sits in
//! storage the browser may clear, and the way to carry the queue to another
//! device as a file (export / import).

use crate::domain::format::Style;
use crate::domain::sync::Key;
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::offline::queue_file::Taken;
use crate::offline::store::Snapshot;
use crate::ui::device::use_local;
use crate::ui::download::save;
use crate::ui::form::{FormMessage, FormState, code_text};
use crate::ui::locale::{local_time, style_of};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use wasm_bindgen_futures::JsFuture;

/// Offers `text` (JSON) to the user as a downloaded file.
fn download(name: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    if let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) {
        save(name, &blob);
    }
}

/// The rows whose changes the server refused, as the user finds them on
/// the page: the indicator's (or programme's) code and the period.
fn refused_rows(data: &Snapshot, style: Style) -> String {
    let code = |id: &str| -> String {
        let indicators = data.references.iter().flat_map(|r| r.indicators.iter().map(|i| (&i.id, &i.code)));
        let programs = data.references.iter().flat_map(|r| r.programs.iter().map(|p| (&p.id, &p.code)));
        indicators
            .chain(programs)
            .find(|(known, _)| known.as_str() == id)
            .map_or_else(|| id.to_owned(), |(_, code)| code.clone())
    };
    let mut rows: Vec<String> = data
        .outbox
        .refused()
        .map(|e| match &e.op.key {
            Key::Realisation { indicator_id: id, period, .. }
            | Key::Evidence { indicator_id: id, period, .. }
            | Key::BudgetRealisation { program_id: id, period } => {
                format!("{} {}", code(id), period.label(style))
            }
        })
        .collect();
    rows.sort();
    rows.dedup();
    rows.join("; ")
}

/// What an import took in, in words.
fn imported_text(locale: Locale, taken: Taken) -> String {
    let Taken { ops, files, requests } = taken;
    format!(
        "{} {ops} · {} {files} · {} {requests}",
        td_string!(locale, entry.imported),
        td_string!(locale, entry.imported_files),
        td_string!(locale, entry.imported_requests)
    )
}

#[component]
pub(super) fn SyncPanel() -> impl IntoView {
    let i18n = use_i18n();
    let local = use_local();
    let form = FormState::new();
    let pending = move || local.pending();
    let refused = move || local.data.with(|d| d.as_ref().map_or(0, |d| d.outbox.refused().count()));
    let refused_rows = move || {
        let style = style_of(i18n.get_locale());
        local.data.with(|d| d.as_ref().map(|d| refused_rows(d, style)).unwrap_or_default())
    };
    let conflicts = move || {
        local.data.with(|d| d.as_ref().map_or(0, |d| d.records.values().filter(|h| h.conflicted).count()))
    };
    let last_sync = move || {
        let stamp = local.data.with(|d| d.as_ref().and_then(|d| d.sync.last_sync.clone()));
        stamp.map_or_else(
            || td_string!(i18n.get_locale(), entry.never).to_owned(),
            |s| local_time(i18n.get_locale(), &s),
        )
    };
    let error = move || {
        let locale = i18n.get_locale();
        local.status.with(|s| s.error.clone()).map(|code| match code.as_str() {
            "network" => view! { <p class="note" data-testid="sync-offline">{td_string!(locale, entry.offline)}</p> }.into_any(),
            "unauthenticated" => view! {
                <p class="form-message error" data-testid="sync-signed-out">
                    {td_string!(locale, entry.signed_out)} " " <A href="/masuk">{td_string!(locale, auth.sign_in)}</A>
                </p>
            }
            .into_any(),
            other => view! { <p class="form-message error" data-testid="sync-error">{code_text(locale, other)}</p> }.into_any(),
        })
    };
    let at_risk = move || pending() > 0 && local.status.with(|s| s.persisted == Some(false));
    let export = move |_| {
        let locale = i18n.get_locale_untracked();
        spawn_local(async move {
            match local.export().await {
                Ok(text) => {
                    let stamp = js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default();
                    download(&format!("kinerja-antrean-{}.json", stamp.get(..10).unwrap_or("")), &text);
                }
                Err(error) => form
                    .message
                    .set(Some((false, format!("{} {}", td_string!(locale, entry.store_broken), error.0)))),
            }
        });
    };
    let import = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        let locale = i18n.get_locale_untracked();
        spawn_local(async move {
            let text = JsFuture::from(file.text()).await.ok().and_then(|t| t.as_string()).unwrap_or_default();
            form.message.set(Some(match local.import(&text).await {
                Ok(taken) => (true, imported_text(locale, taken)),
                Err(_) => (false, td_string!(locale, entry.import_failed).to_owned()),
            }));
        });
        input.set_value("");
    };
    view! {
        <div class="sync-panel" data-testid="sync-panel">
            <p>
                <strong data-testid="pending-count" data-count=pending>{pending}</strong>
                " " {t!(i18n, entry.pending)} " · " {t!(i18n, entry.last_sync)} " "
                <span data-testid="last-sync">{last_sync}</span>
            </p>
            {error}
            {move || (refused() > 0).then(|| view! {
                <p class="form-message error" data-testid="refused-count">
                    {refused} " " {t!(i18n, entry.refused_count)} " " <span data-testid="refused-rows">{refused_rows}</span> ". " {t!(i18n, entry.refused_see)}
                </p>
            })}
            {move || (conflicts() > 0).then(|| view! {
                <p class="form-message error">
                    <A href="/konflik" attr:data-testid="conflicts-link">{conflicts} " " {t!(i18n, entry.conflicts)}</A>
                </p>
            })}
            {move || at_risk().then(|| view! { <p class="form-message error" data-testid="not-persisted">{t!(i18n, entry.not_persisted)}</p> })}
            <div class="buttons">
                <button type="button" class="secondary" data-testid="sync-now" disabled=move || local.status.with(|s| s.running) on:click=move |_| local.sync_now()>
                    {t!(i18n, entry.sync_now)}
                </button>
                // Moving the queue to another device is rare: folded away, so
                // the fields come first on a phone's screen.
                <details class="sync-tools" data-testid="sync-tools">
                    <summary>{t!(i18n, entry.queue_tools)}</summary>
                    <div class="buttons">
                        <button type="button" class="secondary" data-testid="export-outbox" on:click=export>{t!(i18n, entry.export)}</button>
                        <label class="link-button">
                            {t!(i18n, entry.import)}
                            <input type="file" class="visually-hidden" data-testid="import-outbox" accept="application/json,.json" on:change=import />
                        </label>
                        <A href="/konflik" attr:class="link-button">{t!(i18n, conflicts.link)}</A>
                    </div>
                </details>
            </div>
            <FormMessage form />
        </div>
    }
}
