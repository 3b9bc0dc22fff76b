//! Conflicts, evidence files and the audit trail over the real server: a
//! conflict keeps both values, is listed to users in scope only, and is
//! resolved (to either value or a new one) with an audit entry; evidence is
//! stored once per content hash, checked, and readable only in scope; the
//! audit trail exports as CSV.

use crate::common;
use common::sha256;

use common::{demo_server, device_id, get_json, pull_all, push, realisation_op, signed_in};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn record<'a>(records: &'a [Value], period: &str) -> &'a Value {
    records
        .iter()
        .find(|r| r["key"]["period"] == period && r["key"]["indicator_id"] == "demo-indicator-iku-07")
        .unwrap()
}

#[tokio::test]
async fn a_conflict_keeps_both_values_until_someone_in_scope_resolves_it() {
    let (server, _dir) = demo_server().await;
    let kasi = signed_in(&server, "kasi.kdl").await;
    let staf = signed_in(&server, "staf.evaluasi").await;
    let (phone, laptop) = (device_id(), device_id());
    let first = realisation_op(1, "iku-07", "seksi-kdl", "2034-03", 0, json!({}), json!({ "value": "4" }));
    let (_, body) = push(&kasi, &server, &phone, &[first]).await;
    assert_eq!(body["answers"][0]["outcome"], "applied");

    let from_phone = realisation_op(
        2,
        "iku-07",
        "seksi-kdl",
        "2034-03",
        1,
        json!({ "value": "4" }),
        json!({ "value": "5" }),
    );
    let from_laptop = realisation_op(
        1,
        "iku-07",
        "seksi-kdl",
        "2034-03",
        1,
        json!({ "value": "4", "kendala": "" }),
        json!({ "value": "6", "kendala": "jalan rusak" }),
    );
    let (_, body) = push(&kasi, &server, &phone, &[from_phone]).await;
    assert_eq!(body["answers"][0]["outcome"], "applied");
    let (_, body) = push(&staf, &server, &laptop, &[from_laptop]).await;
    let answer = &body["answers"][0];
    assert_eq!(answer["outcome"], "conflict");
    assert_eq!(answer["state"]["value"], "5", "the server keeps its value");
    assert_eq!(answer["state"]["kendala"], "jalan rusak", "the untouched field is merged");
    let conflict_id = answer["conflicts"][0].as_str().unwrap().to_owned();

    let kabid = signed_in(&server, "kabid.tl").await;
    let kontributor = signed_in(&server, "kontributor.pupr").await;
    for (client, expected) in [(&kasi, 1), (&kabid, 1), (&staf, 1), (&kontributor, 0)] {
        let listed = get_json(client, &server, "/api/v1/conflicts").await;
        assert_eq!(listed.as_array().unwrap().len(), expected, "{listed}");
        let inbox = get_json(client, &server, "/api/v1/inbox").await;
        assert_eq!(inbox["conflicts"], expected, "the to-do list counts those in scope: {inbox}");
    }
    let listed = get_json(&kabid, &server, "/api/v1/conflicts").await;
    let conflict = &listed[0];
    assert_eq!(
        (conflict["base"].as_str(), conflict["server"].as_str(), conflict["client"].as_str()),
        (Some("4"), Some("5"), Some("6"))
    );
    assert_eq!(conflict["sent_by"], "Staf Penyusun Evaluasi Kinerja (contoh)");
    assert_eq!(conflict["device_id"], laptop);
    assert_eq!(
        record(&pull_all(&kasi, &server).await, "2034-03")["conflicted"],
        true,
        "devices see the flag"
    );

    let url = server.url(&format!("/api/v1/conflicts/{conflict_id}/resolve"));
    let refused = kontributor.post(&url).json(&json!({ "value": "6" })).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "out of scope");
    let invalid = kasi.post(&url).json(&json!({ "value": "-6" })).send().await.unwrap();
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY, "the chosen value is checked");
    let resolved = kasi.post(&url).json(&json!({ "value": "5.5" })).send().await.unwrap();
    assert_eq!(resolved.status(), StatusCode::NO_CONTENT, "a new value may be typed");
    let again = kasi.post(&url).json(&json!({ "value": "5" })).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_FOUND, "it is resolved");

    let held = pull_all(&staf, &server).await;
    let held = record(&held, "2034-03");
    assert_eq!((held["values"]["value"].as_str(), held["conflicted"].as_bool()), (Some("5.5"), Some(false)));
    assert_eq!(held["revision"], 4, "created, phone edit, laptop's kendala, resolution");
    assert!(get_json(&kasi, &server, "/api/v1/conflicts").await.as_array().unwrap().is_empty());
    assert_eq!(get_json(&kasi, &server, "/api/v1/inbox").await["conflicts"], 0);
    let all = get_json(&kasi, &server, "/api/v1/conflicts?all=true").await;
    assert_eq!(all[0]["resolved_value"], "5.5");
    assert_eq!(all[0]["resolved_by"], "Kepala Seksi Kajian Dampak Lingkungan (contoh)");

    let key = serde_json::to_string(&held["key"]).unwrap();
    let key = format!(r#"{{"entity":"realisation","key":{key}}}"#);
    let audit = kasi
        .get(server.url("/api/v1/audit"))
        .query(&[("entity", "realisation"), ("key", key.as_str())])
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    let trail: Vec<(&str, &str, Option<&str>, Option<&str>)> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap(),
                e["field"].as_str().unwrap(),
                e["old"].as_str(),
                e["new"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        trail,
        [
            ("sync", "value", None, Some("4")),
            ("sync", "value", Some("4"), Some("5")),
            ("sync", "kendala", Some(""), Some("jalan rusak")),
            ("resolve", "value", Some("5"), Some("5.5")),
        ]
    );
    let csv = kasi.get(server.url("/api/v1/audit.csv")).query(&[("key", key.as_str())]).send().await.unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = csv.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 5, "a header and four changes:\n{csv}");
    assert!(lines[0].starts_with("id,at,username,device_id,op_id,action"));
    assert!(lines[4].contains(",resolve,realisation,") && lines[4].contains(",value,5,5.5,"), "{}", lines[4]);
    let outside = kontributor
        .get(server.url("/api/v1/audit.csv"))
        .query(&[("key", key.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(outside.text().await.unwrap().lines().count(), 1, "only the header outside the scope");
}

#[tokio::test]
async fn evidence_is_stored_once_per_hash_checked_and_read_within_scope() {
    let (server, _dir) = demo_server().await;
    let kasi = signed_in(&server, "kasi.kdl").await;
    let photo: Vec<u8> =
        [0xFF, 0xD8, 0xFF, 0xE0].into_iter().chain((0..200_000u32).map(|n| (n * 7 % 251) as u8)).collect();
    let hash = sha256(&photo);
    let url = server.url(&format!("/api/v1/evidence/{hash}"));
    let upload = |client: &reqwest::Client, body: Vec<u8>, url: String| {
        client.put(url).header("content-type", "image/jpeg").body(body).send()
    };
    let first = upload(&kasi, photo.clone(), url.clone()).await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let second = upload(&kasi, photo.clone(), url.clone()).await.unwrap();
    assert_eq!(second.status(), StatusCode::OK, "the same file again is kept once");
    assert_eq!(second.json::<Value>().await.unwrap()["existed"], true);
    let other = server.url(&format!("/api/v1/evidence/{}", sha256(b"other")));
    let mismatch = upload(&kasi, photo.clone(), other).await.unwrap();
    assert_eq!(mismatch.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(mismatch.json::<Value>().await.unwrap()["error"]["code"], "hash_mismatch");
    let big = vec![1u8; 10 * 1024 * 1024 + 1];
    let big_url = server.url(&format!("/api/v1/evidence/{}", sha256(&big)));
    let too_big = common::answer_despite_early_close(|| {
        kasi.put(big_url.clone()).header("content-type", "image/jpeg").body(big.clone())
    })
    .await;
    assert_eq!(too_big.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let sekretaris = signed_in(&server, "sekretaris").await;
    assert_eq!(
        upload(&sekretaris, photo.clone(), url.clone()).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );

    let attach = json!({
        "op_id": common::op_id(), "seq": 1, "entity": "evidence",
        "key": { "indicator_id": "demo-indicator-iku-07", "unit_id": "demo-unit-seksi-kdl", "period": "2034-05", "sha256": hash },
        "base_revision": 0, "base": {}, "new": { "file_name": "pengawasan.jpg", "media_type": "image/jpeg", "status": "attached" },
        "client_time": "2026-11-24T08:00:00Z"
    });
    let mut unknown = attach.clone();
    unknown["op_id"] = json!(common::op_id());
    unknown["seq"] = json!(2);
    unknown["key"]["sha256"] = json!(sha256(b"never uploaded"));
    let (_, body) = push(&kasi, &server, &device_id(), &[attach, unknown]).await;
    assert_eq!(body["answers"][0]["outcome"], "applied");
    assert_eq!(body["answers"][1]["code"], "unknown_reference", "upload the file first");
    assert_eq!(body["answers"][1]["fields"][0]["field"], "sha256");

    let kabid = signed_in(&server, "kabid.tl").await;
    let downloaded = kabid.get(&url).send().await.unwrap();
    assert_eq!(downloaded.status(), StatusCode::OK);
    assert_eq!(downloaded.headers()["content-type"], "image/jpeg");
    assert_eq!(sha256(&downloaded.bytes().await.unwrap()), hash, "the same bytes come back");
    let kontributor = signed_in(&server, "kontributor.pupr").await;
    assert_eq!(kontributor.get(&url).send().await.unwrap().status(), StatusCode::NOT_FOUND, "out of scope");
}
