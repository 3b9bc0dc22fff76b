//! The realisation workbook over HTTP: `GET /api/v1/templates/realisations.xlsx?unit=&year=`,
//! a unit's (or, for those who see every unit, the agency's) realisations
//! and spending of a year with the values stored now; `POST
//! /api/v1/imports/realisations?commit=` with a filled one, decided row by
//! row like a device's ops — a preview without `commit=true` keeps nothing,
//! and any refused row refuses the whole workbook with every refused cell
//! listed.

use super::AppState;
use super::auth::Auth;
use super::error::{ApiError, Params};
use crate::realisation_workbook::{self, Parsed, RealisationLine, SpendingLine};
use crate::workbook::{Codes, limits};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kinerja_core::api::RealisationImport;
use kinerja_core::domain::period::{Level, Period, YEARS};
use kinerja_core::domain::sync::Key;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
pub struct TemplateQuery {
    unit: Option<String>,
    year: i32,
}

pub async fn template(
    State(state): State<AppState>,
    auth: Auth,
    Params(query): Params<TemplateQuery>,
) -> Result<Response, ApiError> {
    if !YEARS.contains(&query.year) {
        return Err(ApiError::bad_request(format!("the year is from {} to {}", YEARS.start(), YEARS.end())));
    }
    let asked = auth.unit_asked(&state, query.unit).await?;
    let tree = state.db.unit_tree().await?;
    let inside = |unit: &str| asked.as_deref().is_none_or(|asked| tree.is_within(unit, asked));
    let (units, indicators, programs) =
        (state.db.units().await?, state.db.indicators().await?, state.db.programs().await?);
    let code_of: HashMap<&str, &str> = units.iter().map(|u| (u.id.as_str(), u.code.as_str())).collect();
    let year = Period::year(query.year).map_err(|e| ApiError::bad_request(e.to_string()))?;
    let mut realisations = Vec::new();
    for indicator in indicators.iter().filter(|i| i.active) {
        for unit in indicator.reporting_units().into_iter().filter(|u| inside(u)) {
            for period in year.descendants(indicator.rule.frequency.entry_level()) {
                let key =
                    Key::Realisation { indicator_id: indicator.id.clone(), unit_id: unit.to_owned(), period };
                realisations.push((key, indicator, code_of.get(unit).copied().unwrap_or(unit)));
            }
        }
    }
    let mut spending = Vec::new();
    for program in programs.iter().filter(|p| p.unit_id.as_deref().is_some_and(inside)) {
        for period in year.descendants(Level::Month) {
            spending.push((Key::BudgetRealisation { program_id: program.id.clone(), period }, program));
        }
    }
    let keys: Vec<&Key> =
        realisations.iter().map(|(k, ..)| k).chain(spending.iter().map(|(k, _)| k)).collect();
    let mut stored = state.db.stored_records(&keys).await?;
    let realisations: Vec<RealisationLine> = realisations
        .iter()
        .map(|(key, indicator, unit_code)| RealisationLine {
            indicator_code: indicator.code.clone(),
            indicator_name: indicator.name.clone(),
            unit_code: (*unit_code).to_owned(),
            period: key.period(),
            stored: stored.remove(&key.text()),
        })
        .collect();
    let spending: Vec<SpendingLine> = spending
        .iter()
        .map(|(key, program)| SpendingLine {
            program_code: program.code.clone(),
            program_name: program.name.clone(),
            period: key.period(),
            stored: stored.remove(&key.text()),
        })
        .collect();
    let bytes = tokio::task::spawn_blocking(move || realisation_workbook::workbook(&realisations, &spending))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    let scope = asked.as_deref().and_then(|u| code_of.get(u).copied()).unwrap_or("dinas").to_lowercase();
    let file = format!("kinerja-realisasi-{}-{scope}.xlsx", query.year);
    Ok((
        [
            (header::CONTENT_TYPE, crate::documents::Format::Xlsx.content_type().to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct ImportQuery {
    #[serde(default)]
    commit: bool,
}

pub async fn import(
    State(state): State<AppState>,
    auth: Auth,
    Params(query): Params<ImportQuery>,
    body: Bytes,
) -> Result<Json<RealisationImport>, ApiError> {
    let (units, indicators, programs) =
        (state.db.units().await?, state.db.indicators().await?, state.db.programs().await?);
    let read = tokio::task::spawn_blocking(move || {
        limits::check(&body)
            .map_err(|e| ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "workbook_too_large", e.to_string()))?;
        let codes = Codes { indicators: &indicators, units: &units, programs: &programs };
        realisation_workbook::parse(&body, &codes).map_err(ApiError::rejected_rows)
    });
    let Parsed { rows, mut problems } = read.await.map_err(ApiError::internal)??;
    let ops: Vec<_> = rows.iter().map(|row| row.op.clone()).collect();
    let import_id = format!("import-{}", uuid::Uuid::now_v7());
    // The rows that could be read are decided even when some cells could
    // not, so that every refusal of the workbook is listed at once.
    let commit = query.commit && problems.is_empty();
    let decided = state.db.import_records(&auth.actor(), &ops, &import_id, commit).await?;
    match decided {
        Ok(tally) if problems.is_empty() => Ok(Json(RealisationImport {
            rows: ops.len(),
            applied: tally.applied,
            merged: tally.merged,
            conflicts: tally.conflicts,
            committed: commit,
        })),
        Ok(_) => Err(ApiError::rejected_rows(problems)),
        Err(refused) => {
            problems.extend(
                refused
                    .iter()
                    .flat_map(|(index, refusal)| realisation_workbook::refused_cells(&rows[*index], refusal)),
            );
            problems.sort_by(|a, b| (&a.sheet, a.row).cmp(&(&b.sheet, b.row)));
            Err(ApiError::rejected_rows(problems))
        }
    }
}
