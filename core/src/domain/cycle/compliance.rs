//! The SOP's standard times against what the cycles took: per step, and
//! whether the current step of a cycle is overdue. Durations are office
//! minutes (`domain::office_time`), from the step becoming due to its
//! completion: step 1 becomes due when the period ends (the start is its
//! completion), every other step when the one before it ended.

use super::steps::{StepDef, step_def};
use super::{Cycle, Phase, StepRun};
use crate::domain::office_time::OfficeCalendar;
use serde::{Deserialize, Serialize};

/// One step's standard time against what the cycles took.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Compliance {
    pub step: u8,
    /// The standard as the step table keeps it.
    pub standard_minutes: u32,
    /// The standard in office minutes (`OfficeCalendar::standard_office_minutes`);
    /// a board kept by a device before it existed reads it as unknown (0).
    #[serde(default)]
    pub standard_office_minutes: f64,
    /// Ended runs of the step across cycles; their durations in office minutes.
    pub runs: usize,
    pub mean_minutes: Option<f64>,
    pub max_minutes: Option<f64>,
    /// Runs that took longer than the standard.
    pub over_standard: usize,
}

/// A run's office minutes once it has ended.
fn office_minutes(cycle: &Cycle, run: &StepRun, calendar: &OfficeCalendar) -> Option<f64> {
    let ended = run.ended_ms?;
    let due = if run.step == 1 { calendar.period_end_ms(cycle.period) } else { run.started_ms };
    Some(calendar.office_minutes(due, ended))
}

/// Per SOP step: how the ended runs of `cycles` compare with the standard time.
pub fn compliance<'a>(
    steps: &[StepDef],
    cycles: impl IntoIterator<Item = &'a Cycle>,
    calendar: &OfficeCalendar,
) -> Vec<Compliance> {
    let runs: Vec<(u8, f64)> = cycles
        .into_iter()
        .flat_map(|cycle| cycle.runs.iter().map(move |run| (cycle, run)))
        .filter_map(|(cycle, run)| Some((run.step, office_minutes(cycle, run, calendar)?)))
        .collect();
    steps
        .iter()
        .map(|def| {
            let minutes: Vec<f64> =
                runs.iter().filter(|(step, _)| *step == def.number).map(|(_, minutes)| *minutes).collect();
            let count = minutes.len();
            let standard = calendar.standard_office_minutes(def.standard_minutes);
            Compliance {
                step: def.number,
                standard_minutes: def.standard_minutes,
                standard_office_minutes: standard,
                runs: count,
                mean_minutes: (count > 0).then(|| minutes.iter().sum::<f64>() / count as f64),
                max_minutes: minutes.iter().copied().reduce(f64::max),
                over_standard: minutes.iter().filter(|m| **m > standard).count(),
            }
        })
        .collect()
}

/// When the current step is to be done: its standard time on, in office
/// time, from its falling due. None when no step is running (a revision,
/// the approval).
pub fn deadline(cycle: &Cycle, steps: &[StepDef], calendar: &OfficeCalendar) -> Option<i64> {
    let Phase::Step { step } = cycle.phase else { return None };
    let run = cycle.runs.iter().rev().find(|run| run.step == step && run.ended_ms.is_none())?;
    let standard = calendar.standard_office_minutes(step_def(steps, step)?.standard_minutes);
    Some(calendar.after_office_minutes(run.started_ms, standard))
}

/// Whether the current step is past its deadline at `now_ms`.
pub fn overdue(cycle: &Cycle, steps: &[StepDef], now_ms: i64, calendar: &OfficeCalendar) -> bool {
    deadline(cycle, steps, calendar).is_some_and(|due| now_ms > due)
}
