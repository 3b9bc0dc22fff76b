//! Building the release site (`front`: hashed and split wasm, JS and CSS
//! under `target/site`) and reporting the wasm's size, raw and gzipped,
//! since that is what a phone on a weak connection downloads: the main
//! module first, the page chunks as pages are opened.
//!
//! Both `cargo xtask run` and the browser tests serve the release site from
//! the server binary that `cargo test` has all but built already (the debug
//! profile, with argon2 and SQLite optimised): a release server compiles
//! every dependency a second time — measured cold on this machine kind,
//! 661 s against 274 s for the debug one — and serves the same pages and
//! API. A deployment builds its own release server.

use crate::bundle;
use crate::files;
use crate::front;
use crate::process::{self, Result, command, root};
use crate::tools::Tools;
use flate2::Compression;
use flate2::write::GzEncoder;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The bundle `cargo xtask run` serves and the browser tests run: the debug
/// server, the site's `hash.txt` and the site, as `bundle` lays them out.
pub fn serve_dir() -> PathBuf {
    root().join("target/serve")
}

/// The server in `serve_dir()`.
pub fn server_binary() -> PathBuf {
    serve_dir().join("kinerja-server")
}

/// The most the main module may weigh gzipped: what a phone downloads
/// before the app is usable (issue 5's target). The build fails above it.
const MAIN_WASM_GZIP_BUDGET: usize = 500_000;

/// How `cargo xtask run` and `bench-ui` build the debug server: the binary
/// alone, the least a fresh machine compiles before it serves.
pub fn server_build() -> Command {
    let mut cargo = command("cargo");
    cargo.args(["build", "--quiet", "-p", "kinerja-server", "--bin", "kinerja-server"]);
    cargo
}

/// Builds the release site (not its server), split into the main module
/// and the lazily loaded page chunks; prints their sizes and holds the main
/// module to its budget; and lays out the debug server with the site in
/// `serve_dir()`.
/// `server` builds that debug server meanwhile (`server_build`, or the
/// test suite's build in `cargo xtask test`), leaving it at
/// `target/debug/kinerja-server`: each build ends in one crate on one core
/// (the app, then the wasm's link-time optimisation), so two builds share
/// two cores.
pub fn build(tools: &Tools, mut server: Command) -> Result {
    let server = process::spawn(&mut server)?;
    let site = front::build(tools).and_then(|()| report_sizes(&front::pkg_dir()?));
    let server = server();
    site.and(server)?;
    bundle::assemble(&root().join("target/debug/kinerja-server"), &serve_dir())
}

/// Prints the wasm sizes of the built site and holds the main module to its budget.
pub fn report_sizes(pkg: &Path) -> Result {
    let mut wasm = files::files_with_extension(pkg, "wasm")?;
    wasm.sort_by_key(|path| std::fs::metadata(path).map(|m| std::cmp::Reverse(m.len())).ok());
    let (main, chunks) = wasm.split_first().ok_or_else(|| format!("no .wasm file in {}", pkg.display()))?;
    let (raw, gzip) = sizes(main)?;
    println!(
        "wasm size: {} (the main module, loaded at start) — {raw} bytes raw ({:.1} KB), {gzip} bytes gzip ({:.1} KB)",
        main.file_name().unwrap_or_default().to_string_lossy(),
        raw as f64 / 1000.0,
        gzip as f64 / 1000.0
    );
    let mut all = (raw, gzip);
    for chunk in chunks {
        let (raw, gzip) = sizes(chunk)?;
        all = (all.0 + raw, all.1 + gzip);
    }
    println!(
        "wasm size: {} page chunks, loaded when a page is first opened; with them {} bytes raw, {} bytes gzip ({:.1} KB)",
        chunks.len(),
        all.0,
        all.1,
        all.1 as f64 / 1000.0
    );
    within_budget(gzip)
}

fn within_budget(main_gzip: usize) -> Result {
    if main_gzip > MAIN_WASM_GZIP_BUDGET {
        return Err(format!(
            "the main wasm module is {main_gzip} bytes gzip, over its budget of {MAIN_WASM_GZIP_BUDGET}: \
             move code behind a lazy route (app/src/ui/routes.rs) or trim it"
        ));
    }
    Ok(())
}

/// The file's size and its size after gzip at the best level.
fn sizes(path: &Path) -> Result<(usize, usize)> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(&bytes).map_err(|e| e.to_string())?;
    let gzipped = encoder.finish().map_err(|e| e.to_string())?;
    Ok((bytes.len(), gzipped.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_main_module_is_held_to_its_budget() {
        assert!(within_budget(MAIN_WASM_GZIP_BUDGET).is_ok());
        assert!(within_budget(MAIN_WASM_GZIP_BUDGET + 1).is_err());
    }
}
