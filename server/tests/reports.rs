//! Compiled reports through `GET /api/v1/reports/...` against the real
//! server and its SQLite file: each level is derived from the one below
//! and agrees with the measurement table; a month pushed afterwards, with
//! its narrative, flows into the quarter, semester and year; scope and bad
//! addresses are refused.

use crate::common;

use common::{demo_server, signed_in};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn this_year() -> i32 {
    time::OffsetDateTime::now_utc().year()
}

async fn get(client: &reqwest::Client, url: String) -> Value {
    let response = client.get(url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

/// The row of `code` in a report or table.
fn row<'a>(rows: &'a Value, code: &str) -> &'a Value {
    rows.as_array().unwrap().iter().find(|r| r["indicator_code"] == code).unwrap()
}

#[tokio::test]
async fn reports_are_compiled_from_the_level_below_and_follow_a_new_month() {
    let (server, _dir) = demo_server().await;
    let staf = signed_in(&server, "staf.evaluasi").await;
    let last = this_year() - 1;
    let report = |path: String| get(&staf, server.url(&format!("/api/v1/reports/{path}")));

    // Last year's annual report for the agency: its semesters are the semester reports' own rows.
    let annual = report(format!("annual/{last}/1")).await;
    assert!(annual["unit_id"].is_null());
    assert_eq!(annual["parts"], json!([format!("{last}-S1"), format!("{last}-S2")]));
    assert_eq!(annual["previous_period"], format!("{}", last - 1));
    let table = get(&staf, server.url(&format!("/api/v1/measurements?period={last}"))).await;
    let rows = annual["rows"].as_array().unwrap();
    assert_eq!(rows.len(), table["rows"].as_array().unwrap().len());
    for (n, semester) in ["S1", "S2"].iter().enumerate() {
        let own = report(format!("semester/{last}/{}", n + 1)).await;
        for row_of_year in rows {
            let code = row_of_year["indicator_code"].as_str().unwrap();
            assert_eq!(row_of_year["parts"][n], row(&own["rows"], code)["measurement"], "{code} {semester}");
        }
    }
    for row_of_year in rows {
        let code = row_of_year["indicator_code"].as_str().unwrap();
        assert_eq!(row_of_year["measurement"], row(&table["rows"], code)["measurement"], "{code}");
    }

    // A December value pushed now flows into TW IV, S2 and the year of the section.
    let year = this_year();
    let unit = "?unit=demo-unit-seksi-kdl";
    let before = report(format!("quarter/{year}/4{unit}")).await;
    common::enter_december_value(&server, year, "87.5").await;
    let quarter = report(format!("quarter/{year}/4{unit}")).await;
    assert_ne!(row(&quarter["rows"], "IKU-07")["measurement"], row(&before["rows"], "IKU-07")["measurement"]);
    let table =
        get(&staf, server.url(&format!("/api/v1/measurements?period={year}-TW4&unit=demo-unit-seksi-kdl")))
            .await;
    assert_eq!(row(&quarter["rows"], "IKU-07")["measurement"], row(&table["rows"], "IKU-07")["measurement"]);
    let semester = report(format!("semester/{year}/2{unit}")).await;
    assert_eq!(row(&semester["rows"], "IKU-07")["parts"][1], row(&quarter["rows"], "IKU-07")["measurement"]);
    let annual = report(format!("annual/{year}/1{unit}")).await;
    assert_eq!(row(&annual["rows"], "IKU-07")["parts"][1], row(&semester["rows"], "IKU-07")["measurement"]);
    assert_eq!(annual["completeness"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_report_is_refused_outside_the_caller_s_scope_or_at_a_bad_address() {
    let (server, _dir) = demo_server().await;
    let year = this_year();
    let kasi = signed_in(&server, "kasi.kdl").await;
    let own = get(&kasi, server.url(&format!("/api/v1/reports/quarter/{year}/1"))).await;
    assert_eq!(own["unit_id"], "demo-unit-seksi-kdl", "a section head gets the own section's report");
    let other = kasi
        .get(server.url(&format!("/api/v1/reports/quarter/{year}/1?unit=demo-unit-seksi-ppl")))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::FORBIDDEN);
    let anonymous =
        common::client().get(server.url(&format!("/api/v1/reports/quarter/{year}/1"))).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    let staf = signed_in(&server, "staf.evaluasi").await;
    for bad in [
        format!("quarter/{year}/5"),
        format!("semester/{year}/3"),
        format!("annual/{year}/2"),
        format!("monthly/{year}/1"),
        "quarter/abc/1".to_owned(),
        "quarter/1999/1".to_owned(),
        "quarter/2000/1".to_owned(),
    ] {
        let response = staf.get(server.url(&format!("/api/v1/reports/{bad}"))).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "bad_request", "{bad}");
    }
}
