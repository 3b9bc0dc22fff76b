//! `GET /api/v1/perjanjian-kinerja/{year}?unit=` — the Perjanjian Kinerja
//! of the agency or a unit for a year, as `domain::perjanjian_kinerja`
//! draws it from the plan, the year's targets and ceilings, the users who
//! hold the posts and the letterhead's signatories; `…/{year}/docx` the same
//! as a Word document. Within the caller's unit scope, like the reports.

use super::AppState;
use super::auth::Auth;
use super::error::{ApiError, Params};
use crate::documents::Format;
use crate::documents::perjanjian_kinerja::write;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kinerja_core::domain::letterhead::{Letterhead, SignedDocument};
use kinerja_core::domain::period::YEARS;
use kinerja_core::domain::perjanjian_kinerja::{PerjanjianKinerja, PkError, PkSources, perjanjian_kinerja};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
pub struct Query {
    unit: Option<String>,
}

/// The agreement asked for, within the caller's scope, with the letterhead it is printed under.
async fn agreement(
    state: &AppState,
    auth: &Auth,
    year: &str,
    unit: Option<String>,
) -> Result<(PerjanjianKinerja, Letterhead), ApiError> {
    let year = year.parse::<i32>().ok().filter(|y| YEARS.contains(y)).ok_or_else(|| {
        ApiError::bad_request(format!("the year is a whole number from {} to {}", YEARS.start(), YEARS.end()))
    })?;
    let unit = auth.unit_asked(state, unit).await?;
    let db = &state.db;
    let (units, users, indicators, renstra, programs, ceilings, letterhead) = (
        db.units().await?,
        db.users().await?,
        db.indicators().await?,
        db.renstra().await?,
        db.programs().await?,
        db.ceilings(year).await?,
        db.letterhead().await?,
    );
    let targets: HashMap<String, _> =
        db.year_plans(year).await?.into_iter().map(|plan| (plan.indicator_id, plan.targets)).collect();
    let sources = PkSources {
        units: &units,
        users: &users,
        indicators: &indicators,
        targets: &targets,
        renstra: &renstra,
        programs: &programs,
        ceilings: &ceilings,
        letterhead: &letterhead,
    };
    let pk = perjanjian_kinerja(year, unit.as_deref(), &sources).map_err(|error| match error {
        PkError::UnknownUnit => ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such unit"),
        PkError::ExternalUnit => ApiError::bad_request(error.to_string()),
    })?;
    Ok((pk, letterhead))
}

pub async fn show(
    State(state): State<AppState>,
    auth: Auth,
    Path(year): Path<String>,
    Params(query): Params<Query>,
) -> Result<Json<PerjanjianKinerja>, ApiError> {
    Ok(Json(agreement(&state, &auth, &year, query.unit).await?.0))
}

pub async fn docx(
    State(state): State<AppState>,
    auth: Auth,
    Path(year): Path<String>,
    Params(query): Params<Query>,
) -> Result<Response, ApiError> {
    let (pk, letterhead) = agreement(&state, &auth, &year, query.unit).await?;
    let file = format!("perjanjian-kinerja-{}-{}.docx", pk.year, pk.unit_id);
    let heading = super::settings::printed(&state, &letterhead).await?;
    let place = letterhead.signature(SignedDocument::PkFirstParty).place_and_date;
    let rendered = tokio::task::spawn_blocking(move || write(&pk, &heading, &place));
    let bytes = rendered.await.map_err(ApiError::internal)?.map_err(ApiError::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, Format::Docx.content_type().to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
        ],
        bytes,
    )
        .into_response())
}
