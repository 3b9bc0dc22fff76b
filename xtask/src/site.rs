//! Building the release site with cargo-leptos (server binary, hashed wasm,
//! JS and CSS under `target/site`) and reporting the wasm's size, raw and
//! gzipped, since that is what a phone on a weak connection downloads.

use crate::process::{Result, command, root, run};
use crate::tools::Tools;
use flate2::Compression;
use flate2::write::GzEncoder;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The built server binary.
pub fn server_binary() -> PathBuf {
    root().join("target/release/kinerja-server")
}

/// Builds the release site and prints the wasm size.
pub fn build(tools: &Tools) -> Result {
    run(command("cargo").args(["leptos", "build", "--release"]).env("PATH", tools.path_env()))?;
    let pkg = root().join("target/site/pkg");
    let wasm = find_wasm(&pkg)?;
    let (raw, gzip) = sizes(&wasm)?;
    println!(
        "wasm size: {} — {raw} bytes raw ({:.1} KB), {gzip} bytes gzip ({:.1} KB)",
        wasm.file_name().unwrap_or_default().to_string_lossy(),
        raw as f64 / 1000.0,
        gzip as f64 / 1000.0
    );
    Ok(())
}

fn find_wasm(pkg: &Path) -> Result<PathBuf> {
    let entries = std::fs::read_dir(pkg).map_err(|e| format!("cannot read {}: {e}", pkg.display()))?;
    entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .find(|path| path.extension().is_some_and(|ext| ext == "wasm"))
        .ok_or_else(|| format!("no .wasm file in {}", pkg.display()))
}

/// The file's size and its size after gzip at the best level.
fn sizes(path: &Path) -> Result<(usize, usize)> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(&bytes).map_err(|e| e.to_string())?;
    let gzipped = encoder.finish().map_err(|e| e.to_string())?;
    Ok((bytes.len(), gzipped.len()))
}
