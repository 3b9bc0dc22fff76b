//! The reporting cycle over the real server: a quarter played by each role
//! from disposition to approval locks its data; a semester's Tidak opens the
//! named unit's data for revision and both review rounds stay in the
//! history; a user without the step's role is refused by the API and
//! nothing is recorded; a retried action is recorded once.

use crate::common;

use common::{
    Running, count, database, demo_server, device_id, get_json, pull_all, push, realisation_op, signed_in,
};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

fn this_year() -> i32 {
    time::OffsetDateTime::now_utc().year()
}

/// Posts `action` on the cycle of `period` under a new id; the status and body.
async fn act(client: &Client, server: &Running, period: &str, action: Value) -> (StatusCode, Value) {
    act_as(client, server, period, &uuid::Uuid::now_v7().to_string(), action).await
}

async fn act_as(
    client: &Client,
    server: &Running,
    period: &str,
    id: &str,
    action: Value,
) -> (StatusCode, Value) {
    let mut body = action;
    body["id"] = json!(id);
    let response = client
        .post(server.url(&format!("/api/v1/cycles/{period}/actions")))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or_default())
}

/// `act`, which must be accepted; the cycle after it.
async fn ok(client: &Client, server: &Running, period: &str, action: Value) -> Value {
    let (status, body) = act(client, server, period, action.clone()).await;
    assert_eq!(status, StatusCode::OK, "{action} on {period}: {body}");
    body
}

fn start() -> Value {
    json!({ "action": "start", "instruction": "Harap dikumpulkan dan direkap" })
}

fn complete(step: u8) -> Value {
    json!({ "action": "complete", "step": step, "note": "selesai" })
}

/// A meeting held on the second of January of this year: always by today.
fn meeting() -> Value {
    json!({ "held_on": format!("{}-01-02", this_year()), "place": "Aula Dinas", "minutes": "Capaian dipaparkan." })
}

fn socialise(step: u8) -> Value {
    json!({ "action": "socialise", "step": step, "officials": ["Kepala Dinas", "Para Kepala Bidang"], "note": "rapat staf", "meeting": meeting() })
}

struct Cast {
    sekretaris: Client,
    kasubag: Client,
    staf: Client,
    kabid: Client,
    kasi: Client,
}

async fn cast(server: &Running) -> Cast {
    Cast {
        sekretaris: signed_in(server, "sekretaris").await,
        kasubag: signed_in(server, "kasubag.program").await,
        staf: signed_in(server, "staf.evaluasi").await,
        kabid: signed_in(server, "kabid.tl").await,
        kasi: signed_in(server, "kasi.kdl").await,
    }
}

/// Plays a quarter from the disposition to the approval; the approved cycle.
async fn play_quarter(cast: &Cast, server: &Running, period: &str) -> Value {
    ok(&cast.sekretaris, server, period, start()).await;
    ok(&cast.kasubag, server, period, complete(2)).await;
    let (status, body) = act(&cast.staf, server, period, complete(3)).await;
    if status == StatusCode::CONFLICT {
        assert_eq!(body["error"]["code"], "input_missing", "the demo months have gaps: {body}");
        let waive =
            json!({ "action": "waive", "input": "monthly_data", "reason": "OPD mitra belum melapor" });
        ok(&cast.staf, server, period, waive).await;
        ok(&cast.staf, server, period, complete(3)).await;
    } else {
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    ok(&cast.kasubag, server, period, complete(4)).await;
    ok(&cast.kasubag, server, period, socialise(5)).await;
    ok(&cast.sekretaris, server, period, json!({ "action": "approve" })).await
}

/// A push of a new value of IKU-07 (reported by SEKSI-KDL) for `month`; the answer.
async fn push_iku07(client: &Client, server: &Running, seq: i64, month: &str, value: &str) -> Value {
    let records = pull_all(client, server).await;
    let record = records.iter().find(|r| {
        r["key"]["period"] == month
            && r["key"]["indicator_id"] == "demo-indicator-iku-07"
            && r["entity"] == "realisation"
    });
    let (revision, base) = match record {
        Some(record) => (record["revision"].as_i64().unwrap(), record["values"].clone()),
        None => (0, json!({})),
    };
    let op = realisation_op(seq, "iku-07", "seksi-kdl", month, revision, base, json!({ "value": value }));
    let (status, body) = push(client, server, &device_id(), &[op]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["answers"][0].clone()
}

#[tokio::test]
async fn a_quarter_played_by_each_role_ends_approved_and_its_data_locked() {
    let (server, dir) = demo_server().await;
    let cast = cast(&server).await;
    let tw1 = format!("{}-TW1", this_year());
    let month = format!("{}-02", this_year());
    assert_eq!(push_iku07(&cast.kasi, &server, 1, &month, "41").await["outcome"], "applied", "open before");
    let board_path = format!("/api/v1/cycles?year={}", this_year());
    let before: Value = get_json(&cast.kasi, &server, &board_path).await;

    let cycle = play_quarter(&cast, &server, &tw1).await;
    assert_eq!(cycle["phase"]["phase"], "approved");
    assert_eq!(cycle["turn"], Value::Null);
    let steps: Vec<i64> =
        cycle["runs"].as_array().unwrap().iter().map(|r| r["step"].as_i64().unwrap()).collect();
    assert_eq!(steps, vec![1, 2, 3, 4, 5]);
    let names: Vec<&str> =
        cycle["history"].as_array().unwrap().iter().map(|e| e["full_name"].as_str().unwrap()).collect();
    assert_eq!(names.first(), Some(&"Sekretaris Dinas (contoh)"));
    assert!(names.contains(&"Staf Penyusun Evaluasi Kinerja (contoh)"));

    let answer = push_iku07(&cast.kasi, &server, 2, &month, "42").await;
    assert_eq!(answer["outcome"], "rejected", "{answer}");
    assert_eq!(answer["code"], "period_locked");

    let board: Value = get_json(&cast.kasi, &server, &board_path).await;
    assert_eq!(board["cycles"][0]["period"], tw1);
    assert_eq!(board["steps"].as_array().unwrap().len(), 9);
    let runs_of_step2 = |board: &Value| board["compliance"][1]["runs"].as_i64().unwrap();
    assert_eq!(board["compliance"][1]["step"], 2);
    assert_eq!(runs_of_step2(&board), runs_of_step2(&before) + 1, "the cycle's run is counted");

    let pool = database(dir.path()).await;
    let events = count(&pool, "cycle_events").await;
    let id = uuid::Uuid::now_v7().to_string();
    let reopen = json!({ "action": "reopen", "reason": "koreksi IKU-07 Februari" });
    let (first, _) = act_as(&cast.sekretaris, &server, &tw1, &id, reopen.clone()).await;
    let (again, body) = act_as(&cast.sekretaris, &server, &tw1, &id, reopen).await;
    assert_eq!((first, again), (StatusCode::OK, StatusCode::OK), "a retry answers like the first: {body}");
    assert_eq!(count(&pool, "cycle_events").await, events + 1, "the retry is recorded once");
    assert_eq!(body["phase"]["phase"], "approval");
    assert_eq!(push_iku07(&cast.kasi, &server, 3, &month, "43").await["outcome"], "applied", "reopened");
    let audit = get_json(&cast.sekretaris, &server, "/api/v1/audit?entity=period_lock&limit=1000").await;
    let unlocks: Vec<&Value> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "unlock" && e["key"].as_str().unwrap().contains(&tw1))
        .collect();
    assert_eq!(unlocks.len(), 3, "the dinas and the two outside roots: {audit}");
    assert!(unlocks.iter().all(|e| e["new"] == "koreksi IKU-07 Februari" && e["username"] == "sekretaris"));
}

#[tokio::test]
async fn a_user_without_the_step_s_role_is_refused_and_nothing_is_recorded() {
    let (server, dir) = demo_server().await;
    let pool = database(dir.path()).await;
    let mut clients = Vec::new();
    for user in common::DEMO_USERS {
        clients.push((user, signed_in(&server, user).await));
    }
    let period = format!("{}-TW2", this_year());
    let waive = json!({ "action": "waive", "input": "monthly_data", "reason": "uji" });
    let script: [(&str, Value); 7] = [
        ("sekretaris", start()),
        ("kasubag.program", complete(2)),
        ("staf.evaluasi", waive),
        ("staf.evaluasi", complete(3)),
        ("kasubag.program", complete(4)),
        ("kasubag.program", socialise(5)),
        ("sekretaris", json!({ "action": "approve" })),
    ];
    let locks_before = count(&pool, "period_locks").await;
    for (owner, action) in script {
        for (user, client) in &clients {
            if *user == owner
                || (owner == "staf.evaluasi" && *user == "sekretaris" && action["action"] == "waive")
            {
                continue;
            }
            let before = count(&pool, "cycle_events").await;
            let (status, body) = act(client, &server, &period, action.clone()).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{user} tries {action}: {body}");
            assert_eq!(body["error"]["code"], "forbidden");
            assert_eq!(count(&pool, "cycle_events").await, before);
        }
        let owner = &clients.iter().find(|(user, _)| *user == owner).unwrap().1;
        ok(owner, &server, &period, action).await;
    }
    assert_eq!(
        count(&pool, "period_locks").await,
        locks_before + 3,
        "the dinas and the two outside roots are locked"
    );

    let edit = json!({ "title": "Mengolah data", "role": "staf_evaluasi", "standard_minutes": 5 });
    for (user, client) in &clients {
        let status = client.put(server.url("/api/v1/sop-steps/3")).json(&edit).send().await.unwrap().status();
        let expected = if *user == "admin" { StatusCode::NO_CONTENT } else { StatusCode::FORBIDDEN };
        assert_eq!(status, expected, "{user} edits a step");
    }
    let board = get_json(&clients[0].1, &server, &format!("/api/v1/cycles?year={}", this_year())).await;
    assert_eq!(board["steps"][2]["standard_minutes"], 5, "the admin's edit is kept");
    assert_eq!(board["steps"][2]["title"], "Mengolah data");
    let admin = &clients.iter().find(|(user, _)| *user == "admin").unwrap().1;
    let blank = json!({ "title": " ", "role": "staf_evaluasi", "standard_minutes": 0 });
    let response = admin.put(server.url("/api/v1/sop-steps/3")).json(&blank).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    let fields: Vec<&str> =
        body["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, vec!["title", "standard_minutes"]);
    let steps = get_json(&clients[0].1, &server, "/api/v1/sop-steps").await;
    assert_eq!(steps.as_array().unwrap().len(), 9);
    assert_eq!(steps[2], board["steps"][2], "the refused edit changed nothing");
}

#[tokio::test]
async fn a_semester_answered_tidak_once_opens_the_unit_for_revision_then_ya() {
    let (server, _dir) = demo_server().await;
    let cast = cast(&server).await;
    let year = this_year();
    let s1 = format!("{year}-S1");
    let (status, body) = act(&cast.sekretaris, &server, &s1, start()).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("input_missing")));
    play_quarter(&cast, &server, &format!("{year}-TW1")).await;
    play_quarter(&cast, &server, &format!("{year}-TW2")).await;
    ok(&cast.sekretaris, &server, &s1, start()).await;
    ok(&cast.kasubag, &server, &s1, complete(6)).await;

    let month = format!("{year}-03");
    assert_eq!(push_iku07(&cast.kasi, &server, 1, &month, "51").await["code"], "period_locked");
    let tidak = json!({ "action": "review", "decision": "tidak", "comments": "IKU-07 Maret belum sesuai bukti", "units": ["demo-unit-seksi-kdl"] });
    let no_comment =
        json!({ "action": "review", "decision": "tidak", "comments": " ", "units": ["demo-unit-seksi-kdl"] });
    let (status, body) = act(&cast.kabid, &server, &s1, no_comment).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("validation_failed"))
    );
    let cycle = ok(&cast.kabid, &server, &s1, tidak).await;
    assert_eq!(cycle["phase"]["phase"], "revision");
    assert_eq!(cycle["turn"], "kepala_seksi");
    // The quarters' approved versions are marked superseded by the review.
    let versions = |quarter: u8| {
        let (client, server) = (cast.kasubag.clone(), &server);
        async move {
            get_json(&client, server, &format!("/api/v1/reports/quarter/{year}/{quarter}/versions")).await
        }
    };
    for quarter in [1, 2] {
        let kept = versions(quarter).await;
        assert_eq!(kept.as_array().unwrap().len(), 1, "{kept}");
        assert_eq!(
            (kept[0]["status"].as_str(), kept[0]["superseded_by"].as_str()),
            (Some("approved"), Some(s1.as_str()))
        );
    }
    assert_eq!(
        push_iku07(&cast.kasi, &server, 2, &month, "52").await["outcome"],
        "applied",
        "open for revision"
    );

    let revise = json!({ "action": "revise", "unit_id": "demo-unit-seksi-kdl", "note": "Maret diperbaiki" });
    let (status, _) = act(&cast.kabid, &server, &s1, revise.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let revised = ok(&cast.kasi, &server, &s1, revise).await;
    // The revision changed March: each quarter gets a new draft version (TW
    // II's figures to date hold March too), whose diff shows the cell.
    for quarter in [1, 2] {
        let kept = versions(quarter).await;
        let statuses: Vec<&str> =
            kept.as_array().unwrap().iter().map(|v| v["status"].as_str().unwrap()).collect();
        assert_eq!(statuses, ["approved", "draft"], "{kept}");
        assert_eq!(kept[0]["superseded_by"], s1.as_str());
        let path = format!("/api/v1/reports/quarter/{year}/{quarter}/diff?from=1&to=2");
        let diff = get_json(&cast.kasubag, &server, &path).await;
        assert!(diff.to_string().contains("IKU-07"), "the changed cell is listed: {diff}");
    }
    let seen: Vec<&str> = revised["completeness"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["unit_id"].as_str().unwrap())
        .collect();
    assert!(
        !seen.is_empty() && seen.iter().all(|unit| *unit == "demo-unit-seksi-kdl"),
        "only the own unit: {seen:?}"
    );
    assert_eq!(
        push_iku07(&cast.kasi, &server, 3, &month, "53").await["code"],
        "period_locked",
        "closed again"
    );
    let cycle = ok(
        &cast.kabid,
        &server,
        &s1,
        json!({ "action": "review", "decision": "ya", "comments": "", "units": [] }),
    )
    .await;
    assert_eq!(cycle["round"], 2);
    ok(&cast.kasubag, &server, &s1, socialise(8)).await;
    let cycle = ok(&cast.sekretaris, &server, &s1, json!({ "action": "approve" })).await;
    let rounds: Vec<(i64, i64)> = cycle["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["step"].as_i64().unwrap(), r["round"].as_i64().unwrap()))
        .collect();
    assert_eq!(rounds, vec![(6, 1), (7, 1), (7, 2), (8, 2)]);
    let decisions: Vec<&str> =
        cycle["history"].as_array().unwrap().iter().filter_map(|e| e["decision"].as_str()).collect();
    assert_eq!(decisions, vec!["tidak", "ya"]);
    // What was approved is the semester as revised: the last revision kept it
    // again, so its quarter columns no longer cite the superseded approvals.
    let approved = first_version(&cast.kasubag, &server, &format!("semester/{year}/1")).await;
    assert_eq!(approved["status"], "approved");
    let sources = approved["report"]["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 2);
    assert!(sources.iter().all(|s| s["approved"].is_null()), "{sources:?}");
}

/// A Tidak naming units that have no head user does not stall the cycle:
/// a Subbagian is revised by the Kasubag Program, a seksi without a Kepala
/// Seksi by its Kepala Bidang (`docs/domain.md`, *Who moves a cycle*); each
/// finds it in their to-do list, nobody else may, and the review runs again.
/// The Kepala Bidang may name only units of their own bidang; the
/// sekretaris, who may take any review, names the Subbagian.
#[tokio::test]
async fn units_without_a_head_user_are_revised_by_whoever_the_structure_makes_responsible() {
    let (server, _dir) = demo_server().await;
    let cast = cast(&server).await;
    let year = this_year();
    let s1 = format!("{year}-S1");
    play_quarter(&cast, &server, &format!("{year}-TW1")).await;
    play_quarter(&cast, &server, &format!("{year}-TW2")).await;
    ok(&cast.sekretaris, &server, &s1, start()).await;
    ok(&cast.kasubag, &server, &s1, complete(6)).await;
    let (subbag, seksi) = ("demo-unit-subbag-umum", "demo-unit-seksi-ppl");
    let tidak = json!({ "action": "review", "decision": "tidak", "comments": "data belum lengkap", "units": [subbag, seksi] });
    let before = get_json(&cast.kabid, &server, &format!("/api/v1/cycles?year={year}")).await;
    let (status, body) = act(&cast.kabid, &server, &s1, tidak.clone()).await;
    assert_eq!((status, &body["error"]["code"]), (StatusCode::FORBIDDEN, &json!("forbidden")), "{body}");
    let after = get_json(&cast.kabid, &server, &format!("/api/v1/cycles?year={year}")).await;
    assert_eq!(before["cycles"], after["cycles"], "a refused Tidak changes nothing");
    ok(&cast.sekretaris, &server, &s1, tidak).await;

    let turns = |client: Client| {
        let server = &server;
        async move { turn_periods(&common::get_json(&client, server, "/api/v1/inbox").await) }
    };
    assert!(turns(cast.kasubag.clone()).await.contains(&s1));
    assert!(turns(cast.kabid.clone()).await.contains(&s1));
    assert!(!turns(cast.kasi.clone()).await.contains(&s1));

    let revise = |unit: &str| json!({ "action": "revise", "unit_id": unit, "note": "dilengkapi" });
    for (client, unit) in
        [(&cast.staf, subbag), (&cast.kasi, seksi), (&cast.kabid, subbag), (&cast.kasubag, seksi)]
    {
        let (status, body) = act(client, &server, &s1, revise(unit)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{unit}: {body}");
    }
    ok(&cast.kasubag, &server, &s1, revise(subbag)).await;
    let versions = format!("/api/v1/reports/quarter/{year}/1/versions");
    assert_eq!(get_json(&cast.kasubag, &server, &versions).await[0]["superseded_by"], s1.as_str());
    let cycle = ok(&cast.kabid, &server, &s1, revise(seksi)).await;
    // The revisions changed no data: the quarters keep their approved
    // version, and the superseding mark is lifted.
    let kept = get_json(&cast.kasubag, &server, &versions).await;
    assert_eq!(kept.as_array().unwrap().len(), 1, "{kept}");
    assert_eq!((kept[0]["status"].as_str(), &kept[0]["superseded_by"]), (Some("approved"), &Value::Null));
    assert_eq!(cycle["phase"]["phase"], "step", "the review runs again: {cycle}");
    assert_eq!(cycle["round"], 2);
}

#[tokio::test]
async fn the_compliance_report_sets_last_year_s_seeded_cycles_against_the_standard_times() {
    let (server, _dir) = demo_server().await;
    let kasubag = signed_in(&server, "kasubag.program").await;
    let last_year = this_year() - 1;
    let board: Value = get_json(&kasubag, &server, &format!("/api/v1/cycles?year={last_year}")).await;
    let cycles = board["cycles"].as_array().unwrap();
    assert_eq!(cycles.len(), 7, "four quarters, two semesters and the year");
    assert!(cycles.iter().all(|c| c["phase"]["phase"] == "approved"));
    let s2 = cycles.iter().find(|c| c["period"] == format!("{last_year}-S2")).unwrap();
    assert_eq!(s2["round"], 2, "the second semester was answered Tidak once");

    let standards: Vec<i64> =
        board["steps"].as_array().unwrap().iter().map(|s| s["standard_minutes"].as_i64().unwrap()).collect();
    let compliance = board["compliance"].as_array().unwrap();
    assert_eq!(compliance.len(), 9);
    for (row, standard) in compliance.iter().zip(&standards) {
        assert_eq!(row["standard_minutes"].as_i64(), Some(*standard));
        assert!(row["runs"].as_i64().unwrap() >= 1, "every step has run: {row}");
        let mean = row["mean_minutes"].as_f64().unwrap();
        let max = row["max_minutes"].as_f64().unwrap();
        assert!(mean <= max);
        let over = row["over_standard"].as_i64().unwrap();
        assert_eq!(over > 0, max > *standard as f64, "{row}");
    }
    assert!(compliance.iter().any(|row| row["over_standard"].as_i64() > Some(0)), "some steps ran late");
    assert!(
        compliance[1..]
            .iter()
            .any(|row| row["max_minutes"].as_f64() < Some(row["standard_minutes"].as_f64().unwrap()))
    );
    let this_year: Value = get_json(&kasubag, &server, &format!("/api/v1/cycles?year={}", this_year())).await;
    assert_eq!(this_year["cycles"].as_array().unwrap().len(), 0, "this year has not started");
}

/// The annual report has its own review (step 7 after step 9), and the
/// sekretaris, instead of approving, may return a draft with comments: its
/// drafting step runs again in a new round, and nobody else may return it.
#[tokio::test]
async fn the_annual_report_is_reviewed_and_the_sekretaris_returns_it_once() {
    let (server, _dir) = demo_server().await;
    let cast = cast(&server).await;
    let year = format!("{}", this_year());
    let waive = |input: &str| json!({ "action": "waive", "input": input, "reason": "semester belum disetujui (uji)" });
    ok(&cast.sekretaris, &server, &year, waive("semester_reports")).await;
    ok(&cast.sekretaris, &server, &year, start()).await;
    ok(&cast.staf, &server, &year, waive("semester_reports")).await;
    let cycle = ok(&cast.staf, &server, &year, complete(9)).await;
    assert_eq!(cycle["phase"], json!({ "phase": "step", "step": 7 }), "{cycle}");
    assert_eq!(cycle["turn"], "kepala_bidang");
    ok(&cast.kabid, &server, &year, waive("quarter_reports")).await;
    let ya = json!({ "action": "review", "decision": "ya", "comments": "", "units": [] });
    let cycle = ok(&cast.kabid, &server, &year, ya.clone()).await;
    assert_eq!(cycle["phase"]["phase"], "approval");

    let back = |comments: &str| json!({ "action": "return", "comments": comments });
    for (client, body, code) in
        [(&cast.kasubag, back("perbaiki"), "forbidden"), (&cast.sekretaris, back("  "), "validation_failed")]
    {
        let (status, answer) = act(client, &server, &year, body).await;
        assert_eq!(answer["error"]["code"], code, "{status}: {answer}");
    }
    let cycle =
        ok(&cast.sekretaris, &server, &year, back("Bab III belum memuat efisiensi per sasaran")).await;
    assert_eq!(
        (cycle["phase"].clone(), cycle["round"].clone()),
        (json!({ "phase": "step", "step": 9 }), json!(2))
    );
    let history = cycle["history"].as_array().unwrap();
    assert_eq!(history.last().unwrap()["action"], "return");
    assert_eq!(history.last().unwrap()["comments"], "Bab III belum memuat efisiensi per sasaran");
    assert_eq!(turn_periods(&get_json(&cast.staf, &server, "/api/v1/inbox").await), vec![year.as_str()]);

    ok(&cast.staf, &server, &year, complete(9)).await;
    ok(&cast.kabid, &server, &year, ya).await;
    let cycle = ok(&cast.sekretaris, &server, &year, json!({ "action": "approve" })).await;
    assert_eq!(cycle["phase"]["phase"], "approved");
}

/// Step 4 keeps the quarterly report as its draft version and the cycle's
/// approval approves exactly that version (its hash). A draft regenerated
/// after the step is not what the cycle approves: the approval is refused
/// `draft_changed` and nothing is locked; returned, step 4 keeps the new
/// content, and the approval approves that.
#[tokio::test]
async fn the_draft_step_keeps_the_report_version_and_the_approval_approves_exactly_it() {
    let (server, _dir) = demo_server().await;
    let cast = cast(&server).await;
    let year = this_year();
    let tw1 = format!("{year}-TW1");
    let versions_path = format!("/api/v1/reports/quarter/{year}/1/versions");
    let versions = |client: &Client| {
        let (client, path) = (client.clone(), versions_path.clone());
        let server = &server;
        async move { get_json(&client, server, &path).await.as_array().unwrap().clone() }
    };
    ok(&cast.sekretaris, &server, &tw1, start()).await;
    ok(&cast.kasubag, &server, &tw1, complete(2)).await;
    let waive = json!({ "action": "waive", "input": "monthly_data", "reason": "OPD mitra belum melapor" });
    ok(&cast.staf, &server, &tw1, waive).await;
    ok(&cast.staf, &server, &tw1, complete(3)).await;
    assert!(versions(&cast.kasubag).await.is_empty(), "no version before step 4");
    ok(&cast.kasubag, &server, &tw1, complete(4)).await;
    let kept = versions(&cast.kasubag).await;
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!((kept[0]["version"].clone(), kept[0]["status"].clone()), (json!(1), json!("draft")));
    let step_four_hash = kept[0]["content_hash"].clone();
    ok(&cast.kasubag, &server, &tw1, socialise(5)).await;

    // New data, and the draft regenerated by hand: version 1 now holds other content.
    let answer = push_iku07(&cast.kasi, &server, 1, &format!("{year}-02"), "17").await;
    assert!(answer["outcome"] == "applied" || answer["outcome"] == "merged", "{answer}");
    let regenerated = cast.staf.post(server.url(&versions_path)).send().await.unwrap();
    assert_eq!(regenerated.status(), StatusCode::OK, "the draft is replaced in place");
    let replaced = versions(&cast.kasubag).await;
    assert_ne!(replaced[0]["content_hash"], step_four_hash);
    let (status, body) = act(&cast.sekretaris, &server, &tw1, json!({ "action": "approve" })).await;
    assert_eq!((status, &body["error"]["code"]), (StatusCode::CONFLICT, &json!("draft_changed")), "{body}");
    let locks = get_json(&cast.sekretaris, &server, "/api/v1/locks").await;
    assert!(!locks.to_string().contains(&tw1), "nothing was locked: {locks}");
    assert_eq!(versions(&cast.kasubag).await[0]["status"], "draft");

    // Returned to step 4, which keeps the report as it now is; then approved.
    ok(&cast.sekretaris, &server, &tw1, json!({ "action": "return", "comments": "data Februari berubah" }))
        .await;
    ok(&cast.kasubag, &server, &tw1, complete(4)).await;
    let relinked = versions(&cast.kasubag).await;
    assert_eq!(relinked.len(), 1, "the unchanged draft is kept, not copied: {relinked:?}");
    ok(&cast.kasubag, &server, &tw1, socialise(5)).await;
    let cycle = ok(&cast.sekretaris, &server, &tw1, json!({ "action": "approve" })).await;
    assert_eq!(cycle["phase"]["phase"], "approved");
    let approved = versions(&cast.kasubag).await;
    assert_eq!(approved[0]["status"], "approved");
    assert_eq!(approved[0]["content_hash"], relinked[0]["content_hash"]);
    assert_eq!(approved[0]["approved_by"], "Sekretaris Dinas (contoh)");
}

/// The periods of the cycles in an inbox's turns.
fn turn_periods(inbox: &Value) -> Vec<String> {
    inbox["turns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|turn| turn["period"].as_str().unwrap().to_owned())
        .collect()
}

/// Step 1's row of the compliance report of `year`.
async fn step_one(client: &Client, server: &Running, year: i32) -> Value {
    let board = get_json(client, server, &format!("/api/v1/cycles?year={year}")).await;
    board["compliance"][0].clone()
}

async fn put_calendar(client: &Client, server: &Running, calendar: &Value) -> (StatusCode, Value) {
    let response = client.put(server.url("/api/v1/office-calendar")).json(calendar).send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or_default())
}

#[tokio::test]
async fn the_administrator_keeps_the_office_calendar_that_times_the_steps() {
    let (server, _dir) = demo_server().await;
    let admin = signed_in(&server, "admin").await;
    let kasubag = signed_in(&server, "kasubag.program").await;
    let default = json!({ "zone": "wita", "opens_minute": 450, "closes_minute": 960, "holidays": [] });
    assert_eq!(get_json(&kasubag, &server, "/api/v1/office-calendar").await, default);
    let signed_out = Client::new().get(server.url("/api/v1/office-calendar")).send().await.unwrap();
    assert_eq!(signed_out.status(), StatusCode::UNAUTHORIZED);

    // The demo's step 1 runs began when each quarter ended and took at most
    // three times the standard 15 minutes of office time (07.30–16.00).
    let last_year = this_year() - 1;
    let before = step_one(&kasubag, &server, last_year).await;
    assert_eq!(before["runs"], 4, "{before}");
    assert!(before["max_minutes"].as_f64().unwrap() <= 45.0, "{before}");

    let all_day = json!({ "zone": "wita", "opens_minute": 0, "closes_minute": 1440,
                          "holidays": [{ "date": "2031-12-25", "name": " Natal " },
                                       { "date": "2031-01-01", "name": "Tahun Baru" }] });
    let (status, body) = put_calendar(&kasubag, &server, &all_day).await;
    assert_eq!((status, &body["error"]["code"]), (StatusCode::FORBIDDEN, &json!("forbidden")), "{body}");
    let bad = json!({ "zone": "wita", "opens_minute": 960, "closes_minute": 450,
                      "holidays": [{ "date": "2031-01-01", "name": "Tahun Baru" },
                                   { "date": "2031-01-01", "name": "Lagi" }] });
    let (status, body) = put_calendar(&admin, &server, &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let fields: Vec<&str> =
        body["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["opens_minute", "holidays[1].date"]);
    assert_eq!(get_json(&admin, &server, "/api/v1/office-calendar").await, default, "nothing was kept");

    // An office open all day: step 1 now also counts the night before the
    // first opening, at least 7 hours 30 minutes for every run.
    let (status, body) = put_calendar(&admin, &server, &all_day).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let kept = get_json(&kasubag, &server, "/api/v1/office-calendar").await;
    assert_eq!(kept["holidays"][0], json!({ "date": "2031-01-01", "name": "Tahun Baru" }));
    assert_eq!(kept["holidays"][1], json!({ "date": "2031-12-25", "name": "Natal" }));
    let after = step_one(&kasubag, &server, last_year).await;
    assert!(after["mean_minutes"].as_f64().unwrap() >= 450.0, "{after}");
    assert_eq!(after["over_standard"], 4, "{after}");
}

/// The completeness row of `unit` on the cycle of `period`: (complete, expected).
fn completeness_of(board: &Value, period: &str, unit: &str) -> (i64, i64) {
    let cycle = board["cycles"].as_array().unwrap().iter().find(|c| c["period"] == period).unwrap();
    let row = cycle["completeness"].as_array().unwrap().iter().find(|r| r["unit_id"] == unit).unwrap();
    (row["complete"].as_i64().unwrap(), row["expected"].as_i64().unwrap())
}

#[tokio::test]
async fn a_start_registers_its_disposition_the_inbox_follows_the_turn_and_officials_acknowledge() {
    let (server, _dir) = demo_server().await;
    let cast = cast(&server).await;
    let year = this_year();
    let tw4 = format!("{year}-TW4");
    let id = uuid::Uuid::now_v7().to_string();
    let (status, cycle) = act_as(&cast.sekretaris, &server, &tw4, &id, start()).await;
    assert_eq!(status, StatusCode::OK, "{cycle}");
    assert_eq!(cycle["disposition_id"], id);
    let sheet = get_json(&cast.kasubag, &server, &format!("/api/v1/dispositions/{id}")).await;
    assert_eq!(sheet["draft"]["recipients"], json!([{ "kind": "role", "role": "kasubag_program" }]));
    assert_eq!(sheet["draft"]["instruction"], "Harap dikumpulkan dan direkap");
    assert_eq!(sheet["draft"]["period"], tw4);
    assert_eq!(sheet["issuer"]["full_name"], "Sekretaris Dinas (contoh)");

    let inbox = |client: &Client| {
        let client = client.clone();
        let url = server.url("/api/v1/inbox");
        async move { client.get(url).send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let mine = inbox(&cast.kasubag).await;
    assert_eq!(turn_periods(&mine), vec![tw4.as_str()], "{mine}");
    // Step 2's 30 minutes run in office time, so its deadline is at least
    // 30 minutes after the start, later when the office is closed.
    assert_eq!(mine["turns"][0]["step"], 2);
    let started = cycle["runs"][1]["started_ms"].as_i64().unwrap();
    assert!(mine["turns"][0]["due_ms"].as_i64().unwrap() >= started + 30 * 60_000, "{mine}");
    let sheets: Vec<&str> =
        mine["dispositions"].as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert!(sheets.contains(&id.as_str()), "the start's sheet: {sheets:?}");
    let requests = sheets.iter().filter(|sheet| **sheet != id);
    assert!(requests.clone().count() >= 1, "and the requests of units the kasubag answers for: {sheets:?}");
    assert!(requests.into_iter().all(|sheet| sheet.starts_with(&format!("{id}."))), "{sheets:?}");
    assert_eq!(inbox(&cast.staf).await["turns"], json!([]));
    ok(&cast.kasubag, &server, &tw4, complete(2)).await;
    assert_eq!(inbox(&cast.kasubag).await["turns"], json!([]));
    assert_eq!(turn_periods(&inbox(&cast.staf).await), vec![tw4.as_str()]);

    let board_path = format!("/api/v1/cycles?year={year}");
    let before =
        completeness_of(&get_json(&cast.kasi, &server, &board_path).await, &tw4, "demo-unit-seksi-kdl");
    for (seq, month) in ["10", "11", "12"].iter().enumerate() {
        let answer = push_iku07(&cast.kasi, &server, seq as i64 + 1, &format!("{year}-{month}"), "9").await;
        assert!(answer["outcome"] == "applied" || answer["outcome"] == "merged", "{answer}");
    }
    let after =
        completeness_of(&get_json(&cast.kasi, &server, &board_path).await, &tw4, "demo-unit-seksi-kdl");
    assert_eq!(after, (before.0 + 1, before.1), "IKU-07 now has every month of TW IV");

    let waive = json!({ "action": "waive", "input": "monthly_data", "reason": "uji" });
    let (status, _) = act(&cast.staf, &server, &tw4, complete(3)).await;
    if status == StatusCode::CONFLICT {
        ok(&cast.staf, &server, &tw4, waive).await;
        ok(&cast.staf, &server, &tw4, complete(3)).await;
    }
    ok(&cast.kasubag, &server, &tw4, complete(4)).await;
    let informed = json!({ "action": "socialise", "step": 5, "officials": [], "informed": ["demo-user-kabid.tl", "demo-user-kasi.kdl"], "note": "rapat", "meeting": meeting() });
    let cycle = ok(&cast.kasubag, &server, &tw4, informed).await;
    assert_eq!(cycle["awaiting"].as_array().unwrap().len(), 2);
    assert_eq!(inbox(&cast.kabid).await["acknowledgements"], json!([tw4]));
    let acknowledge =
        json!({ "action": "acknowledge", "step": 5, "comment": "Catatan: IKU-03 perlu bukti foto" });
    let (status, body) = act(&cast.staf, &server, &tw4, acknowledge.clone()).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("forbidden")),
        "not informed"
    );
    let cycle = ok(&cast.kabid, &server, &tw4, acknowledge.clone()).await;
    assert_eq!(cycle["awaiting"], json!([{ "step": 5, "user_id": "demo-user-kasi.kdl" }]));
    assert_eq!(cycle["phase"]["phase"], "approval", "an acknowledgement does not move the cycle");
    let (status, _) = act(&cast.kabid, &server, &tw4, acknowledge).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "acknowledged once");
    assert_eq!(inbox(&cast.kabid).await["acknowledgements"], json!([]));
    let comments: Vec<&str> =
        cycle["history"].as_array().unwrap().iter().filter_map(|e| e["comment"].as_str()).collect();
    assert_eq!(comments, vec!["Catatan: IKU-03 perlu bukti foto"]);
}

#[tokio::test]
async fn a_quarter_played_end_to_end_produces_the_requests_for_data_the_monthly_progress_and_the_draft() {
    let (server, _dir) = demo_server().await;
    let cast = cast(&server).await;
    let year = this_year();
    let tw3 = format!("{year}-TW3");
    let start_id = uuid::Uuid::now_v7().to_string();
    let (status, cycle) = act_as(&cast.sekretaris, &server, &tw3, &start_id, start()).await;
    assert_eq!(status, StatusCode::OK, "{cycle}");

    // Step 1: a request to every unit that must supply data (each unit with
    // indicators), addressed to whoever answers for it, due on the fifth
    // working day after the quarter (or the start, if later).
    let suppliers: Vec<&str> =
        cycle["completeness"].as_array().unwrap().iter().map(|c| c["unit_id"].as_str().unwrap()).collect();
    let requested: Vec<&str> =
        cycle["requests"].as_array().unwrap().iter().map(|r| r["unit_id"].as_str().unwrap()).collect();
    assert!(suppliers.len() >= 5, "{suppliers:?}");
    assert_eq!(requested, suppliers, "one request per supplying unit");
    let sheet_of = |unit: &str| {
        let request = cycle["requests"].as_array().unwrap().iter().find(|r| r["unit_id"] == unit).unwrap();
        request["disposition_id"].as_str().unwrap().to_owned()
    };
    let expected = [
        (
            "demo-unit-seksi-kdl",
            json!({ "kind": "role", "role": "kepala_seksi", "unit_id": "demo-unit-seksi-kdl" }),
        ),
        (
            "demo-unit-seksi-ppl",
            json!({ "kind": "role", "role": "kepala_bidang", "unit_id": "demo-unit-bid-tl" }),
        ),
        (
            "demo-unit-opd-pupr",
            json!({ "kind": "role", "role": "kontributor", "unit_id": "demo-unit-opd-pupr" }),
        ),
        ("demo-unit-seksi-sampah", json!({ "kind": "role", "role": "kasubag_program" })),
    ];
    let mut deadlines = Vec::new();
    for (unit, recipient) in expected {
        if !suppliers.contains(&unit) {
            continue;
        }
        let sheet =
            get_json(&cast.sekretaris, &server, &format!("/api/v1/dispositions/{}", sheet_of(unit))).await;
        assert_eq!(sheet["draft"]["recipients"], json!([recipient]), "{unit}: {sheet}");
        assert_eq!(sheet["draft"]["unit_id"], unit);
        assert_eq!(sheet["draft"]["period"], tw3);
        deadlines.push(sheet["draft"]["deadline"].as_str().unwrap().to_owned());
    }
    assert!(deadlines.len() >= 3 && deadlines.iter().all(|d| *d == deadlines[0]), "{deadlines:?}");
    let deadline =
        time::Date::parse(&deadlines[0], &time::format_description::well_known::Iso8601::DATE).unwrap();
    let quarter_end = time::Date::from_calendar_date(year, time::Month::September, 30).unwrap();
    let today = time::OffsetDateTime::now_utc().date();
    assert!(deadline > quarter_end.max(today), "{deadline}");
    assert!(deadline <= quarter_end.max(today) + time::Duration::days(9), "five working days: {deadline}");
    let overdue: Vec<&Value> = cycle["requests"].as_array().unwrap().iter().map(|r| &r["overdue"]).collect();
    assert!(!overdue.is_empty() && overdue.iter().all(|o| **o == json!(false)), "not due yet: {overdue:?}");

    // The kasi's to-do list holds the request for the seksi; signing it marks it received.
    let kasi_sheet = sheet_of("demo-unit-seksi-kdl");
    let inbox = get_json(&cast.kasi, &server, "/api/v1/inbox").await;
    assert!(inbox["dispositions"].to_string().contains(&kasi_sheet), "{inbox}");
    let sign = json!({ "sign": "acknowledge", "note": "" });
    let signed = cast
        .kasi
        .post(server.url(&format!("/api/v1/dispositions/{kasi_sheet}/sign")))
        .json(&sign)
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), StatusCode::OK);
    let board = get_json(&cast.kasi, &server, &format!("/api/v1/cycles?year={year}")).await;
    let seen = board["cycles"].as_array().unwrap().iter().find(|c| c["period"] == tw3).unwrap();
    assert_eq!(seen["requests"].as_array().unwrap().len(), 1, "a kasi sees the request of the seksi only");
    assert_eq!(seen["requests"][0]["received"], true);

    // Step 3: the monthly progress of each unit, month by month.
    for (seq, month) in ["07", "08"].iter().enumerate() {
        push_iku07(&cast.kasi, &server, seq as i64 + 1, &format!("{year}-{month}"), "6").await;
    }
    ok(&cast.kasubag, &server, &tw3, complete(2)).await;
    let (status, _) = act(&cast.staf, &server, &tw3, complete(3)).await;
    if status == StatusCode::CONFLICT {
        let waive =
            json!({ "action": "waive", "input": "monthly_data", "reason": "OPD mitra belum melapor" });
        ok(&cast.staf, &server, &tw3, waive).await;
        ok(&cast.staf, &server, &tw3, complete(3)).await;
    }
    let progress_path = |unit: &str| format!("/api/v1/progress/{tw3}?unit={unit}");
    for unit in &suppliers {
        let progress = get_json(&cast.staf, &server, &progress_path(unit)).await;
        assert_eq!(progress["unit_id"], *unit);
        assert_eq!(progress["table"]["columns"][5]["key"], format!("realisation:{year}-07"));
        assert!(!progress["table"]["rows"].as_array().unwrap().is_empty(), "{unit}: {progress}");
    }
    let kdl = get_json(&cast.staf, &server, &progress_path("demo-unit-seksi-kdl")).await;
    let iku07 = kdl["table"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "demo-indicator-iku-07")
        .unwrap();
    assert_eq!(
        (&iku07["cells"][5]["value"], &iku07["cells"][6]["value"]),
        (&json!("6"), &json!("6")),
        "{iku07}"
    );
    let workbook = cast
        .staf
        .get(server.url(&format!("/api/v1/progress/{tw3}/xlsx?unit=demo-unit-seksi-kdl")))
        .send()
        .await
        .unwrap();
    assert_eq!(workbook.status(), StatusCode::OK);
    assert!(
        workbook.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains(&format!("progres-bulanan-{tw3}-demo-unit-seksi-kdl.xlsx"))
    );
    let bytes = workbook.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut strings = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/sharedStrings.xml").unwrap(), &mut strings).unwrap();
    assert!(strings.contains("Laporan Progres Bulanan Triwulan III"), "{strings}");
    assert!(strings.contains("Seksi Kajian Dampak Lingkungan"));

    // Refusals: another seksi's progress for a kasi, a month, a stranger.
    let other = cast.kasi.get(server.url(&progress_path("demo-unit-seksi-ppl"))).send().await.unwrap();
    assert_eq!(other.status(), StatusCode::FORBIDDEN);
    let month = cast
        .staf
        .get(server.url(&format!("/api/v1/progress/{year}-07?unit=demo-unit-seksi-kdl")))
        .send()
        .await
        .unwrap();
    assert_eq!(month.status(), StatusCode::BAD_REQUEST);
    let signed_out =
        Client::new().get(server.url(&progress_path("demo-unit-seksi-kdl"))).send().await.unwrap();
    assert_eq!(signed_out.status(), StatusCode::UNAUTHORIZED);

    // Step 4 keeps the report version the approval approves.
    ok(&cast.kasubag, &server, &tw3, complete(4)).await;
    let versions =
        get_json(&cast.kasubag, &server, &format!("/api/v1/reports/quarter/{year}/3/versions")).await;
    assert_eq!(versions.as_array().unwrap().len(), 1, "{versions}");
    ok(&cast.kasubag, &server, &tw3, socialise(5)).await;
    ok(&cast.sekretaris, &server, &tw3, json!({ "action": "approve" })).await;
    let versions =
        get_json(&cast.kasubag, &server, &format!("/api/v1/reports/quarter/{year}/3/versions")).await;
    assert_eq!(versions[0]["status"], "approved");
}

/// Plays a semester on its approved quarters, reviewed Ya at once; the approved cycle.
async fn play_semester(cast: &Cast, server: &Running, period: &str) -> Value {
    ok(&cast.sekretaris, server, period, start()).await;
    ok(&cast.kasubag, server, period, complete(6)).await;
    let ya = json!({ "action": "review", "decision": "ya", "comments": "", "units": [] });
    ok(&cast.kabid, server, period, ya).await;
    ok(&cast.kasubag, server, period, socialise(8)).await;
    ok(&cast.sekretaris, server, period, json!({ "action": "approve" })).await
}

/// The first stored version of a report (`kind/year/n`) with its content.
async fn first_version(client: &Client, server: &Running, report: &str) -> Value {
    get_json(client, server, &format!("/api/v1/reports/{report}/versions/1")).await
}

/// Step 9 builds the LKjIP from the two approved semester versions: the
/// version step 9 keeps names each source (version, approver, content hash)
/// and its semester columns are those versions' figures; the DOCX says so
/// under the title. Each semester's report in turn names its two approved
/// quarters. The year's review and approval then approve exactly that version.
#[tokio::test]
async fn the_lkjip_is_built_from_the_two_approved_semester_versions_and_names_them() {
    let (server, _dir) = demo_server().await;
    let cast = cast(&server).await;
    let year = this_year();
    for quarter in 1..=4 {
        play_quarter(&cast, &server, &format!("{year}-TW{quarter}")).await;
    }
    for semester in 1..=2 {
        play_semester(&cast, &server, &format!("{year}-S{semester}")).await;
    }
    let semesters = [
        first_version(&cast.kasubag, &server, &format!("semester/{year}/1")).await,
        first_version(&cast.kasubag, &server, &format!("semester/{year}/2")).await,
    ];
    for (index, semester) in semesters.iter().enumerate() {
        assert_eq!(semester["status"], "approved", "{semester}");
        let sources = semester["report"]["sources"].as_array().unwrap();
        assert_eq!(sources.len(), 2, "{sources:?}");
        for (offset, source) in sources.iter().enumerate() {
            let quarter = index * 2 + offset + 1;
            let approved = first_version(&cast.kasubag, &server, &format!("quarter/{year}/{quarter}")).await;
            assert_eq!(source["period"], format!("{year}-TW{quarter}"));
            assert_eq!(source["approved"]["content_hash"], approved["content_hash"], "{source}");
        }
    }

    let period = year.to_string();
    ok(&cast.sekretaris, &server, &period, start()).await;
    ok(&cast.staf, &server, &period, complete(9)).await;
    let lkjip = first_version(&cast.kasubag, &server, &format!("annual/{year}/1")).await;
    let sources = lkjip["report"]["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 2, "{lkjip}");
    for (index, (source, semester)) in sources.iter().zip(&semesters).enumerate() {
        assert_eq!(source["period"], format!("{year}-S{}", index + 1));
        assert_eq!(source["approved"]["version"], 1);
        assert_eq!(source["approved"]["content_hash"], semester["content_hash"]);
        assert_eq!(source["approved"]["approved_by"], "Sekretaris Dinas (contoh)");
        assert!(source.get("differs").is_none(), "the data is the approved data: {source}");
        for (row, kept) in lkjip["report"]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .zip(semester["report"]["rows"].as_array().unwrap())
        {
            assert_eq!(row["indicator_id"], kept["indicator_id"]);
            assert_eq!(
                row["parts"][index], kept["measurement"],
                "the semester column is the approved figure"
            );
        }
    }
    let docx = common::documents::docx_xml(
        common::documents::file(
            &cast.kasubag,
            server.url(&format!("/api/v1/reports/annual/{year}/1/export/docx?version=1")),
        )
        .await,
    );
    let hash = semesters[0]["content_hash"].as_str().unwrap();
    let named = "Kolom Semester I: Laporan Semester I versi 1, disetujui oleh Sekretaris Dinas (contoh)";
    assert!(docx.contains(&common::documents::escaped(named)), "the document names its source");
    assert!(docx.contains(&hash[..12]), "with the start of its hash");

    let ya = json!({ "action": "review", "decision": "ya", "comments": "", "units": [] });
    ok(&cast.kabid, &server, &period, ya).await;
    ok(&cast.sekretaris, &server, &period, json!({ "action": "approve" })).await;
    let approved = first_version(&cast.kasubag, &server, &format!("annual/{year}/1")).await;
    assert_eq!(
        (approved["status"].clone(), approved["content_hash"].clone()),
        (json!("approved"), lkjip["content_hash"].clone())
    );
}

/// Step 5 records the meeting: a socialisation without its date and place,
/// held after today, or naming a file the evidence store does not hold
/// (or that the recorder may not use) is refused and nothing is recorded;
/// recorded, its photographed attendance list opens for any signed-in user
/// (another OPD's operator included) and for nobody signed out, and the
/// history keeps the meeting with the attendance.
#[tokio::test]
async fn a_socialisation_keeps_its_meeting_and_the_photographed_attendance_list() {
    let (server, dir) = demo_server().await;
    let cast = cast(&server).await;
    let year = this_year();
    let tw2 = format!("{year}-TW2");
    ok(&cast.sekretaris, &server, &tw2, start()).await;
    ok(&cast.kasubag, &server, &tw2, complete(2)).await;
    let waive = json!({ "action": "waive", "input": "monthly_data", "reason": "uji" });
    if act(&cast.staf, &server, &tw2, complete(3)).await.0 == StatusCode::CONFLICT {
        ok(&cast.staf, &server, &tw2, waive).await;
        ok(&cast.staf, &server, &tw2, complete(3)).await;
    }
    ok(&cast.kasubag, &server, &tw2, complete(4)).await;

    let photo = [&[0xFF, 0xD8, 0xFF, 0xE0][..], b"daftar hadir sosialisasi"].concat();
    let sha = common::sha256(&photo);
    let put = |client: &Client| {
        client
            .put(server.url(&format!("/api/v1/evidence/{sha}")))
            .header("content-type", "image/jpeg")
            .body(photo.clone())
            .send()
    };
    let held = |meeting: Value| {
        json!({ "action": "socialise", "step": 5, "officials": ["Camat Juai"], "informed": ["demo-user-kabid.tl"],
                "note": "rapat", "meeting": meeting })
    };
    let with_file = json!({ "held_on": format!("{year}-01-02"), "place": "Aula Dinas",
        "minutes": "Capaian TW II dipaparkan.\nIKU-03 perlu bukti foto.",
        "attachments": [{ "sha256": sha, "name": "daftar-hadir.jpg" }] });
    let tomorrow = (time::OffsetDateTime::now_utc() + time::Duration::days(2)).date();
    let refused = [
        (held(json!({})), "meeting_incomplete"),
        (
            json!({ "action": "socialise", "step": 5, "officials": ["Camat Juai"], "note": "" }),
            "meeting_incomplete",
        ),
        (held(json!({ "held_on": format!("{year}-01-02"), "place": " " })), "meeting_incomplete"),
        (held(json!({ "held_on": tomorrow.to_string(), "place": "Aula" })), "meeting_incomplete"),
        (held(with_file.clone()), "attachment_missing"),
    ];
    let events = || async { count(&database(dir.path()).await, "cycle_events").await };
    let before = events().await;
    for (action, code) in refused {
        let (status, body) = act(&cast.kasubag, &server, &tw2, action.clone()).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(code)),
            "{action}"
        );
    }
    let mut nobody_known = held(json!({ "held_on": format!("{year}-01-02"), "place": "Aula" }));
    nobody_known["informed"] = json!(["demo-user-tidak-ada"]);
    let (status, body) = act(&cast.kasubag, &server, &tw2, nobody_known).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("validation_failed")),
        "an unknown official: {body}"
    );
    // A file uploaded by someone else is not the recorder's to attach.
    assert_eq!(put(&cast.kasi).await.unwrap().status(), StatusCode::CREATED);
    let (status, body) = act(&cast.kasubag, &server, &tw2, held(with_file.clone())).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("attachment_missing"))
    );
    assert_eq!(events().await, before, "nothing was recorded");

    assert_eq!(
        put(&cast.kasubag).await.unwrap().status(),
        StatusCode::OK,
        "held already; now the kasubag's too"
    );
    let cycle = ok(&cast.kasubag, &server, &tw2, held(with_file.clone())).await;
    let recorded = cycle["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(recorded["meeting"], with_file);
    assert_eq!(
        (recorded["officials"].clone(), recorded["informed"].clone()),
        (json!(["Camat Juai"]), json!(["demo-user-kabid.tl"]))
    );
    let other_opd = signed_in(&server, "kontributor.pupr").await;
    for client in [&cast.kabid, &other_opd, &cast.sekretaris] {
        let response = client.get(server.url(&format!("/api/v1/evidence/{sha}"))).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.bytes().await.unwrap().as_ref(), photo.as_slice());
    }
    let nobody = common::client().get(server.url(&format!("/api/v1/evidence/{sha}"))).send().await.unwrap();
    assert_eq!(nobody.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(count(&database(dir.path()).await, "cycle_attachments").await, 1);
}

/// A second Kepala Bidang (Bidang Pertanahan) joins: at step 7 each Kepala
/// Bidang's Ya covers their own bidang, recorded as such; the review waits
/// in the other's to-do list until both have said Ya, then goes on.
#[tokio::test]
async fn each_kepala_bidang_answers_for_their_bidang_and_the_review_goes_on_when_both_have() {
    let (server, _dir) = demo_server().await;
    let cast = cast(&server).await;
    let admin = signed_in(&server, "admin").await;
    let user = json!({ "id": "u-kabid-tanah", "username": "kabid.tanah", "full_name": "Kepala Bidang Pertanahan",
                       "nip": "", "role": "kepala_bidang", "unit_id": "demo-unit-bid-tanah", "initial_password": "Mulai-2026-aman" });
    assert_eq!(
        admin.post(server.url("/api/v1/users")).json(&user).send().await.unwrap().status(),
        StatusCode::CREATED
    );
    let (tanah, _) = common::sign_in(&server, "kabid.tanah", "Mulai-2026-aman").await;
    let change = json!({ "current_password": "Mulai-2026-aman", "new_password": "Baru-2026-lebih-aman" });
    let changed = tanah.post(server.url("/api/v1/auth/password")).json(&change).send().await.unwrap();
    assert_eq!(changed.status(), StatusCode::OK);

    let year = this_year();
    play_quarter(&cast, &server, &format!("{year}-TW1")).await;
    play_quarter(&cast, &server, &format!("{year}-TW2")).await;
    let s1 = format!("{year}-S1");
    ok(&cast.sekretaris, &server, &s1, start()).await;
    ok(&cast.kasubag, &server, &s1, complete(6)).await;
    let inbox = |client: &Client| {
        let (client, server) = (client.clone(), &server);
        async move { turn_periods(&get_json(&client, server, "/api/v1/inbox").await) }
    };
    assert_eq!((inbox(&cast.kabid).await, inbox(&tanah).await), (vec![s1.clone()], vec![s1.clone()]));

    let ya = json!({ "action": "review", "decision": "ya", "comments": "Bidang TL sesuai", "units": [] });
    let cycle = ok(&cast.kabid, &server, &s1, ya.clone()).await;
    assert_eq!(cycle["phase"], json!({ "phase": "step", "step": 7 }), "bidang Pertanahan has not answered");
    assert_eq!(cycle["endorsed"], json!(["demo-unit-bid-tl"]));
    assert_eq!(cycle["history"].as_array().unwrap().last().unwrap()["units"], json!(["demo-unit-bid-tl"]));
    assert_eq!((inbox(&cast.kabid).await, inbox(&tanah).await), (vec![], vec![s1.clone()]));
    // Not another bidang's answer to give.
    let for_tanah =
        json!({ "action": "review", "decision": "ya", "comments": "", "units": ["demo-unit-bid-tanah"] });
    let (status, body) = act(&cast.kabid, &server, &s1, for_tanah).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));

    let cycle = ok(&tanah, &server, &s1, ya).await;
    assert_eq!(cycle["phase"], json!({ "phase": "step", "step": 8 }), "{cycle}");
    assert_eq!(cycle["history"].as_array().unwrap().last().unwrap()["units"], json!([]));
    assert_eq!(cycle["endorsed"], json!([]));
}
