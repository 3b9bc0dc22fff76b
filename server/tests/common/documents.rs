//! Reading report files back for the tests: the XLSX with calamine, the
//! DOCX's document XML, the CSV, each checked cell by cell against the
//! domain's laid-out table (`report::grid`), which every output is made from.

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use kinerja_core::domain::format::Style;
use kinerja_core::domain::formula::round2;
use kinerja_core::domain::report::grid::{Cell, Grid};
use reqwest::StatusCode;
use rust_decimal::prelude::ToPrimitive;
use std::io::{Cursor, Read};

/// The body of a GET that must answer 200.
pub async fn file(client: &reqwest::Client, url: String) -> Vec<u8> {
    let response = client.get(url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.bytes().await.unwrap().to_vec()
}

pub fn workbook(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes)).unwrap()
}

/// The rows of a worksheet.
pub fn worksheet(book: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Vec<Vec<Data>> {
    book.worksheet_range(name).unwrap().rows().map(|r| r.to_vec()).collect()
}

/// `rows` (headings first) hold `sheet`'s headings and cells: text as
/// text, numbers and percentages as numbers at full precision, empty as "—".
pub fn check_cells(rows: &[Vec<Data>], sheet: &Grid) {
    let titles: Vec<String> = rows[0].iter().map(|d| d.to_string()).collect();
    assert_eq!(titles, sheet.columns.iter().map(|c| c.title.clone()).collect::<Vec<_>>());
    assert_eq!(rows.len(), sheet.rows.len() + 1);
    for (row, got) in sheet.rows.iter().zip(&rows[1..]) {
        for (cell, data) in row.cells.iter().zip(got) {
            match (cell, data) {
                (Cell::Text { text }, Data::String(s)) => assert_eq!(s, text),
                (Cell::Text { text }, Data::Empty) => {
                    assert_eq!(text, "", "an empty text reads back as no cell")
                }
                (Cell::Number { value, .. } | Cell::Percent { value }, Data::Float(f)) => {
                    assert!((value.to_f64().unwrap() - f).abs() < 1e-9, "{value} {f}")
                }
                (Cell::Empty, Data::String(s)) => assert_eq!(s, "—"),
                (cell, data) => panic!("{cell:?} written as {data:?}"),
            }
        }
    }
}

/// A report workbook's measurement table: its headings on row 5, then a
/// row per indicator (the signature block follows).
pub fn measured_table<'a>(sheet: &'a [Vec<Data>], table: &Grid) -> &'a [Vec<Data>] {
    &sheet[4..5 + table.rows.len()]
}

/// The texts a report workbook's first sheet holds below its measurement table.
pub fn below_table(sheet: &[Vec<Data>], table: &Grid) -> Vec<String> {
    sheet[5 + table.rows.len()..].iter().flatten().map(|d| d.to_string()).filter(|t| !t.is_empty()).collect()
}

/// The XML of a part of a zip file (a DOCX or XLSX), by its path.
pub fn part_xml(bytes: &[u8], path: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    archive.by_name(path).unwrap().read_to_string(&mut xml).unwrap();
    xml
}

/// The document XML of a DOCX.
pub fn docx_xml(bytes: Vec<u8>) -> String {
    part_xml(&bytes, "word/document.xml")
}

pub fn escaped(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Every heading and every cell of `sheet`, as a reader sees it, is a text
/// run of the document.
pub fn check_docx(xml: &str, sheet: &Grid) {
    let shown = sheet
        .columns
        .iter()
        .map(|c| c.title.clone())
        .chain(sheet.rows.iter().flat_map(|r| r.cells.iter().map(|c| c.display(Style::Indonesian))));
    for cell in shown {
        assert!(xml.contains(&format!(">{}<", escaped(&cell))), "{cell} is not in the document");
    }
}

/// The CSV (after its byte-order mark) holds `sheet` line by line: numbers
/// at their places, percentages at two decimals, empty cells empty.
pub fn check_csv(bytes: &[u8], sheet: &Grid) {
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(headers, sheet.columns.iter().map(|c| c.title.clone()).collect::<Vec<_>>());
    let lines: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(lines.len(), sheet.rows.len());
    for (row, line) in sheet.rows.iter().zip(&lines) {
        for (cell, field) in row.cells.iter().zip(line.iter()) {
            let want = match cell {
                Cell::Text { text } => text.clone(),
                Cell::Number { value, places } => value.round_dp(*places).to_string(),
                Cell::Range { low, high, places } => {
                    format!("{}–{}", low.round_dp(*places), high.round_dp(*places))
                }
                Cell::Percent { value } => round2(*value).to_string(),
                Cell::Empty => String::new(),
            };
            assert_eq!(field, want, "{} in the CSV", row.label);
        }
    }
}
