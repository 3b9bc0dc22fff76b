use super::*;
use crate::domain::lock::Lock;
use crate::domain::merge::Outcome;
use crate::domain::org::{Actor, Role, UnitTree};
use crate::domain::plan::Indicator;
use crate::domain::test_support::{indicator, p};
use std::collections::{HashMap, HashSet};

fn fields(pairs: &[(&str, Option<&str>)]) -> Fields {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), v.map(str::to_owned))).collect()
}

fn realisation(unit: &str, period: &str) -> Key {
    Key::Realisation { indicator_id: "iku-1".into(), unit_id: unit.into(), period: p(period) }
}

const HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

struct World {
    tree: UnitTree,
    indicators: HashMap<String, Indicator>,
    programs: HashMap<String, Option<String>>,
    locks: Vec<Lock>,
    blobs: HashSet<String>,
}

impl World {
    fn new() -> World {
        World {
            tree: UnitTree::new([
                ("dinas", None),
                ("bidang", Some("dinas")),
                ("seksi", Some("bidang")),
                ("seksi-2", Some("bidang")),
                ("opd", None),
            ]),
            indicators: [("iku-1".to_owned(), indicator("iku-1", "seksi", &["opd"], true))].into(),
            programs: [("prog-1".to_owned(), Some("bidang".to_owned())), ("prog-0".to_owned(), None)].into(),
            locks: Vec::new(),
            blobs: [HASH.to_owned()].into(),
        }
    }

    fn context<'a>(&'a self, actor: &'a Actor) -> Context<'a> {
        Context {
            actor,
            tree: &self.tree,
            indicators: &self.indicators,
            program_units: &self.programs,
            locks: &self.locks,
            blobs: &self.blobs,
        }
    }
}

fn actor(role: Role, unit: Option<&str>) -> Actor {
    Actor { user_id: "u".into(), role, unit_id: unit.map(str::to_owned) }
}

fn fresh(key: &Key) -> Current {
    Current { fields: key.empty(), revision: 0 }
}

fn decide(
    context: &Context<'_>,
    key: &Key,
    base: &Fields,
    new: &Fields,
    current: &Current,
) -> Result<Decision, Refusal> {
    context.decide(Change { key, base_revision: current.revision, base, new }, current)
}

#[test]
fn keys_travel_as_an_entity_name_and_a_key_object() {
    let key = realisation("seksi", "2026-03");
    let json = serde_json::to_value(&key).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"entity": "realisation", "key": {"indicator_id": "iku-1", "unit_id": "seksi", "period": "2026-03"}})
    );
    assert_eq!(serde_json::from_value::<Key>(json).unwrap(), key);
    assert_eq!(key.text(), serde_json::to_string(&key).unwrap());
    let unknown = serde_json::json!({"entity": "salary", "key": {"id": "1"}});
    assert!(serde_json::from_value::<Key>(unknown).is_err());
    let extra = serde_json::json!({"entity": "budget_realisation", "key": {"program_id": "p", "period": "2026-01", "x": 1}});
    assert!(serde_json::from_value::<Key>(extra).is_err());
}

#[test]
fn values_are_put_in_canonical_form() {
    let key = realisation("seksi", "2026-03");
    let values = fields(&[("value", Some("12.50")), ("analisis", None), ("kendala", Some("hujan"))]);
    let canonical = key.canonical(&values).unwrap();
    assert_eq!(
        canonical,
        fields(&[("value", Some("12.5")), ("analisis", Some("")), ("kendala", Some("hujan"))])
    );
    assert_eq!(key.canonical(&fields(&[("value", Some(""))])).unwrap(), fields(&[("value", None)]));
    let refused = key.canonical(&fields(&[("value", Some("12,5")), ("salary", Some("1"))])).unwrap_err();
    let names: Vec<&str> = refused.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(names, ["salary", "value"]);
    for (text, problem) in [(" 12.5", Problem::Invalid), ("-0", Problem::Invalid), ("1e3", Problem::Invalid)]
        .into_iter()
        .chain([("0.0000001", Problem::OutOfRange), ("-4", Problem::Negative)])
    {
        let refused = key.canonical(&fields(&[("value", Some(text))])).unwrap_err();
        assert_eq!(refused[0].problem, problem, "{text:?}: the rule of domain::number");
    }
    let two_hundred_digits = format!("0.{}", "9".repeat(199));
    let refused = key.canonical(&fields(&[("value", Some(two_hundred_digits.as_str()))])).unwrap_err();
    assert_eq!(refused[0].problem, Problem::OutOfRange, "never rounded to 1");
    assert_eq!(key.empty().len(), 4);
}

#[test]
fn plain_records_become_canonical_synced_records() {
    let entered = Realisation {
        indicator_id: "iku-1".into(),
        unit_id: "seksi".into(),
        period: p("2026-03"),
        value: Some(Decimal::from_str("12.50").unwrap()),
        analisis: "baik".into(),
        kendala: String::new(),
        tindak_lanjut: String::new(),
    };
    let (key, fields) = entered.record();
    assert_eq!(key, realisation("seksi", "2026-03"));
    assert_eq!(key.canonical(&fields).unwrap(), fields, "already canonical");
    assert_eq!(fields.get("value"), Some(&Some("12.5".to_owned())));
    let spent = Spending { program_id: "prog-1".into(), period: p("2026-02"), amount: Decimal::from(1500) };
    let (key, fields) = spent.record();
    assert_eq!(key.entity(), "budget_realisation");
    assert_eq!(key.canonical(&fields).unwrap(), fields);
}

#[test]
fn keys_are_checked() {
    assert!(realisation("seksi", "2026-03").check().is_ok());
    assert!(realisation("", "2026-03").check().is_err());
    assert!(
        Key::BudgetRealisation { program_id: "x".repeat(ID_MAX + 1), period: p("2026-01") }.check().is_err()
    );
    let evidence = |sha256: &str| Key::Evidence {
        indicator_id: "iku-1".into(),
        unit_id: "seksi".into(),
        period: p("2026-03"),
        sha256: sha256.into(),
    };
    assert!(evidence(HASH).check().is_ok());
    assert!(evidence(&HASH.to_uppercase()).check().is_err());
    assert!(evidence("abc").check().is_err());
}

#[test]
fn an_op_in_scope_is_merged_and_the_record_checked() {
    let world = World::new();
    let kasi = actor(Role::KepalaSeksi, Some("seksi"));
    let context = world.context(&kasi);
    let key = realisation("seksi", "2026-03");
    let current = fresh(&key);
    let decision =
        decide(&context, &key, &fields(&[("value", None)]), &fields(&[("value", Some("4"))]), &current)
            .unwrap();
    assert_eq!(decision.unit.as_deref(), Some("seksi"));
    assert_eq!(decision.merge.outcome, Outcome::Applied);
    assert_eq!(decision.state.get("value"), Some(&Some("4".to_owned())));
    assert_eq!(decision.state.get("kendala"), Some(&Some(String::new())));
    let negative =
        decide(&context, &key, &fields(&[("value", None)]), &fields(&[("value", Some("-4"))]), &current);
    assert_eq!(negative.unwrap_err().fields()[0].problem, Problem::Negative);
    let quarter = realisation("seksi", "2026-TW1");
    let wrong =
        decide(&context, &quarter, &Fields::new(), &fields(&[("value", Some("4"))]), &fresh(&quarter));
    assert_eq!(wrong.unwrap_err().fields()[0].problem, Problem::WrongPeriod);
    let empty = decide(&context, &key, &Fields::new(), &Fields::new(), &current).unwrap_err();
    assert_eq!(empty.code(), "validation_failed");
}

#[test]
fn a_conflict_keeps_the_servers_value_in_the_state() {
    let world = World::new();
    let kasi = actor(Role::KepalaSeksi, Some("seksi"));
    let key = realisation("seksi", "2026-03");
    let mut current = fresh(&key);
    current.fields.insert("value".into(), Some("5".into()));
    current.revision = 2;
    let change = Change {
        key: &key,
        base_revision: 1,
        base: &fields(&[("value", Some("4")), ("kendala", Some(""))]),
        new: &fields(&[("value", Some("6")), ("kendala", Some("banjir"))]),
    };
    let decision = world.context(&kasi).decide(change, &current).unwrap();
    assert_eq!(decision.merge.outcome, Outcome::Conflict);
    assert_eq!(decision.state.get("value"), Some(&Some("5".to_owned())));
    assert_eq!(decision.state.get("kendala"), Some(&Some("banjir".to_owned())));
    let unsent_base = Change {
        key: &key,
        base_revision: 2,
        base: &Fields::new(),
        new: &fields(&[("tindak_lanjut", Some("x"))]),
    };
    let decision = world.context(&kasi).decide(unsent_base, &current).unwrap();
    assert_eq!(decision.merge.outcome, Outcome::Applied, "a narrative left out of the base was seen empty");
}

#[test]
fn scope_references_and_locks_refuse_before_anything_is_merged() {
    let mut world = World::new();
    let new = fields(&[("value", Some("1"))]);
    let key = realisation("seksi", "2026-05");
    let cases = [
        (actor(Role::KepalaSeksi, Some("seksi-2")), key.clone(), "forbidden"),
        (actor(Role::Sekretaris, None), key.clone(), "forbidden"),
        (actor(Role::Kontributor, Some("opd")), key.clone(), "forbidden"),
        (actor(Role::KepalaBidang, Some("bidang")), key.clone(), "ok"),
        (actor(Role::Kontributor, Some("opd")), realisation("opd", "2026-05"), "ok"),
        (actor(Role::StafEvaluasi, None), realisation("seksi-2", "2026-05"), "validation_failed"),
        (
            actor(Role::StafEvaluasi, None),
            Key::Realisation { indicator_id: "nope".into(), unit_id: "seksi".into(), period: p("2026-05") },
            "unknown_reference",
        ),
    ];
    for (who, key, expected) in &cases {
        let got = decide(&world.context(who), key, &Fields::new(), &new, &fresh(key));
        assert_eq!(got.map(|_| "ok").unwrap_or_else(|r| r.code()), *expected, "{who:?} on {key:?}");
    }
    world.locks.push(Lock {
        unit_id: "bidang".into(),
        period: p("2026-TW2"),
        locked_at: "2026-07-10T08:00:00.000000Z".into(),
        locked_by: "Sekretaris".into(),
        reason: "laporan TW II disetujui".into(),
        openings: Vec::new(),
    });
    let kasi = actor(Role::KepalaSeksi, Some("seksi"));
    let locked = decide(&world.context(&kasi), &key, &Fields::new(), &new, &fresh(&key)).unwrap_err();
    assert_eq!(locked, Refusal::PeriodLocked(Box::new(world.locks[0].clone())));
    assert!(locked.message().contains("2026-TW2") && locked.message().contains("sekretaris"));
    let july = realisation("seksi", "2026-07");
    assert!(decide(&world.context(&kasi), &july, &Fields::new(), &new, &fresh(&july)).is_ok());
}

#[test]
fn budget_and_evidence_have_their_own_rules() {
    let world = World::new();
    let staf = actor(Role::StafEvaluasi, None);
    let context = world.context(&staf);
    let budget = Key::BudgetRealisation { program_id: "prog-0".into(), period: p("2026-02") };
    let spent = decide(
        &context,
        &budget,
        &Fields::new(),
        &fields(&[("amount", Some("1500000.00"))]),
        &fresh(&budget),
    );
    assert_eq!(spent.unwrap().state, fields(&[("amount", Some("1500000"))]));
    let cleared = decide(&context, &budget, &Fields::new(), &fields(&[("amount", None)]), &fresh(&budget));
    assert_eq!(cleared.unwrap_err().fields()[0].problem, Problem::Required);
    let kabid = actor(Role::KepalaBidang, Some("bidang"));
    let agency = decide(
        &world.context(&kabid),
        &budget,
        &Fields::new(),
        &fields(&[("amount", Some("1"))]),
        &fresh(&budget),
    );
    assert_eq!(agency.unwrap_err(), Refusal::Forbidden);
    let unknown = Key::BudgetRealisation { program_id: "prog-9".into(), period: p("2026-02") };
    assert_eq!(
        decide(&context, &unknown, &Fields::new(), &fields(&[("amount", Some("1"))]), &fresh(&unknown))
            .unwrap_err()
            .code(),
        "unknown_reference"
    );

    let evidence = |sha256: &str| Key::Evidence {
        indicator_id: "iku-1".into(),
        unit_id: "seksi".into(),
        period: p("2026-03"),
        sha256: sha256.into(),
    };
    let attach = fields(&[
        ("file_name", Some("foto.jpg")),
        ("media_type", Some("image/jpeg")),
        ("status", Some(ATTACHED)),
    ]);
    let held = evidence(HASH);
    assert!(decide(&context, &held, &Fields::new(), &attach, &fresh(&held)).is_ok());
    let missing = evidence(&"0".repeat(64));
    assert_eq!(
        decide(&context, &missing, &Fields::new(), &attach, &fresh(&missing)).unwrap_err().code(),
        "unknown_reference"
    );
    let half = fields(&[("status", Some(ATTACHED))]);
    let refused = decide(&context, &held, &Fields::new(), &half, &fresh(&held)).unwrap_err();
    assert_eq!(refused.fields().len(), 2, "file name and media type are required");
    let odd =
        fields(&[("file_name", Some("a")), ("media_type", Some("image/jpeg")), ("status", Some("lost"))]);
    assert_eq!(
        decide(&context, &held, &Fields::new(), &odd, &fresh(&held)).unwrap_err().fields()[0].field,
        "status"
    );
    let page = fields(&[
        ("file_name", Some("a.html")),
        ("media_type", Some("text/html")),
        ("status", Some(ATTACHED)),
    ]);
    let refused = decide(&context, &held, &Fields::new(), &page, &fresh(&held)).unwrap_err();
    assert_eq!(refused.fields()[0].field, "media_type", "only the evidence kinds the agency keeps");
}

#[test]
fn a_devices_ops_apply_in_the_order_it_made_them() {
    assert!(in_device_order(1, None));
    assert!(in_device_order(8, Some(7)));
    assert!(in_device_order(20, Some(7)), "gaps are allowed");
    assert!(!in_device_order(7, Some(7)));
    assert!(!in_device_order(3, Some(7)));
}
