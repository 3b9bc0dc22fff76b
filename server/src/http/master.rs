//! Master data over the API: units, users, indicators, and each year's PK
//! targets and Rencana Aksi. Everyone signed in may read units, indicators
//! and plans (the entry forms need them); only administrators may change
//! anything, list users, deactivate an account or reset its password.

use super::AppState;
use super::auth::{Admin, Auth};
use super::error::{ApiError, Body, Params};
use crate::db::{AccountError, Unit, User};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use kinerja_core::api::{ActiveChange, NewUser, PasswordReset};
use kinerja_core::domain::period::YEARS;
use kinerja_core::domain::plan::{Indicator, Renstra, RenstraPeriod, Sasaran, Tujuan, YearPlan};
use kinerja_core::domain::validate::Problem;
use serde::Deserialize;

pub async fn list_units(State(state): State<AppState>, _auth: Auth) -> Result<Json<Vec<Unit>>, ApiError> {
    Ok(Json(state.db.units().await?))
}

pub async fn add_unit(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Body(unit): Body<Unit>,
) -> Result<StatusCode, ApiError> {
    state.db.add_unit(&unit, Some(&admin.user.id)).await?;
    Ok(StatusCode::CREATED)
}

pub async fn list_users(State(state): State<AppState>, _admin: Admin) -> Result<Json<Vec<User>>, ApiError> {
    Ok(Json(state.db.users().await?))
}

pub async fn add_user(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Body(new): Body<NewUser>,
) -> Result<StatusCode, ApiError> {
    let user = User {
        id: new.id,
        username: new.username,
        full_name: new.full_name,
        nip: new.nip,
        role: new.role,
        unit_id: new.unit_id,
        must_change_password: true,
        active: true,
    };
    state.db.add_user(&user, &new.initial_password, Some(&admin.user.id)).await?;
    Ok(StatusCode::CREATED)
}

/// `POST /api/v1/users/{id}/active`: deactivates (ending its sessions) or
/// activates an account; never the administrator's own.
pub async fn set_active(
    State(state): State<AppState>,
    Admin(auth): Admin,
    Path(id): Path<String>,
    Body(change): Body<ActiveChange>,
) -> Result<StatusCode, ApiError> {
    state.db.set_active(&auth.user.id, &id, change.active).await.map_err(account_error)?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/users/{id}/password-reset`: a one-time password, shown once.
pub async fn reset_password(
    State(state): State<AppState>,
    Admin(auth): Admin,
    Path(id): Path<String>,
) -> Result<Json<PasswordReset>, ApiError> {
    let password = state.db.reset_password(&auth.user.id, &id).await.map_err(account_error)?;
    Ok(Json(PasswordReset { password }))
}

fn account_error(error: AccountError) -> ApiError {
    match error {
        AccountError::NotFound => ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such user"),
        AccountError::OwnAccount => ApiError::new(StatusCode::CONFLICT, "own_account", error.to_string()),
        AccountError::Hash => ApiError::internal(error),
        AccountError::Database(error) => ApiError::internal(error),
    }
}

pub async fn list_indicators(
    State(state): State<AppState>,
    _auth: Auth,
) -> Result<Json<Vec<Indicator>>, ApiError> {
    Ok(Json(state.db.indicators().await?))
}

/// `PUT /api/v1/indicators/{id}`: creates or replaces; the id is the client's.
pub async fn save_indicator(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<String>,
    Body(indicator): Body<Indicator>,
) -> Result<StatusCode, ApiError> {
    ApiError::require_same_id(&id, &indicator.id)?;
    state.db.save_indicator(&indicator, Some(&admin.user.id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
pub struct YearQuery {
    pub year: i32,
}

pub async fn list_plans(
    State(state): State<AppState>,
    _auth: Auth,
    Params(query): Params<YearQuery>,
) -> Result<Json<Vec<YearPlan>>, ApiError> {
    Ok(Json(state.db.year_plans(query.year).await?))
}

/// `PUT /api/v1/plans/{year}`: stores the given plans of that year, all or nothing.
pub async fn save_plans(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(year): Path<i32>,
    Body(plans): Body<Vec<YearPlan>>,
) -> Result<StatusCode, ApiError> {
    if !YEARS.contains(&year) || plans.iter().any(|plan| plan.year != year) {
        return Err(ApiError::invalid_field("year", Problem::Invalid));
    }
    state.db.save_year_plans(&plans, Some(&admin.user.id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn renstra(State(state): State<AppState>, _auth: Auth) -> Result<Json<Renstra>, ApiError> {
    Ok(Json(state.db.renstra().await?))
}

/// `PUT /api/v1/renstra/period`: the years the Renstra covers.
pub async fn save_renstra_period(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Body(period): Body<RenstraPeriod>,
) -> Result<StatusCode, ApiError> {
    state.db.save_renstra_period(period, Some(&admin.user.id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `PUT /api/v1/tujuan/{id}`
pub async fn save_tujuan(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<String>,
    Body(tujuan): Body<Tujuan>,
) -> Result<StatusCode, ApiError> {
    ApiError::require_same_id(&id, &tujuan.id)?;
    state.db.save_tujuan(&tujuan, Some(&admin.user.id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `PUT /api/v1/sasaran/{id}`
pub async fn save_sasaran(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<String>,
    Body(sasaran): Body<Sasaran>,
) -> Result<StatusCode, ApiError> {
    ApiError::require_same_id(&id, &sasaran.id)?;
    state.db.save_sasaran(&sasaran, Some(&admin.user.id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
