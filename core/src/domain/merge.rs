//! The three-way field merge of the sync protocol (`docs/sync-protocol.md`).
//! A device sends, per field it changed, the value it saw (base) and the
//! value it wants (new); the server holds the current value. A field the
//! device did not change is left alone, a field the
//! server has not changed since the base takes the device's value, equal
//! values change nothing, and a field both sides changed differently becomes
//! a conflict that keeps both values — the server's stays until a person
//! chooses. Pure and deterministic: the same inputs give the same result.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Field values of one record in canonical text form; `None` is empty.
pub type Fields = BTreeMap<String, Option<String>>;

/// What became of one op.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Nothing changed on the server since the device's base: taken as sent.
    Applied,
    /// The server changed other fields since the base; the device's fields were merged in.
    Merged,
    /// At least one field was changed differently on both sides; those are kept for a person to resolve.
    Conflict,
    /// Refused (scope, validation, lock, order); nothing was changed.
    Rejected,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Applied => "applied",
            Outcome::Merged => "merged",
            Outcome::Conflict => "conflict",
            Outcome::Rejected => "rejected",
        }
    }
}

/// A field both sides changed differently.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldConflict {
    pub field: String,
    pub base: Option<String>,
    pub server: Option<String>,
    pub client: Option<String>,
}

/// The result of merging one op into the current record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merge {
    /// The fields to write, with their new values (only real changes).
    pub writes: Fields,
    pub conflicts: Vec<FieldConflict>,
    pub outcome: Outcome,
}

/// Merges a device's change (`base` → `new`, made at `base_revision`) into
/// the `current` record at `current_revision`. A field absent from `current`
/// or `base` is empty.
pub fn merge(
    current: &Fields,
    current_revision: i64,
    base: &Fields,
    base_revision: i64,
    new: &Fields,
) -> Merge {
    let mut writes = Fields::new();
    let mut conflicts = Vec::new();
    for (field, client) in new {
        let server = current.get(field).cloned().flatten();
        let seen = base.get(field).cloned().flatten();
        if *client == server || *client == seen {
            continue;
        }
        if server == seen {
            writes.insert(field.clone(), client.clone());
        } else {
            conflicts.push(FieldConflict {
                field: field.clone(),
                base: seen,
                server,
                client: client.clone(),
            });
        }
    }
    let outcome = if !conflicts.is_empty() {
        Outcome::Conflict
    } else if base_revision == current_revision {
        Outcome::Applied
    } else {
        Outcome::Merged
    };
    Merge { writes, conflicts, outcome }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fields(pairs: &[(&str, Option<&str>)]) -> Fields {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), v.map(str::to_owned))).collect()
    }

    #[test]
    fn an_untouched_field_takes_the_devices_value() {
        let current = fields(&[("value", Some("10")), ("kendala", Some(""))]);
        let merge =
            merge(&current, 3, &fields(&[("value", Some("10"))]), 3, &fields(&[("value", Some("12"))]));
        assert_eq!(merge.writes, fields(&[("value", Some("12"))]));
        assert!(merge.conflicts.is_empty());
        assert_eq!(merge.outcome, Outcome::Applied);
    }

    #[test]
    fn a_field_changed_elsewhere_since_the_base_merges_with_other_fields() {
        let current = fields(&[("value", Some("10")), ("kendala", Some("hujan"))]);
        let base = fields(&[("value", Some("10"))]);
        let merge = merge(&current, 4, &base, 3, &fields(&[("value", Some("12"))]));
        assert_eq!(merge.writes, fields(&[("value", Some("12"))]));
        assert_eq!(merge.outcome, Outcome::Merged);
    }

    #[test]
    fn both_sides_changing_a_field_differently_is_a_conflict_and_the_server_keeps_its_value() {
        let current = fields(&[("value", Some("11"))]);
        let merge =
            merge(&current, 4, &fields(&[("value", Some("10"))]), 3, &fields(&[("value", Some("12"))]));
        assert!(merge.writes.is_empty());
        assert_eq!(
            merge.conflicts,
            vec![FieldConflict {
                field: "value".into(),
                base: Some("10".into()),
                server: Some("11".into()),
                client: Some("12".into())
            }]
        );
        assert_eq!(merge.outcome, Outcome::Conflict);
    }

    #[test]
    fn equal_values_are_no_change_and_a_new_record_starts_empty() {
        let current = fields(&[("value", Some("12"))]);
        let same =
            merge(&current, 4, &fields(&[("value", Some("10"))]), 3, &fields(&[("value", Some("12"))]));
        assert!(same.writes.is_empty() && same.conflicts.is_empty());
        let created =
            merge(&Fields::new(), 0, &fields(&[("value", None)]), 0, &fields(&[("value", Some("1"))]));
        assert_eq!(created.writes, fields(&[("value", Some("1"))]));
        assert_eq!(created.outcome, Outcome::Applied);
    }

    const NAMES: [&str; 3] = ["value", "analisis", "kendala"];

    fn any_fields() -> impl Strategy<Value = Fields> {
        proptest::collection::btree_map(
            proptest::sample::select(NAMES.to_vec()).prop_map(str::to_owned),
            proptest::option::of(proptest::sample::select(vec!["1", "2", "3"]).prop_map(str::to_owned)),
            0..=3,
        )
    }

    fn get(record: &Fields, field: &str) -> Option<String> {
        record.get(field).cloned().flatten()
    }

    fn apply(current: &Fields, writes: &Fields) -> Fields {
        let mut next = current.clone();
        next.extend(writes.clone());
        next
    }

    proptest! {
        #[test]
        fn nothing_is_overwritten_silently(current in any_fields(), base in any_fields(), new in any_fields()) {
            let merge = merge(&current, 2, &base, 1, &new);
            for (field, value) in &merge.writes {
                prop_assert_eq!(get(&current, field), get(&base, field), "only untouched fields are written");
                prop_assert_ne!(&get(&current, field), value, "a write is a real change");
            }
            for conflict in &merge.conflicts {
                prop_assert!(!merge.writes.contains_key(&conflict.field));
                prop_assert_eq!(&conflict.server, &get(&current, &conflict.field));
                prop_assert_eq!(&conflict.client, &get(&new, &conflict.field));
                prop_assert_ne!(&conflict.server, &conflict.client);
                prop_assert_ne!(&conflict.server, &conflict.base);
            }
            let accounted = merge.writes.len() + merge.conflicts.len();
            let differing = new.iter().filter(|(f, v)| get(&current, f) != **v && get(&base, f) != **v).count();
            prop_assert_eq!(accounted, differing, "every differing field is written or in conflict");
            prop_assert_eq!(merge.outcome == Outcome::Conflict, !merge.conflicts.is_empty());
        }

        #[test]
        fn without_concurrent_change_the_device_wins(current in any_fields(), new in any_fields()) {
            let merge = merge(&current, 5, &current, 5, &new);
            prop_assert!(merge.conflicts.is_empty());
            prop_assert_eq!(merge.outcome, Outcome::Applied);
            let result = apply(&current, &merge.writes);
            for (field, value) in &new {
                prop_assert_eq!(&get(&result, field), value);
            }
        }

        #[test]
        fn an_op_that_changes_nothing_writes_nothing(current in any_fields(), base in any_fields()) {
            let unchanged: Fields = base.keys().map(|f| (f.clone(), get(&base, f))).collect();
            let untouched = merge(&current, 2, &base, 1, &unchanged);
            prop_assert!(untouched.writes.is_empty() && untouched.conflicts.is_empty(), "the device changed nothing");
            let same = merge(&current, 2, &base, 1, &current);
            prop_assert!(same.writes.is_empty() && same.conflicts.is_empty(), "the server already holds it");
        }

        #[test]
        fn applying_the_merge_twice_changes_nothing_more(current in any_fields(), base in any_fields(), new in any_fields()) {
            let first = merge(&current, 2, &base, 1, &new);
            let after = apply(&current, &first.writes);
            let second = merge(&after, 3, &base, 1, &new);
            prop_assert!(second.writes.is_empty(), "the same change again writes nothing");
            prop_assert_eq!(second.conflicts, first.conflicts);
        }

        #[test]
        fn edits_of_different_fields_commute(current in any_fields(), a in any_fields(), b in any_fields()) {
            let b: Fields = b.into_iter().filter(|(f, _)| !a.contains_key(f)).collect();
            let via_a = apply(&current, &merge(&current, 1, &current, 1, &a).writes);
            let a_then_b = apply(&via_a, &merge(&via_a, 2, &current, 1, &b).writes);
            let via_b = apply(&current, &merge(&current, 1, &current, 1, &b).writes);
            let b_then_a = apply(&via_b, &merge(&via_b, 2, &current, 1, &a).writes);
            prop_assert_eq!(&a_then_b, &b_then_a);
        }
    }
}
