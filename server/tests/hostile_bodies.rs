//! Generated hostile bodies against every JSON write route of the real
//! server, each sent by a user the route would otherwise serve: the wrong
//! JSON at the top, a field of another JSON type, JSON cut off part-way.
//! Every one is answered 4xx with a stable error code, never 5xx, and the
//! database is unchanged, table by table (sessions aside: a request renews
//! its session's expiry).

use crate::common;

use common::{Running, demo_server, signed_in, snapshot};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use reqwest::{Client, Method};
use serde_json::{Value, json};

/// A JSON write route, a user that may call it, and a body of its shape.
struct Route {
    method: &'static str,
    path: String,
    user: &'static str,
    valid: Value,
}

fn routes(year: i32) -> Vec<Route> {
    let route = |method, path: &str, user, valid| Route { method, path: path.to_owned(), user, valid };
    let quarter = format!("/api/v1/reports/quarter/{year}/4");
    vec![
        route(
            "POST",
            "/api/v1/units",
            "admin",
            json!({ "id": "u-x", "code": "SEKSI-X", "name": "Seksi X",
            "kind": "seksi", "parent_id": "demo-unit-bid-tl", "active": true }),
        ),
        route(
            "POST",
            "/api/v1/users",
            "admin",
            json!({ "id": "user-x", "username": "x.y", "full_name": "X",
            "nip": "", "role": "staf_evaluasi", "unit_id": null, "initial_password": "Sandi-awal-2026" }),
        ),
        route("POST", "/api/v1/users/demo-user-kasi.kdl/active", "admin", json!({ "active": false })),
        route("POST", "/api/v1/auth/login", "kasi.kdl", json!({ "username": "kasi.kdl", "password": "x" })),
        route(
            "PUT",
            "/api/v1/indicators/i-x",
            "admin",
            json!({ "id": "i-x", "code": "IKU-X", "name": "Indikator X",
            "sasaran_id": null, "unit_of_measure": "%", "rule": { "polarity": "positive", "aggregation": "sum",
            "target_mode": "per_period", "frequency": "monthly", "negative_formula": null, "decimals": 2 },
            "definition": "", "formula": "", "data_source": "", "responsible_unit_id": "demo-unit-seksi-kdl",
            "contributor_unit_ids": [], "baseline": null, "baseline_year": null, "end_target": null, "active": true }),
        ),
        route(
            "POST",
            "/api/v1/auth/password",
            "kasi.kdl",
            json!({ "current_password": "x", "new_password": "Sandi-baru-2026" }),
        ),
        route("PUT", "/api/v1/renstra/period", "admin", json!({ "first_year": year, "last_year": year + 4 })),
        route(
            "PUT",
            "/api/v1/tujuan/t-x",
            "admin",
            json!({ "id": "t-x", "code": "T9", "statement": "Tujuan" }),
        ),
        route(
            "PUT",
            "/api/v1/sasaran/s-x",
            "admin",
            json!({ "id": "s-x", "tujuan_id": "t-x", "code": "S9", "statement": "Sasaran" }),
        ),
        route(
            "PUT",
            &format!("/api/v1/plans/{year}"),
            "admin",
            json!([{ "indicator_id": "demo-indicator-iku-07",
            "year": year, "targets": { "annual": "48", "quarters": ["12", "24", "36", "48"] }, "actions": ["", "", "", ""] }]),
        ),
        route(
            "PUT",
            "/api/v1/programs/p-x",
            "admin",
            json!({ "id": "p-x", "code": "PRG-X", "name": "Program X",
            "level": "program", "parent_id": null, "unit_id": null }),
        ),
        route(
            "PUT",
            "/api/v1/budget/ceilings/2031",
            "admin",
            json!([{ "program_id": "p-x", "year": 2031, "pagu": "5" }]),
        ),
        route(
            "PUT",
            "/api/v1/budget/spending",
            "kabid.tl",
            json!([{ "program_id": "p-x", "period": "2031-02", "amount": "1" }]),
        ),
        route(
            "POST",
            "/api/v1/sync/push",
            "kasi.kdl",
            json!({ "protocol": 1, "device_id": "d-x", "ops": [{
            "op_id": "01a23fe2-c82c-771b-bc69-85887653daf7", "seq": 1, "entity": "realisation",
            "key": { "indicator_id": "demo-indicator-iku-07", "unit_id": "demo-unit-seksi-kdl", "period": "2031-05" },
            "base_revision": 0, "base": {}, "new": { "value": "4" }, "client_time": "2026-11-24T08:00:00Z" }] }),
        ),
        route("POST", "/api/v1/conflicts/x/resolve", "kabid.tl", json!({ "value": "6" })),
        route(
            "POST",
            "/api/v1/locks",
            "sekretaris",
            json!({ "unit_id": "demo-unit-bid-tl", "period": "2031-TW3", "reason": "r" }),
        ),
        route(
            "POST",
            "/api/v1/locks/reopen",
            "sekretaris",
            json!({ "unit_id": "demo-unit-bid-tl", "period": "2031-TW3", "reason": "r" }),
        ),
        route(
            "POST",
            &format!("/api/v1/cycles/{year}-TW4/actions"),
            "sekretaris",
            json!({ "id": "01a23fe2-c82c-771b-bc69-85887653daf8", "action": "start", "instruction": "Harap dikumpulkan" }),
        ),
        route(
            "PUT",
            "/api/v1/sop-steps/1",
            "admin",
            json!({ "title": "Langkah", "role": "sekretaris", "standard_minutes": 20 }),
        ),
        route(
            "PUT",
            "/api/v1/office-calendar",
            "admin",
            json!({ "zone": "wita", "opens_minute": 450, "closes_minute": 960,
                    "holidays": [{ "date": "2026-12-25", "name": "Natal" }] }),
        ),
        route(
            "PUT",
            "/api/v1/settings/letterhead",
            "admin",
            json!({ "government": "Pemerintah Kabupaten Balangan", "agency": "Dinas", "city": "Paringin",
                    "signatories": { "annual_report": { "position": "Kepala Dinas", "name": "", "nip": "" } } }),
        ),
        route(
            "PUT",
            "/api/v1/settings/policy",
            "admin",
            json!({ "bands": [{ "min": "91", "predicate": "sangat_tinggi" }], "negative_formula": "twice_target_minus",
                    "cap": "150", "zero_target_zero_negative": "100", "efficiency_margin": "5", "far_from_previous": "50" }),
        ),
        route(
            "POST",
            "/api/v1/dispositions",
            "sekretaris",
            json!({ "id": "01a23fe2-c82c-771b-bc69-85887653daf9",
            "received_ms": 1_764_000_000_000i64, "source_from": "Bupati", "source_number": "050/1", "source_date": null,
            "perihal": "Data", "sifat": "biasa", "recipients": [{ "kind": "role", "role": "kasubag_program" }],
            "instruction": "Tindak lanjuti", "deadline": null, "notes_kadis": "", "notes_kabid": "", "period": null }),
        ),
        route(
            "POST",
            "/api/v1/dispositions/x/sign",
            "kasubag.program",
            json!({ "sign": "acknowledge", "note": "" }),
        ),
        route("POST", &format!("{quarter}/versions/1/approve"), "sekretaris", json!({ "content_hash": "x" })),
        route(
            "PUT",
            &format!("/api/v1/reports/annual/{}/1/chapters/penutup", year - 1),
            "staf.evaluasi",
            json!({ "base_revision": 0, "text": "Penutup" }),
        ),
    ]
}

/// How a valid body is made hostile.
#[derive(Clone, Debug)]
enum Hostile {
    /// Another kind of JSON where the body's own kind belongs.
    TopLevel(Value),
    /// The `n`-th field (of the object, or of an array's first object) made
    /// a value of another JSON type.
    FieldType(usize, Value),
    /// The JSON text cut off after this share (in thousandths) of it.
    CutOff(u16),
}

fn other_values() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<bool>().prop_map(Value::from),
        "[\\PC]{0,12}".prop_map(|s| json!([s])),
        (any::<i64>(), "[a-z]{1,6}").prop_map(|(n, k)| json!({ k: n })),
        any::<i64>().prop_map(|n| json!([n, null])),
    ]
}

fn hostile() -> impl Strategy<Value = Hostile> {
    prop_oneof![
        other_values().prop_map(Hostile::TopLevel),
        (0usize..12, other_values()).prop_map(|(n, v)| Hostile::FieldType(n, v)),
        (0u16..1000).prop_map(Hostile::CutOff),
    ]
}

fn kind(value: &Value) -> u8 {
    match value {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        Value::Array(_) => 4,
        Value::Object(_) => 5,
    }
}

/// The hostile body's text, or `None` when the mutation would not make the
/// body invalid (a value of the same JSON type as the original).
fn hostile_text(valid: &Value, hostile: &Hostile) -> Option<String> {
    match hostile {
        Hostile::TopLevel(other) => (kind(other) != kind(valid)).then(|| other.to_string()),
        Hostile::FieldType(n, other) => {
            let mut body = valid.clone();
            let object = match &mut body {
                Value::Array(items) => items.first_mut()?.as_object_mut()?,
                value => value.as_object_mut()?,
            };
            let field = object.keys().nth(n % object.len())?.clone();
            let original = &object[&field];
            // A number where a string was may still be read (decimals); null
            // where an option was is valid. Only other kinds are hostile.
            let hostile_kind = kind(other) != kind(original)
                && !(kind(original) == 3 && kind(other) == 2)
                && !matches!(other, Value::Null);
            if !hostile_kind {
                return None;
            }
            object.insert(field, other.clone());
            Some(body.to_string())
        }
        Hostile::CutOff(share) => {
            let text = valid.to_string();
            let end = text.len() * usize::from(*share) / 1000;
            Some(text[..end.min(text.len() - 1)].to_owned())
        }
    }
}

/// Every table but the sessions, as text.
async fn database_text(pool: &sqlx::AnyPool) -> Vec<String> {
    let mut all = Vec::new();
    for table in common::tables(pool)
        .await
        .into_iter()
        .filter(|t| !["sessions", "sqlite_sequence"].contains(&t.as_str()))
    {
        all.push(snapshot(pool, &table).await);
    }
    all
}

/// Write routes whose body is not JSON (files, none at all).
const NOT_JSON: [&str; 8] = [
    "POST /api/v1/auth/logout",
    "PUT /api/v1/settings/logo",
    "DELETE /api/v1/settings/logo",
    "POST /api/v1/users/{id}/password-reset",
    "POST /api/v1/reports/{kind}/{year}/{n}/versions",
    "PUT /api/v1/evidence/{sha256}",
    "POST /api/v1/imports/plans",
    "POST /api/v1/imports/realisations",
];

/// Fails for a JSON write route of the router that `routes` has no case for.
fn assert_every_json_write_route_is_listed(routes: &[Route], year: i32) {
    let listed: Vec<String> = routes.iter().map(|r| format!("{} {}", r.method, r.path)).collect();
    for route in common::routes_of_router() {
        if route.starts_with("GET ") || NOT_JSON.contains(&route.as_str()) {
            continue;
        }
        let (method, template) = route.split_once(' ').unwrap();
        let shape = |path: &str| {
            let same_length = path.split('/').count() == template.split('/').count();
            same_length && path.split('/').zip(template.split('/')).all(|(p, t)| p == t || t.starts_with('{'))
        };
        let covered = listed.iter().any(|l| l.split_once(' ').is_some_and(|(m, p)| m == method && shape(p)));
        assert!(covered, "no hostile-body case for {route} (year {year})");
    }
}

#[test]
fn hostile_bodies_get_a_4xx_with_a_code_and_change_nothing() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (server, dir, clients, pool) = runtime.block_on(async {
        let (server, dir) = demo_server().await;
        let mut clients = std::collections::HashMap::new();
        for user in common::DEMO_USERS {
            clients.insert(user, signed_in(&server, user).await);
        }
        let pool = common::database(dir.path()).await;
        (server, dir, clients, pool)
    });
    let year = time::OffsetDateTime::now_utc().year();
    let routes = routes(year);
    assert_every_json_write_route_is_listed(&routes, year);
    let before = runtime.block_on(database_text(&pool));
    let send = |server: &Running, client: &Client, route: &Route, text: String| {
        let url = server.url(&route.path);
        let method = Method::from_bytes(route.method.as_bytes()).unwrap();
        let request = client.request(method, url).header("content-type", "application/json").body(text);
        async move {
            let response = request.send().await.unwrap();
            let status = response.status();
            let body: Value = response.json().await.unwrap_or_default();
            (status, body)
        }
    };
    let mut runner = TestRunner::new(Config { cases: 192, failure_persistence: None, ..Config::default() });
    let strategy = (0..routes.len(), hostile());
    let sent = std::cell::Cell::new(0);
    let outcome = runner.run(&strategy, |(index, hostile)| {
        let route = &routes[index];
        let Some(text) = hostile_text(&route.valid, &hostile) else { return Ok(()) };
        sent.set(sent.get() + 1);
        let (status, body) = runtime.block_on(send(&server, &clients[route.user], route, text.clone()));
        prop_assert!(
            status.is_client_error(),
            "{} {}: {status} for {text}: {body}",
            route.method,
            route.path
        );
        let code = body["error"]["code"].as_str().unwrap_or_default();
        prop_assert!(!code.is_empty() && code.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{body}");
        Ok(())
    });
    outcome.unwrap();
    assert!(sent.get() >= 120, "only {} of the generated bodies were hostile", sent.get());
    println!("{} hostile bodies sent", sent.get());
    let after = runtime.block_on(database_text(&pool));
    assert!(before == after, "a hostile body changed the database");
    drop((server, dir));
}
