//! Conversions between domain values and their stored text forms, and the
//! error every write returns.

use kinerja_core::domain::validate::{FieldError, Problem};
use rust_decimal::Decimal;
use std::str::FromStr;

/// Why a write did not happen. Nothing is written in any of these cases.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

impl WriteError {
    pub fn field(field: &str, problem: Problem) -> WriteError {
        WriteError::Invalid(vec![FieldError { field: field.to_owned(), problem }])
    }

    /// Turns a unique-constraint failure on `field` into a field error.
    pub fn unique(error: sqlx::Error, field: &str) -> WriteError {
        match &error {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                WriteError::field(field, Problem::Duplicate)
            }
            _ => WriteError::Database(error),
        }
    }
}

impl From<Vec<FieldError>> for WriteError {
    fn from(errors: Vec<FieldError>) -> WriteError {
        WriteError::Invalid(errors)
    }
}

/// A decimal as stored: canonical text.
pub fn dec(value: Option<Decimal>) -> Option<String> {
    value.map(|v| v.normalize().to_string())
}

/// A stored decimal read back; unreadable text is a decode error.
pub fn undec(text: Option<String>) -> Result<Option<Decimal>, sqlx::Error> {
    text.map(|t| Decimal::from_str(&t).map_err(|e| sqlx::Error::Decode(Box::new(e)))).transpose()
}

/// A stored enum name read back through `parse`.
pub fn unname<T>(text: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T, sqlx::Error> {
    parse(text).ok_or_else(|| sqlx::Error::Decode(format!("unknown stored name `{text}`").into()))
}

/// A JSON column read back; unreadable JSON is a decode error.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, sqlx::Error> {
    serde_json::from_str(text).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}
