//! The realisation workbook's layout: its two sheets, their columns, and
//! the columns that carry the values a row was made from.

pub const REALISATION_SHEET: &str = "Realisasi";
pub const SPENDING_SHEET: &str = "Belanja";
pub const GUIDE_SHEET: &str = "Petunjuk";

/// A realisation row: the record's key, then its fields.
pub const REALISATION_COLUMNS: [&str; 7] =
    ["Kode IKU", "Kode unit", "Periode", "Nilai", "Analisis", "Kendala/Hambatan", "Upaya/Tindak Lanjut"];
/// What a row held when the workbook was made: the three-way merge's base.
/// A row typed without them is a new device's first edit (base: nothing).
pub const REALISATION_BASE_COLUMNS: [&str; 5] =
    ["Revisi", "Nilai awal", "Analisis awal", "Kendala awal", "Tindak lanjut awal"];
/// Shown to the reader, never read.
pub const INDICATOR_NAME: &str = "Nama indikator";

/// The hidden column of a row's revision when the workbook was made.
pub const REVISION: &str = "Revisi";

pub const SPENDING_COLUMNS: [&str; 3] = ["Kode program", "Periode", "Jumlah"];
pub const SPENDING_BASE_COLUMNS: [&str; 2] = ["Revisi", "Jumlah awal"];
pub const PROGRAM_NAME: &str = "Nama program";

/// A realisation's fields in the order of their value columns.
pub const REALISATION_FIELDS: [&str; 4] = ["value", "analisis", "kendala", "tindak_lanjut"];

/// The column a refused field of a row is shown in.
pub fn column_of(field: &str) -> &'static str {
    match field {
        "indicator_id" => REALISATION_COLUMNS[0],
        "unit_id" => REALISATION_COLUMNS[1],
        "period" => REALISATION_COLUMNS[2],
        "value" => REALISATION_COLUMNS[3],
        "analisis" => REALISATION_COLUMNS[4],
        "kendala" => REALISATION_COLUMNS[5],
        "tindak_lanjut" => REALISATION_COLUMNS[6],
        "program_id" => SPENDING_COLUMNS[0],
        "amount" => SPENDING_COLUMNS[2],
        _ => "",
    }
}
