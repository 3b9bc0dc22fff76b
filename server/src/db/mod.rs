//! Everything that speaks SQL. The rest of the server calls these functions
//! and never writes a query itself, so that a PostgreSQL backend can follow
//! by changing this module alone. SQLite is the embedded default: one file,
//! `kinerja.sqlite`, in the data directory, migrated at start.

mod instance;
mod open;

pub use open::{DbError, open};

use sqlx::SqlitePool;

/// The server's database handle; cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    pool: SqlitePool,
    instance_id: String,
    schema_version: i64,
}

impl Db {
    /// This database's identity, made on its first start.
    pub fn instance_id(&self) -> &str {
        &self.instance_id
    }

    /// The version of the newest applied migration.
    pub fn schema_version(&self) -> i64 {
        self.schema_version
    }

    /// Checks that the database answers a query.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(drop)
    }

    /// Waits for open connections to finish and closes the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// The current UTC time as RFC 3339 text, the form every timestamp column holds.
pub(crate) fn now_utc() -> String {
    time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}
