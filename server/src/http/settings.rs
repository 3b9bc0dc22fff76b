//! The agency settings the administrator keeps besides the calendar:
//! `/api/v1/settings/letterhead` (the heading and the signatories every
//! printed page, DOCX and XLSX carries) and `/api/v1/settings/policy` (the
//! predicate bands, negative formula, cap, T = 0 rule and margins every
//! capaian is read with). Everyone signed in reads them — the print views
//! and the device's capaian need them — and only the administrator writes,
//! each change in the audit trail.

use super::AppState;
use super::auth::{Admin, Auth};
use super::error::{ApiError, Body};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kinerja_core::domain::letterhead::Letterhead;
use kinerja_core::domain::policy::Policy;

pub async fn letterhead(State(state): State<AppState>, _auth: Auth) -> Result<Json<Letterhead>, ApiError> {
    Ok(Json(state.db.letterhead().await?))
}

pub async fn save_letterhead(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Body(letterhead): Body<Letterhead>,
) -> Result<StatusCode, ApiError> {
    state.db.save_letterhead(letterhead, &admin.user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn policy(State(state): State<AppState>, _auth: Auth) -> Result<Json<Policy>, ApiError> {
    Ok(Json(state.db.policy().await?))
}

pub async fn save_policy(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Body(policy): Body<Policy>,
) -> Result<StatusCode, ApiError> {
    state.db.save_policy(&policy, &admin.user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}
