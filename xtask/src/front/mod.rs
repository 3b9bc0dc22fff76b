//! Building the browser site in `xtask`, as a library pipeline, instead of
//! installing cargo-leptos: compiling cargo-leptos from source took 25.5 of
//! a fresh machine's first 30 minutes, for five steps whose hard parts are
//! libraries of their own. The steps, in cargo-leptos's order and with its
//! conventions (`[[workspace.metadata.leptos]]`, the `LEPTOS_*` variables,
//! `hash.txt`):
//!
//! 1. cargo builds the wasm (`lib-profile-release`, relocations kept for
//!    splitting, components type-erased: `RUSTFLAGS`);
//! 2. `wasm_split_cli_support` splits the lazy routes into page chunks and
//!    writes their loader;
//! 3. `wasm-bindgen-cli-support`, pinned to the `wasm-bindgen` the app links,
//!    writes the JS glue: a mismatch is a compile error, not a broken page;
//! 4. npm's binaryen optimises every module, in one Node process per core
//!    (`wasm_opt.mjs`: its `wasm-opt` command paid a second of start-up per module);
//! 5. `names` names every file for its content; the stylesheet and assets
//!    are copied; the site replaces `site-root` in one rename.
//!
//! When the compiled wasm and the stylesheet are the ones the current site
//! came from (only the server changed), steps 2–5 are skipped.

mod config;
pub mod names;

use crate::files::{self, create_dir, files_with_extension, read, read_text, remove_dir, remove_file};
use crate::process::{Result, command, root, run};
use crate::tools::Tools;
use config::Config;
use names::{Hashes, PLACEHOLDER, Unnamed};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The wasm build's flags: relocations kept for the split, and Leptos's
/// `erase_components`, which gives each view one erased type instead of a
/// nested one per component. Measured on this app: an edit to one page
/// recompiles in 52 s against 80 s, a cold build takes 177 s against 197 s,
/// and the module is smaller (see the sizes in `site`). The app mounts
/// rather than hydrates, so the server's views need not share its types.
const RUSTFLAGS: &str = "-Clink-args=--emit-relocs --cfg erase_components";

/// binaryen's optimise and shrink levels: `-O1`. Measured on this site's
/// 106 modules, against `-Oz` (levels 2 and 2) that cargo-leptos runs: 14 s
/// against 58 s on two cores, 990 KB gzip against 1,071 KB (the main module
/// 353 against 386), 2.93 MB raw against 2.61 MB. A phone downloads less and
/// compiles 12 % more bytes, which its baseline compiler does in
/// milliseconds; the wire is what is slow at a remote site.
const OPTIMISE: (u8, u8) = (1, 0);

/// Where the wasm build and the pipeline's intermediate files live.
fn work_dir() -> PathBuf {
    root().join("target/front")
}

/// The hash file of the current site, for the server to find beside itself.
pub fn hash_file() -> PathBuf {
    work_dir().join("hash.txt")
}

/// Deals `modules` (path and size) out to `workers` lists, largest first to
/// the least loaded, so that the workers finish together.
fn share(mut modules: Vec<(PathBuf, u64)>, workers: usize) -> Vec<Vec<PathBuf>> {
    modules.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut shares: Vec<(u64, Vec<PathBuf>)> = vec![(0, Vec::new()); workers.max(1)];
    for (file, size) in modules {
        if let Some(least) = shares.iter_mut().min_by_key(|(load, _)| *load) {
            least.0 += size;
            least.1.push(file);
        }
    }
    shares.into_iter().map(|(_, files)| files).collect()
}

/// The built site's `pkg` directory.
pub fn pkg_dir() -> Result<PathBuf> {
    Ok(Config::load()?.pkg_dir())
}

/// The built site.
pub fn site_root() -> Result<PathBuf> {
    Ok(Config::load()?.site_root())
}

/// Builds the site into `site-root` and writes `hash_file()`.
pub fn build(tools: &Tools) -> Result {
    let config = Config::load()?;
    let wasm = compile(&config)?;
    let input = read(&wasm)?;
    // The stylesheet is written with the wasm (its name is hashed in the
    // same step), so a change to it alone builds the site again too.
    let style = read(&root().join(&config.style_file))?;
    let input_hash = names::content_hash(&[&input, &style]);
    let built_from = work_dir().join("site-input.txt");
    if read_text(&built_from).is_ok_and(|previous| previous == input_hash)
        && config.pkg_dir().is_dir()
        && hash_file().is_file()
    {
        println!("front: the wasm and the stylesheet are unchanged; keeping the site built from them");
        return copy_assets(&config, &config.site_root());
    }
    let _ = std::fs::remove_file(&built_from);
    let stage = work_dir().join("stage");
    remove_dir(&stage)?;
    create_dir(&stage)?;
    let started = Instant::now();
    let (split_main, prefetch) = split(&config, &input, &stage)?;
    drop(input);
    let split_done = Instant::now();
    bindgen(&config, &split_main, &stage)?;
    let bindgen_done = Instant::now();
    optimise(tools, &stage)?;
    let optimise_done = Instant::now();
    let hashes = write_site(&config, &stage, prefetch)?;
    std::fs::write(hash_file(), hashes.text())
        .map_err(|e| format!("cannot write {}: {e}", hash_file().display()))?;
    std::fs::write(&built_from, input_hash)
        .map_err(|e| format!("cannot write {}: {e}", built_from.display()))?;
    println!(
        "front: split {:.1} s, wasm-bindgen {:.1} s, binaryen {:.1} s, naming and copying {:.1} s",
        (split_done - started).as_secs_f64(),
        (bindgen_done - split_done).as_secs_f64(),
        (optimise_done - bindgen_done).as_secs_f64(),
        optimise_done.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Step 1: the wasm, as cargo-leptos would build it.
fn compile(config: &Config) -> Result<PathBuf> {
    let target_dir = work_dir();
    run(command("cargo")
        .args(["build", "--lib", "--package", &config.lib_package, "--target", WASM_TARGET])
        .args(["--no-default-features", "--profile", &config.lib_profile, "--target-dir"])
        .arg(&target_dir)
        .envs(config.leptos_env())
        .env("RUSTFLAGS", RUSTFLAGS))?;
    let file = format!("{}.wasm", config.lib_package.replace('-', "_"));
    Ok(target_dir.join(WASM_TARGET).join(&config.lib_profile).join(file))
}

/// Step 2: the main module (`<name>_split.wasm`), the page chunks and their
/// loader in `stage`; returns the main module and each route's chunks.
fn split(config: &Config, input: &[u8], stage: &Path) -> Result<(PathBuf, HashMap<String, Vec<String>>)> {
    let main = stage.join(format!("{}_split.wasm", config.output_name));
    let main_module = format!("./{}.js", config.output_name);
    let link_name = format!("./{}", names::loader_name(PLACEHOLDER));
    let mut options = wasm_split_cli_support::Options::new(input);
    options.output_dir = stage;
    options.main_out_path = &main;
    options.main_module = &main_module;
    options.link_name = &link_name;
    let split = wasm_split_cli_support::transform(options).map_err(|e| format!("wasm-split: {e:#}"))?;
    Ok((main, split.prefetch_map))
}

/// Step 3: `<name>.js` and `<name>_bg.wasm` in `stage`.
fn bindgen(config: &Config, split_main: &Path, stage: &Path) -> Result {
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen
        .input_path(split_main)
        .out_name(&config.output_name)
        .web(true)
        .map_err(|e| format!("wasm-bindgen: {e:#}"))?
        .keep_lld_exports(true)
        .demangle(false)
        .typescript(false);
    bindgen.generate(stage).map_err(|e| format!("wasm-bindgen: {e:#}"))?;
    if stage.join("snippets").exists() {
        return Err(
            "wasm-bindgen wrote JS snippets, which the site does not serve: load them from public/".into()
        );
    }
    remove_file(split_main)
}

/// Step 4: binaryen's optimiser at `-O1` (see `OPTIMISE`) over every
/// module in `stage`, in one Node process per core, the modules dealt out by
/// size (`share`).
fn optimise(tools: &Tools, stage: &Path) -> Result {
    let mut modules = Vec::new();
    for file in files_with_extension(stage, "wasm")? {
        let size =
            std::fs::metadata(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?.len();
        modules.push((file, size));
    }
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let script = root().join("xtask/src/front/wasm_opt.mjs");
    let (optimize_level, shrink_level) = OPTIMISE;
    let workers: Vec<_> = share(modules, cores)
        .into_iter()
        .filter(|files| !files.is_empty())
        .map(|files| {
            command("node")
                .arg(&script)
                .arg(tools.binaryen_library())
                .args([optimize_level.to_string(), shrink_level.to_string()])
                .args(files)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .map_err(|e| format!("cannot start node: {e}"))
        })
        .collect::<Result<_>>()?;
    for worker in workers {
        let done = worker.wait_with_output().map_err(|e| format!("binaryen: {e}"))?;
        if !done.status.success() {
            return Err(format!("binaryen failed: {}", String::from_utf8_lossy(&done.stderr)));
        }
    }
    Ok(())
}

/// Step 5: names the staged files and writes the new site beside the old
/// one, then swaps it in.
fn write_site(config: &Config, stage: &Path, prefetch: HashMap<String, Vec<String>>) -> Result<Hashes> {
    let name = &config.output_name;
    let main_wasm = stage.join(format!("{name}_bg.wasm"));
    let loader = stage.join(names::loader_name(PLACEHOLDER));
    let mut chunks = BTreeMap::new();
    for file in files_with_extension(stage, "wasm")? {
        if file != main_wasm {
            let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            chunks.insert(stem, read(&file)?);
        }
    }
    let named = names::name(Unnamed {
        name: name.clone(),
        main_js: read_text(&stage.join(format!("{name}.js")))?,
        main_wasm: read(&main_wasm)?,
        css: read(&root().join(&config.style_file))?,
        loader: read_text(&loader)?,
        chunks,
        prefetch,
    })?;
    let site = config.site_root();
    let next = site.with_extension("next");
    remove_dir(&next)?;
    let pkg = next.join(&config.pkg_dir);
    create_dir(&pkg)?;
    for (file, bytes) in &named.files {
        let path = pkg.join(file);
        std::fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    copy_assets(config, &next)?;
    remove_dir(&site)?;
    std::fs::rename(&next, &site)
        .map_err(|e| format!("cannot move {} to {}: {e}", next.display(), site.display()))?;
    Ok(named.hashes)
}

/// The files of `assets-dir`, copied to the top of the site as they are.
fn copy_assets(config: &Config, site: &Path) -> Result {
    files::copy_tree(&root().join(&config.assets_dir), site)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_are_dealt_out_so_that_workers_finish_together() {
        let module = |name: &str, size| (PathBuf::from(name), size);
        let shares = share(vec![module("c", 3), module("main", 10), module("a", 4), module("b", 4)], 2);
        assert_eq!(shares, [vec![PathBuf::from("main")], vec!["a".into(), "b".into(), "c".into()]]);
        let all: usize = share(vec![module("x", 1), module("y", 1)], 8).iter().map(Vec::len).sum();
        assert_eq!(all, 2);
        assert_eq!(share(vec![module("x", 1)], 0), [vec![PathBuf::from("x")]]);
    }
}
