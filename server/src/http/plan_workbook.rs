//! Spreadsheet calls: the planning template, the export of a year's plans in
//! the same layout, and the all-or-nothing import of a filled workbook.

use super::AppState;
use super::auth::{Admin, Auth};
use super::error::{ApiError, Params};
use crate::plan_workbook;
use crate::workbook::Codes;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kinerja_core::api::ImportSummary;
use serde::Deserialize;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// The largest workbook accepted.
pub const MAX_WORKBOOK_BYTES: usize = 10 * 1024 * 1024;

fn attachment(bytes: Vec<u8>, file_name: &str) -> Response {
    let disposition = format!("attachment; filename=\"{file_name}\"");
    ([(header::CONTENT_TYPE, XLSX.to_owned()), (header::CONTENT_DISPOSITION, disposition)], bytes)
        .into_response()
}

/// `GET /api/v1/templates/plans.xlsx`
pub async fn template(State(state): State<AppState>, _admin: Admin) -> Result<Response, ApiError> {
    let (units, programs) = (state.db.units().await?, state.db.programs().await?);
    let codes = Codes { indicators: &[], units: &units, programs: &programs };
    let bytes = plan_workbook::workbook(&codes, &[]).map_err(ApiError::internal)?;
    Ok(attachment(bytes, "kinerja-templat-iku-pk-renaksi.xlsx"))
}

#[derive(Deserialize)]
pub struct YearQuery {
    year: i32,
}

/// `GET /api/v1/exports/plans.xlsx?year=2026`
pub async fn export(
    State(state): State<AppState>,
    _auth: Auth,
    Params(query): Params<YearQuery>,
) -> Result<Response, ApiError> {
    let (units, indicators, programs) =
        (state.db.units().await?, state.db.indicators().await?, state.db.programs().await?);
    let plans = state.db.year_plans(query.year).await?;
    let codes = Codes { indicators: &indicators, units: &units, programs: &programs };
    let bytes = plan_workbook::workbook(&codes, &plans).map_err(ApiError::internal)?;
    Ok(attachment(bytes, &format!("kinerja-iku-pk-renaksi-{}.xlsx", query.year)))
}

/// `POST /api/v1/imports/plans` with the workbook as the body. The
/// workbook is measured against `workbook::limits` before it is read (413
/// `workbook_too_large`), and read on the blocking pool.
pub async fn import(
    State(state): State<AppState>,
    Admin(admin): Admin,
    body: Bytes,
) -> Result<Json<ImportSummary>, ApiError> {
    let (units, existing, programs) =
        (state.db.units().await?, state.db.indicators().await?, state.db.programs().await?);
    let read = tokio::task::spawn_blocking(move || {
        crate::workbook::limits::check(&body)
            .map_err(|e| ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "workbook_too_large", e.to_string()))?;
        let codes = Codes { indicators: &existing, units: &units, programs: &programs };
        plan_workbook::parse(&body, &codes, || uuid::Uuid::now_v7().to_string())
            .map_err(ApiError::rejected_rows)
    });
    let parsed = read.await.map_err(ApiError::internal)??;
    state.db.import_plans(&parsed.indicators, &parsed.plans, Some(&admin.user.id)).await?;
    Ok(Json(ImportSummary { indicators: parsed.indicators.len(), plans: parsed.plans.len() }))
}
