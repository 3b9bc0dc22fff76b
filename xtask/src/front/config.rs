//! The site's build settings, read from `[[workspace.metadata.leptos]]` in
//! the workspace manifest: the block cargo-leptos reads, with the same
//! keys, so the project keeps the Leptos conventions (and one place to
//! change them) although `xtask` builds the site itself.

use crate::process::{Result, command, output, root};
use serde_json::Value;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// `output-name`: the stem of the JS, wasm and CSS files (`LEPTOS_OUTPUT_NAME`).
    pub output_name: String,
    /// `lib-package`: the crate compiled to wasm.
    pub lib_package: String,
    /// `lib-profile-release`: the cargo profile of the wasm build.
    pub lib_profile: String,
    /// `site-root`, relative to the workspace (`LEPTOS_SITE_ROOT`).
    pub site_root: String,
    /// `site-pkg-dir`, under the site root (`LEPTOS_SITE_PKG_DIR`).
    pub pkg_dir: String,
    /// `style-file`: the stylesheet, served as `<output-name>.css`.
    pub style_file: String,
    /// `assets-dir`: copied to the site root as they are.
    pub assets_dir: String,
}

impl Config {
    /// Reads the block through `cargo metadata`.
    pub fn load() -> Result<Config> {
        let text = output(command("cargo").args(["metadata", "--no-deps", "--format-version", "1"]))
            .ok_or("`cargo metadata` failed")?;
        let metadata: Value = serde_json::from_str(&text).map_err(|e| format!("cargo metadata: {e}"))?;
        Config::from_metadata(&metadata["metadata"])
    }

    fn from_metadata(metadata: &Value) -> Result<Config> {
        let block = metadata["leptos"]
            .as_array()
            .and_then(|blocks| blocks.first())
            .ok_or("Cargo.toml has no [[workspace.metadata.leptos]] block")?;
        let key = |name: &str| {
            block[name]
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| format!("[[workspace.metadata.leptos]] lacks `{name}`"))
        };
        if block["hash-files"].as_bool() != Some(true) {
            return Err(
                "[[workspace.metadata.leptos]] must set `hash-files = true`: /pkg is served immutable".into(),
            );
        }
        Ok(Config {
            output_name: key("output-name")?,
            lib_package: key("lib-package")?,
            lib_profile: key("lib-profile-release")?,
            site_root: key("site-root")?,
            pkg_dir: key("site-pkg-dir")?,
            style_file: key("style-file")?,
            assets_dir: key("assets-dir")?,
        })
    }

    pub fn site_root(&self) -> PathBuf {
        root().join(&self.site_root)
    }

    pub fn pkg_dir(&self) -> PathBuf {
        self.site_root().join(&self.pkg_dir)
    }

    /// The environment the wasm build sees, as under cargo-leptos.
    pub fn leptos_env(&self) -> [(&'static str, String); 5] {
        [
            ("LEPTOS_OUTPUT_NAME", self.output_name.clone()),
            ("LEPTOS_SITE_ROOT", self.site_root.clone()),
            ("LEPTOS_SITE_PKG_DIR", self.pkg_dir.clone()),
            ("LEPTOS_HASH_FILES", "true".into()),
            ("LEPTOS_HASH_FILE_NAME", "hash.txt".into()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workspace_block_gives_every_setting() {
        let config = Config::load().unwrap();
        assert_eq!(config.output_name, "kinerja");
        assert_eq!(config.lib_package, "kinerja-frontend");
        assert!(root().join(&config.style_file).is_file());
        assert!(root().join(&config.assets_dir).is_dir());
    }

    #[test]
    fn a_block_without_hashed_files_or_a_key_is_refused() {
        let unhashed = serde_json::json!({ "leptos": [{ "output-name": "kinerja", "hash-files": false }] });
        assert!(Config::from_metadata(&unhashed).unwrap_err().contains("hash-files"));
        let partial = serde_json::json!({ "leptos": [{ "output-name": "kinerja", "hash-files": true }] });
        assert!(Config::from_metadata(&partial).unwrap_err().contains("lib-package"));
        assert!(Config::from_metadata(&serde_json::json!({})).is_err());
    }
}
