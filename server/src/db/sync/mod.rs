//! The server side of the sync protocol (`docs/sync-protocol.md`): a push
//! is one write transaction (`BEGIN IMMEDIATE`, so pushes from many devices
//! queue instead of failing) in which every op is decided by the domain
//! (`Context::decide`) against the records as they stand, and the records,
//! the op log with each answer, the audit trail and any conflicts are
//! written together — so an interrupted push leaves nothing behind, and a
//! retried one gets the stored answers and changes nothing.

mod feed;
mod log;
mod records;

use records::load as load_records;
pub(crate) use records::{Stored, overwrite};

use super::audit::{AuditRow, Who};
use super::reference::Reference;
use super::{Db, now_utc};
use kinerja_core::api::FieldProblem;
use kinerja_core::api::sync::{Op, OpAnswer, Push, PushAnswer};
use kinerja_core::domain::lock::Lock;
use kinerja_core::domain::merge::{Fields, Outcome};
use kinerja_core::domain::org::Actor;
use kinerja_core::domain::sync::{Change, Context, Current, Decision, Key, Refusal, in_device_order};
use log::ConflictRow;
use sqlx::AnyConnection;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

/// What a decision needs besides the record: the cached reference data,
/// and the locks and held files read inside the write transaction.
pub(crate) struct World {
    pub reference: Arc<Reference>,
    pub locks: Vec<Lock>,
    pub blobs: HashSet<String>,
}

impl World {
    pub fn context<'a>(&'a self, actor: &'a Actor) -> Context<'a> {
        Context {
            actor,
            tree: &self.reference.tree,
            indicators: &self.reference.indicators,
            program_units: &self.reference.programs,
            locks: &self.locks,
            blobs: &self.blobs,
        }
    }
}

impl Db {
    /// Loads the world for `actor`'s keys about to be decided, inside `conn`'s transaction.
    pub(crate) async fn world(
        &self,
        conn: &mut AnyConnection,
        actor: &Actor,
        keys: &[&Key],
    ) -> Result<World, sqlx::Error> {
        let hashes: Vec<&str> = keys
            .iter()
            .filter_map(|key| match key {
                Key::Evidence { sha256, .. } => Some(sha256.as_str()),
                _ => None,
            })
            .collect();
        let reference = self.reference(&mut *conn).await?;
        let blobs = super::evidence::usable(&mut *conn, &hashes, actor, &reference.tree).await?;
        Ok(World { reference, locks: super::locks::all(&mut *conn).await?, blobs })
    }
}

/// The changes of one transaction, gathered in memory and written at once.
pub(crate) struct Batch {
    records: HashMap<String, Stored>,
    dirty: BTreeSet<String>,
    audit: Vec<AuditRow>,
    conflicts: Vec<ConflictRow>,
}

impl Batch {
    /// Starts a batch over the stored records of `keys`.
    pub async fn load(conn: &mut AnyConnection, keys: &[&Key]) -> Result<Batch, sqlx::Error> {
        let records = load_records(conn, keys).await?;
        Ok(Batch { records, dirty: BTreeSet::new(), audit: Vec::new(), conflicts: Vec::new() })
    }

    /// The record of `key` as it stands in this batch.
    pub fn record(&mut self, key: &Key) -> &Stored {
        entry(&mut self.records, key, &key.text())
    }

    /// Decides a change of `key` and, if accepted, applies it to the batch.
    pub fn decide(
        &mut self,
        context: &Context<'_>,
        change: Change<'_>,
        who: &Who,
    ) -> Result<Applied, Refusal> {
        let text = change.key.text();
        let record = entry(&mut self.records, change.key, &text);
        let current = Current { fields: record.fields.clone(), revision: record.revision };
        let decision = context.decide(change, &current)?;
        Ok(self.apply(change.key, &text, decision, who))
    }

    fn apply(&mut self, key: &Key, text: &str, decision: Decision, who: &Who) -> Applied {
        let record = entry(&mut self.records, key, text);
        let Decision { unit, merge, state } = decision;
        if !merge.writes.is_empty() {
            record.revision += 1;
            for (field, new) in &merge.writes {
                self.audit.push(AuditRow {
                    who: who.clone(),
                    entity: key.entity(),
                    key: text.to_owned(),
                    unit: unit.clone(),
                    field: field.clone(),
                    old: record.fields.get(field).cloned().flatten(),
                    new: new.clone(),
                });
            }
            record.fields = state;
        }
        let mut conflict_ids = Vec::new();
        for conflict in merge.conflicts {
            let id = format!("{}.{}", who.op_id.as_deref().unwrap_or_default(), conflict.field);
            conflict_ids.push(id.clone());
            self.conflicts.push(ConflictRow {
                id,
                key: key.clone(),
                unit: unit.clone(),
                conflict,
                who: who.clone(),
            });
        }
        if !merge.writes.is_empty() || !conflict_ids.is_empty() {
            record.unit = unit;
            record.conflicted |= !conflict_ids.is_empty();
            self.dirty.insert(text.to_owned());
        }
        Applied {
            outcome: merge.outcome,
            revision: record.revision,
            state: record.fields.clone(),
            conflict_ids,
        }
    }

    /// Adds an audit entry that no field change produced (a resolution keeping the value).
    pub fn note(&mut self, row: AuditRow) {
        self.audit.push(row);
    }

    /// Marks whether `key` still has open conflicts.
    pub fn set_conflicted(&mut self, key: &Key, conflicted: bool) {
        let text = key.text();
        let record = entry(&mut self.records, key, &text);
        if record.conflicted != conflicted {
            record.conflicted = conflicted;
            self.dirty.insert(text);
        }
    }

    /// Writes the changed records, the audit trail and the conflicts.
    pub async fn write(self, conn: &mut AnyConnection, now: &str, by: &str) -> Result<(), sqlx::Error> {
        let changed: Vec<&Stored> = self.dirty.iter().filter_map(|text| self.records.get(text)).collect();
        let after = records::last_cursor(&mut *conn).await?;
        records::store(&mut *conn, &changed, after, now, Some(by)).await?;
        super::audit::insert_audit(&mut *conn, &self.audit, now).await?;
        log::insert_conflicts(&mut *conn, &self.conflicts, now).await
    }
}

/// The record of `key` (whose text is `text`) among `records`; a new one if none is held.
fn entry<'a>(records: &'a mut HashMap<String, Stored>, key: &Key, text: &str) -> &'a mut Stored {
    records.entry(text.to_owned()).or_insert_with(|| Stored::new(key.clone(), text.to_owned()))
}

/// An accepted change: how it went and the record after it.
pub(crate) struct Applied {
    pub outcome: Outcome,
    pub revision: i64,
    pub state: Fields,
    pub conflict_ids: Vec<String>,
}

fn accepted(op: &Op, order: i64, applied: Applied) -> OpAnswer {
    let message = match applied.outcome {
        Outcome::Applied => "applied as sent".to_owned(),
        Outcome::Merged => "merged with changes made elsewhere since your copy".to_owned(),
        _ => format!(
            "{} field(s) were changed differently elsewhere; the server kept its values until someone resolves them",
            applied.conflict_ids.len()
        ),
    };
    OpAnswer {
        op_id: op.op_id.clone(),
        outcome: applied.outcome,
        code: applied.outcome.as_str().to_owned(),
        message,
        order,
        revision: applied.revision,
        state: applied.state,
        fields: Vec::new(),
        conflicts: applied.conflict_ids,
        lock: None,
    }
}

fn refused(op: &Op, order: i64, revision: i64, refusal: Refusal) -> OpAnswer {
    OpAnswer {
        op_id: op.op_id.clone(),
        outcome: Outcome::Rejected,
        code: refusal.code().to_owned(),
        message: refusal.message(),
        order,
        revision,
        state: Default::default(),
        fields: refusal.fields().iter().map(FieldProblem::from).collect(),
        conflicts: Vec::new(),
        lock: match refusal {
            Refusal::PeriodLocked(lock) => Some(*lock),
            _ => None,
        },
    }
}

/// The revision a refusal tells the sender: none for a record the sender
/// may not change (or one naming what the sender may not name), so that a
/// refusal says nothing of records outside its scope.
fn visible_revision(batch: &mut Batch, key: &Key, refusal: &Refusal) -> i64 {
    match refusal {
        Refusal::Forbidden | Refusal::UnknownReference(_) => 0,
        _ => batch.record(key).revision,
    }
}

impl Db {
    /// The stored revision and fields of each of `keys` that has a record, by key text.
    pub async fn stored_records(&self, keys: &[&Key]) -> Result<HashMap<String, (i64, Fields)>, sqlx::Error> {
        let mut conn = self.pool.acquire().await?;
        let held = load_records(&mut conn, keys).await?;
        Ok(held.into_iter().map(|(text, stored)| (text, (stored.revision, stored.fields))).collect())
    }

    /// Applies a device's push (already checked by `Push::check`) for `actor`.
    pub async fn push(&self, actor: &Actor, push: &Push) -> Result<PushAnswer, sqlx::Error> {
        let mut tx = self.begin_write().await?;
        let op_ids: Vec<&str> = push.ops.iter().map(|op| op.op_id.as_str()).collect();
        let mut known = log::answers(&mut tx, &op_ids).await?;
        let keys: Vec<&Key> =
            push.ops.iter().filter(|op| !known.contains_key(&op.op_id)).map(|op| &op.key).collect();
        let world = self.world(&mut tx, actor, &keys).await?;
        let context = world.context(actor);
        let mut batch = Batch::load(&mut tx, &keys).await?;
        let mut last_seq = log::device_seq(&mut tx, &push.device_id, &actor.user_id).await?;
        let mut order = log::last_order(&mut tx).await?;
        let mut answers = Vec::with_capacity(push.ops.len());
        let mut new_ops = Vec::new();
        for op in &push.ops {
            if let Some((answer, sender)) = known.get(&op.op_id) {
                // A retry gets its answer again; another user's op id gets nothing of it.
                let again = if sender == &actor.user_id {
                    answer.clone()
                } else {
                    refused(op, 0, 0, Refusal::OpIdTaken)
                };
                answers.push(again);
                continue;
            }
            order += 1;
            let who = Who {
                user_id: actor.user_id.clone(),
                device_id: Some(push.device_id.clone()),
                op_id: Some(op.op_id.clone()),
                action: "sync",
            };
            let change =
                Change { key: &op.key, base_revision: op.base_revision, base: &op.base, new: &op.new };
            let decided = if in_device_order(op.seq, last_seq) {
                batch.decide(&context, change, &who)
            } else {
                Err(Refusal::OutOfOrder)
            };
            let answer = match decided {
                Ok(applied) => accepted(op, order, applied),
                Err(refusal) => refused(op, order, visible_revision(&mut batch, &op.key, &refusal), refusal),
            };
            last_seq = Some(last_seq.map_or(op.seq, |last| last.max(op.seq)));
            known.insert(op.op_id.clone(), (answer.clone(), actor.user_id.clone()));
            answers.push(answer.clone());
            new_ops.push((op, answer));
        }
        if !new_ops.is_empty() {
            let now = now_utc();
            batch.write(&mut tx, &now, &actor.user_id).await?;
            log::insert_ops(&mut tx, &new_ops, &push.device_id, &actor.user_id, &now).await?;
            if let Some(last) = last_seq {
                log::save_device(&mut tx, &push.device_id, &actor.user_id, last, &now).await?;
            }
        }
        tx.commit().await?;
        Ok(PushAnswer { instance_id: self.instance_id.clone(), answers })
    }
}
