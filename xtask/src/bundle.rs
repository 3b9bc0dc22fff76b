//! The layout an agency installs, one directory holding the server binary,
//! the `hash.txt` that names the site's files, and the site itself in
//! `site/`: the server finds both beside itself from any working directory.
//! `cargo xtask run` and the browser tests serve from this layout in
//! `target/serve` (with the debug binary), so the tests exercise what
//! `cargo xtask dist` packs (with the release one).

use crate::files::{copy, copy_tree, create_dir, remove_dir};
use crate::front;
use crate::process::Result;
use std::path::Path;

/// Assembles the layout in `into` (emptied first) around `server`.
pub fn assemble(server: &Path, into: &Path) -> Result {
    remove_dir(into)?;
    create_dir(into)?;
    copy(server, &into.join("kinerja-server"))?;
    copy(&front::hash_file(), &into.join("hash.txt"))?;
    copy_tree(&front::site_root()?, &into.join("site"))
}
