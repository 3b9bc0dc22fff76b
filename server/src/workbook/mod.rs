//! Reading an uploaded workbook, for every import (the planning workbook,
//! the realisation workbook): the archive measured before it is read
//! (`limits`), each sheet's rows by their header text, cells read by the
//! one rule for numbers, and every refused cell collected by sheet, row and
//! column, so a workbook is refused whole with all its problems listed.

pub mod limits;

use calamine::{Data, Range, Reader, Xlsx, open_workbook_from_rs};
use kinerja_core::api::RowProblem;
use kinerja_core::domain::budget::Program;
use kinerja_core::domain::format::{Style, read_target, read_typed};
use kinerja_core::domain::number;
use kinerja_core::domain::org::Unit;
use kinerja_core::domain::plan::Indicator;
use kinerja_core::domain::validate::{FieldError, Problem};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
use std::io::Cursor;

/// What the codes a workbook is written in name: indicators, units and
/// programmes, each by its code (compared without case).
pub struct Codes<'a> {
    pub indicators: &'a [Indicator],
    pub units: &'a [Unit],
    pub programs: &'a [Program],
}

impl Codes<'_> {
    pub fn unit_ids(&self) -> HashMap<String, &str> {
        self.units.iter().map(|u| (u.code.to_uppercase(), u.id.as_str())).collect()
    }

    pub fn indicator_ids(&self) -> HashMap<String, &str> {
        self.indicators.iter().map(|i| (i.code.to_uppercase(), i.id.as_str())).collect()
    }

    pub fn program_ids(&self) -> HashMap<String, &str> {
        self.programs.iter().map(|p| (p.code.to_uppercase(), p.id.as_str())).collect()
    }

    /// The code of the unit `id`, or the id itself if it names none.
    pub fn unit_code(&self, id: &str) -> String {
        self.units.iter().find(|u| u.id == id).map_or_else(|| id.to_owned(), |u| u.code.clone())
    }

    /// The code of the programme `id`, or the id itself if it names none.
    pub fn program_code(&self, id: &str) -> String {
        self.programs.iter().find(|p| p.id == id).map_or_else(|| id.to_owned(), |p| p.code.clone())
    }
}

/// Collects refused cells, each once.
#[derive(Default)]
pub struct Problems {
    pub list: Vec<RowProblem>,
}

impl Problems {
    pub fn add(&mut self, sheet: &str, row: u32, column: &str, problem: Problem) {
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

    /// The domain's field errors of a row, each in the column its field is read from.
    pub fn fields(
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

/// An opened workbook.
pub struct Book(Xlsx<Cursor<Vec<u8>>>);

impl Book {
    /// Opens `bytes`, or answers that they are no workbook.
    pub fn open(bytes: &[u8]) -> Result<Book, Vec<RowProblem>> {
        open_workbook_from_rs(Cursor::new(bytes.to_vec())).map(Book).map_err(|_| {
            vec![RowProblem {
                sheet: String::new(),
                row: 0,
                column: String::new(),
                problem: Problem::Invalid,
                message: "the file is not an .xlsx workbook".to_owned(),
            }]
        })
    }

    /// The sheet `name`, if the workbook has it (one made before it existed may not).
    pub fn optional_sheet(&mut self, name: &str) -> Option<Range<Data>> {
        self.0.worksheet_range(name).ok()
    }

    /// The sheet `name`; a missing one is a problem, and reads as empty.
    pub fn sheet(&mut self, name: &str, problems: &mut Problems) -> Range<Data> {
        self.0.worksheet_range(name).unwrap_or_else(|_| {
            problems.add(name, 0, "", Problem::Required);
            Range::empty()
        })
    }
}

/// One data row of a sheet: its spreadsheet row number and cells by header.
pub struct Row<'a> {
    pub number: u32,
    cells: HashMap<&'static str, &'a Data>,
}

impl Row<'_> {
    pub fn text(&self, column: &str) -> String {
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
    pub fn decimal(&self, column: &str) -> Result<Option<Decimal>, Problem> {
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

    /// A target cell: a number, or a range written as text (`7–8`, `80 s.d. 90`).
    pub fn target(&self, column: &str) -> Result<Option<(Decimal, Option<Decimal>)>, Problem> {
        match self.cells.get(column) {
            Some(Data::String(s)) if !s.trim().is_empty() => read_target(s, Style::Indonesian).map(Some),
            _ => Ok(self.decimal(column)?.map(|value| (value, None))),
        }
    }

    /// A whole number (a year, a revision); empty is `Required`.
    pub fn whole(&self, column: &str) -> Result<i64, Problem> {
        match self.decimal(column)? {
            None => Err(Problem::Required),
            Some(value) if value.fract().is_zero() => {
                i64::try_from(value.trunc().mantissa()).map_err(|_| Problem::OutOfRange)
            }
            Some(_) => Err(Problem::Invalid),
        }
    }
}

/// The data rows of `range` by header; a missing header of `columns` is
/// reported, and those of `extra` that are present are named.
pub fn rows<'a>(
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
