//! Impor Realisasi: a unit's realisations and spending of a year from
//! Excel — download the workbook with the values held now, fill it, check
//! it (the server decides every row as it decides a device's ops and keeps
//! nothing), then import it. A refused workbook lists every refused cell;
//! an accepted one says how many rows were taken as they were, merged, or
//! left as conflicts for Konflik Data. The device picks the rows up at its
//! next sync.

use crate::api::RealisationImport;
use crate::domain::org::Unit;
use crate::i18n::{t, td_string, use_i18n};
use crate::ui::device::use_local;
use crate::ui::download::Download;
use crate::ui::form::loaded;
use crate::ui::gate::SignedOutNote;
use crate::ui::session::use_session;
use crate::ui::workbook_upload::{Upload, refusal, upload, uploading};
use leptos::html::Input;
use leptos::prelude::*;

#[component]
fn ImportForm(units: Vec<Unit>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let local = use_local();
    let me = session.me.get_untracked();
    let sees_all = me.as_ref().is_some_and(|me| me.actor().sees_all());
    let own_unit = me.as_ref().and_then(|me| me.unit_id.clone()).unwrap_or_default();
    let this_year = js_sys::Date::new_0().get_full_year() as i32;
    let year = RwSignal::new(this_year);
    let unit = RwSignal::new(if sees_all { String::new() } else { own_unit });
    let file_input: NodeRef<Input> = NodeRef::new();
    let outcome = RwSignal::new(None::<Upload<RealisationImport>>);
    let busy = RwSignal::new(false);
    // The file a clean check was made of: only it may be imported.
    let checked = RwSignal::new(false);
    let template = move || {
        let unit = unit.get();
        let scope = if unit.is_empty() {
            String::new()
        } else {
            format!("&unit={}", js_sys::encode_uri_component(&unit))
        };
        format!("/api/v1/templates/realisations.xlsx?year={}{scope}", year.get())
    };
    let send = move |commit: bool| {
        let path = format!("/api/v1/imports/realisations?commit={commit}");
        upload(file_input, path, busy, move |result: Upload<RealisationImport>| {
            if commit && matches!(result, Upload::Done(_)) {
                local.sync_now();
            }
            checked.set(!commit && matches!(result, Upload::Done(_)));
            outcome.set(Some(result));
        });
    };
    let shown = move || {
        let locale = i18n.get_locale();
        outcome.get().map(|outcome| match outcome {
            Upload::Done(answer) => {
                let (rows, applied, merged, conflicts) =
                    (answer.rows, answer.applied, answer.merged, answer.conflicts);
                let state = if answer.committed {
                    td_string!(locale, realisation_import.imported)
                } else {
                    td_string!(locale, realisation_import.checked)
                };
                let tally = t!(
                    i18n,
                    realisation_import.tally,
                    rows = move || rows,
                    applied = move || applied,
                    merged = move || merged,
                    conflicts = move || conflicts
                );
                view! { <p class="form-message ok" data-testid="import-result">{state} " " {tally}</p> }
                    .into_any()
            }
            refused => refusal(refused, locale, |l| td_string!(l, realisation_import.rejected))
                .unwrap_or_else(|| ().into_any()),
        })
    };
    let unit_select = sees_all.then(|| {
        let options = units
            .into_iter()
            .filter(|u| u.active && !u.kind.is_external())
            .map(|u| view! { <option value=u.id.clone()>{u.name.clone()}</option> })
            .collect_view();
        view! {
            <label class="field">
                <span class="field-label">{t!(i18n, report.unit)}</span>
                <select data-testid="import-unit" on:change=move |ev| unit.set(event_target_value(&ev))>
                    <option value="">{t!(i18n, report.agency)}</option>
                    {options}
                </select>
            </label>
        }
    });
    let years = (this_year - 2..=this_year + 1)
        .map(|y| view! { <option value=y selected=y == this_year>{y}</option> })
        .collect_view();
    view! {
        <div class="form-grid">
            <label class="field">
                <span class="field-label">{t!(i18n, report.year)}</span>
                <select data-testid="import-year" on:change=move |ev| year.set(event_target_value(&ev).parse().unwrap_or(this_year))>{years}</select>
            </label>
            {unit_select}
        </div>
        <p><Download href=Signal::derive(template) test_id="template-link".to_owned()>{t!(i18n, realisation_import.template)}</Download></p>
        <label class="field">
            <span class="field-label">{t!(i18n, sheets.file)}</span>
            <input type="file" accept=".xlsx" node_ref=file_input data-testid="import-file" on:change=move |_| {
                checked.set(false);
                outcome.set(None);
            } />
        </label>
        <p>
            <button type="button" data-testid="check-import" disabled=move || busy.get() on:click=move |_| send(false)>
                {move || if busy.get() { td_string!(i18n.get_locale(), realisation_import.busy) } else { td_string!(i18n.get_locale(), realisation_import.check) }}
            </button>
            " "
            <button type="button" class="primary" data-testid="commit-import" disabled=move || busy.get() || !checked.get() on:click=move |_| send(true)>
                {t!(i18n, realisation_import.import)}
            </button>
        </p>
        {uploading(busy)}
        {shown}
    }
}

#[component]
pub fn RealisationImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let local = use_local();
    let units = LocalResource::new(move || {
        let signed_in = session.signed_in();
        async move { if signed_in { local.read::<Vec<Unit>>("/api/v1/units").await.map(Some) } else { Ok(None) } }
    });
    view! {
        <section class="page">
            <h1 data-testid="page-title">{t!(i18n, realisation_import.title)}</h1>
            <p class="lead">{t!(i18n, realisation_import.lead)}</p>
            <SignedOutNote />
            {loaded(units, |units: Option<Vec<Unit>>| units.map(|units| view! { <ImportForm units=units /> }))}
        </section>
    }
}
