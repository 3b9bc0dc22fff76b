//! The bodies of the report version calls (`docs/api.md`, "Report
//! versions"), shared by the server that answers them and the page that
//! reads them.

use crate::domain::report::Report;
use crate::domain::report::sheet::Change;
use crate::domain::report::version::Status;
use serde::{Deserialize, Serialize};

/// A stored version as listed: everything but its content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionInfo {
    pub version: u32,
    pub status: Status,
    /// SHA-256 of the stored report, in hex.
    pub content_hash: String,
    /// The full name of who generated it, and when.
    pub generated_by: String,
    pub generated_at: String,
    pub approved_by: Option<String>,
    pub approved_at: Option<String>,
}

/// A version with the report it holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredVersion {
    #[serde(flatten)]
    pub info: VersionInfo,
    pub report: Report,
}

/// What a regeneration did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Created,
    /// The draft was regenerated in place.
    Replaced,
    /// The content equals the newest version's: nothing was written.
    Unchanged,
}

/// `POST …/versions`'s answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    pub outcome: Outcome,
    pub version: VersionInfo,
}

/// `POST …/versions/{v}/approve`'s body: the hash of the content reviewed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reviewed {
    pub content_hash: String,
}

/// `GET …/diff`'s answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diff {
    pub from: u32,
    pub to: u32,
    pub changes: Vec<Change>,
}
