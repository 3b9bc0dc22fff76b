//! Reading a filled planning workbook into indicators and yearly plans. Every
//! cell is checked — by its own form here, and by the domain rules the API
//! applies too — and every refused cell is reported; a workbook with any
//! refused cell yields nothing to store.

use super::layout::*;
use crate::workbook::{Book, Codes, Problems, Row, rows};
use kinerja_core::api::RowProblem;
use kinerja_core::domain::indicator_rule::{Aggregation, Frequency, IndicatorRule, Polarity, TargetMode};
use kinerja_core::domain::period::YEARS;
use kinerja_core::domain::plan::{Indicator, RenstraTarget, YearPlan};
use kinerja_core::domain::target::{Targets, Upper};
use kinerja_core::domain::validate::Problem;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

/// What a valid workbook holds.
#[derive(Debug, Default)]
pub struct Parsed {
    pub indicators: Vec<Indicator>,
    pub plans: Vec<YearPlan>,
}

/// Reads a word cell that may be empty (none); an unknown word is reported.
fn optional_choice<T: Copy + serde::Serialize>(
    row: &Row,
    column: &'static str,
    vocabulary: &[(T, &'static str)],
    problems: &mut Problems,
) -> Option<T> {
    let text = row.text(column);
    if text.is_empty() {
        return None;
    }
    let value = value_of(vocabulary, &text);
    if value.is_none() {
        problems.add(IKU_SHEET, row.number, column, Problem::Invalid);
    }
    value
}

/// Reads unit codes separated by commas or semicolons as unit ids; an
/// unknown code is reported.
fn unit_list(
    row: &Row,
    column: &'static str,
    unit_ids: &HashMap<String, &str>,
    problems: &mut Problems,
) -> Vec<String> {
    let text = row.text(column);
    let mut ids = Vec::new();
    for code in text.split([',', ';']).map(str::trim).filter(|c| !c.is_empty()) {
        match unit_ids.get(&code.to_uppercase()) {
            Some(id) if !ids.iter().any(|known| known == id) => ids.push((*id).to_owned()),
            Some(_) => {}
            None => problems.add(IKU_SHEET, row.number, column, Problem::UnknownReference),
        }
    }
    ids
}

/// Reads a programme code as its id (empty: none); an unknown code is reported.
fn program(
    row: &Row,
    column: &'static str,
    ids: &HashMap<String, &str>,
    problems: &mut Problems,
) -> Option<String> {
    let code = row.text(column);
    if code.is_empty() {
        return None;
    }
    let id = ids.get(&code.to_uppercase()).map(|id| (*id).to_owned());
    if id.is_none() {
        problems.add(IKU_SHEET, row.number, column, Problem::UnknownReference);
    }
    id
}

/// Reads a word cell; an unknown or missing word is reported and `fallback` used.
fn choice<T: Copy + serde::Serialize>(
    row: &Row,
    column: &str,
    vocabulary: &[(T, &'static str)],
    fallback: T,
    problems: &mut Problems,
    sheet: &str,
) -> T {
    let text = row.text(column);
    value_of(vocabulary, &text).unwrap_or_else(|| {
        let problem = if text.is_empty() { Problem::Required } else { Problem::Invalid };
        problems.add(sheet, row.number, column, problem);
        fallback
    })
}

/// A year cell: a whole number.
fn year_of(row: &Row, column: &str) -> Result<i32, Problem> {
    row.whole(column).and_then(|year| i32::try_from(year).map_err(|_| Problem::OutOfRange))
}

/// A target cell of the plan sheet: a number or a range; a bad cell is reported.
fn target(row: &Row, column: &str, problems: &mut Problems) -> (Option<Decimal>, Option<Decimal>) {
    match row.target(column) {
        Ok(target) => (target.map(|(low, _)| low), target.and_then(|(_, high)| high)),
        Err(problem) => {
            problems.add(PLAN_SHEET, row.number, column, problem);
            (None, None)
        }
    }
}

fn number(row: &Row, column: &str, problems: &mut Problems, sheet: &str) -> Option<Decimal> {
    row.decimal(column).unwrap_or_else(|problem| {
        problems.add(sheet, row.number, column, problem);
        None
    })
}

/// Reads the Renstra sheet: each indicator of the IKU sheet gets exactly
/// the targets listed for it, in year order; a code not on the IKU sheet, a
/// year listed twice and a bad cell are reported.
fn read_renstra_targets(
    range: &calamine::Range<calamine::Data>,
    indicators: &mut [Indicator],
    problems: &mut Problems,
) {
    let [code, year, target] = RENSTRA_COLUMNS;
    let mut listed: HashMap<String, Vec<RenstraTarget>> =
        indicators.iter().map(|i| (i.code.to_uppercase(), Vec::new())).collect();
    for row in rows(RENSTRA_SHEET, range, (&RENSTRA_COLUMNS, &[]), problems).0 {
        let code_text = row.text(code).to_uppercase();
        let year_value = year_of(&row, year)
            .and_then(|y| if YEARS.contains(&y) { Ok(y) } else { Err(Problem::OutOfRange) })
            .map_err(|problem| problems.add(RENSTRA_SHEET, row.number, year, problem));
        let value = match row.decimal(target) {
            Ok(Some(value)) => Some(value),
            Ok(None) => None,
            Err(problem) => {
                problems.add(RENSTRA_SHEET, row.number, target, problem);
                None
            }
        };
        let Some(targets) = listed.get_mut(&code_text) else {
            let problem = if code_text.is_empty() { Problem::Required } else { Problem::UnknownReference };
            problems.add(RENSTRA_SHEET, row.number, code, problem);
            continue;
        };
        let (Ok(year_value), Some(value)) = (year_value, value) else { continue };
        if targets.iter().any(|t| t.year == year_value) {
            problems.add(RENSTRA_SHEET, row.number, year, Problem::Duplicate);
        }
        targets.push(RenstraTarget { year: year_value, target: value });
    }
    for indicator in indicators {
        let mut targets = listed.remove(&indicator.code.to_uppercase()).unwrap_or_default();
        targets.sort_by_key(|t| t.year);
        targets.dedup_by_key(|t| t.year);
        indicator.renstra_targets = targets;
    }
}

/// Reads the workbook. `existing` indicators keep their ids when their code
/// appears; `new_id` names the others.
pub fn parse(
    bytes: &[u8],
    codes: &Codes<'_>,
    mut new_id: impl FnMut() -> String,
) -> Result<Parsed, Vec<RowProblem>> {
    let mut problems = Problems::default();
    let mut book = Book::open(bytes)?;
    let iku_range = book.sheet(IKU_SHEET, &mut problems);
    let plan_range = book.sheet(PLAN_SHEET, &mut problems);
    let renstra_range = book.optional_sheet(RENSTRA_SHEET);

    let (unit_ids, program_ids) = (codes.unit_ids(), codes.program_ids());
    let mut by_code: HashMap<String, Indicator> =
        codes.indicators.iter().map(|i| (i.code.to_uppercase(), i.clone())).collect();
    let mut parsed = Parsed::default();
    let mut seen = HashSet::new();
    let (iku_rows, extra) = rows(IKU_SHEET, &iku_range, (&IKU_COLUMNS, &IKU_EXTRA_COLUMNS), &mut problems);
    let [contributors_column, decimals_column, negative_column, program_column] = IKU_EXTRA_COLUMNS;
    for row in iku_rows {
        let [
            code,
            name,
            measure,
            polarity,
            aggregation,
            mode,
            frequency,
            unit,
            definition,
            formula,
            source,
            baseline,
            baseline_year,
            end,
        ] = IKU_COLUMNS;
        let p = &mut problems;
        let code_text = row.text(code);
        if !code_text.is_empty() && !seen.insert(code_text.to_uppercase()) {
            p.add(IKU_SHEET, row.number, code, Problem::Duplicate);
        }
        // What the workbook does not hold is kept as it is: an existing
        // indicator's negative formula, decimals, sasaran, programme,
        // contributors and whether it is active; a new one's defaults.
        let previous = by_code.get(&code_text.to_uppercase());
        let kept = previous.map(|i| i.rule).unwrap_or_default();
        let rule = IndicatorRule {
            polarity: choice(&row, polarity, &POLARITIES, Polarity::Positive, p, IKU_SHEET),
            aggregation: choice(&row, aggregation, &AGGREGATIONS, Aggregation::Sum, p, IKU_SHEET),
            target_mode: choice(&row, mode, &TARGET_MODES, TargetMode::PerPeriod, p, IKU_SHEET),
            frequency: choice(&row, frequency, &FREQUENCIES, Frequency::Monthly, p, IKU_SHEET),
            negative_formula: if extra.contains(negative_column) {
                optional_choice(&row, negative_column, &NEGATIVE_FORMULAS, p)
            } else {
                kept.negative_formula
            },
            decimals: match row.decimal(decimals_column) {
                Ok(None) => kept.decimals,
                Ok(Some(value)) => {
                    u8::try_from(value).ok().filter(|_| value.fract().is_zero()).unwrap_or_else(|| {
                        p.add(IKU_SHEET, row.number, decimals_column, Problem::OutOfRange);
                        kept.decimals
                    })
                }
                Err(problem) => {
                    p.add(IKU_SHEET, row.number, decimals_column, problem);
                    kept.decimals
                }
            },
        };
        let unit_code = row.text(unit).to_uppercase();
        let responsible = match unit_ids.get(&unit_code) {
            Some(id) => (*id).to_owned(),
            None if unit_code.is_empty() => String::new(),
            None => {
                p.add(IKU_SHEET, row.number, unit, Problem::UnknownReference);
                unit_code.clone()
            }
        };
        let baseline_year = match row.decimal(baseline_year) {
            Ok(None) => None,
            _ => Some(year_of(&row, baseline_year).unwrap_or_else(|problem| {
                p.add(IKU_SHEET, row.number, baseline_year, problem);
                0
            })),
        };
        let indicator = Indicator {
            id: previous.map_or_else(&mut new_id, |i| i.id.clone()),
            code: code_text.clone(),
            name: row.text(name),
            sasaran_id: previous.and_then(|i| i.sasaran_id.clone()),
            unit_of_measure: row.text(measure),
            rule,
            definition: row.text(definition),
            formula: row.text(formula),
            data_source: row.text(source),
            responsible_unit_id: responsible,
            contributor_unit_ids: if extra.contains(contributors_column) {
                unit_list(&row, contributors_column, &unit_ids, p)
            } else {
                previous.map(|i| i.contributor_unit_ids.clone()).unwrap_or_default()
            },
            program_id: if extra.contains(program_column) {
                program(&row, program_column, &program_ids, p)
            } else {
                previous.and_then(|i| i.program_id.clone())
            },
            baseline: number(&row, baseline, p, IKU_SHEET),
            baseline_year,
            end_target: number(&row, end, p, IKU_SHEET),
            renstra_targets: previous.map(|i| i.renstra_targets.clone()).unwrap_or_default(),
            active: previous.is_none_or(|i| i.active),
        };
        p.fields(IKU_SHEET, row.number, indicator.validate().err().unwrap_or_default(), iku_column);
        by_code.insert(code_text.to_uppercase(), indicator.clone());
        parsed.indicators.push(indicator);
    }

    if let Some(range) = &renstra_range {
        read_renstra_targets(range, &mut parsed.indicators, &mut problems);
    }

    let mut seen_plans = HashSet::new();
    for row in rows(PLAN_SHEET, &plan_range, (&PLAN_COLUMNS, &[]), &mut problems).0 {
        let p = &mut problems;
        let [code, year, annual, q1, q2, q3, q4, a1, a2, a3, a4] = PLAN_COLUMNS;
        let code_text = row.text(code).to_uppercase();
        let indicator = by_code.get(&code_text);
        if indicator.is_none() {
            let problem = if code_text.is_empty() { Problem::Required } else { Problem::UnknownReference };
            p.add(PLAN_SHEET, row.number, code, problem);
        }
        let year_value = year_of(&row, year).unwrap_or_else(|problem| {
            p.add(PLAN_SHEET, row.number, year, problem);
            0
        });
        if !seen_plans.insert((code_text.clone(), year_value)) {
            p.add(PLAN_SHEET, row.number, code, Problem::Duplicate);
        }
        let plan = YearPlan {
            indicator_id: indicator.map(|i| i.id.clone()).unwrap_or_default(),
            year: year_value,
            targets: {
                let (annual, annual_upper) = target(&row, annual, p);
                let quarters = [q1, q2, q3, q4].map(|q| target(&row, q, p));
                Targets {
                    annual,
                    quarters: quarters.map(|(low, _)| low),
                    upper: Upper { annual: annual_upper, quarters: quarters.map(|(_, high)| high) },
                }
            },
            actions: [a1, a2, a3, a4].map(|a| row.text(a)),
        };
        if let Some(indicator) = indicator {
            let errors = plan.validate(&indicator.rule).err().unwrap_or_default();
            p.fields(PLAN_SHEET, row.number, errors, plan_column);
            parsed.plans.push(plan);
        }
    }

    if problems.list.is_empty() {
        Ok(parsed)
    } else {
        let order = |p: &RowProblem| {
            let sheet =
                [IKU_SHEET, PLAN_SHEET, RENSTRA_SHEET].iter().position(|s| *s == p.sheet).unwrap_or(0);
            let column = IKU_COLUMNS
                .iter()
                .chain(&IKU_EXTRA_COLUMNS)
                .chain(&PLAN_COLUMNS)
                .chain(&RENSTRA_COLUMNS)
                .position(|c| *c == p.column)
                .unwrap_or(0);
            (sheet, p.row, column)
        };
        problems.list.sort_by_key(order);
        Err(problems.list)
    }
}
