//! The SOP "Pengumpulan Data Kinerja" as a tracked reporting cycle. The nine
//! steps are data (`default_steps` is our reading of the SOP; the admin may
//! edit titles, roles and standard times). A cycle covers one quarter,
//! semester or year; its state is always a fold over its events, so every
//! review round stays in the history. `decide` is the one place that says
//! whether an action may happen now, by whom, and what it changes.

use crate::domain::org::{Actor, Role, UnitTree};
use crate::domain::period::{Level, Period};
use crate::domain::validate::{Checker, FieldError, NAME_MAX, Problem};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What kind of work a step is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// Done and marked complete by its role.
    Work,
    /// The kepala bidang's Ya/Tidak (step 7).
    Review,
    /// A meeting or distribution to the officials concerned (steps 5 and 8).
    Socialise,
}

/// What must exist before a step can start (the SOP's "Kelengkapan").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Input {
    /// The year's Perjanjian Kinerja and Rencana Aksi.
    Plan,
    /// Every month of the period has its data.
    MonthlyData,
    /// The two quarters of a semester are approved.
    QuarterReports,
    /// The two semesters of a year are approved.
    SemesterReports,
}

/// What a step produces (the SOP's "Output").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Output {
    Disposisi,
    LembarDisposisi,
    DraftLaporan,
}

/// One step of the SOP.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepDef {
    pub number: u8,
    pub title: String,
    pub role: Role,
    pub kind: StepKind,
    pub inputs: Vec<Input>,
    pub standard_minutes: u32,
    pub output: Output,
}

const DAY: u32 = 24 * 60;

/// Our reading of the SOP (`sop/README.md`): who performs each step, what it
/// needs, its standard time and its output.
pub fn default_steps() -> Vec<StepDef> {
    use Input::*;
    let step = |number, title: &str, role, kind, inputs: &[Input], standard_minutes, output| StepDef {
        number,
        title: title.to_owned(),
        role,
        kind,
        inputs: inputs.to_vec(),
        standard_minutes,
        output,
    };
    vec![
        step(
            1,
            "Mengumpulkan data laporan kinerja triwulan",
            Role::Sekretaris,
            StepKind::Work,
            &[Plan],
            15,
            Output::Disposisi,
        ),
        step(
            2,
            "Merekap laporan kinerja triwulan",
            Role::KasubagProgram,
            StepKind::Work,
            &[Plan],
            30,
            Output::LembarDisposisi,
        ),
        step(
            3,
            "Mengolah data laporan kinerja triwulan",
            Role::StafEvaluasi,
            StepKind::Work,
            &[Plan, MonthlyData],
            2,
            Output::DraftLaporan,
        ),
        step(
            4,
            "Menyusun laporan kinerja triwulan",
            Role::KasubagProgram,
            StepKind::Work,
            &[Plan],
            30,
            Output::DraftLaporan,
        ),
        step(
            5,
            "Menyosialisasikan laporan kinerja triwulan",
            Role::KasubagProgram,
            StepKind::Socialise,
            &[Plan],
            30,
            Output::DraftLaporan,
        ),
        step(
            6,
            "Merekap dua laporan triwulan menjadi laporan semester",
            Role::KasubagProgram,
            StepKind::Work,
            &[QuarterReports],
            2 * DAY,
            Output::Disposisi,
        ),
        step(
            7,
            "Menyusun laporan semester dan tahunan (Ya/Tidak)",
            Role::KepalaBidang,
            StepKind::Review,
            &[QuarterReports],
            120 * DAY,
            Output::LembarDisposisi,
        ),
        step(
            8,
            "Menyosialisasikan laporan semester",
            Role::KasubagProgram,
            StepKind::Socialise,
            &[QuarterReports],
            60,
            Output::DraftLaporan,
        ),
        step(
            9,
            "Menggabungkan dua laporan semester menjadi laporan kinerja tahunan",
            Role::StafEvaluasi,
            StepKind::Work,
            &[SemesterReports],
            15,
            Output::DraftLaporan,
        ),
    ]
}

/// Whether the admin's edit of a step may be kept: a title, and a standard
/// time of at least a minute.
pub fn check_step_edit(title: &str, standard_minutes: u32) -> Result<(), Vec<FieldError>> {
    let mut check = Checker::new();
    check.required("title", title, NAME_MAX);
    if standard_minutes == 0 {
        check.fail("standard_minutes", Problem::OutOfRange);
    }
    check.finish()
}

/// Whose turn it is when no step is: the sekretaris approves every cycle
/// (approval locks the period; only the sekretaris may lock and reopen).
pub const APPROVER: Role = Role::Sekretaris;

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
            CycleKind::Year => &[9],
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
    /// among them (`informed`), who then acknowledge it in the app.
    Socialise {
        step: u8,
        officials: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        informed: Vec<String>,
        note: String,
    },
    /// An official informed at a socialisation confirms it, with comments.
    Acknowledge { step: u8, comment: String },
    /// Step 7: Ya accepts; Tidak returns the draft to the units named, with comments.
    Review { decision: Decision, comments: String, units: Vec<String> },
    /// A kepala seksi has revised its unit's data after a Tidak.
    Revise { unit_id: String, note: String },
    /// A missing input is knowingly passed over, with the reason.
    Waive { input: Input, reason: String },
    /// The sekretaris approves: the period's data is locked.
    Approve,
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

impl StepRun {
    /// Its actual duration in minutes, once it has ended.
    pub fn minutes(&self) -> Option<f64> {
        self.ended_ms.map(|end| (end - self.started_ms) as f64 / 60_000.0)
    }
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

impl Facts {
    fn has(&self, input: Input) -> bool {
        match input {
            Input::Plan => self.plan_ready,
            Input::MonthlyData => self.monthly_data_complete,
            Input::QuarterReports | Input::SemesterReports => self.parts_approved,
        }
    }
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
        }
    }
}

impl Cycle {
    /// A cycle for `period` that has not started.
    pub fn new(period: Period) -> Result<Cycle, CycleError> {
        let kind = CycleKind::of(period).ok_or(CycleError::NoCycle)?;
        Ok(Cycle {
            period,
            kind,
            phase: Phase::New,
            round: 1,
            runs: Vec::new(),
            waived: BTreeSet::new(),
            awaiting: BTreeSet::new(),
        })
    }

    /// The state after `events`, in order.
    pub fn replay<'a>(
        period: Period,
        events: impl IntoIterator<Item = &'a Event>,
    ) -> Result<Cycle, CycleError> {
        let mut cycle = Cycle::new(period)?;
        for event in events {
            cycle.apply(event);
        }
        Ok(cycle)
    }

    /// The role whose turn it is, if anyone's. During a revision, the kepala seksi of each unit named.
    pub fn turn(&self, steps: &[StepDef]) -> Option<Role> {
        match &self.phase {
            Phase::New | Phase::Approval => Some(APPROVER),
            Phase::Step { step } => step_def(steps, *step).map(|def| def.role),
            Phase::Revision { .. } => Some(Role::KepalaSeksi),
            Phase::Approved => None,
        }
    }

    /// Whether the next move is `actor`'s: the role of the step, or during a
    /// revision the kepala seksi of a unit that must still revise.
    pub fn awaits(&self, steps: &[StepDef], actor: &Actor) -> bool {
        match &self.phase {
            Phase::Revision { units, .. } => {
                actor.role == Role::KepalaSeksi && actor.unit_id.as_ref().is_some_and(|u| units.contains(u))
            }
            Phase::Approved => false,
            _ => self.turn(steps) == Some(actor.role),
        }
    }

    /// Whether `actor` was informed at a socialisation and has not acknowledged it.
    pub fn owes_acknowledgement(&self, actor: &Actor) -> bool {
        self.awaiting.iter().any(|owed| owed.user_id == actor.user_id)
    }

    /// Whether `actor` may take `action` now, and what it changes outside the cycle.
    pub fn decide(
        &self,
        steps: &[StepDef],
        actor: &Actor,
        tree: &UnitTree,
        facts: &Facts,
        action: &Action,
    ) -> Result<Vec<Effect>, CycleError> {
        let ready = |input: Input| facts.has(input) || self.waived.contains(&input);
        match (action, &self.phase) {
            (Action::Start { .. }, Phase::New) => {
                require_role(actor, APPROVER)?;
                action.check()?;
                missing(self.kind.start_inputs(), ready)?;
                Ok(vec![])
            }
            (Action::Complete { step, .. }, Phase::Step { step: current }) if step == current => {
                let def = self.current_def(steps, *step, StepKind::Work)?;
                require_role(actor, def.role)?;
                missing(&def.inputs, ready)?;
                Ok(vec![])
            }
            (Action::Socialise { step, .. }, Phase::Step { step: current }) if step == current => {
                let def = self.current_def(steps, *step, StepKind::Socialise)?;
                require_role(actor, def.role)?;
                missing(&def.inputs, ready)?;
                action.check()?;
                Ok(vec![])
            }
            (Action::Acknowledge { step, .. }, _) => {
                let owed = Awaiting { step: *step, user_id: actor.user_id.clone() };
                if self.awaiting.contains(&owed) { Ok(vec![]) } else { Err(CycleError::NotConcerned) }
            }
            (Action::Review { decision, units, .. }, Phase::Step { step }) => {
                let def = self.current_def(steps, *step, StepKind::Review)?;
                require_role(actor, def.role)?;
                missing(&def.inputs, ready)?;
                action.check()?;
                match decision {
                    Decision::Ya => Ok(vec![]),
                    Decision::Tidak => {
                        if units.iter().any(|u| !tree.is_known(u)) {
                            return Err(CycleError::UnitsRequired);
                        }
                        Ok(vec![Effect::Open { units: units.clone() }])
                    }
                }
            }
            (Action::Revise { unit_id, .. }, Phase::Revision { units, .. }) => {
                require_role(actor, Role::KepalaSeksi)?;
                let own = actor.unit_id.as_deref().is_some_and(|own| tree.is_within(own, unit_id));
                if !units.contains(unit_id) || !own {
                    return Err(CycleError::NotConcerned);
                }
                action.check()?;
                Ok(vec![Effect::Close { unit_id: unit_id.clone() }])
            }
            (Action::Waive { input, .. }, phase) => {
                let (role, inputs) = match phase {
                    Phase::New => (APPROVER, self.kind.start_inputs()),
                    Phase::Step { step } => {
                        let def = step_def(steps, *step).ok_or(CycleError::OutOfTurn)?;
                        (def.role, def.inputs.as_slice())
                    }
                    _ => return Err(CycleError::OutOfTurn),
                };
                if actor.role != role && actor.role != APPROVER {
                    return Err(CycleError::NotYourTurn(role));
                }
                if !inputs.contains(input) {
                    return Err(CycleError::OutOfTurn);
                }
                action.check()?;
                Ok(vec![])
            }
            (Action::Approve, Phase::Approval) => {
                require_role(actor, APPROVER)?;
                Ok(vec![Effect::Lock])
            }
            (Action::Reopen { reason }, Phase::Approved) => {
                require_role(actor, APPROVER)?;
                action.check()?;
                Ok(vec![Effect::Unlock { reason: reason.trim().to_owned() }])
            }
            _ => Err(CycleError::OutOfTurn),
        }
    }

    /// The state after `event`. Call only with events `decide` accepted.
    pub fn apply(&mut self, event: &Event) {
        let at = event.at_ms;
        match &event.action {
            Action::Start { .. } => {
                let first = self.kind.steps()[0];
                if first == 1 {
                    self.runs.push(StepRun {
                        step: 1,
                        round: self.round,
                        started_ms: at,
                        ended_ms: Some(at),
                    });
                    self.advance(1, at);
                } else {
                    self.begin(first, at);
                }
            }
            Action::Complete { step, .. } => self.advance(*step, at),
            Action::Socialise { step, informed, .. } => {
                let owed = informed.iter().map(|user_id| Awaiting { step: *step, user_id: user_id.clone() });
                self.awaiting.extend(owed);
                self.advance(*step, at);
            }
            Action::Acknowledge { step, .. } => {
                self.awaiting.remove(&Awaiting { step: *step, user_id: event.user_id.clone() });
            }
            Action::Review { decision: Decision::Ya, .. } => {
                if let Phase::Step { step } = self.phase {
                    self.advance(step, at);
                }
            }
            Action::Review { decision: Decision::Tidak, units, .. } => {
                if let Phase::Step { step } = self.phase {
                    self.end_current(at);
                    self.phase = Phase::Revision { step, units: units.iter().cloned().collect() };
                }
            }
            Action::Revise { unit_id, .. } => {
                if let Phase::Revision { step, units } = &mut self.phase {
                    units.remove(unit_id);
                    if units.is_empty() {
                        let step = *step;
                        self.round += 1;
                        self.begin(step, at);
                    }
                }
            }
            Action::Waive { input, .. } => {
                self.waived.insert(*input);
            }
            Action::Approve => self.phase = Phase::Approved,
            Action::Reopen { .. } => self.phase = Phase::Approval,
        }
    }

    fn current_def<'a>(
        &self,
        steps: &'a [StepDef],
        step: u8,
        kind: StepKind,
    ) -> Result<&'a StepDef, CycleError> {
        step_def(steps, step).filter(|def| def.kind == kind).ok_or(CycleError::OutOfTurn)
    }

    fn begin(&mut self, step: u8, at: i64) {
        self.runs.push(StepRun { step, round: self.round, started_ms: at, ended_ms: None });
        self.phase = Phase::Step { step };
    }

    fn end_current(&mut self, at: i64) {
        if let Some(run) = self.runs.iter_mut().rev().find(|run| run.ended_ms.is_none()) {
            run.ended_ms = Some(at);
        }
    }

    /// Ends `step` and begins the next one of this kind, or waits for approval.
    fn advance(&mut self, step: u8, at: i64) {
        self.end_current(at);
        let steps = self.kind.steps();
        let next = steps.iter().position(|s| *s == step).and_then(|i| steps.get(i + 1));
        match next {
            Some(next) => self.begin(*next, at),
            None => self.phase = Phase::Approval,
        }
    }
}

impl Action {
    /// The checks of the action's own content, which need no cycle: the
    /// texts it must carry and whom it must name. `decide` runs them, and
    /// the browser runs them before it keeps an action, so they hold offline.
    pub fn check(&self) -> Result<(), CycleError> {
        match self {
            Action::Start { instruction: text }
            | Action::Revise { note: text, .. }
            | Action::Waive { reason: text, .. }
            | Action::Reopen { reason: text } => require_text(text),
            Action::Socialise { officials, informed, .. } => {
                if officials.iter().all(|o| o.trim().is_empty()) && informed.is_empty() {
                    Err(CycleError::NoOfficials)
                } else {
                    Ok(())
                }
            }
            Action::Review { decision: Decision::Tidak, comments, units } => {
                require_text(comments)?;
                if units.is_empty() { Err(CycleError::UnitsRequired) } else { Ok(()) }
            }
            Action::Complete { .. }
            | Action::Acknowledge { .. }
            | Action::Review { .. }
            | Action::Approve => Ok(()),
        }
    }
}

fn step_def(steps: &[StepDef], number: u8) -> Option<&StepDef> {
    steps.iter().find(|def| def.number == number)
}

fn require_role(actor: &Actor, role: Role) -> Result<(), CycleError> {
    if actor.role == role { Ok(()) } else { Err(CycleError::NotYourTurn(role)) }
}

fn require_text(text: &str) -> Result<(), CycleError> {
    if text.trim().is_empty() { Err(CycleError::TextRequired) } else { Ok(()) }
}

fn missing(inputs: &[Input], ready: impl Fn(Input) -> bool) -> Result<(), CycleError> {
    match inputs.iter().find(|input| !ready(**input)) {
        Some(input) => Err(CycleError::InputMissing(*input)),
        None => Ok(()),
    }
}

/// One step's standard time against what the cycles took.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Compliance {
    pub step: u8,
    pub standard_minutes: u32,
    /// Ended runs of the step across cycles.
    pub runs: usize,
    pub mean_minutes: Option<f64>,
    pub max_minutes: Option<f64>,
    /// Runs that took longer than the standard.
    pub over_standard: usize,
}

/// Per SOP step: how the ended runs of `cycles` compare with the standard time.
pub fn compliance<'a>(steps: &[StepDef], cycles: impl IntoIterator<Item = &'a Cycle>) -> Vec<Compliance> {
    let runs: Vec<&StepRun> = cycles.into_iter().flat_map(|cycle| &cycle.runs).collect();
    steps
        .iter()
        .map(|def| {
            let minutes: Vec<f64> =
                runs.iter().filter(|run| run.step == def.number).filter_map(|run| run.minutes()).collect();
            let count = minutes.len();
            Compliance {
                step: def.number,
                standard_minutes: def.standard_minutes,
                runs: count,
                mean_minutes: (count > 0).then(|| minutes.iter().sum::<f64>() / count as f64),
                max_minutes: minutes.iter().copied().reduce(f64::max),
                over_standard: minutes.iter().filter(|m| **m > f64::from(def.standard_minutes)).count(),
            }
        })
        .collect()
}

/// Whether the current step has run longer than its standard time at `now_ms`.
pub fn overdue(cycle: &Cycle, steps: &[StepDef], now_ms: i64) -> bool {
    let Phase::Step { step } = cycle.phase else { return false };
    let started = cycle.runs.iter().rev().find(|run| run.step == step && run.ended_ms.is_none());
    match (started, step_def(steps, step)) {
        (Some(run), Some(def)) => now_ms - run.started_ms > i64::from(def.standard_minutes) * 60_000,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_support::p;
    use proptest::prelude::*;

    const MINUTE: i64 = 60_000;

    fn tree() -> UnitTree {
        UnitTree::new([
            ("dinas", None),
            ("bidang-a", Some("dinas")),
            ("seksi-a1", Some("bidang-a")),
            ("seksi-a2", Some("bidang-a")),
        ])
    }

    fn actor(role: Role, unit: Option<&str>) -> Actor {
        Actor {
            user_id: format!("{}-{}", role.as_str(), unit.unwrap_or("all")),
            role,
            unit_id: unit.map(Into::into),
        }
    }

    fn all_facts() -> Facts {
        Facts { plan_ready: true, monthly_data_complete: true, parts_approved: true }
    }

    /// A cycle with its history, driven the way the server drives it.
    struct Run {
        cycle: Cycle,
        events: Vec<Event>,
        steps: Vec<StepDef>,
        clock: i64,
    }

    impl Run {
        fn new(period: &str) -> Run {
            Run { cycle: Cycle::new(p(period)).unwrap(), events: vec![], steps: default_steps(), clock: 0 }
        }

        fn act(&mut self, who: &Actor, action: Action, facts: Facts) -> Result<Vec<Effect>, CycleError> {
            let effects = self.cycle.decide(&self.steps, who, &tree(), &facts, &action)?;
            self.clock += 10 * MINUTE;
            let event = Event {
                id: format!("e{}", self.events.len()),
                user_id: who.user_id.clone(),
                role: who.role,
                at_ms: self.clock,
                action,
            };
            self.cycle.apply(&event);
            self.events.push(event);
            Ok(effects)
        }

        fn ok(&mut self, who: &Actor, action: Action) -> Vec<Effect> {
            self.act(who, action, all_facts()).unwrap()
        }
    }

    fn start() -> Action {
        Action::Start { instruction: "Harap dikumpulkan".into() }
    }

    fn complete(step: u8) -> Action {
        Action::Complete { step, note: "selesai".into() }
    }

    fn socialise(step: u8) -> Action {
        Action::Socialise {
            step,
            officials: vec!["Kepala Dinas".into()],
            informed: vec![],
            note: "rapat".into(),
        }
    }

    fn tidak(units: &[&str]) -> Action {
        Action::Review {
            decision: Decision::Tidak,
            comments: "angka TW II belum sesuai".into(),
            units: units.iter().map(|u| u.to_string()).collect(),
        }
    }

    fn ya() -> Action {
        Action::Review { decision: Decision::Ya, comments: String::new(), units: vec![] }
    }

    #[test]
    fn the_default_steps_are_the_nine_of_the_sop_and_every_kind_uses_them() {
        let steps = default_steps();
        assert_eq!(steps.iter().map(|s| s.number).collect::<Vec<_>>(), (1..=9).collect::<Vec<_>>());
        for kind in [CycleKind::Quarter, CycleKind::Semester, CycleKind::Year] {
            assert!(kind.steps().iter().all(|n| step_def(&steps, *n).is_some()));
        }
        assert_eq!(step_def(&steps, 7).unwrap().kind, StepKind::Review);
        assert_eq!(step_def(&steps, 6).unwrap().standard_minutes, 2 * 24 * 60);
        assert_eq!(CycleKind::of(p("2026-03")), None);
        assert_eq!(Cycle::new(p("2026-03")), Err(CycleError::NoCycle));
    }

    #[test]
    fn a_step_edit_needs_a_title_and_a_standard_time() {
        assert!(check_step_edit("Merekap", 30).is_ok());
        let problems: Vec<(String, Problem)> =
            check_step_edit(" ", 0).unwrap_err().into_iter().map(|e| (e.field, e.problem)).collect();
        assert_eq!(
            problems,
            vec![("title".into(), Problem::Required), ("standard_minutes".into(), Problem::OutOfRange)]
        );
    }

    #[test]
    fn a_quarter_goes_from_disposition_to_approval_and_approval_locks() {
        let mut run = Run::new("2026-TW2");
        assert!(run.ok(&actor(Role::Sekretaris, None), start()).is_empty());
        assert_eq!(run.cycle.phase, Phase::Step { step: 2 });
        run.ok(&actor(Role::KasubagProgram, None), complete(2));
        run.ok(&actor(Role::StafEvaluasi, None), complete(3));
        run.ok(&actor(Role::KasubagProgram, None), complete(4));
        run.ok(&actor(Role::KasubagProgram, None), socialise(5));
        assert_eq!(run.cycle.phase, Phase::Approval);
        assert_eq!(run.cycle.turn(&run.steps), Some(Role::Sekretaris));
        assert!(run.cycle.awaits(&run.steps, &actor(Role::Sekretaris, None)));
        assert!(!run.cycle.awaits(&run.steps, &actor(Role::KasubagProgram, None)));
        assert_eq!(run.ok(&actor(Role::Sekretaris, None), Action::Approve), vec![Effect::Lock]);
        assert!(!run.cycle.awaits(&run.steps, &actor(Role::Sekretaris, None)));
        assert_eq!(run.cycle.phase, Phase::Approved);
        assert_eq!(run.cycle.runs.iter().map(|r| r.step).collect::<Vec<_>>(), vec![1, 2, 3, 4, 5]);
        assert!(run.cycle.runs[1..].iter().all(|r| r.minutes() == Some(10.0)));
        assert_eq!(Cycle::replay(p("2026-TW2"), &run.events).unwrap(), run.cycle);
    }

    #[test]
    fn only_the_role_of_the_step_may_act_on_it() {
        let mut run = Run::new("2026-TW1");
        run.ok(&actor(Role::Sekretaris, None), start());
        for (step, action) in [(2, complete(2)), (3, complete(3)), (4, complete(4)), (5, socialise(5))] {
            let role = step_def(&run.steps, step).unwrap().role;
            for other in Role::ALL.into_iter().filter(|r| *r != role) {
                let refused = run.act(&actor(other, Some("seksi-a1")), action.clone(), all_facts());
                assert_eq!(refused, Err(CycleError::NotYourTurn(role)), "{other:?} at step {step}");
            }
            run.ok(&actor(role, None), action);
        }
        let refused = run.act(&actor(Role::KasubagProgram, None), Action::Approve, all_facts());
        assert_eq!(refused.unwrap_err().code(), "forbidden");
    }

    #[test]
    fn steps_cannot_be_skipped_or_repeated() {
        let mut run = Run::new("2026-TW1");
        let kasubag = actor(Role::KasubagProgram, None);
        assert_eq!(run.act(&kasubag, complete(2), all_facts()), Err(CycleError::OutOfTurn));
        run.ok(&actor(Role::Sekretaris, None), start());
        assert_eq!(run.act(&kasubag, complete(4), all_facts()), Err(CycleError::OutOfTurn));
        assert_eq!(run.act(&kasubag, socialise(2), all_facts()), Err(CycleError::OutOfTurn));
        run.ok(&kasubag, complete(2));
        assert_eq!(run.act(&kasubag, complete(2), all_facts()), Err(CycleError::OutOfTurn));
        assert_eq!(run.act(&actor(Role::Sekretaris, None), start(), all_facts()), Err(CycleError::OutOfTurn));
    }

    #[test]
    fn missing_inputs_block_a_step_until_they_exist_or_are_waived_with_a_reason() {
        let mut run = Run::new("2026-TW3");
        let sekretaris = actor(Role::Sekretaris, None);
        let no_plan = Facts { plan_ready: false, ..all_facts() };
        assert_eq!(run.act(&sekretaris, start(), no_plan), Err(CycleError::InputMissing(Input::Plan)));
        run.ok(&sekretaris, start());
        run.ok(&actor(Role::KasubagProgram, None), complete(2));
        let staf = actor(Role::StafEvaluasi, None);
        let gaps = Facts { monthly_data_complete: false, ..all_facts() };
        assert_eq!(run.act(&staf, complete(3), gaps), Err(CycleError::InputMissing(Input::MonthlyData)));
        let blank = Action::Waive { input: Input::MonthlyData, reason: " ".into() };
        assert_eq!(run.act(&staf, blank, gaps), Err(CycleError::TextRequired));
        let foreign = Action::Waive { input: Input::SemesterReports, reason: "x".into() };
        assert_eq!(run.act(&staf, foreign, gaps), Err(CycleError::OutOfTurn));
        let waive = Action::Waive { input: Input::MonthlyData, reason: "OPD mitra belum melapor".into() };
        assert_eq!(
            run.act(&actor(Role::KepalaSeksi, Some("seksi-a1")), waive.clone(), gaps),
            Err(CycleError::NotYourTurn(Role::StafEvaluasi))
        );
        run.act(&staf, waive, gaps).unwrap();
        assert!(run.act(&staf, complete(3), gaps).is_ok());
    }

    #[test]
    fn a_semester_starts_only_once_its_quarters_are_approved() {
        let mut run = Run::new("2026-S1");
        let sekretaris = actor(Role::Sekretaris, None);
        let open = Facts { parts_approved: false, ..all_facts() };
        assert_eq!(run.act(&sekretaris, start(), open), Err(CycleError::InputMissing(Input::QuarterReports)));
        run.ok(&sekretaris, start());
        assert_eq!(run.cycle.phase, Phase::Step { step: 6 });
        assert_eq!(run.cycle.runs.len(), 1);
    }

    #[test]
    fn a_tidak_returns_the_draft_to_the_units_named_and_every_round_is_kept() {
        let mut run = Run::new("2026-S1");
        run.ok(&actor(Role::Sekretaris, None), start());
        run.ok(&actor(Role::KasubagProgram, None), complete(6));
        let kabid = actor(Role::KepalaBidang, Some("bidang-a"));
        let without_comment =
            Action::Review { decision: Decision::Tidak, comments: "".into(), units: vec!["seksi-a1".into()] };
        assert_eq!(run.act(&kabid, without_comment, all_facts()), Err(CycleError::TextRequired));
        assert_eq!(run.act(&kabid, tidak(&[]), all_facts()), Err(CycleError::UnitsRequired));
        assert_eq!(run.act(&kabid, tidak(&["nowhere"]), all_facts()), Err(CycleError::UnitsRequired));
        let effects = run.ok(&kabid, tidak(&["seksi-a1", "seksi-a2"]));
        assert_eq!(effects, vec![Effect::Open { units: vec!["seksi-a1".into(), "seksi-a2".into()] }]);
        assert_eq!(run.cycle.turn(&run.steps), Some(Role::KepalaSeksi));
        assert!(run.cycle.awaits(&run.steps, &actor(Role::KepalaSeksi, Some("seksi-a2"))));
        assert!(!run.cycle.awaits(&run.steps, &actor(Role::KepalaSeksi, Some("seksi-x"))));
        assert!(!run.cycle.awaits(&run.steps, &kabid));

        let revise = |unit: &str| Action::Revise { unit_id: unit.into(), note: "angka diperbaiki".into() };
        let a1 = actor(Role::KepalaSeksi, Some("seksi-a1"));
        assert_eq!(run.act(&a1, revise("seksi-a2"), all_facts()), Err(CycleError::NotConcerned));
        assert_eq!(
            run.act(&kabid, revise("seksi-a1"), all_facts()),
            Err(CycleError::NotYourTurn(Role::KepalaSeksi))
        );
        assert_eq!(run.ok(&a1, revise("seksi-a1")), vec![Effect::Close { unit_id: "seksi-a1".into() }]);
        assert_eq!(run.act(&a1, revise("seksi-a1"), all_facts()), Err(CycleError::NotConcerned));
        assert!(matches!(run.cycle.phase, Phase::Revision { .. }));
        run.ok(&actor(Role::KepalaSeksi, Some("seksi-a2")), revise("seksi-a2"));
        assert_eq!(run.cycle.phase, Phase::Step { step: 7 });
        assert_eq!(run.cycle.round, 2);

        run.ok(&kabid, ya());
        run.ok(&actor(Role::KasubagProgram, None), socialise(8));
        run.ok(&actor(Role::Sekretaris, None), Action::Approve);
        let reviews: Vec<(u8, u32)> = run.cycle.runs.iter().map(|r| (r.step, r.round)).collect();
        assert_eq!(reviews, vec![(6, 1), (7, 1), (7, 2), (8, 2)]);
        assert_eq!(Cycle::replay(p("2026-S1"), &run.events).unwrap(), run.cycle);
    }

    #[test]
    fn officials_informed_at_a_socialisation_acknowledge_it_once_each() {
        let mut run = Run::new("2026-TW1");
        run.ok(&actor(Role::Sekretaris, None), start());
        for step in 2..=4 {
            let role = step_def(&run.steps, step).unwrap().role;
            run.ok(&actor(role, None), complete(step));
        }
        let kabid = actor(Role::KepalaBidang, Some("bidang-a"));
        let kasi = actor(Role::KepalaSeksi, Some("seksi-a1"));
        let acknowledge = Action::Acknowledge { step: 5, comment: "sudah kami terima".into() };
        assert_eq!(run.act(&kabid, acknowledge.clone(), all_facts()), Err(CycleError::NotConcerned));
        let informed = vec![kabid.user_id.clone(), kasi.user_id.clone()];
        let nobody =
            Action::Socialise { step: 5, officials: vec![" ".into()], informed: vec![], note: "".into() };
        assert_eq!(
            run.act(&actor(Role::KasubagProgram, None), nobody, all_facts()),
            Err(CycleError::NoOfficials)
        );
        let users_only = Action::Socialise { step: 5, officials: vec![], informed, note: "rapat".into() };
        run.ok(&actor(Role::KasubagProgram, None), users_only);
        assert_eq!(run.cycle.awaiting.len(), 2);
        assert_eq!(run.ok(&kabid, acknowledge.clone()), vec![]);
        assert_eq!(run.act(&kabid, acknowledge.clone(), all_facts()), Err(CycleError::NotConcerned));
        assert_eq!(
            run.act(&actor(Role::KepalaSeksi, Some("seksi-a2")), acknowledge.clone(), all_facts()),
            Err(CycleError::NotConcerned)
        );
        run.ok(&actor(Role::Sekretaris, None), Action::Approve);
        assert_eq!(run.cycle.phase, Phase::Approved);
        assert!(run.cycle.owes_acknowledgement(&kasi) && !run.cycle.owes_acknowledgement(&kabid));
        run.ok(&kasi, acknowledge);
        assert!(run.cycle.awaiting.is_empty(), "an acknowledgement may come after approval");
        assert_eq!(run.cycle.phase, Phase::Approved);
        assert_eq!(Cycle::replay(p("2026-TW1"), &run.events).unwrap(), run.cycle);
    }

    #[test]
    fn only_the_sekretaris_reopens_an_approved_cycle_with_a_reason() {
        let mut run = Run::new("2026");
        let sekretaris = actor(Role::Sekretaris, None);
        run.ok(&sekretaris, start());
        run.ok(&actor(Role::StafEvaluasi, None), complete(9));
        run.ok(&sekretaris, Action::Approve);
        let reopen = |reason: &str| Action::Reopen { reason: reason.into() };
        assert_eq!(
            run.act(&actor(Role::Admin, None), reopen("x"), all_facts()),
            Err(CycleError::NotYourTurn(Role::Sekretaris))
        );
        assert_eq!(run.act(&sekretaris, reopen(""), all_facts()), Err(CycleError::TextRequired));
        assert_eq!(
            run.ok(&sekretaris, reopen(" salah ketik IKU-03 ")),
            vec![Effect::Unlock { reason: "salah ketik IKU-03".into() }]
        );
        assert_eq!(run.cycle.phase, Phase::Approval);
        assert_eq!(run.ok(&sekretaris, Action::Approve), vec![Effect::Lock]);
    }

    #[test]
    fn an_action_s_own_content_is_checked_without_a_cycle() {
        let blank = "  ".to_owned();
        let refused = [
            (Action::Start { instruction: blank.clone() }, CycleError::TextRequired),
            (Action::Reopen { reason: blank.clone() }, CycleError::TextRequired),
            (Action::Waive { input: Input::Plan, reason: blank.clone() }, CycleError::TextRequired),
            (Action::Revise { unit_id: "seksi".into(), note: blank.clone() }, CycleError::TextRequired),
            (
                Action::Review {
                    decision: Decision::Tidak,
                    comments: blank.clone(),
                    units: vec!["seksi".into()],
                },
                CycleError::TextRequired,
            ),
            (tidak(&[]), CycleError::UnitsRequired),
            (
                Action::Socialise {
                    step: 5,
                    officials: vec![blank.clone()],
                    informed: vec![],
                    note: String::new(),
                },
                CycleError::NoOfficials,
            ),
        ];
        for (action, error) in refused {
            assert_eq!(action.check(), Err(error), "{action:?}");
        }
        for action in [start(), complete(2), socialise(5), tidak(&["seksi"]), ya(), Action::Approve] {
            assert_eq!(action.check(), Ok(()), "{action:?}");
        }
        let mut run = Run::new("2026-TW1");
        let sekretaris = actor(Role::Sekretaris, None);
        assert_eq!(
            run.act(&sekretaris, Action::Start { instruction: blank }, all_facts()),
            Err(CycleError::TextRequired)
        );
    }

    #[test]
    fn compliance_sets_each_step_s_runs_against_its_standard_time() {
        let mut quick = Run::new("2026-TW1");
        let sekretaris = actor(Role::Sekretaris, None);
        quick.ok(&sekretaris, start());
        quick.ok(&actor(Role::KasubagProgram, None), complete(2));
        quick.ok(&actor(Role::StafEvaluasi, None), complete(3));
        let mut slow = Run::new("2026-TW2");
        slow.ok(&sekretaris, start());
        slow.clock += 50 * MINUTE;
        slow.ok(&actor(Role::KasubagProgram, None), complete(2));
        let report = compliance(&quick.steps, [&quick.cycle, &slow.cycle]);
        assert_eq!(report.len(), 9);
        let step2 = &report[1];
        assert_eq!((step2.step, step2.standard_minutes, step2.runs), (2, 30, 2));
        assert_eq!(step2.mean_minutes, Some(35.0));
        assert_eq!(step2.max_minutes, Some(60.0));
        assert_eq!(step2.over_standard, 1);
        let step3 = &report[2];
        assert_eq!((step3.runs, step3.over_standard), (1, 1));
        assert_eq!(report[3].runs, 0);
        assert_eq!(report[3].mean_minutes, None);
        // Step 3 has begun; its standard is 2 minutes.
        assert!(!overdue(&slow.cycle, &slow.steps, slow.clock + MINUTE));
        assert!(overdue(&slow.cycle, &slow.steps, slow.clock + 3 * MINUTE));
        assert!(!overdue(&quick.cycle, &quick.steps, quick.clock + 29 * MINUTE));
        assert!(overdue(&quick.cycle, &quick.steps, quick.clock + 31 * MINUTE));
    }

    fn any_actor() -> impl Strategy<Value = Actor> {
        let units = prop::sample::select(vec![None, Some("bidang-a"), Some("seksi-a1"), Some("seksi-a2")]);
        (prop::sample::select(Role::ALL.to_vec()), units).prop_map(|(role, unit)| actor(role, unit))
    }

    fn any_action() -> impl Strategy<Value = Action> {
        let units = prop::sample::subsequence(vec!["seksi-a1", "seksi-a2", "bidang-a"], 0..=2);
        prop_oneof![
            Just(start()),
            (1u8..=9).prop_map(complete),
            (1u8..=9).prop_map(socialise),
            Just(ya()),
            units.prop_map(|u| tidak(&u)),
            prop::sample::select(vec!["seksi-a1", "seksi-a2", "bidang-a"])
                .prop_map(|u| Action::Revise { unit_id: u.into(), note: "revisi".into() }),
            prop::sample::select(vec![Input::Plan, Input::MonthlyData, Input::QuarterReports])
                .prop_map(|input| Action::Waive { input, reason: "alasan".into() }),
            Just(Action::Approve),
            Just(Action::Reopen { reason: "koreksi".into() }),
            (1u8..=9).prop_map(|step| Action::Socialise {
                step,
                officials: vec![],
                informed: vec!["kepala_bidang-bidang-a".into()],
                note: "rapat".into()
            }),
            (1u8..=9).prop_map(|step| Action::Acknowledge { step, comment: "diterima".into() }),
        ]
    }

    proptest! {
        #[test]
        fn whatever_is_tried_the_cycle_follows_its_steps_and_keeps_its_history(
            period in prop::sample::select(vec!["2026-TW1", "2026-S2", "2026"]),
            tries in prop::collection::vec((any_actor(), any_action(), any::<[bool; 3]>()), 0..80),
        ) {
            let mut run = Run::new(period);
            for (who, action, [plan_ready, monthly_data_complete, parts_approved]) in tries {
                let before = run.cycle.clone();
                let facts = Facts { plan_ready, monthly_data_complete, parts_approved };
                let refused = run.act(&who, action.clone(), facts).is_err();
                if refused {
                    prop_assert_eq!(&run.cycle, &before);
                    continue;
                }
                let cycle = &run.cycle;
                if let Phase::Step { step } = cycle.phase {
                    prop_assert!(cycle.kind.steps().contains(&step));
                }
                prop_assert!(cycle.runs.iter().filter(|r| r.ended_ms.is_none()).count() <= 1);
                prop_assert!(cycle.runs.windows(2).all(|w| w[0].round <= w[1].round));
                if matches!(action, Action::Approve) {
                    prop_assert!(matches!(before.phase, Phase::Approval));
                    prop_assert_eq!(who.role, Role::Sekretaris);
                    let last = *cycle.kind.steps().last().unwrap();
                    prop_assert_eq!(cycle.runs.last().map(|r| (r.step, r.ended_ms.is_some())), Some((last, true)));
                }
                if let Action::Acknowledge { step, .. } = &action {
                    let owed = Awaiting { step: *step, user_id: who.user_id.clone() };
                    prop_assert!(before.awaiting.contains(&owed) && !cycle.awaiting.contains(&owed));
                    prop_assert_eq!(&cycle.phase, &before.phase);
                }
                let reviews = cycle.runs.iter().filter(|r| r.step == 7).count();
                prop_assert!(reviews as u32 <= cycle.round);
            }
            prop_assert_eq!(Cycle::replay(p(period), &run.events).unwrap(), run.cycle);
        }
    }
}
