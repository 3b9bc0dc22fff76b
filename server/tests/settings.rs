//! The agency's settings routes: everyone signed in reads the letterhead
//! and the policy, only the administrator changes them (audited, checked by
//! the domain, nothing kept on a refusal), and a changed letterhead or
//! signatory is what the report files then carry — the DOCX's heading and
//! signature, the XLSX's page header and the block under its table, and
//! the monthly progress workbook's header; the logo is a checked PNG
//! they all carry at the heading's left.

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

const LOGO: &[u8] = include_bytes!("fixtures/logo.png");

/// The files of a zip archive (a DOCX or XLSX) under `folder`, with their bytes.
fn media(bytes: &[u8], folder: &str) -> Vec<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut found = Vec::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        let mut content = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut content).unwrap();
        if entry.name().is_ok_and(|name| name.starts_with(folder)) && !content.is_empty() {
            found.push(content);
        }
    }
    found
}

#[tokio::test]
async fn the_logo_is_a_checked_png_that_every_printed_file_carries() {
    let (server, _dir) = demo_server().await;
    let admin = signed_in(&server, "admin").await;
    let staf = signed_in(&server, "staf.evaluasi").await;
    let url = server.url("/api/v1/settings/logo");
    let send = |client: &Client, media_type: &str, body: Vec<u8>| {
        client.put(&url).header("content-type", media_type.to_owned()).body(body).send()
    };
    let code = |answer: Value| answer["error"]["code"].as_str().unwrap_or_default().to_owned();

    // Refusals: signed out, not the administrator, not a PNG, a PNG
    // declared otherwise, a picture too small, a file too large.
    assert_eq!(send(&client(), "image/png", LOGO.to_vec()).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(send(&staf, "image/png", LOGO.to_vec()).await.unwrap().status(), StatusCode::FORBIDDEN);
    let svg = b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>".to_vec();
    let answer = send(&admin, "image/png", svg.clone()).await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(code(answer.json().await.unwrap()), "logo_not_png");
    assert_eq!(
        send(&admin, "image/svg+xml", svg).await.unwrap().status(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    assert_eq!(
        send(&admin, "image/jpeg", LOGO.to_vec()).await.unwrap().status(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    let mut tiny = LOGO.to_vec();
    tiny[16..24].copy_from_slice(&[0, 0, 0, 8, 0, 0, 0, 8]);
    let answer = send(&admin, "image/png", tiny).await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(code(answer.json().await.unwrap()), "logo_dimensions");
    let mut large = LOGO.to_vec();
    large.resize(300 * 1024, 0);
    assert_eq!(send(&admin, "image/png", large).await.unwrap().status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        get_json(&staf, &server, "/api/v1/settings/letterhead").await.get("logo").is_none(),
        "nothing kept"
    );

    // Kept: named by its hash, read by everyone signed in as an inert image.
    let answer = send(&admin, "image/png", LOGO.to_vec()).await.unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let logo: Value = answer.json().await.unwrap();
    assert_eq!((logo["width"].as_u64(), logo["height"].as_u64()), (Some(96), Some(120)));
    assert_eq!(logo["sha256"], common::sha256(LOGO));
    assert_eq!(get_json(&staf, &server, "/api/v1/settings/letterhead").await["logo"], logo);
    let file_url = server.url(&format!("/api/v1/settings/logo/{}", common::sha256(LOGO)));
    let served = staf.get(&file_url).send().await.unwrap();
    let header = |name: &str| served.headers()[name].to_str().unwrap().to_owned();
    assert_eq!(header("content-type"), "image/png");
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert!(header("content-security-policy").starts_with("sandbox"));
    assert_eq!(served.bytes().await.unwrap(), LOGO);
    assert_eq!(client().get(&file_url).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let unknown = server.url(&format!("/api/v1/settings/logo/{}", "ab".repeat(32)));
    assert_eq!(staf.get(unknown).send().await.unwrap().status(), StatusCode::NOT_FOUND);

    // The same file again changes nothing; saving the letterhead keeps the logo.
    let audit = || get_json(&admin, &server, "/api/v1/audit?entity=setting&limit=100");
    let trail = audit().await;
    assert_eq!(send(&admin, "image/png", LOGO.to_vec()).await.unwrap().status(), StatusCode::OK);
    assert_eq!(audit().await, trail, "the same logo again is not a change");
    let (status, _) = put(&admin, server.url("/api/v1/settings/letterhead"), &letterhead()).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(get_json(&staf, &server, "/api/v1/settings/letterhead").await["logo"], logo);

    // Every printed file carries it at the heading's left.
    let last = time::OffsetDateTime::now_utc().year() - 1;
    let annual = server.url(&format!("/api/v1/reports/annual/{last}/1"));
    let docx = file(&staf, format!("{annual}/export/docx")).await;
    assert_eq!(media(&docx, "word/media/"), [LOGO]);
    let xml = docx_xml(docx);
    assert!(xml.find("<wp:anchor").unwrap() < xml.find(">PEMERINTAH KABUPATEN BALANGAN<").unwrap());
    let xlsx = file(&staf, format!("{annual}/export/xlsx")).await;
    assert_eq!(media(&xlsx, "xl/media/"), [LOGO]);
    assert!(part_xml(&xlsx, "xl/worksheets/sheet1.xml").contains("<oddHeader>&amp;L&amp;G"));
    let pk = file(&staf, server.url(&format!("/api/v1/perjanjian-kinerja/{last}/docx"))).await;
    assert_eq!(media(&pk, "word/media/"), [LOGO]);
    let progress =
        file(&staf, server.url(&format!("/api/v1/progress/{last}-TW4/xlsx?unit=demo-unit-seksi-kdl"))).await;
    assert_eq!(media(&progress, "xl/media/"), [LOGO]);

    // Taken off by the administrator only; the files then carry none.
    assert_eq!(staf.delete(&url).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(admin.delete(&url).send().await.unwrap().status(), StatusCode::NO_CONTENT);
    assert!(get_json(&staf, &server, "/api/v1/settings/letterhead").await.get("logo").is_none());
    assert!(media(&file(&staf, format!("{annual}/export/docx")).await, "word/media/").is_empty());
    assert!(media(&file(&staf, format!("{annual}/export/xlsx")).await, "xl/media/").is_empty());
    assert!(audit().await.to_string().contains(&common::sha256(LOGO)), "the change is in the trail");
}
