use super::*;
use crate::domain::merge::Fields;
use crate::domain::test_support::p;
use crate::offline::outbox::Refused;
use crate::offline::replica::local_values;
use proptest::prelude::*;

fn realisation(month: u8) -> Key {
    Key::Realisation {
        indicator_id: "iku".into(),
        unit_id: "seksi".into(),
        period: p(&format!("2026-{month:02}")),
    }
}

fn evidence(month: u8, sha: char) -> Key {
    Key::Evidence {
        indicator_id: "iku".into(),
        unit_id: "seksi".into(),
        period: p(&format!("2026-{month:02}")),
        sha256: sha.to_string().repeat(64),
    }
}

fn fields(pairs: &[(&str, &str)]) -> Fields {
    pairs.iter().map(|(f, v)| ((*f).to_owned(), Some((*v).to_owned()))).collect()
}

fn op(n: usize, key: Key, new: Fields) -> Op {
    Op {
        op_id: format!("op-{n}"),
        seq: n as i64,
        key,
        base_revision: 0,
        base: Fields::new(),
        new,
        client_time: String::new(),
    }
}

fn entry(op: Op, refused: Option<&str>) -> Entry {
    let refused =
        refused.map(|code| Refused { code: code.into(), message: String::new(), fields: Vec::new() });
    Entry { device_id: "device".into(), op, refused }
}

fn held(key: Key, values: Fields, conflicted: bool) -> (Key, Held) {
    (key.clone(), Held { key, revision: 1, values, conflicted })
}

#[test]
fn waiting_refused_unstored_and_conflicted_are_counted_per_record() {
    let records = HashMap::from([held(realisation(2), fields(&[("value", "4")]), true)]);
    let entries = [
        entry(op(1, realisation(1), fields(&[("value", "1")])), None),
        entry(op(2, realisation(1), fields(&[("value", "2"), ("kendala", "hujan")])), Some("period_locked")),
        entry(op(3, realisation(1), fields(&[("value", "3")])), None),
    ];
    let unstored = [op(4, realisation(3), fields(&[("value", "9")]))];
    let states = record_states(&records, &entries, &unstored);
    let january = &states[&realisation(1)];
    assert_eq!(january.unsent, 2);
    assert_eq!(
        january.refused,
        [Refusal { op_id: "op-2".into(), code: "period_locked".into(), asked: "hujan, 2".into() }]
    );
    assert!(!january.conflicted);
    assert_eq!(states[&realisation(2)], RecordState { conflicted: true, ..RecordState::default() });
    assert_eq!(states[&realisation(3)].unsent, 1, "an edit still being written counts as waiting");
    assert!(!states.contains_key(&realisation(4)), "a record with nothing to show is left out");
}

#[test]
fn evidence_is_listed_under_its_realisation_as_the_user_sees_it() {
    let attached =
        |name: &str| fields(&[("status", ATTACHED), ("file_name", name), ("media_type", "image/jpeg")]);
    let records = HashMap::from([
        held(evidence(1, 'b'), attached("b.jpg"), false),
        held(evidence(1, 'c'), attached("c.jpg"), false),
        held(evidence(2, 'd'), attached("d.jpg"), false),
    ]);
    let entries = [
        // Removed on the device: no longer listed.
        entry(op(1, evidence(1, 'c'), fields(&[("status", "removed")])), None),
        // A refused attachment counts nowhere.
        entry(op(2, evidence(1, 'e'), attached("e.jpg")), Some("forbidden")),
    ];
    let unstored = [op(3, evidence(1, 'a'), attached("a.jpg"))];
    let states = record_states(&records, &entries, &unstored);
    assert_eq!(
        states[&realisation(1)].evidence,
        [(evidence(1, 'a'), "a.jpg".to_owned()), (evidence(1, 'b'), "b.jpg".to_owned())]
    );
    assert_eq!(states[&realisation(2)].evidence, [(evidence(2, 'd'), "d.jpg".to_owned())]);
}

fn any_key() -> impl Strategy<Value = Key> {
    prop_oneof![
        (1u8..=3).prop_map(realisation),
        (1u8..=3, prop::sample::select(vec!['a', 'b'])).prop_map(|(m, s)| evidence(m, s))
    ]
}

fn any_values() -> impl Strategy<Value = Fields> {
    (prop::sample::select(vec![ATTACHED, "removed"]), prop::sample::select(vec!["x.jpg", "y.png"]))
        .prop_map(|(status, name)| fields(&[("status", status), ("file_name", name), ("value", "5")]))
}

proptest! {
    /// Grouped once, every record reads as each row used to compute it on
    /// its own: a walk of the whole queue and every record.
    #[test]
    fn grouped_states_equal_each_record_walked_alone(
        records in prop::collection::vec((any_key(), any_values(), any::<bool>()), 0..6),
        queued in prop::collection::vec((any_key(), any_values(), prop::option::of(Just("stale"))), 0..8),
        unstored in prop::collection::vec((any_key(), any_values()), 0..3),
    ) {
        let records: HashMap<Key, Held> = records.into_iter().map(|(k, v, c)| held(k, v, c)).collect();
        let entries: Vec<Entry> =
            queued.into_iter().enumerate().map(|(n, (k, v, refused))| entry(op(n, k, v), refused)).collect();
        let unstored: Vec<Op> = unstored.into_iter().enumerate().map(|(n, (k, v))| op(100 + n, k, v)).collect();
        let states = record_states(&records, &entries, &unstored);
        let waiting: Vec<&Op> = entries.iter().filter(|e| e.refused.is_none()).map(|e| &e.op).chain(&unstored).collect();
        for month in 1..=3 {
            let key = realisation(month);
            let state = states.get(&key).cloned().unwrap_or_default();
            let unsent = entries.iter().filter(|e| e.op.key == key && e.refused.is_none()).count()
                + unstored.iter().filter(|op| op.key == key).count();
            prop_assert_eq!(state.unsent, unsent);
            prop_assert_eq!(state.refused.len(), entries.iter().filter(|e| e.op.key == key && e.refused.is_some()).count());
            prop_assert_eq!(state.conflicted, records.get(&key).is_some_and(|h| h.conflicted));
            let mut alone: Vec<Key> = records.keys().chain(entries.iter().map(|e| &e.op.key)).chain(unstored.iter().map(|op| &op.key))
                .filter(|k| realisation_of(k).as_ref() == Some(&key)).cloned().collect();
            alone.sort();
            alone.dedup();
            let alone: Vec<(Key, String)> = alone
                .into_iter()
                .filter_map(|k| {
                    let values = local_values(&k, records.get(&k), waiting.iter().copied());
                    let text = |f: &str| values.get(f).cloned().flatten().unwrap_or_default();
                    (text("status") == ATTACHED).then(|| (k.clone(), text("file_name")))
                })
                .collect();
            prop_assert_eq!(state.evidence, alone);
        }
    }
}
