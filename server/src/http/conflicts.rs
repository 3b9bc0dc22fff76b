//! Conflicts in the caller's scope and their resolution:
//! `GET /api/v1/conflicts[?all=true]`, `POST /api/v1/conflicts/{id}/resolve`.

use super::AppState;
use super::auth::Auth;
use super::error::{ApiError, Body, Params};
use super::sync::refusal_error;
use crate::db::ResolveError;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use kinerja_core::api::sync::{Conflict, Resolution};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    all: bool,
}

pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    Params(query): Params<ListQuery>,
) -> Result<Json<Vec<Conflict>>, ApiError> {
    let scope = auth.unit_scope(&state).await?;
    Ok(Json(state.db.conflicts(&scope, query.all).await?))
}

pub async fn resolve(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Body(resolution): Body<Resolution>,
) -> Result<StatusCode, ApiError> {
    match state.db.resolve_conflict(&auth.actor(), &id, resolution.value).await {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(ResolveError::NotFound) => {
            Err(ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such open conflict"))
        }
        Err(ResolveError::Refused(refusal)) => Err(refusal_error(&refusal)),
        Err(ResolveError::Database(error)) => Err(ApiError::internal(error)),
    }
}
