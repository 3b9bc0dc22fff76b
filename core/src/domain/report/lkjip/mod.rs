//! What only the annual report (LKjIP, PermenPAN-RB 53/2014) holds beyond
//! the measurement table: Bab II's Perjanjian Kinerja by sasaran under its
//! tujuan, Bab III A's efficiency of resources — per unit (mean capaian of
//! its indicators against the serapan of its programmes), and where
//! indicators name the programme whose budget serves them, per sasaran and
//! per indicator against those programmes' serapan — and the narrative
//! chapters (`chapters`). Built from a compiled report, so every figure is
//! the report's own. Pure.

pub mod chapters;

use self::chapters::{Chapter, ChapterEdit, chapters};
use super::{Report, ReportRow};
use crate::domain::budget::BudgetRow;
use crate::domain::formula::{Capaian, Efficiency, efficiency, round2, serapan};
use crate::domain::org::Unit;
use crate::domain::plan::{Indicator, Renstra};
use crate::domain::policy::Policy;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The annual report's own parts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lkjip {
    /// The agency's name, heading the document.
    pub agency: String,
    /// Bab II: the PK's sasaran in Renstra order, each with its indicators.
    pub pk: Vec<PkSasaran>,
    /// Bab III A: per unit with indicators in the report.
    pub efficiency: Vec<ResourceEfficiency>,
    /// Per sasaran whose indicators name programmes in the report's budget:
    /// their mean capaian against those programmes' serapan.
    #[serde(default)]
    pub efficiency_by_sasaran: Vec<ResourceEfficiency>,
    /// Per indicator that names a programme in the report's budget: its
    /// capaian against that programme's serapan.
    #[serde(default)]
    pub efficiency_by_indicator: Vec<ResourceEfficiency>,
    /// The narrative chapters in document order.
    pub chapters: Vec<Chapter>,
}

/// A sasaran of the Perjanjian Kinerja and the report's indicators under it.
/// Indicators without a sasaran are gathered under one with no code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PkSasaran {
    pub tujuan: Option<String>,
    pub code: Option<String>,
    pub statement: String,
    pub indicators: Vec<PkIndicator>,
}

/// One line of the PK: an indicator and its annual target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PkIndicator {
    pub indicator_id: String,
    pub code: String,
    pub name: String,
    pub unit_of_measure: String,
    pub target: Option<Decimal>,
    /// The upper end where the target is a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_upper: Option<Decimal>,
    pub decimals: u8,
}

/// Results against spending: of a unit, a sasaran or an indicator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceEfficiency {
    /// The unit's, sasaran's or indicator's id (versions kept before
    /// sasaran and indicators were weighed name it `unit_id`).
    #[serde(alias = "unit_id")]
    pub id: String,
    /// Its name as the table shows it.
    #[serde(alias = "unit_name")]
    pub name: String,
    /// The unit's indicators in the report, and those with a capaian.
    pub indicators: u32,
    pub measured: u32,
    pub mean_capaian: Option<Decimal>,
    pub pagu: Option<Decimal>,
    pub spent: Option<Decimal>,
    pub serapan: Capaian,
    pub efficiency: Option<Efficiency>,
}

/// What the LKjIP is built from besides the compiled report.
pub struct LkjipSources<'a> {
    pub indicators: &'a [Indicator],
    pub renstra: &'a Renstra,
    pub units: &'a [Unit],
    pub policy: &'a Policy,
    pub edits: &'a [ChapterEdit],
}

/// The mean of the capaian that could be computed, to two decimals.
pub fn mean_capaian<'a>(rows: impl IntoIterator<Item = &'a ReportRow>) -> (u32, Option<Decimal>) {
    let percents: Vec<Decimal> = rows.into_iter().filter_map(|r| r.measurement.capaian.percent()).collect();
    let count = u32::try_from(percents.len()).unwrap_or(u32::MAX);
    let mean =
        (!percents.is_empty()).then(|| round2(percents.iter().sum::<Decimal>() / Decimal::from(count)));
    (count, mean)
}

fn pk(report: &Report, sources: &LkjipSources<'_>) -> Vec<PkSasaran> {
    let sasaran_of: HashMap<&str, Option<&str>> =
        sources.indicators.iter().map(|i| (i.id.as_str(), i.sasaran_id.as_deref())).collect();
    let lines = report.rows.iter().map(|row| {
        let line = PkIndicator {
            indicator_id: row.indicator_id.clone(),
            code: row.indicator_code.clone(),
            name: row.indicator_name.clone(),
            unit_of_measure: row.unit_of_measure.clone(),
            target: row.measurement.annual_target,
            target_upper: row.measurement.annual_target_upper,
            decimals: row.decimals,
        };
        (sasaran_of.get(row.indicator_id.as_str()).copied().flatten(), line)
    });
    by_sasaran(sources.renstra, lines.collect())
}

/// PK lines grouped under their sasaran in Renstra order, each sasaran
/// under its tujuan; lines without a known sasaran gathered last under
/// one with no code. Sasaran without lines are left out.
pub fn by_sasaran(renstra: &Renstra, lines: Vec<(Option<&str>, PkIndicator)>) -> Vec<PkSasaran> {
    let known: std::collections::HashSet<&str> = renstra.sasaran.iter().map(|s| s.id.as_str()).collect();
    let tujuan: HashMap<&str, &str> =
        renstra.tujuan.iter().map(|t| (t.id.as_str(), t.statement.as_str())).collect();
    let mut under: HashMap<Option<&str>, Vec<PkIndicator>> = HashMap::new();
    for (sasaran, line) in lines {
        under.entry(sasaran.filter(|s| known.contains(s))).or_default().push(line);
    }
    let mut groups: Vec<PkSasaran> = renstra
        .sasaran
        .iter()
        .filter_map(|s| {
            Some(PkSasaran {
                tujuan: tujuan.get(s.tujuan_id.as_str()).map(|t| (*t).to_owned()),
                code: Some(s.code.clone()),
                statement: s.statement.clone(),
                indicators: under.remove(&Some(s.id.as_str()))?,
            })
        })
        .collect();
    if let Some(loose) = under.remove(&None) {
        groups.push(PkSasaran {
            tujuan: None,
            code: None,
            statement: "Indikator tanpa sasaran".to_owned(),
            indicators: loose,
        });
    }
    groups
}

fn sum(values: impl Iterator<Item = Option<Decimal>>) -> Option<Decimal> {
    values.flatten().fold(None, |total, value| Some(total.unwrap_or_default() + value))
}

/// `rows` (with a capaian or not) weighed against the spending of `budget`.
fn weigh(
    id: &str,
    name: String,
    rows: &[&ReportRow],
    budget: &[&BudgetRow],
    policy: &Policy,
) -> ResourceEfficiency {
    let (measured, mean) = mean_capaian(rows.iter().copied());
    let pagu = sum(budget.iter().map(|b| b.pagu));
    let spent = sum(budget.iter().map(|b| b.spent_to_date));
    let serapan = serapan(pagu, spent);
    let mean_capaian = mean.map(|percent| Capaian::Value { percent, warning: None });
    ResourceEfficiency {
        id: id.to_owned(),
        name,
        indicators: u32::try_from(rows.len()).unwrap_or(u32::MAX),
        measured,
        mean_capaian: mean,
        pagu,
        spent,
        serapan,
        efficiency: mean_capaian.and_then(|c| efficiency(c, serapan, policy)),
    }
}

fn unit_efficiency(report: &Report, sources: &LkjipSources<'_>) -> Vec<ResourceEfficiency> {
    let responsible: HashMap<&str, &str> =
        sources.indicators.iter().map(|i| (i.id.as_str(), i.responsible_unit_id.as_str())).collect();
    let mut rows_of: HashMap<&str, Vec<&ReportRow>> = HashMap::new();
    for row in &report.rows {
        if let Some(unit) = responsible.get(row.indicator_id.as_str()) {
            rows_of.entry(unit).or_default().push(row);
        }
    }
    sources
        .units
        .iter()
        .filter_map(|unit| Some((unit, rows_of.get(unit.id.as_str())?)))
        .map(|(unit, rows)| {
            let budget: Vec<&BudgetRow> = report
                .budget
                .iter()
                .filter(|b| b.program.unit_id.as_deref() == Some(unit.id.as_str()))
                .collect();
            weigh(&unit.id, unit.name.clone(), rows, &budget, sources.policy)
        })
        .collect()
}

/// The report's budget lines of the programmes `rows`' indicators name, each once.
fn funding<'a>(
    report: &'a Report,
    rows: &[&ReportRow],
    program_of: &HashMap<&str, &str>,
) -> Vec<&'a BudgetRow> {
    let named: HashSet<&str> =
        rows.iter().filter_map(|r| program_of.get(r.indicator_id.as_str()).copied()).collect();
    report.budget.iter().filter(|b| named.contains(b.program.id.as_str())).collect()
}

/// Per sasaran and per indicator, where indicators name the programme that
/// funds them; those that name none are weighed per unit only.
fn linked_efficiency(
    report: &Report,
    sources: &LkjipSources<'_>,
) -> (Vec<ResourceEfficiency>, Vec<ResourceEfficiency>) {
    let program_of: HashMap<&str, &str> =
        sources.indicators.iter().filter_map(|i| Some((i.id.as_str(), i.program_id.as_deref()?))).collect();
    let by_sasaran = sources
        .renstra
        .sasaran
        .iter()
        .filter_map(|s| {
            let rows: Vec<&ReportRow> =
                report.rows.iter().filter(|r| r.sasaran_id.as_deref() == Some(s.id.as_str())).collect();
            let budget = funding(report, &rows, &program_of);
            (!budget.is_empty())
                .then(|| weigh(&s.id, format!("{} {}", s.code, s.statement), &rows, &budget, sources.policy))
        })
        .collect();
    let by_indicator = report
        .rows
        .iter()
        .filter_map(|row| {
            let budget = funding(report, &[row], &program_of);
            (!budget.is_empty()).then(|| {
                let name = format!("{} {}", row.indicator_code, row.indicator_name);
                weigh(&row.indicator_id, name, &[row], &budget, sources.policy)
            })
        })
        .collect();
    (by_sasaran, by_indicator)
}

/// The LKjIP parts of the annual `report`.
pub fn lkjip(report: &Report, sources: &LkjipSources<'_>) -> Lkjip {
    let agency = crate::domain::org::agency(sources.units).map_or_else(String::new, |u| u.name.clone());
    let pk = pk(report, sources);
    let efficiency = unit_efficiency(report, sources);
    let (efficiency_by_sasaran, efficiency_by_indicator) = linked_efficiency(report, sources);
    let unit = report.unit_id.as_deref().and_then(|id| sources.units.iter().find(|u| u.id == id));
    let subject = unit.map_or(agency.as_str(), |u| u.name.as_str());
    let chapters = chapters(report, subject, &efficiency, sources);
    Lkjip { agency, pk, efficiency, efficiency_by_sasaran, efficiency_by_indicator, chapters }
}

#[cfg(test)]
mod tests;
