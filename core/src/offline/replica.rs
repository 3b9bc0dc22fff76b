//! The device's copy of the records in its user's scope: each record as the
//! server last described it (from a pull or a push answer), and the values
//! the user sees — that copy with the device's unsent changes laid on top,
//! oldest first. An edit becomes an op whose base is exactly what the user
//! saw, so the server's three-way merge can tell the user's change from
//! everyone else's. Pure: the browser keeps these in IndexedDB.

use crate::api::sync::{Op, Record};
use crate::domain::indicator_rule::IndicatorRule;
use crate::domain::merge::Fields;
use crate::domain::sync::Key;
use crate::domain::validate::FieldError;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One record as the server last described it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Held {
    pub key: Key,
    pub revision: i64,
    pub values: Fields,
    /// The server holds an unresolved conflict on this record.
    pub conflicted: bool,
}

impl From<&Record> for Held {
    fn from(record: &Record) -> Held {
        Held {
            key: record.key.clone(),
            revision: record.revision,
            values: record.values.clone(),
            conflicted: record.conflicted,
        }
    }
}

impl Held {
    /// Takes a state the server reported unless the device already holds a
    /// newer one (answers and pull pages may arrive in either order).
    /// Returns whether anything changed.
    pub fn take(held: &mut Option<Held>, newer: Held) -> bool {
        let stale = held.as_ref().is_some_and(|h| h.revision > newer.revision || *h == newer);
        if !stale {
            *held = Some(newer);
        }
        !stale
    }
}

/// The values the user sees for `key`: the server's as held (or the empty
/// record), then every unsent change to it in the order it was made. Read
/// newest first, so each field is copied once however many ops changed it.
pub fn local_values<'a, I>(key: &Key, held: Option<&Held>, pending: I) -> Fields
where
    I: IntoIterator<Item = &'a Op>,
    I::IntoIter: DoubleEndedIterator,
{
    let mut values = held.map(|h| h.values.clone()).unwrap_or_else(|| key.empty());
    let mut taken: Vec<&str> = Vec::new();
    for op in pending.into_iter().rev().filter(|op| op.key == *key) {
        for (field, value) in &op.new {
            if !taken.contains(&field.as_str()) {
                taken.push(field);
                values.insert(field.clone(), value.clone());
            }
        }
    }
    values
}

/// What a page reads of the records as the user sees them.
pub trait Seen {
    /// The record as the user sees it (`local_values`).
    fn values(&self, key: &Key) -> Fields;

    /// One field of it, without copying the others (the entry rows read
    /// each month's value, not its narratives).
    fn field(&self, key: &Key, name: &str) -> Option<String> {
        self.values(key).remove(name).flatten()
    }
}

impl<F: Fn(&Key) -> Fields> Seen for F {
    fn values(&self, key: &Key) -> Fields {
        self(key)
    }
}

/// The user's view of many records at once: the waiting ops grouped by
/// record once, so each record's values cost one lookup instead of a walk
/// through the whole queue — the entry page reads every row's months after
/// every keystroke.
pub struct Overlay<'a> {
    held: &'a HashMap<Key, Held>,
    pending: HashMap<&'a Key, Vec<&'a Op>>,
}

impl<'a> Overlay<'a> {
    /// `waiting`: the unsent ops, oldest first (`Outbox::waiting`).
    pub fn new(held: &'a HashMap<Key, Held>, waiting: impl Iterator<Item = &'a Op>) -> Overlay<'a> {
        let mut pending: HashMap<&'a Key, Vec<&'a Op>> = HashMap::new();
        for op in waiting {
            pending.entry(&op.key).or_default().push(op);
        }
        Overlay { held, pending }
    }

    fn ops(&self, key: &Key) -> &[&'a Op] {
        self.pending.get(key).map_or(&[][..], Vec::as_slice)
    }
}

impl Seen for Overlay<'_> {
    fn values(&self, key: &Key) -> Fields {
        local_values(key, self.held.get(key), self.ops(key).iter().copied())
    }

    fn field(&self, key: &Key, name: &str) -> Option<String> {
        match self.ops(key).iter().rev().find_map(|op| op.new.get(name)) {
            Some(newest) => newest.clone(),
            None => match self.held.get(key) {
                Some(held) => held.values.get(name).cloned().flatten(),
                None => key.empty().remove(name).flatten(),
            },
        }
    }
}

/// What an edit asks of the outbox: the base revision, the fields as the
/// user saw them, and the fields as the user wants them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub base_revision: i64,
    pub base: Fields,
    pub new: Fields,
}

/// Turns the user's wanted values for some fields of a record into an op's
/// parts: values are put in canonical form, the whole record as it would be
/// is checked by the same rules the server applies (`rule` for records of
/// an indicator), and only fields that really change are kept. `Ok(None)`
/// when nothing changes.
pub fn edit(
    key: &Key,
    held: Option<&Held>,
    seen: &Fields,
    wanted: &Fields,
    rule: &IndicatorRule,
) -> Result<Option<Edit>, Vec<FieldError>> {
    let wanted = key.canonical(wanted)?;
    let mut after = seen.clone();
    after.extend(wanted.clone());
    key.check_state(&after, rule)?;
    let mut base = Fields::new();
    let mut new = Fields::new();
    for (field, value) in wanted {
        let before = seen.get(&field).cloned().flatten();
        if before != value {
            base.insert(field.clone(), before);
            new.insert(field, value);
        }
    }
    let base_revision = held.map_or(0, |h| h.revision);
    Ok((!new.is_empty()).then_some(Edit { base_revision, base, new }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::merge::{Outcome, merge};
    use crate::domain::test_support::{indicator, p};
    use crate::domain::validate::Problem;
    use proptest::prelude::*;

    fn key() -> Key {
        Key::Realisation { indicator_id: "iku".into(), unit_id: "seksi".into(), period: p("2026-03") }
    }

    fn rule() -> IndicatorRule {
        indicator("iku", "seksi", &[], true).rule
    }

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), Some((*v).to_owned()))).collect()
    }

    fn op(seq: i64, new: Fields) -> Op {
        Op {
            op_id: format!("op-{seq}"),
            seq,
            key: key(),
            base_revision: 0,
            base: Fields::new(),
            new,
            client_time: String::new(),
        }
    }

    fn held(revision: i64, value: &str) -> Held {
        let mut values = key().empty();
        values.insert("value".into(), Some(value.into()));
        Held { key: key(), revision, values, conflicted: false }
    }

    #[test]
    fn the_user_sees_the_server_copy_with_unsent_changes_on_top_in_order() {
        let server = held(3, "10");
        let pending =
            [op(1, fields(&[("value", "11")])), op(2, fields(&[("value", "12"), ("kendala", "hujan")]))];
        let seen = local_values(&key(), Some(&server), &pending);
        assert_eq!(seen["value"].as_deref(), Some("12"));
        assert_eq!(seen["kendala"].as_deref(), Some("hujan"));
        assert_eq!(seen["analisis"].as_deref(), Some(""));
        let other =
            Key::Realisation { indicator_id: "x".into(), unit_id: "seksi".into(), period: p("2026-03") };
        assert_eq!(local_values(&other, None, &pending), other.empty(), "ops of other records are ignored");
    }

    #[test]
    fn an_edit_keeps_only_the_changed_fields_with_what_the_user_saw() {
        let server = held(3, "10");
        let seen = local_values(&key(), Some(&server), []);
        let wanted = fields(&[("value", "12.50"), ("analisis", "")]);
        let made = edit(&key(), Some(&server), &seen, &wanted, &rule()).unwrap().unwrap();
        assert_eq!(made.base_revision, 3);
        assert_eq!(made.base, fields(&[("value", "10")]));
        assert_eq!(made.new, fields(&[("value", "12.5")]), "canonical, and the unchanged narrative left out");
        assert_eq!(edit(&key(), Some(&server), &seen, &fields(&[("value", "10.0")]), &rule()), Ok(None));
    }

    #[test]
    fn an_invalid_edit_is_refused_offline_with_the_servers_codes() {
        let seen = key().empty();
        let refused = edit(&key(), None, &seen, &fields(&[("value", "sepuluh")]), &rule()).unwrap_err();
        assert_eq!(refused[0].field, "value");
        assert_eq!(refused[0].problem, Problem::Invalid);
        let long = "x".repeat(crate::domain::validate::TEXT_MAX + 1);
        let refused = edit(&key(), None, &seen, &fields(&[("analisis", &long)]), &rule()).unwrap_err();
        assert_eq!(refused[0].problem, Problem::TooLong);
    }

    #[test]
    fn a_newer_server_state_replaces_an_older_one_never_the_reverse() {
        let mut copy = None;
        assert!(Held::take(&mut copy, held(2, "5")));
        assert!(Held::take(&mut copy, held(4, "7")));
        assert!(!Held::take(&mut copy, held(3, "6")), "a late older page changes nothing");
        assert!(!Held::take(&mut copy, held(4, "7")));
        assert_eq!(copy.unwrap().revision, 4);
    }

    proptest! {
        /// Successive offline edits of one record, each based on what the
        /// user saw, merge on the server into exactly the last values — when
        /// nobody else changed the record.
        #[test]
        fn successive_offline_edits_merge_into_the_last_values(values in proptest::collection::vec(0u32..50, 1..12)) {
            let server = held(1, "0");
            let mut pending: Vec<Op> = Vec::new();
            for (seq, value) in values.iter().enumerate() {
                let seen = local_values(&key(), Some(&server), &pending);
                let wanted = fields(&[("value", &value.to_string())]);
                if let Some(made) = edit(&key(), Some(&server), &seen, &wanted, &rule()).unwrap() {
                    let mut sent = op(seq as i64 + 1, made.new);
                    sent.base = made.base;
                    sent.base_revision = made.base_revision;
                    pending.push(sent);
                }
            }
            let (mut state, mut revision) = (server.values.clone(), server.revision);
            for sent in &pending {
                let merged = merge(&state, revision, &sent.base, sent.base_revision, &sent.new);
                prop_assert_ne!(merged.outcome, Outcome::Conflict);
                state.extend(merged.writes);
                revision += 1;
            }
            prop_assert_eq!(&state, &local_values(&key(), Some(&server), &pending));
            prop_assert_eq!(state["value"].clone(), Some(values.last().unwrap().to_string()));
        }

        /// The overlay shows every record as `local_values` does over the whole queue.
        #[test]
        fn the_overlay_shows_what_the_queue_walk_shows(
            edits in proptest::collection::vec((1u8..5, 0u32..9, proptest::bool::ANY), 0..40),
        ) {
            let month = |m: u8| Key::Realisation { indicator_id: "iku".into(), unit_id: "seksi".into(), period: p(&format!("2026-{m:02}")) };
            let mut records = HashMap::new();
            records.insert(month(1), Held { key: month(1), ..held(1, "7") });
            records.insert(month(3), Held { key: month(3), ..held(2, "8") });
            let queue: Vec<Op> = edits
                .iter()
                .enumerate()
                .map(|(seq, (m, value, narrative))| {
                    let field = if *narrative { "analisis" } else { "value" };
                    Op { key: month(*m), ..op(seq as i64 + 1, fields(&[(field, &value.to_string())])) }
                })
                .collect();
            let overlay = Overlay::new(&records, queue.iter());
            for m in 1..6 {
                let walked = local_values(&month(m), records.get(&month(m)), &queue);
                for field in ["value", "analisis", "kendala"] {
                    prop_assert_eq!(overlay.field(&month(m), field), walked.get(field).cloned().flatten());
                }
                prop_assert_eq!(overlay.values(&month(m)), walked);
            }
        }
    }
}
