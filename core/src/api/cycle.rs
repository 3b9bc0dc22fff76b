//! Wire types of the reporting cycle (`/api/v1/cycles`, `/api/v1/sop-steps`)
//! and of the signed-in user's to-do list (`/api/v1/inbox`).

use crate::domain::cycle::{Action, Awaiting, Compliance, CycleKind, Event, Phase, StepDef, StepRun};
use crate::domain::measurement_table::UnitCompleteness;
use crate::domain::org::Role;
use crate::domain::period::Period;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use uuid::Uuid;

/// `POST /api/v1/cycles/{period}/actions`: one action, under an id made by
/// the client so that a retry is recorded once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionRequest {
    pub id: Uuid,
    #[serde(flatten)]
    pub action: Action,
}

/// A cycle as the dashboard shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CycleView {
    pub period: Period,
    pub kind: CycleKind,
    pub phase: Phase,
    pub round: u32,
    /// Whose turn it is (`None` once approved).
    pub turn: Option<Role>,
    /// The current step has run past its standard time.
    /// When the current step is to be done, in office time (`domain::cycle::deadline`).
    /// Defaulted, as are the board's other office-time fields, so that a
    /// board a device kept before they existed still reads offline.
    #[serde(default)]
    pub due_ms: Option<i64>,
    pub overdue: bool,
    pub runs: Vec<StepRun>,
    /// Officials informed at a socialisation who have not acknowledged it.
    pub awaiting: BTreeSet<Awaiting>,
    /// The bidang whose Kepala Bidang has said Ya in the running review.
    #[serde(default)]
    pub endorsed: BTreeSet<String>,
    /// Every action, oldest first, with the actor's full name.
    pub history: Vec<HistoryEntry>,
    /// The Lembar Disposisi the sekretaris started the cycle with.
    pub disposition_id: Option<String>,
    /// Per reporting unit: its indicators with the period's data complete.
    pub completeness: Vec<UnitCompleteness>,
    /// Step 1's requests for data, one per unit that must supply it.
    #[serde(default)]
    pub requests: Vec<DataRequestStatus>,
}

/// One of step 1's requests for data — a Lembar Disposisi to a unit that
/// must supply data — and whether its addressee has received it. Whether
/// the unit has sent its data is its completeness.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataRequestStatus {
    pub unit_id: String,
    pub disposition_id: String,
    /// The agenda number: `007/2026`.
    pub label: String,
    /// ISO date.
    pub deadline: Option<String>,
    /// The addressee has signed the receipt.
    pub received: bool,
    /// The deadline has passed in the office's calendar.
    #[serde(default)]
    pub overdue: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub full_name: String,
    #[serde(flatten)]
    pub event: Event,
}

/// `GET /api/v1/cycles?year=`: the year's cycles, the SOP's steps and the
/// compliance of the ended steps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CycleBoard {
    pub year: i32,
    pub steps: Vec<StepDef>,
    pub cycles: Vec<CycleView>,
    pub compliance: Vec<Compliance>,
    /// The office minutes of a working day, in which the UI counts days.
    #[serde(default = "office_day_minutes")]
    pub office_day_minutes: u16,
}

/// `PUT /api/v1/sop-steps/{number}`: the admin's edit of one step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepEdit {
    pub title: String,
    pub role: Role,
    pub standard_minutes: u32,
}

/// `GET /api/v1/inbox`: what waits for the signed-in user.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    /// Cycles whose next move is the user's.
    pub turns: Vec<Turn>,
    /// Cycles whose socialisation the user is to acknowledge.
    pub acknowledgements: Vec<Period>,
    /// Dispositions addressed to the user and not yet done.
    pub dispositions: Vec<InboxDisposition>,
    /// Open conflicts of the units the user sees, to be resolved on Konflik Data.
    #[serde(default)]
    pub conflicts: usize,
}

impl Inbox {
    pub fn count(&self) -> usize {
        self.turns.len() + self.acknowledgements.len() + self.dispositions.len() + self.conflicts
    }
}

/// A cycle whose next move is the user's: the step, if one is running, and
/// when it is to be done (`domain::cycle::deadline`, in office time).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Turn {
    pub period: Period,
    pub step: Option<u8>,
    pub due_ms: Option<i64>,
}

impl Turn {
    /// Whether it is past its deadline at `now_ms`.
    pub fn overdue_at(&self, now_ms: i64) -> bool {
        self.due_ms.is_some_and(|due| now_ms > due)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxDisposition {
    pub id: String,
    pub label: String,
    pub perihal: String,
    /// The day it is to be done by, `2026-12-11`.
    #[serde(default)]
    pub deadline: Option<String>,
    /// The deadline has passed in the office's calendar.
    #[serde(default)]
    pub overdue: bool,
}

fn office_day_minutes() -> u16 {
    crate::domain::office_time::OfficeCalendar::default().day_minutes()
}
