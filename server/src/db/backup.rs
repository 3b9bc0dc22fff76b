//! `kinerja-server backup --to FILE`: a consistent copy of the database
//! while the server keeps serving. `VACUUM INTO` reads one snapshot (a read
//! transaction; in WAL mode the writer goes on), so the copy holds exactly
//! the commits made before it began — every push acknowledged by then — and
//! nothing half-written. The copy is made beside its destination, checked
//! (`check`), and only then renamed into place: a file with the backup's
//! name is always a whole, sound backup. An existing file is never replaced,
//! and only the file's owner may read it (it holds password hashes).

use super::check::{Report, check};
use super::open::{DbError, classify};
use sqlx::Connection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(transparent)]
    Database(#[from] DbError),
    #[error("{0} already exists; a backup never replaces a file: choose a new name")]
    Exists(PathBuf),
    #[error("cannot write the backup {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("the copy {path} failed its check and was removed: {}", .lines.join("; "))]
    Unsound { path: PathBuf, lines: Vec<String> },
}

/// Copies the database at `from` to the new file `to`; returns the copy's check.
pub async fn backup(from: &Path, to: &Path) -> Result<Report, BackupError> {
    if to.exists() {
        return Err(BackupError::Exists(to.to_owned()));
    }
    if !from.is_file() {
        return Err(DbError::Missing { path: from.to_owned() }.into());
    }
    let partial = partial_name(to);
    let _ = std::fs::remove_file(&partial);
    let options = SqliteConnectOptions::new()
        .filename(from)
        .create_if_missing(false)
        .busy_timeout(Duration::from_secs(30));
    let mut conn = SqliteConnection::connect_with(&options).await.map_err(|source| classify(from, source))?;
    let copied =
        sqlx::query("VACUUM INTO ?").bind(partial.to_string_lossy().into_owned()).execute(&mut conn).await;
    let _ = conn.close().await;
    copied.map_err(|source| classify(from, source))?;
    owner_only(&partial)?;
    let report = match check(&partial).await {
        Ok(report) if report.is_sound() => report,
        outcome => {
            let _ = std::fs::remove_file(&partial);
            return Err(match outcome {
                Ok(report) => BackupError::Unsound { path: to.to_owned(), lines: report.lines() },
                Err(error) => error.into(),
            });
        }
    };
    std::fs::rename(&partial, to).map_err(|source| BackupError::Write { path: to.to_owned(), source })?;
    Ok(report)
}

/// A backup holds password hashes and live sessions: only its owner may read it.
fn owner_only(path: &Path) -> Result<(), BackupError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .map_err(|source| BackupError::Write { path: path.to_owned(), source })?;
    }
    Ok(())
}

/// Where the copy is written before it is checked: beside the destination,
/// so the final rename stays on one file system.
fn partial_name(to: &Path) -> PathBuf {
    let mut name = to.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    to.with_file_name(name)
}
