//! The measurement table as CSV for other tools: the column headings, then
//! one line per indicator; numbers with a full stop and no grouping, as
//! spreadsheets and scripts read them; a byte-order mark so that Excel
//! opens the file as UTF-8. Text that a spreadsheet would run as a formula
//! is made inert (`documents::inert`).

use kinerja_core::domain::formula::round2;
use kinerja_core::domain::report::grid::{Cell, Grid};

fn field(cell: &Cell) -> String {
    match cell {
        Cell::Text { text } => super::inert(text).into_owned(),
        Cell::Number { value, places } => value.round_dp(*places).to_string(),
        Cell::Range { low, high, places } => format!("{}–{}", low.round_dp(*places), high.round_dp(*places)),
        Cell::Percent { value } => round2(*value).to_string(),
        Cell::Empty => String::new(),
    }
}

pub fn write(sheet: &Grid) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    writer.write_record(sheet.columns.iter().map(|c| c.title.as_str()))?;
    for row in &sheet.rows {
        writer.write_record(row.cells.iter().map(field))?;
    }
    writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
