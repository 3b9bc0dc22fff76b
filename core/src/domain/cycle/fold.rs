//! A cycle's state as a fold over its events: `replay` from the start,
//! `apply` one accepted event, and what the state says of whose turn it is.

use super::staffing::{Staffing, acts_as, is_reviser};
use super::steps::{APPROVER, StepDef, step_def};
use super::{Action, Awaiting, Cycle, CycleError, CycleKind, Decision, Event, Phase, StepRun};
use crate::domain::org::{Actor, Role, UnitTree};
use crate::domain::period::Period;
use std::collections::BTreeSet;

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
            endorsed: BTreeSet::new(),
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

    /// Whether the next move is `actor`'s: the step's role (or the
    /// sekretaris standing in for a role nobody holds), or during a revision
    /// the reviser of a unit that must still revise.
    pub fn awaits(&self, steps: &[StepDef], actor: &Actor, tree: &UnitTree, staffing: &Staffing) -> bool {
        match &self.phase {
            Phase::Revision { units, .. } => units.iter().any(|unit| is_reviser(actor, unit, tree, staffing)),
            Phase::Approved => false,
            _ if self.has_endorsed(actor) => false,
            _ => self.turn(steps).is_some_and(|role| acts_as(actor, role, staffing)),
        }
    }

    /// Whether `actor` is a Kepala Bidang whose Ya on the running review is in.
    pub fn has_endorsed(&self, actor: &Actor) -> bool {
        actor.role == Role::KepalaBidang
            && actor.unit_id.as_ref().is_some_and(|unit| self.endorsed.contains(unit))
    }

    /// `action` as it is recorded: a Kepala Bidang's Ya covers their own
    /// bidang — recorded with it while another bidang with a head user has
    /// yet to say Ya in this review, and as the review's Ya once it is the
    /// last. Every other action — a Ya naming units among them — as sent.
    pub fn recorded(&self, actor: &Actor, staffing: &Staffing, action: Action) -> Action {
        match (action, &actor.unit_id) {
            (Action::Review { decision: Decision::Ya, comments, units }, Some(own))
                if actor.role == Role::KepalaBidang && units.is_empty() =>
            {
                let last = staffing
                    .reviewing_bidangs()
                    .all(|bidang| bidang == own || self.endorsed.contains(bidang));
                let units = if last { Vec::new() } else { vec![own.clone()] };
                Action::Review { decision: Decision::Ya, comments, units }
            }
            (action, _) => action,
        }
    }

    /// Whether `actor` was informed at a socialisation and has not acknowledged it.
    pub fn owes_acknowledgement(&self, actor: &Actor) -> bool {
        self.awaiting.iter().any(|owed| owed.user_id == actor.user_id)
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
            Action::Review { decision: Decision::Ya, units, .. } => {
                if let Phase::Step { step } = self.phase {
                    if units.is_empty() {
                        self.advance(step, at);
                    } else {
                        self.endorsed.extend(units.iter().cloned());
                    }
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
            Action::Return { .. } => {
                self.round += 1;
                self.begin(self.kind.draft_step(), at);
            }
            Action::Reopen { .. } => self.phase = Phase::Approval,
        }
    }

    fn begin(&mut self, step: u8, at: i64) {
        self.endorsed.clear();
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
