//! What the entry page shows, worked out from the device's own copy so it is
//! the same online and offline: which units and indicators the user enters,
//! each row's target, capaian and predicate computed live by the shared
//! domain rules beside the quarter's Rencana Aksi, the monthly budget lines
//! with their serapan, and the lock
//! that closes a period. Pure: `values` gives the record as the user sees it.

use crate::api::Reference;
use crate::domain::aggregate::Series;
use crate::domain::budget::{BudgetRow, Spending, budget_table};
use crate::domain::lock::{Lock, covering};
use crate::domain::measurement::{Measurement, measure};
use crate::domain::merge::Fields;
use crate::domain::org::{Actor, Unit, UnitTree};
use crate::domain::period::{Level, Period};
use crate::domain::plan::{Indicator, YearPlan};
use crate::domain::policy::Predicate;
use crate::domain::sync::Key;
use crate::offline::replica::Seen;
use rust_decimal::Decimal;
use std::str::FromStr;

/// One indicator's line on the entry page.
#[derive(Clone, Debug, PartialEq)]
pub struct EntryRow {
    pub indicator: Indicator,
    pub key: Key,
    /// The record as the user sees it.
    pub values: Fields,
    /// The quarter the target and capaian are for: the period itself, or
    /// the quarter a month belongs to.
    pub quarter: Period,
    pub measurement: Measurement,
    /// The names of the quarter's predicate and of the predicate to date
    /// against the annual target, in the agency's scale.
    pub predicate_names: [Option<String>; 2],
    /// The Rencana Aksi of the quarter: what the unit plans to do for its
    /// target (empty when the plan holds none).
    pub action: String,
    pub lock: Option<Lock>,
}

/// One programme's line on the budget tab for a month.
#[derive(Clone, Debug, PartialEq)]
pub struct BudgetLine {
    pub key: Key,
    /// The month's amount as the user sees it.
    pub amount: Option<String>,
    /// Ceiling, spending from January to the month, serapan.
    pub row: BudgetRow,
    pub lock: Option<Lock>,
}

/// The reference data read for one user.
pub struct EntryView<'a> {
    pub reference: &'a Reference,
    pub actor: &'a Actor,
    tree: UnitTree,
}

impl<'a> EntryView<'a> {
    pub fn new(reference: &'a Reference, actor: &'a Actor) -> EntryView<'a> {
        let tree = UnitTree::new(reference.units.iter().map(|u| (u.id.as_str(), u.parent_id.as_deref())));
        EntryView { reference, actor, tree }
    }

    fn enters(&self, indicator: &Indicator, unit: &str) -> bool {
        let reporting = indicator.reporting_units();
        indicator.active && reporting.contains(&unit) && self.actor.enters_for(&self.tree, unit, &reporting)
    }

    /// The units the user enters at least one indicator for, in the order
    /// of the reference data.
    pub fn units(&self) -> Vec<&'a Unit> {
        let indicators = &self.reference.indicators;
        self.reference
            .units
            .iter()
            .filter(|unit| unit.active && indicators.iter().any(|i| self.enters(i, &unit.id)))
            .collect()
    }

    fn lock(&self, unit: Option<&str>, period: Period) -> Option<Lock> {
        covering(&self.reference.locks, &self.tree, unit, period).cloned()
    }

    /// The rows of `unit` for `period` (a month shows the monthly
    /// indicators, a quarter the quarterly ones), with capaian for the
    /// quarter from every value of the year the user sees.
    pub fn rows(&self, unit: &str, period: Period, seen: &(impl Seen + ?Sized)) -> Vec<EntryRow> {
        let Some(quarter) = period.ancestor(Level::Quarter) else { return Vec::new() };
        let year = Period::year(period.year_number()).expect("the period's own year");
        self.reference
            .indicators
            .iter()
            .filter(|i| i.rule.frequency.entry_level() == period.level() && self.enters(i, unit))
            .map(|indicator| {
                let key_of = |period| Key::Realisation {
                    indicator_id: indicator.id.clone(),
                    unit_id: unit.to_owned(),
                    period,
                };
                let series: Series = year
                    .descendants(period.level())
                    .into_iter()
                    .filter_map(|p| amount(seen, &key_of(p), "value").map(|v| (p, v)))
                    .collect();
                let plan = self.plan(&indicator.id);
                let targets = plan.map(|p| p.targets).unwrap_or_default();
                let action = plan
                    .and_then(|p| p.actions.get(usize::from(quarter.index()).saturating_sub(1)))
                    .map_or_else(String::new, |text| text.trim().to_owned());
                let key = key_of(period);
                let policy = &self.reference.policy;
                let measurement = measure(&indicator.rule, policy, quarter, &targets, &[&series]);
                let name = |predicate: Option<Predicate>| predicate.map(|p| policy.label(p).to_owned());
                EntryRow {
                    predicate_names: [
                        name(measurement.predicate),
                        name(measurement.to_date.and_then(|t| t.predicate_annual)),
                    ],
                    measurement,
                    values: seen.values(&key),
                    indicator: indicator.clone(),
                    key,
                    quarter,
                    action,
                    lock: self.lock(Some(unit), period),
                }
            })
            .collect()
    }

    /// The indicator's plan of the reference year: PK target, quarter targets, Rencana Aksi.
    fn plan(&self, indicator: &str) -> Option<&'a YearPlan> {
        let year = self.reference.year;
        self.reference.plans.iter().find(|p| p.indicator_id == indicator && p.year == year)
    }

    /// The budget lines of `month`: every programme the user enters spending
    /// for, with its ceiling and its spending to date as the user sees it.
    pub fn budget(&self, month: Period, seen: &(impl Seen + ?Sized)) -> Vec<BudgetLine> {
        let programs: Vec<_> = self
            .reference
            .programs
            .iter()
            .filter(|p| self.actor.enters_budget_for(&self.tree, p.unit_id.as_deref()))
            .cloned()
            .collect();
        let key_of =
            |program_id: &str, period| Key::BudgetRealisation { program_id: program_id.to_owned(), period };
        let months =
            Period::year(month.year_number()).map(|y| y.descendants(Level::Month)).unwrap_or_default();
        let spending: Vec<Spending> = programs
            .iter()
            .flat_map(|program| months.iter().map(move |m| (program, *m)))
            .filter_map(|(program, m)| {
                let amount = amount(seen, &key_of(&program.id, m), "amount")?;
                Some(Spending { program_id: program.id.clone(), period: m, amount })
            })
            .collect();
        budget_table(&programs, &self.reference.ceilings, &spending, month)
            .into_iter()
            .map(|row| {
                let key = key_of(&row.program.id, month);
                BudgetLine {
                    amount: seen.field(&key, "amount"),
                    lock: self.lock(row.program.unit_id.as_deref(), month),
                    key,
                    row,
                }
            })
            .collect()
    }
}

/// The record's field `name` as a number, when it holds one.
fn amount(seen: &(impl Seen + ?Sized), key: &Key, name: &str) -> Option<Decimal> {
    seen.field(key, name).and_then(|v| Decimal::from_str(&v).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::budget::{Ceiling, Program, ProgramLevel};
    use crate::domain::formula::Capaian;
    use crate::domain::indicator_rule::Frequency;
    use crate::domain::org::{Role, UnitKind};
    use crate::domain::plan::YearPlan;
    use crate::domain::policy::{Policy, Predicate};
    use crate::domain::target::Targets;
    use crate::domain::test_support::{d, indicator, p};
    use std::collections::HashMap;

    fn unit(id: &str, kind: UnitKind, parent: Option<&str>) -> Unit {
        Unit {
            id: id.into(),
            code: id.into(),
            name: id.into(),
            kind,
            parent_id: parent.map(Into::into),
            active: true,
        }
    }

    fn reference() -> Reference {
        let mut quarterly = indicator("iku-q", "seksi-a", &[], true);
        quarterly.rule.frequency = Frequency::Quarterly;
        let monthly = indicator("iku-m", "seksi-a", &["opd"], true);
        let other = indicator("iku-b", "seksi-b", &[], true);
        let program = |id: &str, unit: Option<&str>| Program {
            id: id.into(),
            code: id.into(),
            name: id.into(),
            level: ProgramLevel::Program,
            parent_id: None,
            unit_id: unit.map(Into::into),
        };
        Reference {
            year: 2026,
            units: vec![
                unit("dinas", UnitKind::Dinas, None),
                unit("bidang", UnitKind::Bidang, Some("dinas")),
                unit("seksi-a", UnitKind::Seksi, Some("bidang")),
                unit("seksi-b", UnitKind::Seksi, Some("bidang")),
                unit("opd", UnitKind::Opd, None),
            ],
            plans: vec![YearPlan {
                indicator_id: "iku-m".into(),
                year: 2026,
                targets: Targets::points(Some(d("120")), [Some(d("30")); 4]),
                actions: ["Sosialisasi".into(), " Pemantauan lapangan ".into(), String::new(), String::new()],
            }],
            indicators: vec![quarterly, monthly, other],
            programs: vec![program("prg-a", Some("seksi-a")), program("prg-b", Some("seksi-b"))],
            ceilings: vec![Ceiling { program_id: "prg-a".into(), year: 2026, pagu: d("1000") }],
            policy: Policy::default(),
            locks: vec![Lock {
                unit_id: "bidang".into(),
                period: p("2026-TW1"),
                locked_at: "2026-04-10T00:00:00Z".into(),
                locked_by: "Sekretaris".into(),
                reason: "disetujui".into(),
                openings: Vec::new(),
            }],
        }
    }

    fn actor(role: Role, unit: Option<&str>) -> Actor {
        Actor { user_id: "u".into(), role, unit_id: unit.map(Into::into) }
    }

    fn seen(entries: &[(Key, &str, &str)]) -> impl Fn(&Key) -> Fields + use<> {
        let map: HashMap<Key, Fields> = entries
            .iter()
            .map(|(key, field, value)| {
                let mut fields = key.empty();
                fields.insert((*field).into(), Some((*value).into()));
                (key.clone(), fields)
            })
            .collect();
        move |key: &Key| map.get(key).cloned().unwrap_or_else(|| key.empty())
    }

    fn value(indicator: &str, period: &str) -> Key {
        Key::Realisation { indicator_id: indicator.into(), unit_id: "seksi-a".into(), period: p(period) }
    }

    #[test]
    fn each_role_is_offered_the_units_it_enters_for() {
        let reference = reference();
        let names = |actor: Actor| -> Vec<String> {
            EntryView::new(&reference, &actor).units().iter().map(|u| u.id.clone()).collect()
        };
        assert_eq!(names(actor(Role::KepalaSeksi, Some("seksi-a"))), ["seksi-a"]);
        assert_eq!(names(actor(Role::KepalaBidang, Some("bidang"))), ["seksi-a", "seksi-b"]);
        assert_eq!(names(actor(Role::Kontributor, Some("opd"))), ["opd"]);
        assert_eq!(names(actor(Role::StafEvaluasi, None)), ["seksi-a", "seksi-b", "opd"]);
        assert!(names(actor(Role::Sekretaris, None)).is_empty(), "the sekretaris directs, never enters");
    }

    #[test]
    fn a_month_shows_monthly_indicators_with_the_quarters_capaian_so_far() {
        let reference = reference();
        let kasi = actor(Role::KepalaSeksi, Some("seksi-a"));
        let view = EntryView::new(&reference, &kasi);
        let values =
            seen(&[(value("iku-m", "2026-04"), "value", "9"), (value("iku-m", "2026-05"), "value", "12,5")]);
        let rows = view.rows("seksi-a", p("2026-05"), &values);
        assert_eq!(rows.len(), 1, "the quarterly indicator is entered by quarter");
        let row = &rows[0];
        assert_eq!(row.quarter, p("2026-TW2"));
        assert_eq!(row.measurement.target, Some(d("30")));
        assert_eq!(row.action, "Pemantauan lapangan", "the Rencana Aksi of TW II");
        assert_eq!(row.measurement.realisation.value, Some(d("9")), "an unreadable value counts as missing");
        assert!(row.measurement.realisation.partial);
        assert_eq!(row.lock, None);
        let values =
            seen(&[(value("iku-m", "2026-04"), "value", "9"), (value("iku-m", "2026-05"), "value", "12")]);
        let row = &view.rows("seksi-a", p("2026-05"), &values)[0];
        assert_eq!(row.measurement.capaian, Capaian::Value { percent: d("70"), warning: None });
        assert_eq!(row.measurement.predicate, Some(Predicate::Sedang));
        assert_eq!(row.predicate_names[0].as_deref(), Some("Sedang"));
        assert_eq!(row.values["value"].as_deref(), Some("12"));
        // In the agency's own scale, the same capaian has the agency's name.
        let mut own = reference.clone();
        own.policy.labels =
            Some(["Sangat Kurang", "Kurang", "Cukup", "Baik", "Sangat Baik"].map(str::to_owned));
        let view_own = EntryView::new(&own, &kasi);
        assert_eq!(
            view_own.rows("seksi-a", p("2026-05"), &values)[0].predicate_names[0].as_deref(),
            Some("Cukup")
        );
        let locked = &view.rows("seksi-a", p("2026-02"), &values)[0];
        assert_eq!(locked.lock.as_ref().map(|l| l.reason.as_str()), Some("disetujui"));
        assert_eq!(view.rows("seksi-a", p("2026-TW2"), &values)[0].indicator.id, "iku-q");
        assert!(view.rows("seksi-b", p("2026-05"), &values).is_empty(), "out of the kepala seksi's scope");
    }

    #[test]
    fn budget_lines_sum_the_months_to_date_against_the_ceiling() {
        let reference = reference();
        let kasi = actor(Role::KepalaSeksi, Some("seksi-a"));
        let key = |month: &str| Key::BudgetRealisation { program_id: "prg-a".into(), period: p(month) };
        let values = seen(&[
            (key("2026-01"), "amount", "100"),
            (key("2026-03"), "amount", "150"),
            (key("2026-04"), "amount", "1"),
        ]);
        let lines = EntryView::new(&reference, &kasi).budget(p("2026-03"), &values);
        assert_eq!(lines.len(), 1, "only the programmes of the user's units");
        let line = &lines[0];
        assert_eq!(line.amount.as_deref(), Some("150"));
        assert_eq!(line.row.spent_to_date, Some(d("250")));
        assert_eq!(line.row.serapan, Capaian::Value { percent: d("25"), warning: None });
        assert_eq!((line.row.reported, line.row.expected), (2, 3));
        assert!(line.lock.is_some(), "March lies inside the locked TW I of the bidang");
    }
}
