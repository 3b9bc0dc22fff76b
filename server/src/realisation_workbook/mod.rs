//! The realisation workbook: a unit's realisations and spending of a year
//! in Excel — the template with the values stored now (`write`), and the
//! reading of a filled one into changes of synced records (`read`), which
//! the server then decides like a device's ops (`db::imports`). Agencies
//! hold last year's data and the OPD's submissions in Excel; this is how
//! they arrive without being typed cell by cell.

mod layout;
mod read;
mod write;

pub use read::{ImportedRow, Parsed, parse};
pub use write::{RealisationLine, SpendingLine, workbook};

use kinerja_core::api::RowProblem;
use kinerja_core::domain::sync::{Key, Refusal};
use kinerja_core::domain::validate::{FieldError, Problem};

/// The cells a refused row is shown at, each with why: the unit or
/// programme for a record outside the importer's scope, the period for a
/// locked one, each refused field in its column.
pub fn refused_cells(row: &ImportedRow, refusal: &Refusal) -> Vec<RowProblem> {
    let key_column = match row.op.key {
        Key::BudgetRealisation { .. } => "program_id",
        _ => "unit_id",
    };
    let fields = match refusal {
        Refusal::Forbidden => vec![FieldError { field: key_column.to_owned(), problem: Problem::Forbidden }],
        Refusal::PeriodLocked(_) => vec![FieldError { field: "period".to_owned(), problem: Problem::Locked }],
        Refusal::UnknownReference(fields) | Refusal::Invalid(fields) => fields.clone(),
        Refusal::OutOfOrder | Refusal::OpIdTaken => {
            vec![FieldError { field: String::new(), problem: Problem::Invalid }]
        }
    };
    fields
        .into_iter()
        .map(|error| RowProblem {
            sheet: row.sheet.to_owned(),
            row: row.row,
            column: layout::column_of(&error.field).to_owned(),
            problem: error.problem,
            message: error.problem.message().to_owned(),
        })
        .collect()
}
