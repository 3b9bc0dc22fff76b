//! The `server_instance` row: made on the first start, read on every later
//! one; it also says whether the database holds the demo agency.

use sqlx::AnyPool;

/// Returns this database's instance id, creating it if this is the first start.
pub(super) async fn ensure(pool: &AnyPool) -> Result<String, sqlx::Error> {
    let fresh = uuid::Uuid::now_v7().to_string();
    let now = super::now_utc();
    sqlx::query(
        "INSERT INTO server_instance (id, instance_id, created_at) VALUES (1, $1, $2) \
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(&fresh)
    .bind(&now)
    .execute(pool)
    .await?;
    sqlx::query_scalar("SELECT instance_id FROM server_instance WHERE id = 1").fetch_one(pool).await
}

impl super::Db {
    /// Marks this database as holding the demo agency (before it is seeded,
    /// so that a seed interrupted half-way is marked too).
    pub async fn mark_demo(&self) -> Result<(), sqlx::Error> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE server_instance SET demo = 1 WHERE id = 1").execute(&mut *tx).await?;
        tx.commit().await
    }

    /// Whether this database holds the demo agency.
    pub async fn is_demo(&self) -> Result<bool, sqlx::Error> {
        let demo: i64 =
            sqlx::query_scalar("SELECT demo FROM server_instance WHERE id = 1").fetch_one(&self.pool).await?;
        Ok(demo == 1)
    }
}
