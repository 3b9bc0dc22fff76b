//! One process owns a data directory at a time: the server while it serves,
//! `restore` while it swaps the database file. Each holds an exclusive lock
//! on `kinerja.lock` (released by the kernel when the process ends, also on
//! a crash), so a restore cannot pull the file from under a running server,
//! and two servers cannot share one SQLite file.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

/// The lock file's name inside the data directory.
pub const LOCK_FILE: &str = "kinerja.lock";

/// Held while this process owns the data directory.
#[derive(Debug)]
pub struct Owner {
    _file: File,
}

#[derive(Debug, thiserror::Error)]
pub enum OwnerError {
    #[error(
        "another kinerja-server process is using the data directory {0} \
         (it holds {LOCK_FILE}); stop it first"
    )]
    Busy(PathBuf),
    #[error("cannot lock the data directory {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

/// Takes the data directory, which must exist, or says who has it.
pub fn own(data_dir: &Path) -> Result<Owner, OwnerError> {
    let path = data_dir.join(LOCK_FILE);
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|source| OwnerError::Io { path: path.clone(), source })?;
    match file.try_lock() {
        Ok(()) => Ok(Owner { _file: file }),
        Err(TryLockError::WouldBlock) => Err(OwnerError::Busy(data_dir.to_owned())),
        Err(TryLockError::Error(source)) => Err(OwnerError::Io { path, source }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_data_directory_has_one_owner_until_it_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let first = own(dir.path()).unwrap();
        assert!(matches!(own(dir.path()), Err(OwnerError::Busy(_))));
        drop(first);
        assert!(own(dir.path()).is_ok());
    }
}
