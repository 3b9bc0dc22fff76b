//! A throwaway PostgreSQL server for the tests that run against PostgreSQL
//! (issue 22): Debian's `postgresql` package, a cluster made by `initdb` in
//! a temporary directory, listening on a loopback port only, trusting its
//! one local user, stopped and deleted when the tests end. PostgreSQL
//! refuses to run as root, so as root the cluster belongs to the `postgres`
//! user the package creates. The tests find it through
//! `KINERJA_TEST_POSTGRES_URL` and make a database of their own in it.

use crate::process::{Result, command, output, run};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The variable that tells the tests where the server is.
pub const URL_VARIABLE: &str = "KINERJA_TEST_POSTGRES_URL";

/// Set to `postgres`, the server integration tests start their servers on
/// the throwaway server instead of SQLite files (`server/tests/common`).
pub const BACKEND_VARIABLE: &str = "KINERJA_TEST_BACKEND";

/// Debian's PostgreSQL programs: the newest installed major version.
fn bin_dir() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let major = path.file_name()?.to_str()?.parse().ok()?;
            path.join("bin/initdb").is_file().then(|| (major, path.join("bin")))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

/// Installs Debian's `postgresql` when no `initdb` is there (once).
pub fn ensure_installed() -> Result {
    if bin_dir().is_some() {
        return Ok(());
    }
    println!("installing Debian's postgresql (once)");
    crate::tools::apt_install("postgresql")
}

fn is_root() -> bool {
    output(command("id").arg("-u")).is_some_and(|uid| uid.trim() == "0")
}

/// A running throwaway server; stopped and deleted when dropped.
pub struct Throwaway {
    dir: PathBuf,
    bin: PathBuf,
    as_root: bool,
    url: String,
}

impl Throwaway {
    pub fn start() -> Result<Throwaway> {
        let bin = bin_dir().ok_or("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)")?;
        let as_root = is_root();
        let dir = std::env::temp_dir().join(format!("kinerja-postgres-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        if as_root {
            run(command("chown").arg("postgres:postgres").arg(&dir))?;
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .map_err(|e| format!("no free loopback port: {e}"))?
            .port();
        let server =
            Throwaway { url: format!("postgres://kinerja@127.0.0.1:{port}/postgres"), dir, bin, as_root };
        let data = server.dir.join("data");
        run(server
            .program("initdb")
            .args([
                "--username",
                "kinerja",
                "--auth",
                "trust",
                "--encoding",
                "UTF8",
                "--locale",
                "C",
                "--no-sync",
            ])
            .arg("--pgdata")
            .arg(&data))?;
        // Throwaway data: no fsync. The socket directory is the cluster's
        // own, since /run/postgresql may not exist or be writable.
        let settings = format!(
            "-c listen_addresses=127.0.0.1 -p {port} -k {} -c fsync=off -c synchronous_commit=off \
             -c full_page_writes=off -c max_connections=300",
            server.dir.display()
        );
        run(server
            .program("pg_ctl")
            .args(["--wait", "--silent", "--pgdata"])
            .arg(&data)
            .arg("--log")
            .arg(server.dir.join("server.log"))
            .args(["--options", &settings, "start"]))?;
        println!("PostgreSQL for the tests: {}", server.url);
        Ok(server)
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// A command of the server's version, run as the cluster's owner.
    fn program(&self, name: &str) -> Command {
        let path = self.bin.join(name);
        if self.as_root {
            let mut runuser = command("runuser");
            runuser.args(["-u", "postgres", "--"]).arg(path);
            runuser.current_dir(&self.dir);
            runuser
        } else {
            command(path)
        }
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }
}

impl Drop for Throwaway {
    fn drop(&mut self) {
        let data = self.data();
        if Path::new(&data).join("postmaster.pid").exists() {
            let _ = self
                .program("pg_ctl")
                .args(["--silent", "--mode", "immediate", "--pgdata"])
                .arg(&data)
                .arg("stop")
                .status();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
