//! The budget over the API against the real server: programmes and ceilings
//! by administrators, monthly spending within the caller's unit scope, and
//! the budget table with serapan to date computed from what was stored.

use crate::common;

use common::{demo_server, signed_in};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn spending_flows_into_serapan_within_each_users_scope() {
    let (server, _dir) = demo_server().await;
    let admin = signed_in(&server, "admin").await;
    let year = 2031;
    let program = json!({ "id": "p-uji", "code": "PRG-UJI", "name": "Program uji", "level": "program",
                          "parent_id": null, "unit_id": "demo-unit-seksi-kdl" });
    let saved = admin.put(server.url("/api/v1/programs/p-uji")).json(&program).send().await.unwrap();
    assert_eq!(saved.status(), StatusCode::NO_CONTENT);
    let orphan = json!({ "id": "k-uji", "code": "KEG-UJI", "name": "Kegiatan tanpa induk", "level": "kegiatan",
                         "parent_id": null, "unit_id": null });
    let refused = admin.put(server.url("/api/v1/programs/k-uji")).json(&orphan).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let ceilings = json!([{ "program_id": "p-uji", "year": year, "pagu": "1200000000" }]);
    let put = admin
        .put(server.url(&format!("/api/v1/budget/ceilings/{year}")))
        .json(&ceilings)
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), StatusCode::NO_CONTENT);

    let spending = json!([
        { "program_id": "p-uji", "period": format!("{year}-01"), "amount": "100000000" },
        { "program_id": "p-uji", "period": format!("{year}-02"), "amount": "200000000" },
        { "program_id": "p-uji", "period": format!("{year}-05"), "amount": "300000000" }
    ]);
    let kabid = signed_in(&server, "kabid.tl").await;
    let other_scope = signed_in(&server, "kontributor.pupr").await;
    let refused =
        other_scope.put(server.url("/api/v1/budget/spending")).json(&spending).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "a programme outside the caller's scope");
    let sekretaris = signed_in(&server, "sekretaris").await;
    let refused = sekretaris.put(server.url("/api/v1/budget/spending")).json(&spending).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "the sekretaris does not enter data");
    let stored = kabid.put(server.url("/api/v1/budget/spending")).json(&spending).send().await.unwrap();
    assert_eq!(
        stored.status(),
        StatusCode::NO_CONTENT,
        "the division head of the programme's section enters it"
    );

    let table = |period: String| {
        let admin = admin.clone();
        let url = server.url(&format!("/api/v1/budget?period={period}"));
        async move { admin.get(url).send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let q1 = table(format!("{year}-TW1")).await;
    let row = q1.as_array().unwrap().iter().find(|r| r["program"]["id"] == "p-uji").unwrap().clone();
    assert_eq!(row["spent_to_date"], "300000000");
    assert_eq!(row["serapan"]["percent"], "25");
    assert_eq!((row["reported"].as_u64(), row["expected"].as_u64()), (Some(2), Some(3)));
    let s1 = table(format!("{year}-S1")).await;
    let row = s1.as_array().unwrap().iter().find(|r| r["program"]["id"] == "p-uji").unwrap().clone();
    assert_eq!(row["serapan"]["percent"], "50");

    let bad = json!([
        { "program_id": "p-uji", "period": format!("{year}-03"), "amount": "5" },
        { "program_id": "p-uji", "period": format!("{year}-TW2"), "amount": "5" }
    ]);
    let refused = kabid.put(server.url("/api/v1/budget/spending")).json(&bad).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let after = table(format!("{year}-TW1")).await;
    let row = after.as_array().unwrap().iter().find(|r| r["program"]["id"] == "p-uji").unwrap().clone();
    assert_eq!(row["spent_to_date"], "300000000", "the valid half of a refused batch was not written");
}
