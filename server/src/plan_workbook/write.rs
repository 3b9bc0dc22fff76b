//! Writing the planning workbook: headers, one row per indicator and per
//! yearly plan (none for the empty template), lists that offer the allowed
//! words, and a sheet of instructions.

use super::layout::*;
use crate::workbook::Codes;
use kinerja_core::domain::format::{Style, format_target};
use kinerja_core::domain::plan::YearPlan;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{DataValidation, Format, Workbook, Worksheet, XlsxError};

const LIST_ROWS: u32 = 2000;

fn header(sheet: &mut Worksheet, columns: &[&str]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold().set_background_color("#E6F0EA").set_text_wrap();
    for (col, title) in columns.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, *title, &bold)?;
        sheet.set_column_width(col, 18)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn list(sheet: &mut Worksheet, col: u16, words: &[&str]) -> Result<(), XlsxError> {
    let validation = DataValidation::new().allow_list_strings(words)?;
    sheet.add_data_validation(1, col, LIST_ROWS, col, &validation)?;
    Ok(())
}

fn number(sheet: &mut Worksheet, row: u32, col: u16, value: Option<Decimal>) -> Result<(), XlsxError> {
    if let Some(value) = value.and_then(|v| v.to_f64()) {
        sheet.write_number(row, col, value)?;
    }
    Ok(())
}

/// A target: a number cell, or for a range its text as Indonesian writes it
/// (`7,5–8`), each end with the decimals it has.
fn target(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    low: Option<Decimal>,
    high: Option<Decimal>,
) -> Result<(), XlsxError> {
    match (low, high) {
        (Some(low), Some(high)) => {
            let places = low.normalize().scale().max(high.normalize().scale());
            sheet.write_string(row, col, format_target(low, Some(high), places, Style::Indonesian))?;
            Ok(())
        }
        _ => number(sheet, row, col, low),
    }
}

/// `codes.indicators` are written (none for the template).
pub fn workbook(codes: &Codes<'_>, plans: &[YearPlan]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let indicators = codes.indicators;
    let unit_code = |id: &str| codes.unit_code(id);
    let code_of = |id: &str| indicators.iter().find(|i| i.id == id).map(|i| i.code.clone());

    let iku = book.add_worksheet();
    iku.set_name(IKU_SHEET)?;
    let columns: Vec<&str> = IKU_COLUMNS.iter().chain(&IKU_EXTRA_COLUMNS).copied().collect();
    header(iku, &columns)?;
    list(iku, 3, &POLARITIES.map(|(_, w)| w))?;
    list(iku, 4, &AGGREGATIONS.map(|(_, w)| w))?;
    list(iku, 5, &TARGET_MODES.map(|(_, w)| w))?;
    list(iku, 6, &FREQUENCIES.map(|(_, w)| w))?;
    list(iku, 16, &NEGATIVE_FORMULAS.map(|(_, w)| w))?;
    for (i, indicator) in indicators.iter().enumerate() {
        let row = i as u32 + 1;
        let rule = &indicator.rule;
        let texts = [
            indicator.code.clone(),
            indicator.name.clone(),
            indicator.unit_of_measure.clone(),
            word(&POLARITIES, rule.polarity).to_owned(),
            word(&AGGREGATIONS, rule.aggregation).to_owned(),
            word(&TARGET_MODES, rule.target_mode).to_owned(),
            word(&FREQUENCIES, rule.frequency).to_owned(),
            unit_code(&indicator.responsible_unit_id),
            indicator.definition.clone(),
            indicator.formula.clone(),
            indicator.data_source.clone(),
        ];
        for (col, text) in texts.iter().enumerate() {
            iku.write_string(row, col as u16, text)?;
        }
        number(iku, row, 11, indicator.baseline)?;
        if let Some(year) = indicator.baseline_year {
            iku.write_number(row, 12, year)?;
        }
        number(iku, row, 13, indicator.end_target)?;
        let contributors: Vec<String> =
            indicator.contributor_unit_ids.iter().map(|id| unit_code(id)).collect();
        iku.write_string(row, 14, contributors.join(", "))?;
        iku.write_number(row, 15, rule.decimals)?;
        let negative = rule.negative_formula.map_or("", |formula| word(&NEGATIVE_FORMULAS, formula));
        iku.write_string(row, 16, negative)?;
        iku.write_string(
            row,
            17,
            indicator.program_id.as_deref().map(|id| codes.program_code(id)).unwrap_or_default(),
        )?;
    }

    let sheet = book.add_worksheet();
    sheet.set_name(PLAN_SHEET)?;
    header(sheet, &PLAN_COLUMNS)?;
    let mut row = 1;
    for plan in plans {
        let Some(code) = code_of(&plan.indicator_id) else { continue };
        sheet.write_string(row, 0, code)?;
        sheet.write_number(row, 1, plan.year)?;
        let (targets, upper) = (plan.targets, plan.targets.upper);
        target(sheet, row, 2, targets.annual, upper.annual)?;
        for q in 0..4 {
            target(sheet, row, 3 + q as u16, targets.quarters[q], upper.quarters[q])?;
            sheet.write_string(row, 7 + q as u16, &plan.actions[q])?;
        }
        row += 1;
    }

    let sheet = book.add_worksheet();
    sheet.set_name(RENSTRA_SHEET)?;
    header(sheet, &RENSTRA_COLUMNS)?;
    let targets = indicators.iter().flat_map(|i| i.renstra_targets.iter().map(move |t| (&i.code, t)));
    for (row, (code, target)) in (1..).zip(targets) {
        sheet.write_string(row, 0, code)?;
        sheet.write_number(row, 1, target.year)?;
        number(sheet, row, 2, Some(target.target))?;
    }

    let guide = book.add_worksheet();
    guide.set_name(GUIDE_SHEET)?;
    guide.set_column_width(0, 110)?;
    let lines = [
        "Petunjuk pengisian templat IKU, PK dan Rencana Aksi (Kinerja)".to_owned(),
        String::new(),
        format!("Lembar '{IKU_SHEET}': satu baris per indikator. Kode, nama, satuan dan unit penanggung jawab wajib diisi."),
        "Kode yang sudah ada di Kinerja memperbarui indikator tersebut; kode baru menambah indikator.".to_owned(),
        format!("Polaritas: {}.", POLARITIES.map(|(_, w)| w).join(", ")),
        format!("Agregasi: {}.", AGGREGATIONS.map(|(_, w)| w).join(", ")),
        format!("Jenis target TW: {}. Target kumulatif tidak boleh turun, dan target TW IV sama dengan target tahunan.", TARGET_MODES.map(|(_, w)| w).join(", ")),
        format!("Frekuensi: {}.", FREQUENCIES.map(|(_, w)| w).join(", ")),
        "Unit penanggung jawab: kode unit kerja, misalnya SEKSI-KDL.".to_owned(),
        "Unit kontributor: kode unit lain yang ikut melaporkan, dipisah koma (boleh kosong).".to_owned(),
        "Desimal: jumlah angka di belakang koma yang ditampilkan (0 sampai 6); kosong berarti tidak diubah (2 untuk indikator baru).".to_owned(),
        format!("Rumus negatif (untuk polaritas Negatif): {}; kosong berarti mengikuti kebijakan instansi.", NEGATIVE_FORMULAS.map(|(_, w)| w).join(" atau ")),
        "Kode program: program atau kegiatan yang anggarannya mendanai indikator (boleh kosong); efisiensi per sasaran dan per indikator di LKjIP memakainya.".to_owned(),
        "Kolom yang tidak ada di berkas (berkas lama) tidak mengubah data yang tersimpan.".to_owned(),
        format!("Lembar '{PLAN_SHEET}': satu baris per indikator per tahun (Perjanjian Kinerja dan Rencana Aksi)."),
        format!("Lembar '{RENSTRA_SHEET}': target Renstra, satu baris per indikator per tahun periode Renstra. Target indikator di lembar '{IKU_SHEET}' menjadi persis yang tercantum di sini; berkas tanpa lembar ini tidak mengubah target Renstra yang tersimpan."),
        "Angka boleh berupa sel angka atau teks dengan koma desimal (12,5). Sel kosong berarti belum ada target.".to_owned(),
        "Target berupa rentang ditulis sebagai teks, misalnya 7–8 atau 80 s.d. 90: realisasi di dalam rentang berarti capaian 100%, di luar rentang dibandingkan dengan batas terdekat.".to_owned(),
        "Impor bersifat semua-atau-tidak-sama-sekali: jika ada satu sel yang salah, tidak ada data yang disimpan dan setiap sel yang salah dilaporkan.".to_owned(),
    ];
    for (i, line) in lines.iter().enumerate() {
        guide.write_string(i as u32, 0, line)?;
    }
    book.save_to_buffer()
}
