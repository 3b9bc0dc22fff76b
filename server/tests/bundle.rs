//! The server as an agency installs it: the binary, `hash.txt` and `site/`
//! side by side in one directory (the layout `cargo xtask dist` packs). It
//! finds the site beside itself from any working directory, and refuses to
//! start on a site whose file names its `hash.txt` does not give, instead of
//! serving pages that load no app.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::common;

use common::{BINARY, free_addr};

/// A bundle in `dir`: the binary, a site whose main JS is `kinerja.<js>.js`,
/// and `hash.txt` saying `hash` (none when `None`).
fn bundle(dir: &Path, js: &str, hash: Option<&str>) {
    // A hard link, not a copy: a copy holds the new file open for writing,
    // a server another test spawns meanwhile inherits that handle, and
    // running the file then fails with "Text file busy". A bundle made
    // again in the same directory links anew; a copy only where a link
    // cannot be made (the temporary directory on another file system).
    let binary = dir.join("kinerja-server");
    let _ = std::fs::remove_file(&binary);
    if std::fs::hard_link(BINARY, &binary).is_err() {
        std::fs::copy(BINARY, &binary).unwrap();
    }
    let pkg = dir.join("site/pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join(format!("kinerja.{js}.js")), "export default function () {}").unwrap();
    std::fs::write(pkg.join("kinerja.wwwwwwwwwwwwwwwwwwwwww.wasm"), b"\0asm").unwrap();
    std::fs::write(pkg.join("kinerja.cccccccccccccccccccccc.css"), "body {}").unwrap();
    if let Some(hash) = hash {
        let text = format!("js: {hash}\nwasm: wwwwwwwwwwwwwwwwwwwwww\ncss: cccccccccccccccccccccc\n");
        std::fs::write(dir.join("hash.txt"), text).unwrap();
    }
}

/// Starts the bundle's binary from another working directory; waits for it.
async fn start(dir: &Path, data: &Path) -> (std::process::Child, String) {
    let addr = free_addr();
    let elsewhere = tempfile::tempdir().unwrap();
    let mut child = Command::new(dir.join("kinerja-server"))
        .args(["--addr", &addr, "--data-dir"])
        .arg(data)
        .current_dir(elsewhere.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    for _ in 0..600 {
        if reqwest::get(format!("http://{addr}/healthz")).await.is_ok_and(|r| r.status() == 200) {
            return (child, addr);
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    child.kill().unwrap();
    let ended = child.wait_with_output().unwrap();
    panic!("the bundled server did not start: {}", String::from_utf8_lossy(&ended.stderr));
}

fn refused(dir: &Path, data: &Path) -> String {
    let output = Command::new(dir.join("kinerja-server"))
        .args(["--addr", &free_addr(), "--data-dir"])
        .arg(data)
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test]
async fn a_bundle_serves_its_own_site_from_any_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    bundle(dir.path(), "jjjjjjjjjjjjjjjjjjjjjj", Some("jjjjjjjjjjjjjjjjjjjjjj"));
    let (mut child, addr) = start(dir.path(), data.path()).await;
    let page = reqwest::get(format!("http://{addr}/")).await.unwrap().text().await.unwrap();
    assert!(page.contains("/pkg/kinerja.jjjjjjjjjjjjjjjjjjjjjj.js"), "the page links the hashed JS");
    let js = reqwest::get(format!("http://{addr}/pkg/kinerja.jjjjjjjjjjjjjjjjjjjjjj.js")).await.unwrap();
    assert_eq!(js.status(), 200, "the site beside the binary is served");
    let worker = reqwest::get(format!("http://{addr}/sw.js")).await.unwrap().text().await.unwrap();
    assert!(
        worker.contains("/pkg/kinerja.cccccccccccccccccccccc.css"),
        "the worker precaches the hashed files"
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn a_site_without_its_hash_file_or_with_another_builds_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    bundle(dir.path(), "jjjjjjjjjjjjjjjjjjjjjj", None);
    let without = refused(dir.path(), data.path());
    assert!(without.contains("hashed file names") && without.contains("hash.txt"), "{without}");
    bundle(dir.path(), "jjjjjjjjjjjjjjjjjjjjjj", Some("kkkkkkkkkkkkkkkkkkkkkk"));
    let other = refused(dir.path(), data.path());
    assert!(other.contains("different builds"), "{other}");
}
