//! The API's error answer: an HTTP status, a stable machine code, an English
//! message and, for invalid input, the refused fields. Every handler returns
//! `ApiError` on failure, and nothing has been written when it does.

use crate::db::WriteError;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kinerja_core::api::{ErrorBody, ErrorEnvelope, FieldProblem, RowProblem};
use kinerja_core::domain::number;
use kinerja_core::domain::validate::{FieldError, Problem};

#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    fields: Vec<FieldError>,
    rows: Vec<RowProblem>,
    /// Sent as `Retry-After` (whole seconds, at least 1).
    retry_after: Option<std::time::Duration>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            fields: Vec::new(),
            rows: Vec::new(),
            retry_after: None,
        }
    }

    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// A rate limit was reached: 429 with `Retry-After`.
    pub fn too_many(code: &'static str, wait: std::time::Duration, message: &str) -> ApiError {
        ApiError { retry_after: Some(wait), ..ApiError::new(StatusCode::TOO_MANY_REQUESTS, code, message) }
    }

    pub fn unauthenticated() -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated", "sign in first")
    }

    pub fn forbidden(what: &str) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", format!("your role may not {what}"))
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    pub fn invalid(fields: Vec<FieldError>) -> ApiError {
        ApiError {
            fields,
            ..ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
                "some fields are not valid",
            )
        }
    }

    /// A refused spreadsheet: every refused cell, nothing imported.
    pub fn rejected_rows(rows: Vec<RowProblem>) -> ApiError {
        let message = format!("{} cells are not valid; nothing was imported", rows.len());
        ApiError { rows, ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "import_rejected", message) }
    }

    /// Adds the refused fields to an error.
    pub fn with_fields(self, fields: Vec<FieldError>) -> ApiError {
        ApiError { fields, ..self }
    }

    /// One refused field.
    pub fn invalid_field(field: &str, problem: Problem) -> ApiError {
        ApiError::invalid(vec![FieldError { field: field.to_owned(), problem }])
    }

    /// Refuses a body whose `id` differs from the one in the path.
    pub fn require_same_id(path_id: &str, body_id: &str) -> Result<(), ApiError> {
        if path_id == body_id { Ok(()) } else { Err(ApiError::invalid_field("id", Problem::Invalid)) }
    }

    pub fn internal(error: impl std::fmt::Display) -> ApiError {
        tracing::error!("internal error: {error}");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "the server failed; nothing was changed")
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> ApiError {
        ApiError::internal(error)
    }
}

impl From<WriteError> for ApiError {
    fn from(error: WriteError) -> ApiError {
        match error {
            WriteError::Invalid(fields) => ApiError::invalid(fields),
            WriteError::NotFound => ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such record"),
            WriteError::Database(error) => ApiError::internal(error),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let fields = self.fields.iter().map(FieldProblem::from).collect();
        let body = ErrorEnvelope {
            error: ErrorBody { code: self.code.to_owned(), message: self.message, fields, rows: self.rows },
        };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(wait) = self.retry_after
            && let Ok(value) = axum::http::HeaderValue::from_str(&wait.as_secs().max(1).to_string())
        {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, value);
        }
        response
    }
}

/// A JSON request body whose rejection is an `ApiError`: `payload_too_large`
/// (413) over the route's body limit, `unsupported_media_type` (415) without
/// a JSON content type, otherwise `bad_request` (400) saying what could not be read.
pub struct Body<T>(pub T);

impl<S, T> axum::extract::FromRequest<S> for Body<T>
where
    Json<T>: axum::extract::FromRequest<S, Rejection = axum::extract::rejection::JsonRejection>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        Json::<T>::from_request(request, state).await.map(|Json(value)| Body(value)).map_err(|rejection| {
            match rejection.status() {
                StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    "the request body is too large",
                ),
                StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "send the body as application/json",
                ),
                _ => refused_number(&rejection.body_text())
                    .unwrap_or_else(|| ApiError::bad_request(rejection.body_text())),
            }
        })
    }
}

/// A body refused for a number the rule of `domain::number` does not accept
/// answers as that field's problem (`validation_failed`, 422), as the same
/// number is answered on every other path. The field is the value's path in
/// the body (`[0].targets.annual`).
fn refused_number(text: &str) -> Option<ApiError> {
    let (before, after) = text.split_once(number::REFUSED)?;
    let code = after.split_whitespace().next()?;
    let problem: Problem = serde_json::from_value(serde_json::Value::String(code.to_owned())).ok()?;
    let path = before.trim_end().trim_end_matches(':');
    let field = path.rsplit_once(": ").map_or(path, |(_, field)| field);
    Some(ApiError::invalid_field(field, problem))
}

/// Query parameters whose rejection is an `ApiError` (code `bad_request`).
pub struct Params<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for Params<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| Params(value))
            .map_err(|rejection| ApiError::bad_request(rejection.body_text()))
    }
}
