//! Reading, writing and copying the build's files, each failure an error
//! that names the file: shared by the site's build (`front`), its layout
//! (`bundle`), the size report (`site`) and the import-cycle check (`cycles`).

use crate::process::Result;
use std::path::{Path, PathBuf};

/// The files of `dir` whose names end in `.extension`.
pub fn files_with_extension(dir: &Path, extension: &str) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    Ok(entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_file() && path.extension().is_some_and(|ext| ext == extension))
        .collect())
}

/// The files under `dir`, at any depth, whose names end in `.extension`, in name order.
pub fn files_under(dir: &Path, extension: &str) -> Result<Vec<PathBuf>> {
    let mut found = files_with_extension(dir, extension)?;
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for sub in entries.filter_map(|entry| entry.ok().map(|e| e.path())).filter(|path| path.is_dir()) {
        found.extend(files_under(&sub, extension)?);
    }
    found.sort();
    Ok(found)
}

pub fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

pub fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

pub fn create_dir(path: &Path) -> Result {
    std::fs::create_dir_all(path).map_err(|e| format!("cannot create {}: {e}", path.display()))
}

/// Removes `path` and what it holds; nothing to do when it does not exist.
pub fn remove_dir(path: &Path) -> Result {
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(format!("cannot remove {}: {e}", path.display()))
        }
        _ => Ok(()),
    }
}

pub fn remove_file(path: &Path) -> Result {
    std::fs::remove_file(path).map_err(|e| format!("cannot remove {}: {e}", path.display()))
}

pub fn copy(from: &Path, to: &Path) -> Result {
    std::fs::copy(from, to)
        .map(drop)
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

/// Copies the files of `from`, and of its directories, into `to`.
pub fn copy_tree(from: &Path, to: &Path) -> Result {
    create_dir(to)?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let target = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() { copy_tree(&path, &target)? } else { copy(&path, &target)? }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_is_copied_with_its_directories() {
        let from = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(from.path().join("pkg")).unwrap();
        std::fs::write(from.path().join("icon.svg"), "<svg/>").unwrap();
        std::fs::write(from.path().join("pkg/kinerja.abc.js"), "x").unwrap();
        let to = tempfile::tempdir().unwrap();
        copy_tree(from.path(), &to.path().join("site")).unwrap();
        assert_eq!(std::fs::read_to_string(to.path().join("site/pkg/kinerja.abc.js")).unwrap(), "x");
        assert!(to.path().join("site/icon.svg").is_file());
    }

    #[test]
    fn removing_a_missing_directory_is_no_error() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(remove_dir(&dir.path().join("never-made")), Ok(()));
        assert!(read(&dir.path().join("absent")).unwrap_err().contains("absent"));
    }
}
