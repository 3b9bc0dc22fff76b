//! Reading the audit trail: every applied field change (who, device, op,
//! when, old → new), every conflict resolution and every lock and unlock.

use super::Db;
use super::sync::PullScope;
use kinerja_app::api::sync::AuditEntry;
use sqlx::{QueryBuilder, Row, Sqlite};

/// Which entries to read.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    pub entity: Option<String>,
    /// A record's key in canonical text form.
    pub key: Option<String>,
    /// Entries after this id (for paging).
    pub after: i64,
    pub limit: i64,
}

impl Db {
    /// Audit entries in `scope` matching `filter`, oldest first.
    pub async fn audit(
        &self,
        scope: &PullScope,
        filter: &AuditFilter,
    ) -> Result<Vec<AuditEntry>, sqlx::Error> {
        let mut query = QueryBuilder::<Sqlite>::new(
            "SELECT a.id, a.at, u.username, a.device_id, a.op_id, a.action, a.entity, a.record_key, a.unit_id, \
             a.field, a.old_value, a.new_value FROM audit_log a JOIN users u ON u.id = a.user_id WHERE a.id > ",
        );
        query.push_bind(filter.after);
        if let Some(entity) = &filter.entity {
            query.push(" AND a.entity = ").push_bind(entity.as_str());
        }
        if let Some(key) = &filter.key {
            query.push(" AND a.record_key = ").push_bind(key.as_str());
        }
        scope.restrict(&mut query, "a.unit_id");
        query.push(" ORDER BY a.id LIMIT ").push_bind(filter.limit);
        query
            .build()
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| {
                Ok(AuditEntry {
                    id: row.try_get(0)?,
                    at: row.try_get(1)?,
                    username: row.try_get(2)?,
                    device_id: row.try_get(3)?,
                    op_id: row.try_get(4)?,
                    action: row.try_get(5)?,
                    entity: row.try_get(6)?,
                    key: row.try_get(7)?,
                    unit_id: row.try_get(8)?,
                    field: row.try_get(9)?,
                    old: row.try_get(10)?,
                    new: row.try_get(11)?,
                })
            })
            .collect()
    }
}
