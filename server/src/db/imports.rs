//! Realisations and spending imported from a workbook, decided row by row
//! exactly as a device's sync ops are (`Batch::decide`: scope, references,
//! period locks, field checks, the three-way merge against the values the
//! workbook was made from), in one write transaction: if any row is
//! refused nothing is kept and every refusal is answered; a preview decides
//! everything and keeps nothing. Accepted rows are audited as an `edit`
//! whose op id names the import and the row (`import-<id>.<n>`), and a
//! field changed differently elsewhere since the workbook was made becomes
//! a conflict, as for a device.

use super::audit::Who;
use super::sync::Batch;
use super::{Db, now_utc};
use kinerja_core::domain::merge::{Fields, Outcome};
use kinerja_core::domain::org::Actor;
use kinerja_core::domain::sync::{Change, Key, Refusal};

/// One row of an import as a change of a synced record.
#[derive(Clone, Debug)]
pub struct ImportOp {
    pub key: Key,
    /// The record's revision and values when the workbook was made (0 and
    /// the empty record for a row typed without them).
    pub base_revision: i64,
    pub base: Fields,
    pub new: Fields,
}

/// How the rows of an accepted import went.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub applied: usize,
    pub merged: usize,
    pub conflicts: usize,
}

/// The decision on a whole import: how it went, or each refused row (by
/// its index in the ops) with why.
pub type Decided = Result<Tally, Vec<(usize, Refusal)>>;

impl Db {
    /// Decides `ops` for `actor`; keeps them only if `commit` and none is refused.
    /// `import_id` names the import in the conflicts it leaves.
    pub async fn import_records(
        &self,
        actor: &Actor,
        ops: &[ImportOp],
        import_id: &str,
        commit: bool,
    ) -> Result<Decided, sqlx::Error> {
        let keys: Vec<&Key> = ops.iter().map(|op| &op.key).collect();
        let mut tx = self.begin_write().await?;
        let world = self.world(&mut tx, actor, &keys).await?;
        let context = world.context(actor);
        let mut batch = Batch::load(&mut tx, &keys).await?;
        let mut tally = Tally::default();
        let mut refused = Vec::new();
        for (index, op) in ops.iter().enumerate() {
            let who = Who {
                user_id: actor.user_id.clone(),
                device_id: None,
                op_id: Some(format!("{import_id}.{}", index + 1)),
                action: "edit",
            };
            let change =
                Change { key: &op.key, base_revision: op.base_revision, base: &op.base, new: &op.new };
            match batch.decide(&context, change, &who) {
                Ok(applied) => match applied.outcome {
                    Outcome::Applied => tally.applied += 1,
                    Outcome::Merged => tally.merged += 1,
                    Outcome::Conflict | Outcome::Rejected => tally.conflicts += 1,
                },
                Err(refusal) => refused.push((index, refusal)),
            }
        }
        if !refused.is_empty() {
            return Ok(Err(refused));
        }
        if commit {
            batch.write(&mut tx, &now_utc(), &actor.user_id).await?;
            tx.commit().await?;
        }
        Ok(Ok(tally))
    }
}
