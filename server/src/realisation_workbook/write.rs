//! Writing the realisation workbook of a unit and a year: a row per
//! indicator the unit reports and entry period, a row per programme the
//! unit carries out and month, each with the values stored now and — in
//! hidden columns, as exact text — the revision and values the row was made
//! from, which the import takes as the base of its three-way merge.

use super::layout::*;
use kinerja_core::domain::merge::Fields;
use kinerja_core::domain::period::Period;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::str::FromStr;

/// A record as stored: its revision and fields (none: never entered).
pub type Stored = Option<(i64, Fields)>;

/// One realisation row: the indicator's code and name, the unit's code, the period.
pub struct RealisationLine {
    pub indicator_code: String,
    pub indicator_name: String,
    pub unit_code: String,
    pub period: Period,
    pub stored: Stored,
}

/// One spending row: the programme's code and name, the month.
pub struct SpendingLine {
    pub program_code: String,
    pub program_name: String,
    pub period: Period,
    pub stored: Stored,
}

fn header(sheet: &mut Worksheet, columns: &[&str], hidden_from: usize) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold().set_background_color("#E6F0EA").set_text_wrap();
    for (col, title) in columns.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, *title, &bold)?;
        sheet.set_column_width(
            col,
            if *title == INDICATOR_NAME || *title == PROGRAM_NAME { 40 } else { 16 },
        )?;
        if usize::from(col) >= hidden_from {
            sheet.set_column_hidden(col)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// A field of a stored record as text ("" for none).
fn field(stored: &Stored, name: &str) -> String {
    stored.as_ref().and_then(|(_, fields)| fields.get(name).cloned().flatten()).unwrap_or_default()
}

/// An amount as a number cell the reader can compute with.
fn amount(sheet: &mut Worksheet, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
    if let Some(value) = Decimal::from_str(text).ok().and_then(|v| v.to_f64()) {
        sheet.write_number(row, col, value)?;
    }
    Ok(())
}

/// The workbook of `realisations` and `spending`.
pub fn workbook(realisations: &[RealisationLine], spending: &[SpendingLine]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name(REALISATION_SHEET)?;
    let [code, unit, period, value, analisis, kendala, tindak_lanjut] = REALISATION_COLUMNS;
    let columns = [
        &[code, INDICATOR_NAME, unit, period, value, analisis, kendala, tindak_lanjut][..],
        &REALISATION_BASE_COLUMNS,
    ]
    .concat();
    header(sheet, &columns, 8)?;
    for (i, line) in realisations.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, &line.indicator_code)?;
        sheet.write_string(row, 1, &line.indicator_name)?;
        sheet.write_string(row, 2, &line.unit_code)?;
        sheet.write_string(row, 3, line.period.to_string())?;
        amount(sheet, row, 4, &field(&line.stored, "value"))?;
        for (col, name) in [(5, "analisis"), (6, "kendala"), (7, "tindak_lanjut")] {
            sheet.write_string(row, col, field(&line.stored, name))?;
        }
        sheet.write_number(row, 8, line.stored.as_ref().map_or(0.0, |(revision, _)| *revision as f64))?;
        for (col, name) in (9..).zip(REALISATION_FIELDS) {
            sheet.write_string(row, col, field(&line.stored, name))?;
        }
    }
    let sheet = book.add_worksheet().set_name(SPENDING_SHEET)?;
    let [program, month, spent] = SPENDING_COLUMNS;
    header(sheet, &[&[program, PROGRAM_NAME, month, spent][..], &SPENDING_BASE_COLUMNS].concat(), 4)?;
    for (i, line) in spending.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, &line.program_code)?;
        sheet.write_string(row, 1, &line.program_name)?;
        sheet.write_string(row, 2, line.period.to_string())?;
        amount(sheet, row, 3, &field(&line.stored, "amount"))?;
        sheet.write_number(row, 4, line.stored.as_ref().map_or(0.0, |(revision, _)| *revision as f64))?;
        sheet.write_string(row, 5, field(&line.stored, "amount"))?;
    }
    let guide = book.add_worksheet().set_name(GUIDE_SHEET)?;
    guide.set_column_width(0, 120)?;
    for (row, line) in GUIDE.iter().enumerate() {
        guide.write_string(row as u32, 0, *line)?;
    }
    book.save_to_buffer()
}

const GUIDE: [&str; 8] = [
    "Petunjuk pengisian realisasi dan belanja",
    "Isi kolom Nilai (dan narasinya) pada lembar Realisasi, dan kolom Jumlah pada lembar Belanja. Tulis angka desimal dengan koma, mis. 12,5.",
    "Periode ditulis 2026-03 (bulan) atau 2026-TW1 (triwulan), sesuai frekuensi indikator; belanja selalu per bulan.",
    "Baris yang tidak diubah tidak dikirim. Baris baru boleh ditambahkan dengan kode IKU, kode unit dan periode.",
    "Jangan mengubah kolom tersembunyi (Revisi dan nilai awal): dari situ server tahu nilai mana yang Anda ubah.",
    "Setiap baris diperiksa seperti data dari perangkat: kewenangan unit, periode terkunci, aturan isian.",
    "Bila ada satu baris yang ditolak, tidak ada yang disimpan; semua baris yang ditolak disebutkan.",
    "Nilai yang sementara itu diubah orang lain menjadi konflik yang diselesaikan di halaman Konflik Data.",
];
