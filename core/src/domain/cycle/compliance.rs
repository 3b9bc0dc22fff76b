//! The SOP's standard times against what the cycles took: per step, and
//! whether the current step of a cycle is overdue.

use super::steps::{StepDef, step_def};
use super::{Cycle, Phase, StepRun};
use serde::{Deserialize, Serialize};

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
