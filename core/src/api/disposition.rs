//! Wire types of the agenda register (`/api/v1/dispositions`) and of the
//! people a sheet or a socialisation can name (`/api/v1/people`).

use crate::domain::disposition::{Draft, Sign};
use crate::domain::org::Role;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `POST /api/v1/dispositions`: a new sheet under an id made by the client,
/// so that a retry registers it once. The server gives the agenda number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDisposition {
    pub id: Uuid,
    #[serde(flatten)]
    pub draft: Draft,
}

/// `POST /api/v1/dispositions/{id}/sign`: an addressee signs its receipt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignRequest {
    pub sign: Sign,
    #[serde(default)]
    pub note: String,
}

/// `GET /api/v1/people`: an active user as others may name them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: String,
    pub full_name: String,
    pub role: Role,
    pub unit_id: Option<String>,
}
