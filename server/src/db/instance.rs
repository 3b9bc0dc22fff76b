//! The `server_instance` row: made on the first start, read on every later one.

use sqlx::SqlitePool;

/// Returns this database's instance id, creating it if this is the first start.
pub(super) async fn ensure(pool: &SqlitePool) -> Result<String, sqlx::Error> {
    let fresh = uuid::Uuid::now_v7().to_string();
    let now = super::now_utc();
    sqlx::query(
        "INSERT INTO server_instance (id, instance_id, created_at) VALUES (1, ?, ?) \
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(&fresh)
    .bind(&now)
    .execute(pool)
    .await?;
    sqlx::query_scalar("SELECT instance_id FROM server_instance WHERE id = 1").fetch_one(pool).await
}
