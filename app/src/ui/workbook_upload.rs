//! An Excel workbook sent to an import (the planning workbook, the
//! realisation workbook): the file picked, the upload shown while it goes, and what became of
//! it — the answer, or the refused cells as a table (sheet, row, column and
//! the problem in the user's language), or why it could not be sent.

use crate::api::RowProblem;
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::ui::client::{self, ClientError};
use crate::ui::form::{error_text, problem_text};
use crate::ui::working::Working;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;

/// What became of a workbook sent to an import.
#[derive(Clone)]
pub enum Upload<T> {
    Done(T),
    Rejected(Vec<RowProblem>),
    Failed(ClientError),
    NoFile,
}

/// Sends the file picked in `input` to `path`, `busy` while it goes; `done`
/// gets what became of it.
pub fn upload<T: DeserializeOwned + 'static>(
    input: NodeRef<Input>,
    path: String,
    busy: RwSignal<bool>,
    done: impl FnOnce(Upload<T>) + 'static,
) {
    let Some(file) = input.get().and_then(|input| input.files()).and_then(|files| files.get(0)) else {
        done(Upload::NoFile);
        return;
    };
    busy.set(true);
    spawn_local(async move {
        let result = match client::post_body::<T>(&path, file.into()).await {
            Ok(answer) => Upload::Done(answer),
            Err(ClientError::Api { body, .. }) if !body.rows.is_empty() => Upload::Rejected(body.rows),
            Err(error) => Upload::Failed(error),
        };
        done(result);
        busy.set(false);
    });
}

/// While a workbook goes up and the server checks it: the moving bar and
/// the time it has taken.
pub fn uploading(busy: RwSignal<bool>) -> impl IntoView {
    move || busy.get().then(|| view! { <Working what=|l| td_string!(l, working.uploading) /> })
}

/// A refusal as shown: the refused cells under `rejected`, or why nothing
/// was sent. `None` for an answer, which each import words itself.
pub fn refusal<T>(
    upload: Upload<T>,
    locale: Locale,
    rejected: fn(Locale) -> &'static str,
) -> Option<AnyView> {
    let i18n = use_i18n();
    match upload {
        Upload::Done(_) => None,
        Upload::Rejected(rows) => Some(
            view! {
                <div data-testid="import-result">
                    <p class="form-message error">{rejected(locale)}</p>
                    <RowProblems rows=rows />
                </div>
            }
            .into_any(),
        ),
        Upload::Failed(error) => Some(
            view! { <p class="form-message error" data-testid="import-result">{error_text(locale, &error)}</p> }
                .into_any(),
        ),
        Upload::NoFile => Some(
            view! { <p class="form-message error" data-testid="import-result">{t!(i18n, sheets.choose)}</p> }
                .into_any(),
        ),
    }
}

#[component]
pub fn RowProblems(rows: Vec<RowProblem>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let rows = rows
        .into_iter()
        .map(|r| {
            view! {
                <tr>
                    <td>{r.sheet}</td>
                    <td class="num">{r.row}</td>
                    <td>{r.column}</td>
                    <td>{problem_text(locale, r.problem)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0">
            <table data-testid="import-problems">
                <thead>
                    <tr>
                        <th>{t!(i18n, sheets.sheet)}</th>
                        <th>{t!(i18n, sheets.row)}</th>
                        <th>{t!(i18n, sheets.column)}</th>
                        <th>{t!(i18n, sheets.problem)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
