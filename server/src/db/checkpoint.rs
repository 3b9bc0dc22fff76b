//! WAL checkpoints off the write path. SQLite copies the write-ahead log
//! back into the database file (and syncs it) in a checkpoint; left to the
//! default, the connection whose commit crosses 1,000 log pages does it
//! then and there, and the push that happens to commit waits about 15 ms
//! for it — one push in seven under load. Instead a background task runs
//! passive checkpoints on a reading connection, which go on beside the
//! writer, so when the writer's own (much rarer) checkpoint comes due there
//! is almost nothing left for it to copy, and the log then starts over.

use sqlx::AnyPool;
use std::time::Duration;

/// Log pages after which the writer checkpoints itself: the backstop that
/// bounds the log (about 64 MB). Under a steady stream of pushes the log
/// cannot start over by itself — a push is always under way when a
/// background checkpoint ends — so this is when it does; by then the
/// background task has copied all but the last few pages.
pub(super) const WRITER_AUTOCHECKPOINT: u32 = 16_000;

/// How often the background task checkpoints; idle rounds are a read of
/// the log's header.
const EVERY: Duration = Duration::from_millis(200);

/// Runs passive checkpoints on `pool` until it is closed.
pub(super) fn spawn(pool: AnyPool) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(EVERY);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        while !pool.is_closed() {
            ticks.tick().await;
            if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(&pool).await
                && !pool.is_closed()
            {
                tracing::warn!(%error, "background checkpoint failed; the writer will checkpoint instead");
            }
        }
    });
}
