//! Period locks: once a period's data for a unit is approved, devices may no
//! longer change it. A lock on a unit covers the units below it, and a lock
//! on a quarter, semester or year covers the months inside it. A refusal
//! always says which lock, since when, by whom and who can reopen it. A
//! review that answers Tidak opens the data of the units it names inside a
//! lock until they have revised (`Opening`).

use crate::domain::org::UnitTree;
use crate::domain::period::Period;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lock {
    pub unit_id: String,
    pub period: Period,
    /// When it was locked (RFC 3339, UTC).
    pub locked_at: String,
    /// Who locked it (full name).
    pub locked_by: String,
    /// Why: e.g. the approved report.
    pub reason: String,
    /// Units whose data is open for revision inside this lock.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub openings: Vec<Opening>,
}

/// A unit's data of a period, open for revision after a review's Tidak.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opening {
    pub unit_id: String,
    pub period: Period,
}

impl Lock {
    /// Whether this lock covers data of `unit` for `period`. Data without a
    /// unit (a programme of the whole agency) is covered by a lock on a
    /// top-level unit. The period is compared first: a push meets every
    /// lock of every past year, and comparing periods is cheap where
    /// walking the unit tree is not (`cargo bench --bench lock_history`).
    pub fn covers(&self, tree: &UnitTree, unit: Option<&str>, period: Period) -> bool {
        let unit_covered = || match unit {
            Some(unit) => tree.is_within(unit, &self.unit_id),
            None => tree.is_root(&self.unit_id),
        };
        let opened = |unit: &str| {
            self.openings
                .iter()
                .any(|open| open.period.contains(period) && tree.is_within(unit, &open.unit_id))
        };
        self.period.contains(period) && unit_covered() && !unit.is_some_and(opened)
    }
}

/// The first lock covering data of `unit` for `period`, if any.
pub fn covering<'a>(
    locks: &'a [Lock],
    tree: &UnitTree,
    unit: Option<&str>,
    period: Period,
) -> Option<&'a Lock> {
    locks.iter().find(|lock| lock.covers(tree, unit, period))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_support::p;

    fn lock(unit: &str, period: &str) -> Lock {
        Lock {
            unit_id: unit.into(),
            period: p(period),
            locked_at: "2026-07-10T08:00:00.000000Z".into(),
            locked_by: "Sekretaris".into(),
            reason: "laporan TW II disetujui".into(),
            openings: Vec::new(),
        }
    }

    fn tree() -> UnitTree {
        UnitTree::new([("dinas", None), ("bidang", Some("dinas")), ("seksi", Some("bidang")), ("opd", None)])
    }

    #[test]
    fn a_lock_covers_its_unit_below_and_its_months_inside() {
        let tree = tree();
        let tw2 = lock("bidang", "2026-TW2");
        assert!(tw2.covers(&tree, Some("bidang"), p("2026-05")));
        assert!(tw2.covers(&tree, Some("seksi"), p("2026-06")));
        assert!(tw2.covers(&tree, Some("seksi"), p("2026-TW2")));
        assert!(!tw2.covers(&tree, Some("seksi"), p("2026-07")), "another quarter");
        assert!(!tw2.covers(&tree, Some("dinas"), p("2026-05")), "a unit above");
        assert!(!tw2.covers(&tree, Some("opd"), p("2026-05")), "another unit");
        assert!(!tw2.covers(&tree, None, p("2026-05")), "the agency's own data");
        let agency = lock("dinas", "2026");
        assert!(agency.covers(&tree, None, p("2026-11")));
        assert!(agency.covers(&tree, Some("seksi"), p("2026-11")));
        assert!(!agency.covers(&tree, Some("opd"), p("2026-11")));
        assert!(!agency.covers(&tree, None, p("2027-01")));
    }

    #[test]
    fn an_opening_frees_its_unit_and_the_units_below_for_its_period_only() {
        let tree = tree();
        let mut tw1 = lock("dinas", "2026-TW1");
        tw1.openings.push(Opening { unit_id: "bidang".into(), period: p("2026-S1") });
        assert!(!tw1.covers(&tree, Some("seksi"), p("2026-02")));
        assert!(!tw1.covers(&tree, Some("bidang"), p("2026-TW1")));
        assert!(tw1.covers(&tree, Some("dinas"), p("2026-02")), "a unit above the opening");
        assert!(tw1.covers(&tree, None, p("2026-02")));
        let mut year = lock("dinas", "2026");
        year.openings.push(Opening { unit_id: "bidang".into(), period: p("2026-S1") });
        assert!(!year.covers(&tree, Some("seksi"), p("2026-05")));
        assert!(year.covers(&tree, Some("seksi"), p("2026-08")), "outside the opening's period");
    }

    #[test]
    fn the_first_covering_lock_is_reported() {
        let tree = tree();
        let locks = [lock("seksi", "2026-TW1"), lock("bidang", "2026-S1")];
        assert_eq!(covering(&locks, &tree, Some("seksi"), p("2026-02")), Some(&locks[0]));
        assert_eq!(covering(&locks, &tree, Some("bidang"), p("2026-02")), Some(&locks[1]));
        assert_eq!(covering(&locks, &tree, Some("seksi"), p("2026-08")), None);
    }
}
