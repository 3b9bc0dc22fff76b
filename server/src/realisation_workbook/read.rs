//! Reading a filled realisation workbook into changes of synced records:
//! codes become ids, the period is read, the values put in canonical form
//! (`sync::Key::canonical`), and the hidden columns give each row's base. A
//! row left as it was made changes nothing and is not sent; a record named
//! twice is refused. The rows that could be read come back with the cells
//! that could not, so the server can decide the first (`db::imports`) and
//! list every refusal of the workbook at once.

use super::layout::*;
use crate::db::imports::ImportOp;
use crate::workbook::{Book, Codes, Problems, Row, rows};
use kinerja_core::api::RowProblem;
use kinerja_core::domain::merge::Fields;
use kinerja_core::domain::period::Period;
use kinerja_core::domain::sync::Key;
use kinerja_core::domain::validate::Problem;
use std::collections::{HashMap, HashSet};

/// A change read from the workbook, and where it came from.
pub struct ImportedRow {
    pub sheet: &'static str,
    pub row: u32,
    pub op: ImportOp,
}

/// The id a code names (compared without case); a missing or unknown code is a problem.
fn id_of(
    row: &Row,
    sheet: &str,
    column: &'static str,
    ids: &HashMap<String, &str>,
    problems: &mut Problems,
) -> Option<String> {
    let code = row.text(column);
    let found = ids.get(&code.to_uppercase()).map(|id| (*id).to_owned());
    if found.is_none() {
        let problem = if code.is_empty() { Problem::Required } else { Problem::UnknownReference };
        problems.add(sheet, row.number, column, problem);
    }
    found
}

fn period(row: &Row, sheet: &str, column: &'static str, problems: &mut Problems) -> Option<Period> {
    let text = row.text(column);
    let read = text.parse::<Period>().ok();
    if read.is_none() {
        problems.add(
            sheet,
            row.number,
            column,
            if text.is_empty() { Problem::Required } else { Problem::Invalid },
        );
    }
    read
}

/// The row's values of `fields` read from `columns`: amounts by the one
/// rule for numbers when `amounts` says so, texts as typed.
fn values(row: &Row, sheet: &str, pairs: &[(&str, &'static str, bool)], problems: &mut Problems) -> Fields {
    pairs
        .iter()
        .map(|(field, column, is_amount)| {
            let value = if *is_amount {
                row.decimal(column).map(|v| v.map(|v| v.normalize().to_string())).unwrap_or_else(|problem| {
                    problems.add(sheet, row.number, column, problem);
                    None
                })
            } else {
                Some(row.text(column))
            };
            ((*field).to_owned(), value)
        })
        .collect()
}

/// A row's change once its values and base are in canonical form; `None`
/// when it changes nothing.
fn change(
    row: &Row,
    sheet: &'static str,
    key: Key,
    new: Fields,
    base: Option<(i64, Fields)>,
    seen: &mut HashSet<Key>,
    problems: &mut Problems,
) -> Option<ImportedRow> {
    let canonical = |fields: &Fields, problems: &mut Problems| {
        key.canonical(fields).map_err(|errors| problems.fields(sheet, row.number, errors, column_of)).ok()
    };
    let new = canonical(&new, problems)?;
    let (base_revision, base) = match base {
        Some((revision, fields)) => (revision, canonical(&fields, problems)?),
        None => (0, key.empty()),
    };
    if new.iter().all(|(field, value)| base.get(field) == Some(value)) {
        return None;
    }
    if !seen.insert(key.clone()) {
        problems.add(sheet, row.number, column_of("period"), Problem::Duplicate);
        return None;
    }
    Some(ImportedRow { sheet, row: row.number, op: ImportOp { key, base_revision, base, new } })
}

/// The row's base: its revision and the values it was made from, read as
/// the exact text they were written in — when the workbook holds the
/// hidden columns and the row has a revision (a row added by hand has none).
fn base(
    row: &Row,
    sheet: &str,
    present: &HashSet<&str>,
    pairs: &[(&str, &'static str, bool)],
    problems: &mut Problems,
) -> Option<(i64, Fields)> {
    if !present.contains(REVISION) || row.text(REVISION).is_empty() {
        return None;
    }
    let revision =
        row.whole(REVISION).map_err(|problem| problems.add(sheet, row.number, REVISION, problem)).ok()?;
    let fields = pairs
        .iter()
        .map(|(field, column, is_amount)| {
            let text = row.text(column);
            ((*field).to_owned(), (!(*is_amount && text.is_empty())).then_some(text))
        })
        .collect();
    Some((revision, fields))
}

/// What a workbook asks for: the rows that could be read, and the cells that could not.
pub struct Parsed {
    pub rows: Vec<ImportedRow>,
    pub problems: Vec<RowProblem>,
}

/// Reads the workbook into the changes it asks for; a file that is no workbook is refused.
pub fn parse(bytes: &[u8], codes: &Codes<'_>) -> Result<Parsed, Vec<RowProblem>> {
    let mut problems = Problems::default();
    let mut book = Book::open(bytes)?;
    let realisation_range = book.sheet(REALISATION_SHEET, &mut problems);
    let spending_range = book.sheet(SPENDING_SHEET, &mut problems);
    let indicator_ids: HashMap<String, &str> =
        codes.indicators.iter().map(|i| (i.code.to_uppercase(), i.id.as_str())).collect();
    let unit_ids: HashMap<String, &str> =
        codes.units.iter().map(|u| (u.code.to_uppercase(), u.id.as_str())).collect();
    let program_ids: HashMap<String, &str> =
        codes.programs.iter().map(|p| (p.code.to_uppercase(), p.id.as_str())).collect();
    let mut seen = HashSet::new();
    let mut changes = Vec::new();

    let (lines, present) = rows(
        REALISATION_SHEET,
        &realisation_range,
        (&REALISATION_COLUMNS, &REALISATION_BASE_COLUMNS),
        &mut problems,
    );
    let [code, unit, when, value, analisis, kendala, tindak_lanjut] = REALISATION_COLUMNS;
    let [_, value_then, analisis_then, kendala_then, tindak_lanjut_then] = REALISATION_BASE_COLUMNS;
    for row in lines {
        let p = &mut problems;
        let indicator_id = id_of(&row, REALISATION_SHEET, code, &indicator_ids, p);
        let unit_id = id_of(&row, REALISATION_SHEET, unit, &unit_ids, p);
        let period = period(&row, REALISATION_SHEET, when, p);
        let new = values(
            &row,
            REALISATION_SHEET,
            &[
                ("value", value, true),
                ("analisis", analisis, false),
                ("kendala", kendala, false),
                ("tindak_lanjut", tindak_lanjut, false),
            ],
            p,
        );
        let was = base(
            &row,
            REALISATION_SHEET,
            &present,
            &[
                ("value", value_then, true),
                ("analisis", analisis_then, false),
                ("kendala", kendala_then, false),
                ("tindak_lanjut", tindak_lanjut_then, false),
            ],
            p,
        );
        if let (Some(indicator_id), Some(unit_id), Some(period)) = (indicator_id, unit_id, period) {
            let key = Key::Realisation { indicator_id, unit_id, period };
            changes.extend(change(&row, REALISATION_SHEET, key, new, was, &mut seen, p));
        }
    }

    let (lines, present) =
        rows(SPENDING_SHEET, &spending_range, (&SPENDING_COLUMNS, &SPENDING_BASE_COLUMNS), &mut problems);
    let [program, when, spent] = SPENDING_COLUMNS;
    for row in lines {
        let p = &mut problems;
        let program_id = id_of(&row, SPENDING_SHEET, program, &program_ids, p);
        let period = period(&row, SPENDING_SHEET, when, p);
        let new = values(&row, SPENDING_SHEET, &[("amount", spent, true)], p);
        let was = base(&row, SPENDING_SHEET, &present, &[("amount", SPENDING_BASE_COLUMNS[1], true)], p);
        if let (Some(program_id), Some(period)) = (program_id, period) {
            let key = Key::BudgetRealisation { program_id, period };
            changes.extend(change(&row, SPENDING_SHEET, key, new, was, &mut seen, p));
        }
    }
    Ok(Parsed { rows: changes, problems: problems.list })
}
