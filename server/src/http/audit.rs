//! The audit trail within the caller's scope: `GET /api/v1/audit` as JSON,
//! `GET /api/v1/audit.csv` as a spreadsheet-friendly CSV; both filter by
//! `entity` and `key` (a record's key as JSON, `{"entity":…,"key":{…}}`, in
//! any field order) and page with `after`.

use super::AppState;
use super::auth::Auth;
use super::error::{ApiError, Params};
use super::sync::scope_of;
use crate::db::AuditFilter;
use crate::documents::inert;
use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use kinerja_app::api::sync::AuditEntry;
use kinerja_app::domain::sync::Key;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Query {
    entity: Option<String>,
    key: Option<String>,
    #[serde(default)]
    after: i64,
    limit: Option<i64>,
}

async fn entries(state: &AppState, auth: &Auth, query: Query, max: i64) -> Result<Vec<AuditEntry>, ApiError> {
    let scope = scope_of(state, &auth.actor()).await?;
    let key = match query.key {
        Some(text) => Some(
            serde_json::from_str::<Key>(&text)
                .map_err(|e| ApiError::bad_request(format!("`key` is not a record key: {e}")))?
                .text(),
        ),
        None => None,
    };
    let filter = AuditFilter {
        entity: query.entity,
        key,
        after: query.after,
        limit: query.limit.unwrap_or(max).clamp(1, max),
    };
    Ok(state.db.audit(&scope, &filter).await?)
}

pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    Params(query): Params<Query>,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    Ok(Json(entries(&state, &auth, query, 1000).await?))
}

pub async fn csv(
    State(state): State<AppState>,
    auth: Auth,
    Params(query): Params<Query>,
) -> Result<Response, ApiError> {
    let rows = entries(&state, &auth, query, 1_000_000).await?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header_row = [
        "id",
        "at",
        "username",
        "device_id",
        "op_id",
        "action",
        "entity",
        "key",
        "unit_id",
        "field",
        "old",
        "new",
    ];
    writer.write_record(header_row).map_err(ApiError::internal)?;
    for row in &rows {
        let id = row.id.to_string();
        let cells = [
            id.as_str(),
            &row.at,
            &row.username,
            row.device_id.as_deref().unwrap_or_default(),
            row.op_id.as_deref().unwrap_or_default(),
            &row.action,
            &row.entity,
            &row.key,
            row.unit_id.as_deref().unwrap_or_default(),
            &row.field,
            row.old.as_deref().unwrap_or_default(),
            row.new.as_deref().unwrap_or_default(),
        ];
        writer.write_record(cells.map(inert).iter().map(|cell| cell.as_ref())).map_err(ApiError::internal)?;
    }
    let body = writer.into_inner().map_err(ApiError::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"audit.csv\""),
        ],
        body,
    )
        .into_response())
}
