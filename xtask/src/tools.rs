//! Installing the build and test tools once, into a user-level directory that
//! later runs (and CI on the same machine) reuse: the wasm target, cargo-leptos,
//! wasm-bindgen-cli at exactly the version `Cargo.lock` pins, wasm-opt from
//! npm's binaryen (Debian's breaks the wasm), Debian's Chromium, and the
//! end-to-end tests' node packages. Pointing `KINERJA_TOOLS_DIR` at an empty
//! directory reproduces a fresh machine.

use crate::process::{self, Result, command, output, run};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

pub const CARGO_LEPTOS_VERSION: &str = "0.3.10";
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

    fn bin(&self) -> PathBuf {
        self.dir.join("bin")
    }

    fn binaryen_prefix(&self) -> PathBuf {
        self.dir.join("binaryen")
    }

    /// `PATH` with the tool directories first, for cargo-leptos and its helpers.
    pub fn path_env(&self) -> OsString {
        let mut dirs = vec![self.bin(), self.binaryen_prefix().join("node_modules/.bin")];
        dirs.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
        std::env::join_paths(dirs).unwrap_or_default()
    }

    /// Everything `cargo leptos build --release` needs.
    pub fn ensure_build_tools(&self) -> Result {
        let pin = wasm_bindgen_pin()?;
        check_wasm_bindgen(&self.bin(), &pin)?;
        ensure_wasm_target()?;
        self.ensure_cargo_install("wasm-bindgen-cli", "wasm-bindgen", &pin)?;
        self.ensure_cargo_install("cargo-leptos", "cargo-leptos", CARGO_LEPTOS_VERSION)?;
        self.ensure_wasm_opt()
    }

    /// Everything the browser tests need, on top of the build tools.
    pub fn ensure_browser_tools(&self) -> Result {
        ensure_chromium()?;
        ensure_node_packages(&process::root().join("end2end"))
    }

    fn ensure_cargo_install(&self, krate: &str, binary: &str, version: &str) -> Result {
        if installed_version(&self.bin().join(binary)).as_deref() == Some(version) {
            return Ok(());
        }
        println!("installing {krate} {version} into {} (once)", self.dir.display());
        let mut install = command("cargo");
        install.args(["install", krate, "--version", version, "--locked", "--force", "--root"]);
        install.arg(&self.dir);
        if krate == "cargo-leptos" {
            install.args(["--features", "no_downloads"]);
        }
        run(&mut install)
    }

    fn ensure_wasm_opt(&self) -> Result {
        let wasm_opt = self.binaryen_prefix().join("node_modules/.bin/wasm-opt");
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

/// The wasm-bindgen version `Cargo.lock` pins (the workspace requires `=`).
pub fn wasm_bindgen_pin() -> Result<String> {
    let lock_path = process::root().join("Cargo.lock");
    let lock = std::fs::read_to_string(&lock_path)
        .map_err(|e| format!("cannot read {}: {e}", lock_path.display()))?;
    lock_version(&lock, "wasm-bindgen").ok_or_else(|| "Cargo.lock has no wasm-bindgen package".to_owned())
}

fn lock_version(lock: &str, package: &str) -> Option<String> {
    let name_line = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    lines.by_ref().find(|line| *line == name_line)?;
    let version = lines.next()?.strip_prefix("version = \"")?.strip_suffix('"')?;
    Some(version.to_owned())
}

/// Refuses to go on when a wasm-bindgen in `bin` differs from `pin`: the
/// JS glue it writes would not match the wasm at run time.
pub fn check_wasm_bindgen(bin: &Path, pin: &str) -> Result {
    let binary = bin.join("wasm-bindgen");
    if !binary.exists() {
        return Ok(());
    }
    match installed_version(&binary) {
        Some(found) if found == pin => Ok(()),
        found => Err(format!(
            "{} is version {}, but Cargo.lock pins wasm-bindgen {pin}; the build would break in the browser. \
             Remove it (rm {}) and run again to install {pin}.",
            binary.display(),
            found.as_deref().unwrap_or("unknown"),
            binary.display()
        )),
    }
}

/// The version a tool prints as its second word (`wasm-bindgen 0.2.117`).
fn installed_version(binary: &Path) -> Option<String> {
    let text = output(std::process::Command::new(binary).arg("--version"))?;
    text.split_whitespace().nth(1).map(str::to_owned)
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
    let as_root = output(command("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    let apt = |args: &[&str]| {
        let mut apt = if as_root { command("apt-get") } else { sudo_apt() };
        apt.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        apt
    };
    run(&mut apt(&["update"]))?;
    run(&mut apt(&["install", "-y", "--no-install-recommends", "chromium"]))
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
    use std::os::unix::fs::PermissionsExt;

    /// Writing a script and running it while another test thread forks can
    /// fail with "text file busy" (the fork briefly holds the write handle):
    /// tests that write and run fake tools take turns.
    static FAKE_TOOLS: std::sync::Mutex<()> = std::sync::Mutex::new(());

    fn fake_tool(dir: &Path, name: &str, prints: &str) {
        let path = dir.join(name);
        std::fs::write(&path, format!("#!/bin/sh\necho '{prints}'\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    #[test]
    fn refuses_a_wasm_bindgen_other_than_the_pin() {
        let _turn = FAKE_TOOLS.lock().unwrap_or_else(|poison| poison.into_inner());
        let dir = tempfile::tempdir().unwrap();
        fake_tool(dir.path(), "wasm-bindgen", "wasm-bindgen 0.2.100");
        let error = check_wasm_bindgen(dir.path(), "0.2.117").unwrap_err();
        assert!(error.contains("0.2.100") && error.contains("0.2.117"), "{error}");
    }

    #[test]
    fn accepts_the_pinned_wasm_bindgen_or_none_yet() {
        let _turn = FAKE_TOOLS.lock().unwrap_or_else(|poison| poison.into_inner());
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(check_wasm_bindgen(dir.path(), "0.2.117"), Ok(()));
        fake_tool(dir.path(), "wasm-bindgen", "wasm-bindgen 0.2.117");
        assert_eq!(check_wasm_bindgen(dir.path(), "0.2.117"), Ok(()));
    }

    #[test]
    fn the_pin_comes_from_the_lock_file_and_matches_the_manifest() {
        let pin = wasm_bindgen_pin().unwrap();
        let manifest = std::fs::read_to_string(process::root().join("Cargo.toml")).unwrap();
        assert!(
            manifest.contains(&format!("wasm-bindgen = \"={pin}\"")),
            "Cargo.toml must pin wasm-bindgen to ={pin}"
        );
    }

    #[test]
    fn reads_a_package_version_from_a_lock_file() {
        let lock = "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.117\"\n";
        assert_eq!(lock_version(lock, "wasm-bindgen").as_deref(), Some("0.2.117"));
        assert_eq!(lock_version(lock, "leptos"), None);
    }
}
