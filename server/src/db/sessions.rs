//! The login session store for tower-sessions, in the `sessions` table. Our
//! own (rather than a store crate) so that all SQL stays here and so that a
//! user's sessions can be ended together — on a password change or when an
//! administrator deactivates the account.

use super::Db;
use async_trait::async_trait;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result, SessionStore};

/// The session key holding the signed-in user's id.
pub const USER_KEY: &str = "user_id";

fn backend(error: impl std::fmt::Display) -> Error {
    Error::Backend(error.to_string())
}

/// The stored form of a record's data, and the user it belongs to.
fn encode(record: &Record) -> Result<(String, Option<String>)> {
    let data = serde_json::to_string(&record.data).map_err(|e| Error::Encode(e.to_string()))?;
    let user = record.data.get(USER_KEY).and_then(|v| v.as_str()).map(str::to_owned);
    Ok((data, user))
}

#[async_trait]
impl SessionStore for Db {
    async fn create(&self, record: &mut Record) -> Result<()> {
        while self.write_session(record, "DO NOTHING").await? == 0 {
            record.id = Id::default();
        }
        Ok(())
    }

    async fn save(&self, record: &Record) -> Result<()> {
        let replace = "DO UPDATE SET user_id = excluded.user_id, data = excluded.data, expires_at = excluded.expires_at";
        self.write_session(record, replace).await.map(drop)
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT data, expires_at FROM sessions WHERE id = $1 AND expires_at > $2")
                .bind(id.to_string())
                .bind(super::stamp(OffsetDateTime::now_utc()))
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
        let Some((data, expires_at)) = row else {
            return Ok(None);
        };
        Ok(Some(Record {
            id: *id,
            data: serde_json::from_str(&data).map_err(|e| Error::Decode(e.to_string()))?,
            expiry_date: OffsetDateTime::parse(&expires_at, &Rfc3339)
                .map_err(|e| Error::Decode(e.to_string()))?,
        }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        let mut tx = self.begin_write().await.map_err(backend)?;
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id.to_string())
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        tx.commit().await.map_err(backend)
    }
}

impl Db {
    /// Inserts a session row; `on_conflict` says what an existing id does.
    /// Returns how many rows were written.
    async fn write_session(&self, record: &Record, on_conflict: &str) -> Result<u64> {
        let (data, user) = encode(record)?;
        let sql = format!(
            "INSERT INTO sessions (id, user_id, data, expires_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) {on_conflict}"
        );
        let mut tx = self.begin_write().await.map_err(backend)?;
        let done = sqlx::query(&sql)
            .bind(record.id.to_string())
            .bind(user)
            .bind(data)
            .bind(super::stamp(record.expiry_date))
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        Ok(done.rows_affected())
    }

    /// Removes expired sessions; returns how many.
    pub async fn purge_expired_sessions(&self) -> std::result::Result<u64, sqlx::Error> {
        let now = super::now_utc();
        let mut tx = self.begin_write().await?;
        let done =
            sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }
}
