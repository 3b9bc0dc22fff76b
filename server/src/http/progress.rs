//! Step 3's Laporan Progres Bulanan of one unit in a quarter:
//! `GET /api/v1/progress/{quarter}?unit=` (JSON) and
//! `GET /api/v1/progress/{quarter}/xlsx?unit=` (a workbook), computed from
//! the data stored now — once the quarter is approved its data is locked,
//! so the document no longer changes. The unit must be one the caller sees,
//! as for reports.

use super::AppState;
use super::auth::Auth;
use super::error::{ApiError, Params};
use crate::documents::progress_workbook;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use kinerja_core::domain::period::{Level, Period, YEARS};
use kinerja_core::domain::report::progress::{Progress, title};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Query {
    unit: String,
}

/// The quarter and unit asked for, checked: a quarter of a supported year,
/// a unit the caller sees.
async fn address(
    state: &AppState,
    auth: &Auth,
    quarter: &str,
    unit: String,
) -> Result<(Period, String), ApiError> {
    let period: Period =
        quarter.parse().map_err(|_| ApiError::bad_request("the period is a quarter: `2026-TW1`"))?;
    if period.level() != Level::Quarter || !YEARS.contains(&period.year_number()) {
        return Err(ApiError::bad_request("the period is a quarter of a supported year: `2026-TW1`"));
    }
    let unit = auth.unit_asked(state, Some(unit)).await?.unwrap_or_default();
    if !state.db.unit_tree().await?.is_known(&unit) {
        return Err(ApiError::new(axum::http::StatusCode::NOT_FOUND, "not_found", "no such unit"));
    }
    Ok((period, unit))
}

async fn progress_of(state: &AppState, period: Period, unit: &str) -> Result<Progress, ApiError> {
    Ok(state.db.year_figures(period.year_number(), Some(unit)).await?.progress(period, unit))
}

pub async fn show(
    State(state): State<AppState>,
    auth: Auth,
    Path(quarter): Path<String>,
    Params(query): Params<Query>,
) -> Result<Json<Progress>, ApiError> {
    let (period, unit) = address(&state, &auth, &quarter, query.unit).await?;
    progress_of(&state, period, &unit).await.map(Json)
}

pub async fn workbook(
    State(state): State<AppState>,
    auth: Auth,
    Path(quarter): Path<String>,
    Params(query): Params<Query>,
) -> Result<Response, ApiError> {
    let (period, unit) = address(&state, &auth, &quarter, query.unit).await?;
    let progress = progress_of(&state, period, &unit).await?;
    let units = state.db.units().await?;
    let subject = units.iter().find(|u| u.id == unit).map_or_else(|| unit.clone(), |u| u.name.clone());
    let title = title(&progress);
    let letterhead = super::settings::printed(&state, &state.db.letterhead().await?).await?;
    let rendered = tokio::task::spawn_blocking(move || {
        progress_workbook(&letterhead, &title, &subject, &progress.table)
    });
    let bytes = rendered.await.map_err(ApiError::internal)?.map_err(ApiError::internal)?;
    let file = format!("progres-bulanan-{period}-{unit}.xlsx");
    Ok((
        [
            (header::CONTENT_TYPE, crate::documents::Format::Xlsx.content_type().to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
        ],
        bytes,
    )
        .into_response())
}
