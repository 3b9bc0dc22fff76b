//! The report as a formatted workbook: the measurement table under its
//! title, with numbers as numbers in the indicator's decimals, then the
//! budget table, a sheet of the narratives and one of each unit's
//! completeness; an LKjIP adds its PK, efficiency (per unit, and per sasaran
//! and indicator where indicators name their programme) and chapter sheets. The
//! letterhead is the printed page's header and the signature block follows
//! the measurement table.

use super::{Document, PrintedLetterhead};
use kinerja_core::domain::format::Style;
use kinerja_core::domain::letterhead::SignatureBlock;
use kinerja_core::domain::report::grid::{Cell, Grid};
use kinerja_core::domain::report::sources::sources_note;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Format, FormatAlign, FormatBorder, FormatUnderline, HeaderImagePosition, Image, Workbook, Worksheet,
    XlsxError,
};

/// A workbook header's image unit (pixels) to the inch.
const PIXELS_PER_INCH: u32 = 96;
/// The row the table's headings are on (below the title lines).
const HEADER_ROW: u32 = 4;

fn number_format(places: u32) -> String {
    if places == 0 { "#,##0".to_owned() } else { format!("#,##0.{}", "0".repeat(places as usize)) }
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    border: &Format,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Text { text } => {
            sheet.write_string_with_format(row, col, text, &border.clone().set_text_wrap())?
        }
        Cell::Number { value, places } => sheet.write_number_with_format(
            row,
            col,
            value.to_f64().unwrap_or_default(),
            &border.clone().set_num_format(number_format(*places)),
        )?,
        Cell::Range { .. } => sheet.write_string_with_format(
            row,
            col,
            cell.display(Style::Indonesian),
            &border.clone().set_align(FormatAlign::Right),
        )?,
        Cell::Percent { value } => sheet.write_number_with_format(
            row,
            col,
            value.to_f64().unwrap_or_default(),
            &border.clone().set_num_format("0.00"),
        )?,
        Cell::Empty => {
            sheet.write_string_with_format(row, col, "—", &border.clone().set_align(FormatAlign::Center))?
        }
    };
    Ok(())
}

fn table(
    sheet: &mut Worksheet,
    headings: &[&str],
    rows: &[Vec<String>],
    bold: &Format,
) -> Result<(), XlsxError> {
    for (col, heading) in headings.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *heading, bold)?;
        sheet.set_column_width(col as u16, 24)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (col, text) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 1, col as u16, text)?;
        }
    }
    Ok(())
}

/// Writes `table` with its headings on `first_row`, each cell bordered.
fn write_sheet(worksheet: &mut Worksheet, first_row: u32, table: &Grid) -> Result<(), XlsxError> {
    let border = Format::new().set_border(FormatBorder::Thin).set_align(FormatAlign::Top);
    let heading = border.clone().set_bold().set_background_color("#E6F0EA").set_text_wrap();
    for (col, column) in table.columns.iter().enumerate() {
        let col = col as u16;
        worksheet.write_string_with_format(first_row, col, &column.title, &heading)?;
        let width = match column.key.as_str() {
            "no" => 5.0,
            "indicator" | "program" | "remarks" | "sasaran" | "unit" | "subject" => 40.0,
            _ => 14.0,
        };
        worksheet.set_column_width(col, width)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        for (col, cell) in row.cells.iter().enumerate() {
            write_cell(worksheet, first_row + 1 + r as u32, col as u16, cell, &border)?;
        }
    }
    Ok(())
}

/// Letterhead (the logo at the header's left) and margins of a sheet printed on landscape A4.
fn print_setup(sheet: &mut Worksheet, letterhead: &PrintedLetterhead) -> Result<(), XlsxError> {
    sheet.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0);
    let lines = page_header(&letterhead.lines);
    match &letterhead.logo {
        Some(file) => {
            let (width, height) = file.logo.printed_size(PIXELS_PER_INCH);
            let image = Image::new_from_buffer(&file.png)?.set_scale_to_size(width, height, true);
            sheet.set_header(format!("&L&[Picture]{lines}"));
            sheet.set_header_image(&image, HeaderImagePosition::Left)?;
        }
        None => {
            sheet.set_header(lines);
        }
    }
    sheet.set_margins(0.7, 0.7, 1.4, 0.75, 0.3, 0.3);
    Ok(())
}

/// One table under its title and subject: step 3's monthly progress of a unit.
pub fn write_table(
    letterhead: &PrintedLetterhead,
    title: &str,
    subject: &str,
    sheet_name: &str,
    table: &Grid,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let worksheet = workbook.add_worksheet().set_name(sheet_name)?;
    worksheet.write_string_with_format(0, 0, title, &Format::new().set_bold().set_font_size(14))?;
    worksheet.write_string(1, 0, subject)?;
    write_sheet(worksheet, HEADER_ROW, table)?;
    worksheet.set_freeze_panes(HEADER_ROW + 1, 3)?;
    print_setup(worksheet, letterhead)?;
    workbook.save_to_buffer()
}

/// The letterhead as a page header: centred lines, the first two bold.
/// (`&` starts a code in a header, so a literal one is doubled.)
fn page_header(lines: &[String]) -> String {
    let lines: Vec<String> = lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let line = line.replace('&', "&&");
            if i < 2 { format!("&\"-,Bold\"{line}&\"-,Regular\"") } else { line }
        })
        .collect();
    format!("&C{}", lines.join("\n"))
}

/// The signature block from `first_row` down, in the column the table's right half starts at.
fn signature(
    sheet: &mut Worksheet,
    first_row: u32,
    col: u16,
    block: &SignatureBlock,
) -> Result<(), XlsxError> {
    let [place, position, name, nip] = block.lines();
    sheet.write_string(first_row, col, place)?;
    sheet.write_string(first_row + 1, col, position)?;
    sheet.write_string_with_format(
        first_row + 5,
        col,
        name,
        &Format::new().set_bold().set_underline(FormatUnderline::Single),
    )?;
    sheet.write_string(first_row + 6, col, nip)?;
    Ok(())
}

pub fn write(document: &Document<'_>) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let measured = workbook.add_worksheet().set_name("Pengukuran Kinerja")?;
    measured.write_string_with_format(0, 0, &document.title, &bold.clone().set_font_size(14))?;
    measured.write_string(1, 0, &document.subject)?;
    measured.write_string(2, 0, &document.status)?;
    write_sheet(measured, HEADER_ROW, &document.sheet)?;
    measured.set_freeze_panes(HEADER_ROW + 1, 3)?;
    let below = HEADER_ROW + document.sheet.rows.len() as u32 + 3;
    signature(measured, below, (document.sheet.columns.len() as u16 / 2).max(1), &document.signature)?;
    print_setup(measured, &document.heading)?;
    write_sheet(workbook.add_worksheet().set_name("Anggaran")?, 0, &document.budget)?;
    let mut written = Vec::new();
    for row in &document.report.rows {
        for n in &row.narratives {
            written.push(vec![
                row.indicator_code.clone(),
                document.unit_name(&n.unit_id),
                n.period.label(kinerja_core::domain::format::Style::Indonesian),
                n.analisis.clone(),
                n.kendala.clone(),
                n.tindak_lanjut.clone(),
            ]);
        }
    }
    let narratives = workbook.add_worksheet().set_name("Narasi")?;
    table(
        narratives,
        &["Kode", "Unit", "Periode", "Analisis", "Kendala/Hambatan", "Upaya/Tindak Lanjut"],
        &written,
        &bold,
    )?;
    if let (Some(lkjip), Some(tables)) = (&document.report.lkjip, &document.lkjip) {
        write_sheet(workbook.add_worksheet().set_name("PK")?, 0, &tables.pk)?;
        write_sheet(workbook.add_worksheet().set_name("Efisiensi")?, 0, &tables.efficiency)?;
        if let Some(by_sasaran) = &tables.by_sasaran {
            write_sheet(workbook.add_worksheet().set_name("Efisiensi Sasaran")?, 0, by_sasaran)?;
        }
        if let Some(by_indicator) = &tables.by_indicator {
            write_sheet(workbook.add_worksheet().set_name("Efisiensi Indikator")?, 0, by_indicator)?;
        }
        let chapters: Vec<Vec<String>> =
            lkjip.chapters.iter().map(|c| vec![c.title.clone(), c.text.clone()]).collect();
        let sheet = workbook.add_worksheet().set_name("Bab")?;
        table(sheet, &["Bab", "Teks"], &chapters, &bold)?;
        sheet.set_column_width(1, 120)?;
    }
    let sources: Vec<Vec<String>> = sources_note(document.report).into_iter().map(|s| vec![s]).collect();
    if !sources.is_empty() {
        let sheet = workbook.add_worksheet().set_name("Sumber")?;
        table(sheet, &["Sumber kolom"], &sources, &bold)?;
        sheet.set_column_width(0, 140)?;
    }
    let complete: Vec<Vec<String>> = document
        .report
        .completeness
        .iter()
        .map(|c| vec![document.unit_name(&c.unit_id), c.complete.to_string(), c.expected.to_string()])
        .collect();
    let completeness = workbook.add_worksheet().set_name("Kelengkapan")?;
    table(completeness, &["Unit", "Indikator lengkap", "Indikator seluruhnya"], &complete, &bold)?;
    workbook.save_to_buffer()
}
