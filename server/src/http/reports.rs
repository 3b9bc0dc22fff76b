//! `GET /api/v1/reports/{quarter|semester|annual}/{year}/{n}?unit=`: a
//! report compiled on request by `domain::report` from the stored month and
//! TW values of its year and the year before, for one unit or the agency,
//! within the caller's scope (`docs/api.md`).

use super::AppState;
use super::auth::Auth;
use super::error::{ApiError, Params};
use axum::Json;
use axum::extract::{Path, State};
use kinerja_core::domain::period::{Period, YEARS};
use kinerja_core::domain::report::{Report, ReportError, compile};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Query {
    pub unit: Option<String>,
}

/// The period a report address names.
fn period_of(kind: &str, year: &str, n: &str) -> Result<Period, ApiError> {
    let (Ok(year), Ok(n)) = (year.parse::<i32>(), n.parse::<u8>()) else {
        return Err(ApiError::bad_request("the year and the number are whole numbers"));
    };
    if !YEARS.contains(&year) {
        return Err(ApiError::bad_request(format!(
            "year {year} is outside {}–{}",
            YEARS.start(),
            YEARS.end()
        )));
    }
    let period = match kind {
        "quarter" => Period::quarter(year, n),
        "semester" => Period::semester(year, n),
        "annual" if n == 1 => Period::year(year),
        "annual" => return Err(ApiError::bad_request("an annual report is number 1 of its year")),
        _ => return Err(ApiError::bad_request("the report is `quarter`, `semester` or `annual`")),
    };
    period.map_err(|e| ApiError::bad_request(e.to_string()))
}

/// A report's address checked: its period, and the unit asked for (or the
/// agency) within the caller's scope.
pub(crate) struct Address {
    pub period: Period,
    pub unit: Option<String>,
}

impl Address {
    pub(crate) async fn check(
        state: &AppState,
        auth: &Auth,
        (kind, year, n): (&str, &str, &str),
        unit: Option<String>,
    ) -> Result<Address, ApiError> {
        let period = period_of(kind, year, n)?;
        Ok(Address { period, unit: auth.unit_asked(state, unit).await? })
    }

    /// The report compiled from the data stored now.
    pub(crate) async fn compile(&self, state: &AppState) -> Result<Report, ApiError> {
        let (period, unit) = (self.period, self.unit.as_deref());
        let data = state.db.report_data(period, unit).await?;
        compile(&data, period, unit).map_err(|error| match error {
            ReportError::NotAReportPeriod => {
                ApiError::bad_request("reports are per quarter, semester or year")
            }
            ReportError::NoPreviousPeriod => {
                ApiError::bad_request(format!("no period before {period} to compare with"))
            }
        })
    }
}

/// `GET /api/v1/reports/{kind}/{year}/{n}?unit=`
pub async fn report(
    State(state): State<AppState>,
    auth: Auth,
    Path((kind, year, n)): Path<(String, String, String)>,
    Params(query): Params<Query>,
) -> Result<Json<Report>, ApiError> {
    let address = Address::check(&state, &auth, (&kind, &year, &n), query.unit).await?;
    address.compile(&state).await.map(Json)
}
