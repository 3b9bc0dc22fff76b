//! The wire types of the JSON API (`docs/api.md`), shared by the server that
//! answers and the browser that asks, so the two cannot drift apart.

pub mod build;
pub mod cycle;
pub mod disposition;
pub mod report;
pub mod sync;

use crate::domain::budget::{Ceiling, Program};
use crate::domain::lock::Lock;
use crate::domain::org::{Actor, Role, Unit};
use crate::domain::plan::{Indicator, YearPlan};
use crate::domain::policy::Policy;
use crate::domain::validate::{FieldError, Problem};
use serde::{Deserialize, Serialize};

/// `POST /api/v1/auth/login`
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

/// `POST /api/v1/auth/password`
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// The signed-in user, as the interface needs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub id: String,
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub unit_id: Option<String>,
    pub must_change_password: bool,
}

impl Me {
    /// The user as the permission rules know them.
    pub fn actor(&self) -> Actor {
        Actor { user_id: self.id.clone(), role: self.role, unit_id: self.unit_id.clone() }
    }
}

/// `POST /api/v1/users`: a new user with the initial password.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NewUser {
    pub id: String,
    pub username: String,
    pub full_name: String,
    #[serde(default)]
    pub nip: String,
    pub role: Role,
    pub unit_id: Option<String>,
    pub initial_password: String,
}

/// `POST /api/v1/users/{id}/active`: an administrator deactivates (or
/// activates again) an account; deactivating ends its sessions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActiveChange {
    pub active: bool,
}

/// The answer to `POST /api/v1/users/{id}/password-reset`: the one-time
/// password, shown once, to be changed at the next sign-in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordReset {
    pub password: String,
}

/// `GET /api/v1/about`: what the interface should know about this server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct About {
    /// The server holds the demo agency's example data.
    pub demo: bool,
    pub version: String,
}

/// `GET /api/v1/reference?year=`: everything a device needs to enter one
/// year's data offline and check it as the server will, fetched in one
/// answer so the device's copy is never half old, half new.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    pub year: i32,
    pub units: Vec<Unit>,
    pub indicators: Vec<Indicator>,
    pub plans: Vec<YearPlan>,
    pub programs: Vec<Program>,
    pub ceilings: Vec<Ceiling>,
    pub policy: Policy,
    pub locks: Vec<Lock>,
}

/// One refused field in an error answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    pub field: String,
    pub problem: Problem,
    #[serde(default)]
    pub message: String,
}

impl From<&FieldError> for FieldProblem {
    fn from(error: &FieldError) -> FieldProblem {
        FieldProblem {
            field: error.field.clone(),
            problem: error.problem,
            message: error.problem.message().to_owned(),
        }
    }
}

/// One refused cell of an imported spreadsheet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    pub sheet: String,
    /// The row number as the spreadsheet shows it (the header is row 1).
    pub row: u32,
    /// The column's header text.
    pub column: String,
    pub problem: Problem,
    #[serde(default)]
    pub message: String,
}

/// The body of every error answer: `{"error": {...}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldProblem>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<RowProblem>,
}

/// The answer to a successful spreadsheet import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub indicators: usize,
    pub plans: usize,
}

/// How an imported realisation workbook went: the rows that change
/// something, taken as they were, merged with changes made elsewhere, or
/// left as conflicts; `committed` false for a check that kept nothing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RealisationImport {
    pub rows: usize,
    pub applied: usize,
    pub merged: usize,
    pub conflicts: usize,
    pub committed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

/// The name serde gives a unit-like enum value (`Aggregation::Sum` → `sum`):
/// the form stored in the database, sent on the wire and used in forms.
pub fn wire_name<T: Serialize>(value: &T) -> String {
    let quoted = serde_json::to_string(value).unwrap_or_default();
    quoted.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or_default().to_owned()
}

/// The enum value whose wire name is `name`.
pub fn from_wire_name<T: serde::de::DeserializeOwned>(name: &str) -> Option<T> {
    if name.contains(['"', '\\']) {
        return None;
    }
    serde_json::from_str(&format!("\"{name}\"")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::indicator_rule::{Aggregation, TargetMode};

    #[test]
    fn wire_names_round_trip() {
        assert_eq!(wire_name(&Aggregation::Sum), "sum");
        assert_eq!(wire_name(&TargetMode::PerPeriod), "per_period");
        assert_eq!(from_wire_name::<TargetMode>("per_period"), Some(TargetMode::PerPeriod));
        assert_eq!(from_wire_name::<TargetMode>("yearly"), None);
        assert_eq!(from_wire_name::<TargetMode>("per_period\" "), None);
        assert_eq!(wire_name(&5), "", "only names have wire names");
    }
}
