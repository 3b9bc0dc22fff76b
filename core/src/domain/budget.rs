//! The budget side of the plan: programmes, kegiatan and sub-kegiatan (the
//! Renja's hierarchy), each year's ceiling (pagu), the monthly amounts spent,
//! and the budget table of a period — spent to date against the ceiling,
//! with serapan. Missing months are missing, never zero.

use crate::domain::formula::{Capaian, serapan};
use crate::domain::number;
use crate::domain::period::{Level, Period, YEARS};
use crate::domain::validate::{Checker, FieldError, NAME_MAX, Problem};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The levels of the budget hierarchy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgramLevel {
    Program,
    Kegiatan,
    SubKegiatan,
}

impl ProgramLevel {
    /// The level a parent must have (`None`: at the top).
    pub fn parent_level(self) -> Option<ProgramLevel> {
        match self {
            ProgramLevel::Program => None,
            ProgramLevel::Kegiatan => Some(ProgramLevel::Program),
            ProgramLevel::SubKegiatan => Some(ProgramLevel::Kegiatan),
        }
    }
}

/// A programme, kegiatan or sub-kegiatan.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Program {
    pub id: String,
    pub code: String,
    pub name: String,
    pub level: ProgramLevel,
    pub parent_id: Option<String>,
    /// The unit that carries it out.
    pub unit_id: Option<String>,
}

impl Program {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut check = Checker::new();
        check.code("code", &self.code);
        check.required("name", &self.name, NAME_MAX);
        if self.level.parent_level().is_some() != self.parent_id.is_some() {
            check.fail(
                "parent_id",
                if self.parent_id.is_none() { Problem::Required } else { Problem::Invalid },
            );
        }
        check.finish()
    }
}

/// The ceiling of one programme for one year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ceiling {
    pub program_id: String,
    pub year: i32,
    #[serde(deserialize_with = "number::amount")]
    pub pagu: Decimal,
}

impl Ceiling {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut check = Checker::new();
        if !YEARS.contains(&self.year) {
            check.fail("year", Problem::OutOfRange);
        }
        check.amount("pagu", Some(self.pagu));
        check.finish()
    }
}

/// A programme, kegiatan or sub-kegiatan with its ceiling for a year, as
/// an agreement lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramCeiling {
    pub code: String,
    pub name: String,
    pub level: ProgramLevel,
    pub pagu: Option<Decimal>,
}

/// The amount one programme spent in one month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spending {
    pub program_id: String,
    pub period: Period,
    #[serde(deserialize_with = "number::amount")]
    pub amount: Decimal,
}

impl Spending {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut check = Checker::new();
        if self.period.level() != Level::Month {
            check.fail("period", Problem::WrongPeriod);
        }
        check.amount("amount", Some(self.amount));
        check.finish()
    }
}

/// One line of the budget table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetRow {
    pub program: Program,
    pub pagu: Option<Decimal>,
    /// Spent from January to the end of the period.
    pub spent_to_date: Option<Decimal>,
    /// Months of the span with an amount, and months in the span.
    pub reported: u32,
    pub expected: u32,
    pub serapan: Capaian,
}

/// The budget table to the end of `period`: every programme with its own
/// ceiling and spending. A kegiatan's figures are its own, not its children's.
pub fn budget_table(
    programs: &[Program],
    ceilings: &[Ceiling],
    spending: &[Spending],
    period: Period,
) -> Vec<BudgetRow> {
    let year = period.year_number();
    let last_month = period.month_span().1;
    let pagu: HashMap<&str, Decimal> =
        ceilings.iter().filter(|c| c.year == year).map(|c| (c.program_id.as_str(), c.pagu)).collect();
    let mut spent: HashMap<&str, (Decimal, u32)> = HashMap::new();
    for s in spending {
        let in_span = s.period.year_number() == year && s.period.month_span().1 <= last_month;
        if in_span && s.period.level() == Level::Month {
            let entry = spent.entry(s.program_id.as_str()).or_insert((Decimal::ZERO, 0));
            entry.0 = entry.0.checked_add(s.amount).unwrap_or(Decimal::MAX);
            entry.1 += 1;
        }
    }
    programs
        .iter()
        .map(|program| {
            let pagu = pagu.get(program.id.as_str()).copied();
            let (spent_to_date, reported) = match spent.get(program.id.as_str()) {
                Some((total, months)) => (Some(*total), *months),
                None => (None, 0),
            };
            BudgetRow {
                program: program.clone(),
                pagu,
                spent_to_date,
                reported,
                expected: u32::from(last_month),
                serapan: serapan(pagu, spent_to_date),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::formula::Undefined;
    use crate::domain::test_support::{d, p};

    fn program(id: &str, level: ProgramLevel, parent: Option<&str>) -> Program {
        Program {
            id: id.into(),
            code: id.to_uppercase(),
            name: format!("Program {id}"),
            level,
            parent_id: parent.map(str::to_owned),
            unit_id: None,
        }
    }

    fn spend(program: &str, month: &str, amount: &str) -> Spending {
        Spending { program_id: program.into(), period: p(month), amount: d(amount) }
    }

    #[test]
    fn the_hierarchy_needs_parents_below_the_programme() {
        assert_eq!(program("a", ProgramLevel::Program, None).validate(), Ok(()));
        assert_eq!(program("b", ProgramLevel::Kegiatan, Some("a")).validate(), Ok(()));
        let orphan = program("c", ProgramLevel::SubKegiatan, None).validate().unwrap_err();
        assert_eq!(orphan[0].problem, Problem::Required);
        let adopted = program("d", ProgramLevel::Program, Some("a")).validate().unwrap_err();
        assert_eq!(adopted[0].problem, Problem::Invalid);
    }

    #[test]
    fn ceilings_and_spending_are_checked() {
        let ceiling = Ceiling { program_id: "a".into(), year: 2026, pagu: d("-1") };
        assert_eq!(ceiling.validate().unwrap_err()[0].problem, Problem::Negative);
        assert_eq!(spend("a", "2026-TW1", "5").validate().unwrap_err()[0].problem, Problem::WrongPeriod);
        assert_eq!(spend("a", "2026-03", "5").validate(), Ok(()));
    }

    #[test]
    fn serapan_to_date_is_spent_so_far_over_the_ceiling() {
        let programs =
            vec![program("a", ProgramLevel::Program, None), program("b", ProgramLevel::Program, None)];
        let ceilings = vec![
            Ceiling { program_id: "a".into(), year: 2026, pagu: d("1200") },
            Ceiling { program_id: "a".into(), year: 2025, pagu: d("99") },
        ];
        let spending = vec![
            spend("a", "2026-01", "100"),
            spend("a", "2026-02", "200"),
            spend("a", "2026-04", "300"),
            spend("a", "2025-12", "999"),
            spend("b", "2026-01", "5"),
        ];
        let q1 = budget_table(&programs, &ceilings, &spending, p("2026-TW1"));
        assert_eq!(q1[0].pagu, Some(d("1200")));
        assert_eq!(q1[0].spent_to_date, Some(d("300")));
        assert_eq!((q1[0].reported, q1[0].expected), (2, 3));
        assert_eq!(q1[0].serapan.percent(), Some(d("25")));
        assert_eq!(q1[1].serapan, Capaian::Undefined { reason: Undefined::NoBudget });
        let s1 = budget_table(&programs, &ceilings, &spending, p("2026-S1"));
        assert_eq!(s1[0].spent_to_date, Some(d("600")));
        assert_eq!(s1[0].serapan.percent(), Some(d("50")));
        let nothing = budget_table(&programs, &ceilings, &[], p("2026"));
        assert_eq!(nothing[0].spent_to_date, None, "no spending is missing, not zero");
        assert_eq!(nothing[0].serapan, Capaian::Undefined { reason: Undefined::MissingRealisation });
    }
}
