//! The records devices change offline and sync (`docs/sync-protocol.md`):
//! their keys, their fields in canonical text form, and the decision the
//! server takes on each op — scope, references, locks, field checks, then
//! the three-way merge. Pure: the server loads what a decision needs and
//! stores what it returns; the browser uses the same field rules offline.
//! This module holds the keys and field forms; `decide` the decision on an op.

mod decide;
#[cfg(test)]
mod tests;

pub use decide::{Change, Context, Current, Decision, Refusal};

use crate::domain::budget::Spending;
use crate::domain::evidence::FileKind;
use crate::domain::indicator_rule::IndicatorRule;
use crate::domain::merge::Fields;
use crate::domain::number;
use crate::domain::period::Period;
use crate::domain::realisation::Realisation;
use crate::domain::validate::{Checker, FieldError, Problem};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
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
