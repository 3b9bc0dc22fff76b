//! What an uploaded workbook may hold before it is read: an XLSX is a zip,
//! and a few kilobytes of it can unpack to gigabytes, or declare a cell in
//! the sheet's far corner that makes the reader allocate every cell between.
//! The archive is measured by unpacking it into nothing, with a cap, and
//! each sheet's cells are streamed and counted, before anything is kept in
//! memory. Planning workbooks hold some hundred rows and an agency's year of
//! realisations a few thousand; the limits leave room for many times that.

use calamine::{Reader, Xlsx, open_workbook_from_rs};
use std::io::{Cursor, Read};

/// The most bytes the archive's files may unpack to, together.
pub const MAX_UNPACKED_BYTES: u64 = 40 * 1024 * 1024;
/// The most files in the archive.
pub const MAX_FILES: usize = 200;
/// The most cells one sheet may hold.
pub const MAX_CELLS: usize = 200_000;
/// The last row and column (zero-based) a cell may stand in.
pub const MAX_ROW: u32 = 50_000;
pub const MAX_COLUMN: u32 = 200;

/// Why a workbook is refused before it is read. A file that is no workbook
/// at all passes: the reader refuses it with its own words.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum TooLarge {
    #[error("the workbook unpacks to more than {} MiB or holds more than {MAX_FILES} files", MAX_UNPACKED_BYTES / 1024 / 1024)]
    Unpacked,
    #[error("a sheet holds more than {MAX_CELLS} cells, or cells past row {MAX_ROW} or column {MAX_COLUMN}")]
    Cells,
}

/// Checks the workbook's archive and sheets against the limits.
pub fn check(bytes: &[u8]) -> Result<(), TooLarge> {
    check_archive(bytes)?;
    let Ok(mut book) = open_workbook_from_rs::<Xlsx<_>, _>(Cursor::new(bytes)) else { return Ok(()) };
    for name in book.sheet_names() {
        let Ok(mut cells) = book.worksheet_cells_reader(&name) else { continue };
        let mut count = 0;
        while let Ok(Some(cell)) = cells.next_cell() {
            let (row, column) = cell.get_position();
            count += 1;
            if count > MAX_CELLS || row > MAX_ROW || column > MAX_COLUMN {
                return Err(TooLarge::Cells);
            }
        }
    }
    Ok(())
}

fn check_archive(bytes: &[u8]) -> Result<(), TooLarge> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(()) };
    if archive.len() > MAX_FILES {
        return Err(TooLarge::Unpacked);
    }
    let mut left = MAX_UNPACKED_BYTES;
    for index in 0..archive.len() {
        let Ok(file) = archive.by_index(index) else { return Ok(()) };
        let Ok(unpacked) = std::io::copy(&mut file.take(left + 1), &mut std::io::sink()) else {
            return Ok(());
        };
        left = left.checked_sub(unpacked).ok_or(TooLarge::Unpacked)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for (name, content) in files {
            writer.start_file(*name, options).unwrap();
            writer.write_all(content).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn an_archive_unpacking_past_the_limit_is_refused_without_unpacking_it_all() {
        let big = vec![b' '; (MAX_UNPACKED_BYTES / 2 + 1) as usize];
        let bomb = zip_of(&[("a.xml", &big), ("b.xml", &big)]);
        assert!(bomb.len() < 200_000, "it packs small: {}", bomb.len());
        assert_eq!(check_archive(&bomb), Err(TooLarge::Unpacked));
        assert_eq!(check_archive(&zip_of(&[("a.xml", &big)])), Ok(()));
        assert_eq!(check(b"not a zip"), Ok(()), "left for the reader to refuse");
    }

    #[test]
    fn the_planning_template_passes() {
        let codes = crate::workbook::Codes { indicators: &[], units: &[], programs: &[] };
        let template = crate::plan_workbook::workbook(&codes, &[]).unwrap();
        assert_eq!(check(&template), Ok(()));
    }
}
