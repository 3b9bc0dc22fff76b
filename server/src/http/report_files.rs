//! `GET /api/v1/reports/{kind}/{year}/{n}/export/{xlsx|docx|csv}?unit=&version=`:
//! a report as a file — compiled from the data now, or a stored version
//! (an approved snapshot prints the same every time). The file says which
//! it is; the unit's name, or the agency's, heads it.

use super::AppState;
use super::auth::Auth;
use super::error::{ApiError, Params};
use super::report_versions::stored;
use super::reports::Address;
use crate::documents::{Document, Format};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use kinerja_core::api::report::live_status_line;
use kinerja_core::domain::org::agency;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
pub struct Query {
    unit: Option<String>,
    version: Option<u32>,
}

pub async fn export(
    State(state): State<AppState>,
    auth: Auth,
    Path((kind, year, n, format)): Path<(String, String, String, String)>,
    Params(query): Params<Query>,
) -> Result<Response, ApiError> {
    let format =
        Format::parse(&format).ok_or_else(|| ApiError::bad_request("the file is `xlsx`, `docx` or `csv`"))?;
    let address = Address::check(&state, &auth, (&kind, &year, &n), query.unit).await?;
    let (report, status, suffix) = match query.version {
        Some(number) => {
            let version = stored(&state, &address, number).await?;
            (version.report, version.info.status_line(), format!("-v{number}"))
        }
        None => (address.compile(&state).await?, live_status_line(&crate::db::now_utc()), String::new()),
    };
    let units = state.db.units().await?;
    let names: HashMap<String, String> = units.iter().map(|u| (u.id.clone(), u.name.clone())).collect();
    let subject = match &address.unit {
        Some(unit) => names.get(unit).cloned().unwrap_or_else(|| unit.clone()),
        None => agency(&units).map_or_else(|| "Dinas".to_owned(), |u| u.name.clone()),
    };
    let letterhead = state.db.letterhead().await?;
    let printed = super::settings::printed(&state, &letterhead).await?;
    let period = report.period;
    // Laying out a workbook or a document is CPU work: off the async workers.
    let rendered = tokio::task::spawn_blocking(move || {
        let document = Document::new(&report, subject, status, &names, &letterhead, printed);
        format.render(&document)
    });
    let bytes = rendered.await.map_err(ApiError::internal)?.map_err(ApiError::internal)?;
    let scope = address.unit.as_deref().unwrap_or("dinas");
    let file = format!("laporan-kinerja-{period}-{scope}{suffix}.{}", format.extension());
    let disposition = format!("attachment; filename=\"{file}\"");
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}
