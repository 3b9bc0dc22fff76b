//! Report files read back: the XLSX (with calamine), the DOCX (its
//! document XML) and the CSV each hold every cell of the report's
//! measurement table — compiled now, or an approved version as stored; an
//! LKjIP's workbook and document also hold its PK, efficiency table and
//! chapters, in the outline's order.

use crate::common;

use common::documents::{
    check_cells, check_csv, check_docx, docx_xml, escaped, file, measured_table, workbook, worksheet,
};
use common::{demo_server, signed_in};
use kinerja_core::domain::report::Report;
use kinerja_core::domain::report::grid::{budget_grid, efficiency_grid, grid, pk_grid};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Checks the measurement table (headings on row 5) and the budget table;
/// answers the status line.
fn check_xlsx(bytes: Vec<u8>, report: &Report, title: &str) -> String {
    let mut book = workbook(bytes);
    let measured = worksheet(&mut book, "Pengukuran Kinerja");
    assert_eq!(measured[0][0].to_string(), title);
    check_cells(measured_table(&measured, &grid(report)), &grid(report));
    check_cells(&worksheet(&mut book, "Anggaran"), &budget_grid(report));
    if let Some(lkjip) = &report.lkjip {
        check_cells(&worksheet(&mut book, "PK"), &pk_grid(&lkjip.pk));
        check_cells(&worksheet(&mut book, "Efisiensi"), &efficiency_grid(&lkjip.efficiency, "Unit Kerja"));
        check_cells(
            &worksheet(&mut book, "Efisiensi Sasaran"),
            &efficiency_grid(&lkjip.efficiency_by_sasaran, "Sasaran"),
        );
        check_cells(
            &worksheet(&mut book, "Efisiensi Indikator"),
            &efficiency_grid(&lkjip.efficiency_by_indicator, "Indikator"),
        );
        let chapters = worksheet(&mut book, "Bab");
        for (chapter, row) in lkjip.chapters.iter().zip(&chapters[1..]) {
            assert_eq!(
                (row[0].to_string(), row[1].to_string()),
                (chapter.title.clone(), chapter.text.clone())
            );
        }
        assert_eq!(chapters.len(), lkjip.chapters.len() + 1);
    }
    measured[2][0].to_string()
}

#[tokio::test]
async fn the_xlsx_docx_and_csv_hold_the_measurement_table() {
    let (server, _dir) = demo_server().await;
    let staf = signed_in(&server, "staf.evaluasi").await;
    let last = time::OffsetDateTime::now_utc().year() - 1;
    let base = server.url(&format!("/api/v1/reports/annual/{last}/1"));
    let report: Report = staf.get(&base).send().await.unwrap().json().await.unwrap();
    let table = grid(&report);
    assert!(table.rows.len() >= 10);
    let title = format!("Laporan Kinerja Instansi Pemerintah (LKjIP) Tahun {last}");

    assert!(!report.budget.is_empty());
    let status = check_xlsx(file(&staf, format!("{base}/export/xlsx")).await, &report, &title);
    assert!(status.ends_with("belum disetujui"), "{status}");

    let xml = docx_xml(file(&staf, format!("{base}/export/docx")).await);
    assert!(xml.contains(&escaped(&title)));
    assert!(xml.contains("Dinas Pertanahan dan Lingkungan Hidup Kabupaten Balangan"));
    assert!(xml.contains("Dari ") && xml.contains(" indikator kinerja, "));
    let lkjip = report.lkjip.as_ref().expect("an annual report is an LKjIP");
    assert!(!lkjip.pk.is_empty() && !lkjip.efficiency.is_empty());
    assert!(!lkjip.efficiency_by_sasaran.is_empty() && !lkjip.efficiency_by_indicator.is_empty());
    let by_unit = efficiency_grid(&lkjip.efficiency, "Unit Kerja");
    let by_sasaran = efficiency_grid(&lkjip.efficiency_by_sasaran, "Sasaran");
    let by_indicator = efficiency_grid(&lkjip.efficiency_by_indicator, "Indikator");
    for part in [&table, &pk_grid(&lkjip.pk), &by_unit, &by_sasaran, &by_indicator] {
        check_docx(&xml, part);
    }
    let at = |words: &str| xml.find(&format!(">{}<", escaped(words))).unwrap_or_else(|| panic!("{words}"));
    let mut outline: Vec<usize> = lkjip.chapters.iter().map(|c| at(&c.title)).collect();
    outline.insert(2, at("Bab II Perencanaan Kinerja — Perjanjian Kinerja"));
    assert!(outline.is_sorted(), "the chapters follow the LKjIP outline");
    for line in lkjip.chapters.iter().flat_map(|c| c.text.lines()).filter(|l| !l.trim().is_empty()) {
        assert!(xml.contains(&escaped(line)), "{line} is not in the document");
    }

    check_csv(&file(&staf, format!("{base}/export/csv")).await, &table);

    let bad = staf.get(format!("{base}/export/pdf")).send().await.unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn an_approved_version_exports_as_stored_under_the_unit_s_name() {
    let (server, _dir) = demo_server().await;
    let staf = signed_in(&server, "staf.evaluasi").await;
    let sekretaris = signed_in(&server, "sekretaris").await;
    let last = time::OffsetDateTime::now_utc().year() - 1;
    let base = server.url(&format!("/api/v1/reports/semester/{last}/2"));
    let unit = "unit=demo-unit-seksi-kdl";
    let saved: Value =
        staf.post(format!("{base}/versions?{unit}")).send().await.unwrap().json().await.unwrap();
    let hash = saved["version"]["content_hash"].clone();
    let approved = sekretaris
        .post(format!("{base}/versions/1/approve?{unit}"))
        .json(&json!({ "content_hash": hash }))
        .send()
        .await
        .unwrap();
    assert_eq!(approved.status(), StatusCode::OK);
    let stored: Value =
        staf.get(format!("{base}/versions/1?{unit}")).send().await.unwrap().json().await.unwrap();
    let report: Report = serde_json::from_value(stored["report"].clone()).unwrap();
    let status = check_xlsx(
        file(&staf, format!("{base}/export/xlsx?{unit}&version=1")).await,
        &report,
        &format!("Laporan Kinerja Semester II {last}"),
    );
    assert!(status.starts_with("Versi 1 — disetujui oleh Sekretaris Dinas (contoh)"), "{status}");
    let xml = docx_xml(file(&staf, format!("{base}/export/docx?{unit}&version=1")).await);
    assert!(xml.contains("Seksi"), "the unit's name heads the document");
    let missing = staf.get(format!("{base}/export/xlsx?{unit}&version=7")).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}
