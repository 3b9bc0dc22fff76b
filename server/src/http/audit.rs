//! The audit trail within the caller's scope: `GET /api/v1/audit` as JSON,
//! `GET /api/v1/audit.csv` as a spreadsheet-friendly CSV; both filter by
//! `entity` and `key` (a record's key as JSON, `{"entity":…,"key":{…}}`, in
//! any field order), `unit`, `user` (login name) and the days `from`/`to`,
//! and page with `after` (or give the newest with `newest=true`).

use super::AppState;
use super::auth::Auth;
use super::error::{ApiError, Params};
use crate::db::{AuditFilter, stamp};
use crate::documents::inert;
use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use kinerja_core::api::sync::AuditEntry;
use kinerja_core::domain::sync::Key;
use kinerja_core::domain::validate::Problem;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Query {
    entity: Option<String>,
    key: Option<String>,
    unit: Option<String>,
    user: Option<String>,
    /// `2026-11-01`: entries from that day on (UTC).
    from: Option<String>,
    /// `2026-11-30`: entries up to that day, inclusive (UTC).
    to: Option<String>,
    #[serde(default)]
    after: i64,
    limit: Option<i64>,
    #[serde(default)]
    newest: bool,
}

/// The stored stamp at which the day `text` (`YYYY-MM-DD`) begins, or the
/// next day begins when `next`.
fn day_start(field: &str, text: &str, next: bool) -> Result<String, ApiError> {
    let invalid = || ApiError::invalid_field(field, Problem::Invalid);
    let mut parts = text.splitn(3, '-').map(|part| part.parse::<i32>().ok());
    let (Some(Some(year)), Some(Some(month)), Some(Some(day))) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid());
    };
    let month = u8::try_from(month).ok().and_then(|m| time::Month::try_from(m).ok()).ok_or_else(invalid)?;
    let date = time::Date::from_calendar_date(year, month, u8::try_from(day).map_err(|_| invalid())?)
        .map_err(|_| invalid())?;
    let date = if next { date.next_day().ok_or_else(invalid)? } else { date };
    Ok(stamp(date.midnight().assume_utc()))
}

async fn entries(state: &AppState, auth: &Auth, query: Query, max: i64) -> Result<Vec<AuditEntry>, ApiError> {
    let scope = auth.unit_scope(state).await?;
    let key = match query.key {
        Some(text) => Some(
            serde_json::from_str::<Key>(&text)
                .map_err(|e| ApiError::bad_request(format!("`key` is not a record key: {e}")))?
                .text(),
        ),
        None => None,
    };
    let since = query.from.as_deref().map(|day| day_start("from", day, false)).transpose()?;
    let until = query.to.as_deref().map(|day| day_start("to", day, true)).transpose()?;
    let filter = AuditFilter {
        entity: query.entity,
        key,
        unit: query.unit,
        username: query.user,
        since,
        until,
        after: query.after,
        limit: query.limit.unwrap_or(max).clamp(1, max),
        newest: query.newest,
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
        "request_id",
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
            row.request_id.as_deref().unwrap_or_default(),
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
