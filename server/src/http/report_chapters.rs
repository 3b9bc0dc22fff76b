//! `PUT /api/v1/reports/annual/{year}/1/chapters/{key}?unit=`: the programme
//! staff rewrite a narrative chapter of the LKjIP (`docs/api.md`, "LKjIP
//! chapters"). The rewrite becomes part of the report: the next regenerated
//! draft carries it, an approved version keeps the text it was approved with.

use super::AppState;
use super::auth::Auth;
use super::error::{ApiError, Body, Params};
use super::reports::{Address, Query};
use crate::db::RewriteError;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use kinerja_core::api::report::{ChapterRewrite, ChapterSaved};
use kinerja_core::domain::report::lkjip::chapters::{ChapterKey, EditError, MAX_CHAPTER_CHARS, Rewrite};

fn refused(error: EditError) -> ApiError {
    match error {
        EditError::NotAllowed => ApiError::forbidden("rewrite report chapters"),
        EditError::NotAnnual => ApiError::bad_request("only the annual report (LKjIP) has chapters"),
        EditError::Stale { current } => ApiError::new(
            StatusCode::CONFLICT,
            "chapter_changed",
            format!("the chapter was rewritten meanwhile (revision {current}); read it again"),
        ),
        EditError::Empty => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "chapter_empty",
            "a chapter cannot be empty; send null to return to the pre-filled text",
        ),
        EditError::TooLong => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "chapter_too_long",
            format!("a chapter holds at most {MAX_CHAPTER_CHARS} characters"),
        ),
    }
}

/// `PUT …/chapters/{key}` with `{ "base_revision": n, "text": "…" | null }`.
pub async fn rewrite(
    State(state): State<AppState>,
    auth: Auth,
    Path((kind, year, n, key)): Path<(String, String, String, String)>,
    Params(query): Params<Query>,
    Body(body): Body<ChapterRewrite>,
) -> Result<Json<ChapterSaved>, ApiError> {
    let key = ChapterKey::parse(&key).ok_or_else(|| {
        let names: Vec<&str> = ChapterKey::ALL.iter().map(|k| k.as_str()).collect();
        ApiError::new(StatusCode::NOT_FOUND, "not_found", format!("the chapters are {}", names.join(", ")))
    })?;
    let address = Address::check(&state, &auth, (&kind, &year, &n), query.unit).await?;
    let decision = state
        .db
        .rewrite_chapter(
            (address.period, address.unit.as_deref()),
            key,
            body.base_revision,
            body.text.as_deref(),
            (&auth.user.id, auth.user.role),
        )
        .await;
    match decision {
        Ok(Rewrite::Write(revision)) => Ok(Json(ChapterSaved { revision, changed: true })),
        Ok(Rewrite::Unchanged(revision)) => Ok(Json(ChapterSaved { revision, changed: false })),
        Err(RewriteError::Refused(error)) => Err(refused(error)),
        Err(RewriteError::Database(error)) => Err(error.into()),
    }
}
