//! The sync protocol on the wire (`docs/sync-protocol.md`): a device's push
//! of ops and the answer per op, the pull of changed records by cursor,
//! conflicts and their resolution, period locks and the audit trail.

use super::FieldProblem;
use crate::domain::lock::Lock;
use crate::domain::merge::{Fields, Outcome};
use crate::domain::period::Period;
use crate::domain::sync::{Key, MAX_OPS_PER_PUSH, PROTOCOL};
use crate::domain::validate::{FieldError, Problem};
use serde::{Deserialize, Serialize};

/// The code of a push refused because the server's database is not the one
/// the device last synced with (`Push::instance_id`).
pub const INSTANCE_CHANGED: &str = "instance_changed";

/// `POST /api/v1/sync/push`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Push {
    pub protocol: u32,
    /// The device's own id (a UUID), kept across sessions and users.
    pub device_id: String,
    /// The server database the device last synced with (its `instance_id`),
    /// if any: a server whose database is another one now refuses the push
    /// whole (409 `instance_changed`), before anything is applied, so the
    /// device can first send again what that database may have lost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    pub ops: Vec<Op>,
}

/// One change a device made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Op {
    /// Made by the device: a UUIDv7. The same id sent again is the same op.
    pub op_id: String,
    /// The device's sequence number, increasing with every op it makes.
    pub seq: i64,
    #[serde(flatten)]
    pub key: Key,
    /// The record's revision the device saw (0: it saw no record).
    #[serde(default)]
    pub base_revision: i64,
    /// The values the device saw, for each field in `new` (a field left out: it saw it empty).
    #[serde(default)]
    pub base: Fields,
    /// The values the device wants.
    pub new: Fields,
    /// When the device made the change (RFC 3339); kept, never trusted for order.
    pub client_time: String,
}

impl Push {
    /// Checks the envelope: protocol, ids, sequence numbers and batch size.
    /// A push failing here is refused whole and changes nothing.
    pub fn check(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field: String, problem: Problem| errors.push(FieldError { field, problem });
        if self.protocol != PROTOCOL {
            fail("protocol".into(), Problem::Invalid);
        }
        if uuid::Uuid::parse_str(&self.device_id).is_err() {
            fail("device_id".into(), Problem::Invalid);
        }
        if self.ops.len() > MAX_OPS_PER_PUSH {
            fail("ops".into(), Problem::TooLong);
        }
        for (index, op) in self.ops.iter().enumerate() {
            let v7 = uuid::Uuid::parse_str(&op.op_id).is_ok_and(|id| id.get_version_num() == 7);
            if !v7 {
                fail(format!("ops[{index}].op_id"), Problem::Invalid);
            }
            if op.seq < 1 {
                fail(format!("ops[{index}].seq"), Problem::OutOfRange);
            }
            if op.base_revision < 0 {
                fail(format!("ops[{index}].base_revision"), Problem::OutOfRange);
            }
            if op.client_time.len() > 40 {
                fail(format!("ops[{index}].client_time"), Problem::TooLong);
            }
            let oversized = op.base.len() + op.new.len() > 16;
            if oversized {
                fail(format!("ops[{index}].new"), Problem::TooLong);
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// The answer to one op.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpAnswer {
    pub op_id: String,
    pub outcome: Outcome,
    /// `applied`, `merged`, `conflict`, or the refusal's code (`forbidden`,
    /// `unknown_reference`, `period_locked`, `validation_failed`, `out_of_order`).
    pub code: String,
    pub message: String,
    /// The server's processing order of ops: the same order for every device.
    pub order: i64,
    /// The record's revision after this op.
    pub revision: i64,
    /// The record after this op (empty when refused).
    #[serde(default)]
    pub state: Fields,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldProblem>,
    /// The conflicts this op opened.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<String>,
    /// The lock that refused it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lock: Option<Lock>,
}

/// The answer to a push: one answer per op, in the order sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushAnswer {
    /// The server database's identity; a device that saw another starts its pull over.
    pub instance_id: String,
    pub answers: Vec<OpAnswer>,
}

/// A record as it is now, in a pull.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// Its place in the change feed.
    pub cursor: i64,
    #[serde(flatten)]
    pub key: Key,
    pub unit_id: Option<String>,
    pub revision: i64,
    pub values: Fields,
    /// It has open conflicts.
    pub conflicted: bool,
}

/// `GET /api/v1/sync/pull?cursor=&limit=`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullAnswer {
    pub instance_id: String,
    /// Pass this as the next `cursor`.
    pub cursor: i64,
    /// More records wait beyond this page.
    pub more: bool,
    pub records: Vec<Record>,
}

/// One open or resolved conflict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub id: String,
    #[serde(flatten)]
    pub key: Key,
    pub unit_id: Option<String>,
    pub field: String,
    pub base: Option<String>,
    /// The value the server kept.
    pub server: Option<String>,
    /// The value the device sent.
    pub client: Option<String>,
    pub op_id: String,
    pub device_id: String,
    /// Who sent the device's value (full name).
    pub sent_by: String,
    pub created_at: String,
    pub resolved_at: Option<String>,
    pub resolved_by: Option<String>,
    pub resolved_value: Option<String>,
}

/// `POST /api/v1/conflicts/{id}/resolve`: the value chosen (one of the two or a new one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resolution {
    pub value: Option<String>,
}

/// `POST /api/v1/locks`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockRequest {
    pub unit_id: String,
    pub period: Period,
    pub reason: String,
}

/// One line of the audit trail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    /// The user's login name.
    pub username: String,
    pub device_id: Option<String>,
    pub op_id: Option<String>,
    /// `sync`, `resolve`, `lock`, `unlock` or `edit`.
    pub action: String,
    pub entity: String,
    /// The record's key in canonical text form.
    pub key: String,
    pub unit_id: Option<String>,
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
    /// The id of the request that made the change (`x-request-id`, as in
    /// the server's log), when it came through the API.
    #[serde(default)]
    pub request_id: Option<String>,
}

/// `PUT /api/v1/evidence/{sha256}`: the stored file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceFile {
    pub sha256: String,
    pub media_type: String,
    pub size_bytes: i64,
    /// It was already held: nothing was stored again.
    pub existed: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn op(op_id: &str) -> serde_json::Value {
        json!({
            "op_id": op_id, "seq": 1,
            "entity": "realisation", "key": {"indicator_id": "i", "unit_id": "u", "period": "2026-03"},
            "base_revision": 0, "base": {"value": null}, "new": {"value": "12.5"},
            "client_time": "2026-11-24T08:00:00Z"
        })
    }

    const V7: &str = "019ab6a0-7f00-7000-8000-000000000001";
    const DEVICE: &str = "5f0c9c1e-8d1a-4c57-9c4b-3c3c2b1a0f00";

    #[test]
    fn a_push_reads_and_checks() {
        let push: Push =
            serde_json::from_value(json!({"protocol": 1, "device_id": DEVICE, "ops": [op(V7)]})).unwrap();
        assert_eq!(push.ops[0].key.entity(), "realisation");
        assert_eq!(push.ops[0].new.get("value"), Some(&Some("12.5".to_owned())));
        assert_eq!(push.check(), Ok(()));
        let again: Push = serde_json::from_str(&serde_json::to_string(&push).unwrap()).unwrap();
        assert_eq!(again, push);
    }

    #[test]
    fn a_bad_envelope_names_every_problem() {
        let v4 = "5f0c9c1e-8d1a-4c57-9c4b-3c3c2b1a0f01";
        let mut push: Push =
            serde_json::from_value(json!({"protocol": 2, "device_id": "phone", "ops": [op(v4), op(V7)]}))
                .unwrap();
        push.ops[1].seq = 0;
        let fields: Vec<String> = push.check().unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["protocol", "device_id", "ops[0].op_id", "ops[1].seq"]);
        let unknown = json!({"protocol": 1, "device_id": DEVICE, "ops": [], "extra": true});
        assert!(serde_json::from_value::<Push>(unknown).is_err());
        let mut entity = op(V7);
        entity["entity"] = json!("salary");
        assert!(serde_json::from_value::<Op>(entity).is_err());
        let mut typed = op(V7);
        typed["seq"] = json!("one");
        assert!(serde_json::from_value::<Op>(typed).is_err());
    }
}
