//! One figure everywhere: over the demo agency plus random entries for the
//! current year, every period's `GET /measurements`, report JSON (rows and
//! the columns of their parts), XLSX (read back with calamine), DOCX XML and
//! CSV agree cell by cell for every indicator. And the case that once came
//! out 82,50: a quarterly `average` with TW I 70, TW II 80, TW III missing
//! and TW IV 90 is 80 for the year at every level.

use crate::common;

use common::documents::{
    check_cells, check_csv, check_docx, docx_xml, file, measured_table, workbook, worksheet,
};
use common::{Rng, demo_server, device_id, get_json, op_on, pull_all, push, seksi_indicator, signed_in};
use kinerja_core::domain::report::Report;
use kinerja_core::domain::report::grid::grid;
use reqwest::{Client, StatusCode};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use std::collections::HashSet;
use std::str::FromStr;

const CASE_ID: &str = "iku-rata-rata";
const CASE_UNIT: &str = "demo-unit-seksi-kdl";

fn this_year() -> i32 {
    time::OffsetDateTime::now_utc().year()
}

fn decimal(value: &Value) -> Option<Decimal> {
    value.as_str().map(|text| Decimal::from_str(text).unwrap().normalize())
}

/// The quarterly `average` indicator of the issue, with its year plan.
async fn add_the_average_case(admin: &Client, server: &common::Running, year: i32) {
    let indicator = seksi_indicator(CASE_ID, "IKU-RR", "average", "quarterly");
    let path = server.url(&format!("/api/v1/indicators/{CASE_ID}"));
    let added = admin.put(path).json(&indicator).send().await.unwrap();
    assert_eq!(added.status(), StatusCode::NO_CONTENT);
    let plan = json!([{ "indicator_id": CASE_ID, "year": year,
                        "targets": { "annual": "80", "quarters": ["75", "80", "80", "85"] },
                        "actions": ["", "", "", ""] }]);
    let saved = admin.put(server.url(&format!("/api/v1/plans/{year}"))).json(&plan).send().await.unwrap();
    assert!(saved.status().is_success(), "{}", saved.text().await.unwrap());
}

/// Pushes the case's quarters and a random value for about two thirds of
/// the entry periods of every indicator and reporting unit that hold none.
async fn enter_data(staf: &Client, server: &common::Running, year: i32, rng: &mut Rng) {
    let held: HashSet<String> = pull_all(staf, server)
        .await
        .iter()
        .filter(|r| r["entity"] == "realisation")
        .map(|r| r["key"].to_string())
        .collect();
    let mut ops = Vec::new();
    let mut op = |indicator: &str, unit: &str, period: String, value: String| {
        let key = json!({ "indicator_id": indicator, "unit_id": unit, "period": period });
        if !held.contains(&key.to_string()) {
            let seq = ops.len() as i64 + 1;
            ops.push(op_on("realisation", key, seq, 0, json!({ "value": null }), json!({ "value": value })));
        }
    };
    for (quarter, value) in [(1, "70"), (2, "80"), (4, "90")] {
        op(CASE_ID, CASE_UNIT, format!("{year}-TW{quarter}"), value.to_owned());
    }
    let indicators = get_json(staf, server, "/api/v1/indicators").await;
    for indicator in
        indicators.as_array().unwrap().iter().filter(|i| i["active"] == true && i["id"] != CASE_ID)
    {
        let monthly = indicator["rule"]["frequency"] == "monthly";
        let decimals = indicator["rule"]["decimals"].as_u64().unwrap() as u32;
        let periods: Vec<String> = if monthly {
            (1..=12).map(|m| format!("{year}-{m:02}")).collect()
        } else {
            (1..=4).map(|q| format!("{year}-TW{q}")).collect()
        };
        let units = std::iter::once(&indicator["responsible_unit_id"])
            .chain(indicator["contributor_unit_ids"].as_array().unwrap());
        for unit in units {
            for period in &periods {
                if rng.next(3) > 0 {
                    let places = rng.next(decimals as usize + 1) as u32;
                    let value = Decimal::new(rng.next(100_000) as i64, places);
                    op(
                        indicator["id"].as_str().unwrap(),
                        unit.as_str().unwrap(),
                        period.clone(),
                        value.to_string(),
                    );
                }
            }
        }
    }
    let device = device_id();
    for batch in ops.chunks(200) {
        let (status, body) = push(staf, server, &device, batch).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(body["answers"].as_array().unwrap().iter().all(|a| a["outcome"] == "applied"), "{body}");
    }
}

/// A period's text form and its report's address.
fn periods(year: i32) -> Vec<(String, String)> {
    let quarters = (1..=4).map(|q| (format!("{year}-TW{q}"), format!("quarter/{year}/{q}")));
    let semesters = (1..=2).map(|s| (format!("{year}-S{s}"), format!("semester/{year}/{s}")));
    quarters.chain(semesters).chain([(year.to_string(), format!("annual/{year}/1"))]).collect()
}

/// The measurement API's row of `indicator` (the agency's, or `unit`'s) for `period`.
async fn measured(staf: &Client, server: &common::Running, period: &str, unit: Option<&str>) -> Vec<Value> {
    let scope = unit.map(|u| format!("&unit={u}")).unwrap_or_default();
    let table = get_json(staf, server, &format!("/api/v1/measurements?period={period}{scope}")).await;
    table["rows"].as_array().unwrap().clone()
}

fn row_of<'a>(rows: &'a [Value], indicator: &str) -> &'a Value {
    rows.iter().find(|r| r["indicator_id"] == indicator).unwrap_or_else(|| panic!("no row of {indicator}"))
}

#[tokio::test]
async fn every_output_shows_the_same_figures_for_every_indicator_of_the_year() {
    let (server, _dir) = demo_server().await;
    let admin = signed_in(&server, "admin").await;
    let staf = signed_in(&server, "staf.evaluasi").await;
    let year = this_year();
    let seed = time::OffsetDateTime::now_utc().unix_timestamp() as u64;
    println!("random entries from seed {seed}");
    add_the_average_case(&admin, &server, year).await;
    enter_data(&staf, &server, year, &mut Rng(seed)).await;

    for unit in [None, Some(CASE_UNIT)] {
        let scope = unit.map(|u| format!("?unit={u}")).unwrap_or_default();
        for (period, address) in periods(year) {
            let api = measured(&staf, &server, &period, unit).await;
            let base = server.url(&format!("/api/v1/reports/{address}"));
            let report: Value = get_json(&staf, &server, &format!("/api/v1/reports/{address}{scope}")).await;
            let rows = report["rows"].as_array().unwrap();
            assert_eq!(rows.len(), api.len(), "{period}: every indicator in both");
            for row in rows {
                let indicator = row["indicator_id"].as_str().unwrap();
                assert_eq!(
                    row["measurement"],
                    row_of(&api, indicator)["measurement"],
                    "{period} {indicator}"
                );
            }
            for (index, part) in report["parts"].as_array().unwrap().iter().enumerate() {
                let part_rows = measured(&staf, &server, part.as_str().unwrap(), unit).await;
                for row in rows {
                    let indicator = row["indicator_id"].as_str().unwrap();
                    let from_api = &row_of(&part_rows, indicator)["measurement"];
                    assert_eq!(&row["parts"][index], from_api, "{period}, part {part}, {indicator}");
                }
            }

            let report: Report = serde_json::from_value(report).unwrap();
            let table = grid(&report);
            let mut book = workbook(file(&staf, format!("{base}/export/xlsx{scope}")).await);
            check_cells(measured_table(&worksheet(&mut book, "Pengukuran Kinerja"), &table), &table);
            check_docx(&docx_xml(file(&staf, format!("{base}/export/docx{scope}")).await), &table);
            check_csv(&file(&staf, format!("{base}/export/csv{scope}")).await, &table);
        }
    }

    // The case: the year is the mean of the three quarters entered.
    for unit in [None, Some(CASE_UNIT)] {
        let value = |rows: &[Value], path: &[&str]| {
            path.iter().fold(&row_of(rows, CASE_ID)["measurement"], |v, k| &v[*k]).clone()
        };
        let year_rows = measured(&staf, &server, &year.to_string(), unit).await;
        assert_eq!(
            decimal(&value(&year_rows, &["realisation", "value"])),
            Some(Decimal::from(80)),
            "not 82,50"
        );
        assert_eq!(value(&year_rows, &["realisation", "partial"]), true);
        let tw4 = measured(&staf, &server, &format!("{year}-TW4"), unit).await;
        assert_eq!(decimal(&value(&tw4, &["to_date", "realisation", "value"])), Some(Decimal::from(80)));
        let s1 = measured(&staf, &server, &format!("{year}-S1"), unit).await;
        assert_eq!(decimal(&value(&s1, &["realisation", "value"])), Some(Decimal::from(75)));
        let s2 = measured(&staf, &server, &format!("{year}-S2"), unit).await;
        assert_eq!(decimal(&value(&s2, &["realisation", "value"])), Some(Decimal::from(90)));
    }
}
