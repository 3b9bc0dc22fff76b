//! Reading a filled planning workbook into indicators and yearly plans. Every
//! cell is checked — by its own form here, and by the domain rules the API
//! applies too — and every refused cell is reported; a workbook with any
//! refused cell yields nothing to store.

use super::layout::*;
use calamine::{Data, Range, Reader, Xlsx, open_workbook_from_rs};
use kinerja_core::api::RowProblem;
use kinerja_core::domain::format::{Style, read_typed};
use kinerja_core::domain::indicator_rule::{Aggregation, Frequency, IndicatorRule, Polarity, TargetMode};
use kinerja_core::domain::number;
use kinerja_core::domain::org::Unit;
use kinerja_core::domain::plan::{Indicator, YearPlan};
use kinerja_core::domain::target::Targets;
use kinerja_core::domain::validate::{FieldError, Problem};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
use std::io::Cursor;

/// What a valid workbook holds.
#[derive(Debug, Default)]
pub struct Parsed {
    pub indicators: Vec<Indicator>,
    pub plans: Vec<YearPlan>,
}

/// Collects refused cells.
struct Problems {
    list: Vec<RowProblem>,
}

impl Problems {
    fn add(&mut self, sheet: &str, row: u32, column: &str, problem: Problem) {
        let duplicate = self.list.iter().any(|p| p.sheet == sheet && p.row == row && p.column == column);
        if !duplicate {
            self.list.push(RowProblem {
                sheet: sheet.to_owned(),
                row,
                column: column.to_owned(),
                problem,
                message: problem.message().to_owned(),
            });
        }
    }

    fn fields(
        &mut self,
        sheet: &str,
        row: u32,
        errors: Vec<FieldError>,
        column_of: fn(&str) -> &'static str,
    ) {
        for error in errors {
            self.add(sheet, row, column_of(&error.field), error.problem);
        }
    }
}

/// One data row of a sheet: its spreadsheet row number and cells by header.
struct Row<'a> {
    number: u32,
    cells: HashMap<&'static str, &'a Data>,
}

impl Row<'_> {
    fn text(&self, column: &str) -> String {
        match self.cells.get(column) {
            Some(Data::String(s)) => s.trim().to_owned(),
            Some(Data::Float(f)) => {
                Decimal::try_from(*f).map(|d| d.normalize().to_string()).unwrap_or_default()
            }
            Some(Data::Int(i)) => i.to_string(),
            Some(Data::Bool(b)) => b.to_string(),
            _ => String::new(),
        }
    }

    /// A number cell, read by the one rule for numbers (`domain::number`):
    /// a number cell as the shortest decimal that is its value, a text cell
    /// as Indonesian writes numbers; never rounded.
    fn decimal(&self, column: &str) -> Result<Option<Decimal>, Problem> {
        match self.cells.get(column) {
            None | Some(Data::Empty) => Ok(None),
            Some(Data::Float(f)) => {
                let value = Decimal::try_from(*f).map_err(|_| Problem::OutOfRange)?;
                number::read(&value.normalize().to_string()).map(Some)
            }
            Some(Data::Int(i)) => number::read(&i.to_string()).map(Some),
            Some(Data::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Data::String(s)) => read_typed(s, Style::Indonesian).map(Some),
            Some(_) => Err(Problem::Invalid),
        }
    }

    fn year(&self, column: &str) -> Result<i32, Problem> {
        match self.decimal(column)? {
            None => Err(Problem::Required),
            Some(value) if value.fract().is_zero() => {
                i32::try_from(value.trunc().mantissa()).map_err(|_| Problem::OutOfRange)
            }
            Some(_) => Err(Problem::Invalid),
        }
    }
}

/// The data rows of `range` by header; missing headers are reported.
fn rows<'a>(
    sheet: &str,
    range: &'a Range<Data>,
    (columns, extra): (&[&'static str], &[&'static str]),
    problems: &mut Problems,
) -> (Vec<Row<'a>>, HashSet<&'static str>) {
    let first_row = range.start().map_or(0, |(row, _)| row);
    let mut lines = range.rows();
    let headers: Vec<String> = lines
        .next()
        .map(|cells| cells.iter().map(|c| c.to_string().trim().to_owned()).collect())
        .unwrap_or_default();
    let mut positions = Vec::new();
    let at = |column: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(column));
    for column in columns {
        match at(column) {
            Some(index) => positions.push((*column, index)),
            None => problems.add(sheet, first_row + 1, column, Problem::Required),
        }
    }
    let mut present = HashSet::new();
    for column in extra {
        if let Some(index) = at(column) {
            positions.push((*column, index));
            present.insert(*column);
        }
    }
    let rows = lines
        .enumerate()
        .filter(|(_, cells)| {
            cells.iter().any(|c| !matches!(c, Data::Empty) && !c.to_string().trim().is_empty())
        })
        .map(|(i, cells)| Row {
            number: first_row + i as u32 + 2,
            cells: positions
                .iter()
                .filter_map(|(column, index)| cells.get(*index).map(|c| (*column, c)))
                .collect(),
        })
        .collect();
    (rows, present)
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

fn number(row: &Row, column: &str, problems: &mut Problems, sheet: &str) -> Option<Decimal> {
    row.decimal(column).unwrap_or_else(|problem| {
        problems.add(sheet, row.number, column, problem);
        None
    })
}

/// Reads the workbook. `existing` indicators keep their ids when their code
/// appears; `new_id` names the others.
pub fn parse(
    bytes: &[u8],
    units: &[Unit],
    existing: &[Indicator],
    mut new_id: impl FnMut() -> String,
) -> Result<Parsed, Vec<RowProblem>> {
    let mut problems = Problems { list: Vec::new() };
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| {
        vec![RowProblem {
            sheet: String::new(),
            row: 0,
            column: String::new(),
            problem: Problem::Invalid,
            message: "the file is not an .xlsx workbook".to_owned(),
        }]
    })?;
    let mut sheet = |name: &str, problems: &mut Problems| match book.worksheet_range(name) {
        Ok(range) => range,
        Err(_) => {
            problems.add(name, 0, "", Problem::Required);
            Range::empty()
        }
    };
    let iku_range = sheet(IKU_SHEET, &mut problems);
    let plan_range = sheet(PLAN_SHEET, &mut problems);

    let unit_ids: HashMap<String, &str> =
        units.iter().map(|u| (u.code.to_uppercase(), u.id.as_str())).collect();
    let mut by_code: HashMap<String, Indicator> =
        existing.iter().map(|i| (i.code.to_uppercase(), i.clone())).collect();
    let mut parsed = Parsed::default();
    let mut seen = HashSet::new();
    let (iku_rows, extra) = rows(IKU_SHEET, &iku_range, (&IKU_COLUMNS, &IKU_EXTRA_COLUMNS), &mut problems);
    let [contributors_column, decimals_column, negative_column] = IKU_EXTRA_COLUMNS;
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
        // indicator's negative formula, decimals, sasaran, contributors and
        // whether it is active; a new one's defaults.
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
            _ => Some(row.year(baseline_year).unwrap_or_else(|problem| {
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
            baseline: number(&row, baseline, p, IKU_SHEET),
            baseline_year,
            end_target: number(&row, end, p, IKU_SHEET),
            active: previous.is_none_or(|i| i.active),
        };
        p.fields(IKU_SHEET, row.number, indicator.validate().err().unwrap_or_default(), iku_column);
        by_code.insert(code_text.to_uppercase(), indicator.clone());
        parsed.indicators.push(indicator);
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
        let year_value = row.year(year).unwrap_or_else(|problem| {
            p.add(PLAN_SHEET, row.number, year, problem);
            0
        });
        if !seen_plans.insert((code_text.clone(), year_value)) {
            p.add(PLAN_SHEET, row.number, code, Problem::Duplicate);
        }
        let plan = YearPlan {
            indicator_id: indicator.map(|i| i.id.clone()).unwrap_or_default(),
            year: year_value,
            targets: Targets {
                annual: number(&row, annual, p, PLAN_SHEET),
                quarters: [q1, q2, q3, q4].map(|q| number(&row, q, p, PLAN_SHEET)),
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
            let sheet = usize::from(p.sheet != IKU_SHEET);
            let column = IKU_COLUMNS
                .iter()
                .chain(&IKU_EXTRA_COLUMNS)
                .chain(&PLAN_COLUMNS)
                .position(|c| *c == p.column)
                .unwrap_or(0);
            (sheet, p.row, column)
        };
        problems.list.sort_by_key(order);
        Err(problems.list)
    }
}
