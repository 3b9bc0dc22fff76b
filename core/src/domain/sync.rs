//! The records devices change offline and sync (`docs/sync-protocol.md`):
//! their keys, their fields in canonical text form, and the decision the
//! server takes on each op — scope, references, locks, field checks, then
//! the three-way merge. Pure: the server loads what a decision needs and
//! stores what it returns; the browser uses the same field rules offline.

use crate::domain::budget::Spending;
use crate::domain::evidence::FileKind;
use crate::domain::indicator::IndicatorRule;
use crate::domain::lock::{Lock, covering};
use crate::domain::merge::{Fields, Merge, merge};
use crate::domain::number;
use crate::domain::org::{Actor, UnitTree};
use crate::domain::period::Period;
use crate::domain::plan::Indicator;
use crate::domain::realisation::Realisation;
use crate::domain::validate::{Checker, FieldError, Problem};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::str::FromStr;

/// The wire protocol's version; a push of another version is refused whole.
pub const PROTOCOL: u32 = 1;
/// The most ops one push may carry.
pub const MAX_OPS_PER_PUSH: usize = 500;
/// The longest id inside a key.
pub const ID_MAX: usize = 100;
/// The longest evidence file name.
pub const FILE_NAME_MAX: usize = 255;

/// Which record an op changes: the entity and its key.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "entity", content = "key", rename_all = "snake_case", deny_unknown_fields)]
pub enum Key {
    /// A realised value with its narratives.
    Realisation { indicator_id: String, unit_id: String, period: Period },
    /// A programme's spending in one month.
    BudgetRealisation { program_id: String, period: Period },
    /// A file (by content hash) attached to a realisation as evidence.
    Evidence { indicator_id: String, unit_id: String, period: Period, sha256: String },
}

/// How a field's text is put in canonical form and checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A decimal with a dot (`12.5`); empty is missing, never zero.
    Amount,
    /// A narrative; empty is the empty text.
    Narrative,
    /// A file name.
    FileName,
    /// A media type such as `image/jpeg`.
    MediaType,
    /// Evidence status: `attached` or `removed`.
    Status,
}

const REALISATION_FIELDS: &[(&str, Kind)] = &[
    ("value", Kind::Amount),
    ("analisis", Kind::Narrative),
    ("kendala", Kind::Narrative),
    ("tindak_lanjut", Kind::Narrative),
];
const BUDGET_FIELDS: &[(&str, Kind)] = &[("amount", Kind::Amount)];
const EVIDENCE_FIELDS: &[(&str, Kind)] =
    &[("file_name", Kind::FileName), ("media_type", Kind::MediaType), ("status", Kind::Status)];

/// The evidence statuses.
pub const ATTACHED: &str = "attached";
pub const REMOVED: &str = "removed";

impl Key {
    pub fn entity(&self) -> &'static str {
        match self {
            Key::Realisation { .. } => "realisation",
            Key::BudgetRealisation { .. } => "budget_realisation",
            Key::Evidence { .. } => "evidence",
        }
    }

    pub fn period(&self) -> Period {
        match self {
            Key::Realisation { period, .. }
            | Key::BudgetRealisation { period, .. }
            | Key::Evidence { period, .. } => *period,
        }
    }

    /// The canonical text of the key, as stored and compared.
    pub fn text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    fn fields(&self) -> &'static [(&'static str, Kind)] {
        match self {
            Key::Realisation { .. } => REALISATION_FIELDS,
            Key::BudgetRealisation { .. } => BUDGET_FIELDS,
            Key::Evidence { .. } => EVIDENCE_FIELDS,
        }
    }

    /// The record before anything was entered: every field in canonical form.
    pub fn empty(&self) -> Fields {
        self.fields().iter().map(|(name, kind)| ((*name).to_owned(), kind.empty())).collect()
    }

    /// Checks the key's ids and hash.
    pub fn check(&self) -> Result<(), Vec<FieldError>> {
        let mut check = Checker::new();
        let mut id = |field: &str, value: &str| {
            if value.is_empty() {
                check.fail(field, Problem::Required);
            } else if value.len() > ID_MAX {
                check.fail(field, Problem::TooLong);
            }
        };
        match self {
            Key::Realisation { indicator_id, unit_id, .. } => {
                id("indicator_id", indicator_id);
                id("unit_id", unit_id);
            }
            Key::BudgetRealisation { program_id, .. } => id("program_id", program_id),
            Key::Evidence { indicator_id, unit_id, sha256, .. } => {
                id("indicator_id", indicator_id);
                id("unit_id", unit_id);
                if !is_sha256(sha256) {
                    check.fail("sha256", Problem::Invalid);
                }
            }
        }
        check.finish()
    }

    /// The values of an op in canonical form; an unknown field or a value
    /// that cannot be read is refused.
    pub fn canonical(&self, values: &Fields) -> Result<Fields, Vec<FieldError>> {
        let mut check = Checker::new();
        let mut out = Fields::new();
        for (name, value) in values {
            match self.fields().iter().find(|(field, _)| field == name) {
                None => check.fail(name, Problem::Invalid),
                Some((_, kind)) => match canonical(*kind, value.as_deref()) {
                    Ok(value) => {
                        out.insert(name.clone(), value);
                    }
                    Err(problem) => check.fail(name, problem),
                },
            }
        }
        check.finish().map(|()| out)
    }

    /// Checks a whole record (after a merge) by the rules of its entity.
    /// Realisations and evidence are checked against their indicator's rule.
    pub fn check_state(&self, state: &Fields, rule: &IndicatorRule) -> Result<(), Vec<FieldError>> {
        let text = |field: &str| state.get(field).cloned().flatten().unwrap_or_default();
        let amount =
            |field: &str| state.get(field).cloned().flatten().and_then(|v| Decimal::from_str(&v).ok());
        match self {
            Key::Realisation { indicator_id, unit_id, period } => Realisation {
                indicator_id: indicator_id.clone(),
                unit_id: unit_id.clone(),
                period: *period,
                value: amount("value"),
                analisis: text("analisis"),
                kendala: text("kendala"),
                tindak_lanjut: text("tindak_lanjut"),
            }
            .validate(rule),
            Key::BudgetRealisation { program_id, period } => match amount("amount") {
                None => Err(vec![FieldError { field: "amount".into(), problem: Problem::Required }]),
                Some(amount) => {
                    Spending { program_id: program_id.clone(), period: *period, amount }.validate()
                }
            },
            Key::Evidence { period, .. } => {
                let mut check = Checker::new();
                if period.level() != rule.frequency.entry_level() {
                    check.fail("period", Problem::WrongPeriod);
                }
                check.required("file_name", &text("file_name"), FILE_NAME_MAX);
                let media_type = text("media_type");
                if media_type.is_empty() {
                    check.fail("media_type", Problem::Required);
                } else if FileKind::from_media_type(&media_type).is_none() {
                    check.fail("media_type", Problem::Invalid);
                }
                match text("status").as_str() {
                    "" => check.fail("status", Problem::Required),
                    ATTACHED | REMOVED => {}
                    _ => check.fail("status", Problem::Invalid),
                }
                check.finish()
            }
        }
    }
}

impl Realisation {
    /// The synced record this realisation is.
    pub fn record(&self) -> (Key, Fields) {
        let key = Key::Realisation {
            indicator_id: self.indicator_id.clone(),
            unit_id: self.unit_id.clone(),
            period: self.period,
        };
        let fields = Fields::from([
            ("value".to_owned(), self.value.map(|v| v.normalize().to_string())),
            ("analisis".to_owned(), Some(self.analisis.clone())),
            ("kendala".to_owned(), Some(self.kendala.clone())),
            ("tindak_lanjut".to_owned(), Some(self.tindak_lanjut.clone())),
        ]);
        (key, fields)
    }
}

impl Spending {
    /// The synced record this spending is.
    pub fn record(&self) -> (Key, Fields) {
        let key = Key::BudgetRealisation { program_id: self.program_id.clone(), period: self.period };
        (key, Fields::from([("amount".to_owned(), Some(self.amount.normalize().to_string()))]))
    }
}

impl Kind {
    /// The field's value before anything was entered.
    fn empty(self) -> Option<String> {
        (self == Kind::Narrative).then(String::new)
    }
}

/// A field's value in canonical form. An amount is read by the one rule
/// for numbers (`domain::number`); empty text clears it.
fn canonical(kind: Kind, value: Option<&str>) -> Result<Option<String>, Problem> {
    Ok(match kind {
        Kind::Narrative => Some(value.unwrap_or_default().to_owned()),
        Kind::Amount => match value.filter(|v| !v.is_empty()) {
            None => None,
            Some(text) => Some(number::read(text)?.to_string()),
        },
        Kind::FileName | Kind::MediaType | Kind::Status => {
            value.map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
        }
    })
}

/// 64 lowercase hexadecimal digits.
pub fn is_sha256(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Whether an op with device sequence `seq` may be applied after the
/// device's last applied `last`: a device's ops are applied in the order it
/// made them, so an older edit arriving late never overwrites a newer one.
pub fn in_device_order(seq: i64, last: Option<i64>) -> bool {
    last.is_none_or(|last| seq > last)
}

/// Why an op was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The actor may not change this record.
    Forbidden,
    /// The key names an indicator, programme or file the server does not hold.
    UnknownReference(Vec<FieldError>),
    /// The period is locked for this unit.
    PeriodLocked(Box<Lock>),
    /// A value is not valid.
    Invalid(Vec<FieldError>),
    /// An older op of the device arrived after a newer one.
    OutOfOrder,
    /// The op id was already used by another user: the op is not applied,
    /// and the other user's answer is not shown.
    OpIdTaken,
}

impl Refusal {
    /// The stable code of the refusal.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::Forbidden => "forbidden",
            Refusal::UnknownReference(_) => "unknown_reference",
            Refusal::PeriodLocked(_) => "period_locked",
            Refusal::Invalid(_) => "validation_failed",
            Refusal::OutOfOrder => "out_of_order",
            Refusal::OpIdTaken => "op_id_taken",
        }
    }

    /// An English sentence for API clients; the interface words it from the code.
    pub fn message(&self) -> String {
        match self {
            Refusal::Forbidden => "your role and unit may not change this record".to_owned(),
            Refusal::UnknownReference(_) => {
                "the record refers to something the server does not hold".to_owned()
            }
            Refusal::PeriodLocked(lock) => format!(
                "{} of unit {} is locked since {} by {} ({}); only the sekretaris can reopen it",
                lock.period, lock.unit_id, lock.locked_at, lock.locked_by, lock.reason
            ),
            Refusal::Invalid(_) => "some fields are not valid".to_owned(),
            Refusal::OutOfOrder => {
                "a newer change from this device was already applied; this older one was not".to_owned()
            }
            Refusal::OpIdTaken => {
                "this op id was already used by another user; send the change with a new op id".to_owned()
            }
        }
    }

    /// The refused fields, if the refusal is about fields.
    pub fn fields(&self) -> &[FieldError] {
        match self {
            Refusal::UnknownReference(fields) | Refusal::Invalid(fields) => fields,
            _ => &[],
        }
    }
}

/// One op's change: the record, the revision and values the device saw, and
/// the values it wants.
#[derive(Clone, Copy, Debug)]
pub struct Change<'a> {
    pub key: &'a Key,
    pub base_revision: i64,
    pub base: &'a Fields,
    pub new: &'a Fields,
}

/// The record as the server holds it now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Current {
    pub fields: Fields,
    pub revision: i64,
}

/// An op the server accepts: the merge and the record after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// The unit whose data this is (`None`: the agency's own budget).
    pub unit: Option<String>,
    pub merge: Merge,
    /// The whole record after the merge.
    pub state: Fields,
}

/// Everything a decision depends on besides the record itself.
#[derive(Clone, Copy, Debug)]
pub struct Scope<'a> {
    pub actor: &'a Actor,
    pub tree: &'a UnitTree,
    pub indicators: &'a HashMap<String, Indicator>,
    /// Each programme's unit (`None`: the agency as a whole).
    pub program_units: &'a HashMap<String, Option<String>>,
    pub locks: &'a [Lock],
    /// The evidence files the actor may name, by hash: held, and uploaded
    /// by the actor or attached to a record the actor sees.
    pub blobs: &'a HashSet<String>,
}

fn unknown(field: &str) -> Refusal {
    Refusal::UnknownReference(vec![FieldError {
        field: field.to_owned(),
        problem: Problem::UnknownReference,
    }])
}

impl Scope<'_> {
    /// The unit whose data `key` is and the rule it is checked by, if the
    /// actor may change it.
    fn authorize(&self, key: &Key) -> Result<(Option<String>, IndicatorRule), Refusal> {
        match key {
            Key::Realisation { indicator_id, unit_id, .. } | Key::Evidence { indicator_id, unit_id, .. } => {
                let indicator = self.indicators.get(indicator_id).ok_or_else(|| unknown("indicator_id"))?;
                let reporters = indicator.reporting_units();
                if !self.actor.enters_for(self.tree, unit_id, &reporters) {
                    return Err(Refusal::Forbidden);
                }
                if !reporters.contains(&unit_id.as_str()) {
                    return Err(Refusal::Invalid(vec![FieldError {
                        field: "unit_id".into(),
                        problem: Problem::Invalid,
                    }]));
                }
                if let Key::Evidence { sha256, .. } = key
                    && !self.blobs.contains(sha256)
                {
                    return Err(unknown("sha256"));
                }
                Ok((Some(unit_id.clone()), indicator.rule))
            }
            Key::BudgetRealisation { program_id, .. } => {
                let unit = self.program_units.get(program_id).ok_or_else(|| unknown("program_id"))?;
                if !self.actor.enters_budget_for(self.tree, unit.as_deref()) {
                    return Err(Refusal::Forbidden);
                }
                Ok((unit.clone(), IndicatorRule::default()))
            }
        }
    }

    /// Decides one op against the record as the server holds it.
    pub fn decide(&self, change: Change<'_>, current: &Current) -> Result<Decision, Refusal> {
        change.key.check().map_err(Refusal::Invalid)?;
        let (unit, rule) = self.authorize(change.key)?;
        if let Some(lock) = covering(self.locks, self.tree, unit.as_deref(), change.key.period()) {
            return Err(Refusal::PeriodLocked(Box::new(lock.clone())));
        }
        if change.new.is_empty() {
            return Err(Refusal::Invalid(vec![FieldError {
                field: "new".into(),
                problem: Problem::Required,
            }]));
        }
        let mut seen = change.base.clone();
        for field in change.new.keys() {
            seen.entry(field.clone()).or_insert(None);
        }
        let base = change.key.canonical(&seen).map_err(Refusal::Invalid)?;
        let new = change.key.canonical(change.new).map_err(Refusal::Invalid)?;
        let merge = merge(&current.fields, current.revision, &base, change.base_revision, &new);
        let mut state = current.fields.clone();
        state.extend(merge.writes.clone());
        change.key.check_state(&state, &rule).map_err(Refusal::Invalid)?;
        Ok(Decision { unit, merge, state })
    }

    /// Whether the actor may resolve a conflict on `key`: the same right as
    /// changing it.
    pub fn may_change(&self, key: &Key) -> bool {
        self.authorize(key).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::merge::Outcome;
    use crate::domain::org::Role;
    use crate::domain::test_support::{indicator, p};

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
                programs: [("prog-1".to_owned(), Some("bidang".to_owned())), ("prog-0".to_owned(), None)]
                    .into(),
                locks: Vec::new(),
                blobs: [HASH.to_owned()].into(),
            }
        }

        fn scope<'a>(&'a self, actor: &'a Actor) -> Scope<'a> {
            Scope {
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
        scope: &Scope<'_>,
        key: &Key,
        base: &Fields,
        new: &Fields,
        current: &Current,
    ) -> Result<Decision, Refusal> {
        scope.decide(Change { key, base_revision: current.revision, base, new }, current)
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
        for (text, problem) in
            [(" 12.5", Problem::Invalid), ("-0", Problem::Invalid), ("1e3", Problem::Invalid)]
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
        let spent =
            Spending { program_id: "prog-1".into(), period: p("2026-02"), amount: Decimal::from(1500) };
        let (key, fields) = spent.record();
        assert_eq!(key.entity(), "budget_realisation");
        assert_eq!(key.canonical(&fields).unwrap(), fields);
    }

    #[test]
    fn keys_are_checked() {
        assert!(realisation("seksi", "2026-03").check().is_ok());
        assert!(realisation("", "2026-03").check().is_err());
        assert!(
            Key::BudgetRealisation { program_id: "x".repeat(ID_MAX + 1), period: p("2026-01") }
                .check()
                .is_err()
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
        let scope = world.scope(&kasi);
        let key = realisation("seksi", "2026-03");
        let current = fresh(&key);
        let decision =
            decide(&scope, &key, &fields(&[("value", None)]), &fields(&[("value", Some("4"))]), &current)
                .unwrap();
        assert_eq!(decision.unit.as_deref(), Some("seksi"));
        assert_eq!(decision.merge.outcome, Outcome::Applied);
        assert_eq!(decision.state.get("value"), Some(&Some("4".to_owned())));
        assert_eq!(decision.state.get("kendala"), Some(&Some(String::new())));
        let negative =
            decide(&scope, &key, &fields(&[("value", None)]), &fields(&[("value", Some("-4"))]), &current);
        assert_eq!(negative.unwrap_err().fields()[0].problem, Problem::Negative);
        let quarter = realisation("seksi", "2026-TW1");
        let wrong =
            decide(&scope, &quarter, &Fields::new(), &fields(&[("value", Some("4"))]), &fresh(&quarter));
        assert_eq!(wrong.unwrap_err().fields()[0].problem, Problem::WrongPeriod);
        let empty = decide(&scope, &key, &Fields::new(), &Fields::new(), &current).unwrap_err();
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
        let decision = world.scope(&kasi).decide(change, &current).unwrap();
        assert_eq!(decision.merge.outcome, Outcome::Conflict);
        assert_eq!(decision.state.get("value"), Some(&Some("5".to_owned())));
        assert_eq!(decision.state.get("kendala"), Some(&Some("banjir".to_owned())));
        let unsent_base = Change {
            key: &key,
            base_revision: 2,
            base: &Fields::new(),
            new: &fields(&[("tindak_lanjut", Some("x"))]),
        };
        let decision = world.scope(&kasi).decide(unsent_base, &current).unwrap();
        assert_eq!(
            decision.merge.outcome,
            Outcome::Applied,
            "a narrative left out of the base was seen empty"
        );
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
                Key::Realisation {
                    indicator_id: "nope".into(),
                    unit_id: "seksi".into(),
                    period: p("2026-05"),
                },
                "unknown_reference",
            ),
        ];
        for (who, key, expected) in &cases {
            let got = decide(&world.scope(who), key, &Fields::new(), &new, &fresh(key));
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
        let locked = decide(&world.scope(&kasi), &key, &Fields::new(), &new, &fresh(&key)).unwrap_err();
        assert_eq!(locked, Refusal::PeriodLocked(Box::new(world.locks[0].clone())));
        assert!(locked.message().contains("2026-TW2") && locked.message().contains("sekretaris"));
        let july = realisation("seksi", "2026-07");
        assert!(decide(&world.scope(&kasi), &july, &Fields::new(), &new, &fresh(&july)).is_ok());
    }

    #[test]
    fn budget_and_evidence_have_their_own_rules() {
        let world = World::new();
        let staf = actor(Role::StafEvaluasi, None);
        let scope = world.scope(&staf);
        let budget = Key::BudgetRealisation { program_id: "prog-0".into(), period: p("2026-02") };
        let spent = decide(
            &scope,
            &budget,
            &Fields::new(),
            &fields(&[("amount", Some("1500000.00"))]),
            &fresh(&budget),
        );
        assert_eq!(spent.unwrap().state, fields(&[("amount", Some("1500000"))]));
        let cleared = decide(&scope, &budget, &Fields::new(), &fields(&[("amount", None)]), &fresh(&budget));
        assert_eq!(cleared.unwrap_err().fields()[0].problem, Problem::Required);
        let kabid = actor(Role::KepalaBidang, Some("bidang"));
        let agency = decide(
            &world.scope(&kabid),
            &budget,
            &Fields::new(),
            &fields(&[("amount", Some("1"))]),
            &fresh(&budget),
        );
        assert_eq!(agency.unwrap_err(), Refusal::Forbidden);
        let unknown = Key::BudgetRealisation { program_id: "prog-9".into(), period: p("2026-02") };
        assert_eq!(
            decide(&scope, &unknown, &Fields::new(), &fields(&[("amount", Some("1"))]), &fresh(&unknown))
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
        assert!(decide(&scope, &held, &Fields::new(), &attach, &fresh(&held)).is_ok());
        let missing = evidence(&"0".repeat(64));
        assert_eq!(
            decide(&scope, &missing, &Fields::new(), &attach, &fresh(&missing)).unwrap_err().code(),
            "unknown_reference"
        );
        let half = fields(&[("status", Some(ATTACHED))]);
        let refused = decide(&scope, &held, &Fields::new(), &half, &fresh(&held)).unwrap_err();
        assert_eq!(refused.fields().len(), 2, "file name and media type are required");
        let odd =
            fields(&[("file_name", Some("a")), ("media_type", Some("image/jpeg")), ("status", Some("lost"))]);
        assert_eq!(
            decide(&scope, &held, &Fields::new(), &odd, &fresh(&held)).unwrap_err().fields()[0].field,
            "status"
        );
        let page = fields(&[
            ("file_name", Some("a.html")),
            ("media_type", Some("text/html")),
            ("status", Some(ATTACHED)),
        ]);
        let refused = decide(&scope, &held, &Fields::new(), &page, &fresh(&held)).unwrap_err();
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
}
