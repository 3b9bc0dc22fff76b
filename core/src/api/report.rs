//! The bodies of the report version calls (`docs/api.md`, "Report
//! versions"), shared by the server that answers them and the page that
//! reads them.

use crate::domain::period::Period;
use crate::domain::report::Report;
use crate::domain::report::grid::Change;
use crate::domain::report::lkjip::chapters::ChapterChange;
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
    /// The review whose Tidak reopened months of this approved version.
    #[serde(default)]
    pub superseded_by: Option<Period>,
}

impl VersionInfo {
    /// The line a document of this version carries under its title; the
    /// approval's time to the minute, in UTC as stored.
    pub fn status_line(&self) -> String {
        match (self.status, &self.approved_by, &self.approved_at) {
            (Status::Approved, Some(by), Some(at)) => {
                let minute = at.get(..16).unwrap_or(at).replace('T', " ");
                format!("Versi {} — disetujui oleh {by}, {minute} UTC", self.version)
            }
            _ => format!("Versi {} — draf, belum disetujui", self.version),
        }
    }
}

/// The line a document compiled from the current data carries.
pub fn live_status_line(at: &str) -> String {
    format!("Dikompilasi dari data per {at} — belum disetujui")
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
    /// The LKjIP chapters rewritten between the two versions.
    #[serde(default)]
    pub chapters: Vec<ChapterChange>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_says_which_version_it_is_and_who_approved_it_when() {
        let mut info = VersionInfo {
            version: 2,
            status: Status::Draft,
            content_hash: "ab".into(),
            generated_by: "Staf".into(),
            generated_at: "2026-11-30T10:00:00.000000Z".into(),
            approved_by: None,
            approved_at: None,
            superseded_by: None,
        };
        assert_eq!(info.status_line(), "Versi 2 — draf, belum disetujui");
        info.status = Status::Approved;
        info.approved_by = Some("Sekretaris Dinas".into());
        info.approved_at = Some("2026-11-30T10:05:59.123456Z".into());
        assert_eq!(info.status_line(), "Versi 2 — disetujui oleh Sekretaris Dinas, 2026-11-30 10:05 UTC");
        assert_eq!(live_status_line("30 Nov"), "Dikompilasi dari data per 30 Nov — belum disetujui");
    }
}

/// `PUT …/chapters/{key}`'s body: the chapter's new text (`None`: back to
/// the pre-filled text) and the revision the writer started from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChapterRewrite {
    pub base_revision: u32,
    pub text: Option<String>,
}

/// `PUT …/chapters/{key}`'s answer: the chapter's revision now, and whether
/// this request changed it (a retried request does not).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChapterSaved {
    pub revision: u32,
    pub changed: bool,
}
