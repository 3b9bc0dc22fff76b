//! Spreadsheets for the planning data: the template the app offers (and the
//! export of what is stored, in the same layout), and the import of a filled
//! one — all or nothing, with every refused cell reported by sheet, row and
//! column.

mod layout;
mod read;
mod write;

pub use layout::{IKU_COLUMNS, IKU_SHEET, PLAN_COLUMNS, PLAN_SHEET};
pub use read::{Parsed, parse};
pub use write::workbook;
