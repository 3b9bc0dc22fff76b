//! The report as a Word document the agency can finish and sign: title,
//! an overview sentence (Ikhtisar), the measurement table, the narratives
//! the units wrote per indicator (analysis, obstacles, follow-up), the
//! budget table, each unit's completeness, and page numbers — on landscape
//! A4, under the agency's letterhead and over the signature block. The LKjIP follows its outline: Ikhtisar Eksekutif, Bab I, Bab II's
//! PK, Bab III's tables and chapters, Bab IV, Lampiran. A semester report
//! and an LKjIP name the approved versions their columns come from.

use super::{Document, LkjipTables, LogoFile, PrintedLetterhead};
use docx_rs::{
    AlignmentType, BorderType, Docx, Footer, PageMargin, PageNum, PageOrientationType, Paragraph,
    ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Pic, Run, Table, TableCell, TableRow,
};
use kinerja_core::domain::format::Style;
use kinerja_core::domain::letterhead::SignatureBlock;
use kinerja_core::domain::report::grid::{Grid, overview};
use kinerja_core::domain::report::lkjip::Lkjip;
use kinerja_core::domain::report::lkjip::chapters::{Chapter, ChapterKey};
use kinerja_core::domain::report::sources::sources_note;

/// A4 landscape in twentieths of a point.
pub(super) const A4_LONG: u32 = 16838;
pub(super) const A4_SHORT: u32 = 11906;
/// A Word document's drawing unit (EMU) to the inch.
const EMU_PER_INCH: u32 = 914_400;
/// The signature block starts past the middle of the landscape page.
const SIGNATURE_INDENT: i32 = 9000;

pub(super) fn text(words: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(words))
}

pub(super) fn heading(words: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(words).bold().size(26))
}

fn cell(words: &str, bold: bool) -> TableCell {
    let run = Run::new().add_text(words).size(16);
    TableCell::new().add_paragraph(Paragraph::new().add_run(if bold { run.bold() } else { run }))
}

/// A table of `sheet`: its headings in bold, then its rows as readers write numbers.
pub(super) fn table(sheet: &Grid) -> Table {
    let mut rows = vec![TableRow::new(sheet.columns.iter().map(|c| cell(&c.title, true)).collect())];
    rows.extend(sheet.rows.iter().map(|row| {
        TableRow::new(row.cells.iter().map(|c| cell(&c.display(Style::Indonesian), false)).collect())
    }));
    Table::new(rows)
}

/// Paragraphs of a chapter's text, one per line.
fn chapter(mut docx: Docx, chapter: &Chapter) -> Docx {
    docx = docx.add_paragraph(heading(&chapter.title));
    for line in chapter.text.lines().filter(|l| !l.trim().is_empty()) {
        docx = docx.add_paragraph(text(line));
    }
    docx
}

/// The narratives the units wrote, by indicator, unit and period.
fn narratives(mut docx: Docx, document: &Document<'_>) -> Docx {
    for row in document.report.rows.iter().filter(|r| !r.narratives.is_empty()) {
        docx =
            docx.add_paragraph(Paragraph::new().add_run(
                Run::new().add_text(format!("{} {}", row.indicator_code, row.indicator_name)).bold(),
            ));
        for n in &row.narratives {
            let from = format!("{} · {}", document.unit_name(&n.unit_id), n.period.label(Style::Indonesian));
            docx = docx.add_paragraph(Paragraph::new().add_run(Run::new().add_text(from).italic()));
            for (label, words) in [
                ("Analisis", &n.analisis),
                ("Kendala/Hambatan", &n.kendala),
                ("Upaya/Tindak Lanjut", &n.tindak_lanjut),
            ] {
                if !words.trim().is_empty() {
                    docx = docx.add_paragraph(
                        Paragraph::new()
                            .add_run(Run::new().add_text(format!("{label}: ")).bold())
                            .add_run(Run::new().add_text(words)),
                    );
                }
            }
        }
    }
    docx
}

fn completeness(mut docx: Docx, document: &Document<'_>) -> Docx {
    docx = docx.add_paragraph(heading("Kelengkapan Data"));
    for c in &document.report.completeness {
        docx = docx.add_paragraph(text(&format!(
            "{}: {} dari {} indikator lengkap",
            document.unit_name(&c.unit_id),
            c.complete,
            c.expected
        )));
    }
    docx
}

/// The quarterly and semester report: overview, table, narratives, budget, completeness.
fn period_report(docx: Docx, document: &Document<'_>) -> Docx {
    let docx = docx
        .add_paragraph(heading("Ikhtisar"))
        .add_paragraph(text(&overview(document.report)))
        .add_paragraph(heading("Pengukuran Kinerja"))
        .add_table(table(&document.sheet))
        .add_paragraph(heading("Analisis Capaian Kinerja"));
    let docx = narratives(docx, document);
    completeness(
        docx.add_paragraph(heading("Realisasi Anggaran")).add_table(table(&document.budget)),
        document,
    )
}

/// The LKjIP in the outline of PermenPAN-RB 53/2014.
fn lkjip(mut docx: Docx, document: &Document<'_>, lkjip: &Lkjip, tables: &LkjipTables) -> Docx {
    let part = |key: ChapterKey| lkjip.chapters.iter().find(|c| c.key == key);
    for key in [ChapterKey::IkhtisarEksekutif, ChapterKey::Pendahuluan] {
        if let Some(c) = part(key) {
            docx = chapter(docx, c);
        }
    }
    docx = docx
        .add_paragraph(heading("Bab II Perencanaan Kinerja — Perjanjian Kinerja"))
        .add_table(table(&tables.pk))
        .add_paragraph(heading("Bab III Akuntabilitas Kinerja — A. Capaian Kinerja Organisasi"))
        .add_table(table(&document.sheet));
    if let Some(c) = part(ChapterKey::AnalisisCapaian) {
        docx = chapter(docx, c);
    }
    if let Some(c) = part(ChapterKey::Efisiensi) {
        docx = chapter(docx, c);
        for (title, efficiency) in tables.efficiency_tables() {
            docx = docx.add_paragraph(text(title)).add_table(table(efficiency));
        }
    }
    docx = docx.add_paragraph(heading("Analisis per Indikator dari Unit"));
    docx = narratives(docx, document);
    docx = docx.add_paragraph(heading("B. Realisasi Anggaran")).add_table(table(&document.budget));
    if let Some(c) = part(ChapterKey::Penutup) {
        docx = chapter(docx, c);
    }
    completeness(docx.add_paragraph(heading("Lampiran")), document)
}

/// The letterhead: the logo floating at the left margin, the government
/// and the agency large, the address and contact lines small, a rule under
/// them.
pub(super) fn letterhead(docx: Docx, printed: &PrintedLetterhead) -> Docx {
    let lines = &printed.lines;
    lines.iter().enumerate().fold(docx, |docx, (i, line)| {
        let run = Run::new().add_text(line);
        let run = if i < 2 { run.bold().size(28) } else { run.size(18) };
        let paragraph = Paragraph::new().align(AlignmentType::Center);
        let paragraph = match (&printed.logo, i) {
            (Some(file), 0) => paragraph.add_run(Run::new().add_image(logo_picture(file))),
            _ => paragraph,
        }
        .add_run(run);
        let paragraph = if i + 1 == lines.len() {
            let rule = ParagraphBorder::new(ParagraphBorderPosition::Bottom).val(BorderType::Double).size(8);
            paragraph.set_borders(ParagraphBorders::with_empty().set(rule))
        } else {
            paragraph
        };
        docx.add_paragraph(paragraph)
    })
}

/// The logo at its printed size, floating at the top of the left margin.
fn logo_picture(file: &LogoFile) -> Pic {
    let (width, height) = file.logo.printed_size(EMU_PER_INCH);
    Pic::new_with_dimensions(file.png.clone(), file.logo.width, file.logo.height)
        .size(width, height)
        .floating()
        .offset_x(0)
        .offset_y(0)
}

/// The signature block on the right half of the page, room left to sign.
fn signature(docx: Docx, block: &SignatureBlock) -> Docx {
    let line = |words: &str| {
        Paragraph::new().indent(Some(SIGNATURE_INDENT), None, None, None).add_run(Run::new().add_text(words))
    };
    let [place, position, name, nip] = block.lines();
    docx.add_paragraph(text(""))
        .add_paragraph(line(place))
        .add_paragraph(line(position))
        .add_paragraph(line(""))
        .add_paragraph(line(""))
        .add_paragraph(line(""))
        .add_paragraph(line(name))
        .add_paragraph(line(nip))
}

pub fn write(document: &Document<'_>) -> Result<Vec<u8>, String> {
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(Run::new().add_text("Halaman "))
            .add_page_num(PageNum::new()),
    );
    let docx = Docx::new()
        .page_size(A4_LONG, A4_SHORT)
        .page_orient(PageOrientationType::Landscape)
        .page_margin(PageMargin::new().top(1134).bottom(1134).left(1134).right(1134))
        .footer(footer);
    let docx = letterhead(docx, &document.heading)
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(Run::new().add_text(&document.title).bold().size(32)),
        )
        .add_paragraph(
            Paragraph::new().align(AlignmentType::Center).add_run(Run::new().add_text(&document.subject)),
        )
        .add_paragraph(
            Paragraph::new().align(AlignmentType::Center).add_run(Run::new().add_text(&document.status)),
        );
    let docx =
        sources_note(document.report).iter().fold(docx, |docx, source| docx.add_paragraph(text(source)));
    let docx = match (&document.report.lkjip, &document.lkjip) {
        (Some(parts), Some(tables)) => lkjip(docx, document, parts, tables),
        _ => period_report(docx, document),
    };
    let docx = signature(docx, &document.signature);
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut bytes).map_err(|e| e.to_string())?;
    Ok(bytes.into_inner())
}
