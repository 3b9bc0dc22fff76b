//! The Renstra's period and each indicator's target for its years, over the
//! real server: an administrator sets them; another role, a bad period and
//! bad targets are refused with nothing changed; and the annual report sets
//! the year's realisation against the Renstra's target for that year as
//! well as against its end target.

use crate::common;

use common::{client, demo_server, get_json, signed_in};

/// The first refused field of an answer, and its problem.
async fn first_refusal(response: reqwest::Response) -> (String, String) {
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    let field = &body["error"]["fields"][0];
    (field["field"].as_str().unwrap().to_owned(), field["problem"].as_str().unwrap().to_owned())
}
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn the_renstra_period_and_yearly_targets_are_kept_and_reach_the_annual_report() {
    let (server, _dir) = demo_server().await;
    let admin = signed_in(&server, "admin").await;
    let year = time::OffsetDateTime::now_utc().year();
    let last = year - 1;
    // The demo's Renstra runs from last year to three years on.
    let renstra = get_json(&admin, &server, "/api/v1/renstra").await;
    assert_eq!(renstra["period"], json!({ "first_year": last, "last_year": year + 3 }));

    let period_url = server.url("/api/v1/renstra/period");
    let six_years = json!({ "first_year": year, "last_year": year + 5 });
    let refused = admin.put(&period_url).json(&six_years).send().await.unwrap();
    assert_eq!(first_refusal(refused).await, ("last_year".into(), "out_of_range".into()));
    let new_period = json!({ "first_year": last - 1, "last_year": year + 2 });
    let kasi = signed_in(&server, "kasi.kdl").await;
    assert_eq!(kasi.put(&period_url).json(&new_period).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let signed_out = client().put(&period_url).json(&new_period).send().await.unwrap();
    assert_eq!(signed_out.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(get_json(&admin, &server, "/api/v1/renstra").await, renstra, "nothing changed");
    assert_eq!(
        admin.put(&period_url).json(&new_period).send().await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(get_json(&kasi, &server, "/api/v1/renstra").await["period"], new_period);

    // IKU-07 (positive) with a December value, so that this year has a
    // realisation whatever the day: its Renstra target for this year is
    // twice that realisation, and the end target four times.
    common::enter_december_value(&server, year, "8").await;
    let annual_path = format!("/api/v1/reports/annual/{year}/1");
    let row_of = |report: &Value, id: &Value| {
        report["rows"].as_array().unwrap().iter().find(|r| r["indicator_id"] == *id).unwrap().clone()
    };
    let indicators = get_json(&admin, &server, "/api/v1/indicators").await;
    let mut indicator =
        indicators.as_array().unwrap().iter().find(|i| i["code"] == "IKU-07").unwrap().clone();
    assert_eq!(indicator["rule"]["polarity"], "positive");
    let annual = get_json(&admin, &server, &annual_path).await;
    let realised: rust_decimal::Decimal =
        row_of(&annual, &indicator["id"])["measurement"]["realisation"]["value"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
    let two = rust_decimal::Decimal::TWO;
    indicator["renstra_targets"] = json!([
        { "year": last, "target": "1" },
        { "year": year, "target": (realised * two).normalize().to_string() },
        { "year": year + 1, "target": "1" }
    ]);
    indicator["end_target"] = json!((realised * two * two).normalize().to_string());
    let url = server.url(&format!("/api/v1/indicators/{}", indicator["id"].as_str().unwrap()));
    let mut twice = indicator.clone();
    twice["renstra_targets"][1]["year"] = json!(last);
    let refused = admin.put(&url).json(&twice).send().await.unwrap();
    assert_eq!(first_refusal(refused).await, ("renstra_targets".into(), "duplicate".into()));
    assert_eq!(get_json(&admin, &server, "/api/v1/indicators").await, indicators, "nothing changed");
    let saved = admin.put(&url).json(&indicator).send().await.unwrap();
    assert_eq!(saved.status(), StatusCode::NO_CONTENT);
    let kept = get_json(&admin, &server, "/api/v1/indicators").await;
    let kept = kept.as_array().unwrap().iter().find(|i| i["id"] == indicator["id"]).unwrap().clone();
    assert_eq!(kept["renstra_targets"], indicator["renstra_targets"]);

    let row = row_of(&get_json(&admin, &server, &annual_path).await, &indicator["id"]);
    let renstra = &row["renstra"];
    let percent = |capaian: &Value| {
        capaian["percent"].as_str().unwrap().parse::<rust_decimal::Decimal>().unwrap().round_dp(2).to_string()
    };
    assert_eq!(renstra["year_target"], indicator["renstra_targets"][1]["target"]);
    assert_eq!((percent(&renstra["year_capaian"]), percent(&renstra["capaian"])), ("50".into(), "25".into()));
    let quarter = get_json(&admin, &server, &format!("/api/v1/reports/quarter/{year}/4")).await;
    assert!(quarter["rows"].as_array().unwrap().iter().all(|r| r["renstra"].is_null()));
}
