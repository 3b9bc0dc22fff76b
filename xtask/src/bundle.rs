//! The layout an agency installs, one directory holding the server binary,
//! the `hash.txt` that names the site's files, and the site itself in
//! `site/`: the server finds both beside itself from any working directory.
//! `cargo xtask run` and the browser tests serve from this layout in
//! `target/serve` (with the debug binary), so the tests exercise what
//! `cargo xtask dist` packs (with the release one).

use crate::front;
use crate::process::Result;
use std::path::Path;

/// Assembles the layout in `into` (emptied first) around `server`.
pub fn assemble(server: &Path, into: &Path) -> Result {
    match std::fs::remove_dir_all(into) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(format!("cannot empty {}: {e}", into.display()));
        }
        _ => {}
    }
    std::fs::create_dir_all(into).map_err(|e| format!("cannot create {}: {e}", into.display()))?;
    copy(server, &into.join("kinerja-server"))?;
    copy(&front::hash_file(), &into.join("hash.txt"))?;
    copy_tree(&front::site_root()?, &into.join("site"))
}

/// Copies the files of `from`, and of its directories, into `to`.
pub fn copy_tree(from: &Path, to: &Path) -> Result {
    std::fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let target = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() { copy_tree(&path, &target)? } else { copy(&path, &target)? }
    }
    Ok(())
}

fn copy(from: &Path, to: &Path) -> Result {
    std::fs::copy(from, to)
        .map(drop)
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
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
}
