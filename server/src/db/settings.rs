//! Agency settings. The capaian policy is stored as JSON under `policy`; an
//! agency that never changed it gets the regulation's defaults.

use super::audit::{Edit, KeyValue};
use super::codec::WriteError;
use super::{Db, now_utc};
use kinerja_core::domain::policy::Policy;
use kinerja_core::domain::validate::Problem;
use sqlx::AnyConnection;

impl Db {
    pub async fn policy(&self) -> Result<Policy, sqlx::Error> {
        policy(&mut *self.pool.acquire().await?).await
    }

    pub async fn save_policy(&self, policy: &Policy, by: Option<&str>) -> Result<(), WriteError> {
        policy.validate().map_err(|_| WriteError::field("policy", Problem::Invalid))?;
        let text =
            serde_json::to_string(policy).map_err(|_| WriteError::field("policy", Problem::Invalid))?;
        let mut tx = self.begin_write().await?;
        let edit =
            Edit::before(&mut tx, "setting", "settings", vec![("key", KeyValue::Text("policy".into()))])
                .await?;
        let now = now_utc();
        sqlx::query(
            "INSERT INTO settings (key, value, updated_at) VALUES ('policy', $1, $2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )
        .bind(text)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        edit.record(&mut tx, by, &now).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The agency's capaian policy: the stored one, or the regulation's defaults.
pub(crate) async fn policy(conn: &mut AnyConnection) -> Result<Policy, sqlx::Error> {
    let text: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = 'policy'")
        .fetch_optional(&mut *conn)
        .await?;
    match text {
        None => Ok(Policy::default()),
        Some(text) => serde_json::from_str(&text).map_err(|e| sqlx::Error::Decode(Box::new(e))),
    }
}
