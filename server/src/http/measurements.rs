//! `GET /api/v1/measurements?year=&period=&unit=`: the measurement table of
//! a period — per indicator, target, realisation, capaian, predicate and
//! flags — for one unit or the whole agency, within the caller's scope.

use super::AppState;
use super::auth::Auth;
use super::error::{ApiError, Params};
use axum::Json;
use axum::extract::State;
use kinerja_core::domain::period::Period;
use kinerja_core::domain::table::Row;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub struct Query {
    year: Option<i32>,
    period: Option<String>,
    unit: Option<String>,
}

#[derive(Serialize)]
pub struct Table {
    period: Period,
    unit: Option<String>,
    rows: Vec<Row>,
}

fn period_of(query: &Query) -> Result<Period, ApiError> {
    let period = match (&query.period, query.year) {
        (Some(text), _) => text.parse::<Period>().map_err(|e| ApiError::bad_request(e.to_string()))?,
        (None, Some(year)) => Period::year(year).map_err(|e| ApiError::bad_request(e.to_string()))?,
        (None, None) => return Err(ApiError::bad_request("give `period` (e.g. 2026-TW2) or `year`")),
    };
    match query.year {
        Some(year) if year != period.year_number() => {
            Err(ApiError::bad_request(format!("period {period} is not in year {year}")))
        }
        _ => Ok(period),
    }
}

pub async fn measurements(
    State(state): State<AppState>,
    auth: Auth,
    Params(query): Params<Query>,
) -> Result<Json<Table>, ApiError> {
    let period = period_of(&query)?;
    let unit = unit_in_scope(&state, &auth, query.unit.clone()).await?;
    let rows = state.db.year_figures(period.year_number(), unit.as_deref()).await?.rows(period, unit.as_deref());
    Ok(Json(Table { period, unit, rows }))
}

/// The unit a table or report is for: the one asked for, if the caller
/// sees it; unasked, the agency for those who see everything and the
/// caller's own unit for the others.
pub(crate) async fn unit_in_scope(
    state: &AppState,
    auth: &Auth,
    asked: Option<String>,
) -> Result<Option<String>, ApiError> {
    let actor = auth.actor();
    let tree = state.db.unit_tree().await?;
    match asked {
        Some(unit) if actor.sees_unit(&tree, &unit) => Ok(Some(unit)),
        Some(_) => Err(ApiError::forbidden("see this unit's data")),
        None if actor.sees_all() => Ok(None),
        None => Ok(Some(actor.unit_id.clone().ok_or_else(|| ApiError::forbidden("see the agency's data"))?)),
    }
}
