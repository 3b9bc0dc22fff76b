//! Period locks: `GET /api/v1/locks` for anyone signed in;
//! `POST /api/v1/locks` and `POST /api/v1/locks/reopen` for the sekretaris
//! only (the reporting cycle will lock on approval through the same store).

use super::AppState;
use super::auth::Auth;
use super::error::{ApiError, Body};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kinerja_core::api::sync::LockRequest;
use kinerja_core::domain::lock::Lock;

pub async fn list(State(state): State<AppState>, _auth: Auth) -> Result<Json<Vec<Lock>>, ApiError> {
    Ok(Json(state.db.locks().await?))
}

fn require_lock_role(auth: &Auth) -> Result<(), ApiError> {
    if auth.user.role.locks_periods() { Ok(()) } else { Err(ApiError::forbidden("lock or reopen periods")) }
}

pub async fn lock(
    State(state): State<AppState>,
    auth: Auth,
    Body(request): Body<LockRequest>,
) -> Result<StatusCode, ApiError> {
    require_lock_role(&auth)?;
    state.db.lock_period(&request, &auth.user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn reopen(
    State(state): State<AppState>,
    auth: Auth,
    Body(request): Body<LockRequest>,
) -> Result<StatusCode, ApiError> {
    require_lock_role(&auth)?;
    state.db.unlock_period(&request, &auth.user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}
