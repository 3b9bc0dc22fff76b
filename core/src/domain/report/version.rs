//! The versions of a report. A draft is regenerated from the current data
//! as often as needed; approval freezes it as a snapshot identified by the
//! hash of its content. Data changed after approval never alters that
//! snapshot: regenerating then makes the next version, a new draft. Who may
//! do which, and what a regeneration or an approval does, are decided here;
//! the server stores the outcome. Pure.

use crate::domain::cycle::APPROVER;
use crate::domain::org::Role;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Approved,
}

/// The newest stored version of a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Latest<'a> {
    pub version: u32,
    pub status: Status,
    pub content_hash: &'a str,
}

/// What regenerating a report does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Save {
    /// A new version with this number, as a draft.
    Create(u32),
    /// The draft with this number takes the new content.
    Replace(u32),
    /// The content is the same as this version's: nothing is written.
    Keep(u32),
}

/// Regenerating a report whose content now hashes to `content_hash`.
pub fn save(latest: Option<Latest<'_>>, content_hash: &str) -> Save {
    match latest {
        None => Save::Create(1),
        Some(latest) if latest.content_hash == content_hash => Save::Keep(latest.version),
        Some(Latest { status: Status::Draft, version, .. }) => Save::Replace(version),
        Some(Latest { status: Status::Approved, version, .. }) => Save::Create(version + 1),
    }
}

/// What approving a version does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Approval {
    /// The draft becomes the approved snapshot.
    Approve,
    /// It was approved already, with this very content: nothing to do.
    AlreadyApproved,
}

/// Why an approval is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApprovalError {
    /// The version's content is not what the approver reviewed: the draft
    /// was regenerated meanwhile.
    NotWhatWasReviewed,
}

/// Approving a version of `status` whose content hashes to `stored`, after
/// reviewing the content that hashed to `reviewed`.
pub fn approve(status: Status, stored: &str, reviewed: &str) -> Result<Approval, ApprovalError> {
    match (status, stored == reviewed) {
        (_, false) => Err(ApprovalError::NotWhatWasReviewed),
        (Status::Draft, true) => Ok(Approval::Approve),
        (Status::Approved, true) => Ok(Approval::AlreadyApproved),
    }
}

/// Who compiles the drafts: the programme subdivision that recaps and the
/// staff who process the data (SOP steps 2–4).
pub fn may_draft(role: Role) -> bool {
    matches!(role, Role::KasubagProgram | Role::StafEvaluasi)
}

/// Who approves a report: the official who approves the reporting cycle.
pub fn may_approve(role: Role) -> bool {
    role == APPROVER
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn latest(version: u32, status: Status, content_hash: &str) -> Option<Latest<'_>> {
        Some(Latest { version, status, content_hash })
    }

    #[test]
    fn a_draft_is_regenerated_in_place_and_an_approved_one_is_followed_by_a_new_version() {
        assert_eq!(save(None, "a"), Save::Create(1));
        assert_eq!(save(latest(1, Status::Draft, "a"), "b"), Save::Replace(1));
        assert_eq!(save(latest(1, Status::Draft, "a"), "a"), Save::Keep(1));
        assert_eq!(save(latest(1, Status::Approved, "a"), "a"), Save::Keep(1));
        assert_eq!(save(latest(3, Status::Approved, "a"), "b"), Save::Create(4));
    }

    #[test]
    fn only_the_content_reviewed_is_approved_and_approving_twice_is_harmless() {
        assert_eq!(approve(Status::Draft, "a", "a"), Ok(Approval::Approve));
        assert_eq!(approve(Status::Approved, "a", "a"), Ok(Approval::AlreadyApproved));
        assert_eq!(approve(Status::Draft, "b", "a"), Err(ApprovalError::NotWhatWasReviewed));
        assert_eq!(approve(Status::Approved, "b", "a"), Err(ApprovalError::NotWhatWasReviewed));
    }

    #[test]
    fn the_programme_staff_draft_and_the_sekretaris_approves() {
        let drafters: Vec<Role> = Role::ALL.into_iter().filter(|r| may_draft(*r)).collect();
        assert_eq!(drafters, [Role::KasubagProgram, Role::StafEvaluasi]);
        let approvers: Vec<Role> = Role::ALL.into_iter().filter(|r| may_approve(*r)).collect();
        assert_eq!(approvers, [Role::Sekretaris]);
    }

    proptest! {
        /// Played against a store, any run of regenerations and approvals
        /// never changes an approved version's content, numbers versions
        /// 1, 2, 3… and leaves at most the newest one a draft.
        #[test]
        fn an_approved_version_never_changes(steps in proptest::collection::vec((any::<bool>(), 0u8..4), 0..40)) {
            let mut stored: Vec<(Status, String)> = Vec::new();
            for (approving, content) in steps {
                let hash = content.to_string();
                if approving {
                    if let Some((status, stored_hash)) = stored.last_mut()
                        && approve(*status, stored_hash, &hash) == Ok(Approval::Approve)
                    {
                        *status = Status::Approved;
                    }
                    continue;
                }
                let newest = stored.last().map(|(status, h)| Latest {
                    version: stored.len() as u32,
                    status: *status,
                    content_hash: h.as_str(),
                });
                let before = stored.clone();
                match save(newest, &hash) {
                    Save::Create(version) => {
                        prop_assert_eq!(version as usize, stored.len() + 1);
                        stored.push((Status::Draft, hash));
                    }
                    Save::Replace(version) => {
                        let draft = &mut stored[version as usize - 1];
                        prop_assert_eq!(draft.0, Status::Draft);
                        draft.1 = hash;
                    }
                    Save::Keep(version) => prop_assert_eq!(&stored[version as usize - 1].1, &hash),
                }
                for (old, new) in before.iter().zip(&stored) {
                    if old.0 == Status::Approved {
                        prop_assert_eq!(old, new);
                    }
                }
                let drafts = stored.iter().filter(|(status, _)| *status == Status::Draft).count();
                prop_assert!(drafts <= 1 && (drafts == 0 || stored.last().unwrap().0 == Status::Draft));
            }
        }
    }
}
