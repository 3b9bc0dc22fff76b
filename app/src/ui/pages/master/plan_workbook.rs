//! Excel import and export on the master data page: the template and this
//! year's export as downloads, and an upload whose refusal lists every wrong
//! cell (sheet, row, column, problem) in the user's language.

use crate::api::{ImportSummary, RowProblem};
use crate::i18n::{t, use_i18n};
use crate::ui::client::{self, ClientError};
use crate::ui::form::error_text;
use crate::ui::row_problems::RowProblems;
use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Clone)]
enum Outcome {
    Imported(ImportSummary),
    Rejected(Vec<RowProblem>),
    Failed(ClientError),
    NoFile,
}

#[component]
pub fn PlanWorkbookSection(year: Signal<Option<i32>>, changes: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let file_input: NodeRef<Input> = NodeRef::new();
    let outcome = RwSignal::new(None::<Outcome>);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(file) = file_input.get().and_then(|input| input.files()).and_then(|files| files.get(0))
        else {
            outcome.set(Some(Outcome::NoFile));
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let result = match client::post_body::<ImportSummary>("/api/v1/imports/plans", file.into()).await
            {
                Ok(summary) => {
                    changes.update(|n| *n += 1);
                    Outcome::Imported(summary)
                }
                Err(ClientError::Api { body, .. }) if !body.rows.is_empty() => Outcome::Rejected(body.rows),
                Err(error) => Outcome::Failed(error),
            };
            outcome.set(Some(result));
            busy.set(false);
        });
    };
    let shown = move || {
        let locale = i18n.get_locale();
        outcome.get().map(|outcome| match outcome {
            Outcome::Imported(summary) => view! {
                <p class="form-message ok" data-testid="import-result">
                    {
                        let (indicators, plans) = (summary.indicators, summary.plans);
                        t!(i18n, sheets.imported, indicators = move || indicators, plans = move || plans)
                    }
                </p>
            }
            .into_any(),
            Outcome::Rejected(rows) => view! {
                <div data-testid="import-result">
                    <p class="form-message error">{t!(i18n, sheets.rejected)}</p>
                    <RowProblems rows=rows />
                </div>
            }
            .into_any(),
            Outcome::Failed(error) => {
                view! { <p class="form-message error" data-testid="import-result">{error_text(locale, &error)}</p> }
                    .into_any()
            }
            Outcome::NoFile => {
                view! { <p class="form-message error" data-testid="import-result">{t!(i18n, sheets.choose)}</p> }
                    .into_any()
            }
        })
    };
    let export_href =
        move || year.get().map(|y| format!("/api/v1/exports/plans.xlsx?year={y}")).unwrap_or_default();
    view! {
        <h2>{t!(i18n, sheets.title)}</h2>
        <p class="note">{t!(i18n, sheets.lead)}</p>
        <p class="downloads">
            <a href="/api/v1/templates/plans.xlsx" download data-testid="template-link">{t!(i18n, sheets.template)}</a>
            <a href=export_href download data-testid="export-link">{t!(i18n, sheets.export)}</a>
        </p>
        <form on:submit=submit data-testid="import-form">
            <label class="field">
                <span class="field-label">{t!(i18n, sheets.file)}</span>
                <input type="file" accept=".xlsx" node_ref=file_input />
            </label>
            <button type="submit" class="primary" disabled=move || busy.get()>{t!(i18n, sheets.import)}</button>
        </form>
        {shown}
    }
    .into_any()
}
