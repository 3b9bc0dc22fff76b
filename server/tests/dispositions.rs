//! The agenda register of Lembar Disposisi over the real server: only the
//! structural positions issue; a bad sheet is refused and stores nothing; a
//! retried submission registers once; sheets issued at once get distinct,
//! consecutive agenda numbers; a confidential sheet is read only by those it
//! concerns — routed to a position, only by its holders within the named
//! unit; only an addressee signs, and signing twice changes nothing.

use crate::common;

use common::{Running, count, database, demo_server, get_json, sign_in, signed_in};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

fn sheet(perihal: &str, recipients: Value, sifat: &str) -> Value {
    json!({
        "id": uuid::Uuid::now_v7().to_string(),
        "received_ms": time::OffsetDateTime::now_utc().unix_timestamp() * 1000,
        "source_from": "Bupati Balangan",
        "source_number": "050/123/BPD",
        "source_date": null,
        "perihal": perihal,
        "sifat": sifat,
        "recipients": recipients,
        "instruction": "Untuk ditindaklanjuti",
        "deadline": null,
        "notes_kadis": "",
        "notes_kabid": "",
        "period": null
    })
}

fn to_kasubag() -> Value {
    json!([{ "kind": "role", "role": "kasubag_program" }])
}

async fn issue(client: &Client, server: &Running, body: &Value) -> (StatusCode, Value) {
    let response = client.post(server.url("/api/v1/dispositions")).json(body).send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or_default())
}

async fn sign(client: &Client, server: &Running, id: &str, sign: &str, note: &str) -> (StatusCode, Value) {
    let response = client
        .post(server.url(&format!("/api/v1/dispositions/{id}/sign")))
        .json(&json!({ "sign": sign, "note": note }))
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or_default())
}

#[tokio::test]
async fn only_structural_positions_issue_and_a_bad_or_repeated_sheet_changes_nothing() {
    let (server, dir) = demo_server().await;
    let pool = database(dir.path()).await;
    for user in common::DEMO_USERS {
        let client = signed_in(&server, user).await;
        let before = count(&pool, "dispositions").await;
        let (status, body) = issue(&client, &server, &sheet("Rapat koordinasi", to_kasubag(), "biasa")).await;
        let issues = matches!(user, "sekretaris" | "kabid.tl" | "kasubag.program" | "kasi.kdl");
        if issues {
            assert_eq!(status, StatusCode::CREATED, "{user}: {body}");
            assert_eq!(body["issuer"]["user_id"], format!("demo-user-{user}"));
        } else {
            assert_eq!(
                (status, body["error"]["code"].as_str()),
                (StatusCode::FORBIDDEN, Some("forbidden")),
                "{user}"
            );
        }
        assert_eq!(count(&pool, "dispositions").await, before + i64::from(issues));
    }

    let sekretaris = signed_in(&server, "sekretaris").await;
    let before = count(&pool, "dispositions").await;
    let mut bad = sheet(" ", json!([]), "biasa");
    bad["deadline"] = json!("2020-01-01");
    let (status, body) = issue(&sekretaris, &server, &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let fields: Vec<&str> =
        body["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, vec!["perihal", "deadline", "recipients"]);
    let (status, _) = issue(&sekretaris, &server, &sheet("x", to_kasubag(), "kilat")).await;
    assert!(status.is_client_error(), "an unknown urgency is refused at the boundary");
    assert_eq!(count(&pool, "dispositions").await, before);

    let once = sheet("Permintaan data", to_kasubag(), "segera");
    let (first, a) = issue(&sekretaris, &server, &once).await;
    let (again, b) = issue(&sekretaris, &server, &once).await;
    assert_eq!((first, again), (StatusCode::CREATED, StatusCode::CREATED));
    assert_eq!(a["agenda"], b["agenda"], "a retry answers the sheet as registered");
    assert_eq!(count(&pool, "dispositions").await, before + 1);
    let kabid = signed_in(&server, "kabid.tl").await;
    let (status, _) = issue(&kabid, &server, &once).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "another user cannot take the id");
}

#[tokio::test]
async fn sheets_issued_at_once_get_consecutive_agenda_numbers() {
    let (server, _dir) = demo_server().await;
    let issuers = ["sekretaris", "kabid.tl", "kasubag.program", "kasi.kdl"];
    let mut clients = Vec::new();
    for user in issuers {
        clients.push(signed_in(&server, user).await);
    }
    let year = time::OffsetDateTime::now_utc().year();
    let register = get_json(&clients[0], &server, "/api/v1/dispositions").await;
    let highest = register
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["year"] == year)
        .map(|s| s["agenda"].as_i64().unwrap())
        .max()
        .unwrap_or(0);
    let server = std::sync::Arc::new(server);
    let mut tasks = Vec::new();
    for i in 0..16 {
        let client = clients[i % clients.len()].clone();
        let server = server.clone();
        tasks.push(tokio::spawn(async move {
            let (status, body) =
                issue(&client, &server, &sheet(&format!("Surat {i}"), to_kasubag(), "biasa")).await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
            (body["year"].as_i64().unwrap(), body["agenda"].as_i64().unwrap())
        }));
    }
    let mut numbers = Vec::new();
    for task in tasks {
        let (sheet_year, agenda) = task.await.unwrap();
        assert_eq!(sheet_year, i64::from(year));
        numbers.push(agenda);
    }
    numbers.sort_unstable();
    assert_eq!(numbers, (highest + 1..=highest + 16).collect::<Vec<_>>());
}

#[tokio::test]
async fn a_confidential_sheet_is_read_and_signed_only_by_those_it_concerns() {
    let (server, _dir) = demo_server().await;
    let kabid = signed_in(&server, "kabid.tl").await;
    let staf = signed_in(&server, "staf.evaluasi").await;
    let kasubag = signed_in(&server, "kasubag.program").await;
    let sekretaris = signed_in(&server, "sekretaris").await;
    let to_staf = json!([{ "kind": "user", "user_id": "demo-user-staf.evaluasi" }]);
    let (status, body) = issue(&kabid, &server, &sheet("Telaah data IKU-03", to_staf, "rahasia")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = body["id"].as_str().unwrap().to_owned();
    let listed = |register: &Value| register.as_array().unwrap().iter().any(|s| s["id"] == id);
    assert!(listed(&get_json(&staf, &server, "/api/v1/dispositions").await));
    assert!(listed(&get_json(&sekretaris, &server, "/api/v1/dispositions").await));
    assert!(!listed(&get_json(&kasubag, &server, "/api/v1/dispositions").await));
    let path = server.url(&format!("/api/v1/dispositions/{id}"));
    assert_eq!(kasubag.get(&path).send().await.unwrap().status(), StatusCode::NOT_FOUND);

    let (status, body) = sign(&kasubag, &server, &id, "acknowledge", "").await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));
    let inbox = get_json(&staf, &server, "/api/v1/inbox").await;
    assert!(inbox["dispositions"].as_array().unwrap().iter().any(|d| d["id"] == id), "{inbox}");

    let (status, body) = sign(&staf, &server, &id, "acknowledge", "").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let signed = body["receipts"][0]["acknowledged"].clone();
    assert_eq!(signed["full_name"], "Staf Penyusun Evaluasi Kinerja (contoh)");
    let (_, again) = sign(&staf, &server, &id, "acknowledge", "").await;
    assert_eq!(again["receipts"][0]["acknowledged"], signed, "signing again changes nothing");
    let (_, done) = sign(&staf, &server, &id, "complete", "Telaah terlampir").await;
    assert_eq!(done["receipts"][0]["note"], "Telaah terlampir");
    assert!(done["receipts"][0]["completed"]["at_ms"].as_i64() >= signed["at_ms"].as_i64());
    let inbox = get_json(&staf, &server, "/api/v1/inbox").await;
    assert!(
        !inbox["dispositions"].as_array().unwrap().iter().any(|d| d["id"] == id),
        "done leaves the inbox"
    );
    let (status, _) = sign(&staf, &server, "no-such-sheet", "acknowledge", "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let people = get_json(&staf, &server, "/api/v1/people").await;
    let roles: Vec<&str> = people.as_array().unwrap().iter().map(|p| p["role"].as_str().unwrap()).collect();
    assert_eq!(roles.len(), common::DEMO_USERS.len() - 1);
    assert!(!roles.contains(&"admin"));
}

/// A second Kepala Seksi, of Seksi PPL, signed in with a changed password.
async fn kasi_of_another_seksi(server: &Running) -> Client {
    let admin = signed_in(server, "admin").await;
    let user = json!({ "id": "u-kasi-ppl", "username": "kasi.ppl", "full_name": "Kepala Seksi PPL", "nip": "",
                       "role": "kepala_seksi", "unit_id": "demo-unit-seksi-ppl", "initial_password": "Mulai-2026-aman" });
    let added = admin.post(server.url("/api/v1/users")).json(&user).send().await.unwrap();
    assert_eq!(added.status(), StatusCode::CREATED);
    let (client, _) = sign_in(server, "kasi.ppl", "Mulai-2026-aman").await;
    let change = json!({ "current_password": "Mulai-2026-aman", "new_password": "Baru-2026-lebih-aman" });
    let changed = client.post(server.url("/api/v1/auth/password")).json(&change).send().await.unwrap();
    assert_eq!(changed.status(), StatusCode::OK);
    client
}

#[tokio::test]
async fn a_confidential_sheet_to_a_position_reaches_its_holders_in_the_named_unit_only() {
    let (server, dir) = demo_server().await;
    let pool = database(dir.path()).await;
    let kabid = signed_in(&server, "kabid.tl").await;
    let kasi = signed_in(&server, "kasi.kdl").await;
    let other_kasi = kasi_of_another_seksi(&server).await;
    let kasubag = signed_in(&server, "kasubag.program").await;

    let before = count(&pool, "dispositions").await;
    let agency_wide = json!([{ "kind": "role", "role": "kepala_seksi" }]);
    let (status, body) = issue(&kabid, &server, &sheet("Telaah AMDAL", agency_wide, "rahasia")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["fields"][0]["field"], "recipient_unit");
    let nowhere = json!([{ "kind": "role", "role": "kepala_seksi", "unit_id": "no-such-unit" }]);
    let (status, body) = issue(&kabid, &server, &sheet("Telaah AMDAL", nowhere, "rahasia")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["fields"][0]["problem"], "unknown_reference");
    assert_eq!(count(&pool, "dispositions").await, before, "a refused sheet stores nothing");

    let to_kdl = json!([{ "kind": "role", "role": "kepala_seksi", "unit_id": "demo-unit-seksi-kdl" }]);
    let (status, body) = issue(&kabid, &server, &sheet("Telaah AMDAL", to_kdl, "rahasia")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = body["id"].as_str().unwrap().to_owned();
    let listed = |register: &Value| register.as_array().unwrap().iter().any(|s| s["id"] == id);
    assert!(listed(&get_json(&kasi, &server, "/api/v1/dispositions").await));
    assert!(!listed(&get_json(&other_kasi, &server, "/api/v1/dispositions").await));
    assert!(!listed(&get_json(&kasubag, &server, "/api/v1/dispositions").await));
    let path = server.url(&format!("/api/v1/dispositions/{id}"));
    assert_eq!(other_kasi.get(&path).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    let inbox = get_json(&other_kasi, &server, "/api/v1/inbox").await;
    assert!(!inbox["dispositions"].as_array().unwrap().iter().any(|d| d["id"] == id), "{inbox}");
    let (status, _) = sign(&other_kasi, &server, &id, "acknowledge", "").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = sign(&kasi, &server, &id, "acknowledge", "").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["receipts"][0]["acknowledged"]["user_id"], "demo-user-kasi.kdl");
}

/// The addressee's to-do list says when each sheet is due, in the office's
/// calendar, and marks it overdue the day after its deadline; a sheet with
/// no deadline is never overdue.
#[tokio::test]
async fn the_to_do_list_says_when_each_sheet_is_due_and_which_are_overdue() {
    let (server, _dir) = demo_server().await;
    let sekretaris = signed_in(&server, "sekretaris").await;
    let kasubag = signed_in(&server, "kasubag.program").await;
    let day = |offset: i64| (time::OffsetDateTime::now_utc() + time::Duration::days(offset)).date();
    let mut late = sheet("Laporan yang terlambat", to_kasubag(), "biasa");
    late["received_ms"] =
        json!((time::OffsetDateTime::now_utc() - time::Duration::days(30)).unix_timestamp() * 1000);
    late["deadline"] = json!(day(-7).to_string());
    let mut soon = sheet("Laporan pekan depan", to_kasubag(), "biasa");
    soon["deadline"] = json!(day(7).to_string());
    let open = sheet("Tanpa batas waktu", to_kasubag(), "biasa");
    for body in [&late, &soon, &open] {
        assert_eq!(issue(&sekretaris, &server, body).await.0, StatusCode::CREATED);
    }
    let inbox = get_json(&kasubag, &server, "/api/v1/inbox").await;
    let seen = |perihal: &str| {
        let found =
            inbox["dispositions"].as_array().unwrap().iter().find(|d| d["perihal"] == perihal).cloned();
        let found = found.unwrap_or_else(|| panic!("{perihal} is in the to-do list: {inbox}"));
        (found["deadline"].clone(), found["overdue"].clone())
    };
    assert_eq!(seen("Laporan yang terlambat"), (json!(day(-7).to_string()), json!(true)));
    assert_eq!(seen("Laporan pekan depan"), (json!(day(7).to_string()), json!(false)));
    assert_eq!(seen("Tanpa batas waktu"), (Value::Null, json!(false)));
}
