//! The realisation workbook, imported: a workbook with three bad rows among
//! five hundred good ones is refused whole with exactly those three listed
//! and nothing kept; the good one, previewed, keeps nothing, then lands as
//! if synced — audited with the import's op ids, in the devices' change feed, a conflict
//! where a device changed the same field since the workbook was made, and a
//! row in a locked period refused.

use crate::common;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use common::{
    Running, call, count, database, demo_server, device_id, get_json, push, realisation_op, signed_in,
};
use reqwest::{Client, StatusCode};
use rust_xlsxwriter::Workbook;
use serde_json::{Value, json};
use std::io::Cursor;

type Sheet = Vec<Vec<String>>;

/// A sheet's cells as text, the header first.
fn sheet(bytes: &[u8], name: &str) -> Sheet {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Float(f) => {
                        rust_decimal::Decimal::try_from(*f).unwrap().normalize().to_string().replace('.', ",")
                    }
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// A workbook of `sheets`, every cell as text (numbers as Indonesian writes them).
fn workbook(sheets: &[(&str, &Sheet)]) -> Vec<u8> {
    let mut book = Workbook::new();
    for (name, rows) in sheets {
        let sheet = book.add_worksheet().set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                sheet.write_string(r as u32, c as u16, text).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

fn column(rows: &Sheet, title: &str) -> usize {
    rows[0].iter().position(|h| h == title).unwrap_or_else(|| panic!("no column {title}"))
}

async fn template(client: &Client, server: &Running, query: &str) -> Vec<u8> {
    let response =
        client.get(server.url(&format!("/api/v1/templates/realisations.xlsx?{query}"))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.bytes().await.unwrap().to_vec()
}

async fn import(client: &Client, server: &Running, bytes: Vec<u8>, commit: bool, want: StatusCode) -> Value {
    let url = server.url(&format!("/api/v1/imports/realisations?commit={commit}"));
    call(client.post(url).body(bytes), want).await
}

/// (sheet, row, column, problem) of each refused cell.
fn refused(answer: &Value) -> Vec<(String, u64, String, String)> {
    let mut cells: Vec<_> = answer["error"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let text = |f: &str| r[f].as_str().unwrap().to_owned();
            (text("sheet"), r["row"].as_u64().unwrap(), text("column"), text("problem"))
        })
        .collect();
    cells.sort();
    cells
}

#[tokio::test]
async fn three_bad_rows_among_five_hundred_refuse_the_workbook_and_a_good_one_lands_as_if_synced() {
    let (server, dir) = demo_server().await;
    let pool = database(dir.path()).await;
    let staf = signed_in(&server, "staf.evaluasi").await;
    // Three years ahead of the agency, none of them entered or locked yet.
    let next = time::OffsetDateTime::now_utc().year() + 1;
    let (mut realisations, mut spending) = (Sheet::new(), Sheet::new());
    for year in next..next + 3 {
        let bytes = template(&staf, &server, &format!("year={year}")).await;
        let skip = usize::from(year != next);
        realisations.extend(sheet(&bytes, "Realisasi").into_iter().skip(skip));
        spending.extend(sheet(&bytes, "Belanja").into_iter().skip(skip));
    }
    let (value, amount) = (column(&realisations, "Nilai"), column(&spending, "Jumlah"));
    for (i, row) in realisations.iter_mut().skip(1).enumerate() {
        row[value] = format!("{},5", i + 1);
    }
    for (i, row) in spending.iter_mut().skip(1).enumerate() {
        row[amount] = format!("{}", (i + 1) * 1000);
    }
    let good = realisations.len() - 1 + spending.len() - 1;
    assert!(good >= 500, "the agency's year is {good} rows");

    // Three bad rows: an unknown code, a number that is not one, a negative value.
    let mut bad = realisations.clone();
    let code = column(&bad, "Kode IKU");
    bad[3][code] = "IKU-TIDAK-ADA".into();
    bad[40][value] = "dua belas".into();
    bad[200][value] = "-5".into();
    let (feed, audit) = (count(&pool, "sync_records").await, count(&pool, "audit_log").await);
    let answer = import(
        &staf,
        &server,
        workbook(&[("Realisasi", &bad), ("Belanja", &spending)]),
        true,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(answer["error"]["code"], "import_rejected");
    assert_eq!(
        refused(&answer),
        [
            ("Realisasi".into(), 4, "Kode IKU".into(), "unknown_reference".into()),
            ("Realisasi".into(), 41, "Nilai".into(), "invalid".into()),
            ("Realisasi".into(), 201, "Nilai".into(), "negative".into()),
        ]
    );
    assert_eq!(
        (count(&pool, "sync_records").await, count(&pool, "audit_log").await),
        (feed, audit),
        "nothing kept"
    );

    // The good workbook: a preview keeps nothing, then it lands.
    let good_book = workbook(&[("Realisasi", &realisations), ("Belanja", &spending)]);
    let preview = import(&staf, &server, good_book.clone(), false, StatusCode::OK).await;
    assert_eq!(
        preview,
        json!({ "rows": good, "applied": good, "merged": 0, "conflicts": 0, "committed": false })
    );
    assert_eq!(count(&pool, "sync_records").await, feed, "a preview keeps nothing");
    let landed = import(&staf, &server, good_book.clone(), true, StatusCode::OK).await;
    assert_eq!(landed["applied"], good);
    assert_eq!(count(&pool, "sync_records").await, feed + good as i64);
    let trail = get_json(&staf, &server, "/api/v1/audit?user=staf.evaluasi&newest=true&limit=1000").await;
    let imported = trail
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["op_id"].as_str().is_some_and(|op| op.starts_with("import-")))
        .count();
    assert!(imported >= 500, "audited with the import's op ids: {imported}");
    let pulled = common::pull_all(&staf, &server).await;
    let first = &realisations[1];
    assert!(
        pulled.iter().any(|r| r["key"]["period"] == first[column(&realisations, "Periode")].as_str()
            && r["key"]["indicator_id"].as_str().is_some()
            && r["values"]["value"] == "1.5"),
        "the first row is in the devices' feed"
    );
    // The same workbook again: every row was made from nothing and now
    // finds its own values there — merged, as a device's retried edit is.
    let again = import(&staf, &server, good_book, true, StatusCode::OK).await;
    assert_eq!(
        (again["merged"].as_u64(), again["conflicts"].as_u64()),
        (Some(good as u64), Some(0)),
        "{again}"
    );
    assert_eq!(count(&pool, "sync_records").await, feed + good as i64, "nothing twice");
}

#[tokio::test]
async fn a_device_s_change_since_the_workbook_was_made_is_a_conflict_and_a_locked_period_is_refused() {
    let (server, _dir) = demo_server().await;
    let staf = signed_in(&server, "staf.evaluasi").await;
    let kasi = signed_in(&server, "kasi.kdl").await;
    let sekretaris = signed_in(&server, "sekretaris").await;
    let year = time::OffsetDateTime::now_utc().year();
    let bytes = template(&staf, &server, &format!("year={year}&unit=demo-unit-seksi-kdl")).await;
    let mut rows = sheet(&bytes, "Realisasi");
    let spending = sheet(&bytes, "Belanja");
    let (code, period, value, kendala) = (
        column(&rows, "Kode IKU"),
        column(&rows, "Periode"),
        column(&rows, "Nilai"),
        column(&rows, "Kendala/Hambatan"),
    );
    let at = |rows: &Sheet, indicator: &str, month: &str| {
        rows.iter().position(|r| r[code] == indicator && r[period] == format!("{year}-{month}")).unwrap()
    };
    let (conflicted, plain, locked) =
        (at(&rows, "IKU-07", "02"), at(&rows, "IKU-07", "03"), at(&rows, "IKU-07", "05"));

    // After the workbook was made: a device changes February, and TW II is locked.
    let op = realisation_op(
        1,
        "iku-07",
        "seksi-kdl",
        &format!("{year}-02"),
        0,
        json!({}),
        json!({ "value": "77" }),
    );
    let current = common::pull_all(&kasi, &server).await;
    let record = current
        .iter()
        .find(|r| {
            r["key"]["indicator_id"] == "demo-indicator-iku-07" && r["key"]["period"] == format!("{year}-02")
        })
        .unwrap();
    let mut op = op;
    op["base_revision"] = record["revision"].clone();
    op["base"] = record["values"].clone();
    let (status, answer) = push(&kasi, &server, &device_id(), &[op]).await;
    assert_eq!((status, &answer["answers"][0]["outcome"]), (StatusCode::OK, &json!("applied")), "{answer}");
    let lock = json!({ "unit_id": "demo-unit-seksi-kdl", "period": format!("{year}-TW2"), "reason": "Triwulan II telah direviu" });
    let locking = sekretaris.post(server.url("/api/v1/locks")).json(&lock).send().await.unwrap();
    assert_eq!(locking.status(), StatusCode::NO_CONTENT);

    rows[conflicted][value] = "88".into();
    rows[plain][kendala] = "Alat ukur rusak (diimpor)".into();
    rows[locked][value] = "99".into();
    let answer = import(
        &staf,
        &server,
        workbook(&[("Realisasi", &rows), ("Belanja", &spending)]),
        true,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        refused(&answer),
        [("Realisasi".into(), locked as u64 + 1, "Periode".into(), "locked".into())]
    );

    rows[locked][value] = sheet(&bytes, "Realisasi")[locked][value].clone();
    let landed = import(
        &staf,
        &server,
        workbook(&[("Realisasi", &rows), ("Belanja", &spending)]),
        true,
        StatusCode::OK,
    )
    .await;
    assert_eq!((landed["applied"].as_u64(), landed["conflicts"].as_u64()), (Some(1), Some(1)), "{landed}");
    let conflicts = get_json(&staf, &server, "/api/v1/conflicts").await;
    let open = conflicts
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "value" && c["key"]["period"] == format!("{year}-02"))
        .unwrap_or_else(|| panic!("{conflicts}"));
    assert_eq!((open["server"].as_str(), open["client"].as_str()), (Some("77"), Some("88")));
    let trail = get_json(&staf, &server, "/api/v1/audit?user=staf.evaluasi&newest=true&limit=100").await;
    let kept = trail.as_array().unwrap().iter().find(|e| e["new"] == "Alat ukur rusak (diimpor)");
    assert!(kept.and_then(|e| e["op_id"].as_str()).is_some_and(|op| op.starts_with("import-")), "{trail}");
}

#[tokio::test]
async fn rows_outside_the_importer_s_scope_and_files_that_are_no_workbook_are_refused() {
    let (server, dir) = demo_server().await;
    let pool = database(dir.path()).await;
    let kasi = signed_in(&server, "kasi.kdl").await;
    let kontributor = signed_in(&server, "kontributor.pupr").await;
    let next = time::OffsetDateTime::now_utc().year() + 1;
    let header = |columns: &[&str]| columns.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
    let realisation =
        |code: &str, unit: &str, value: &str| header(&[code, unit, &format!("{next}-01"), value, "", "", ""]);
    let columns = header(&[
        "Kode IKU",
        "Kode unit",
        "Periode",
        "Nilai",
        "Analisis",
        "Kendala/Hambatan",
        "Upaya/Tindak Lanjut",
    ]);
    let rows = vec![
        columns.clone(),
        realisation("IKU-07", "SEKSI-KDL", "3"),
        realisation("IKU-11", "SEKSI-SENGKETA", "4"),
        realisation("IKU-07", "SEKSI-KDL", "5"),
    ];
    let spending = vec![
        header(&["Kode program", "Periode", "Jumlah"]),
        header(&["PRG-01", &format!("{next}-01"), "1000"]),
    ];
    let feed = count(&pool, "sync_records").await;

    // A section head: its own unit's row is fine, another bidang's is not,
    // and a record named twice is refused at its period.
    let answer = import(
        &kasi,
        &server,
        workbook(&[("Realisasi", &rows), ("Belanja", &Sheet::from([spending[0].clone()]))]),
        true,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        refused(&answer),
        [
            ("Realisasi".into(), 3, "Kode unit".into(), "forbidden".into()),
            ("Realisasi".into(), 4, "Periode".into(), "duplicate".into()),
        ]
    );
    // An OPD's operator never enters the agency's spending.
    let answer = import(
        &kontributor,
        &server,
        workbook(&[("Realisasi", &Sheet::from([columns])), ("Belanja", &spending)]),
        true,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(refused(&answer), [("Belanja".into(), 2, "Kode program".into(), "forbidden".into())]);
    assert_eq!(count(&pool, "sync_records").await, feed, "nothing kept");

    // Not a workbook, a workbook without its sheets, no session, outside scope, a bad year, too large.
    let answer =
        import(&kasi, &server, b"not a workbook".to_vec(), false, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(answer["error"]["rows"][0]["message"], "the file is not an .xlsx workbook");
    let answer =
        import(&kasi, &server, workbook(&[("Lain", &Sheet::new())]), false, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    let mut sheets: Vec<String> = refused(&answer).into_iter().map(|(sheet, ..)| sheet).collect();
    sheets.dedup();
    assert_eq!(sheets, ["Belanja", "Realisasi"], "both sheets are named missing");
    let visitor = common::client()
        .post(server.url("/api/v1/imports/realisations"))
        .body(vec![0u8; 10])
        .send()
        .await
        .unwrap();
    assert_eq!(visitor.status(), StatusCode::UNAUTHORIZED);
    let outside = kasi
        .get(server.url(&format!("/api/v1/templates/realisations.xlsx?year={next}&unit=demo-unit-bid-tanah")))
        .send()
        .await
        .unwrap();
    assert_eq!(outside.status(), StatusCode::FORBIDDEN);
    let bad_year =
        kasi.get(server.url("/api/v1/templates/realisations.xlsx?year=1900")).send().await.unwrap();
    assert_eq!(bad_year.status(), StatusCode::BAD_REQUEST);
    // Last: the server closes the connection of a body over the limit.
    let huge = common::answer_despite_early_close(|| {
        kasi.post(server.url("/api/v1/imports/realisations")).body(vec![0u8; 11 * 1024 * 1024])
    })
    .await;
    assert_eq!(huge.status(), StatusCode::PAYLOAD_TOO_LARGE, "more than 10 MiB is refused");
}
