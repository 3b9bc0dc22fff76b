//! The sync endpoints (`docs/sync-protocol.md`): `POST /api/v1/sync/push`
//! takes a device's ops and answers each one; `GET /api/v1/sync/pull` gives
//! the records in the caller's scope changed after a cursor. A push whose
//! envelope cannot be read is refused whole with a 4xx and changes nothing;
//! an expired session answers 401 and the device keeps its queue.

use super::AppState;
use super::auth::Auth;
use super::error::{ApiError, Body, Params};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kinerja_core::api::sync::{INSTANCE_CHANGED, PullAnswer, Push, PushAnswer};
use kinerja_core::domain::sync::Refusal;
use serde::Deserialize;
use std::time::Instant;

/// The largest push body.
pub const MAX_PUSH_BYTES: usize = 2 * 1024 * 1024;
/// The most records one pull returns.
pub const MAX_PULL: i64 = 2000;

pub async fn push(
    State(state): State<AppState>,
    auth: Auth,
    Body(push): Body<Push>,
) -> Result<Json<PushAnswer>, ApiError> {
    let session = auth.session.id().map(|id| id.to_string()).unwrap_or_else(|| auth.user.id.clone());
    let now = Instant::now();
    if let Err(wait) = state.push_limiter.take(&session).await {
        state.metrics.push_refused("rate_limited");
        return Err(ApiError::too_many(
            "rate_limited",
            wait,
            "too many pushes from this session; retry later",
        ));
    }
    if let Err(problem) = push.check() {
        let error = ApiError::invalid(problem);
        state.metrics.push_refused(error.code());
        return Err(error);
    }
    let here = state.db.instance_id();
    if let Some(seen) = push.instance_id.as_deref().filter(|seen| *seen != here) {
        state.metrics.push_refused(INSTANCE_CHANGED);
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            INSTANCE_CHANGED,
            format!(
                "this device last synced with database {seen}, and the server's is now {here} \
                 (restored or replaced): send again the ops it accepted, then pull from cursor 0"
            ),
        ));
    }
    let answer =
        state.db.push(&auth.actor(), &push).await.inspect_err(|_| state.metrics.push_refused("error"))?;
    state.metrics.push_answered(now.elapsed(), answer.answers.iter().map(|a| a.code.as_str()));
    Ok(Json(answer))
}

#[derive(Deserialize)]
pub struct PullQuery {
    #[serde(default)]
    cursor: i64,
    limit: Option<i64>,
}

pub async fn pull(
    State(state): State<AppState>,
    auth: Auth,
    Params(query): Params<PullQuery>,
) -> Result<Json<PullAnswer>, ApiError> {
    if query.cursor < 0 {
        return Err(ApiError::bad_request("`cursor` must not be negative"));
    }
    let limit = query.limit.unwrap_or(500).clamp(1, MAX_PULL);
    let scope = auth.unit_scope(&state).await?;
    let (records, more) = state.db.pull(&scope, query.cursor, limit).await?;
    let cursor = records.last().map_or(query.cursor, |record| record.cursor);
    Ok(Json(PullAnswer { instance_id: state.db.instance_id().to_owned(), cursor, more, records }))
}

/// The answer to a change the sync decision refused outside a push.
pub(super) fn refusal_error(refusal: &Refusal) -> ApiError {
    let error = ApiError::new(status_of(refusal.code()), refusal.code(), refusal.message());
    error.with_fields(refusal.fields().to_vec())
}

/// `StatusCode` of a refused sync-related request.
fn status_of(code: &str) -> StatusCode {
    match code {
        "forbidden" => StatusCode::FORBIDDEN,
        "period_locked" | "out_of_order" => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}
