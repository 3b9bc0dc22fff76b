//! What the sync endpoints refuse, against the real server: malformed pushes
//! (generated) are refused whole with a 4xx and a stable code while the
//! server keeps serving and the database stays as it was; every role ×
//! entity × own/other unit gets the answer the roles table of `domain.md`
//! gives; a locked period refuses ops, names the lock, and reopens only for
//! the sekretaris.

use crate::common;
use common::sha256;

use common::{
    Running, database, demo_server, device_id, op_id, push, realisation_op, signed_in, sync_tables,
};
use proptest::prelude::*;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

const STABLE_CODES: [&str; 4] =
    ["bad_request", "validation_failed", "unsupported_media_type", "payload_too_large"];

fn valid_push(device: &str) -> Value {
    let ops = [
        realisation_op(1, "iku-07", "seksi-kdl", "2030-01", 0, json!({}), json!({ "value": "3" })),
        realisation_op(2, "iku-07", "seksi-kdl", "2030-02", 0, json!({}), json!({ "kendala": "hujan" })),
    ];
    json!({ "protocol": 1, "device_id": device, "ops": ops })
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        "[a-z0-9 ]{0,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// A value that can never pass at `field`.
fn never_valid(field: &'static str) -> impl Strategy<Value = Value> {
    any_json().prop_filter("a valid value", move |value| match field {
        "protocol" => value.as_i64() != Some(1),
        "seq" => value.as_i64().is_none_or(|n| n < 1),
        "base_revision" => value.as_i64().is_none_or(|n| n < 0),
        "client_time" => !value.is_string(),
        "ops" => value.as_array().is_none_or(|ops| !ops.is_empty()),
        "new" | "base" => {
            !value.as_object().is_some_and(|m| m.values().all(|v| v.is_string() || v.is_null()))
        }
        _ => true,
    })
}

/// A push that must be refused whole, with the reason it is made of.
fn malformed() -> impl Strategy<Value = (String, Vec<u8>)> {
    let top = prop::sample::select(vec!["protocol", "device_id", "ops"]);
    let op_fields = prop::sample::select(vec![
        "op_id",
        "seq",
        "entity",
        "key",
        "base_revision",
        "base",
        "new",
        "client_time",
    ]);
    prop_oneof![
        any_json().prop_map(|body| ("any JSON".to_owned(), body.to_string().into_bytes())),
        proptest::collection::vec(any::<u8>(), 0..64).prop_map(|bytes| ("bytes".to_owned(), bytes)),
        top.clone().prop_flat_map(|field| never_valid(field).prop_map(move |value| {
            let mut body = valid_push(&device_id());
            body[field] = value;
            (format!("{field} replaced"), body.to_string().into_bytes())
        })),
        op_fields.clone().prop_flat_map(|field| never_valid(field).prop_map(move |value| {
            let mut body = valid_push(&device_id());
            body["ops"][1][field] = value;
            (format!("ops[1].{field} replaced"), body.to_string().into_bytes())
        })),
        "[a-z_]{1,12}"
            .prop_filter("a known entity", |name| {
                !["realisation", "budget_realisation", "evidence"].contains(&name.as_str())
            })
            .prop_map(|entity| {
                let mut body = valid_push(&device_id());
                body["ops"][0]["entity"] = json!(entity);
                ("unknown entity".to_owned(), body.to_string().into_bytes())
            }),
        prop::sample::select(vec!["op_id", "seq", "entity", "key", "new", "client_time"]).prop_map(|field| {
            let mut body = valid_push(&device_id());
            body["ops"][0].as_object_mut().unwrap().remove(field);
            (format!("ops[0].{field} missing"), body.to_string().into_bytes())
        }),
        top.prop_map(|field| {
            let mut body = valid_push(&device_id());
            body.as_object_mut().unwrap().remove(field);
            (format!("{field} missing"), body.to_string().into_bytes())
        }),
        Just(()).prop_map(|()| {
            let mut body = valid_push("not-a-uuid");
            body["device_id"] = json!("not-a-uuid");
            ("device id".to_owned(), body.to_string().into_bytes())
        }),
    ]
}

async fn send(client: &Client, server: &Running, content_type: &str, body: Vec<u8>) -> (StatusCode, String) {
    let response = common::answer_despite_early_close(|| {
        client.post(server.url("/api/v1/sync/push")).header("content-type", content_type).body(body.clone())
    })
    .await;
    let status = response.status();
    let body: Value = response.json().await.unwrap_or_default();
    (status, body["error"]["code"].as_str().unwrap_or_default().to_owned())
}

#[test]
fn malformed_pushes_are_refused_whole_and_change_nothing() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (server, dir, client) = runtime.block_on(async {
        let (server, dir) = demo_server().await;
        let client = signed_in(&server, "kasi.kdl").await;
        (server, dir, client)
    });
    let db = runtime.block_on(database(dir.path()));
    let before = runtime.block_on(sync_tables(&db));

    let config = ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() };
    proptest!(config, |((what, body) in malformed())| {
        let (status, code) = runtime.block_on(send(&client, &server, "application/json", body));
        prop_assert!(status.is_client_error(), "{what}: {status}");
        prop_assert!(STABLE_CODES.contains(&code.as_str()), "{what}: code {code:?}");
    });

    let oversize =
        format!("{{\"protocol\":1,\"device_id\":\"{}\",\"ops\":[\"{}\"]}}", device_id(), "x".repeat(3 << 20));
    let checks = [
        ("application/json", oversize.into_bytes(), StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
        (
            "text/plain",
            valid_push(&device_id()).to_string().into_bytes(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        ("application/json", b"{\"protocol\":1,".to_vec(), StatusCode::BAD_REQUEST, "bad_request"),
    ];
    for (content_type, body, status, code) in checks {
        assert_eq!(runtime.block_on(send(&client, &server, content_type, body)), (status, code.to_owned()));
    }
    let mut too_many = valid_push(&device_id());
    too_many["ops"] = json!(vec![too_many["ops"][0].clone(); 501]);
    let (status, code) =
        runtime.block_on(send(&client, &server, "application/json", too_many.to_string().into_bytes()));
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
        "more than 500 ops"
    );

    assert!(runtime.block_on(server.health()).is_some(), "the server keeps serving");
    assert_eq!(runtime.block_on(sync_tables(&db)), before, "nothing was written");
    let (status, body) =
        runtime.block_on(push(&client, &server, &device_id(), valid_push("")["ops"].as_array().unwrap()));
    assert_eq!(status, StatusCode::OK, "a good push still goes through: {body}");
}

/// A photo: a JPEG header, so the server keeps it as evidence.
const FILE: &[u8] = b"\xFF\xD8\xFF\xE0foto kegiatan pengawasan (contoh)";

/// The record an op changes, one per entity.
fn op(seq: i64, entity: &str, indicator: &str, unit: &str, program: &str, period: &str) -> Value {
    let (key, new) = match entity {
        "realisation" => (
            json!({ "indicator_id": format!("demo-indicator-{indicator}"), "unit_id": format!("demo-unit-{unit}"), "period": period }),
            json!({ "value": "5" }),
        ),
        "evidence" => (
            json!({ "indicator_id": format!("demo-indicator-{indicator}"), "unit_id": format!("demo-unit-{unit}"),
                    "period": period, "sha256": sha256(FILE) }),
            json!({ "file_name": "foto.jpg", "media_type": "image/jpeg", "status": "attached" }),
        ),
        _ => (json!({ "program_id": program, "period": period }), json!({ "amount": "1500000" })),
    };
    json!({ "op_id": op_id(), "seq": seq, "entity": entity, "key": key, "base_revision": 0, "base": {},
            "new": new, "client_time": "2026-11-24T08:00:00Z" })
}

#[tokio::test]
async fn every_role_entity_and_unit_gets_the_answer_of_the_roles_table() {
    let (server, _dir) = demo_server().await;
    let admin = signed_in(&server, "admin").await;
    for (id, unit) in
        [("p-tl", "bid-tl"), ("p-kdl", "seksi-kdl"), ("p-tanah", "bid-tanah"), ("p-pupr", "opd-pupr")]
    {
        let program = json!({ "id": id, "code": id.to_uppercase(), "name": format!("Program {id}"), "level": "program",
                              "parent_id": null, "unit_id": format!("demo-unit-{unit}") });
        let saved =
            admin.put(server.url(&format!("/api/v1/programs/{id}"))).json(&program).send().await.unwrap();
        assert_eq!(saved.status(), StatusCode::NO_CONTENT);
    }

    // (user, own (indicator, unit, programme, period), other (…), allowed: [own, other] per entity
    // in the order realisation, budget_realisation, evidence) — the roles table of domain.md.
    type Place = (&'static str, &'static str, &'static str, &'static str);
    let kdl: Place = ("iku-07", "seksi-kdl", "p-kdl", "2032-01");
    let sengketa: Place = ("iku-11", "seksi-sengketa", "p-tanah", "2032-01");
    let matrix: [(&str, Place, Place, [[bool; 2]; 3]); 7] = [
        ("admin", kdl, sengketa, [[false, false], [false, false], [false, false]]),
        ("sekretaris", kdl, sengketa, [[false, false], [false, false], [false, false]]),
        (
            "kabid.tl",
            ("iku-07", "seksi-kdl", "p-tl", "2032-02"),
            ("iku-11", "seksi-sengketa", "p-tanah", "2032-02"),
            [[true, false], [true, false], [true, false]],
        ),
        (
            "kasubag.program",
            ("iku-07", "seksi-kdl", "p-kdl", "2032-03"),
            ("iku-11", "seksi-sengketa", "p-tanah", "2032-03"),
            [[true, true], [true, true], [true, true]],
        ),
        (
            "kasi.kdl",
            ("iku-07", "seksi-kdl", "p-kdl", "2032-04"),
            ("iku-11", "seksi-sengketa", "p-tanah", "2032-04"),
            [[true, false], [true, false], [true, false]],
        ),
        (
            "staf.evaluasi",
            ("iku-07", "seksi-kdl", "p-kdl", "2032-05"),
            ("iku-11", "seksi-sengketa", "p-tanah", "2032-05"),
            [[true, true], [true, true], [true, true]],
        ),
        (
            "kontributor.pupr",
            ("iku-13", "opd-pupr", "p-pupr", "2032-TW3"),
            ("iku-12", "inst-bpn", "p-tanah", "2032-06"),
            [[true, false], [false, false], [true, false]],
        ),
    ];
    for (n, (user, own, other, allowed)) in matrix.into_iter().enumerate() {
        let client = signed_in(&server, user).await;
        // An evidence op names a file its sender holds: each who enters data uploads it.
        let uploaded = client
            .put(server.url(&format!("/api/v1/evidence/{}", sha256(FILE))))
            .header("content-type", "image/jpeg")
            .body(FILE)
            .send()
            .await
            .unwrap();
        let may_upload = !["admin", "sekretaris"].contains(&user);
        assert_eq!(uploaded.status().is_success(), may_upload, "{user} uploads");
        let device = device_id();
        let mut seq = 0;
        for (e, entity) in ["realisation", "budget_realisation", "evidence"].into_iter().enumerate() {
            for (side, place) in [own, other].into_iter().enumerate() {
                seq += 1;
                let (indicator, unit, program, period) = place;
                let period = if entity == "budget_realisation" {
                    format!("{}-{:02}", 2040 + n, seq)
                } else {
                    period.to_owned()
                };
                let (status, body) =
                    push(&client, &server, &device, &[op(seq, entity, indicator, unit, program, &period)])
                        .await;
                assert_eq!(status, StatusCode::OK);
                let answer = &body["answers"][0];
                let which = if side == 0 { "own" } else { "other" };
                if allowed[e][side] {
                    assert_eq!(answer["outcome"], "applied", "{user} {entity} {which}: {answer}");
                    assert_eq!(answer["revision"], 1);
                } else {
                    assert_eq!(answer["outcome"], "rejected", "{user} {entity} {which}: {answer}");
                    assert_eq!(answer["code"], "forbidden", "{user} {entity} {which}");
                    assert_eq!(answer["revision"], 0, "nothing was written");
                }
            }
        }
    }
}

#[tokio::test]
async fn a_locked_period_refuses_ops_names_the_lock_and_reopens_for_the_sekretaris_only() {
    let (server, dir) = demo_server().await;
    let kasi = signed_in(&server, "kasi.kdl").await;
    let sekretaris = signed_in(&server, "sekretaris").await;
    let lock = json!({ "unit_id": "demo-unit-bid-tl", "period": "2033-TW1", "reason": "Laporan TW I 2033 disetujui" });
    let refused = kasi.post(server.url("/api/v1/locks")).json(&lock).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "a kepala seksi may not lock");
    let locked = sekretaris.post(server.url("/api/v1/locks")).json(&lock).send().await.unwrap();
    assert_eq!(locked.status(), StatusCode::NO_CONTENT);
    let unknown = json!({ "unit_id": "nope", "period": "2033-TW1", "reason": "x" });
    let refused = sekretaris.post(server.url("/api/v1/locks")).json(&unknown).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let device = device_id();
    let february = realisation_op(1, "iku-07", "seksi-kdl", "2033-02", 0, json!({}), json!({ "value": "4" }));
    let april = realisation_op(2, "iku-07", "seksi-kdl", "2033-04", 0, json!({}), json!({ "value": "4" }));
    let (_, body) = push(&kasi, &server, &device, &[february.clone(), april]).await;
    let answer = &body["answers"][0];
    assert_eq!(
        (answer["outcome"].as_str(), answer["code"].as_str()),
        (Some("rejected"), Some("period_locked"))
    );
    assert_eq!(answer["lock"]["locked_by"], "Sekretaris Dinas (contoh)");
    assert_eq!(answer["lock"]["reason"], "Laporan TW I 2033 disetujui");
    assert_eq!(answer["lock"]["period"], "2033-TW1");
    assert!(answer["message"].as_str().unwrap().contains("sekretaris"), "says who can reopen it");
    assert_eq!(body["answers"][1]["outcome"], "applied", "another quarter is open");
    let (_, again) = push(&kasi, &server, &device, &[february]).await;
    assert_eq!(again["answers"][0], *answer, "the refusal stays visible to the sender");

    let reopen =
        json!({ "unit_id": "demo-unit-bid-tl", "period": "2033-TW1", "reason": "Revisi data Februari" });
    let refused = kasi.post(server.url("/api/v1/locks/reopen")).json(&reopen).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "reopening needs the sekretaris");
    let db = database(dir.path()).await;
    let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM period_locks WHERE period = '2033-TW1'")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(held, 1, "the lock is still held");
    let reopened = sekretaris.post(server.url("/api/v1/locks/reopen")).json(&reopen).send().await.unwrap();
    assert_eq!(reopened.status(), StatusCode::NO_CONTENT);
    let missing = sekretaris.post(server.url("/api/v1/locks/reopen")).json(&reopen).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let resent = realisation_op(3, "iku-07", "seksi-kdl", "2033-02", 0, json!({}), json!({ "value": "4" }));
    let (_, body) = push(&kasi, &server, &device, &[resent]).await;
    assert_eq!(body["answers"][0]["outcome"], "applied", "after reopening the same change goes through");

    let audit = common::get_json(&sekretaris, &server, "/api/v1/audit?entity=period_lock").await;
    let actions: Vec<(&str, &str, &str)> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e.to_string().contains("2033-TW1"))
        .map(|e| (e["action"].as_str().unwrap(), e["username"].as_str().unwrap(), e["new"].as_str().unwrap()))
        .collect();
    assert_eq!(
        actions,
        [
            ("lock", "sekretaris", "Laporan TW I 2033 disetujui"),
            ("unlock", "sekretaris", "Revisi data Februari")
        ]
    );
}

#[tokio::test]
async fn pushes_need_a_session_and_are_limited_per_session() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start_with(dir.path(), &["--demo", "--pushes-per-minute", "2"]).await;
    let ops = [realisation_op(1, "iku-07", "seksi-kdl", "2036-01", 0, json!({}), json!({ "value": "1" }))];
    let anonymous = common::client();
    let (status, body) = push(&anonymous, &server, &device_id(), &ops).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("unauthenticated")));

    let kasi = signed_in(&server, "kasi.kdl").await;
    let device = device_id();
    for _ in 0..2 {
        let (status, _) = push(&kasi, &server, &device, &ops).await;
        assert_eq!(status, StatusCode::OK);
    }
    let body = json!({ "protocol": 1, "device_id": device, "ops": ops });
    let limited = kasi.post(server.url("/api/v1/sync/push")).json(&body).send().await.unwrap();
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "Retry-After {wait}");
    assert_eq!(limited.json::<Value>().await.unwrap()["error"]["code"], "rate_limited");
    let other = signed_in(&server, "kasi.kdl").await;
    let (status, _) = push(&other, &server, &device, &ops).await;
    assert_eq!(status, StatusCode::OK, "the limit is per session");
}

#[tokio::test]
async fn a_devices_older_op_arriving_late_is_refused_and_no_one_else_can_stall_the_device() {
    let (server, _dir) = demo_server().await;
    let kasi = signed_in(&server, "kasi.kdl").await;
    let staf = signed_in(&server, "staf.evaluasi").await;
    let device = device_id();
    let newer = realisation_op(5, "iku-07", "seksi-kdl", "2037-02", 0, json!({}), json!({ "value": "9" }));
    let (_, body) = push(&kasi, &server, &device, &[newer]).await;
    assert_eq!(body["answers"][0]["outcome"], "applied");
    let high =
        realisation_op(1_000_000, "iku-07", "seksi-kdl", "2037-03", 0, json!({}), json!({ "value": "1" }));
    let (_, body) = push(&staf, &server, &device, &[high]).await;
    assert_eq!(body["answers"][0]["outcome"], "applied", "another user's ops on that device id");

    let older = realisation_op(4, "iku-07", "seksi-kdl", "2037-02", 0, json!({}), json!({ "value": "3" }));
    let (_, body) = push(&kasi, &server, &device, &[older]).await;
    assert_eq!(
        (body["answers"][0]["outcome"].as_str(), body["answers"][0]["code"].as_str()),
        (Some("rejected"), Some("out_of_order"))
    );
    let next = realisation_op(6, "iku-07", "seksi-kdl", "2037-04", 0, json!({}), json!({ "value": "2" }));
    let (_, body) = push(&kasi, &server, &device, &[next]).await;
    assert_eq!(
        body["answers"][0]["outcome"], "applied",
        "the device is not stalled by the other user's numbers"
    );
    let records = common::pull_all(&kasi, &server).await;
    let february = records.iter().find(|r| r["key"]["period"] == "2037-02").unwrap();
    assert_eq!(february["values"]["value"], "9", "the older edit did not overwrite the newer one");
}

#[tokio::test]
async fn each_role_pulls_only_the_records_of_its_scope() {
    let (server, _dir) = demo_server().await;
    let staf = signed_in(&server, "staf.evaluasi").await;
    let opd = realisation_op(1, "iku-13", "opd-pupr", "2038-TW1", 0, json!({}), json!({ "value": "2" }));
    let (_, body) = push(&signed_in(&server, "kontributor.pupr").await, &server, &device_id(), &[opd]).await;
    assert_eq!(body["answers"][0]["outcome"], "applied");
    let units_of = |records: &[Value]| {
        let mut units: Vec<String> =
            records.iter().map(|r| r["unit_id"].as_str().unwrap_or("(agency)").to_owned()).collect();
        units.sort();
        units.dedup();
        units
    };
    let everything = units_of(&common::pull_all(&staf, &server).await);
    assert!(everything.len() > 8, "the agency-wide roles see every unit: {everything:?}");
    let scoped: [(&str, &[&str]); 3] = [
        ("kabid.tl", &["demo-unit-bid-tl", "demo-unit-seksi-kdl", "demo-unit-seksi-ppl"]),
        ("kasi.kdl", &["demo-unit-seksi-kdl"]),
        ("kontributor.pupr", &["demo-unit-opd-pupr"]),
    ];
    for (user, expected) in scoped {
        let client = signed_in(&server, user).await;
        let seen = units_of(&common::pull_all(&client, &server).await);
        assert_eq!(seen, expected.to_vec(), "{user}");
    }
    for user in ["admin", "sekretaris", "kasubag.program"] {
        let client = signed_in(&server, user).await;
        assert_eq!(units_of(&common::pull_all(&client, &server).await), everything, "{user}");
    }
}
