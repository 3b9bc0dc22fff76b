//! Whether an action may happen now, by whom, and what it changes outside
//! the cycle (`Cycle::decide`); the checks of an action's own content
//! (`Action::check`), which the browser runs offline too.

use super::staffing::{Staffing, acts_as, may_name, may_revise};
use super::steps::{APPROVER, Input, StepDef, StepKind, step_def};
use super::{Action, Awaiting, Cycle, CycleError, Decision, Effect, Facts, Phase};
use crate::domain::org::{Actor, Role, UnitTree};

impl Facts {
    fn has(&self, input: Input) -> bool {
        match input {
            Input::Plan => self.plan_ready,
            Input::MonthlyData => self.monthly_data_complete,
            Input::QuarterReports | Input::SemesterReports => self.parts_approved,
        }
    }
}

impl Cycle {
    /// Whether `actor` may take `action` now, and what it changes outside
    /// the cycle. `staffing` says which roles and unit heads have users, so
    /// that a gap in the structure never leaves the cycle without a mover.
    pub fn decide(
        &self,
        steps: &[StepDef],
        actor: &Actor,
        tree: &UnitTree,
        staffing: &Staffing,
        facts: &Facts,
        action: &Action,
    ) -> Result<Vec<Effect>, CycleError> {
        let require_turn = |role: Role| {
            if acts_as(actor, role, staffing) { Ok(()) } else { Err(CycleError::NotYourTurn(role)) }
        };
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
                require_turn(def.role)?;
                missing(&def.inputs, ready)?;
                Ok(if *step == self.kind.draft_step() { vec![Effect::Draft] } else { vec![] })
            }
            (Action::Socialise { step, .. }, Phase::Step { step: current }) if step == current => {
                let def = self.current_def(steps, *step, StepKind::Socialise)?;
                require_turn(def.role)?;
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
                if actor.role != APPROVER {
                    require_turn(def.role)?;
                }
                missing(&def.inputs, ready)?;
                action.check()?;
                match decision {
                    Decision::Ya => {
                        // A Ya names no units (the whole review), or a Kepala
                        // Bidang's own bidang; a Kepala Bidang's Ya of the
                        // whole review only as the last bidang's (`recorded`).
                        let kabid = actor.role == Role::KepalaBidang;
                        let own = |unit: &String| actor.unit_id.as_ref() == Some(unit);
                        let scoped = if units.is_empty() {
                            !kabid || self.recorded(actor, staffing, action.clone()) == *action
                        } else {
                            kabid && units.iter().all(own)
                        };
                        if scoped { Ok(vec![]) } else { Err(CycleError::OtherBidangsAwaited) }
                    }
                    Decision::Tidak => {
                        if units.iter().any(|u| !tree.is_known(u)) {
                            return Err(CycleError::UnitsRequired);
                        }
                        if units.iter().any(|u| !may_name(actor, u, tree)) {
                            return Err(CycleError::OutsideBidang);
                        }
                        let mut effects = vec![Effect::Open { units: units.clone() }];
                        let parts = self.kind.parts(self.period);
                        if !parts.is_empty() {
                            effects.push(Effect::Supersede { parts });
                        }
                        Ok(effects)
                    }
                }
            }
            (Action::Revise { unit_id, .. }, Phase::Revision { units, .. }) => {
                if !units.contains(unit_id) || !may_revise(actor, unit_id, tree, staffing) {
                    return Err(CycleError::NotConcerned);
                }
                action.check()?;
                let mut effects = vec![Effect::Close { unit_id: unit_id.clone() }];
                if units.len() == 1 {
                    let parts = self.kind.parts(self.period);
                    if !parts.is_empty() {
                        effects.push(Effect::Redraft { parts });
                    }
                    effects.push(Effect::Draft);
                }
                Ok(effects)
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
                if !acts_as(actor, role, staffing) && actor.role != APPROVER {
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
                Ok(vec![Effect::ApproveDraft, Effect::Lock])
            }
            (Action::Return { .. }, Phase::Approval) => {
                require_role(actor, APPROVER)?;
                action.check()?;
                Ok(vec![])
            }
            (Action::Reopen { reason }, Phase::Approved) => {
                require_role(actor, APPROVER)?;
                action.check()?;
                Ok(vec![Effect::Unlock { reason: reason.trim().to_owned() }])
            }
            _ => Err(CycleError::OutOfTurn),
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
            Action::Socialise { officials, informed, meeting, .. } => {
                if officials.iter().all(|o| o.trim().is_empty()) && informed.is_empty() {
                    Err(CycleError::NoOfficials)
                } else {
                    meeting.check()
                }
            }
            Action::Return { comments } => require_text(comments),
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
