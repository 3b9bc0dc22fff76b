//! `kinerja-server check`: whether a database can be trusted before an
//! operator relies on it (after a crash, a copy, a backup): SQLite's own
//! integrity check, the foreign keys, and the migrations the file records
//! against those this binary carries. It changes nothing (`query_only`).

use super::open::{DbError, MIGRATOR, classify};
use sqlx::Connection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use std::path::Path;
use std::time::Duration;

/// What `check` found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// `PRAGMA integrity_check`'s findings; empty when it says "ok".
    pub integrity: Vec<String>,
    /// Rows whose parent row is missing, as "table rowid → parent".
    pub foreign_keys: Vec<String>,
    /// Migrations recorded and known to this binary.
    pub applied: usize,
    /// Known migrations not yet recorded: the next start applies them.
    pub pending: Vec<i64>,
    /// Recorded migrations this binary does not know: a newer binary wrote
    /// the file (a rollback needs the backup taken before its upgrade).
    pub unknown: Vec<i64>,
    /// Recorded migrations whose text differs from this binary's, or that failed.
    pub altered: Vec<i64>,
}

impl Report {
    /// Whether anything found makes the database unfit to serve.
    pub fn is_sound(&self) -> bool {
        self.integrity.is_empty()
            && self.foreign_keys.is_empty()
            && self.unknown.is_empty()
            && self.altered.is_empty()
    }

    /// The report as lines for an operator.
    pub fn lines(&self) -> Vec<String> {
        let listed = |items: &[String]| if items.is_empty() { "ok".to_owned() } else { items.join("; ") };
        let versions = |items: &[i64]| items.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        let mut lines = vec![
            format!("integrity: {}", listed(&self.integrity)),
            format!("foreign keys: {}", listed(&self.foreign_keys)),
            format!("migrations: {} applied, {} pending", self.applied, self.pending.len()),
        ];
        if !self.unknown.is_empty() {
            lines.push(format!(
                "migrations unknown to this binary (written by a newer one): {}",
                versions(&self.unknown)
            ));
        }
        if !self.altered.is_empty() {
            lines.push(format!(
                "migrations that failed or differ from this binary's: {}",
                versions(&self.altered)
            ));
        }
        lines
    }
}

/// Checks the database file at `path`, which must exist.
pub async fn check(path: &Path) -> Result<Report, DbError> {
    if !path.is_file() {
        return Err(DbError::Missing { path: path.to_owned() });
    }
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(false)
        .foreign_keys(false)
        .busy_timeout(Duration::from_secs(5))
        .pragma("query_only", "ON");
    let mut conn = SqliteConnection::connect_with(&options).await.map_err(|source| classify(path, source))?;
    let report = inspect(&mut conn).await.map_err(|source| classify(path, source));
    let _ = conn.close().await;
    report
}

async fn inspect(conn: &mut SqliteConnection) -> Result<Report, sqlx::Error> {
    let mut report = Report::default();
    let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check").fetch_all(&mut *conn).await?;
    report.integrity = integrity.into_iter().filter(|line| line != "ok").collect();
    let orphans: Vec<(String, Option<i64>, String)> =
        sqlx::query_as("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")
            .fetch_all(&mut *conn)
            .await?;
    report.foreign_keys = orphans
        .into_iter()
        .map(|(table, rowid, parent)| {
            format!("{table} {} → {parent}", rowid.map_or("?".to_owned(), |id| id.to_string()))
        })
        .collect();
    let recorded: Vec<(i64, Vec<u8>, bool)> =
        match sqlx::query_as("SELECT version, checksum, success FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&mut *conn)
            .await
        {
            Ok(rows) => rows,
            Err(error) if error.to_string().contains("no such table") => Vec::new(),
            Err(error) => return Err(error),
        };
    for migration in MIGRATOR.iter() {
        match recorded.iter().find(|(version, ..)| *version == migration.version) {
            None => report.pending.push(migration.version),
            Some((_, checksum, success)) if *success && checksum[..] == migration.checksum[..] => {
                report.applied += 1
            }
            Some(_) => report.altered.push(migration.version),
        }
    }
    report.unknown = recorded
        .iter()
        .map(|(version, ..)| *version)
        .filter(|version| MIGRATOR.iter().all(|known| known.version != *version))
        .collect();
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_integrity_foreign_key_and_migration_faults_make_a_database_unsound() {
        let sound = Report { applied: 8, pending: vec![9], ..Report::default() };
        assert!(sound.is_sound(), "a pending migration is applied at the next start");
        assert_eq!(sound.lines()[2], "migrations: 8 applied, 1 pending");
        for unsound in [
            Report { integrity: vec!["Page 4: btree page type invalid".into()], ..Report::default() },
            Report { foreign_keys: vec!["realisations 3 → indicators".into()], ..Report::default() },
            Report { unknown: vec![9999], ..Report::default() },
            Report { altered: vec![2], ..Report::default() },
        ] {
            assert!(!unsound.is_sound(), "{unsound:?}");
            assert!(
                unsound.lines().iter().any(|line| !line.ends_with("ok") && !line.starts_with("migrations: "))
            );
        }
    }
}
