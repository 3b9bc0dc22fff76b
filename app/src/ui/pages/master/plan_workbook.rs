//! Excel import and export on the master data page: the template and this
//! year's export as downloads, and an upload whose refusal lists every wrong
//! cell (sheet, row, column, problem) in the user's language.

use crate::api::ImportSummary;
use crate::i18n::{t, td_string, use_i18n};
use crate::ui::download::Download;
use crate::ui::workbook_upload::{Upload, refusal, upload, uploading};
use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;

#[component]
pub fn PlanWorkbookSection(year: Signal<Option<i32>>, changes: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let file_input: NodeRef<Input> = NodeRef::new();
    let outcome = RwSignal::new(None::<Upload<ImportSummary>>);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        upload(file_input, "/api/v1/imports/plans".to_owned(), busy, move |result: Upload<ImportSummary>| {
            if matches!(result, Upload::Done(_)) {
                changes.update(|n| *n += 1);
            }
            outcome.set(Some(result));
        });
    };
    let shown = move || {
        let locale = i18n.get_locale();
        outcome.get().map(|outcome| match outcome {
            Upload::Done(summary) => view! {
                <p class="form-message ok" data-testid="import-result">
                    {
                        let (indicators, plans) = (summary.indicators, summary.plans);
                        t!(i18n, sheets.imported, indicators = move || indicators, plans = move || plans)
                    }
                </p>
            }
            .into_any(),
            refused => {
                refusal(refused, locale, |l| td_string!(l, sheets.rejected)).unwrap_or_else(|| ().into_any())
            }
        })
    };
    let export_href =
        move || year.get().map(|y| format!("/api/v1/exports/plans.xlsx?year={y}")).unwrap_or_default();
    view! {
        <h2>{t!(i18n, sheets.title)}</h2>
        <p class="note">{t!(i18n, sheets.lead)}</p>
        <p class="downloads">
            <Download href="/api/v1/templates/plans.xlsx".to_owned() test_id="template-link".to_owned()>{t!(i18n, sheets.template)}</Download>
            <Download href=Signal::derive(export_href) test_id="export-link".to_owned()>{t!(i18n, sheets.export)}</Download>
        </p>
        <form on:submit=submit data-testid="import-form">
            <label class="field">
                <span class="field-label">{t!(i18n, sheets.file)}</span>
                <input type="file" accept=".xlsx" node_ref=file_input />
            </label>
            <button type="submit" class="primary" disabled=move || busy.get()>{t!(i18n, sheets.import)}</button>
        </form>
        {uploading(busy)}
        {shown}
    }
    .into_any()
}
