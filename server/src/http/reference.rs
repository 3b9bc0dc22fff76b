//! `GET /api/v1/reference?year=`: the reference data a device keeps to enter
//! a year's data offline — units, indicators, the year's plans, programmes
//! and ceilings, the agency policy and the period locks — in one answer.
//! All of it is readable by anyone signed in; the records themselves come
//! through the sync pull, limited to the user's scope.

use super::AppState;
use super::auth::Auth;
use super::error::{ApiError, Params};
use super::master::YearQuery;
use axum::Json;
use axum::extract::State;
use kinerja_core::api::Reference;
use kinerja_core::domain::period::YEARS;
use kinerja_core::domain::validate::Problem;

pub async fn reference(
    State(state): State<AppState>,
    _auth: Auth,
    Params(query): Params<YearQuery>,
) -> Result<Json<Reference>, ApiError> {
    let year = query.year;
    if !YEARS.contains(&year) {
        return Err(ApiError::invalid_field("year", Problem::OutOfRange));
    }
    let db = &state.db;
    Ok(Json(Reference {
        year,
        units: db.units().await?,
        indicators: db.indicators().await?,
        plans: db.year_plans(year).await?,
        programs: db.programs().await?,
        ceilings: db.ceilings(year).await?,
        policy: db.policy().await?,
        locks: db.locks().await?,
    }))
}
