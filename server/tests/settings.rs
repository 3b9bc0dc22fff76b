//! The agency's settings routes: everyone signed in reads the letterhead
//! and the policy, only the administrator changes them (audited, checked by
//! the domain, nothing kept on a refusal), and a changed letterhead or
//! signatory is what the report files then carry — the DOCX's heading and
//! signature, the XLSX's page header and the block under its table, and
//! the monthly progress workbook's header.

use crate::common;

use common::documents::{below_table, docx_xml, escaped, file, part_xml, workbook, worksheet};
use common::{client, demo_server, get_json, signed_in};
use kinerja_core::domain::report::Report;
use kinerja_core::domain::report::grid::grid;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

async fn put(client: &Client, url: String, body: &Value) -> (StatusCode, Value) {
    let response = client.put(url).json(body).send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or_default())
}

fn fields(answer: &Value) -> Vec<String> {
    answer["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_owned())
        .collect()
}

fn letterhead() -> Value {
    json!({
        "government": "Pemerintah Kabupaten Balangan",
        "agency": " Dinas Pertanahan dan Lingkungan Hidup ",
        "address": "Jl. Contoh Nomor 7, Paringin 71662",
        "contact": "Telp. (0526) 000000 · dplh@contoh.go.id",
        "city": "Paringin",
        "signatories": {
            "annual_report": { "position": "Kepala Dinas", "name": "Hj. Nama Contoh, S.Hut., M.Si.",
                               "nip": "19700101 199003 1 002" },
            "quarter_report": { "position": "Sekretaris", "name": "Nama Sekretaris Contoh", "nip": "" }
        }
    })
}

#[tokio::test]
async fn everyone_reads_the_settings_and_only_the_administrator_changes_them() {
    let (server, _dir) = demo_server().await;
    let admin = signed_in(&server, "admin").await;
    let staf = signed_in(&server, "staf.evaluasi").await;
    let url = server.url("/api/v1/settings/letterhead");

    let unsigned = client().get(&url).send().await.unwrap();
    assert_eq!(unsigned.status(), StatusCode::UNAUTHORIZED);
    let default = get_json(&staf, &server, "/api/v1/settings/letterhead").await;
    assert_eq!(default["government"], "Pemerintah Kabupaten Balangan");
    assert_eq!(default["signatories"], json!({}));

    let (status, _) = put(&staf, url.clone(), &letterhead()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let mut bad = letterhead();
    bad["signatories"]["annual_report"]["nip"] = json!("1970");
    bad["city"] = json!("");
    let (status, answer) = put(&admin, url.clone(), &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(answer["error"]["code"], "validation_failed");
    assert_eq!(fields(&answer), ["city", "signatories.annual_report.nip"]);
    assert_eq!(get_json(&staf, &server, "/api/v1/settings/letterhead").await, default, "nothing kept");

    let (status, _) = put(&admin, url.clone(), &letterhead()).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let kept = get_json(&staf, &server, "/api/v1/settings/letterhead").await;
    assert_eq!(kept["agency"], "Dinas Pertanahan dan Lingkungan Hidup", "kept trimmed");
    assert_eq!(kept["signatories"]["annual_report"]["nip"], "19700101 199003 1 002");
    let audit = get_json(&admin, &server, "/api/v1/audit?entity=setting&limit=10").await;
    assert!(audit.to_string().contains("letterhead"), "{audit}");

    // The policy: read by all, bands out of order refused by name, a change kept.
    let policy_url = server.url("/api/v1/settings/policy");
    let policy = get_json(&staf, &server, "/api/v1/settings/policy").await;
    let (status, _) = put(&staf, policy_url.clone(), &policy).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let mut disordered = policy.clone();
    disordered["bands"][0]["min"] = json!("50");
    let (status, answer) = put(&admin, policy_url.clone(), &disordered).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(fields(&answer), ["bands"]);
    assert_eq!(get_json(&staf, &server, "/api/v1/settings/policy").await, policy, "nothing kept");

    let year = time::OffsetDateTime::now_utc().year();
    let quarter = format!("/api/v1/reports/quarter/{year}/1");
    let highest = |report: &Value| {
        report["rows"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["measurement"]["predicate"] == "sangat_tinggi")
            .count()
    };
    assert!(highest(&get_json(&staf, &server, &quarter).await) > 0, "the demo has a Sangat Tinggi row");
    let mut stricter = policy.clone();
    stricter["bands"][0]["min"] = json!("1000");
    let (status, answer) = put(&admin, policy_url, &stricter).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{answer}");
    assert_eq!(highest(&get_json(&staf, &server, &quarter).await), 0, "the report reads the new bands");
    let reference = get_json(&staf, &server, &format!("/api/v1/reference?year={year}")).await;
    assert_eq!(reference["policy"]["bands"][0]["min"], "1000", "the devices get it with the reference data");
}

#[tokio::test]
async fn an_agency_s_own_scale_names_the_predicates_of_its_reports_and_their_files() {
    let (server, _dir) = demo_server().await;
    let admin = signed_in(&server, "admin").await;
    let staf = signed_in(&server, "staf.evaluasi").await;
    let policy_url = server.url("/api/v1/settings/policy");
    let policy = get_json(&staf, &server, "/api/v1/settings/policy").await;
    assert!(policy.get("labels").is_none(), "the regulation's names until the agency sets its own");
    let mut twice = policy.clone();
    twice["labels"] = json!(["Kurang", "Kurang", "Cukup", "Baik", "Sangat Baik"]);
    let (status, answer) = put(&admin, policy_url.clone(), &twice).await;
    assert_eq!((status, fields(&answer)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["labels".to_owned()]));
    assert_eq!(get_json(&staf, &server, "/api/v1/settings/policy").await, policy, "nothing kept");
    let mut own = policy.clone();
    own["labels"] = json!([" Sangat Kurang", "Kurang", "Cukup", "Baik", "Sangat Baik "]);
    let (status, answer) = put(&admin, policy_url, &own).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{answer}");
    let kept = get_json(&staf, &server, "/api/v1/settings/policy").await;
    assert_eq!(kept["labels"], json!(["Sangat Kurang", "Kurang", "Cukup", "Baik", "Sangat Baik"]), "trimmed");

    // The report compiled now carries the names; its XLSX writes them.
    let year = time::OffsetDateTime::now_utc().year();
    let quarter = server.url(&format!("/api/v1/reports/quarter/{year}/1"));
    let report: Report = staf.get(&quarter).send().await.unwrap().json().await.unwrap();
    assert_eq!(report.predicate_labels.as_ref().map(|l| l[4].as_str()), Some("Sangat Baik"));
    let table = grid(&report);
    let at = table.columns.iter().position(|c| c.key == "predicate").unwrap();
    let names: Vec<String> = table
        .rows
        .iter()
        .map(|r| r.cells[at].display(kinerja_core::domain::format::Style::Indonesian))
        .collect();
    assert!(names.iter().any(|n| n == "Sangat Baik"), "{names:?}");
    assert!(!names.iter().any(|n| n == "Sangat Tinggi"), "{names:?}");
    let strings = part_xml(&file(&staf, format!("{quarter}/export/xlsx")).await, "xl/sharedStrings.xml");
    assert!(strings.contains(">Sangat Baik<") && !strings.contains(">Sangat Tinggi<"), "{strings}");
}

#[tokio::test]
async fn a_changed_letterhead_and_signatory_are_what_the_report_files_carry() {
    let (server, _dir) = demo_server().await;
    let admin = signed_in(&server, "admin").await;
    let staf = signed_in(&server, "staf.evaluasi").await;
    let (status, _) = put(&admin, server.url("/api/v1/settings/letterhead"), &letterhead()).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let last = time::OffsetDateTime::now_utc().year() - 1;

    // The LKjIP's DOCX: the heading first, the annual report's signatory last.
    let annual = server.url(&format!("/api/v1/reports/annual/{last}/1"));
    let xml = docx_xml(file(&staf, format!("{annual}/export/docx")).await);
    let at = |words: &str| xml.find(&format!(">{}<", escaped(words))).unwrap_or_else(|| panic!("{words}"));
    let heading = at("PEMERINTAH KABUPATEN BALANGAN");
    assert!(heading < at("DINAS PERTANAHAN DAN LINGKUNGAN HIDUP"));
    assert!(at("Jl. Contoh Nomor 7, Paringin 71662") < at("Telp. (0526) 000000 · dplh@contoh.go.id"));
    let title = at(&format!("Laporan Kinerja Instansi Pemerintah (LKjIP) Tahun {last}"));
    assert!(heading < title);
    let name = at("Hj. Nama Contoh, S.Hut., M.Si.");
    assert!(title < name && at("Paringin, ..............................") < name);
    assert!(name < at("NIP. 19700101 199003 1 002"));
    assert!(!xml.contains("Nama Sekretaris Contoh"), "the quarter's signatory signs only the quarter");

    // Its XLSX: the letterhead as the printed page's header, the block under the table.
    let report: Report = staf.get(&annual).send().await.unwrap().json().await.unwrap();
    let bytes = file(&staf, format!("{annual}/export/xlsx")).await;
    let header = part_xml(&bytes, "xl/worksheets/sheet1.xml");
    for line in
        ["PEMERINTAH KABUPATEN BALANGAN", "DINAS PERTANAHAN DAN LINGKUNGAN HIDUP", "Jl. Contoh Nomor 7"]
    {
        assert!(header.contains("<oddHeader>") && header.contains(line), "{line} not in the page header");
    }
    let mut book = workbook(bytes);
    let below = below_table(&worksheet(&mut book, "Pengukuran Kinerja"), &grid(&report));
    assert_eq!(
        below,
        [
            "Paringin, ..............................",
            "Kepala Dinas",
            "Hj. Nama Contoh, S.Hut., M.Si.",
            "NIP. 19700101 199003 1 002"
        ]
    );

    // A quarter's files carry the quarter's signatory; a blank NIP is left as dots.
    let quarter = server.url(&format!("/api/v1/reports/quarter/{last}/4"));
    let report: Report = staf.get(&quarter).send().await.unwrap().json().await.unwrap();
    let mut book = workbook(file(&staf, format!("{quarter}/export/xlsx")).await);
    let below = below_table(&worksheet(&mut book, "Pengukuran Kinerja"), &grid(&report));
    assert_eq!(below[1..], ["Sekretaris", "Nama Sekretaris Contoh", "NIP. .............................."]);
    let xml = docx_xml(file(&staf, format!("{quarter}/export/docx")).await);
    assert!(xml.contains(">Nama Sekretaris Contoh<") && !xml.contains("Hj. Nama Contoh"));

    // Step 3's monthly progress workbook has the letterhead as its header too.
    let progress =
        file(&staf, server.url(&format!("/api/v1/progress/{last}-TW4/xlsx?unit=demo-unit-seksi-kdl"))).await;
    assert!(part_xml(&progress, "xl/worksheets/sheet1.xml").contains("Jl. Contoh Nomor 7"));
}
