//! Everything that speaks SQL. The rest of the server calls these functions
//! and never writes a query itself, so that a PostgreSQL backend can follow
//! by changing this module alone. SQLite is the embedded default: one file,
//! `kinerja.sqlite`, in the data directory, migrated at start.

mod audit;
mod backup;
mod batch;
mod budget;
mod check;
mod checkpoint;
mod codec;
mod conflicts;
mod copy;
mod cycles;
mod dispositions;
mod evidence;
mod figures;
pub mod imports;
mod indicators;
mod instance;
mod locks;
mod open;
mod owner;
mod postgres;
mod rate_events;
mod realisations;
mod reference;
mod renstra;
mod report_chapters;
mod report_versions;
mod reports;
mod restore;
mod scope;
mod sessions;
mod settings;
mod sql;
mod sync;
mod units;
mod users;

pub use audit::{AuditFilter, with_request_id};
pub use backup::{BackupError, backup};
pub use budget::EntryError;
pub use check::{Report as CheckReport, check};
pub use codec::WriteError;
pub use conflicts::ResolveError;
pub use copy::{Copied, CopyError, copy_to};
pub use cycles::{Acted, ActionError, Named};
pub use dispositions::SheetError;
pub use figures::YearFigures;
pub use kinerja_core::domain::org::{Unit, User};
pub use open::{BACKUP_DIR, DB_FILE, DbError, open};
pub use owner::{LOCK_FILE, Owner, OwnerError, own};
pub use postgres::{PostgresError, connect as connect_postgres, open as open_postgres};
pub use report_chapters::RewriteError;
pub use report_versions::ApproveError;
pub use restore::{RestoreError, Restored, restore};
pub use scope::UnitScope;
pub use sessions::USER_KEY;
pub use users::{AccountError, one_time_password};

use sqlx::AnyPool;
use std::sync::Arc;

/// The server's database handle; cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    instance_id: String,
    schema_version: i64,
    /// The one connection that runs write transactions: SQLite has one
    /// writer at a time, writers queue for it without holding a reader's
    /// connection, and its page cache stays warm from one push to the next.
    writer: AnyPool,
    reference: Arc<reference::Cache>,
    backend: Backend,
}

/// Which database a `Db` serves from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// The data directory's file; one server process at a time.
    Sqlite,
    /// A PostgreSQL database several server instances share.
    Postgres,
}

/// The transaction-level advisory lock every write takes on PostgreSQL, the
/// role `BEGIN IMMEDIATE` plays on SQLite: one writer at a time across all
/// instances, so cursors are given in commit order (`docs/sync-protocol.md`)
/// and every read-decide-write stays correct.
const WRITE_LOCK: i64 = 0x004b_494e_4552_4a41;

/// A write transaction on the writer connection; rolled back if dropped uncommitted.
pub(crate) type WriteTx = sqlx::Transaction<'static, sqlx::Any>;

impl Db {
    /// This database's identity, made on its first start.
    pub fn instance_id(&self) -> &str {
        &self.instance_id
    }

    /// The version of the newest applied migration.
    pub fn schema_version(&self) -> i64 {
        self.schema_version
    }

    /// The database served from.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Waits for the writer connection and begins a transaction holding the
    /// database's write lock at once (SQLite's `BEGIN IMMEDIATE`, PostgreSQL's
    /// `WRITE_LOCK`), so it never fails half-way on a lock another took. The begin runs in a task of its own:
    /// a caller dropped meanwhile (a request whose client went away) would
    /// otherwise leave the one writer connection inside a transaction that
    /// no one holds, and every later write would fail; a transaction the
    /// task returns to no one is dropped, which rolls it back.
    pub(crate) async fn begin_write(&self) -> Result<WriteTx, sqlx::Error> {
        let (writer, backend) = (self.writer.clone(), self.backend);
        tokio::spawn(async move {
            match backend {
                Backend::Sqlite => writer.begin_with("BEGIN IMMEDIATE").await,
                Backend::Postgres => {
                    let mut tx = writer.begin().await?;
                    sqlx::query("SELECT FROM pg_advisory_xact_lock($1)")
                        .bind(WRITE_LOCK)
                        .execute(&mut *tx)
                        .await?;
                    Ok(tx)
                }
            }
        })
        .await
        .map_err(|_| sqlx::Error::WorkerCrashed)?
    }

    /// The bytes the database takes and those of its write-ahead log: on
    /// SQLite the data directory's file and its WAL file; on PostgreSQL the
    /// database and the server's WAL directory (`None` when the role may not
    /// list it: grant it `pg_monitor`).
    pub async fn storage_bytes(&self, data_dir: &std::path::Path) -> (u64, Option<u64>) {
        match self.backend {
            Backend::Sqlite => {
                let size = |name: String| std::fs::metadata(data_dir.join(name)).map_or(0, |m| m.len());
                (size(DB_FILE.to_owned()), Some(size(format!("{DB_FILE}-wal"))))
            }
            Backend::Postgres => {
                let database = sqlx::query_scalar::<_, i64>("SELECT pg_database_size(current_database())")
                    .fetch_one(&self.pool)
                    .await;
                let wal = sqlx::query_scalar::<_, i64>(
                    "SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM pg_ls_waldir()",
                )
                .fetch_one(&self.pool)
                .await;
                (database.map_or(0, |b| b as u64), wal.ok().map(|b| b as u64))
            }
        }
    }

    /// Checks that the database answers a query.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query_scalar::<_, i64>("SELECT 1").fetch_one(&self.pool).await.map(drop)
    }

    /// Waits for open connections to finish and closes the pool.
    pub async fn close(&self) {
        self.writer.close().await;
        self.pool.close().await;
    }
}

/// A timestamp as stored: RFC 3339 in UTC with exactly six decimals, so
/// that text order is time order.
pub fn stamp(at: time::OffsetDateTime) -> String {
    let utc = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second(),
        utc.microsecond()
    )
}

/// A JSON column as the shared domain's type.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, sqlx::Error> {
    serde_json::from_str(text).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// The current time as stored.
pub(crate) fn now_utc() -> String {
    stamp(time::OffsetDateTime::now_utc())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    fn sources(dir: &Path, into: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, into);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                into.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
            }
        }
    }

    /// Every write takes the writer's turn (`Db::begin_write`), the one entry
    /// a PostgreSQL backend implements too: no transaction or statement of
    /// the database code runs on the readers' pool, but for start-up's
    /// identity row and checks, which run before the writer exists, and the
    /// shared rate limits (`rate_events`, PostgreSQL only), which must not
    /// wait behind pushes and lock each key on their own.
    #[test]
    fn every_write_goes_through_the_writers_turn() {
        let mut files = Vec::new();
        sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/db"), &mut files);
        assert!(files.len() > 20, "the database code is read");
        for (path, text) in files.into_iter().filter(|(path, _)| !path.ends_with("rate_events.rs")) {
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for pattern in ["pool.begin(", "execute(&self.pool)", "execute(&mut *self.pool"] {
                assert!(!code.contains(pattern), "{path} writes with `{pattern}` outside Db::begin_write");
            }
        }
    }

    /// The queries of every table group use numbered placeholders (`$1`),
    /// which SQLite and PostgreSQL both read, never SQLite's `?`: the
    /// PostgreSQL backend runs the same SQL text. Only the modules that
    /// handle the SQLite file itself (backup, check, restore, opening, the
    /// checkpointer, copy-to's reading side) may speak SQLite alone.
    #[test]
    fn queries_use_placeholders_both_databases_read() {
        const SQLITE_ONLY: [&str; 6] =
            ["backup.rs", "check.rs", "restore.rs", "open.rs", "checkpoint.rs", "copy.rs"];
        let mut files = Vec::new();
        sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/db"), &mut files);
        let mut checked = 0;
        for (path, text) in files.iter().filter(|(path, _)| !SQLITE_ONLY.iter().any(|f| path.ends_with(f))) {
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for literal in code.split('"').skip(1).step_by(2) {
                let sql = ["SELECT ", "INSERT ", "UPDATE ", "DELETE "].iter().any(|k| literal.contains(k));
                checked += usize::from(sql);
                let question = literal.replace("\\\n", " ");
                let unnumbered = ["= ?", "(?", "?,", "? ", "IN ?", "> ?", "< ?"]
                    .iter()
                    .any(|p| question.contains(p) || question.ends_with('?'));
                assert!(!(sql && unnumbered), "{path}: a `?` placeholder in {literal:?}");
            }
        }
        assert!(checked > 60, "the queries are read ({checked})");
    }

    /// The serving connections carry the settings durability and integrity
    /// rest on — an acknowledged push survives a power cut (`synchronous`
    /// FULL in WAL mode), foreign keys are enforced, a busy database is
    /// waited for — on readers and on the writer, whose checkpoints the
    /// background task takes over (`checkpoint`).
    #[tokio::test]
    async fn every_serving_connection_has_the_database_settings() {
        let dir = tempfile::tempdir().unwrap();
        let db = super::open(dir.path()).await.unwrap();
        let setting = |pool: &sqlx::AnyPool, name: &str| {
            let (pool, sql) = (pool.clone(), format!("PRAGMA {name}"));
            async move { sqlx::query_scalar::<_, String>(&sql).fetch_one(&pool).await.map_err(|e| e.to_string()) }
        };
        let number = |pool: &sqlx::AnyPool, name: &str| {
            let (pool, sql) = (pool.clone(), format!("PRAGMA {name}"));
            async move { sqlx::query_scalar::<_, i64>(&sql).fetch_one(&pool).await.unwrap() }
        };
        for pool in [&db.pool, &db.writer] {
            assert_eq!(setting(pool, "journal_mode").await.as_deref(), Ok("wal"));
            assert_eq!(number(pool, "synchronous").await, 2, "FULL");
            assert_eq!(number(pool, "foreign_keys").await, 1);
            assert_eq!(number(pool, "busy_timeout").await, 5000);
        }
        assert_eq!(
            number(&db.writer, "wal_autocheckpoint").await,
            i64::from(super::checkpoint::WRITER_AUTOCHECKPOINT)
        );
        db.close().await;
    }

    /// A caller dropped while its transaction begins — a request whose
    /// client went away — must not leave the one writer connection inside
    /// a transaction no one holds, or every later write fails.
    #[tokio::test]
    async fn a_write_dropped_while_it_begins_leaves_the_writer_usable() {
        let dir = tempfile::tempdir().unwrap();
        let db = super::open(dir.path()).await.unwrap();
        for attempt in 0..300u64 {
            let wait = std::time::Duration::from_micros(attempt % 60);
            let _ = tokio::time::timeout(wait, db.begin_write()).await;
            let whole = async {
                let mut tx = db.begin_write().await?;
                sqlx::query("UPDATE server_instance SET demo = demo WHERE id = 1").execute(&mut *tx).await?;
                tx.commit().await
            };
            let _ = tokio::time::timeout(wait * 4, whole).await;
            let tx = db.begin_write().await.unwrap_or_else(|e| panic!("attempt {attempt}: {e}"));
            tx.commit().await.unwrap();
        }
    }
}
