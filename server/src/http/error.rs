//! The API's error answer: an HTTP status, a stable machine code, an English
//! message and, for invalid input, the refused fields. Every handler returns
//! `ApiError` on failure, and nothing has been written when it does.

use crate::db::WriteError;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kinerja_app::api::{ErrorBody, ErrorEnvelope, FieldProblem, RowProblem};
use kinerja_app::domain::validate::{FieldError, Problem};

#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    fields: Vec<FieldError>,
    rows: Vec<RowProblem>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status, code, message: message.into(), fields: Vec::new(), rows: Vec::new() }
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
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "validation_failed",
            message: "some fields are not valid".to_owned(),
            fields,
            rows: Vec::new(),
        }
    }

    /// A refused spreadsheet: every refused cell, nothing imported.
    pub fn rejected_rows(rows: Vec<RowProblem>) -> ApiError {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "import_rejected",
            message: format!("{} cells are not valid; nothing was imported", rows.len()),
            fields: Vec::new(),
            rows,
        }
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
        (self.status, Json(body)).into_response()
    }
}

/// A JSON request body whose rejection is an `ApiError` (code `bad_request`).
pub struct Body<T>(pub T);

impl<S, T> axum::extract::FromRequest<S> for Body<T>
where
    Json<T>: axum::extract::FromRequest<S, Rejection = axum::extract::rejection::JsonRejection>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        Json::<T>::from_request(request, state)
            .await
            .map(|Json(value)| Body(value))
            .map_err(|rejection| ApiError::bad_request(rejection.body_text()))
    }
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
