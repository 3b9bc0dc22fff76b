//! Report versions against the real server and its SQLite file: the
//! programme staff regenerate a draft, the sekretaris approves the content
//! reviewed; a month pushed afterwards leaves the approved snapshot as it
//! was, the next regeneration makes version 2, and the diff lists exactly
//! the cells that month changed. Roles, stale approvals and unknown
//! versions are refused and change nothing.

use crate::common;

use common::{call, demo_server, device_id, push, realisation_op, signed_in};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn an_approved_report_is_a_snapshot_later_data_makes_a_new_version_and_the_diff_lists_the_cells() {
    let (server, _dir) = demo_server().await;
    let year = time::OffsetDateTime::now_utc().year();
    let base = server.url(&format!("/api/v1/reports/quarter/{year}/4"));
    let unit = "unit=demo-unit-seksi-kdl";
    let staf = signed_in(&server, "staf.evaluasi").await;
    let kasi = signed_in(&server, "kasi.kdl").await;
    let sekretaris = signed_in(&server, "sekretaris").await;

    // The draft: made once, and regenerating unchanged data writes nothing.
    let created = call(staf.post(format!("{base}/versions?{unit}")), StatusCode::CREATED).await;
    assert_eq!(created["outcome"], "created");
    assert_eq!(
        (created["version"]["version"].as_u64(), created["version"]["status"].as_str()),
        (Some(1), Some("draft"))
    );
    let again = call(staf.post(format!("{base}/versions?{unit}")), StatusCode::OK).await;
    assert_eq!(
        (again["outcome"].as_str(), again["version"]["version"].as_u64()),
        (Some("unchanged"), Some(1))
    );
    let hash = created["version"]["content_hash"].as_str().unwrap().to_owned();

    // Refused: a section head drafting, the programme staff approving, a hash not reviewed.
    call(kasi.post(format!("{base}/versions?{unit}")), StatusCode::FORBIDDEN).await;
    call(
        staf.post(format!("{base}/versions/1/approve?{unit}")).json(&json!({ "content_hash": hash })),
        StatusCode::FORBIDDEN,
    )
    .await;
    let stale = call(
        sekretaris
            .post(format!("{base}/versions/1/approve?{unit}"))
            .json(&json!({ "content_hash": "0".repeat(64) })),
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(stale["error"]["code"], "not_what_was_reviewed");
    call(
        sekretaris.post(format!("{base}/versions/9/approve?{unit}")).json(&json!({ "content_hash": hash })),
        StatusCode::NOT_FOUND,
    )
    .await;
    call(sekretaris.get(format!("{base}/versions/x?{unit}")), StatusCode::BAD_REQUEST).await;
    assert_eq!(call(kasi.get(format!("{base}/versions/1?{unit}")), StatusCode::OK).await["status"], "draft");

    // Approved, by name and time; approving it again changes nothing.
    let approve = || {
        sekretaris.post(format!("{base}/versions/1/approve?{unit}")).json(&json!({ "content_hash": hash }))
    };
    let approved = call(approve(), StatusCode::OK).await;
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["approved_by"], "Sekretaris Dinas (contoh)");
    assert_eq!(call(approve(), StatusCode::OK).await, approved);
    let snapshot = call(kasi.get(format!("{base}/versions/1?{unit}")), StatusCode::OK).await;

    // December of IKU-07 arrives afterwards.
    let december = format!("{year}-12");
    let op = realisation_op(1, "iku-07", "seksi-kdl", &december, 0, json!({}), json!({ "value": "87.5" }));
    let (status, answer) = push(&kasi, &server, &device_id(), &[op]).await;
    assert_eq!(
        (status, answer["answers"][0]["outcome"].as_str()),
        (StatusCode::OK, Some("applied")),
        "{answer}"
    );

    // The approved snapshot is as it was; the next regeneration is version 2.
    assert_eq!(call(kasi.get(format!("{base}/versions/1?{unit}")), StatusCode::OK).await, snapshot);
    let second = call(staf.post(format!("{base}/versions?{unit}")), StatusCode::CREATED).await;
    assert_eq!(
        (second["version"]["version"].as_u64(), second["version"]["status"].as_str()),
        (Some(2), Some("draft"))
    );
    assert_ne!(second["version"]["content_hash"], hash);
    let current = call(staf.get(format!("{base}?{unit}")), StatusCode::OK).await;
    assert_eq!(call(staf.get(format!("{base}/versions/2?{unit}")), StatusCode::OK).await["report"], current);

    // The diff lists IKU-07's cells that the month changed, and nothing else.
    let diff = call(staf.get(format!("{base}/diff?{unit}&from=1&to=2")), StatusCode::OK).await;
    let changes = diff["changes"].as_array().unwrap();
    assert!(!changes.is_empty());
    assert!(changes.iter().all(|c| c["row"] == "demo-indicator-iku-07"), "{diff}");
    let realisation =
        changes.iter().find(|c| c["column"] == "realisation").expect("the TW IV realisation changed");
    assert_eq!(
        (realisation["title"].as_str(), realisation["label"].as_str()),
        (Some("Realisasi TW IV"), Some("IKU-07"))
    );
    let old_row = snapshot["report"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["indicator_code"] == "IKU-07")
        .unwrap();
    let new_row =
        current["rows"].as_array().unwrap().iter().find(|r| r["indicator_code"] == "IKU-07").unwrap();
    let value = |row: &Value| row["measurement"]["realisation"]["value"].clone();
    assert_ne!(value(old_row), value(new_row));
    assert_eq!(realisation["after"]["value"], value(new_row));

    // Another change while version 2 is a draft regenerates it in place.
    let op = realisation_op(
        2,
        "iku-07",
        "seksi-kdl",
        &december,
        1,
        json!({ "value": "87.5" }),
        json!({ "value": "90" }),
    );
    let (_, answer) = push(&kasi, &server, &device_id(), &[op]).await;
    assert_eq!(answer["answers"][0]["outcome"], "applied", "{answer}");
    let replaced = call(staf.post(format!("{base}/versions?{unit}")), StatusCode::OK).await;
    assert_eq!(
        (replaced["outcome"].as_str(), replaced["version"]["version"].as_u64()),
        (Some("replaced"), Some(2))
    );
    let versions = call(kasi.get(format!("{base}/versions?{unit}")), StatusCode::OK).await;
    let listed: Vec<(u64, &str)> = versions
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["version"].as_u64().unwrap(), v["status"].as_str().unwrap()))
        .collect();
    assert_eq!(listed, [(1, "approved"), (2, "draft")]);
    assert_eq!(versions[0], approved);
}
