//! The budget over the API: programmes (administrators maintain them), each
//! year's ceilings (administrators), monthly spending (those who enter data,
//! within their unit scope) and the budget table with serapan to date.

use super::AppState;
use super::auth::{Admin, Auth};
use super::error::{ApiError, Body, Params};
use super::sync::refusal_error;
use crate::db::EntryError;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use kinerja_core::domain::budget::{BudgetRow, Ceiling, Program, Spending, budget_table};
use kinerja_core::domain::period::Period;
use kinerja_core::domain::validate::Problem;
use serde::Deserialize;

pub async fn list_programs(
    State(state): State<AppState>,
    _auth: Auth,
) -> Result<Json<Vec<Program>>, ApiError> {
    Ok(Json(state.db.programs().await?))
}

/// `PUT /api/v1/programs/{id}`: creates or replaces; the id is the client's.
pub async fn save_program(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<String>,
    Body(program): Body<Program>,
) -> Result<StatusCode, ApiError> {
    ApiError::require_same_id(&id, &program.id)?;
    state.db.save_program(&program, Some(&admin.user.id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `PUT /api/v1/budget/ceilings/{year}`
pub async fn save_ceilings(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(year): Path<i32>,
    Body(ceilings): Body<Vec<Ceiling>>,
) -> Result<StatusCode, ApiError> {
    if ceilings.iter().any(|c| c.year != year) {
        return Err(ApiError::invalid_field("year", Problem::Invalid));
    }
    state.db.save_ceilings(&ceilings, Some(&admin.user.id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `PUT /api/v1/budget/spending`: monthly amounts, all or nothing; each is
/// decided as a sync op would be (unit scope, period locks, checks) and
/// audited.
pub async fn save_spending(
    State(state): State<AppState>,
    auth: Auth,
    Body(items): Body<Vec<Spending>>,
) -> Result<StatusCode, ApiError> {
    if !auth.user.role.enters_data() {
        return Err(ApiError::forbidden("enter this programme's budget"));
    }
    match state.db.enter_spending(&auth.actor(), &items).await {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(EntryError::Refused(refusal)) => Err(refusal_error(&refusal)),
        Err(EntryError::Database(error)) => Err(error.into()),
    }
}

#[derive(Deserialize)]
pub struct Query {
    period: String,
}

/// `GET /api/v1/budget?period=2026-TW2`: the budget table to the end of the
/// period, of the programmes whose unit the caller sees (as pull does).
pub async fn table(
    State(state): State<AppState>,
    auth: Auth,
    Params(query): Params<Query>,
) -> Result<Json<Vec<BudgetRow>>, ApiError> {
    let period: Period = query
        .period
        .parse()
        .map_err(|e: kinerja_core::domain::period::PeriodError| ApiError::bad_request(e.to_string()))?;
    let year = period.year_number();
    let actor = auth.actor();
    let tree = state.db.unit_tree().await?;
    let mut programs = state.db.programs().await?;
    programs.retain(|program| actor.sees_program(&tree, program.unit_id.as_deref()));
    let ceilings = state.db.ceilings(year).await?;
    let spending = state.db.spending(year).await?;
    Ok(Json(budget_table(&programs, &ceilings, &spending, period)))
}
