//! The Perjanjian Kinerja as a Word document on portrait A4, in the
//! regulation's form: the letterhead, the title, the statement naming both
//! parties, their signatures side by side (the second party on the left),
//! then the appendix — the targets by sasaran and the programmes with
//! their ceilings — signed again. Laid out from `domain::perjanjian_kinerja`
//! and `domain::report::grid`, like the print view.

use super::PrintedLetterhead;
use super::docx::{A4_LONG, A4_SHORT, heading, letterhead, table, text};
use docx_rs::{AlignmentType, Docx, PageMargin, Paragraph, Run, Table, TableBorders, TableRow};
use kinerja_core::domain::letterhead::Signatory;
use kinerja_core::domain::perjanjian_kinerja::PerjanjianKinerja;
use kinerja_core::domain::report::grid::{pk_grid, program_ceilings_grid};

/// The two signature blocks side by side, in a table without borders.
fn signatures(docx: Docx, place_and_date: &str, pk: &PerjanjianKinerja) -> Docx {
    let block = |title: &str, party: &Signatory, place: &str| {
        let signed = party.block(place.to_owned());
        let [place, position, name, nip] = signed.lines();
        let lines = [place, title, position, "", "", "", name, nip];
        lines.iter().fold(docx_rs::TableCell::new(), |cell, line| {
            cell.add_paragraph(
                Paragraph::new().align(AlignmentType::Center).add_run(Run::new().add_text(*line)),
            )
        })
    };
    let row = TableRow::new(vec![
        block("Pihak Kedua,", &pk.second_party, ""),
        block("Pihak Pertama,", &pk.first_party, place_and_date),
    ]);
    docx.add_paragraph(text("")).add_table(Table::new(vec![row]).set_borders(TableBorders::with_empty()))
}

fn centred(words: &str, size: usize) -> Paragraph {
    Paragraph::new().align(AlignmentType::Center).add_run(Run::new().add_text(words).bold().size(size))
}

/// The agreement's bytes under `printed`, `place_and_date` the line over the signatures.
pub fn write(
    pk: &PerjanjianKinerja,
    printed: &PrintedLetterhead,
    place_and_date: &str,
) -> Result<Vec<u8>, String> {
    let docx = Docx::new()
        .page_size(A4_SHORT, A4_LONG)
        .page_margin(PageMargin::new().top(1134).bottom(1134).left(1418).right(1134));
    let docx = letterhead(docx, printed)
        .add_paragraph(centred(&pk.title().to_uppercase(), 28))
        .add_paragraph(centred(&pk.unit_name.to_uppercase(), 24));
    let docx = pk.statement().iter().fold(docx, |docx, paragraph| docx.add_paragraph(text(paragraph)));
    let docx = signatures(docx, place_and_date, pk)
        .add_paragraph(heading(&format!("Lampiran {}", pk.title())))
        .add_paragraph(text(&pk.unit_name))
        .add_table(table(&pk_grid(&pk.sasaran)))
        .add_paragraph(text(""))
        .add_table(table(&program_ceilings_grid(&pk.programs, pk.total_pagu)));
    let docx = signatures(docx, place_and_date, pk);
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut bytes).map_err(|e| e.to_string())?;
    Ok(bytes.into_inner())
}
