//! The compiled reports as files to hand over: a formatted workbook (XLSX),
//! a Word document (DOCX) and the bare measurement table (CSV). All three
//! are laid out from the one measurement table of `domain::report::grid`,
//! so they show the same cells as the print view. An annual report's
//! workbook and document also hold its LKjIP parts: the PK, the efficiency
//! table and the narrative chapters. Each begins with the agency's
//! letterhead and ends with the signature block of its kind
//! (`domain::letterhead`), the agency's logo at the heading's left when it
//! keeps one. Step 3's monthly progress of a unit is a workbook of its one
//! table.

mod csv;
mod docx;
pub mod perjanjian_kinerja;
mod xlsx;

use kinerja_core::domain::letterhead::{Letterhead, SignatureBlock, SignedDocument};
use kinerja_core::domain::logo::Logo;
use kinerja_core::domain::report::Report;
use kinerja_core::domain::report::grid::{Grid, budget_grid, efficiency_grid, grid, pk_grid, title};
use std::collections::HashMap;

/// What a file shows besides the report itself.
pub struct Document<'a> {
    pub report: &'a Report,
    pub sheet: Grid,
    /// The budget table.
    pub budget: Grid,
    /// An LKjIP's tables besides the measurement table.
    pub lkjip: Option<LkjipTables>,
    /// `Laporan Kinerja Triwulan I 2026`.
    pub title: String,
    /// The unit reported on, or the agency.
    pub subject: String,
    /// Which version this is and whether it is approved, by whom, when.
    pub status: String,
    /// Unit names by id, for the narratives and completeness.
    pub unit_names: &'a HashMap<String, String>,
    /// The letterhead as printed.
    pub heading: PrintedLetterhead,
    /// Who signs this kind of report.
    pub signature: SignatureBlock,
}

/// The letterhead as the files draw it: its lines, top to bottom, and the
/// logo at their left when the agency keeps one.
#[derive(Clone)]
pub struct PrintedLetterhead {
    pub lines: Vec<String>,
    pub logo: Option<LogoFile>,
}

/// The logo with its file.
#[derive(Clone)]
pub struct LogoFile {
    pub logo: Logo,
    pub png: Vec<u8>,
}

impl PrintedLetterhead {
    /// `letterhead`'s lines, with its logo when its file (`png`) was found.
    pub fn new(letterhead: &Letterhead, png: Option<Vec<u8>>) -> PrintedLetterhead {
        PrintedLetterhead {
            lines: letterhead.heading(),
            logo: letterhead.logo.clone().zip(png).map(|(logo, png)| LogoFile { logo, png }),
        }
    }
}

/// An LKjIP's PK (Bab II) and efficiency (Bab III A) tables: per unit, and
/// per sasaran and per indicator where indicators name their programme.
pub struct LkjipTables {
    pub pk: Grid,
    pub efficiency: Grid,
    pub by_sasaran: Option<Grid>,
    pub by_indicator: Option<Grid>,
}

impl LkjipTables {
    /// The efficiency tables present, each under its heading.
    pub fn efficiency_tables(&self) -> Vec<(&'static str, &Grid)> {
        let mut tables = vec![("Efisiensi per Unit Kerja", &self.efficiency)];
        tables.extend(self.by_sasaran.iter().map(|g| ("Efisiensi per Sasaran", g)));
        tables.extend(self.by_indicator.iter().map(|g| ("Efisiensi per Indikator", g)));
        tables
    }
}

impl<'a> Document<'a> {
    pub fn new(
        report: &'a Report,
        subject: String,
        status: String,
        unit_names: &'a HashMap<String, String>,
        letterhead: &Letterhead,
        heading: PrintedLetterhead,
    ) -> Self {
        Document {
            heading,
            signature: letterhead.signature(SignedDocument::report(report.period)),
            sheet: grid(report),
            budget: budget_grid(report),
            lkjip: report.lkjip.as_ref().map(|l| LkjipTables {
                pk: pk_grid(&l.pk),
                efficiency: efficiency_grid(&l.efficiency, "Unit Kerja"),
                by_sasaran: (!l.efficiency_by_sasaran.is_empty())
                    .then(|| efficiency_grid(&l.efficiency_by_sasaran, "Sasaran")),
                by_indicator: (!l.efficiency_by_indicator.is_empty())
                    .then(|| efficiency_grid(&l.efficiency_by_indicator, "Indikator")),
            }),
            title: title(report.period),
            report,
            subject,
            status,
            unit_names,
        }
    }

    fn unit_name(&self, id: &str) -> String {
        self.unit_names.get(id).cloned().unwrap_or_else(|| id.to_owned())
    }
}

/// Step 3's monthly progress of a unit as a workbook: `table` under its
/// title and the unit's name, the letterhead as its page header.
pub fn progress_workbook(
    letterhead: &PrintedLetterhead,
    title: &str,
    unit_name: &str,
    table: &Grid,
) -> Result<Vec<u8>, String> {
    xlsx::write_table(letterhead, title, unit_name, "Progres Bulanan", table).map_err(|e| e.to_string())
}

/// A text cell as a spreadsheet must read it: text beginning with `=`,
/// `+`, `-`, `@`, a tab or a carriage return would be taken for a formula
/// when a CSV is opened, so it gets a leading apostrophe. (Workbooks store
/// text cells as strings, which are never formulas.)
pub fn inert(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}").into() } else { text.into() }
}

/// The kinds of file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Docx,
    Csv,
}

impl Format {
    pub fn parse(text: &str) -> Option<Format> {
        match text {
            "xlsx" => Some(Format::Xlsx),
            "docx" => Some(Format::Docx),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Docx => "docx",
            Format::Csv => "csv",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }

    /// The file's bytes.
    pub fn render(self, document: &Document<'_>) -> Result<Vec<u8>, String> {
        match self {
            Format::Xlsx => xlsx::write(document).map_err(|e| e.to_string()),
            Format::Docx => docx::write(document),
            Format::Csv => csv::write(&document.sheet).map_err(|e| e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::inert;

    #[test]
    fn text_a_spreadsheet_would_run_gets_an_apostrophe() {
        for risky in ["=HYPERLINK(\"http://x\",\"klik\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(inert(risky), format!("'{risky}"));
        }
        for plain in ["Persentase lahan", "12,5", "", "a=b"] {
            assert_eq!(inert(plain), plain);
        }
    }
}
