//! The agenda register of Lembar Disposisi (`/api/v1/dispositions`), the
//! people a sheet or a socialisation may name (`/api/v1/people`). Who may
//! issue, sign and read a sheet is the shared domain's rule, decided here.

use super::AppState;
use super::auth::Auth;
use super::error::{ApiError, Body};
use crate::db::SheetError;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use kinerja_core::api::disposition::{NewDisposition, Person, SignRequest};
use kinerja_core::domain::disposition::Disposition;
use kinerja_core::domain::org::Role;
use kinerja_core::domain::validate::{Checker, TEXT_MAX};

fn refusal(error: SheetError) -> ApiError {
    match error {
        SheetError::Refused(refusal) => {
            ApiError::new(StatusCode::FORBIDDEN, refusal.code(), refusal.to_string())
        }
        SheetError::Write(error) => error.into(),
    }
}

/// The sheets the user may read, newest first.
pub async fn list(State(state): State<AppState>, auth: Auth) -> Result<Json<Vec<Disposition>>, ApiError> {
    let actor = auth.actor();
    let sheets = state.db.dispositions().await?;
    Ok(Json(sheets.into_iter().filter(|sheet| sheet.visible_to(&actor)).collect()))
}

pub async fn issue(
    State(state): State<AppState>,
    auth: Auth,
    Body(request): Body<NewDisposition>,
) -> Result<(StatusCode, Json<Disposition>), ApiError> {
    let sheet = state
        .db
        .issue_disposition(&request.id.to_string(), request.draft, &auth.user.id, super::now_ms())
        .await
        .map_err(refusal)?;
    Ok((StatusCode::CREATED, Json(sheet)))
}

/// One sheet; a sheet the user may not read is answered as one that does not exist.
pub async fn one(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Json<Disposition>, ApiError> {
    match state.db.disposition(&id).await? {
        Some(sheet) if sheet.visible_to(&auth.actor()) => Ok(Json(sheet)),
        _ => Err(ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such disposition")),
    }
}

pub async fn sign(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Body(request): Body<SignRequest>,
) -> Result<Json<Disposition>, ApiError> {
    let mut check = Checker::new();
    check.optional("note", &request.note, TEXT_MAX);
    check.finish().map_err(ApiError::invalid)?;
    let sheet = state
        .db
        .sign_disposition(
            &id,
            &auth.actor(),
            &auth.user.full_name,
            request.sign,
            &request.note,
            super::now_ms(),
        )
        .await
        .map_err(refusal)?;
    Ok(Json(sheet))
}

/// The active users others may name, without the administrators.
pub async fn people(State(state): State<AppState>, _auth: Auth) -> Result<Json<Vec<Person>>, ApiError> {
    let users = state.db.users().await?;
    let people = users.into_iter().filter(|user| user.active && user.role != Role::Admin).map(|user| {
        Person { id: user.id, full_name: user.full_name, role: user.role, unit_id: user.unit_id }
    });
    Ok(Json(people.collect()))
}
