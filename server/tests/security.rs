//! What a hostile signed-in user (or a script on the network) tries, against
//! the real server binary on a real SQLite file (`docs/security.md`): files
//! that would run in a reader's browser, another unit's evidence by its hash,
//! guessing passwords in parallel, flooding the sign-in limiter, writing
//! spending into a locked period, spreadsheet formulas in exports, starting
//! production on the demo's database, and the headers every answer carries.

use crate::common;
use common::sha256;

use common::{Running, count, database, demo_server, device_id, push, realisation_op, sign_in, signed_in};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A JPEG's first bytes and some content, unique per `tag`.
fn jpeg(tag: &str) -> Vec<u8> {
    [&[0xFF, 0xD8, 0xFF, 0xE0][..], format!("foto {tag}").as_bytes()].concat()
}

async fn upload(
    client: &reqwest::Client,
    server: &Running,
    media_type: &str,
    body: &[u8],
) -> reqwest::Response {
    client
        .put(server.url(&format!("/api/v1/evidence/{}", sha256(body))))
        .header("content-type", media_type)
        .body(body.to_vec())
        .send()
        .await
        .unwrap()
}

async fn code_of(response: reqwest::Response) -> String {
    let body: Value = response.json().await.unwrap();
    body["error"]["code"].as_str().unwrap_or_default().to_owned()
}

/// An evidence op attaching `sha` to `indicator` of `unit` in `period`, or
/// removing it from there (as a device does, from the attached record).
fn evidence_op(seq: i64, indicator: &str, unit: &str, period: &str, sha: &str, status: &str) -> Value {
    let key = json!({ "indicator_id": format!("demo-indicator-{indicator}"), "unit_id": format!("demo-unit-{unit}"),
                      "period": period, "sha256": sha });
    let attached = json!({ "file_name": "foto.jpg", "media_type": "image/jpeg", "status": "attached" });
    let (revision, base, new) = match status {
        "attached" => (0, json!({}), attached),
        _ => (1, attached, json!({ "status": status })),
    };
    common::op_on("evidence", key, seq, revision, base, new)
}

#[tokio::test]
async fn only_photos_and_pdfs_of_their_declared_type_are_kept_and_they_download_inert() {
    let (server, _dir) = demo_server().await;
    let kasi = signed_in(&server, "kasi.kdl").await;
    let html = b"<html><script>fetch('/api/v1/users',{method:'POST'})</script></html>";
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(document.cookie)</script></svg>";
    let refused = upload(&kasi, &server, "text/html", html).await;
    assert_eq!(refused.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(code_of(refused).await, "media_type_not_allowed");
    let refused = upload(&kasi, &server, "image/svg+xml", svg).await;
    assert_eq!(refused.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let disguised = upload(&kasi, &server, "image/jpeg", html).await;
    assert_eq!(disguised.status(), StatusCode::UNPROCESSABLE_ENTITY, "HTML declared as a JPEG");
    assert_eq!(code_of(disguised).await, "content_mismatch");
    let pool = database(_dir.path()).await;
    assert_eq!(count(&pool, "evidence_files").await, 0, "nothing refused was kept");

    let photo = jpeg("lokasi");
    assert_eq!(upload(&kasi, &server, "image/jpeg", &photo).await.status(), StatusCode::CREATED);
    let shown = kasi.get(server.url(&format!("/api/v1/evidence/{}", sha256(&photo)))).send().await.unwrap();
    assert_eq!(shown.status(), StatusCode::OK);
    let headers = shown.headers();
    assert_eq!(headers["content-type"], "image/jpeg");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["content-security-policy"], "sandbox; default-src 'none'");
    assert!(headers["content-disposition"].to_str().unwrap().starts_with("inline;"));

    let pdf = b"%PDF-1.7\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj".to_vec();
    assert_eq!(upload(&kasi, &server, "application/pdf", &pdf).await.status(), StatusCode::CREATED);
    let saved = kasi.get(server.url(&format!("/api/v1/evidence/{}", sha256(&pdf)))).send().await.unwrap();
    assert_eq!(saved.headers()["content-type"], "application/pdf");
    assert!(
        saved.headers()["content-disposition"].to_str().unwrap().starts_with("attachment;"),
        "a PDF is saved"
    );
    assert_eq!(saved.headers()["content-security-policy"], "sandbox; default-src 'none'");
}

#[tokio::test]
async fn a_file_is_named_and_read_only_by_its_uploaders_and_through_attachments_in_scope() {
    let (server, _dir) = demo_server().await;
    let kasi = signed_in(&server, "kasi.kdl").await;
    let photo = jpeg("pengawasan amdal");
    let hash = sha256(&photo);
    let url = server.url(&format!("/api/v1/evidence/{hash}"));
    assert_eq!(upload(&kasi, &server, "image/jpeg", &photo).await.status(), StatusCode::CREATED);

    let kontributor = signed_in(&server, "kontributor.pupr").await;
    let kabid = signed_in(&server, "kabid.tl").await;
    assert_eq!(kontributor.get(&url).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(kabid.get(&url).send().await.unwrap().status(), StatusCode::NOT_FOUND, "not attached yet");
    let kontributor_attaches = || async {
        let op = evidence_op(1, "iku-13", "opd-pupr", "2032-TW3", &hash, "attached");
        push(&kontributor, &server, &device_id(), &[op]).await.1
    };
    let body = kontributor_attaches().await;
    let answer = &body["answers"][0];
    assert_eq!(answer["code"], "unknown_reference", "knowing the hash is not holding the file: {answer}");
    assert_eq!(answer["state"], json!({}), "the refusal carries no record");

    let kasi_device = device_id();
    let attach = evidence_op(1, "iku-07", "seksi-kdl", "2032-04", &hash, "attached");
    let (_, body) = push(&kasi, &server, &kasi_device, &[attach]).await;
    assert_eq!(body["answers"][0]["outcome"], "applied");
    assert_eq!(
        kabid.get(&url).send().await.unwrap().status(),
        StatusCode::OK,
        "attached in the kabid's bidang"
    );
    assert_eq!(
        kontributor.get(&url).send().await.unwrap().status(),
        StatusCode::NOT_FOUND,
        "outside its OPD"
    );
    let body = kontributor_attaches().await;
    assert_eq!(
        body["answers"][0]["code"], "unknown_reference",
        "attached, but outside the kontributor's scope"
    );

    let remove = evidence_op(2, "iku-07", "seksi-kdl", "2032-04", &hash, "removed");
    let (_, body) = push(&kasi, &server, &kasi_device, &[remove]).await;
    assert_eq!(body["answers"][0]["outcome"], "applied", "{body}");
    assert_eq!(
        kabid.get(&url).send().await.unwrap().status(),
        StatusCode::NOT_FOUND,
        "a removed attachment grants nothing"
    );
    assert_eq!(kasi.get(&url).send().await.unwrap().status(), StatusCode::OK, "the uploader still reads it");
}

#[tokio::test]
async fn parallel_wrong_passwords_take_their_slots_before_the_check() {
    let (server, _dir) = demo_server().await;
    let attempts = (0..40).map(|_| sign_in(&server, "kasi.kdl", "salah-sandi-1"));
    let statuses: Vec<StatusCode> = futures_util::future::join_all(attempts)
        .await
        .into_iter()
        .map(|(_, response)| response.status())
        .collect();
    let wrong = statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    let limited = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert!(wrong <= 5, "{wrong} wrong-password answers");
    assert_eq!(wrong + limited, 40, "{statuses:?}");
    let (_, right) = sign_in(&server, "kasi.kdl", kinerja_server::demo::DEMO_PASSWORD).await;
    assert_eq!(right.status(), StatusCode::TOO_MANY_REQUESTS, "the name stays limited for the window");
    let (_, other) = sign_in(&server, "kabid.tl", kinerja_server::demo::DEMO_PASSWORD).await;
    assert_eq!(other.status(), StatusCode::OK, "other names are not");
}

/// A memory figure of process `pid`, in KiB: `VmRSS` (resident now) or
/// `VmHWM` (the most it was resident).
fn memory_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with(field)).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

fn resident_kib(pid: u32) -> u64 {
    memory_kib(pid, "VmRSS:")
}

#[tokio::test]
async fn ten_thousand_failed_user_names_leave_memory_where_it_was() {
    let (server, _dir) = demo_server().await;
    let client = common::client();
    let warm =
        client.post(server.url("/api/v1/auth/login")).json(&json!({ "username": "x", "password": "y" }));
    assert_eq!(warm.send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let before = resident_kib(server.pid());
    let url = server.url("/api/v1/auth/login");
    for batch in 0..100 {
        let sends = (0..100).map(|n| {
            let name = format!("{batch:03}-{n:03}-{}", "n".repeat(20_000));
            client.post(&url).json(&json!({ "username": name, "password": "tebakan" })).send()
        });
        for response in futures_util::future::join_all(sends).await {
            let status = response.unwrap().status();
            assert!(status.is_client_error(), "{status}");
        }
    }
    let after = resident_kib(server.pid());
    let grown_mib = after.saturating_sub(before) / 1024;
    assert!(grown_mib <= 20, "resident memory grew {grown_mib} MiB ({before} KiB → {after} KiB)");
}

#[tokio::test]
async fn spending_is_decided_like_a_sync_op_refused_when_locked_and_audited() {
    let (server, dir) = demo_server().await;
    let admin = signed_in(&server, "admin").await;
    let program = json!({ "id": "p-kunci", "code": "PRG-KUNCI", "name": "Program uji kunci", "level": "program",
                          "parent_id": null, "unit_id": "demo-unit-seksi-kdl" });
    let saved = admin.put(server.url("/api/v1/programs/p-kunci")).json(&program).send().await.unwrap();
    assert_eq!(saved.status(), StatusCode::NO_CONTENT);
    let kabid = signed_in(&server, "kabid.tl").await;
    let spend =
        |period: &str, amount: &str| json!([{ "program_id": "p-kunci", "period": period, "amount": amount }]);
    let stored = kabid
        .put(server.url("/api/v1/budget/spending"))
        .header("x-request-id", "uji-belanja-1")
        .json(&spend("2031-02", "1000"))
        .send()
        .await
        .unwrap();
    assert_eq!(stored.status(), StatusCode::NO_CONTENT);
    let pool = database(dir.path()).await;
    type Row = (String, Option<String>, Option<String>, Option<String>);
    let audited: Vec<Row> = sqlx::query_as(
        "SELECT action, old_value, new_value, request_id FROM audit_log WHERE entity = 'budget_realisation' \
         AND record_key LIKE '%p-kunci%' ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let row = ("edit".to_owned(), None, Some("1000".to_owned()), Some("uji-belanja-1".to_owned()));
    assert_eq!(audited, vec![row], "who, what, old → new, and the request that made it");

    let sekretaris = signed_in(&server, "sekretaris").await;
    let lock = json!({ "unit_id": "demo-unit-bid-tl", "period": "2031-TW1", "reason": "Laporan TW I 2031 disetujui" });
    let locked = sekretaris.post(server.url("/api/v1/locks")).json(&lock).send().await.unwrap();
    assert!(locked.status().is_success(), "{}", locked.status());
    let before = common::sync_tables(&pool).await;
    let refused = kabid
        .put(server.url("/api/v1/budget/spending"))
        .json(&spend("2031-02", "5000"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    assert_eq!(code_of(refused).await, "period_locked");
    assert_eq!(common::sync_tables(&pool).await, before, "a refused entry changes nothing");
    let outside = signed_in(&server, "kontributor.pupr").await;
    let refused =
        outside.put(server.url("/api/v1/budget/spending")).json(&spend("2031-07", "5")).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn text_that_a_spreadsheet_would_run_comes_out_inert_in_both_csvs() {
    let (server, _dir) = demo_server().await;
    let admin = signed_in(&server, "admin").await;
    let formula = "=HYPERLINK(\"http://contoh.invalid\",\"Klik\")";
    let indicators: Vec<Value> =
        admin.get(server.url("/api/v1/indicators")).send().await.unwrap().json().await.unwrap();
    let mut indicator = indicators.into_iter().find(|i| i["id"] == "demo-indicator-iku-07").unwrap();
    indicator["name"] = json!(formula);
    let saved = admin
        .put(server.url("/api/v1/indicators/demo-indicator-iku-07"))
        .json(&indicator)
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), StatusCode::NO_CONTENT);
    let kasi = signed_in(&server, "kasi.kdl").await;
    let op =
        realisation_op(1, "iku-07", "seksi-kdl", "2033-11", 0, json!({}), json!({ "analisis": formula }));
    let (_, body) = push(&kasi, &server, &device_id(), &[op]).await;
    assert_ne!(body["answers"][0]["outcome"], "rejected", "{body}");

    let sekretaris = signed_in(&server, "sekretaris").await;
    let audit = sekretaris.get(server.url("/api/v1/audit.csv")).send().await.unwrap().bytes().await.unwrap();
    let mut reader = csv::Reader::from_reader(&audit[..]);
    let news: Vec<String> = reader.records().map(|r| r.unwrap()[11].to_owned()).collect();
    assert!(news.contains(&format!("'{formula}")), "the narrative is inert in audit.csv");
    assert!(!news.contains(&formula.to_owned()));

    let year = time::OffsetDateTime::now_utc().year() - 1;
    let report = format!("/api/v1/reports/annual/{year}/1/export/csv");
    let file = sekretaris.get(server.url(&report)).send().await.unwrap().bytes().await.unwrap();
    let mut reader = csv::Reader::from_reader(&file[3..]);
    let cells: Vec<String> =
        reader.records().flat_map(|r| r.unwrap().iter().map(str::to_owned).collect::<Vec<_>>()).collect();
    assert!(cells.contains(&format!("'{formula}")), "the indicator's name is inert in the report's CSV");
    assert!(!cells.contains(&formula.to_owned()));
}

#[tokio::test]
async fn a_demo_database_is_refused_without_demo() {
    let (server, dir) = demo_server().await;
    assert!(server.terminate().success());
    let output =
        common::server_command(dir.path()).await.args(["--addr", &common::free_addr()]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("holds the demo agency") && stderr.contains("--demo"), "{stderr}");
    let again = Running::start_with(dir.path(), &["--demo"]).await;
    assert!(again.health().await.is_some(), "with --demo it still starts");
}

#[tokio::test]
async fn every_answer_carries_the_security_headers_and_pages_allow_only_their_own_scripts() {
    let (server, _dir) = demo_server().await;
    let page = reqwest::get(server.url("/masuk")).await.unwrap();
    let policy = page.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert_eq!(page.headers()["x-content-type-options"], "nosniff");
    assert_eq!(page.headers()["referrer-policy"], "same-origin");
    let html = page.text().await.unwrap();
    let nonce = policy.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce");
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "the start script carries the policy's nonce");
    assert!(policy.contains("frame-ancestors 'none'") && policy.contains("'wasm-unsafe-eval'"));
    assert!(!policy.contains("'unsafe-inline' 'wasm") && !policy.contains("script-src 'unsafe-inline'"));
    let other = reqwest::get(server.url("/masuk")).await.unwrap();
    assert_ne!(other.headers()["content-security-policy"].to_str().unwrap(), policy, "a nonce per answer");

    let shell = reqwest::get(server.url("/shell")).await.unwrap();
    let policy = shell.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(policy.contains("'sha256-"), "the offline shell allows its start script by hash: {policy}");

    let api = reqwest::get(server.url("/api/v1/about")).await.unwrap();
    assert_eq!(api.headers()["x-content-type-options"], "nosniff");
    assert!(api.headers()["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
    assert!(!api.headers().contains_key("strict-transport-security"), "HSTS only behind HTTPS");
}

#[tokio::test]
async fn the_budget_and_the_cycle_board_hold_only_the_callers_units() {
    let (server, _dir) = demo_server().await;
    let year = time::OffsetDateTime::now_utc().year() - 1;
    let units = |board: &Value| -> Vec<String> {
        let cycles = board["cycles"].as_array().unwrap();
        let all = cycles.iter().flat_map(|c| c["completeness"].as_array().unwrap().iter());
        all.map(|u| u["unit_id"].as_str().unwrap().to_owned()).collect()
    };
    let programmes = |table: &Value| -> Vec<Value> {
        table.as_array().unwrap().iter().map(|row| row["program"]["unit_id"].clone()).collect()
    };
    let sekretaris = signed_in(&server, "sekretaris").await;
    let kontributor = signed_in(&server, "kontributor.pupr").await;
    let board = format!("/api/v1/cycles?year={year}");
    let budget = format!("/api/v1/budget?period={year}-TW4");
    let everyone = units(&common::get_json(&sekretaris, &server, &board).await);
    let own = units(&common::get_json(&kontributor, &server, &board).await);
    assert!(everyone.iter().any(|u| u != "demo-unit-opd-pupr"), "the demo's cycles list many units");
    assert!(!own.is_empty() && own.iter().all(|u| u == "demo-unit-opd-pupr"), "{own:?}");
    let all_programmes = programmes(&common::get_json(&sekretaris, &server, &budget).await);
    let own_programmes = programmes(&common::get_json(&kontributor, &server, &budget).await);
    assert!(!all_programmes.is_empty());
    assert!(own_programmes.iter().all(|u| u == "demo-unit-opd-pupr"), "{own_programmes:?}");
    assert!(own_programmes.len() < all_programmes.len());
}

#[tokio::test]
async fn another_users_op_id_and_a_refusal_outside_the_scope_reveal_nothing() {
    let (server, _dir) = demo_server().await;
    let kasi = signed_in(&server, "kasi.kdl").await;
    let op = realisation_op(
        1,
        "iku-07",
        "seksi-kdl",
        "2033-05",
        0,
        json!({}),
        json!({ "value": "17", "kendala": "rahasia" }),
    );
    let (_, body) = push(&kasi, &server, &device_id(), std::slice::from_ref(&op)).await;
    assert_eq!(body["answers"][0]["outcome"], "applied");

    let kontributor = signed_in(&server, "kontributor.pupr").await;
    let (_, body) = push(&kontributor, &server, &device_id(), std::slice::from_ref(&op)).await;
    let answer = &body["answers"][0];
    assert_eq!(answer["code"], "op_id_taken", "{answer}");
    assert_eq!(answer["state"], json!({}));
    assert_eq!(answer["revision"], 0);
    assert!(!answer.to_string().contains("rahasia"));
    let (_, body) = push(&kasi, &server, &device_id(), &[op]).await;
    assert_eq!(body["answers"][0]["outcome"], "applied", "the sender's retry still gets its answer");
    assert_eq!(body["answers"][0]["state"]["kendala"], "rahasia");

    let foreign = realisation_op(1, "iku-07", "seksi-kdl", "2033-05", 0, json!({}), json!({ "value": "1" }));
    let (_, body) = push(&kontributor, &server, &device_id(), &[foreign]).await;
    assert_eq!(body["answers"][0]["code"], "forbidden");
    assert_eq!(body["answers"][0]["revision"], 0, "not the revision of a record outside the scope");
}

/// A workbook (zip) of one sheet named IKU whose XML is `sheet`.
fn workbook_with_sheet(sheet: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let package = "http://schemas.openxmlformats.org/package/2006";
    let parts = [
        (
            "[Content_Types].xml",
            format!(
                r#"<?xml version="1.0"?><Types xmlns="{package}/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#
            ),
        ),
        (
            "_rels/.rels",
            format!(
                r#"<?xml version="1.0"?><Relationships xmlns="{package}/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                r#"<?xml version="1.0"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="IKU" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<?xml version="1.0"?><Relationships xmlns="{package}/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
            ),
        ),
    ];
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, content) in parts {
        writer.start_file(name, options).unwrap();
        writer.write_all(content.as_bytes()).unwrap();
    }
    writer.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    writer.write_all(sheet).unwrap();
    writer.finish().unwrap().into_inner()
}

#[tokio::test]
async fn workbook_bombs_are_refused_before_they_are_read() {
    let (server, dir) = demo_server().await;
    let admin = signed_in(&server, "admin").await;
    let head = br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
    let mut padded = head.to_vec();
    padded.resize(300 * 1024 * 1024, b' ');
    padded.extend_from_slice(b"</sheetData></worksheet>");
    let unpacks_large = workbook_with_sheet(&padded);
    drop(padded);
    let far_corner = workbook_with_sheet(
        br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row></sheetData></worksheet>"#,
    );
    let pool = database(dir.path()).await;
    let before_tables =
        (common::snapshot(&pool, "indicators").await, common::snapshot(&pool, "year_plans").await);
    let before = resident_kib(server.pid());
    for bomb in [unpacks_large, far_corner] {
        assert!(bomb.len() < 2 * 1024 * 1024, "the bomb is small: {}", bomb.len());
        let refused = admin.post(server.url("/api/v1/imports/plans")).body(bomb).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(code_of(refused).await, "workbook_too_large");
    }
    let grown_mib = memory_kib(server.pid(), "VmHWM:").saturating_sub(before) / 1024;
    assert!(grown_mib <= 100, "the server's peak memory grew {grown_mib} MiB");
    let after_tables =
        (common::snapshot(&pool, "indicators").await, common::snapshot(&pool, "year_plans").await);
    assert_eq!(after_tables, before_tables, "nothing was imported");
}

#[tokio::test]
async fn a_restart_after_sigkill_never_hands_out_a_cursor_again() {
    let (server, dir) = demo_server().await;
    let kasi = signed_in(&server, "kasi.kdl").await;
    let device = device_id();
    let ops: Vec<Value> = (1..=12)
        .map(|m| {
            realisation_op(
                m,
                "iku-07",
                "seksi-kdl",
                &format!("2034-{m:02}"),
                0,
                json!({}),
                json!({ "value": "3" }),
            )
        })
        .collect();
    let (status, _) = push(&kasi, &server, &device, &ops).await;
    assert_eq!(status, StatusCode::OK);
    let handed_out =
        common::pull_all(&kasi, &server).await.iter().map(|r| r["cursor"].as_i64().unwrap()).max().unwrap();
    server.kill_now();
    drop(server);

    let server = Running::start_with(dir.path(), &["--demo"]).await;
    let kasi = signed_in(&server, "kasi.kdl").await;
    let next = realisation_op(13, "iku-07", "seksi-kdl", "2035-01", 0, json!({}), json!({ "value": "4" }));
    let (status, _) = push(&kasi, &server, &device, &[next]).await;
    assert_eq!(status, StatusCode::OK);
    let page = common::get_json(&kasi, &server, &format!("/api/v1/sync/pull?cursor={handed_out}")).await;
    let records = page["records"].as_array().unwrap();
    assert_eq!(records.len(), 1, "the new change, and only it, lies after the old cursor");
    assert!(records[0]["cursor"].as_i64().unwrap() > handed_out);
}

#[tokio::test]
async fn an_administrator_deactivates_and_resets_accounts_which_ends_their_sessions() {
    let (server, dir) = demo_server().await;
    let admin = signed_in(&server, "admin").await;
    let kasi = signed_in(&server, "kasi.kdl").await;
    let me = |client: reqwest::Client| {
        let url = server.url("/api/v1/units");
        async move { client.get(url).send().await.unwrap().status() }
    };
    assert_eq!(me(kasi.clone()).await, StatusCode::OK);
    let kasi_id = "demo-user-kasi.kdl";
    let url = |path: &str| server.url(&format!("/api/v1/users/{kasi_id}/{path}"));

    let refused = kasi.post(url("password-reset")).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "only the administrator");
    let own =
        admin.post(server.url("/api/v1/users/demo-user-admin/active")).json(&json!({ "active": false }));
    let own = own.send().await.unwrap();
    assert_eq!(own.status(), StatusCode::CONFLICT);
    assert_eq!(code_of(own).await, "own_account");
    let missing = admin.post(server.url("/api/v1/users/nobody/password-reset")).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    let off = admin.post(url("active")).json(&json!({ "active": false })).send().await.unwrap();
    assert_eq!(off.status(), StatusCode::NO_CONTENT);
    assert_eq!(me(kasi.clone()).await, StatusCode::UNAUTHORIZED, "the session ended");
    let (_, again) = sign_in(&server, "kasi.kdl", kinerja_server::demo::DEMO_PASSWORD).await;
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED, "a deactivated account cannot sign in");
    let on = admin.post(url("active")).json(&json!({ "active": true })).send().await.unwrap();
    assert_eq!(on.status(), StatusCode::NO_CONTENT);

    let kasi = signed_in(&server, "kasi.kdl").await;
    let reset = admin.post(url("password-reset")).send().await.unwrap();
    assert_eq!(reset.status(), StatusCode::OK);
    let password = reset.json::<Value>().await.unwrap()["password"].as_str().unwrap().to_owned();
    assert_eq!(me(kasi).await, StatusCode::UNAUTHORIZED, "the reset ended the session");
    let (_, old) = sign_in(&server, "kasi.kdl", kinerja_server::demo::DEMO_PASSWORD).await;
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED);
    let (fresh, new) = sign_in(&server, "kasi.kdl", &password).await;
    assert_eq!(new.status(), StatusCode::OK);
    assert_eq!(new.json::<Value>().await.unwrap()["must_change_password"], true);
    assert_eq!(me(fresh).await, StatusCode::FORBIDDEN, "nothing but a password change until then");

    let pool = database(dir.path()).await;
    let audited: Vec<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT user_id, field, old_value, new_value FROM audit_log WHERE entity = 'user' ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let row = |field: &str, old: &str, new: &str| {
        ("demo-user-admin".to_owned(), field.to_owned(), Some(old.to_owned()), Some(new.to_owned()))
    };
    assert_eq!(
        audited,
        [row("active", "true", "false"), row("active", "false", "true"), row("password", "set", "reset")]
    );
    assert!(!format!("{audited:?}").contains(&password), "the audit never holds a password");
}

#[tokio::test]
async fn expired_sessions_are_deleted() {
    let (server, dir) = demo_server().await;
    let _kasi = signed_in(&server, "kasi.kdl").await;
    assert!(server.terminate().success());
    let pool = common::database_writable(dir.path()).await;
    sqlx::query("INSERT INTO sessions (id, user_id, data, expires_at) VALUES ('old', NULL, '{}', '2020-01-01T00:00:00.000000Z')")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;

    let server = Running::start_with(dir.path(), &["--demo"]).await;
    let pool = database(dir.path()).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM sessions WHERE id = 'old'")
        .fetch_one(&pool)
        .await
        .unwrap()
        > 0
    {
        assert!(std::time::Instant::now() < deadline, "the expired session is still there");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(count(&pool, "sessions").await, 1, "the live session stays");
    drop(server);
}

#[tokio::test]
async fn the_audit_trail_filters_by_record_user_unit_and_day_newest_first() {
    let (server, _dir) = demo_server().await;
    let admin = signed_in(&server, "admin").await;
    for n in 0..3 {
        let unit = json!({ "id": format!("u-f{n}"), "code": format!("SEKSI-F{n}"), "name": format!("Seksi F{n}"),
                           "kind": "seksi", "parent_id": "demo-unit-bid-tl", "active": true });
        assert_eq!(
            admin.post(server.url("/api/v1/units")).json(&unit).send().await.unwrap().status(),
            StatusCode::CREATED
        );
    }
    let sekretaris = signed_in(&server, "sekretaris").await;
    let today = time::OffsetDateTime::now_utc().date();
    let day = |d: time::Date| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day());
    let list = |query: String| {
        let client = sekretaris.clone();
        let url = server.url(&format!("/api/v1/audit?{query}"));
        async move { client.get(url).send().await.unwrap() }
    };
    let newest: Vec<Value> =
        list(format!("entity=unit&user=admin&from={}&to={}&newest=true&limit=2", day(today), day(today)))
            .await
            .json()
            .await
            .unwrap();
    assert_eq!(newest.len(), 2);
    assert!(newest[0]["id"].as_i64() > newest[1]["id"].as_i64(), "newest first");
    assert!(
        newest.iter().all(|e| e["entity"] == "unit" && e["username"] == "admin" && e["action"] == "edit")
    );
    assert!(newest[0]["key"].as_str().unwrap().contains("u-f2"));
    let tomorrow = today.next_day().unwrap();
    let none: Vec<Value> = list(format!("entity=unit&from={}", day(tomorrow))).await.json().await.unwrap();
    assert!(none.is_empty(), "nothing from tomorrow on");
    let nobody: Vec<Value> = list("entity=unit&user=kasi.kdl".to_owned()).await.json().await.unwrap();
    assert!(nobody.is_empty());
    let bad = list("from=2026-13-40".to_owned()).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
