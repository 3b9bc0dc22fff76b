//! The rate limits' events in the database, for server instances that share
//! one PostgreSQL database: each instance counting alone would let N
//! instances allow N times the failed sign-ins. A key's events are counted
//! under an advisory lock of its own, so two instances never both let the
//! last allowed event through, and against the database's clock, which all
//! instances share. On SQLite one server owns the file and sees every
//! request, so `http::limit` keeps its counts in memory there.

use super::Db;
use std::time::Duration;

const NOW_MS: &str = "SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";

impl Db {
    /// Counts an event of `key` in `limiter` now, unless the key already
    /// has `max` events within `window`: then nothing is counted and the
    /// answer is `Err(wait)`, the time until its oldest event expires.
    pub async fn take_rate_event(
        &self,
        limiter: &str,
        key: &str,
        max: usize,
        window: Duration,
    ) -> Result<Result<(), Duration>, sqlx::Error> {
        let window_ms = i64::try_from(window.as_millis()).unwrap_or(i64::MAX);
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT FROM pg_advisory_xact_lock(hashtextextended($1, 0))")
            .bind(format!("{limiter}\n{key}"))
            .execute(&mut *tx)
            .await?;
        let now: i64 = sqlx::query_scalar(NOW_MS).fetch_one(&mut *tx).await?;
        sqlx::query("DELETE FROM rate_events WHERE limiter = $1 AND key = $2 AND at_ms <= $3")
            .bind(limiter)
            .bind(key)
            .bind(now.saturating_sub(window_ms))
            .execute(&mut *tx)
            .await?;
        let (held, oldest): (i64, Option<i64>) =
            sqlx::query_as("SELECT COUNT(*), MIN(at_ms) FROM rate_events WHERE limiter = $1 AND key = $2")
                .bind(limiter)
                .bind(key)
                .fetch_one(&mut *tx)
                .await?;
        if usize::try_from(held).unwrap_or(usize::MAX) >= max {
            tx.commit().await?;
            let left = oldest.unwrap_or(now).saturating_add(window_ms).saturating_sub(now).max(0);
            return Ok(Err(Duration::from_millis(left as u64)));
        }
        sqlx::query("INSERT INTO rate_events (limiter, key, at_ms) VALUES ($1, $2, $3)")
            .bind(limiter)
            .bind(key)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// Removes the latest event of `key` in `limiter` (the guarded work went well).
    pub async fn give_back_rate_event(&self, limiter: &str, key: &str) -> Result<(), sqlx::Error> {
        sqlx::query(
            "DELETE FROM rate_events WHERE id = (SELECT id FROM rate_events WHERE limiter = $1 AND key = $2 \
             ORDER BY at_ms DESC, id DESC LIMIT 1)",
        )
        .bind(limiter)
        .bind(key)
        .execute(&self.pool)
        .await
        .map(drop)
    }

    /// Forgets every event of `key` in `limiter`.
    pub async fn clear_rate_events(&self, limiter: &str, key: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM rate_events WHERE limiter = $1 AND key = $2")
            .bind(limiter)
            .bind(key)
            .execute(&self.pool)
            .await
            .map(drop)
    }

    /// Deletes the events older than `age` (longer than any window), so
    /// that keys nobody uses again take no room.
    pub async fn purge_rate_events(&self, age: Duration) -> Result<u64, sqlx::Error> {
        let age_ms = i64::try_from(age.as_millis()).unwrap_or(i64::MAX);
        let now: i64 = sqlx::query_scalar(NOW_MS).fetch_one(&self.pool).await?;
        let done = sqlx::query("DELETE FROM rate_events WHERE at_ms < $1")
            .bind(now.saturating_sub(age_ms))
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}
