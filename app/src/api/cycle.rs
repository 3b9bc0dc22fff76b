//! Wire types of the reporting cycle (`/api/v1/cycles`, `/api/v1/sop-steps`).

use crate::domain::cycle::{Action, Compliance, CycleKind, Event, Phase, StepDef, StepRun};
use crate::domain::org::Role;
use crate::domain::period::Period;
use serde::{Deserialize, Serialize};
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
    pub overdue: bool,
    pub runs: Vec<StepRun>,
    /// Every action, oldest first, with the actor's full name.
    pub history: Vec<HistoryEntry>,
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
}

/// `PUT /api/v1/sop-steps/{number}`: the admin's edit of one step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepEdit {
    pub title: String,
    pub role: Role,
    pub standard_minutes: u32,
}
