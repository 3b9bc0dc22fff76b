//! Spreadsheet import and export against the real server: a workbook filled
//! in the template's layout imports; one with three bad rows is refused whole
//! with exactly those rows reported and nothing written; an export imports
//! back unchanged, fields with non-default values (negative formula,
//! decimals, programme, Renstra targets) and those the workbook does not
//! hold (active) included.

use crate::common;

use calamine::{Reader, Xlsx, open_workbook_from_rs};
use common::{Running, get_json, signed_in};
use reqwest::{Client, StatusCode};
use rust_xlsxwriter::Workbook;
use serde_json::{Value, json};
use std::io::Cursor;

/// The sheets of a workbook and their header rows.
fn headers(bytes: &[u8]) -> Vec<(String, Vec<String>)> {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let first =
                range.rows().next().map(|r| r.iter().map(|c| c.to_string()).collect()).unwrap_or_default();
            (name, first)
        })
        .collect()
}

/// A cell to write: text or a number.
#[derive(Clone)]
enum Cell<'a> {
    T(&'a str),
    N(f64),
}
use Cell::{N, T};

/// A workbook with the template's two data sheets, headers as the template has them.
fn filled(template: &[(String, Vec<String>)], iku: &[Vec<Cell>], plans: &[Vec<Cell>]) -> Vec<u8> {
    let mut book = Workbook::new();
    for ((name, header), rows) in template.iter().take(2).zip([iku, plans]) {
        let sheet = book.add_worksheet();
        sheet.set_name(name).unwrap();
        for (col, title) in header.iter().enumerate() {
            sheet.write_string(0, col as u16, title).unwrap();
        }
        for (r, row) in rows.iter().enumerate() {
            for (col, cell) in row.iter().enumerate() {
                let (r, col) = (r as u32 + 1, col as u16);
                match cell {
                    T("") => {}
                    T(text) => {
                        sheet.write_string(r, col, *text).unwrap();
                    }
                    N(number) => {
                        sheet.write_number(r, col, *number).unwrap();
                    }
                }
            }
        }
    }
    book.save_to_buffer().unwrap()
}

fn iku_row<'a>(code: &'a str, name: &'a str, polarity: &'a str, unit: &'a str) -> Vec<Cell<'a>> {
    vec![
        T(code),
        T(name),
        T("dokumen"),
        T(polarity),
        T("Jumlah"),
        T("Per triwulan"),
        T("Bulanan"),
        T(unit),
        T("Definisi contoh"),
        T(""),
        T("Laporan bulanan"),
        N(10.0),
        N(2024.0),
        T("60"),
    ]
}

/// `bytes` as a workbook of the layout before the IKU sheet's extra
/// columns and the Renstra sheet: each sheet's cells copied as text or
/// numbers, the IKU sheet's first 14 columns only.
fn without_extra_columns(bytes: &[u8]) -> Vec<u8> {
    copied(bytes, 14, None)
}

/// `bytes` copied cell by cell, the IKU sheet's first `iku_width` columns
/// only; the Renstra sheet left out, or given `renstra` rows (after its header).
fn copied(bytes: &[u8], iku_width: usize, renstra: Option<&[Vec<Cell>]>) -> Vec<u8> {
    let mut source: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let mut book = Workbook::new();
    for name in source.sheet_names() {
        let range = source.worksheet_range(&name).unwrap();
        let sheet = book.add_worksheet();
        sheet.set_name(&name).unwrap();
        if name == "Target Renstra" {
            for (col, title) in ["Kode IKU", "Tahun", "Target"].iter().enumerate() {
                sheet.write_string(0, col as u16, *title).unwrap();
            }
            for (r, row) in renstra.unwrap_or_default().iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    let (r, c) = (r as u32 + 1, c as u16);
                    match cell {
                        T(text) => sheet.write_string(r, c, *text).map(|_| ()).unwrap(),
                        N(number) => sheet.write_number(r, c, *number).map(|_| ()).unwrap(),
                    }
                }
            }
            if renstra.is_none() {
                book.worksheets_mut().pop();
            }
            continue;
        }
        let width = if name == "IKU" { iku_width } else { usize::MAX };
        for (r, row) in range.rows().enumerate() {
            for (c, cell) in row.iter().enumerate().take(width) {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    calamine::Data::Float(number) => sheet.write_number(r, c, *number).map(|_| ()).unwrap(),
                    calamine::Data::Int(number) => {
                        sheet.write_number(r, c, *number as f64).map(|_| ()).unwrap()
                    }
                    calamine::Data::Empty => {}
                    other => sheet.write_string(r, c, other.to_string()).map(|_| ()).unwrap(),
                }
            }
        }
    }
    book.save_to_buffer().unwrap()
}

async fn import(client: &Client, server: &Running, bytes: Vec<u8>) -> reqwest::Response {
    client.post(server.url("/api/v1/imports/plans")).body(bytes).send().await.unwrap()
}

async fn state(client: &Client, server: &Running, year: i32) -> (Value, Value) {
    let indicators = get_json(client, server, "/api/v1/indicators").await;
    (indicators, get_json(client, server, &format!("/api/v1/plans?year={year}")).await)
}

#[tokio::test]
async fn a_filled_template_imports_and_a_file_with_bad_rows_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start_with(dir.path(), &["--demo"]).await;
    let client = signed_in(&server, "admin").await;
    let template = client.get(server.url("/api/v1/templates/plans.xlsx")).send().await.unwrap();
    assert_eq!(template.status(), StatusCode::OK);
    let layout = headers(&template.bytes().await.unwrap());
    assert_eq!(layout.len(), 4, "two data sheets, the Renstra targets and the instructions");
    assert_eq!(
        layout[2],
        ("Target Renstra".to_owned(), vec!["Kode IKU".into(), "Tahun".into(), "Target".into()])
    );
    assert_eq!(layout[0].0, "IKU");
    assert!(layout[0].1.len() >= 17 && layout[1].1.len() >= 11);

    let good = filled(
        &layout,
        &[
            iku_row("IKU-X1", "Jumlah izin lingkungan terbit", "Positif", "SEKSI-KDL"),
            iku_row("IKU-X2", "Jumlah titik pantau kualitas air", "positive", "seksi-ppl"),
            iku_row("IKU-X3", "Jumlah kasus limbah B3", "Negatif", "SEKSI-PENGADUAN"),
        ],
        &[
            vec![
                T("IKU-X1"),
                N(2026.0),
                T("1.200,5"),
                N(300.0),
                N(300.0),
                N(300.0),
                T("300,5"),
                T("Sosialisasi"),
            ],
            vec![T("IKU-X2"), N(2026.0), N(40.0), N(10.0), N(10.0), N(10.0), N(10.0)],
            vec![T("IKU-X3"), T("2026"), N(8.0), N(2.0), N(2.0), N(2.0), N(2.0)],
        ],
    );
    let response = import(&client, &server, good).await;
    assert_eq!(response.status(), StatusCode::OK);
    let summary: Value = response.json().await.unwrap();
    assert_eq!(summary, json!({ "indicators": 3, "plans": 3 }));
    let (indicators, plans) = state(&client, &server, 2026).await;
    let x1 = indicators.as_array().unwrap().iter().find(|i| i["code"] == "IKU-X1").unwrap();
    assert_eq!(x1["responsible_unit_id"], "demo-unit-seksi-kdl");
    assert_eq!(x1["baseline"], "10");
    let x2 = indicators.as_array().unwrap().iter().find(|i| i["code"] == "IKU-X2").unwrap();
    assert_eq!(x2["rule"]["polarity"], "positive");
    let plan = plans.as_array().unwrap().iter().find(|p| p["indicator_id"] == x1["id"]).unwrap();
    assert_eq!(plan["targets"]["annual"], "1200.5");
    assert_eq!(plan["targets"]["quarters"], json!(["300", "300", "300", "300.5"]));
    assert_eq!(plan["actions"][0], "Sosialisasi");

    let before = state(&client, &server, 2026).await;
    let bad = filled(
        &layout,
        &[
            iku_row("IKU-Y1", "Indikator baik pertama", "Positif", "SEKSI-KDL"),
            iku_row("IKU-Y2", "", "Positif", "SEKSI-KDL"),
            iku_row("IKU-Y3", "Polaritas salah", "Naik", "SEKSI-KDL"),
            iku_row("IKU-Y4", "Indikator baik kedua", "Negatif", "SEKSI-KDL"),
            iku_row("IKU-Y5", "Unit tidak dikenal", "Positif", "SEKSI-XYZ"),
        ],
        &[vec![T("IKU-Y1"), N(2026.0), N(12.0), N(3.0), N(3.0), N(3.0), N(3.0)]],
    );
    let response = import(&client, &server, bad).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "import_rejected");
    let reported: Vec<(String, u64, String, String)> = body["error"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let text = |k: &str| r[k].as_str().unwrap().to_owned();
            (text("sheet"), r["row"].as_u64().unwrap(), text("column"), text("problem"))
        })
        .collect();
    let expected = [
        ("IKU", 3, layout[0].1[1].as_str(), "required"),
        ("IKU", 4, layout[0].1[3].as_str(), "invalid"),
        ("IKU", 6, layout[0].1[7].as_str(), "unknown_reference"),
    ];
    let expected: Vec<(String, u64, String, String)> =
        expected.iter().map(|(s, r, c, p)| (s.to_string(), *r, c.to_string(), p.to_string())).collect();
    assert_eq!(reported, expected);
    assert_eq!(state(&client, &server, 2026).await, before, "nothing of the refused file was written");

    // The extra columns are checked too: a known contributor, 0 to 6
    // decimals, a known formula, a known programme.
    let mut extras = iku_row("IKU-Z1", "Kolom tambahan", "Negatif", "SEKSI-KDL");
    extras.extend([T("OPD-PUPR, OPD-XYZ"), N(7.0), T("kuadrat"), T("PRG-XYZ")]);
    let mut fine = iku_row("IKU-Z2", "Kolom tambahan benar", "Negatif", "SEKSI-KDL");
    fine.extend([T("opd-pupr; INST-BPN"), N(1.0), T("T / R"), T("prg-03")]);
    let response = import(&client, &server, filled(&layout, &[extras, fine.clone()], &[])).await;
    let body: Value = response.json().await.unwrap();
    let columns: Vec<&str> =
        body["error"]["rows"].as_array().unwrap().iter().map(|r| r["column"].as_str().unwrap()).collect();
    assert_eq!(columns, ["Unit kontributor", "Desimal", "Rumus negatif", "Kode program"], "{body}");
    assert_eq!(import(&client, &server, filled(&layout, &[fine], &[])).await.status(), StatusCode::OK);
    let (indicators, _) = state(&client, &server, 2026).await;
    let z2 = indicators.as_array().unwrap().iter().find(|i| i["code"] == "IKU-Z2").unwrap();
    assert_eq!(
        z2["contributor_unit_ids"],
        json!(["demo-unit-inst-bpn", "demo-unit-opd-pupr"]),
        "stored in order"
    );
    assert_eq!(
        (z2["rule"]["decimals"].clone(), z2["rule"]["negative_formula"].clone(), z2["program_id"].clone()),
        (json!(1), json!("inverse"), json!("demo-program-prg-03"))
    );
}

#[tokio::test]
async fn an_export_imports_back_unchanged_and_only_administrators_import() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start_with(dir.path(), &["--demo"]).await;
    let client = signed_in(&server, "admin").await;
    let year = time::OffsetDateTime::now_utc().year();
    // Fields the workbook does not hold, away from their defaults: a
    // negative indicator's formula and decimals, and an inactive indicator.
    let indicators = get_json(&client, &server, "/api/v1/indicators").await;
    let mut changed = indicators.as_array().unwrap().clone();
    changed[0]["rule"]["polarity"] = json!("negative");
    changed[0]["rule"]["negative_formula"] = json!("inverse");
    changed[0]["rule"]["decimals"] = json!(0);
    changed[0]["contributor_unit_ids"] = json!(["demo-unit-opd-pupr", "demo-unit-inst-bpn"]);
    changed[0]["program_id"] = json!("demo-program-prg-03");
    changed[0]["renstra_targets"] = json!([
        { "year": year - 1, "target": "12.5" },
        { "year": year, "target": "0.75" },
        { "year": year + 1, "target": "1250000" }
    ]);
    changed[1]["active"] = json!(false);
    for indicator in &changed[..2] {
        let path = format!("/api/v1/indicators/{}", indicator["id"].as_str().unwrap());
        let saved = client.put(server.url(&path)).json(indicator).send().await.unwrap();
        assert_eq!(saved.status(), StatusCode::NO_CONTENT, "{}", saved.text().await.unwrap());
    }
    let mut unknown = changed[0].clone();
    unknown["program_id"] = json!("tidak-ada");
    let path = format!("/api/v1/indicators/{}", unknown["id"].as_str().unwrap());
    let refused: serde_json::Value =
        client.put(server.url(&path)).json(&unknown).send().await.unwrap().json().await.unwrap();
    assert_eq!(
        (&refused["error"]["fields"][0]["field"], &refused["error"]["fields"][0]["problem"]),
        (&json!("program_id"), &json!("unknown_reference"))
    );
    let before = state(&client, &server, year).await;
    let kept = before.0.as_array().unwrap();
    assert_eq!(
        kept.iter().find(|i| i["id"] == changed[0]["id"]).unwrap()["program_id"],
        "demo-program-prg-03"
    );
    let first = kept.iter().find(|i| i["id"] == changed[0]["id"]).unwrap();
    assert_eq!(
        (first["rule"]["negative_formula"].clone(), first["rule"]["decimals"].clone()),
        (json!("inverse"), json!(0))
    );
    assert_eq!(first["renstra_targets"], changed[0]["renstra_targets"]);
    assert_eq!(kept.iter().find(|i| i["id"] == changed[1]["id"]).unwrap()["active"], false);
    let export =
        client.get(server.url(&format!("/api/v1/exports/plans.xlsx?year={year}"))).send().await.unwrap();
    assert_eq!(export.status(), StatusCode::OK);
    let bytes = export.bytes().await.unwrap().to_vec();
    let sheets = headers(&bytes);
    assert_eq!(sheets[0].0, "IKU");
    let response = import(&client, &server, bytes.clone()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let summary: Value = response.json().await.unwrap();
    assert_eq!(summary["indicators"], before.0.as_array().unwrap().len());
    assert_eq!(state(&client, &server, year).await, before);
    // A workbook made before the extra columns existed changes none of them.
    let old = without_extra_columns(&bytes);
    assert_eq!(headers(&old)[0].1.len(), 14);
    assert_eq!(import(&client, &server, old).await.status(), StatusCode::OK);
    assert_eq!(state(&client, &server, year).await, before);
    // The Renstra sheet sets the targets of the IKU sheet's indicators
    // exactly; its bad cells are listed, and such a workbook changes nothing.
    let code = first["code"].as_str().unwrap().to_owned();
    let bad = copied(
        &bytes,
        usize::MAX,
        Some(&[
            vec![T("TIDAK-ADA"), N(f64::from(year)), N(1.0)],
            vec![T(&code), N(1990.0), N(1.0)],
            vec![T(&code), N(f64::from(year)), T("banyak")],
        ]),
    );
    let refused = import(&client, &server, bad).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = refused.json().await.unwrap();
    let cells: Vec<(&str, i64, &str, &str)> = body["error"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let text = |key: &str| r[key].as_str().unwrap();
            (text("sheet"), r["row"].as_i64().unwrap(), text("column"), text("problem"))
        })
        .collect();
    assert_eq!(
        cells,
        [
            ("Target Renstra", 2, "Kode IKU", "unknown_reference"),
            ("Target Renstra", 3, "Tahun", "out_of_range"),
            ("Target Renstra", 4, "Target", "invalid")
        ]
    );
    assert_eq!(state(&client, &server, year).await, before);
    let only_this_year = copied(&bytes, usize::MAX, Some(&[vec![T(&code), N(f64::from(year)), T("7,5")]]));
    assert_eq!(import(&client, &server, only_this_year).await.status(), StatusCode::OK);
    let indicators = get_json(&client, &server, "/api/v1/indicators").await;
    let targets = |id: &Value| {
        indicators.as_array().unwrap().iter().find(|i| i["id"] == *id).unwrap()["renstra_targets"].clone()
    };
    assert_eq!(targets(&changed[0]["id"]), json!([{ "year": year, "target": "7.5" }]));
    assert_eq!(
        targets(&changed[1]["id"]),
        json!([]),
        "an IKU-sheet indicator the sheet does not list has none"
    );

    let section_head = signed_in(&server, "kasi.kdl").await;
    let refused = import(&section_head, &server, bytes).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let garbage = import(&client, &server, b"not a spreadsheet".to_vec()).await;
    assert_eq!(garbage.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = garbage.json().await.unwrap();
    assert_eq!(body["error"]["code"], "import_rejected");
    assert_eq!(body["error"]["rows"][0]["message"], "the file is not an .xlsx workbook");
}
