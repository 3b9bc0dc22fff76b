//! `kinerja-server restore --from FILE`: puts a backup in place as the data
//! directory's database, with the server stopped (`owner`). The backup must
//! pass `check` first. The restored database gets a new identity
//! (`server_instance.instance_id`): a device that sees it pulls again from 0
//! and sends what is still in its queue (`docs/sync-protocol.md`), instead of
//! trusting a cursor from a history the restore rolled back. The database
//! it replaces is moved aside, with its `-wal` and `-shm` files, never
//! deleted.

use super::check::check;
use super::open::{DB_FILE, DbError, classify};
use super::owner::{OwnerError, own};
use sqlx::Connection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error(transparent)]
    Owner(#[from] OwnerError),
    #[error(transparent)]
    Database(#[from] DbError),
    #[error("the backup {path} is unsound and was not restored: {}", .lines.join("; "))]
    Unsound { path: PathBuf, lines: Vec<String> },
    #[error("cannot put the backup in place in {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

/// What the restore did.
#[derive(Debug)]
pub struct Restored {
    pub instance_id: String,
    /// Where the replaced database now lies, if there was one.
    pub set_aside: Option<PathBuf>,
}

/// Restores the backup `from` into `data_dir`.
pub async fn restore(from: &Path, data_dir: &Path) -> Result<Restored, RestoreError> {
    let report = check(from).await?;
    if !report.is_sound() {
        return Err(RestoreError::Unsound { path: from.to_owned(), lines: report.lines() });
    }
    std::fs::create_dir_all(data_dir)
        .map_err(|source| RestoreError::Io { path: data_dir.to_owned(), source })?;
    let _owner = own(data_dir)?;
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| RestoreError::Io { path, source }
    };
    let incoming = data_dir.join(format!("{DB_FILE}.restoring"));
    std::fs::copy(from, &incoming).map_err(io(&incoming))?;
    let instance_id = uuid::Uuid::now_v7().to_string();
    renew_identity(&incoming, &instance_id).await?;
    let current = data_dir.join(DB_FILE);
    let set_aside = if current.exists() {
        let aside = data_dir.join(format!("{DB_FILE}.before-restore-{}", super::now_utc().replace(':', "")));
        for suffix in ["", "-wal", "-shm"] {
            let file = PathBuf::from(format!("{}{suffix}", current.display()));
            if file.exists() {
                let to = PathBuf::from(format!("{}{suffix}", aside.display()));
                std::fs::rename(&file, &to).map_err(io(&file))?;
            }
        }
        Some(aside)
    } else {
        None
    };
    std::fs::rename(&incoming, &current).map_err(io(&current))?;
    Ok(Restored { instance_id, set_aside })
}

/// Gives the database at `path` the identity `instance_id` and leaves it
/// whole in one file (no `-wal` beside it).
async fn renew_identity(path: &Path, instance_id: &str) -> Result<(), DbError> {
    let options = SqliteConnectOptions::new().filename(path).create_if_missing(false);
    let mut conn = SqliteConnection::connect_with(&options).await.map_err(|source| classify(path, source))?;
    let renewed = sqlx::query("UPDATE server_instance SET instance_id = ? WHERE id = 1")
        .bind(instance_id)
        .execute(&mut conn)
        .await;
    let settled = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&mut conn).await;
    conn.close().await.map_err(|source| classify(path, source))?;
    renewed.and(settled).map(drop).map_err(|source| classify(path, source))
}
