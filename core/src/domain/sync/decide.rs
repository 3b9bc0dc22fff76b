//! The server's decision on one op, against its context (who acts, the
//! unit tree, references, locks, the evidence the actor may name) and the
//! record as it stands: authorization, references, locks, field checks,
//! then the three-way merge.

use super::Key;
use crate::domain::indicator_rule::IndicatorRule;
use crate::domain::lock::{Lock, covering};
use crate::domain::merge::{Fields, Merge, merge};
use crate::domain::org::{Actor, UnitTree};
use crate::domain::plan::Indicator;
use crate::domain::validate::{FieldError, Problem};
use std::collections::{HashMap, HashSet};
/// Why an op was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The actor may not change this record.
    Forbidden,
    /// The key names an indicator, programme or file the server does not hold.
    UnknownReference(Vec<FieldError>),
    /// The period is locked for this unit.
    PeriodLocked(Box<Lock>),
    /// A value is not valid.
    Invalid(Vec<FieldError>),
    /// An older op of the device arrived after a newer one.
    OutOfOrder,
    /// The op id was already used by another user: the op is not applied,
    /// and the other user's answer is not shown.
    OpIdTaken,
}

impl Refusal {
    /// The stable code of the refusal.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::Forbidden => "forbidden",
            Refusal::UnknownReference(_) => "unknown_reference",
            Refusal::PeriodLocked(_) => "period_locked",
            Refusal::Invalid(_) => "validation_failed",
            Refusal::OutOfOrder => "out_of_order",
            Refusal::OpIdTaken => "op_id_taken",
        }
    }

    /// An English sentence for API clients; the interface words it from the code.
    pub fn message(&self) -> String {
        match self {
            Refusal::Forbidden => "your role and unit may not change this record".to_owned(),
            Refusal::UnknownReference(_) => {
                "the record refers to something the server does not hold".to_owned()
            }
            Refusal::PeriodLocked(lock) => format!(
                "{} of unit {} is locked since {} by {} ({}); only the sekretaris can reopen it",
                lock.period, lock.unit_id, lock.locked_at, lock.locked_by, lock.reason
            ),
            Refusal::Invalid(_) => "some fields are not valid".to_owned(),
            Refusal::OutOfOrder => {
                "a newer change from this device was already applied; this older one was not".to_owned()
            }
            Refusal::OpIdTaken => {
                "this op id was already used by another user; send the change with a new op id".to_owned()
            }
        }
    }

    /// The refused fields, if the refusal is about fields.
    pub fn fields(&self) -> &[FieldError] {
        match self {
            Refusal::UnknownReference(fields) | Refusal::Invalid(fields) => fields,
            _ => &[],
        }
    }
}

/// One op's change: the record, the revision and values the device saw, and
/// the values it wants.
#[derive(Clone, Copy, Debug)]
pub struct Change<'a> {
    pub key: &'a Key,
    pub base_revision: i64,
    pub base: &'a Fields,
    pub new: &'a Fields,
}

/// The record as the server holds it now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Current {
    pub fields: Fields,
    pub revision: i64,
}

/// An op the server accepts: the merge and the record after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// The unit whose data this is (`None`: the agency's own budget).
    pub unit: Option<String>,
    pub merge: Merge,
    /// The whole record after the merge.
    pub state: Fields,
}

/// Everything a decision depends on besides the record itself.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    pub actor: &'a Actor,
    pub tree: &'a UnitTree,
    pub indicators: &'a HashMap<String, Indicator>,
    /// Each programme's unit (`None`: the agency as a whole).
    pub program_units: &'a HashMap<String, Option<String>>,
    pub locks: &'a [Lock],
    /// The evidence files the actor may name, by hash: held, and uploaded
    /// by the actor or attached to a record the actor sees.
    pub blobs: &'a HashSet<String>,
}

fn unknown(field: &str) -> Refusal {
    Refusal::UnknownReference(vec![FieldError {
        field: field.to_owned(),
        problem: Problem::UnknownReference,
    }])
}

impl Context<'_> {
    /// The unit whose data `key` is and the rule it is checked by, if the
    /// actor may change it.
    fn authorize(&self, key: &Key) -> Result<(Option<String>, IndicatorRule), Refusal> {
        match key {
            Key::Realisation { indicator_id, unit_id, .. } | Key::Evidence { indicator_id, unit_id, .. } => {
                let indicator = self.indicators.get(indicator_id).ok_or_else(|| unknown("indicator_id"))?;
                let reporters = indicator.reporting_units();
                if !self.actor.enters_for(self.tree, unit_id, &reporters) {
                    return Err(Refusal::Forbidden);
                }
                if !reporters.contains(&unit_id.as_str()) {
                    return Err(Refusal::Invalid(vec![FieldError {
                        field: "unit_id".into(),
                        problem: Problem::Invalid,
                    }]));
                }
                if let Key::Evidence { sha256, .. } = key
                    && !self.blobs.contains(sha256)
                {
                    return Err(unknown("sha256"));
                }
                Ok((Some(unit_id.clone()), indicator.rule))
            }
            Key::BudgetRealisation { program_id, .. } => {
                let unit = self.program_units.get(program_id).ok_or_else(|| unknown("program_id"))?;
                if !self.actor.enters_budget_for(self.tree, unit.as_deref()) {
                    return Err(Refusal::Forbidden);
                }
                Ok((unit.clone(), IndicatorRule::default()))
            }
        }
    }

    /// Decides one op against the record as the server holds it.
    pub fn decide(&self, change: Change<'_>, current: &Current) -> Result<Decision, Refusal> {
        change.key.check().map_err(Refusal::Invalid)?;
        let (unit, rule) = self.authorize(change.key)?;
        if let Some(lock) = covering(self.locks, self.tree, unit.as_deref(), change.key.period()) {
            return Err(Refusal::PeriodLocked(Box::new(lock.clone())));
        }
        if change.new.is_empty() {
            return Err(Refusal::Invalid(vec![FieldError {
                field: "new".into(),
                problem: Problem::Required,
            }]));
        }
        let mut seen = change.base.clone();
        for field in change.new.keys() {
            seen.entry(field.clone()).or_insert(None);
        }
        let base = change.key.canonical(&seen).map_err(Refusal::Invalid)?;
        let new = change.key.canonical(change.new).map_err(Refusal::Invalid)?;
        let merge = merge(&current.fields, current.revision, &base, change.base_revision, &new);
        let mut state = current.fields.clone();
        state.extend(merge.writes.clone());
        change.key.check_state(&state, &rule).map_err(Refusal::Invalid)?;
        Ok(Decision { unit, merge, state })
    }

    /// Whether the actor may resolve a conflict on `key`: the same right as
    /// changing it.
    pub fn may_change(&self, key: &Key) -> bool {
        self.authorize(key).is_ok()
    }
}
