//! The reports the SOP delivers, compiled and never typed in: the quarterly
//! report (Laporan Kinerja Triwulan), the semester report recapping its two
//! quarters, and the annual report combining its two semesters — for one
//! reporting unit or for the whole agency. Every figure is derived from the
//! month / TW data by the aggregation rules (`measurement`), so a
//! correction of a month flows into every report above it. Each row also
//! carries the columns of the report's parts, the realisation of the
//! period before, the data-quality flags a reader must see and the
//! narratives the units wrote for the period; the report says how complete
//! each unit's data is, and closes with the budget table of its programmes.
//! The annual report (LKjIP) adds the realisations of earlier years and
//! its own parts (`lkjip`): the PK by sasaran, efficiency per unit and the
//! narrative chapters (`chapters`). A semester's quarter columns and a
//! year's semester columns are taken from the parts' approved versions,
//! which the document names (`sources`). Pure: the server feeds it.

use crate::domain::budget::{BudgetRow, Ceiling, Program, Spending, budget_table};
use crate::domain::formula::{Capaian, capaian};
use crate::domain::measurement::{Flag, Measurement};
use crate::domain::measurement_table::{
    Row, UnitCompleteness, Values, completeness_by_unit, measurement_table,
};
use crate::domain::org::Unit;
use crate::domain::period::{Level, Period};
use crate::domain::plan::{Indicator, Renstra};
use crate::domain::policy::{Policy, Predicate, label_in};
use crate::domain::target::Targets;
use lkjip::chapters::ChapterEdit;
use lkjip::{Lkjip, LkjipSources, lkjip};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sources::{ApprovedPart, PartSource, take_parts};
use std::collections::HashMap;

/// The programmes, the year's ceilings and its monthly spending.
#[derive(Clone, Debug, Default)]
pub struct Budget {
    pub programs: Vec<Program>,
    pub ceilings: Vec<Ceiling>,
    pub spending: Vec<Spending>,
}

/// What the compiler reads: the plan, the entered values of the report's
/// year and of the year before (for the period before TW I, semester 1 and
/// the year), the year's narratives by indicator id, and the budget; for
/// an annual report also the values of earlier years, the Renstra, the
/// units and the rewrites of its chapters; for a semester or a year the
/// approved versions of its parts (`sources`).
pub struct Inputs {
    pub indicators: Vec<Indicator>,
    pub targets: HashMap<String, Targets>,
    pub values: Values,
    pub previous_year: Values,
    /// Years before the year before, each with its values.
    pub earlier_years: Vec<(i32, Values)>,
    pub narratives: Vec<(String, Narrative)>,
    pub policy: Policy,
    pub budget: Budget,
    pub renstra: Renstra,
    pub units: Vec<Unit>,
    pub chapter_edits: Vec<ChapterEdit>,
    /// The approved versions in force of the report's parts (quarters of a
    /// semester, semesters of a year): their columns are taken from them.
    pub approved_parts: Vec<ApprovedPart>,
}

/// What a unit wrote about an indicator for one entry period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Narrative {
    pub unit_id: String,
    pub period: Period,
    pub analisis: String,
    pub kendala: String,
    pub tindak_lanjut: String,
}

impl Narrative {
    fn is_empty(&self) -> bool {
        [&self.analisis, &self.kendala, &self.tindak_lanjut].iter().all(|text| text.trim().is_empty())
    }
}

/// A data-quality flag of a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quality {
    /// No realisation for the period.
    Missing,
    /// Some entry periods inside have no value yet.
    Partial,
    /// The realisation moved further from the period before than the
    /// policy's `far_from_previous` percentage.
    FarFromPrevious,
}

/// One indicator of a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRow {
    pub indicator_id: String,
    pub indicator_code: String,
    pub indicator_name: String,
    pub sasaran_id: Option<String>,
    pub unit_of_measure: String,
    /// The indicator's decimal places, for showing its values.
    pub decimals: u8,
    /// The report's own period.
    pub measurement: Measurement,
    /// The columns of its parts: the two quarters of a semester, the two
    /// semesters of a year; none for a quarter.
    pub parts: Vec<Measurement>,
    /// The realisation of the period before.
    pub previous: Option<Decimal>,
    /// The annual report's realisations of earlier years, in the order of
    /// `Report::earlier_years`.
    #[serde(default)]
    pub earlier: Vec<Option<Decimal>>,
    /// Sorted.
    pub quality: Vec<Quality>,
    /// The narratives of the entry periods inside the report's period, by
    /// unit, then period.
    pub narratives: Vec<Narrative>,
    /// The annual report's (LKjIP) comparison with the Renstra; none for
    /// quarters and semesters.
    pub renstra: Option<RenstraComparison>,
}

/// The year's realisation against the Renstra: its target for the year and
/// its end target (LKjIP Bab III A).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenstraComparison {
    pub baseline: Option<Decimal>,
    pub baseline_year: Option<i32>,
    /// The Renstra's target for the report's year.
    #[serde(default)]
    pub year_target: Option<Decimal>,
    /// The realisation against the year's Renstra target; none in versions
    /// kept before the Renstra had yearly targets.
    #[serde(default)]
    pub year_capaian: Option<Capaian>,
    pub end_target: Option<Decimal>,
    /// The realisation against the end target, by the indicator's formula.
    pub capaian: Capaian,
}

/// A compiled report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub period: Period,
    /// The unit reported on; `None` for the agency.
    pub unit_id: Option<String>,
    /// The periods of the part columns, in order.
    pub parts: Vec<Period>,
    /// The period the `previous` column is from.
    pub previous_period: Period,
    /// The years before the year before that the annual report compares
    /// with (those with any data among the report's indicators), oldest first.
    #[serde(default)]
    pub earlier_years: Vec<i32>,
    pub rows: Vec<ReportRow>,
    /// Per reporting unit concerned: its indicators with complete data.
    pub completeness: Vec<UnitCompleteness>,
    /// The programmes carried out by the unit (all of them for the agency):
    /// ceiling, spending from January to the end of the period, serapan.
    pub budget: Vec<BudgetRow>,
    /// Where each part's column comes from: its approved version, or the
    /// data; none for a quarter.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<PartSource>,
    /// The annual report's own parts; none for quarters and semesters.
    #[serde(default)]
    pub lkjip: Option<Lkjip>,
    /// The predicates' names in the agency's scale when it was compiled,
    /// lowest first; none for the regulation's. A kept version keeps them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicate_labels: Option<[String; 5]>,
}

impl Report {
    /// The name of `predicate` in the scale the report was compiled with.
    pub fn predicate_label(&self, predicate: Predicate) -> &str {
        label_in(self.predicate_labels.as_ref(), predicate)
    }
}

/// Why a report cannot be compiled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportError {
    /// Reports are per quarter, semester or year, not per month.
    NotAReportPeriod,
    /// The period before is outside the years the app knows.
    NoPreviousPeriod,
}

/// The period before `period` at its own level (TW I → last year's TW IV).
pub fn previous_period(period: Period) -> Option<Period> {
    let (year, index) = (period.year_number(), period.index());
    let last = |count: u8| if index > 1 { Some((year, index - 1)) } else { Some((year - 1, count)) };
    let (year, index) = match period.level() {
        Level::Month => last(12)?,
        Level::Quarter => last(4)?,
        Level::Semester => last(2)?,
        Level::Year => (year - 1, 1),
    };
    match period.level() {
        Level::Month => Period::month(year, index),
        Level::Quarter => Period::quarter(year, index),
        Level::Semester => Period::semester(year, index),
        Level::Year => Period::year(year),
    }
    .ok()
}

/// Whether `value` moved further from `previous` than `percent` of it.
fn far_from(previous: Option<Decimal>, value: Option<Decimal>, percent: Decimal) -> bool {
    let (Some(previous), Some(value)) = (previous, value) else { return false };
    if previous.is_zero() {
        return false;
    }
    let change = (value - previous).abs() * Decimal::ONE_HUNDRED / previous.abs();
    change > percent
}

fn quality(measurement: &Measurement, previous: Option<Decimal>, policy: &Policy) -> Vec<Quality> {
    let mut quality = Vec::new();
    if measurement.flags.contains(&Flag::Missing) {
        quality.push(Quality::Missing);
    }
    if measurement.flags.contains(&Flag::Partial) {
        quality.push(Quality::Partial);
    }
    if far_from(previous, measurement.realisation.value, policy.far_from_previous) {
        quality.push(Quality::FarFromPrevious);
    }
    quality
}

/// Compiles the report of `period` for `unit`, or for the agency (`None`).
pub fn compile(inputs: &Inputs, period: Period, unit: Option<&str>) -> Result<Report, ReportError> {
    if period.level() == Level::Month {
        return Err(ReportError::NotAReportPeriod);
    }
    let previous_period = previous_period(period).ok_or(ReportError::NoPreviousPeriod)?;
    let table = |values: &Values, period: Period| {
        measurement_table(&inputs.indicators, &inputs.targets, values, &inputs.policy, period, unit)
    };
    let parts: Vec<Period> = match period.level() {
        Level::Semester => period.children(),
        Level::Year => period.descendants(Level::Semester),
        _ => Vec::new(),
    };
    let mut part_tables: Vec<std::vec::IntoIter<Row>> =
        parts.iter().map(|part| table(&inputs.values, *part).into_iter()).collect();
    let previous_values = if previous_period.year_number() == period.year_number() {
        &inputs.values
    } else {
        &inputs.previous_year
    };
    let mut previous_rows = table(previous_values, previous_period).into_iter();
    let earlier = if period.level() == Level::Year { earlier_columns(inputs, unit) } else { Vec::new() };
    let earlier_years = earlier.iter().map(|(year, _)| *year).collect();
    let mut written = narratives_by_indicator(&inputs.narratives, period, unit);
    let plan: HashMap<&str, &Indicator> = inputs.indicators.iter().map(|i| (i.id.as_str(), i)).collect();
    let rows = table(&inputs.values, period)
        .into_iter()
        .enumerate()
        .map(|(index, row)| {
            let previous = previous_rows.next().and_then(|p| p.measurement.realisation.value);
            let parts = part_tables.iter_mut().filter_map(|t| t.next()).map(|r| r.measurement).collect();
            ReportRow {
                quality: quality(&row.measurement, previous, &inputs.policy),
                sasaran_id: plan.get(row.indicator_id.as_str()).and_then(|i| i.sasaran_id.clone()),
                decimals: plan.get(row.indicator_id.as_str()).map_or(2, |i| i.rule.decimals),
                renstra: plan
                    .get(row.indicator_id.as_str())
                    .filter(|_| period.level() == Level::Year)
                    .map(|i| renstra_comparison(i, period.year_number(), &row.measurement, &inputs.policy)),
                narratives: written.remove(row.indicator_id.as_str()).unwrap_or_default(),
                indicator_id: row.indicator_id,
                indicator_code: row.indicator_code,
                indicator_name: row.indicator_name,
                unit_of_measure: row.unit_of_measure,
                measurement: row.measurement,
                parts,
                previous,
                earlier: earlier.iter().map(|(_, column)| column.get(index).copied().flatten()).collect(),
            }
        })
        .collect();
    let completeness =
        completeness_by_unit(&inputs.indicators, &inputs.targets, &inputs.values, &inputs.policy, period)
            .into_iter()
            .filter(|c| unit.is_none_or(|unit| c.unit_id == unit))
            .collect();
    let programs: Vec<Program> = inputs
        .budget
        .programs
        .iter()
        .filter(|p| unit.is_none_or(|unit| p.unit_id.as_deref() == Some(unit)))
        .cloned()
        .collect();
    let budget = budget_table(&programs, &inputs.budget.ceilings, &inputs.budget.spending, period);
    let mut report = Report {
        period,
        unit_id: unit.map(str::to_owned),
        parts,
        previous_period,
        earlier_years,
        rows,
        completeness,
        budget,
        sources: Vec::new(),
        lkjip: None,
        predicate_labels: inputs.policy.labels.clone(),
    };
    take_parts(&mut report, &inputs.approved_parts);
    if period.level() == Level::Year {
        let lkjip_sources = LkjipSources {
            indicators: &inputs.indicators,
            renstra: &inputs.renstra,
            units: &inputs.units,
            policy: &inputs.policy,
            edits: &inputs.chapter_edits,
        };
        report.lkjip = Some(lkjip(&report, &lkjip_sources));
    }
    Ok(report)
}

/// The realised values of the years before the year before, one column per
/// year that has any, oldest first, in the order of the report's rows.
fn earlier_columns(inputs: &Inputs, unit: Option<&str>) -> Vec<(i32, Vec<Option<Decimal>>)> {
    let mut earlier: Vec<(i32, Vec<Option<Decimal>>)> = inputs
        .earlier_years
        .iter()
        .filter_map(|(year, values)| {
            let year_period = Period::year(*year).ok()?;
            let column: Vec<Option<Decimal>> = measurement_table(
                &inputs.indicators,
                &inputs.targets,
                values,
                &inputs.policy,
                year_period,
                unit,
            )
            .into_iter()
            .map(|r| r.measurement.realisation.value)
            .collect();
            column.iter().any(Option::is_some).then_some((*year, column))
        })
        .collect();
    earlier.sort_by_key(|(year, _)| *year);
    earlier
}

/// The non-empty narratives written in `period` (by `unit`, if given), by
/// indicator id, each list ordered by unit and period.
fn narratives_by_indicator<'a>(
    narratives: &'a [(String, Narrative)],
    period: Period,
    unit: Option<&str>,
) -> HashMap<&'a str, Vec<Narrative>> {
    let mut written: HashMap<&str, Vec<Narrative>> = HashMap::new();
    let concerned = |n: &Narrative| period.contains(n.period) && unit.is_none_or(|u| n.unit_id == u);
    for (indicator_id, narrative) in narratives.iter().filter(|(_, n)| concerned(n) && !n.is_empty()) {
        written.entry(indicator_id.as_str()).or_default().push(narrative.clone());
    }
    for list in written.values_mut() {
        list.sort_by(|a, b| (&a.unit_id, a.period).cmp(&(&b.unit_id, b.period)));
    }
    written
}

/// The year's realisation against the Renstra's baseline, its target for
/// the year and its end target.
fn renstra_comparison(
    indicator: &Indicator,
    year: i32,
    measurement: &Measurement,
    policy: &Policy,
) -> RenstraComparison {
    let against = |target| capaian(target, measurement.realisation.value, &indicator.rule, policy);
    let year_target = indicator.renstra_target(year);
    RenstraComparison {
        baseline: indicator.baseline,
        baseline_year: indicator.baseline_year,
        year_target,
        year_capaian: Some(against(year_target)),
        end_target: indicator.end_target,
        capaian: against(indicator.end_target),
    }
}

pub mod grid;
pub mod lkjip;
pub mod progress;
pub mod sources;
pub mod version;

#[cfg(test)]
pub(crate) mod tests;
