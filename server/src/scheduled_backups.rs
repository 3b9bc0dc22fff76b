//! Backups the server takes by itself while it runs (`--backup-every`,
//! `--backup-dir`, `--backup-keep`): a checked, consistent copy (`db::backup`)
//! named `kinerja-scheduled-<time>.sqlite`, the oldest beyond the last K
//! deleted. The next is due a period after the newest one, not a period
//! after each start, so a server restarted often still backs up on time. Backups
//! taken before migrations have another name and are never deleted here.

use crate::db;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The start of a scheduled backup's file name.
pub const PREFIX: &str = "kinerja-scheduled-";

/// Runs the schedule in the background.
pub fn spawn(db_file: PathBuf, dir: PathBuf, every: Duration, keep: usize) {
    tokio::spawn(async move {
        tokio::time::sleep(first_delay(&dir, every)).await;
        loop {
            match once(&db_file, &dir, keep).await {
                Ok(file) => tracing::info!(backup = %file.display(), "scheduled backup written"),
                Err(error) => tracing::error!(%error, dir = %dir.display(), "scheduled backup failed"),
            }
            tokio::time::sleep(every).await;
        }
    });
}

/// The longest a server with no scheduled backup yet waits for its first:
/// not at once, so that starting (and every test's server) stays quick, but
/// within the hour even when the server restarts more often than its period.
const FIRST_WITHIN: Duration = Duration::from_secs(3600);

/// How long until the next backup is due: a period after the newest one
/// (with none yet, a period but at most `FIRST_WITHIN`).
fn first_delay(dir: &Path, every: Duration) -> Duration {
    let newest = newest(dir);
    let age = newest.and_then(|at| SystemTime::now().duration_since(at).ok());
    match (newest, age) {
        (None, _) => every.min(FIRST_WITHIN),
        (Some(_), Some(age)) => every.saturating_sub(age),
        (Some(_), None) => every,
    }
}

/// When the newest scheduled backup in `dir` was written.
fn newest(dir: &Path) -> Option<SystemTime> {
    scheduled(dir)
        .iter()
        .filter_map(|name| std::fs::metadata(dir.join(name)).and_then(|m| m.modified()).ok())
        .max()
}

/// How old the newest scheduled backup in `dir` is (none: there is none).
pub fn newest_age(dir: &Path) -> Option<Duration> {
    newest(dir).map(|at| SystemTime::now().duration_since(at).unwrap_or_default())
}

/// Takes one backup, then deletes the oldest beyond `keep`.
async fn once(db_file: &Path, dir: &Path, keep: usize) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for stray in partials(dir) {
        let _ = std::fs::remove_file(dir.join(stray));
    }
    let stamp = db::stamp(time::OffsetDateTime::now_utc()).replace(':', "");
    let file = dir.join(format!("{PREFIX}{stamp}.sqlite"));
    db::backup(db_file, &file).await.map_err(|e| e.to_string())?;
    for old in beyond(scheduled(dir), keep) {
        let path = dir.join(&old);
        std::fs::remove_file(&path)
            .map_err(|e| format!("cannot delete the old backup {}: {e}", path.display()))?;
    }
    Ok(file)
}

/// The scheduled backups in `dir`, by name.
fn scheduled(dir: &Path) -> Vec<String> {
    named(dir, ".sqlite")
}

/// Copies a stopped server left half-written (only this server writes here:
/// it owns its data directory).
fn partials(dir: &Path) -> Vec<String> {
    named(dir, ".sqlite.partial")
}

fn named(dir: &Path, ending: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok()?.file_name().into_string().ok()).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .filter(|name| name.starts_with(PREFIX) && name.ends_with(ending))
        .collect()
}

/// Of `names` (scheduled backups, named for their time), those beyond the
/// newest `keep`.
fn beyond(mut names: Vec<String>, keep: usize) -> Vec<String> {
    names.sort();
    let excess = names.len().saturating_sub(keep.max(1));
    names.truncate(excess);
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oldest_beyond_the_kept_number_go_and_at_least_one_stays() {
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let all = names(&[
            "kinerja-scheduled-2026-12-03T000000.000000Z.sqlite",
            "kinerja-scheduled-2026-12-01T000000.000000Z.sqlite",
            "kinerja-scheduled-2026-12-02T000000.000000Z.sqlite",
        ]);
        assert_eq!(beyond(all.clone(), 2), names(&["kinerja-scheduled-2026-12-01T000000.000000Z.sqlite"]));
        assert!(beyond(all.clone(), 5).is_empty());
        assert_eq!(beyond(all, 0).len(), 2, "the newest is always kept");
    }

    #[test]
    fn the_first_backup_is_due_a_period_after_the_newest() {
        let dir = tempfile::tempdir().unwrap();
        let day = Duration::from_secs(86_400);
        assert_eq!(first_delay(dir.path(), day), FIRST_WITHIN, "no backup yet: within the hour");
        assert_eq!(first_delay(dir.path(), Duration::from_secs(2)), Duration::from_secs(2));
        std::fs::write(dir.path().join(format!("{PREFIX}x.sqlite")), b"").unwrap();
        let delay = first_delay(dir.path(), day);
        assert!(delay > day - Duration::from_secs(60) && delay <= day, "{delay:?}");
    }
}
