//! The SOP "Pengumpulan Data Kinerja" as a tracked reporting cycle. The nine
//! steps are data (`default_steps` is our reading of the SOP; the admin may
//! edit titles, roles and standard times). A cycle covers one quarter,
//! semester or year; its state is always a fold over its events, so every
//! review round stays in the history. `decide` is the one place that says
//! whether an action may happen now, by whom, and what it changes.
//!
//! `steps` holds the SOP's steps as data, `fold` the cycle as a fold over
//! its events, `decide` the rules of who may act and what it changes,
//! `staffing` who stands in where the structure has no user,
//! `socialisation` the record of a socialisation's meeting,
//! `compliance` the standard times against what the cycles took.

mod compliance;
mod decide;
mod fold;
pub mod socialisation;
mod staffing;
mod steps;
#[cfg(test)]
mod tests;

pub use compliance::{Compliance, compliance, deadline, overdue};
pub use socialisation::Meeting;
pub use staffing::{Reviser, Staffing, acts_as, answerer, is_reviser, may_name, may_revise, reviser};
pub use steps::{APPROVER, Input, Output, StepDef, StepKind, check_step_edit, default_steps};

use crate::domain::org::Role;
use crate::domain::period::{Level, Period};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A cycle runs over a quarter, a semester or a year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CycleKind {
    Quarter,
    Semester,
    Year,
}

impl CycleKind {
    /// The kind of cycle for `period`; months have none.
    pub fn of(period: Period) -> Option<CycleKind> {
        match period.level() {
            Level::Month => None,
            Level::Quarter => Some(CycleKind::Quarter),
            Level::Semester => Some(CycleKind::Semester),
            Level::Year => Some(CycleKind::Year),
        }
    }

    /// The SOP steps this kind of cycle goes through, in order. A quarter's
    /// step 1 is the sekretaris's starting disposition itself.
    pub fn steps(self) -> &'static [u8] {
        match self {
            CycleKind::Quarter => &[1, 2, 3, 4, 5],
            CycleKind::Semester => &[6, 7, 8],
            CycleKind::Year => &[9, 7],
        }
    }

    /// The step a draft returned by the sekretaris goes back to: the one
    /// that writes the draft (the quarterly report, the semester recap, the
    /// annual combination).
    pub fn draft_step(self) -> u8 {
        match self {
            CycleKind::Quarter => 4,
            CycleKind::Semester => 6,
            CycleKind::Year => 9,
        }
    }

    /// The approved parts whose months a Tidak on a cycle of `period` reopens.
    pub fn parts(self, period: Period) -> Vec<Period> {
        match self {
            CycleKind::Quarter => Vec::new(),
            CycleKind::Semester => period.descendants(Level::Quarter),
            CycleKind::Year => {
                let mut parts = period.descendants(Level::Quarter);
                parts.extend(period.descendants(Level::Semester));
                parts
            }
        }
    }

    /// What the cycle needs before it can start.
    pub fn start_inputs(self) -> &'static [Input] {
        match self {
            CycleKind::Quarter => &[Input::Plan],
            CycleKind::Semester => &[Input::Plan, Input::QuarterReports],
            CycleKind::Year => &[Input::Plan, Input::SemesterReports],
        }
    }
}

/// The Ya/Tidak of step 7.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Ya,
    Tidak,
}

/// What someone does to a cycle. The server adds who and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// The sekretaris opens the cycle with a disposition.
    Start { instruction: String },
    /// A work step is done.
    Complete { step: u8, note: String },
    /// A socialisation step: the officials informed — by name, and the users
    /// among them (`informed`), who then acknowledge it in the app — at the
    /// meeting recorded (`socialisation`: date, place, minutes, files).
    Socialise {
        step: u8,
        officials: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        informed: Vec<String>,
        note: String,
        /// Empty in socialisations recorded before meetings were.
        #[serde(default)]
        meeting: Meeting,
    },
    /// An official informed at a socialisation confirms it, with comments.
    Acknowledge { step: u8, comment: String },
    /// Step 7: Ya accepts; Tidak returns the draft to the units named, with
    /// comments. A Kepala Bidang's Ya covers their own bidang and is
    /// recorded with it in `units` while other bidang have yet to say Ya
    /// (`Cycle::recorded`); a Ya with no units accepts the whole review.
    Review { decision: Decision, comments: String, units: Vec<String> },
    /// The unit's data has been revised after a Tidak, by its reviser (`reviser`).
    Revise { unit_id: String, note: String },
    /// A missing input is knowingly passed over, with the reason.
    Waive { input: Input, reason: String },
    /// The sekretaris approves: the period's data is locked.
    Approve,
    /// The sekretaris returns the draft with comments instead: its drafting
    /// step (`CycleKind::draft_step`) runs again, in a new round.
    Return { comments: String },
    /// The sekretaris reopens an approved cycle: the lock is lifted.
    Reopen { reason: String },
}

/// A recorded action: who did it and when (milliseconds since the epoch, UTC).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    pub user_id: String,
    pub role: Role,
    pub at_ms: i64,
    #[serde(flatten)]
    pub action: Action,
}

/// Where a cycle stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum Phase {
    /// Waiting for the start.
    New,
    /// Step `step` is the current one.
    Step {
        step: u8,
    },
    /// After a Tidak at `step`: these units must still revise, then `step` runs again.
    Revision {
        step: u8,
        units: BTreeSet<String>,
    },
    /// Every step done; waiting for the sekretaris.
    Approval,
    Approved,
}

/// One run of one step: a step runs again in each review round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRun {
    pub step: u8,
    pub round: u32,
    pub started_ms: i64,
    pub ended_ms: Option<i64>,
}

/// A cycle's state: a fold over its events (`Cycle::replay`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cycle {
    pub period: Period,
    pub kind: CycleKind,
    pub phase: Phase,
    /// The review round, from 1; a Tidak opens the next one.
    pub round: u32,
    pub runs: Vec<StepRun>,
    pub waived: BTreeSet<Input>,
    /// Officials informed at a socialisation who have not acknowledged it yet.
    pub awaiting: BTreeSet<Awaiting>,
    /// The bidang whose Kepala Bidang has said Ya in the running review.
    #[serde(default)]
    pub endorsed: BTreeSet<String>,
}

/// A socialisation's acknowledgement still owed by a user.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Awaiting {
    pub step: u8,
    pub user_id: String,
}

/// What the caller knows of the world outside the cycle.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// The year's PK and Rencana Aksi exist.
    pub plan_ready: bool,
    /// Every month of the period has its data.
    pub monthly_data_complete: bool,
    /// The parts of the period (quarters of a semester, semesters of a year) are approved.
    pub parts_approved: bool,
}

/// What an accepted action changes outside the cycle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Lock the period's data for the whole agency.
    Lock,
    /// Lift the lock, for the reason given (it goes into the audit trail).
    Unlock { reason: String },
    /// After a Tidak: the data of these units is open for revision, lock or not.
    Open { units: Vec<String> },
    /// The unit has revised: its data is closed again.
    Close { unit_id: String },
    /// The draft step is done, or the last revision after a Tidak is in:
    /// the period's report, compiled now, is kept as its draft version, the
    /// one this cycle's approval approves.
    Draft,
    /// The approval approves the version the last draft step kept, exactly
    /// as it was kept (its content hash).
    ApproveDraft,
    /// A Tidak reopens months of these approved parts (a semester's
    /// quarters; a year's quarters and semesters): their approved versions
    /// are marked superseded by the review.
    Supersede { parts: Vec<Period> },
    /// The last revision is in: each part's report is kept again, as a new
    /// version when its content changed (the superseding mark is lifted
    /// when it did not).
    Redraft { parts: Vec<Period> },
}

/// Why an action is refused. `code` is stable for the API.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CycleError {
    #[error("this action belongs to the role {0:?}")]
    NotYourTurn(Role),
    #[error("the cycle is not at this step or phase")]
    OutOfTurn,
    #[error("the input {0:?} is missing and has not been waived")]
    InputMissing(Input),
    #[error("a reason or comment is required")]
    TextRequired,
    #[error("a socialisation needs at least one official informed")]
    NoOfficials,
    #[error("a Tidak must name the units that have to revise, each known")]
    UnitsRequired,
    #[error("this unit has nothing to revise, or there is nothing for you to acknowledge")]
    NotConcerned,
    #[error("a month has no cycle")]
    NoCycle,
    #[error("a Kepala Bidang names only units of their own bidang")]
    OutsideBidang,
    #[error("the report version the draft step kept was regenerated since; return the draft to its step")]
    DraftChanged,
    #[error(
        "a socialisation records its date (YYYY-MM-DD) and place; minutes and at most 10 files, each named by its SHA-256"
    )]
    MeetingIncomplete,
    #[error("an attached file is not in the evidence store: upload it first")]
    AttachmentMissing,
    #[error("a Kepala Bidang's Ya covers their own bidang only")]
    OtherBidangsAwaited,
    #[error("an official informed is not an active user of the app")]
    InformedUnknown,
}

impl CycleError {
    pub fn code(&self) -> &'static str {
        match self {
            CycleError::NotYourTurn(_) => "forbidden",
            CycleError::OutOfTurn => "out_of_turn",
            CycleError::InputMissing(_) => "input_missing",
            CycleError::TextRequired | CycleError::NoOfficials | CycleError::UnitsRequired => {
                "validation_failed"
            }
            CycleError::NotConcerned => "forbidden",
            CycleError::NoCycle => "validation_failed",
            CycleError::OutsideBidang => "forbidden",
            CycleError::DraftChanged => "draft_changed",
            CycleError::MeetingIncomplete => "meeting_incomplete",
            CycleError::AttachmentMissing => "attachment_missing",
            CycleError::OtherBidangsAwaited => "forbidden",
            CycleError::InformedUnknown => "validation_failed",
        }
    }
}
