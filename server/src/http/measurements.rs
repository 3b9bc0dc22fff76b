//! `GET /api/v1/measurements?year=&period=&unit=`: the measurement table of
//! a period — per indicator, target, realisation, capaian, predicate and
//! flags — for one unit or the whole agency, within the caller's scope.

use super::AppState;
use super::auth::Auth;
use super::error::{ApiError, Params};
use axum::Json;
use axum::extract::State;
use kinerja_core::domain::measurement_table::Row;
use kinerja_core::domain::period::Period;
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
    let unit = auth.unit_asked(&state, query.unit.clone()).await?;
    let rows =
        state.db.year_figures(period.year_number(), unit.as_deref()).await?.rows(period, unit.as_deref());
    Ok(Json(Table { period, unit, rows }))
}
