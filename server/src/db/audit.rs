//! The audit trail, written and read: every applied field change (who,
//! device, op, when, old → new), every conflict resolution, lock and unlock,
//! and every edit of master data, accounts and settings. `Edit` records an
//! edit of any table row generically: the row is read before and after the
//! write, inside the same transaction, and each changed column is a row of
//! the trail.

use super::Db;
use super::UnitScope;
use super::batch::insert_many;
use crate::db::sql::Sql;
use kinerja_core::api::sync::AuditEntry;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Column, Row, TypeInfo, ValueRef};
use std::collections::BTreeMap;

/// Who made a change, through which device and op, and how.
#[derive(Clone, Debug)]
pub(crate) struct Who {
    pub user_id: String,
    pub device_id: Option<String>,
    pub op_id: Option<String>,
    /// `sync`, `resolve`, `lock`, `unlock` or `edit`.
    pub action: &'static str,
}

/// One changed field, for the audit trail.
#[derive(Clone, Debug)]
pub(crate) struct AuditRow {
    pub who: Who,
    pub entity: &'static str,
    pub key: String,
    pub unit: Option<String>,
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

impl AuditRow {
    /// One `edit` entry that no row comparison produced: a workflow step
    /// (a cycle action, a report version, a disposition), by `by`, on the
    /// record of `entity` whose key is `key`, setting `field` to `new`.
    pub fn event(
        by: &str,
        entity: &'static str,
        key: serde_json::Value,
        field: &str,
        new: String,
    ) -> AuditRow {
        AuditRow {
            who: Who { user_id: by.to_owned(), device_id: None, op_id: None, action: "edit" },
            entity,
            key: key.to_string(),
            unit: None,
            field: field.to_owned(),
            old: None,
            new: Some(new),
        }
    }
}

tokio::task_local! {
    /// The id of the request being answered (`x-request-id`), for the audit
    /// rows it writes: set around each request by the HTTP layer.
    static REQUEST_ID: String;
}

/// Runs `work` (a request's handling) with `request_id` as the id its audit
/// rows carry.
pub async fn with_request_id<F: std::future::Future>(request_id: String, work: F) -> F::Output {
    REQUEST_ID.scope(request_id, work).await
}

pub(crate) async fn insert_audit(
    conn: &mut AnyConnection,
    rows: &[AuditRow],
    now: &str,
) -> Result<(), sqlx::Error> {
    let request_id = REQUEST_ID.try_with(Clone::clone).ok();
    insert_many(
        conn,
        "INSERT INTO audit_log (at, user_id, device_id, op_id, action, entity, record_key, unit_id, field, old_value, \
         new_value, request_id) ",
        "",
        12,
        rows,
        |row, audit| {
            row.push_bind(now)
                .push_bind(audit.who.user_id.as_str())
                .push_bind(audit.who.device_id.as_deref())
                .push_bind(audit.who.op_id.as_deref())
                .push_bind(audit.who.action)
                .push_bind(audit.entity)
                .push_bind(audit.key.as_str())
                .push_bind(audit.unit.as_deref())
                .push_bind(audit.field.as_str())
                .push_bind(audit.old.as_deref())
                .push_bind(audit.new.as_deref())
                .push_bind(request_id.clone());
        },
    )
    .await
}

/// A key column's value.
#[derive(Clone, Debug)]
pub(crate) enum KeyValue {
    Text(String),
    Int(i64),
}

/// Columns an edit never reports: bookkeeping, and secrets.
const UNREPORTED: [&str; 4] = ["created_at", "updated_at", "updated_by", "password_hash"];

/// A row's columns as text (`None`: NULL), as the audit shows values.
type Columns = BTreeMap<String, Option<String>>;

/// An edit of one row of a table, by a user: made with the row as it was
/// before the write, finished with the row after it (same transaction).
pub(crate) struct Edit {
    entity: &'static str,
    table: &'static str,
    key: Vec<(&'static str, KeyValue)>,
    before: Option<Columns>,
}

impl Edit {
    /// Reads the row of `table` whose `key` columns have these values.
    pub async fn before(
        conn: &mut AnyConnection,
        entity: &'static str,
        table: &'static str,
        key: Vec<(&'static str, KeyValue)>,
    ) -> Result<Edit, sqlx::Error> {
        let before = read_row(conn, table, &key).await?;
        Ok(Edit { entity, table, key, before })
    }

    /// Reads the row again and writes one `edit` row per changed column,
    /// by `by` (`None`: the demo seed or the first start, which no user
    /// made; nothing is written). Master data belongs to the agency as a
    /// whole, so its entries carry no unit: agency-wide roles read them.
    pub async fn record(
        self,
        conn: &mut AnyConnection,
        by: Option<&str>,
        now: &str,
    ) -> Result<(), sqlx::Error> {
        let Some(by) = by else { return Ok(()) };
        let after = read_row(conn, self.table, &self.key).await?;
        let key: serde_json::Map<String, serde_json::Value> = self
            .key
            .iter()
            .map(|(column, value)| {
                let value = match value {
                    KeyValue::Text(text) => serde_json::Value::from(text.as_str()),
                    KeyValue::Int(number) => serde_json::Value::from(*number),
                };
                ((*column).to_owned(), value)
            })
            .collect();
        let key = serde_json::Value::Object(key).to_string();
        let who = Who { user_id: by.to_owned(), device_id: None, op_id: None, action: "edit" };
        let rows: Vec<AuditRow> = changes(self.before.as_ref(), after.as_ref())
            .into_iter()
            .map(|(field, old, new)| AuditRow {
                who: who.clone(),
                entity: self.entity,
                key: key.clone(),
                unit: None,
                field,
                old,
                new,
            })
            .collect();
        insert_audit(conn, &rows, now).await
    }
}

/// The reported columns whose values differ between `before` and `after`
/// (either may be missing: a row created or deleted), in column order.
fn changes(
    before: Option<&Columns>,
    after: Option<&Columns>,
) -> Vec<(String, Option<String>, Option<String>)> {
    let empty = Columns::new();
    let (before, after) = (before.unwrap_or(&empty), after.unwrap_or(&empty));
    let mut columns: Vec<&String> = before.keys().chain(after.keys()).collect();
    columns.sort();
    columns.dedup();
    columns
        .into_iter()
        .filter(|column| !UNREPORTED.contains(&column.as_str()))
        .filter_map(|column| {
            let old = before.get(column).cloned().flatten();
            let new = after.get(column).cloned().flatten();
            (old != new).then(|| (column.clone(), old, new))
        })
        .collect()
}

async fn read_row(
    conn: &mut AnyConnection,
    table: &'static str,
    key: &[(&'static str, KeyValue)],
) -> Result<Option<Columns>, sqlx::Error> {
    let mut query = Sql::new(format!("SELECT * FROM {table} WHERE 1 = 1"));
    for (column, value) in key {
        query.push(format!(" AND {column} = "));
        match value {
            KeyValue::Text(text) => query.push_bind(text.clone()),
            KeyValue::Int(number) => query.push_bind(*number),
        };
    }
    let row = query.build()?.fetch_optional(conn).await?;
    row.as_ref().map(columns).transpose()
}

/// Every column of `row` as text.
fn columns(row: &AnyRow) -> Result<Columns, sqlx::Error> {
    let mut all = Columns::new();
    for (index, column) in row.columns().iter().enumerate() {
        let raw = row.try_get_raw(index)?;
        let text = if raw.is_null() {
            None
        } else {
            Some(match raw.type_info().name() {
                "SMALLINT" | "INTEGER" | "BIGINT" => row.try_get::<i64, _>(index)?.to_string(),
                "BOOLEAN" => i64::from(row.try_get::<bool, _>(index)?).to_string(),
                "REAL" | "DOUBLE" => row.try_get::<f64, _>(index)?.to_string(),
                "BLOB" => format!("({} bytes)", row.try_get::<Vec<u8>, _>(index)?.len()),
                _ => row.try_get::<String, _>(index)?,
            })
        };
        all.insert(column.name().to_owned(), text);
    }
    Ok(all)
}

/// Which entries to read.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    pub entity: Option<String>,
    /// A record's key in canonical text form.
    pub key: Option<String>,
    /// Entries about this unit.
    pub unit: Option<String>,
    /// Entries by the user of this login name.
    pub username: Option<String>,
    /// Entries at or after this stamp, and before that one.
    pub since: Option<String>,
    pub until: Option<String>,
    /// Entries after this id (for paging).
    pub after: i64,
    pub limit: i64,
    /// The newest `limit` entries, newest first, instead of oldest first.
    pub newest: bool,
}

impl Db {
    /// Audit entries in `scope` matching `filter`, oldest first (or newest first).
    pub async fn audit(
        &self,
        scope: &UnitScope,
        filter: &AuditFilter,
    ) -> Result<Vec<AuditEntry>, sqlx::Error> {
        let mut query = Sql::new(
            "SELECT a.id, a.at, u.username, a.device_id, a.op_id, a.action, a.entity, a.record_key, a.unit_id, \
             a.field, a.old_value, a.new_value, a.request_id FROM audit_log a JOIN users u ON u.id = a.user_id \
             WHERE a.id > ",
        );
        query.push_bind(filter.after);
        if let Some(entity) = &filter.entity {
            query.push(" AND a.entity = ").push_bind(entity.as_str());
        }
        if let Some(key) = &filter.key {
            query.push(" AND a.record_key = ").push_bind(key.as_str());
        }
        if let Some(unit) = &filter.unit {
            query.push(" AND a.unit_id = ").push_bind(unit.as_str());
        }
        if let Some(username) = &filter.username {
            query.push(" AND u.username = ").push_bind(username.as_str());
        }
        if let Some(since) = &filter.since {
            query.push(" AND a.at >= ").push_bind(since.as_str());
        }
        if let Some(until) = &filter.until {
            query.push(" AND a.at < ").push_bind(until.as_str());
        }
        scope.restrict(&mut query, "a.unit_id");
        query.push(if filter.newest { " ORDER BY a.id DESC LIMIT " } else { " ORDER BY a.id LIMIT " });
        query.push_bind(filter.limit);
        query
            .build()?
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
                    request_id: row.try_get(12)?,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(pairs: &[(&str, Option<&str>)]) -> Columns {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), v.map(str::to_owned))).collect()
    }

    #[test]
    fn an_edit_reports_each_changed_column_and_never_bookkeeping_or_secrets() {
        let before = row(&[
            ("name", Some("Seksi A")),
            ("active", Some("1")),
            ("updated_at", Some("t1")),
            ("password_hash", Some("h1")),
        ]);
        let after = row(&[
            ("name", Some("Seksi B")),
            ("active", Some("1")),
            ("updated_at", Some("t2")),
            ("password_hash", Some("h2")),
        ]);
        assert_eq!(
            changes(Some(&before), Some(&after)),
            vec![("name".to_owned(), Some("Seksi A".to_owned()), Some("Seksi B".to_owned()))]
        );
        let created = changes(None, Some(&after));
        assert_eq!(created.iter().map(|(c, _, _)| c.as_str()).collect::<Vec<_>>(), ["active", "name"]);
        assert!(created.iter().all(|(_, old, _)| old.is_none()));
        assert!(changes(Some(&before), Some(&before)).is_empty(), "an unchanged row writes nothing");
        let cleared = changes(Some(&row(&[("nip", Some("1"))])), Some(&row(&[("nip", None)])));
        assert_eq!(cleared, vec![("nip".to_owned(), Some("1".to_owned()), None)]);
    }
}
