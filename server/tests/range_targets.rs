//! Range targets ("7–8 bulan", "80–90 %") over the real server: a plan
//! keeps one; a range upside down or without its lower end is refused and
//! nothing changes; a report measures a realisation within the range as
//! 100 % and one outside it against the nearer end; the exported workbook
//! writes the range as Indonesian text and imports back unchanged, and a
//! typed "s.d." range imports.

use crate::common;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use common::{demo_server, get_json, signed_in};
use reqwest::StatusCode;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use std::io::Cursor;

/// IKU-07's plan of `year` with point targets of 10 and these ranges.
fn plan(year: i32, annual: (&str, &str), fourth: (String, String)) -> Value {
    json!([{ "indicator_id": "demo-indicator-iku-07", "year": year,
        "targets": { "annual": annual.0, "quarters": ["10", "10", "10", fourth.0],
                     "upper": { "annual": annual.1, "quarters": [null, null, null, fourth.1] } },
        "actions": ["", "", "", ""] }])
}

#[tokio::test]
async fn a_range_target_is_kept_measured_and_round_trips_through_the_workbook() {
    let (server, _dir) = demo_server().await;
    let admin = signed_in(&server, "admin").await;
    let year = time::OffsetDateTime::now_utc().year();
    // A December value, so that TW IV has a realisation whatever the day.
    common::enter_december_value(&server, year, "3").await;
    let quarter_path = format!("/api/v1/reports/quarter/{year}/4?unit=demo-unit-seksi-kdl");
    let row = |report: &Value| {
        report["rows"].as_array().unwrap().iter().find(|r| r["indicator_code"] == "IKU-07").unwrap().clone()
    };
    let realised: Decimal =
        row(&get_json(&admin, &server, &quarter_path).await)["measurement"]["realisation"]["value"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
    let text = |d: Decimal| d.normalize().to_string();
    let url = server.url(&format!("/api/v1/plans/{year}"));

    let plans_before = get_json(&admin, &server, &format!("/api/v1/plans?year={year}")).await;
    let upside_down = plan(year, ("60", "40"), (text(realised), text(realised + Decimal::ONE)));
    let refused = admin.put(&url).json(&upside_down).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["fields"][0]["field"], "annual_target");
    assert_eq!(body["error"]["fields"][0]["problem"], "inconsistent_targets");
    let mut no_lower = plan(year, ("40", "60"), (text(realised), text(realised + Decimal::ONE)));
    no_lower[0]["targets"]["quarters"][3] = Value::Null;
    let body: Value = admin.put(&url).json(&no_lower).send().await.unwrap().json().await.unwrap();
    assert_eq!(
        (&body["error"]["fields"][0]["field"], &body["error"]["fields"][0]["problem"]),
        (&json!("tw4_target"), &json!("required"))
    );
    assert_eq!(get_json(&admin, &server, &format!("/api/v1/plans?year={year}")).await, plans_before);

    // Within the range: 100 %.
    let around = plan(year, ("40", "60"), (text(realised - Decimal::ONE), text(realised + Decimal::ONE)));
    assert_eq!(admin.put(&url).json(&around).send().await.unwrap().status(), StatusCode::NO_CONTENT);
    let kept = get_json(&admin, &server, &format!("/api/v1/plans?year={year}")).await;
    let kept = kept
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["indicator_id"] == "demo-indicator-iku-07")
        .unwrap()
        .clone();
    assert_eq!(kept["targets"]["upper"], around[0]["targets"]["upper"]);
    let measured = row(&get_json(&admin, &server, &quarter_path).await)["measurement"].clone();
    assert_eq!(
        (&measured["target"], &measured["target_upper"]),
        (&json!(text(realised - Decimal::ONE)), &json!(text(realised + Decimal::ONE)))
    );
    assert_eq!(measured["capaian"]["percent"], "100");
    assert_eq!((&measured["annual_target"], &measured["annual_target_upper"]), (&json!("40"), &json!("60")));
    // Below it: against the lower end, R / (R + 2) × 100 for this positive indicator.
    let above = plan(year, ("40", "60"), (text(realised + Decimal::TWO), text(realised + Decimal::TEN)));
    assert_eq!(admin.put(&url).json(&above).send().await.unwrap().status(), StatusCode::NO_CONTENT);
    let measured = row(&get_json(&admin, &server, &quarter_path).await)["measurement"].clone();
    let percent: Decimal = measured["capaian"]["percent"].as_str().unwrap().parse().unwrap();
    let expected = realised * Decimal::ONE_HUNDRED / (realised + Decimal::TWO);
    assert_eq!(percent.round_dp(6), expected.round_dp(6));

    // The export writes the ranges as text, and imports back unchanged.
    let state = || async {
        let plans = get_json(&admin, &server, &format!("/api/v1/plans?year={year}")).await;
        (get_json(&admin, &server, "/api/v1/indicators").await, plans)
    };
    let before = state().await;
    let bytes = admin
        .get(server.url(&format!("/api/v1/exports/plans.xlsx?year={year}")))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .to_vec();
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    let sheet = book.worksheet_range("PK dan Rencana Aksi").unwrap();
    let line = sheet.rows().find(|r| r[0] == Data::String("IKU-07".into())).unwrap().to_vec();
    assert_eq!(line[2], Data::String("40–60".into()));
    let imported = admin.post(server.url("/api/v1/imports/plans")).body(bytes).send().await.unwrap();
    assert_eq!(imported.status(), StatusCode::OK, "{}", imported.text().await.unwrap());
    assert_eq!(state().await, before);
}
