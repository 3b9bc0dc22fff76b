//! The refused cells of an imported workbook as a table — sheet, row,
//! column and the problem in the user's language — for every import (the
//! planning workbook, the realisation workbook).

use crate::api::RowProblem;
use crate::i18n::{t, use_i18n};
use crate::ui::form::problem_text;
use leptos::prelude::*;

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
        <div class="table-wrap">
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
