//! The JSON API against the real server seeded with the demo agency: sign-in
//! and its limits, forced password changes, who may call what, the
//! measurement table within each user's scope, bad input that changes
//! nothing, and every page rendered by the server.

use crate::common;

use common::{client, demo_server, get_json, sign_in, signed_in};
use reqwest::StatusCode;
use serde_json::{Value, json};

const PASSWORD: &str = kinerja_server::demo::DEMO_PASSWORD;

async fn error_code(response: reqwest::Response) -> String {
    let body: Value = response.json().await.unwrap();
    body["error"]["code"].as_str().unwrap_or_default().to_owned()
}

fn this_year() -> i32 {
    time::OffsetDateTime::now_utc().year()
}

fn new_indicator(id: &str, code: &str) -> Value {
    json!({
        "id": id, "code": code, "name": "Jumlah kampung iklim (ProKlim) yang dibina",
        "sasaran_id": null, "unit_of_measure": "kampung",
        "rule": { "polarity": "positive", "aggregation": "sum", "target_mode": "per_period",
                  "frequency": "quarterly", "negative_formula": null, "decimals": 0 },
        "definition": "", "formula": "", "data_source": "",
        "responsible_unit_id": "demo-unit-seksi-ppl", "contributor_unit_ids": [],
        "baseline": null, "baseline_year": null, "end_target": "12", "active": true
    })
}

#[tokio::test]
async fn master_data_calls_are_for_administrators_only() {
    let (server, _dir) = demo_server().await;
    let year = this_year();
    let anonymous = client();
    assert_eq!(
        anonymous.get(server.url("/api/v1/units")).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );

    for username in common::DEMO_USERS {
        let client = signed_in(&server, username).await;
        let admin = username == "admin";
        let expect = |ok: StatusCode| if admin { ok } else { StatusCode::FORBIDDEN };

        let users = client.get(server.url("/api/v1/users")).send().await.unwrap();
        assert_eq!(users.status(), expect(StatusCode::OK), "{username} lists users");
        let unit = json!({ "id": format!("u-{username}"), "code": format!("SEKSI-X-{username}"), "name": "Seksi Baru",
                           "kind": "seksi", "parent_id": "demo-unit-bid-tl", "active": true });
        let added = client.post(server.url("/api/v1/units")).json(&unit).send().await.unwrap();
        assert_eq!(added.status(), expect(StatusCode::CREATED), "{username} adds a unit");
        let id = format!("ind-{username}");
        let code = format!("IKU-T-{}", username.replace('.', "-"));
        let saved = client
            .put(server.url(&format!("/api/v1/indicators/{id}")))
            .json(&new_indicator(&id, &code))
            .send()
            .await
            .unwrap();
        assert_eq!(saved.status(), expect(StatusCode::NO_CONTENT), "{username} saves an indicator");
        let plan = json!([{ "indicator_id": "demo-indicator-iku-07", "year": year,
                            "targets": { "annual": "48", "quarters": ["12", "12", "12", "12"] },
                            "actions": ["", "", "", ""] }]);
        let planned =
            client.put(server.url(&format!("/api/v1/plans/{year}"))).json(&plan).send().await.unwrap();
        assert_eq!(planned.status(), expect(StatusCode::NO_CONTENT), "{username} saves plans");
        if !admin {
            assert_eq!(error_code(planned).await, "forbidden");
        }
        // Reading what the entry forms need is open to everyone signed in.
        assert_eq!(
            client.get(server.url("/api/v1/indicators")).send().await.unwrap().status(),
            StatusCode::OK
        );
        assert_eq!(client.get(server.url("/api/v1/units")).send().await.unwrap().status(), StatusCode::OK);
    }

    let admin = signed_in(&server, "admin").await;
    let indicators: Vec<Value> =
        admin.get(server.url("/api/v1/indicators")).send().await.unwrap().json().await.unwrap();
    let added: Vec<&str> =
        indicators.iter().filter_map(|i| i["code"].as_str()).filter(|c| c.starts_with("IKU-T-")).collect();
    assert_eq!(added, vec!["IKU-T-admin"], "only the administrator's indicator was stored");
}

#[tokio::test]
async fn each_user_sees_the_measurement_table_of_their_scope() {
    let (server, _dir) = demo_server().await;
    let period = format!("{}-TW1", this_year());
    let url = |query: &str| server.url(&format!("/api/v1/measurements?period={period}{query}"));

    let staf = signed_in(&server, "staf.evaluasi").await;
    let agency: Value = staf.get(url("")).send().await.unwrap().json().await.unwrap();
    let indicators: Vec<Value> =
        staf.get(server.url("/api/v1/indicators")).send().await.unwrap().json().await.unwrap();
    let rows = agency["rows"].as_array().unwrap();
    assert_eq!(rows.len(), indicators.len());
    assert!(agency["unit"].is_null());
    for row in rows {
        let m = &row["measurement"];
        assert_eq!(m["period"], period.as_str());
        assert!(m["annual_target"].is_string(), "every demo indicator has a PK target");
        let capaian = &m["capaian"];
        assert!(capaian["state"] == "value" || capaian["state"] == "undefined");
        assert_eq!(m["predicate"].is_null(), capaian["state"] == "undefined");
    }

    let kasi = signed_in(&server, "kasi.kdl").await;
    let own: Value = kasi.get(url("")).send().await.unwrap().json().await.unwrap();
    assert_eq!(own["unit"], "demo-unit-seksi-kdl", "a section head defaults to the own section");
    let own_rows = own["rows"].as_array().unwrap();
    assert_eq!(own_rows.len(), 1);
    assert_eq!(own_rows[0]["indicator_code"], "IKU-07");
    let other = kasi.get(url("&unit=demo-unit-seksi-ppl")).send().await.unwrap();
    assert_eq!(other.status(), StatusCode::FORBIDDEN);

    let kabid = signed_in(&server, "kabid.tl").await;
    let below = kabid.get(url("&unit=demo-unit-seksi-kdl")).send().await.unwrap();
    assert_eq!(below.status(), StatusCode::OK, "a division head sees the sections below");

    for bad in ["?period=2026-TW9", "?year=abc", "?", "?year=2025&period=2026-TW1"] {
        let response = staf.get(server.url(&format!("/api/v1/measurements{bad}"))).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(error_code(response).await, "bad_request");
    }
}

#[tokio::test]
async fn sign_in_is_limited_after_repeated_failures() {
    let (server, _dir) = demo_server().await;
    for _ in 0..5 {
        let (_, response) = sign_in(&server, "staf.evaluasi", "wrong password 1").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(error_code(response).await, "invalid_credentials");
    }
    let (_, blocked) = sign_in(&server, "staf.evaluasi", PASSWORD).await;
    assert_eq!(blocked.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(blocked.headers().contains_key("retry-after"));
    let (_, other) = sign_in(&server, "kasi.kdl", PASSWORD).await;
    assert_eq!(other.status(), StatusCode::OK, "other users are not locked out");
    let (_, unknown) = sign_in(&server, "nobody", PASSWORD).await;
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_new_user_must_change_the_password_before_anything_else() {
    let (server, _dir) = demo_server().await;
    let admin = signed_in(&server, "admin").await;
    let user = json!({ "id": "u-baru", "username": "kasi.baru", "full_name": "Kepala Seksi Baru", "nip": "",
                       "role": "kepala_seksi", "unit_id": "demo-unit-seksi-ppl", "initial_password": "Mulai-2026-aman" });
    assert_eq!(
        admin.post(server.url("/api/v1/users")).json(&user).send().await.unwrap().status(),
        StatusCode::CREATED
    );

    let (first, response) = sign_in(&server, "kasi.baru", "Mulai-2026-aman").await;
    assert_eq!(response.status(), StatusCode::OK);
    let (second, _) = sign_in(&server, "kasi.baru", "Mulai-2026-aman").await;
    let me: Value = first.get(server.url("/api/v1/auth/me")).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["must_change_password"], true);
    let blocked = first.get(server.url("/api/v1/indicators")).send().await.unwrap();
    assert_eq!(blocked.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(blocked).await, "password_change_required");

    let change = |current: &str, new: &str| json!({ "current_password": current, "new_password": new });
    let wrong = first
        .post(server.url("/api/v1/auth/password"))
        .json(&change("salah-123", "Baru-2026-lebih-aman"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let weak = first
        .post(server.url("/api/v1/auth/password"))
        .json(&change("Mulai-2026-aman", "pendek"))
        .send()
        .await
        .unwrap();
    let weak: Value = weak.json().await.unwrap();
    assert_eq!(weak["error"]["fields"][0]["field"], "new_password");
    let done = first
        .post(server.url("/api/v1/auth/password"))
        .json(&change("Mulai-2026-aman", "Baru-2026-lebih-aman"))
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), StatusCode::OK);
    assert_eq!(first.get(server.url("/api/v1/indicators")).send().await.unwrap().status(), StatusCode::OK);
    let ended = second.get(server.url("/api/v1/indicators")).send().await.unwrap();
    assert_eq!(ended.status(), StatusCode::UNAUTHORIZED, "other sessions end with the password change");
    let nobody: Value = second.get(server.url("/api/v1/auth/me")).send().await.unwrap().json().await.unwrap();
    assert!(nobody.is_null());

    assert_eq!(
        first.post(server.url("/api/v1/auth/logout")).send().await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        first.get(server.url("/api/v1/units")).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let me: Value = first.get(server.url("/api/v1/auth/me")).send().await.unwrap().json().await.unwrap();
    assert!(me.is_null(), "signed out");
}

#[tokio::test]
async fn bad_input_gets_a_stable_code_and_changes_nothing() {
    let (server, _dir) = demo_server().await;
    let admin = signed_in(&server, "admin").await;
    let before: Value =
        admin.get(server.url("/api/v1/indicators")).send().await.unwrap().json().await.unwrap();

    let malformed = admin
        .put(server.url("/api/v1/indicators/x"))
        .header("content-type", "application/json")
        .body("{\"id\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(malformed).await, "bad_request");

    let mut invalid = new_indicator("x", "IKU 99");
    invalid["name"] = json!("");
    let refused = admin.put(server.url("/api/v1/indicators/x")).json(&invalid).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "validation_failed");
    let fields: Vec<&str> =
        body["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, vec!["code", "name"]);

    let duplicate = new_indicator("y", "IKU-01");
    let refused = admin.put(server.url("/api/v1/indicators/y")).json(&duplicate).send().await.unwrap();
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["fields"][0]["problem"], "duplicate");

    let mut dangling = new_indicator("z", "IKU-98");
    dangling["responsible_unit_id"] = json!("no-such-unit");
    let refused = admin.put(server.url("/api/v1/indicators/z")).json(&dangling).send().await.unwrap();
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["fields"][0]["problem"], "unknown_reference");

    let year = this_year();
    let half_bad = json!([
        { "indicator_id": "demo-indicator-iku-07", "year": year, "targets": { "annual": "50", "quarters": ["1", "1", "1", "1"] }, "actions": ["", "", "", ""] },
        { "indicator_id": "demo-indicator-iku-08", "year": year, "targets": { "annual": "-5", "quarters": [null, null, null, null] }, "actions": ["", "", "", ""] }
    ]);
    let refused =
        admin.put(server.url(&format!("/api/v1/plans/{year}"))).json(&half_bad).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let plans = get_json(&admin, &server, &format!("/api/v1/plans?year={year}")).await;
    let plans = plans.as_array().unwrap();
    let iku07 = plans.iter().find(|p| p["indicator_id"] == "demo-indicator-iku-07").unwrap();
    assert_eq!(iku07["targets"]["annual"], "48", "the valid half of a refused batch was not written");

    let unknown = admin.get(server.url("/api/v1/no-such-thing")).send().await.unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(unknown).await, "not_found");

    let after: Value =
        admin.get(server.url("/api/v1/indicators")).send().await.unwrap().json().await.unwrap();
    assert_eq!(before, after);
    assert!(server.health().await.is_some(), "the server keeps serving");
}

#[tokio::test]
async fn renstra_goals_and_objectives_are_kept_by_administrators() {
    let (server, _dir) = demo_server().await;
    let admin = signed_in(&server, "admin").await;
    let renstra: Value = admin.get(server.url("/api/v1/renstra")).send().await.unwrap().json().await.unwrap();
    let sasaran_ids: Vec<&str> =
        renstra["sasaran"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert!(!renstra["tujuan"].as_array().unwrap().is_empty() && !sasaran_ids.is_empty());
    let indicators: Vec<Value> =
        admin.get(server.url("/api/v1/indicators")).send().await.unwrap().json().await.unwrap();
    assert!(indicators.iter().all(|i| sasaran_ids.contains(&i["sasaran_id"].as_str().unwrap_or("none"))));

    let tujuan = json!({ "id": "t-baru", "code": "T9", "statement": "Tujuan baru" });
    assert_eq!(
        admin.put(server.url("/api/v1/tujuan/t-baru")).json(&tujuan).send().await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    let orphan =
        json!({ "id": "s-baru", "tujuan_id": "tidak-ada", "code": "S9", "statement": "Sasaran baru" });
    let refused = admin.put(server.url("/api/v1/sasaran/s-baru")).json(&orphan).send().await.unwrap();
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["fields"][0]["problem"], "unknown_reference");
    let sasaran = json!({ "id": "s-baru", "tujuan_id": "t-baru", "code": "S9", "statement": "Sasaran baru" });
    assert_eq!(
        admin.put(server.url("/api/v1/sasaran/s-baru")).json(&sasaran).send().await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    let mismatch = admin.put(server.url("/api/v1/sasaran/lain")).json(&sasaran).send().await.unwrap();
    assert_eq!(mismatch.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let kasi = signed_in(&server, "kasi.kdl").await;
    assert_eq!(
        kasi.put(server.url("/api/v1/tujuan/t-baru")).json(&tujuan).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let after: Value = kasi.get(server.url("/api/v1/renstra")).send().await.unwrap().json().await.unwrap();
    assert_eq!(after["sasaran"].as_array().unwrap().len(), sasaran_ids.len() + 1);
}

#[tokio::test]
async fn the_service_worker_and_the_app_shell_are_served_fresh() {
    let (server, _dir) = demo_server().await;
    let worker = reqwest::get(server.url("/sw.js")).await.unwrap();
    assert_eq!(worker.status(), StatusCode::OK);
    assert_eq!(worker.headers()["content-type"], "text/javascript; charset=utf-8");
    assert_eq!(worker.headers()["cache-control"], "no-cache", "a new version is seen at once");
    let script = worker.text().await.unwrap();
    assert!(script.contains(r#"const VERSION = "kinerja-"#), "{script}");
    for path in ["/shell", "/pkg/kinerja", "/manifest.webmanifest", "/sw-register.js", "/icon.svg"] {
        assert!(script.contains(&format!("\"{path}")), "{path} is precached");
    }
    assert!(!script.contains("__PRECACHE__") && !script.contains("__VERSION__"));
    let again = reqwest::get(server.url("/sw.js")).await.unwrap().text().await.unwrap();
    assert_eq!(again, script, "the same build gives the same worker");

    let shell = reqwest::get(server.url("/shell")).await.unwrap();
    assert_eq!(shell.headers()["cache-control"], "no-cache");
    let html = shell.text().await.unwrap();
    assert!(html.contains("<body data-shell=\"\"></body>"), "{html}");
    assert!(html.contains(r#"<link rel="manifest" href="/manifest.webmanifest">"#));
    assert!(html.contains("/sw-register.js"));
}

#[tokio::test]
async fn a_device_gets_a_years_reference_data_in_one_answer() {
    let (server, _dir) = demo_server().await;
    let year = this_year();
    let anonymous = client().get(server.url(&format!("/api/v1/reference?year={year}"))).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    let sekretaris = signed_in(&server, "sekretaris").await;
    let lock =
        json!({"unit_id": "demo-unit-bid-tl", "period": format!("{year}-TW1"), "reason": "TW I disetujui"});
    let locked = sekretaris.post(server.url("/api/v1/locks")).json(&lock).send().await.unwrap();
    assert_eq!(locked.status(), StatusCode::NO_CONTENT);

    let kontributor = signed_in(&server, "kontributor.pupr").await;
    let reference = get_json(&kontributor, &server, &format!("/api/v1/reference?year={year}")).await;
    let plans = get_json(&kontributor, &server, &format!("/api/v1/plans?year={year}")).await;
    let units = get_json(&kontributor, &server, "/api/v1/units").await;
    let indicators = get_json(&kontributor, &server, "/api/v1/indicators").await;
    let programs = get_json(&kontributor, &server, "/api/v1/programs").await;
    assert_eq!(reference["year"], year);
    assert_eq!(reference["plans"], plans, "the same plans as the plans call");
    assert_eq!((&reference["units"], &reference["indicators"]), (&units, &indicators));
    assert_eq!(reference["programs"], programs);
    let ceilings = reference["ceilings"].as_array().unwrap();
    assert_eq!(ceilings.len(), programs.as_array().unwrap().len(), "the demo gives every programme a pagu");
    assert!(ceilings.iter().all(|c| c["year"] == year));
    assert_eq!(reference["locks"][0]["reason"], "TW I disetujui");
    assert!(reference["policy"]["bands"].is_array(), "{}", reference["policy"]);

    let refused = kontributor.get(server.url("/api/v1/reference?year=1999")).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(refused).await, "validation_failed");
}

#[tokio::test]
async fn every_page_is_rendered_by_the_server_for_a_signed_in_user() {
    let (server, _dir) = demo_server().await;
    let kasi = signed_in(&server, "kasi.kdl").await;
    let pages = [
        "/",
        "/entri",
        "/siklus",
        "/disposisi",
        "/disposisi/none",
        "/laporan",
        "/data-induk",
        "/konflik",
        "/masuk",
    ];
    for page in pages {
        let response = kasi.get(server.url(page)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{page}");
        let html = response.text().await.unwrap();
        assert!(
            html.contains("data-testid=\"page-title\"") || page.starts_with("/disposisi/"),
            "{page}: {html}"
        );
    }
}
