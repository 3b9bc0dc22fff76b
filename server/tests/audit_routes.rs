//! Every write route of the router, called successfully as the role that may,
//! leaves at least one row in the audit trail (`docs/security.md`). The
//! routes are read from the router's source: a new write route without a
//! case here fails the test, so no write can be added outside the trail.

use crate::common;

use common::{Running, count, database, demo_server, device_id, push, realisation_op, signed_in};
use reqwest::{Client, Method};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// Writes that touch no SOP or report data: a session's own start and end.
const NOT_AUDITED: [&str; 2] = ["POST /api/v1/auth/login", "POST /api/v1/auth/logout"];

struct Calls<'a> {
    server: &'a Running,
    pool: sqlx::AnyPool,
    covered: BTreeSet<String>,
}

impl Calls<'_> {
    /// Calls `route` (its path filled in as `path`) as `client` with `body`,
    /// expects success, and checks that the audit trail grew.
    async fn call(&mut self, client: &Client, route: &str, path: &str, body: Option<Value>) -> Value {
        let (method, _) = route.split_once(' ').unwrap();
        let before = count(&self.pool, "audit_log").await;
        let mut request =
            client.request(Method::from_bytes(method.as_bytes()).unwrap(), self.server.url(path));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let answer: Value = response.json().await.unwrap_or_default();
        assert!(status.is_success(), "{route}: {status} {answer}");
        assert!(count(&self.pool, "audit_log").await > before, "{route} left no audit row");
        self.covered.insert(route.to_owned());
        answer
    }

    /// The same for a call whose body is not JSON.
    async fn send(&mut self, route: &str, request: reqwest::RequestBuilder) {
        let before = count(&self.pool, "audit_log").await;
        let response = request.send().await.unwrap();
        assert!(response.status().is_success(), "{route}: {}", response.status());
        assert!(count(&self.pool, "audit_log").await > before, "{route} left no audit row");
        self.covered.insert(route.to_owned());
    }
}

/// A realisation workbook of one row: IKU-07 of the seksi in January of `year`.
fn realisation_workbook(year: i32) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Realisasi").unwrap();
    let columns =
        ["Kode IKU", "Kode unit", "Periode", "Nilai", "Analisis", "Kendala/Hambatan", "Upaya/Tindak Lanjut"];
    let row = ["IKU-07", "SEKSI-KDL", &format!("{year}-01"), "3", "", "", ""];
    for (col, (title, cell)) in columns.iter().zip(row).enumerate() {
        sheet.write_string(0, col as u16, *title).unwrap();
        sheet.write_string(1, col as u16, cell).unwrap();
    }
    let sheet = book.add_worksheet().set_name("Belanja").unwrap();
    for (col, title) in ["Kode program", "Periode", "Jumlah"].iter().enumerate() {
        sheet.write_string(0, col as u16, *title).unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[tokio::test]
async fn every_write_route_leaves_an_audit_row() {
    let (server, dir) = demo_server().await;
    let mut calls = Calls { server: &server, pool: database(dir.path()).await, covered: BTreeSet::new() };
    let admin = signed_in(&server, "admin").await;
    let sekretaris = signed_in(&server, "sekretaris").await;
    let kasubag = signed_in(&server, "kasubag.program").await;
    let staf = signed_in(&server, "staf.evaluasi").await;
    let kabid = signed_in(&server, "kabid.tl").await;
    let kasi = signed_in(&server, "kasi.kdl").await;
    let year = time::OffsetDateTime::now_utc().year();

    // Master data.
    let unit = json!({ "id": "u-audit", "code": "SEKSI-AUDIT", "name": "Seksi Audit", "kind": "seksi",
                       "parent_id": "demo-unit-bid-tl", "active": true });
    calls.call(&admin, "POST /api/v1/units", "/api/v1/units", Some(unit)).await;
    let user = json!({ "id": "user-audit", "username": "staf.audit", "full_name": "Staf Audit", "nip": "",
                       "role": "staf_evaluasi", "unit_id": null, "initial_password": "Sandi-awal-2026" });
    calls.call(&admin, "POST /api/v1/users", "/api/v1/users", Some(user)).await;
    let (audit_user, _) = common::sign_in(&server, "staf.audit", "Sandi-awal-2026").await;
    let change = json!({ "current_password": "Sandi-awal-2026", "new_password": "Sandi-baru-2026" });
    calls.call(&audit_user, "POST /api/v1/auth/password", "/api/v1/auth/password", Some(change)).await;
    calls
        .call(
            &admin,
            "POST /api/v1/users/{id}/password-reset",
            "/api/v1/users/user-audit/password-reset",
            None,
        )
        .await;
    let off = json!({ "active": false });
    calls.call(&admin, "POST /api/v1/users/{id}/active", "/api/v1/users/user-audit/active", Some(off)).await;

    let indicators = common::get_json(&admin, &server, "/api/v1/indicators").await;
    let mut indicator =
        indicators.as_array().unwrap().iter().find(|i| i["id"] == "demo-indicator-iku-07").unwrap().clone();
    let original_name = indicator["name"].clone();
    let workbook =
        admin.get(server.url(&format!("/api/v1/exports/plans.xlsx?year={year}"))).send().await.unwrap();
    let workbook = workbook.bytes().await.unwrap();
    indicator["name"] = json!("Indikator yang diubah untuk audit");
    calls
        .call(
            &admin,
            "PUT /api/v1/indicators/{id}",
            "/api/v1/indicators/demo-indicator-iku-07",
            Some(indicator),
        )
        .await;
    let import = admin.post(server.url("/api/v1/imports/plans")).body(workbook.to_vec());
    calls.send("POST /api/v1/imports/plans", import).await;
    let realisations = realisation_workbook(year + 2);
    let import = staf.post(server.url("/api/v1/imports/realisations?commit=true")).body(realisations);
    calls.send("POST /api/v1/imports/realisations", import).await;
    let restored = common::get_json(&admin, &server, "/api/v1/indicators").await;
    let restored =
        restored.as_array().unwrap().iter().find(|i| i["id"] == "demo-indicator-iku-07").unwrap().clone();
    assert_eq!(restored["name"], original_name, "the import wrote the exported name back");

    let renstra = common::get_json(&admin, &server, "/api/v1/renstra").await;
    let period = json!({ "first_year": year - 2, "last_year": year + 2 });
    calls.call(&admin, "PUT /api/v1/renstra/period", "/api/v1/renstra/period", Some(period)).await;
    let mut tujuan = renstra["tujuan"][0].clone();
    tujuan["statement"] = json!("Tujuan yang dirumuskan ulang");
    let path = format!("/api/v1/tujuan/{}", tujuan["id"].as_str().unwrap());
    calls.call(&admin, "PUT /api/v1/tujuan/{id}", &path, Some(tujuan)).await;
    let mut sasaran = renstra["sasaran"][0].clone();
    sasaran["statement"] = json!("Sasaran yang dirumuskan ulang");
    let path = format!("/api/v1/sasaran/{}", sasaran["id"].as_str().unwrap());
    calls.call(&admin, "PUT /api/v1/sasaran/{id}", &path, Some(sasaran)).await;
    let plan = json!([{ "indicator_id": "demo-indicator-iku-07", "year": year + 3,
                        "targets": { "annual": "48", "quarters": ["12", "24", "36", "48"] }, "actions": ["", "", "", ""] }]);
    calls.call(&admin, "PUT /api/v1/plans/{year}", &format!("/api/v1/plans/{}", year + 3), Some(plan)).await;
    let step = json!({ "title": "Membuat Lembar Disposisi", "role": "sekretaris", "standard_minutes": 20 });
    calls.call(&admin, "PUT /api/v1/sop-steps/{number}", "/api/v1/sop-steps/1", Some(step)).await;
    let calendar = json!({ "zone": "wita", "opens_minute": 450, "closes_minute": 960,
                           "holidays": [{ "date": "2031-01-01", "name": "Tahun Baru" }] });
    calls.call(&admin, "PUT /api/v1/office-calendar", "/api/v1/office-calendar", Some(calendar)).await;
    let letterhead = json!({ "government": "Pemerintah Kabupaten Balangan", "agency": "Dinas Audit",
                             "city": "Paringin" });
    calls
        .call(&admin, "PUT /api/v1/settings/letterhead", "/api/v1/settings/letterhead", Some(letterhead))
        .await;
    let policy = common::get_json(&admin, &server, "/api/v1/settings/policy").await;
    calls.call(&admin, "PUT /api/v1/settings/policy", "/api/v1/settings/policy", Some(policy)).await;
    let logo = admin
        .put(server.url("/api/v1/settings/logo"))
        .header("content-type", "image/png")
        .body(include_bytes!("fixtures/logo.png").to_vec());
    calls.send("PUT /api/v1/settings/logo", logo).await;
    calls.send("DELETE /api/v1/settings/logo", admin.delete(server.url("/api/v1/settings/logo"))).await;

    // The budget.
    let program = json!({ "id": "p-audit", "code": "PRG-AUDIT", "name": "Program audit", "level": "program",
                          "parent_id": null, "unit_id": "demo-unit-seksi-kdl" });
    calls.call(&admin, "PUT /api/v1/programs/{id}", "/api/v1/programs/p-audit", Some(program)).await;
    let ceilings = json!([{ "program_id": "p-audit", "year": 2031, "pagu": "5000000" }]);
    calls
        .call(&admin, "PUT /api/v1/budget/ceilings/{year}", "/api/v1/budget/ceilings/2031", Some(ceilings))
        .await;
    let spending = json!([{ "program_id": "p-audit", "period": "2031-02", "amount": "1000" }]);
    calls.call(&kabid, "PUT /api/v1/budget/spending", "/api/v1/budget/spending", Some(spending)).await;

    // Sync, conflicts, evidence, locks.
    let op = |seq, revision, base: Value, new: Value| {
        realisation_op(seq, "iku-07", "seksi-kdl", "2031-05", revision, base, new)
    };
    let push_body = |device: &str, ops: Vec<Value>| json!({ "protocol": 1, "device_id": device, "ops": ops });
    let phone = device_id();
    let first = push_body(&phone, vec![op(1, 0, json!({}), json!({ "value": "4" }))]);
    calls.call(&kasi, "POST /api/v1/sync/push", "/api/v1/sync/push", Some(first)).await;
    let (_, answer) =
        push(&kasi, &server, &phone, &[op(2, 1, json!({ "value": "4" }), json!({ "value": "5" }))]).await;
    assert_eq!(answer["answers"][0]["outcome"], "applied");
    let (_, answer) =
        push(&staf, &server, &device_id(), &[op(1, 1, json!({ "value": "4" }), json!({ "value": "6" }))])
            .await;
    let conflict = answer["answers"][0]["conflicts"][0].as_str().unwrap().to_owned();
    let resolve = format!("/api/v1/conflicts/{conflict}/resolve");
    calls.call(&kabid, "POST /api/v1/conflicts/{id}/resolve", &resolve, Some(json!({ "value": "6" }))).await;
    let photo = [&[0xFF, 0xD8, 0xFF, 0xE0][..], b"foto audit"].concat();
    let sha: String = Sha256::digest(&photo).iter().map(|b| format!("{b:02x}")).collect();
    let upload = kasi
        .put(server.url(&format!("/api/v1/evidence/{sha}")))
        .header("content-type", "image/jpeg")
        .body(photo);
    calls.send("PUT /api/v1/evidence/{sha256}", upload).await;
    let lock = json!({ "unit_id": "demo-unit-bid-tl", "period": "2031-TW3", "reason": "uji audit" });
    calls.call(&sekretaris, "POST /api/v1/locks", "/api/v1/locks", Some(lock.clone())).await;
    calls.call(&sekretaris, "POST /api/v1/locks/reopen", "/api/v1/locks/reopen", Some(lock)).await;

    // The cycle, dispositions and reports.
    let start = json!({ "id": uuid::Uuid::now_v7().to_string(), "action": "start", "instruction": "Harap dikumpulkan" });
    let period = format!("{year}-TW4");
    calls
        .call(
            &sekretaris,
            "POST /api/v1/cycles/{period}/actions",
            &format!("/api/v1/cycles/{period}/actions"),
            Some(start),
        )
        .await;
    let sheet = json!({ "id": uuid::Uuid::now_v7().to_string(), "received_ms": 1_764_000_000_000i64,
                        "source_from": "Bupati Balangan", "source_number": "050/1/BPD", "source_date": null,
                        "perihal": "Permintaan data", "sifat": "biasa",
                        "recipients": [{ "kind": "role", "role": "kasubag_program" }],
                        "instruction": "Untuk ditindaklanjuti", "deadline": null, "notes_kadis": "", "notes_kabid": "",
                        "period": null });
    let issued =
        calls.call(&sekretaris, "POST /api/v1/dispositions", "/api/v1/dispositions", Some(sheet)).await;
    let sign = format!("/api/v1/dispositions/{}/sign", issued["id"].as_str().unwrap());
    let receipt = json!({ "sign": "acknowledge", "note": "" });
    calls.call(&kasubag, "POST /api/v1/dispositions/{id}/sign", &sign, Some(receipt)).await;

    let quarter = format!("/api/v1/reports/quarter/{year}/4");
    let drafted = calls
        .call(&staf, "POST /api/v1/reports/{kind}/{year}/{n}/versions", &format!("{quarter}/versions"), None)
        .await;
    let reviewed = json!({ "content_hash": drafted["version"]["content_hash"] });
    let approve = format!("{quarter}/versions/1/approve");
    calls
        .call(
            &sekretaris,
            "POST /api/v1/reports/{kind}/{year}/{n}/versions/{version}/approve",
            &approve,
            Some(reviewed),
        )
        .await;
    let chapter = format!("/api/v1/reports/annual/{}/1/chapters/penutup", year - 1);
    let text = json!({ "base_revision": 0, "text": "Penutup yang ditulis ulang." });
    calls.call(&staf, "PUT /api/v1/reports/{kind}/{year}/{n}/chapters/{key}", &chapter, Some(text)).await;

    let writes: BTreeSet<String> = common::routes_of_router()
        .into_iter()
        .filter(|route| !route.starts_with("GET "))
        .filter(|route| !NOT_AUDITED.contains(&route.as_str()))
        .collect();
    let missing: Vec<&String> = writes.difference(&calls.covered).collect();
    assert!(missing.is_empty(), "write routes without a case here: {missing:?}");
    drop(calls);
    assert!(server.terminate().success());
}
