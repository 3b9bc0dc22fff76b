//! The LKjIP's narrative chapters against the real server and its SQLite
//! file: pre-filled, rewritten by the programme staff, refused when started
//! from an older text or asked by anyone else, kept exactly in the version
//! that is approved while a later rewrite goes into the next version, and
//! listed by the diff.

use crate::common;

use common::{call, count, database, demo_server, signed_in, snapshot};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn chapter<'a>(report: &'a Value, key: &str) -> &'a Value {
    report["lkjip"]["chapters"].as_array().unwrap().iter().find(|c| c["key"] == key).unwrap()
}

#[tokio::test]
async fn a_rewritten_chapter_is_frozen_with_the_approved_version_and_a_later_one_makes_the_next() {
    let (server, dir) = demo_server().await;
    let year = time::OffsetDateTime::now_utc().year();
    let base = server.url(&format!("/api/v1/reports/annual/{year}/1"));
    let penutup = format!("{base}/chapters/penutup");
    let staf = signed_in(&server, "staf.evaluasi").await;
    let kasubag = signed_in(&server, "kasubag.program").await;
    let kasi = signed_in(&server, "kasi.kdl").await;
    let sekretaris = signed_in(&server, "sekretaris").await;

    // Pre-filled: every chapter, never rewritten.
    let report = call(staf.get(&base), StatusCode::OK).await;
    let keys: Vec<&str> =
        report["lkjip"]["chapters"].as_array().unwrap().iter().map(|c| c["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["ikhtisar_eksekutif", "pendahuluan", "analisis_capaian", "efisiensi", "penutup"]);
    let prefilled = chapter(&report, "penutup")["text"].as_str().unwrap().to_owned();
    assert!(prefilled.starts_with("Dari "), "{prefilled}");
    assert_eq!(chapter(&report, "penutup")["revision"], 0);
    assert_eq!(report["lkjip"]["agency"], "Dinas Pertanahan dan Lingkungan Hidup Kabupaten Balangan");

    // Rewritten by the staff; the same request again changes nothing.
    let rewrite = |client: &reqwest::Client, base_revision: u32, text: Value| {
        client.put(&penutup).json(&json!({ "base_revision": base_revision, "text": text }))
    };
    let first = json!("Kinerja tahun ini baik; perlu penguatan data dari OPD mitra.");
    let saved = call(rewrite(&staf, 0, first.clone()), StatusCode::OK).await;
    assert_eq!(saved, json!({ "revision": 1, "changed": true }));
    assert_eq!(
        call(rewrite(&staf, 0, first.clone()), StatusCode::OK).await,
        json!({ "revision": 1, "changed": false })
    );

    // Refused, and nothing written: a text started from revision 0, other
    // roles, a quarter, an unknown chapter, an empty or overlong text.
    let pool = database(dir.path()).await;
    let before = snapshot(&pool, "report_chapters").await;
    let stale = call(rewrite(&kasubag, 0, json!("Teks lama")), StatusCode::CONFLICT).await;
    assert_eq!(stale["error"]["code"], "chapter_changed");
    for client in [&kasi, &sekretaris] {
        call(rewrite(client, 1, json!("Teks")), StatusCode::FORBIDDEN).await;
    }
    let quarter = server.url(&format!("/api/v1/reports/quarter/{year}/4/chapters/penutup"));
    call(staf.put(quarter).json(&json!({ "base_revision": 1, "text": "x" })), StatusCode::BAD_REQUEST).await;
    call(
        staf.put(format!("{base}/chapters/bab_v")).json(&json!({ "base_revision": 1, "text": "x" })),
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(
        call(rewrite(&staf, 1, json!("  ")), StatusCode::UNPROCESSABLE_ENTITY).await["error"]["code"],
        "chapter_empty"
    );
    let long = json!("a".repeat(20_001));
    assert_eq!(
        call(rewrite(&staf, 1, long), StatusCode::UNPROCESSABLE_ENTITY).await["error"]["code"],
        "chapter_too_long"
    );
    call(staf.put(&penutup).json(&json!({ "text": "no base" })), StatusCode::BAD_REQUEST).await;
    assert_eq!(snapshot(&pool, "report_chapters").await, before);

    // The report carries the rewrite, with who wrote it.
    let report = call(kasubag.get(&base), StatusCode::OK).await;
    let written = chapter(&report, "penutup");
    assert_eq!((&written["text"], &written["revision"]), (&first, &json!(1)));
    assert_eq!(written["edited"]["by"], "Staf Penyusun Evaluasi Kinerja (contoh)");

    // Version 1 is approved with it; a later rewrite leaves it as it was.
    let created = call(staf.post(format!("{base}/versions")), StatusCode::CREATED).await;
    let hash = created["version"]["content_hash"].clone();
    call(
        sekretaris.post(format!("{base}/versions/1/approve")).json(&json!({ "content_hash": hash })),
        StatusCode::OK,
    )
    .await;
    let approved = call(staf.get(format!("{base}/versions/1")), StatusCode::OK).await;
    let second = json!("Kesimpulan setelah rapat evaluasi.");
    call(rewrite(&kasubag, 1, second.clone()), StatusCode::OK).await;
    assert_eq!(call(staf.get(format!("{base}/versions/1")), StatusCode::OK).await, approved);
    assert_eq!(chapter(&approved["report"], "penutup")["text"], first);
    let next = call(kasubag.post(format!("{base}/versions")), StatusCode::CREATED).await;
    assert_eq!(next["version"]["version"], 2);
    let v2 = call(staf.get(format!("{base}/versions/2")), StatusCode::OK).await;
    assert_eq!(chapter(&v2["report"], "penutup")["text"], second);

    // The diff names the chapter, with both texts; no cell changed.
    let diff = call(staf.get(format!("{base}/diff?from=1&to=2")), StatusCode::OK).await;
    assert_eq!(diff["changes"], json!([]));
    assert_eq!(
        diff["chapters"],
        json!([{ "key": "penutup", "title": "Bab IV Penutup", "before": first, "after": second }])
    );

    // Back to the pre-filled text; every revision is kept.
    call(rewrite(&staf, 2, Value::Null), StatusCode::OK).await;
    let report = call(staf.get(&base), StatusCode::OK).await;
    assert_eq!(
        (chapter(&report, "penutup")["text"].as_str(), &chapter(&report, "penutup")["revision"]),
        (Some(prefilled.as_str()), &json!(3))
    );
    assert_eq!(count(&pool, "report_chapters").await, 3);
}
