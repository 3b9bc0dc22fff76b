//! Conflicts a push opened, listed by scope, and their resolution: the
//! chosen value is applied as a change against the record as it stands
//! (the same decision as a device's op, so scope, locks and field rules
//! hold), every open conflict of that field is closed, and it is audited.

use super::UnitScope;
use super::audit::{AuditRow, Who};
use super::codec::from_json;
use super::sync::Batch;
use super::{Db, now_utc};
use crate::db::sql::Sql;
use kinerja_core::api::sync::Conflict;
use kinerja_core::domain::merge::Fields;
use kinerja_core::domain::org::Actor;
use kinerja_core::domain::sync::{Change, Key, Refusal};
use sqlx::Row;

/// Why a resolution did not happen; nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error("no such open conflict")]
    NotFound,
    #[error("refused: {}", .0.code())]
    Refused(Refusal),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

const COLUMNS: &str = "c.id, c.record_key, c.unit_id, c.field, c.base_value, c.server_value, c.client_value, \
     c.op_id, c.device_id, u.full_name, c.created_at, c.resolved_at, r.full_name, c.resolved_value";

impl Db {
    /// Conflicts in `scope`, newest first; only open ones unless `all`.
    pub async fn conflicts(&self, scope: &UnitScope, all: bool) -> Result<Vec<Conflict>, sqlx::Error> {
        let mut query = Sql::new(format!(
            "SELECT {COLUMNS} FROM conflicts c JOIN users u ON u.id = c.user_id \
             LEFT JOIN users r ON r.id = c.resolved_by WHERE 1 = 1"
        ));
        if !all {
            query.push(" AND c.resolved_at IS NULL");
        }
        scope.restrict(&mut query, "c.unit_id");
        query.push(" ORDER BY c.created_at DESC, c.id LIMIT 1000");
        query
            .build()?
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| {
                Ok(Conflict {
                    id: row.try_get(0)?,
                    key: from_json(row.try_get(1)?)?,
                    unit_id: row.try_get(2)?,
                    field: row.try_get(3)?,
                    base: row.try_get(4)?,
                    server: row.try_get(5)?,
                    client: row.try_get(6)?,
                    op_id: row.try_get(7)?,
                    device_id: row.try_get(8)?,
                    sent_by: row.try_get(9)?,
                    created_at: row.try_get(10)?,
                    resolved_at: row.try_get(11)?,
                    resolved_by: row.try_get(12)?,
                    resolved_value: row.try_get(13)?,
                })
            })
            .collect()
    }

    /// How many conflicts wait for a person, in every unit.
    pub async fn open_conflict_count(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT COUNT(*) FROM conflicts WHERE resolved_at IS NULL")
            .fetch_one(&self.pool)
            .await
    }

    /// Resolves the open conflict `id` with `value` for `actor`.
    pub async fn resolve_conflict(
        &self,
        actor: &Actor,
        id: &str,
        value: Option<String>,
    ) -> Result<(), ResolveError> {
        let mut tx = self.begin_write().await?;
        let found: Option<(String, String)> =
            sqlx::query_as("SELECT record_key, field FROM conflicts WHERE id = $1 AND resolved_at IS NULL")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let (record_key, field) = found.ok_or(ResolveError::NotFound)?;
        let key: Key = from_json(&record_key)?;
        let world = self.world(&mut tx, actor, &[&key]).await?;
        let mut batch = Batch::load(&mut tx, &[&key]).await?;
        let record = batch.record(&key);
        let old = record.fields.get(&field).cloned().flatten();
        let revision = record.revision;
        let unit = record.unit.clone();
        let base = Fields::from([(field.clone(), old.clone())]);
        let new = Fields::from([(field.clone(), value)]);
        let who = Who { user_id: actor.user_id.clone(), device_id: None, op_id: None, action: "resolve" };
        let change = Change { key: &key, base_revision: revision, base: &base, new: &new };
        let applied = batch.decide(&world.context(actor), change, &who).map_err(ResolveError::Refused)?;
        if applied.revision == revision {
            batch.note(AuditRow {
                who,
                entity: key.entity(),
                key: record_key.clone(),
                unit,
                field: field.clone(),
                old: old.clone(),
                new: old,
            });
        }
        let now = now_utc();
        let chosen = applied.state.get(&field).cloned().flatten();
        sqlx::query(
            "UPDATE conflicts SET resolved_at = $1, resolved_by = $2, resolved_value = $3 \
             WHERE entity = $4 AND record_key = $5 AND field = $6 AND resolved_at IS NULL",
        )
        .bind(&now)
        .bind(&actor.user_id)
        .bind(chosen)
        .bind(key.entity())
        .bind(&record_key)
        .bind(&field)
        .execute(&mut *tx)
        .await?;
        let open: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM conflicts WHERE entity = $1 AND record_key = $2 AND resolved_at IS NULL",
        )
        .bind(key.entity())
        .bind(&record_key)
        .fetch_one(&mut *tx)
        .await?;
        batch.set_conflicted(&key, open > 0);
        batch.write(&mut tx, &now, &actor.user_id).await?;
        tx.commit().await?;
        Ok(())
    }
}
