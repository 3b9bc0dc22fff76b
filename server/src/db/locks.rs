//! Period locks: which unit's data of which period may no longer change,
//! since when, by whom and why. Locking and reopening are audited.

use super::audit::{AuditRow, Who, insert_audit};
use super::{Db, WriteError, now_utc};
use kinerja_core::api::sync::LockRequest;
use kinerja_core::domain::lock::{Lock, Opening};
use kinerja_core::domain::period::Period;
use kinerja_core::domain::validate::{Checker, NAME_MAX, Problem};
use sqlx::AnyConnection;

/// Every lock, with the locker's full name.
pub(crate) async fn all(conn: &mut AnyConnection) -> Result<Vec<Lock>, sqlx::Error> {
    let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT l.unit_id, l.period, l.locked_at, u.full_name, l.reason FROM period_locks l \
         JOIN users u ON u.id = l.locked_by ORDER BY l.unit_id, l.period",
    )
    .fetch_all(&mut *conn)
    .await?;
    let openings: Vec<(String, String)> =
        sqlx::query_as("SELECT unit_id, period FROM lock_openings ORDER BY unit_id, period")
            .fetch_all(&mut *conn)
            .await?;
    let openings = openings
        .into_iter()
        .map(|(unit_id, period)| Ok(Opening { unit_id, period: parse_period(&period)? }))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    rows.into_iter()
        .map(|(unit_id, period, locked_at, locked_by, reason)| {
            let period = parse_period(&period)?;
            let openings = openings
                .iter()
                .filter(|open| open.period.contains(period) || period.contains(open.period))
                .cloned()
                .collect();
            Ok(Lock { unit_id, period, locked_at, locked_by, reason, openings })
        })
        .collect()
}

fn parse_period(text: &str) -> Result<Period, sqlx::Error> {
    text.parse().map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// Locks a unit's period inside `tx`; locking it again changes nothing.
pub(crate) async fn insert(
    conn: &mut AnyConnection,
    request: &LockRequest,
    by: &str,
    now: &str,
) -> Result<(), WriteError> {
    let inserted = sqlx::query(
        "INSERT INTO period_locks (unit_id, period, reason, locked_at, locked_by) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (unit_id, period) DO NOTHING",
    )
    .bind(&request.unit_id)
    .bind(request.period.to_string())
    .bind(request.reason.trim())
    .bind(now)
    .bind(by)
    .execute(&mut *conn)
    .await
    .map_err(|e| match &e {
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
            WriteError::field("unit_id", Problem::UnknownReference)
        }
        _ => WriteError::Database(e),
    })?;
    if inserted.rows_affected() > 0 {
        insert_audit(conn, &[audit(request, by, "lock")], now).await?;
    }
    Ok(())
}

/// Reopens a unit's period inside `tx`; whether there was a lock to lift.
pub(crate) async fn delete(
    conn: &mut AnyConnection,
    request: &LockRequest,
    by: &str,
    now: &str,
) -> Result<bool, sqlx::Error> {
    let removed = sqlx::query("DELETE FROM period_locks WHERE unit_id = $1 AND period = $2")
        .bind(&request.unit_id)
        .bind(request.period.to_string())
        .execute(&mut *conn)
        .await?;
    if removed.rows_affected() > 0 {
        insert_audit(conn, &[audit(request, by, "unlock")], now).await?;
    }
    Ok(removed.rows_affected() > 0)
}

fn audit(request: &LockRequest, by: &str, action: &'static str) -> AuditRow {
    AuditRow {
        who: Who { user_id: by.to_owned(), device_id: None, op_id: None, action },
        entity: "period_lock",
        key: serde_json::json!({"unit_id": request.unit_id, "period": request.period}).to_string(),
        unit: Some(request.unit_id.clone()),
        field: "reason".into(),
        old: None,
        new: Some(request.reason.trim().to_owned()),
    }
}

impl Db {
    pub async fn locks(&self) -> Result<Vec<Lock>, sqlx::Error> {
        let mut conn = self.pool.acquire().await?;
        all(&mut conn).await
    }

    /// Locks a unit's period; locking it again changes nothing.
    pub async fn lock_period(&self, request: &LockRequest, by: &str) -> Result<(), WriteError> {
        let mut check = Checker::new();
        check.required("reason", &request.reason, NAME_MAX);
        check.finish()?;
        let mut tx = self.begin_write().await?;
        insert(&mut tx, request, by, &now_utc()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Reopens a unit's period.
    pub async fn unlock_period(&self, request: &LockRequest, by: &str) -> Result<(), WriteError> {
        let mut check = Checker::new();
        check.required("reason", &request.reason, NAME_MAX);
        check.finish()?;
        let mut tx = self.begin_write().await?;
        if !delete(&mut tx, request, by, &now_utc()).await? {
            return Err(WriteError::NotFound);
        }
        tx.commit().await?;
        Ok(())
    }
}
