//! The budget over the API: programmes (administrators maintain them), each
//! year's ceilings (administrators), monthly spending (those who enter data,
//! within their unit scope) and the budget table with serapan to date.

use super::AppState;
use super::auth::{Admin, Auth};
use super::error::{ApiError, Body, Params};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use kinerja_app::domain::budget::{BudgetRow, Ceiling, Program, Spending, budget_table};
use kinerja_app::domain::period::Period;
use kinerja_app::domain::validate::Problem;
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
    _admin: Admin,
    Path(id): Path<String>,
    Body(program): Body<Program>,
) -> Result<StatusCode, ApiError> {
    ApiError::require_same_id(&id, &program.id)?;
    state.db.save_program(&program).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `PUT /api/v1/budget/ceilings/{year}`
pub async fn save_ceilings(
    State(state): State<AppState>,
    _admin: Admin,
    Path(year): Path<i32>,
    Body(ceilings): Body<Vec<Ceiling>>,
) -> Result<StatusCode, ApiError> {
    if ceilings.iter().any(|c| c.year != year) {
        return Err(ApiError::invalid_field("year", Problem::Invalid));
    }
    state.db.save_ceilings(&ceilings).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `PUT /api/v1/budget/spending`: monthly amounts, all or nothing; each
/// programme must be within the caller's unit scope.
pub async fn save_spending(
    State(state): State<AppState>,
    auth: Auth,
    Body(items): Body<Vec<Spending>>,
) -> Result<StatusCode, ApiError> {
    let actor = auth.actor();
    let tree = state.db.unit_tree().await?;
    let units = state.db.program_units().await?;
    for item in &items {
        let unit = units.get(&item.program_id);
        if unit.is_some_and(|unit| !actor.enters_budget_for(&tree, unit.as_deref()))
            || !actor.role.enters_data()
        {
            return Err(ApiError::forbidden("enter this programme's budget"));
        }
    }
    state.db.save_spending(&items, Some(&actor.user_id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
pub struct Query {
    period: String,
}

/// `GET /api/v1/budget?period=2026-TW2`: the budget table to the end of the period.
pub async fn table(
    State(state): State<AppState>,
    _auth: Auth,
    Params(query): Params<Query>,
) -> Result<Json<Vec<BudgetRow>>, ApiError> {
    let period: Period = query
        .period
        .parse()
        .map_err(|e: kinerja_app::domain::period::PeriodError| ApiError::bad_request(e.to_string()))?;
    let year = period.year_number();
    let programs = state.db.programs().await?;
    let ceilings = state.db.ceilings(year).await?;
    let spending = state.db.spending(year).await?;
    Ok(Json(budget_table(&programs, &ceilings, &spending, period)))
}
