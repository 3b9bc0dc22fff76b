//! The Perjanjian Kinerja routes: the agency's agreement holds every active
//! indicator with the year's PK target and the regent as second party; a
//! bidang's is promised by the user who heads it to the head of the agency
//! named on Pengaturan; the DOCX holds the same cells; a section head sees
//! only their own unit's, a visitor nothing; a bad year or another agency
//! is refused.

use crate::common;

use common::documents::{check_docx, docx_xml, escaped, file};
use common::{client, demo_server, get_json, signed_in};
use kinerja_core::domain::perjanjian_kinerja::PerjanjianKinerja;
use kinerja_core::domain::report::grid::{pk_grid, program_ceilings_grid};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn the_agreements_of_the_agency_and_a_bidang_name_their_parties_targets_and_ceilings() {
    let (server, _dir) = demo_server().await;
    let admin = signed_in(&server, "admin").await;
    let staf = signed_in(&server, "staf.evaluasi").await;
    let letterhead = json!({
        "government": "Pemerintah Kabupaten Balangan", "agency": "Dinas Pertanahan dan Lingkungan Hidup",
        "city": "Paringin",
        "signatories": {
            "pk_first_party": { "position": "Kepala Dinas Pertanahan dan Lingkungan Hidup",
                                "name": "Nama Kepala Dinas Uji", "nip": "197001011990031002" },
            "pk_second_party": { "position": "Bupati Balangan", "name": "Nama Bupati Uji" }
        }
    });
    let saved = admin.put(server.url("/api/v1/settings/letterhead")).json(&letterhead).send().await.unwrap();
    assert_eq!(saved.status(), StatusCode::NO_CONTENT);
    let year = time::OffsetDateTime::now_utc().year();

    let url = server.url(&format!("/api/v1/perjanjian-kinerja/{year}"));
    let agency: PerjanjianKinerja = staf.get(&url).send().await.unwrap().json().await.unwrap();
    assert_eq!(agency.first_party.name, "Nama Kepala Dinas Uji");
    assert_eq!(
        (agency.second_party.position.as_str(), agency.second_party.name.as_str()),
        ("Bupati Balangan", "Nama Bupati Uji")
    );
    let indicators = get_json(&staf, &server, "/api/v1/indicators").await;
    let active = indicators.as_array().unwrap().iter().filter(|i| i["active"] == true).count();
    let lines: Vec<_> = agency.sasaran.iter().flat_map(|s| &s.indicators).collect();
    assert_eq!(lines.len(), active, "every active indicator, once");
    let plans = get_json(&staf, &server, &format!("/api/v1/plans?year={year}")).await;
    for line in &lines {
        let plan = plans.as_array().unwrap().iter().find(|p| p["indicator_id"] == line.indicator_id.as_str());
        let planned = plan.and_then(|p| p["targets"]["annual"].as_str()).map(|t| t.parse().unwrap());
        assert_eq!(line.target, planned, "{}", line.code);
    }
    assert!(!agency.programs.is_empty() && agency.total_pagu.is_some());

    let bidang: PerjanjianKinerja =
        staf.get(&url).query(&[("unit", "demo-unit-bid-tl")]).send().await.unwrap().json().await.unwrap();
    assert_eq!(bidang.unit_name, "Bidang Tata Lingkungan");
    assert_eq!(bidang.first_party.position, "Kepala Bidang Tata Lingkungan");
    assert_eq!(bidang.first_party.name, "Kepala Bidang Tata Lingkungan (contoh)");
    assert_eq!(bidang.second_party.name, "Nama Kepala Dinas Uji");
    assert!(bidang.sasaran.iter().flat_map(|s| &s.indicators).count() < lines.len());

    // The DOCX: the parties' names and every cell of both tables.
    let xml = docx_xml(file(&staf, format!("{url}/docx?unit=demo-unit-bid-tl")).await);
    assert!(xml.contains(&escaped(&format!("PERJANJIAN KINERJA TAHUN {year}"))));
    for name in ["Kepala Bidang Tata Lingkungan (contoh)", "Nama Kepala Dinas Uji", "NIP. 197001011990031002"]
    {
        assert!(xml.contains(&escaped(name)), "{name} is not in the document");
    }
    check_docx(&xml, &pk_grid(&bidang.sasaran));
    check_docx(&xml, &program_ceilings_grid(&bidang.programs, bidang.total_pagu));
}

#[tokio::test]
async fn an_agreement_is_read_within_the_caller_s_scope_and_bad_addresses_are_refused() {
    let (server, _dir) = demo_server().await;
    let kasi = signed_in(&server, "kasi.kdl").await;
    let staf = signed_in(&server, "staf.evaluasi").await;
    let year = time::OffsetDateTime::now_utc().year();
    let url = server.url(&format!("/api/v1/perjanjian-kinerja/{year}"));

    let own: PerjanjianKinerja = kasi.get(&url).send().await.unwrap().json().await.unwrap();
    assert_eq!(own.unit_id, "demo-unit-seksi-kdl", "a section head's own unit by default");
    assert_eq!(own.second_party.name, "Kepala Bidang Tata Lingkungan (contoh)");
    for (who, query, status) in [
        (&kasi, Some("demo-unit-bid-tanah"), StatusCode::FORBIDDEN),
        (&kasi, Some("demo-unit-bid-tl"), StatusCode::FORBIDDEN),
        (&staf, Some("demo-unit-opd-pupr"), StatusCode::BAD_REQUEST),
        (&staf, Some("nowhere"), StatusCode::NOT_FOUND),
    ] {
        for path in [url.clone(), format!("{url}/docx")] {
            let mut request = who.get(&path);
            if let Some(unit) = query {
                request = request.query(&[("unit", unit)]);
            }
            assert_eq!(request.send().await.unwrap().status(), status, "{path} {query:?}");
        }
    }
    let bad = staf.get(server.url("/api/v1/perjanjian-kinerja/19")).send().await.unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let visitor = client().get(&url).send().await.unwrap();
    assert_eq!(visitor.status(), StatusCode::UNAUTHORIZED);
}
