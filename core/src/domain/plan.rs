//! The planning records: the Renstra's period, goals (tujuan) and
//! objectives (sasaran), indicators (IKU) with all their attributes and a
//! target for each Renstra year, and each year's Perjanjian Kinerja target
//! with the Rencana Aksi's quarter targets and actions — together with the
//! checks a record must pass before it is stored.

use crate::domain::indicator_rule::{Aggregation, IndicatorRule, TargetMode};
use crate::domain::number;
use crate::domain::period::YEARS;
use crate::domain::target::Targets;
use crate::domain::validate::{Checker, FieldError, NAME_MAX, Problem, TEXT_MAX};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A Renstra goal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tujuan {
    pub id: String,
    pub code: String,
    pub statement: String,
}

/// A strategic objective under a goal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sasaran {
    pub id: String,
    pub tujuan_id: String,
    pub code: String,
    pub statement: String,
}

impl Tujuan {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut check = Checker::new();
        check.code("code", &self.code);
        check.required("statement", &self.statement, TEXT_MAX);
        check.finish()
    }
}

impl Sasaran {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut check = Checker::new();
        check.code("code", &self.code);
        check.required("tujuan_id", &self.tujuan_id, NAME_MAX);
        check.required("statement", &self.statement, TEXT_MAX);
        check.finish()
    }
}

/// The years the agency's Renstra covers: five as a rule; a plan bridging
/// two regional plans (Renstra Perubahan, RPD) may cover fewer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenstraPeriod {
    pub first_year: i32,
    pub last_year: i32,
}

impl RenstraPeriod {
    /// The most years one Renstra covers.
    pub const MAX_YEARS: i32 = 5;

    pub fn years(self) -> std::ops::RangeInclusive<i32> {
        self.first_year..=self.last_year
    }

    pub fn check(self) -> Result<(), Vec<FieldError>> {
        let mut check = Checker::new();
        if !YEARS.contains(&self.first_year) {
            check.fail("first_year", Problem::OutOfRange);
        }
        let span = self.last_year - self.first_year + 1;
        if !YEARS.contains(&self.last_year) || !(1..=Self::MAX_YEARS).contains(&span) {
            check.fail("last_year", Problem::OutOfRange);
        }
        check.finish()
    }
}

/// The Renstra's period, goals and objectives, as listed together.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Renstra {
    /// None until the agency sets it.
    #[serde(default)]
    pub period: Option<RenstraPeriod>,
    pub tujuan: Vec<Tujuan>,
    pub sasaran: Vec<Sasaran>,
}

/// An indicator's target for one year of the Renstra.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RenstraTarget {
    pub year: i32,
    #[serde(deserialize_with = "number::amount")]
    pub target: Decimal,
}

/// A performance indicator (IKU) and everything the agency records about it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Indicator {
    pub id: String,
    pub code: String,
    pub name: String,
    pub sasaran_id: Option<String>,
    /// Satuan: %, indeks, dokumen, ton, …
    pub unit_of_measure: String,
    pub rule: IndicatorRule,
    /// Definisi operasional.
    pub definition: String,
    pub formula: String,
    pub data_source: String,
    /// The unit answerable for it (bidang, seksi or subbagian).
    pub responsible_unit_id: String,
    /// Further units that report values for it (other OPD, institutions).
    pub contributor_unit_ids: Vec<String>,
    /// The programme (or kegiatan) whose budget serves it: the LKjIP weighs
    /// its capaian, and its sasaran's, against that budget's serapan.
    #[serde(default)]
    pub program_id: Option<String>,
    #[serde(default, deserialize_with = "number::optional")]
    pub baseline: Option<Decimal>,
    pub baseline_year: Option<i32>,
    /// The Renstra's end target.
    #[serde(default, deserialize_with = "number::optional")]
    pub end_target: Option<Decimal>,
    /// The Renstra's target for each of its years, in year order. Years of
    /// an earlier Renstra are kept: a period's change loses nothing.
    #[serde(default)]
    pub renstra_targets: Vec<RenstraTarget>,
    pub active: bool,
}

impl Indicator {
    /// The units that report values for it: the responsible unit first.
    pub fn reporting_units(&self) -> Vec<&str> {
        std::iter::once(self.responsible_unit_id.as_str())
            .chain(self.contributor_unit_ids.iter().map(String::as_str))
            .collect()
    }

    /// The Renstra's target for `year`, if one is set.
    pub fn renstra_target(&self, year: i32) -> Option<Decimal> {
        self.renstra_targets.iter().find(|t| t.year == year).map(|t| t.target)
    }

    /// Checks the record on its own (references are the store's to check).
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut check = Checker::new();
        check.code("code", &self.code);
        check.required("name", &self.name, NAME_MAX);
        check.required("unit_of_measure", &self.unit_of_measure, 40);
        check.optional("definition", &self.definition, TEXT_MAX);
        check.optional("formula", &self.formula, TEXT_MAX);
        check.optional("data_source", &self.data_source, NAME_MAX);
        check.required("responsible_unit_id", &self.responsible_unit_id, NAME_MAX);
        if self.rule.decimals > 6 {
            check.fail("decimals", Problem::OutOfRange);
        }
        check.amount("baseline", self.baseline);
        check.amount("end_target", self.end_target);
        if self.baseline_year.is_some_and(|year| !YEARS.contains(&year)) {
            check.fail("baseline_year", Problem::OutOfRange);
        }
        if self.contributor_unit_ids.contains(&self.responsible_unit_id) {
            check.fail("contributor_unit_ids", Problem::Duplicate);
        }
        let years: Vec<i32> = self.renstra_targets.iter().map(|t| t.year).collect();
        if years.iter().any(|year| !YEARS.contains(year)) {
            check.fail("renstra_targets", Problem::OutOfRange);
        } else if years.windows(2).any(|pair| pair[0] >= pair[1]) {
            check.fail("renstra_targets", Problem::Duplicate);
        }
        for target in &self.renstra_targets {
            check.amount("renstra_targets", Some(target.target));
        }
        check.finish()
    }
}

/// One indicator's plan for one year: the PK target and the Rencana Aksi.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearPlan {
    pub indicator_id: String,
    pub year: i32,
    pub targets: Targets,
    /// The planned actions per quarter.
    pub actions: [String; 4],
}

impl YearPlan {
    /// Checks the plan against the indicator's rule: values in range, and for
    /// cumulative targets a series that never falls (for sums) and ends at
    /// the annual target.
    pub fn validate(&self, rule: &IndicatorRule) -> Result<(), Vec<FieldError>> {
        let mut check = Checker::new();
        if !YEARS.contains(&self.year) {
            check.fail("year", Problem::OutOfRange);
        }
        let upper = self.targets.upper;
        let slots = std::iter::once(("annual_target".to_owned(), self.targets.annual, upper.annual)).chain(
            (0..4).map(|i| (format!("tw{}_target", i + 1), self.targets.quarters[i], upper.quarters[i])),
        );
        // Fields found inconsistent, each reported once.
        let mut inconsistent = std::collections::BTreeSet::new();
        for (field, low, high) in slots {
            check.amount(&field, low);
            check.amount(&field, high);
            match (low, high) {
                (None, Some(_)) => check.fail(&field, Problem::Required),
                (Some(low), Some(high)) if high < low => {
                    inconsistent.insert(field);
                }
                _ => {}
            }
        }
        for (i, action) in self.actions.iter().enumerate() {
            check.optional(&format!("tw{}_actions", i + 1), action, TEXT_MAX);
        }
        // Cumulative targets: the lower ends, and the upper ends, each never
        // fall (for sums) and end at the annual target's end.
        let uppers =
            (rule.target_mode == TargetMode::Cumulative && !upper.is_empty()).then(|| self.targets.uppers());
        let lowers = (rule.target_mode == TargetMode::Cumulative).then_some(&self.targets);
        for targets in lowers.into_iter().chain(uppers.as_ref()) {
            let set: Vec<(usize, Decimal)> =
                targets.quarters.iter().enumerate().filter_map(|(i, t)| t.map(|t| (i, t))).collect();
            let fall = set.windows(2).find(|pair| pair[1].1 < pair[0].1);
            if let (Aggregation::Sum, Some(pair)) = (rule.aggregation, fall) {
                inconsistent.insert(format!("tw{}_target", pair[1].0 + 1));
            }
            if let (Some(q4), Some(annual)) = (targets.quarters[3], targets.annual)
                && q4 != annual
            {
                inconsistent.insert("tw4_target".to_owned());
            }
        }
        for field in inconsistent {
            check.fail(&field, Problem::InconsistentTargets);
        }
        check.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::indicator_rule::{Frequency, Polarity};
    use crate::domain::target::Upper;

    fn indicator() -> Indicator {
        Indicator {
            id: "i1".into(),
            code: "IKU-01".into(),
            name: "Indeks Kualitas Lingkungan Hidup".into(),
            sasaran_id: None,
            unit_of_measure: "indeks".into(),
            rule: IndicatorRule {
                polarity: Polarity::Positive,
                aggregation: Aggregation::Last,
                target_mode: TargetMode::PerPeriod,
                frequency: Frequency::Quarterly,
                negative_formula: None,
                decimals: 2,
            },
            definition: String::new(),
            formula: String::new(),
            data_source: "DLH".into(),
            responsible_unit_id: "bidang-pl".into(),
            contributor_unit_ids: vec!["opd-pupr".into()],
            program_id: None,
            baseline: Some(Decimal::from(60)),
            baseline_year: Some(2024),
            end_target: Some(Decimal::from(70)),
            renstra_targets: (2025..=2029)
                .map(|year| RenstraTarget { year, target: Decimal::from(year - 1965) })
                .collect(),
            active: true,
        }
    }

    fn plan(annual: i64, quarters: [Option<i64>; 4]) -> YearPlan {
        YearPlan {
            indicator_id: "i1".into(),
            year: 2026,
            targets: Targets {
                annual: Some(Decimal::from(annual)),
                quarters: quarters.map(|q| q.map(Decimal::from)),
                upper: Default::default(),
            },
            actions: Default::default(),
        }
    }

    fn problems(result: Result<(), Vec<FieldError>>) -> Vec<(String, Problem)> {
        result.err().unwrap_or_default().into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn goals_and_objectives_need_a_code_and_a_statement() {
        let tujuan = Tujuan {
            id: "t".into(),
            code: "T1".into(),
            statement: "Meningkatnya kualitas lingkungan hidup".into(),
        };
        assert_eq!(tujuan.validate(), Ok(()));
        let bad =
            Sasaran { id: "s".into(), tujuan_id: String::new(), code: "S 1".into(), statement: " ".into() };
        let fields: Vec<String> = bad.validate().unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["code", "tujuan_id", "statement"]);
    }

    #[test]
    fn a_complete_indicator_passes_and_lists_its_reporting_units() {
        let good = indicator();
        assert_eq!(good.validate(), Ok(()));
        assert_eq!(good.reporting_units(), vec!["bidang-pl", "opd-pupr"]);
    }

    #[test]
    fn renstra_targets_come_by_year_once_each_in_order() {
        let good = indicator();
        assert_eq!((good.renstra_target(2027), good.renstra_target(2030)), (Some(Decimal::from(62)), None));
        let target = |year| RenstraTarget { year, target: Decimal::ONE };
        let twice = Indicator { renstra_targets: vec![target(2026), target(2026)], ..indicator() };
        let unordered = Indicator { renstra_targets: vec![target(2027), target(2026)], ..indicator() };
        let far = Indicator { renstra_targets: vec![target(1990)], ..indicator() };
        assert_eq!(problems(twice.validate()), vec![("renstra_targets".into(), Problem::Duplicate)]);
        assert_eq!(problems(unordered.validate()), vec![("renstra_targets".into(), Problem::Duplicate)]);
        assert_eq!(problems(far.validate()), vec![("renstra_targets".into(), Problem::OutOfRange)]);
    }

    #[test]
    fn a_renstra_period_covers_one_to_five_years() {
        let period = |first_year, last_year| RenstraPeriod { first_year, last_year };
        assert_eq!(period(2025, 2029).check(), Ok(()));
        assert_eq!(period(2025, 2029).years().count(), 5);
        assert_eq!(period(2025, 2025).check(), Ok(()));
        assert_eq!(problems(period(2025, 2030).check()), vec![("last_year".into(), Problem::OutOfRange)]);
        assert_eq!(problems(period(2025, 2024).check()), vec![("last_year".into(), Problem::OutOfRange)]);
        assert_eq!(problems(period(1998, 2002).check()), vec![("first_year".into(), Problem::OutOfRange)]);
    }

    #[test]
    fn an_indicator_without_code_name_or_unit_is_refused() {
        let bad = Indicator {
            code: "IKU 01".into(),
            name: String::new(),
            unit_of_measure: String::new(),
            baseline_year: Some(1900),
            contributor_unit_ids: vec!["bidang-pl".into()],
            rule: IndicatorRule { decimals: 9, ..indicator().rule },
            ..indicator()
        };
        assert_eq!(
            problems(bad.validate()),
            vec![
                ("code".into(), Problem::Invalid),
                ("name".into(), Problem::Required),
                ("unit_of_measure".into(), Problem::Required),
                ("decimals".into(), Problem::OutOfRange),
                ("baseline_year".into(), Problem::OutOfRange),
                ("contributor_unit_ids".into(), Problem::Duplicate),
            ]
        );
    }

    #[test]
    fn cumulative_sum_targets_must_not_fall_and_must_end_at_the_annual_target() {
        let rule = IndicatorRule {
            target_mode: TargetMode::Cumulative,
            aggregation: Aggregation::Sum,
            ..indicator().rule
        };
        assert_eq!(plan(100, [Some(20), Some(50), Some(75), Some(100)]).validate(&rule), Ok(()));
        assert_eq!(plan(100, [Some(20), None, Some(75), None]).validate(&rule), Ok(()));
        assert_eq!(
            problems(plan(100, [Some(20), Some(50), Some(45), Some(90)]).validate(&rule)),
            vec![
                ("tw3_target".into(), Problem::InconsistentTargets),
                ("tw4_target".into(), Problem::InconsistentTargets)
            ]
        );
        let stock = IndicatorRule { aggregation: Aggregation::Last, ..rule };
        assert_eq!(
            plan(60, [Some(70), Some(65), Some(62), Some(60)]).validate(&stock),
            Ok(()),
            "a stock may be planned to fall"
        );
    }

    #[test]
    fn a_range_target_needs_its_lower_end_below_its_upper_end() {
        let rule = indicator().rule;
        let mut ranged = plan(7, [Some(7), Some(7), None, Some(7)]);
        ranged.targets.upper =
            Upper { annual: Some(Decimal::from(8)), quarters: [Some(Decimal::from(8)), None, None, None] };
        assert_eq!(ranged.validate(&rule), Ok(()));
        ranged.targets.upper.quarters[1] = Some(Decimal::from(6));
        ranged.targets.upper.quarters[2] = Some(Decimal::from(9));
        assert_eq!(
            problems(ranged.validate(&rule)),
            vec![
                ("tw3_target".into(), Problem::Required),
                ("tw2_target".into(), Problem::InconsistentTargets)
            ]
        );
        // Cumulative sums: the upper ends must not fall either, and end at the annual upper end.
        let cumulative =
            IndicatorRule { target_mode: TargetMode::Cumulative, aggregation: Aggregation::Sum, ..rule };
        let mut rising = plan(100, [Some(20), Some(50), Some(75), Some(100)]);
        rising.targets.upper = Upper {
            annual: Some(Decimal::from(120)),
            quarters: [
                Some(Decimal::from(30)),
                Some(Decimal::from(60)),
                Some(Decimal::from(55)),
                Some(Decimal::from(110)),
            ],
        };
        assert_eq!(
            problems(rising.validate(&cumulative)),
            vec![
                ("tw3_target".into(), Problem::InconsistentTargets),
                ("tw4_target".into(), Problem::InconsistentTargets)
            ]
        );
    }

    #[test]
    fn per_period_targets_are_free_but_must_be_in_range() {
        let rule = indicator().rule;
        assert_eq!(plan(100, [Some(40), Some(10), Some(30), Some(20)]).validate(&rule), Ok(()));
        let mut bad = plan(-5, [Some(-1), None, None, None]);
        bad.year = 1990;
        bad.actions[0] = "x".repeat(TEXT_MAX + 1);
        assert_eq!(
            problems(bad.validate(&rule)),
            vec![
                ("year".into(), Problem::OutOfRange),
                ("annual_target".into(), Problem::Negative),
                ("tw1_target".into(), Problem::Negative),
                ("tw1_actions".into(), Problem::TooLong),
            ]
        );
    }
}
