//! Opening the data directory: create it, prove it writable, open or create
//! the SQLite file, apply pending migrations. Every failure becomes a
//! `DbError` whose message tells an operator what is wrong and where.

use super::{Db, checkpoint, instance};
use sqlx::Executor;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub(super) static MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");

/// The database file's name inside the data directory.
pub const DB_FILE: &str = "kinerja.sqlite";

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot create the data directory {path}: {source}")]
    CreateDir { path: PathBuf, source: std::io::Error },
    #[error("the data directory {path} is not writable: {source}")]
    NotWritable { path: PathBuf, source: std::io::Error },
    #[error(
        "{path} is not a usable SQLite database ({source}); \
         if it is damaged, stop the server and restore it from a backup"
    )]
    Corrupt { path: PathBuf, source: sqlx::Error },
    #[error("there is no database at {path}")]
    Missing { path: PathBuf },
    #[error("cannot open the database {path}: {source}")]
    Open { path: PathBuf, source: sqlx::Error },
    #[error(
        "cannot back up {path} before applying the new migrations, so none was applied: {reason}; \
         free space in {backups} or fix its permissions and start again"
    )]
    PreMigrationBackup { path: PathBuf, backups: PathBuf, reason: String },
    #[error("cannot apply the database migrations to {path}: {source}")]
    Migrate { path: PathBuf, source: sqlx::migrate::MigrateError },
}

/// Opens (creating if needed) the database in `data_dir` and migrates it.
pub async fn open(data_dir: &Path) -> Result<Db, DbError> {
    std::fs::create_dir_all(data_dir)
        .map_err(|source| DbError::CreateDir { path: data_dir.to_owned(), source })?;
    probe_writable(data_dir)?;
    let path = data_dir.join(DB_FILE);
    let options = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // An acknowledged push must survive a power cut, not only a crash:
        // in WAL mode FULL syncs the log at every commit (cost measured by
        // the sync benchmark, see docs/security.md).
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .map_err(|source| classify(&path, source))?;
    sqlx::query("PRAGMA quick_check").execute(&pool).await.map_err(|source| classify(&path, source))?;
    let applied_before = applied_count(&pool).await;
    let known = MIGRATOR.iter().count() as i64;
    if applied_before > 0 && applied_before < known {
        back_up_before_migrating(&path, data_dir).await?;
    }
    MIGRATOR.run(&pool).await.map_err(|source| match source {
        sqlx::migrate::MigrateError::Execute(source) => classify(&path, source),
        source => DbError::Migrate { path: path.clone(), source },
    })?;
    let applied_after = applied_count(&pool).await;
    tracing::info!(
        file = %path.display(),
        newly_applied = applied_after - applied_before,
        total = applied_after,
        "database ready"
    );
    let schema_version = MIGRATOR.iter().map(|m| m.version).max().unwrap_or_default();
    pool.close().await;
    // Serving runs on sqlx's `Any` pools, through which the same queries
    // will run on PostgreSQL; the settings above, taken per connection, are
    // set on each new one.
    sqlx::any::install_default_drivers();
    let url = sqlite_url(&path);
    let settings = "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;";
    let readers = AnyPoolOptions::new()
        .max_connections(8)
        .after_connect(move |conn, _| Box::pin(async move { conn.execute(settings).await.map(drop) }))
        .connect(&url)
        .await
        .map_err(|source| classify(&path, source))?;
    let instance_id =
        instance::ensure(&readers).await.map_err(|source| DbError::Open { path: path.clone(), source })?;
    let writer_settings =
        format!("{settings} PRAGMA wal_autocheckpoint = {};", checkpoint::WRITER_AUTOCHECKPOINT);
    let writer = AnyPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(60))
        .after_connect(move |conn, _| {
            let writer_settings = writer_settings.clone();
            Box::pin(async move { conn.execute(writer_settings.as_str()).await.map(drop) })
        })
        .connect(&url)
        .await
        .map_err(|source| DbError::Open { path: path.clone(), source })?;
    checkpoint::spawn(readers.clone());
    let pool = readers;
    Ok(Db {
        pool,
        instance_id,
        schema_version,
        writer,
        reference: Default::default(),
        backend: super::Backend::Sqlite,
    })
}

/// Where backups taken by the server itself go, inside the data directory.
pub const BACKUP_DIR: &str = "backups";

/// A new binary's migrations change the schema for good: before the first
/// is applied, the database is copied (`backup`) to
/// `backups/kinerja-before-migration-<time>.sqlite`, which a rollback to the
/// old binary restores. No copy, no migration.
async fn back_up_before_migrating(path: &Path, data_dir: &Path) -> Result<(), DbError> {
    let backups = data_dir.join(BACKUP_DIR);
    let failed = |reason: String| DbError::PreMigrationBackup {
        path: path.to_owned(),
        backups: backups.clone(),
        reason,
    };
    std::fs::create_dir_all(&backups).map_err(|e| failed(e.to_string()))?;
    let stamp = super::now_utc().replace(':', "");
    let to = backups.join(format!("kinerja-before-migration-{stamp}.sqlite"));
    super::backup::backup(path, &to).await.map_err(|e| failed(e.to_string()))?;
    tracing::info!(backup = %to.display(), "backed up the database before applying new migrations");
    Ok(())
}

/// The file as a `sqlite:` URL, the only way `Any` pools take their
/// options: the characters a URL would read otherwise are escaped.
fn sqlite_url(path: &Path) -> String {
    let escaped = path.to_string_lossy().replace('%', "%25").replace('?', "%3F").replace('#', "%23");
    format!("sqlite://{escaped}?mode=rw")
}

fn probe_writable(data_dir: &Path) -> Result<(), DbError> {
    let probe = data_dir.join(".write-probe");
    std::fs::write(&probe, b"kinerja")
        .and_then(|()| std::fs::remove_file(&probe))
        .map_err(|source| DbError::NotWritable { path: data_dir.to_owned(), source })
}

async fn applied_count(pool: &sqlx::SqlitePool) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
        .fetch_one(pool)
        .await
        .unwrap_or(0)
}

/// SQLite's "not a database" (26) and "corrupt" (11) codes mean the file is
/// damaged; anything else is a plain failure to open.
pub(super) fn classify(path: &Path, source: sqlx::Error) -> DbError {
    let damaged =
        source.as_database_error().and_then(|e| e.code()).is_some_and(|code| code == "26" || code == "11");
    if damaged {
        DbError::Corrupt { path: path.to_owned(), source }
    } else {
        DbError::Open { path: path.to_owned(), source }
    }
}
