//! The versions of a report (`docs/api.md`, "Report versions"): the
//! programme staff regenerate the draft from the current data, the
//! sekretaris approves the version reviewed, and anyone who may read the
//! report lists its versions, reads one, and compares two cell by cell.

use super::AppState;
use super::auth::Auth;
use super::error::{ApiError, Body, Params};
use super::reports::{Address, Query};
use crate::db::ApproveError;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use kinerja_core::api::report::{Diff, Outcome, Reviewed, Saved, StoredVersion, VersionInfo};
use kinerja_core::domain::report::grid::{diff, grid};
use kinerja_core::domain::report::lkjip::chapters;
use kinerja_core::domain::report::version::{Save, may_approve, may_draft};
use serde::Deserialize;

type ReportPath = Path<(String, String, String)>;
type VersionPath = Path<(String, String, String, String)>;

async fn address(
    state: &AppState,
    auth: &Auth,
    (kind, year, n): &(String, String, String),
    unit: Option<String>,
) -> Result<Address, ApiError> {
    Address::check(state, auth, (kind, year, n), unit).await
}

/// A version number from the path.
fn number(text: &str) -> Result<u32, ApiError> {
    text.parse().map_err(|_| ApiError::bad_request("a version is a whole number"))
}

fn no_version() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such version of this report")
}

/// A stored version, or 404.
pub(crate) async fn stored(
    state: &AppState,
    address: &Address,
    version: u32,
) -> Result<StoredVersion, ApiError> {
    state.db.report_version(address.period, address.unit.as_deref(), version).await?.ok_or_else(no_version)
}

/// `GET …/versions`
pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    Path(path): ReportPath,
    Params(query): Params<Query>,
) -> Result<Json<Vec<VersionInfo>>, ApiError> {
    let address = address(&state, &auth, &path, query.unit).await?;
    Ok(Json(state.db.report_versions(address.period, address.unit.as_deref()).await?))
}

/// `POST …/versions`: regenerates the draft from the current data.
pub async fn regenerate(
    State(state): State<AppState>,
    auth: Auth,
    Path(path): ReportPath,
    Params(query): Params<Query>,
) -> Result<(StatusCode, Json<Saved>), ApiError> {
    if !may_draft(auth.user.role) {
        return Err(ApiError::forbidden("compile report drafts"));
    }
    let address = address(&state, &auth, &path, query.unit).await?;
    let report = address.compile(&state).await?;
    let (status, outcome, number) = match state.db.save_report_version(&report, &auth.user.id).await? {
        Save::Create(n) => (StatusCode::CREATED, Outcome::Created, n),
        Save::Replace(n) => (StatusCode::OK, Outcome::Replaced, n),
        Save::Keep(n) => (StatusCode::OK, Outcome::Unchanged, n),
    };
    let version = stored(&state, &address, number).await?.info;
    Ok((status, Json(Saved { outcome, version })))
}

/// `GET …/versions/{version}`
pub async fn one(
    State(state): State<AppState>,
    auth: Auth,
    Path((kind, year, n, version)): VersionPath,
    Params(query): Params<Query>,
) -> Result<Json<StoredVersion>, ApiError> {
    let address = address(&state, &auth, &(kind, year, n), query.unit).await?;
    stored(&state, &address, number(&version)?).await.map(Json)
}

/// `POST …/versions/{version}/approve` with `{ "content_hash": … }`.
pub async fn approve(
    State(state): State<AppState>,
    auth: Auth,
    Path((kind, year, n, version)): VersionPath,
    Params(query): Params<Query>,
    Body(reviewed): Body<Reviewed>,
) -> Result<Json<VersionInfo>, ApiError> {
    if !may_approve(auth.user.role) {
        return Err(ApiError::forbidden("approve reports"));
    }
    let version = number(&version)?;
    let address = address(&state, &auth, &(kind, year, n), query.unit).await?;
    let unit = address.unit.as_deref();
    match state
        .db
        .approve_report_version(address.period, unit, version, &reviewed.content_hash, &auth.user.id)
        .await
    {
        Ok(_) => Ok(Json(stored(&state, &address, version).await?.info)),
        Err(ApproveError::NotFound) => Err(no_version()),
        Err(ApproveError::Refused(_)) => Err(ApiError::new(
            StatusCode::CONFLICT,
            "not_what_was_reviewed",
            "this version's content is not the one reviewed: it was regenerated meanwhile; read it again",
        )),
        Err(ApproveError::Database(error)) => Err(error.into()),
    }
}

#[derive(Deserialize)]
pub struct Between {
    unit: Option<String>,
    from: u32,
    to: u32,
}

/// `GET …/diff?from=1&to=2`: the cells of the measurement table that
/// differ, and the LKjIP chapters rewritten.
pub async fn compare(
    State(state): State<AppState>,
    auth: Auth,
    Path(path): ReportPath,
    Params(query): Params<Between>,
) -> Result<Json<Diff>, ApiError> {
    let address = address(&state, &auth, &path, query.unit).await?;
    let (from, to) = (stored(&state, &address, query.from).await?, stored(&state, &address, query.to).await?);
    let changes = diff(&grid(&from.report), &grid(&to.report));
    let chapters = chapters::diff(&from.report, &to.report);
    Ok(Json(Diff { from: query.from, to: query.to, changes, chapters }))
}
