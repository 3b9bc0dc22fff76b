//! Installing the build and test tools once, into a user-level directory that
//! later runs (and CI on the same machine) reuse: the wasm target, wasm-opt
//! from npm's binaryen (Debian's breaks the wasm), Debian's Chromium and
//! PostgreSQL (`postgres`), and the end-to-end tests' node packages. Nothing
//! is compiled from source: the rest of the build is `xtask`'s own (`front`).
//! Pointing `KINERJA_TOOLS_DIR` at an empty directory reproduces a fresh
//! machine.

use crate::process::{self, Result, command, output, run};
use std::path::{Path, PathBuf};

pub const BINARYEN_VERSION: &str = "132.0.0";
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Where the tools live.
pub struct Tools {
    dir: PathBuf,
}

impl Tools {
    pub fn from_env() -> Tools {
        let dir = std::env::var_os("KINERJA_TOOLS_DIR").map(PathBuf::from).unwrap_or_else(|| {
            let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("."));
            home.join(".cache/kinerja/tools")
        });
        Tools { dir }
    }

    fn binaryen_prefix(&self) -> PathBuf {
        self.dir.join("binaryen")
    }

    /// npm binaryen's `wasm-opt` command.
    fn wasm_opt(&self) -> PathBuf {
        self.binaryen_prefix().join("node_modules/.bin/wasm-opt")
    }

    /// npm binaryen's library, which `front` drives from Node.
    pub fn binaryen_library(&self) -> PathBuf {
        self.binaryen_prefix().join("node_modules/binaryen/index.js")
    }

    /// Everything the site's build needs.
    pub fn ensure_build_tools(&self) -> Result {
        ensure_wasm_target()?;
        self.ensure_wasm_opt()
    }

    /// Everything the tests need on top of the build tools: Chromium for the
    /// browser tests, PostgreSQL for the tests on PostgreSQL, the node packages.
    pub fn ensure_test_tools(&self) -> Result {
        ensure_chromium()?;
        crate::postgres::ensure_installed()?;
        ensure_node_packages(&process::root().join("end2end"))
    }

    fn ensure_wasm_opt(&self) -> Result {
        let wasm_opt = self.wasm_opt();
        let major = BINARYEN_VERSION.split('.').next().unwrap_or_default();
        let current = output(command(&wasm_opt).arg("--version")).unwrap_or_default();
        if current.contains(&format!("version {major}")) {
            return Ok(());
        }
        println!("installing wasm-opt (npm binaryen@{BINARYEN_VERSION}) into {} (once)", self.dir.display());
        let prefix = self.binaryen_prefix();
        std::fs::create_dir_all(&prefix).map_err(|e| format!("cannot create {}: {e}", prefix.display()))?;
        run(command("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&prefix)
            .arg(format!("binaryen@{BINARYEN_VERSION}")))
    }
}

fn ensure_wasm_target() -> Result {
    let installed = output(command("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|line| line.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    run(command("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn ensure_chromium() -> Result {
    if Path::new(CHROMIUM).exists() {
        return Ok(());
    }
    println!("installing Debian's chromium (once)");
    apt_install("chromium")
}

/// Installs one Debian package with apt-get, as root or with `sudo -n`.
pub fn apt_install(package: &str) -> Result {
    let as_root = output(command("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    let apt = |args: &[&str]| {
        let mut apt = if as_root { command("apt-get") } else { sudo_apt() };
        apt.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        apt
    };
    run(&mut apt(&["update"]))?;
    run(&mut apt(&["install", "-y", "--no-install-recommends", package]))
}

fn sudo_apt() -> std::process::Command {
    let mut sudo = command("sudo");
    sudo.args(["-n", "apt-get"]);
    sudo
}

fn ensure_node_packages(dir: &Path) -> Result {
    let lock = dir.join("package-lock.json");
    let installed = dir.join("node_modules/.package-lock.json");
    let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let fresh = match (modified(&lock), modified(&installed)) {
        (Some(lock), Some(installed)) => installed >= lock,
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    run(command("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The version of `package` that `Cargo.lock` holds (the first, when several).
    fn lock_version(lock: &str, package: &str) -> Option<String> {
        let name_line = format!("name = \"{package}\"");
        let mut lines = lock.lines();
        lines.by_ref().find(|line| *line == name_line)?;
        let version = lines.next()?.strip_prefix("version = \"")?.strip_suffix('"')?;
        Some(version.to_owned())
    }

    /// The JS glue must come from the wasm-bindgen the app links: both are
    /// pinned with `=`, and the lock file must hold one version of each.
    #[test]
    fn the_glue_writer_is_the_wasm_bindgen_the_app_links() {
        let lock = std::fs::read_to_string(process::root().join("Cargo.lock")).unwrap();
        let linked = lock_version(&lock, "wasm-bindgen").unwrap();
        assert_eq!(lock_version(&lock, "wasm-bindgen-cli-support"), Some(linked.clone()));
        let workspace = std::fs::read_to_string(process::root().join("Cargo.toml")).unwrap();
        let xtask = std::fs::read_to_string(process::root().join("xtask/Cargo.toml")).unwrap();
        assert!(workspace.contains(&format!("wasm-bindgen = \"={linked}\"")), "the app pins ={linked}");
        assert!(xtask.contains(&format!("wasm-bindgen-cli-support = \"={linked}\"")), "xtask pins ={linked}");
    }

    #[test]
    fn reads_a_package_version_from_a_lock_file() {
        let lock = "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.117\"\n";
        assert_eq!(lock_version(lock, "wasm-bindgen").as_deref(), Some("0.2.117"));
        assert_eq!(lock_version(lock, "leptos"), None);
    }
}
