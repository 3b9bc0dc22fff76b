//! One rule for numbers on every write path: generated numeric strings —
//! plain, long, with exponents, signs, negative zero, too many decimals or
//! digits — sent as a push's realisation, a plan's annual target, an
//! indicator's end target, a ceiling, a month's spending and an imported
//! workbook's target cell get the verdict `domain::number::read` gives, with
//! the same problem code on each path.

use crate::common;

use common::{Running, device_id, get_json, op_on, push, seksi_indicator, signed_in};
use kinerja_core::domain::number;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use reqwest::{Client, Response, StatusCode};
use rust_xlsxwriter::Workbook;
use serde_json::{Value, json};

const INDICATOR: &str = "iku-angka";

/// Generated number texts, with the cases the issue named among them.
fn texts() -> Vec<String> {
    let strategy = prop_oneof![
        "[0-9]{1,4}(\\.[0-9]{1,4})?",
        "-?[0-9]{0,20}(\\.[0-9]{0,9})?",
        "[0-9]{1,3}[eE][+-]?[0-9]{1,2}",
        "[+-]?0(\\.0{1,3})?",
        "[0-9]{1,3}\\.[0-9]{5,8}",
        "[0-9]{14,18}",
    ];
    let mut runner = TestRunner::deterministic();
    let mut texts: Vec<String> = (0..48)
        .map(|_| strategy.new_tree(&mut runner).unwrap().current())
        .filter(|t| !t.is_empty())
        .collect();
    texts.extend([
        "1".repeat(200),
        format!("0.{}", "9".repeat(199)),
        "0.0000001".into(),
        "-0".into(),
        "1e3".into(),
    ]);
    texts
}

/// What an answer says of the number: `Ok`, or the first field problem's code.
async fn verdict(response: Response) -> Result<(), String> {
    let status = response.status();
    if status.is_success() {
        return Ok(());
    }
    let body: Value = response.json().await.unwrap();
    let problem =
        body["error"]["fields"][0]["problem"].as_str().or(body["error"]["rows"][0]["problem"].as_str());
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    Err(problem.unwrap_or_else(|| panic!("no field problem in {body}")).to_owned())
}

async fn set_up(admin: &Client, server: &Running) -> String {
    let indicator = seksi_indicator(INDICATOR, "IKU-ANGKA", "last", "monthly");
    let put = admin.put(server.url(&format!("/api/v1/indicators/{INDICATOR}"))).json(&indicator).send().await;
    assert_eq!(put.unwrap().status(), StatusCode::NO_CONTENT);
    let reference = get_json(admin, server, "/api/v1/reference?year=2031").await;
    let program = reference["programs"].as_array().unwrap().iter().find(|p| p["unit_id"].is_null());
    program.unwrap_or(&reference["programs"][0])["id"].as_str().unwrap().to_owned()
}

/// A workbook of the import's layout with one plan whose annual target cell is `text`.
async fn workbook(admin: &Client, server: &Running, text: &str) -> Vec<u8> {
    let exported = admin.get(server.url("/api/v1/exports/plans.xlsx?year=2031")).send().await.unwrap();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(exported.bytes().await.unwrap().to_vec()))
            .unwrap();
    use calamine::Reader;
    let mut out = Workbook::new();
    for name in book.sheet_names().into_iter().take(2) {
        let range = book.worksheet_range(&name).unwrap();
        let sheet = out.add_worksheet();
        sheet.set_name(&name).unwrap();
        let rows: Vec<&[calamine::Data]> = range.rows().collect();
        let header: Vec<String> = rows[0].iter().map(ToString::to_string).collect();
        let plans = name != "IKU";
        let keep = |row: &&[calamine::Data]| !plans || row[0] == "IKU-ANGKA";
        let kept = std::iter::once(rows[0]).chain(rows[1..].iter().copied().filter(keep));
        for (r, row) in kept.enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    calamine::Data::Float(f) => sheet.write_number(r, c, *f).map(drop).unwrap(),
                    calamine::Data::Int(n) => sheet.write_number(r, c, *n as f64).map(drop).unwrap(),
                    calamine::Data::Empty => {}
                    other => sheet.write_string(r, c, other.to_string()).map(drop).unwrap(),
                }
            }
        }
        if plans {
            let year = header.iter().position(|h| h == "Tahun").unwrap();
            let annual = header.iter().position(|h| h == "Target tahunan").unwrap();
            sheet.write_string(1, 0, "IKU-ANGKA").unwrap();
            sheet.write_string(1, year as u16, "2031").unwrap();
            // A spreadsheet user writes the number as Indonesian does: a decimal comma.
            sheet.write_string(1, annual as u16, text.replace('.', ",")).unwrap();
        }
    }
    out.save_to_buffer().unwrap()
}

#[tokio::test]
async fn every_write_path_gives_a_number_the_same_verdict_and_code() {
    let (server, _dir) = common::demo_server().await;
    let admin = signed_in(&server, "admin").await;
    let staf = signed_in(&server, "staf.evaluasi").await;
    let program = set_up(&admin, &server).await;
    let device = device_id();
    let mut seen = std::collections::BTreeSet::new();
    for (i, text) in texts().iter().enumerate() {
        let expected = number::read(text).map(drop).map_err(|problem| problem.code().to_owned());
        seen.insert(expected.clone().err().unwrap_or_else(|| "accepted".into()));
        let month = format!("{}-{:02}", 2032 + i / 12, i % 12 + 1);

        let key = json!({ "indicator_id": INDICATOR, "unit_id": "demo-unit-seksi-kdl", "period": month });
        let op =
            op_on("realisation", key, i as i64 + 1, 0, json!({ "value": null }), json!({ "value": text }));
        let (status, body) = push(&staf, &server, &device, &[op]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let answer = &body["answers"][0];
        let pushed = match answer["outcome"].as_str() {
            Some("applied") => Ok(()),
            _ => Err(answer["fields"][0]["problem"].as_str().unwrap_or_default().to_owned()),
        };

        let plan = json!([{ "indicator_id": INDICATOR, "year": 2031,
                            "targets": { "annual": text, "quarters": [null, null, null, null] },
                            "actions": ["", "", "", ""] }]);
        let planned =
            verdict(admin.put(server.url("/api/v1/plans/2031")).json(&plan).send().await.unwrap()).await;

        let mut indicator = get_json(&admin, &server, "/api/v1/indicators")
            .await
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == INDICATOR)
            .unwrap()
            .clone();
        indicator["end_target"] = json!(text);
        let path = server.url(&format!("/api/v1/indicators/{INDICATOR}"));
        let targeted = verdict(admin.put(path).json(&indicator).send().await.unwrap()).await;

        let ceiling = json!([{ "program_id": program, "year": 2031, "pagu": text }]);
        let ceiled = verdict(
            admin.put(server.url("/api/v1/budget/ceilings/2031")).json(&ceiling).send().await.unwrap(),
        )
        .await;

        let spending = json!([{ "program_id": program, "period": month, "amount": text }]);
        let spent =
            verdict(staf.put(server.url("/api/v1/budget/spending")).json(&spending).send().await.unwrap())
                .await;

        let bytes = workbook(&admin, &server, text).await;
        let imported =
            verdict(admin.post(server.url("/api/v1/imports/plans")).body(bytes).send().await.unwrap()).await;

        let got = [
            ("push", pushed),
            ("plans", planned),
            ("indicator", targeted),
            ("ceilings", ceiled),
            ("spending", spent),
            ("import", imported),
        ];
        for (path, verdict) in got {
            assert_eq!(verdict, expected, "{text:?} through {path}");
        }
    }
    let every = ["accepted", "invalid", "negative", "out_of_range"];
    assert_eq!(seen.iter().map(String::as_str).collect::<Vec<_>>(), every, "the texts reach every verdict");
}
