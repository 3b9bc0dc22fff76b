//! Laporan Progres Bulanan, step 3's output: one unit's indicators in a
//! quarter, month by month, then the quarter — the document the staff who
//! process the data print or hand over as a workbook. Reached from the
//! cycle page's table of units; read through the device store, so a
//! progress once opened opens again offline. Like every document of the
//! agency it is in Indonesian whatever the interface language.

use super::reports::document::table;
use crate::domain::org::Unit;
use crate::domain::period::Period;
use crate::domain::report::progress::{Progress, title};
use crate::i18n::{t, use_i18n};
use crate::ui::client::ClientError;
use crate::ui::device::use_local;
use crate::ui::download::Download;
use crate::ui::form::loaded;
use crate::ui::printable::{CycleDocumentPage, PrintButton};
use crate::ui::session::use_session;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The address of a unit's progress in a quarter: `/laporan/progres?periode=2026-TW1&unit=…`.
pub fn progress_href(period: Period, unit_id: &str) -> String {
    format!("/laporan/progres?periode={period}&unit={}", js_sys::encode_uri_component(unit_id))
}

#[component]
pub fn ProgressPage() -> impl IntoView {
    let i18n = use_i18n();
    let local = use_local();
    let session = use_session();
    let query = use_query_map();
    let address = move || {
        let query = query.read();
        Some((query.get("periode")?.parse::<Period>().ok()?, query.get("unit")?))
    };
    let progress = LocalResource::new(move || {
        let address = address().filter(|_| session.signed_in());
        async move {
            let Some((period, unit)) = address else { return Ok::<_, ClientError>(None) };
            let unit_query = js_sys::encode_uri_component(&unit);
            let progress: Progress =
                local.read(&format!("/api/v1/progress/{period}?unit={unit_query}")).await?;
            let units: Vec<Unit> = local.read("/api/v1/units").await?;
            Ok(Some((progress, units)))
        }
    });
    let content = loaded(progress, move |found: Option<(Progress, Vec<Unit>)>| {
        let Some((progress, units)) = found else {
            return view! { <p class="note">{t!(i18n, progress.choose)}</p> }.into_any();
        };
        let unit_name = units
            .iter()
            .find(|u| u.id == progress.unit_id)
            .map_or_else(|| progress.unit_id.clone(), |u| u.name.clone());
        let workbook = format!(
            "/api/v1/progress/{}/xlsx?unit={}",
            progress.period,
            js_sys::encode_uri_component(&progress.unit_id)
        );
        view! {
            <div class="no-print report-tools">
                <PrintButton>{t!(i18n, report.print)}</PrintButton>
                <Download class="button" href=workbook test_id="export-xlsx".to_owned()>"XLSX"</Download>
            </div>
            <article class="report-document" data-testid="progress">
                <h2>{title(&progress)}</h2>
                <p data-testid="progress-unit">{unit_name}</p>
                {table("progress-table", &progress.table)}
            </article>
        }
        .into_any()
    });
    view! { <CycleDocumentPage>{content}</CycleDocumentPage> }
}
