//! The office calendar the SOP's standard times are counted in
//! (`domain::office_time`): `GET /api/v1/office-calendar` for everyone
//! signed in (the cycle page says in which hours a step's time runs) and
//! `PUT /api/v1/office-calendar` for the administrator, who keeps the zone,
//! the office hours and the holidays.

use super::AppState;
use super::auth::{Admin, Auth};
use super::error::{ApiError, Body};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kinerja_core::domain::office_time::OfficeCalendar;

pub async fn show(State(state): State<AppState>, _auth: Auth) -> Result<Json<OfficeCalendar>, ApiError> {
    Ok(Json(state.db.office_calendar().await?))
}

pub async fn save(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Body(calendar): Body<OfficeCalendar>,
) -> Result<StatusCode, ApiError> {
    state.db.save_office_calendar(calendar, &admin.user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}
