//! Beranda's view: where the agency stands, for the person looking — the
//! cycles under way and whose turn it is, which units have not sent the
//! period's data, capaian by sasaran with its predicate, what is overdue,
//! and the person's own to-dos. It is put together from reads the device
//! keeps (the cycle board, the to-do list, the quarter's report, the
//! Renstra, the units, the policy), so it shows offline as it did online.
//! What each role sees follows from what the server lets it read; this
//! only arranges it.

use crate::api::cycle::{CycleBoard, CycleView, Inbox};
use crate::domain::cycle::Phase;
use crate::domain::org::{Role, Unit};
use crate::domain::period::Period;
use crate::domain::plan::Renstra;
use crate::domain::pohon_kinerja::{Standing, tree};
use crate::domain::policy::Policy;
use crate::domain::report::Report;
use std::collections::HashMap;

/// A cycle started and not yet approved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Running {
    pub period: Period,
    pub phase: Phase,
    /// The role whose move it is.
    pub turn: Option<Role>,
    /// The move is the viewer's role's.
    pub mine: bool,
    pub overdue: bool,
    pub due_ms: Option<i64>,
}

/// A unit's data for the period of the newest cycle under way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitProgress {
    pub unit_id: String,
    pub unit: String,
    /// Indicators with the period's data complete, of `expected`.
    pub complete: usize,
    pub expected: usize,
    /// Step 1's request to it is past its deadline.
    pub request_overdue: bool,
}

impl UnitProgress {
    pub fn is_complete(&self) -> bool {
        self.complete >= self.expected
    }
}

/// A sasaran's capaian: the mean of its indicators' in the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SasaranStanding {
    pub code: String,
    pub statement: String,
    pub standing: Standing,
    pub indicators: usize,
}

/// Something past its deadline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Overdue {
    /// A cycle's current step has run past its standard time.
    Step { period: Period, phase: Phase, turn: Option<Role> },
    /// A unit has not answered step 1's request for data by its deadline.
    Request { period: Period, unit: String, label: String },
    /// A disposition addressed to the viewer, not done by its deadline.
    Disposition { label: String, perihal: String },
}

/// Beranda's content.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dashboard {
    /// Newest period first.
    pub running: Vec<Running>,
    /// The period `completeness` is of: the newest cycle under way that counts it.
    pub completeness_period: Option<Period>,
    /// Least complete first, then by name.
    pub completeness: Vec<UnitProgress>,
    /// In Renstra order.
    pub sasaran: Vec<SasaranStanding>,
    pub overdue: Vec<Overdue>,
}

/// What the dashboard is made from; a read the device does not hold is `None`.
pub struct Sources<'a> {
    pub role: Role,
    pub board: Option<&'a CycleBoard>,
    pub inbox: Option<&'a Inbox>,
    pub units: &'a [Unit],
    pub report: Option<&'a Report>,
    pub renstra: Option<&'a Renstra>,
    pub policy: &'a Policy,
}

fn under_way(cycle: &CycleView) -> bool {
    !matches!(cycle.phase, Phase::New | Phase::Approved)
}

/// Arranges `sources` into Beranda's content.
pub fn dashboard(sources: &Sources) -> Dashboard {
    let name: HashMap<&str, &str> = sources.units.iter().map(|u| (u.id.as_str(), u.name.as_str())).collect();
    let unit_name = |id: &str| name.get(id).map_or_else(|| id.to_owned(), |n| (*n).to_owned());
    let mut cycles: Vec<&CycleView> =
        sources.board.map(|b| b.cycles.iter().filter(|c| under_way(c)).collect()).unwrap_or_default();
    cycles.sort_by_key(|c| std::cmp::Reverse(c.period));
    let running = cycles
        .iter()
        .map(|c| Running {
            period: c.period,
            phase: c.phase.clone(),
            turn: c.turn,
            mine: c.turn == Some(sources.role),
            overdue: c.overdue,
            due_ms: c.due_ms,
        })
        .collect();
    let counted = cycles.iter().find(|c| !c.completeness.is_empty());
    let mut completeness: Vec<UnitProgress> = counted
        .map(|c| {
            c.completeness
                .iter()
                .map(|u| UnitProgress {
                    unit_id: u.unit_id.clone(),
                    unit: unit_name(&u.unit_id),
                    complete: u.complete,
                    expected: u.expected,
                    request_overdue: c
                        .requests
                        .iter()
                        .any(|r| r.unit_id == u.unit_id && r.overdue && !r.received),
                })
                .collect()
        })
        .unwrap_or_default();
    completeness.sort_by(|a, b| {
        (a.is_complete(), a.complete * b.expected.max(1), &a.unit).cmp(&(
            b.is_complete(),
            b.complete * a.expected.max(1),
            &b.unit,
        ))
    });
    let sasaran = match (sources.report, sources.renstra) {
        (Some(report), Some(renstra)) => tree(report, renstra, &[], &[], sources.policy)
            .into_iter()
            .flat_map(|tujuan| tujuan.sasaran)
            .map(|s| SasaranStanding {
                code: s.code,
                statement: s.statement,
                standing: s.standing,
                indicators: s.indicators.len(),
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut overdue: Vec<Overdue> = cycles
        .iter()
        .filter(|c| c.overdue)
        .map(|c| Overdue::Step { period: c.period, phase: c.phase.clone(), turn: c.turn })
        .collect();
    for cycle in &cycles {
        overdue.extend(cycle.requests.iter().filter(|r| r.overdue && !r.received).map(|r| {
            Overdue::Request { period: cycle.period, unit: unit_name(&r.unit_id), label: r.label.clone() }
        }));
    }
    if let Some(inbox) = sources.inbox {
        overdue.extend(
            inbox
                .dispositions
                .iter()
                .filter(|d| d.overdue)
                .map(|d| Overdue::Disposition { label: d.label.clone(), perihal: d.perihal.clone() }),
        );
    }
    Dashboard { running, completeness_period: counted.map(|c| c.period), completeness, sasaran, overdue }
}

#[cfg(test)]
mod tests;
