//! Checkpoints run beside the writer: what a write transaction commits
//! reaches the database file itself shortly afterwards, copied from the
//! write-ahead log by the background task — not when the writer's own
//! (rare) checkpoint comes due, which would stall the push committing then.

use sqlx::Connection;
use std::path::Path;
use std::time::{Duration, Instant};

/// Realisations in the main database file alone, without its write-ahead
/// log (none while even the tables are only in the log).
async fn realisations_in_file_alone(data_dir: &Path) -> i64 {
    let copy = tempfile::tempdir().unwrap();
    let file = copy.path().join("copy.sqlite");
    std::fs::copy(data_dir.join(kinerja_server::db::DB_FILE), &file).unwrap();
    let url = format!("sqlite://{}?mode=rw", file.display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    let count =
        sqlx::query_scalar("SELECT COUNT(*) FROM realisations").fetch_one(&mut conn).await.unwrap_or(0);
    conn.close().await.unwrap();
    count
}

#[tokio::test]
async fn committed_writes_reach_the_database_file_in_the_background() {
    if crate::common::file_only("committed_writes_reach_the_database_file_in_the_background") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = kinerja_server::db::open(dir.path()).await.unwrap();
    let started = Instant::now();
    assert!(kinerja_server::demo::seed(&db, time::OffsetDateTime::now_utc().date()).await.unwrap());
    let url = format!("sqlite://{}?mode=ro", dir.path().join(kinerja_server::db::DB_FILE).display());
    let mut reader = sqlx::SqliteConnection::connect(&url).await.unwrap();
    let committed: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM realisations").fetch_one(&mut reader).await.unwrap();
    reader.close().await.unwrap();
    assert!(committed > 0, "the demo seed writes realisations");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let in_file = realisations_in_file_alone(dir.path()).await;
        if in_file == committed {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{in_file} of {committed} realisations reached the database file {:?} after the seed began",
            started.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    db.close().await;
}
