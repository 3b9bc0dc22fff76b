//! A real Kinerja server for the browser tests: started from the bundle in
//! `site::serve_dir` as an agency runs it (another working directory, no
//! `--site-root`), on a free loopback port with a fresh data directory and the demo agency, waited on
//! until `/healthz` answers, and stopped with SIGTERM, which must end it
//! cleanly (graceful shutdown). It logs warnings and errors only: a line per
//! request buried the tests' own failures in the run's output.

use crate::process::{Result, command, output};
use crate::site;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::Child;
use std::time::{Duration, Instant};

pub struct TestServer {
    child: Child,
    pub addr: SocketAddr,
    data_dir: PathBuf,
}

impl TestServer {
    pub fn start() -> Result<TestServer> {
        let addr = free_port()?;
        let data_dir = std::env::temp_dir().join(format!("kinerja-e2e-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data_dir);
        let child = command(site::server_binary())
            .current_dir(std::env::temp_dir())
            .arg("--addr")
            .arg(addr.to_string())
            .arg("--data-dir")
            .arg(&data_dir)
            .arg("--demo")
            .args(["--log", "warn"])
            .spawn()
            .map_err(|e| format!("cannot start the server: {e}"))?;
        let mut server = TestServer { child, addr, data_dir };
        server.wait_healthy(Duration::from_secs(60))?;
        Ok(server)
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn wait_healthy(&mut self, limit: Duration) -> Result {
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("the server exited during start-up ({status})"));
            }
            if health_status(self.addr).as_deref() == Some("200") {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(format!("the server did not answer /healthz within {limit:?}"))
    }

    /// Sends SIGTERM and requires a clean exit.
    pub fn stop(mut self) -> Result {
        let pid = self.child.id().to_string();
        output(command("kill").args(["-TERM", &pid])).ok_or("cannot signal the server")?;
        let status = self.child.wait().map_err(|e| e.to_string())?;
        let _ = std::fs::remove_dir_all(&self.data_dir);
        if status.success() {
            println!("server stopped cleanly on SIGTERM");
            Ok(())
        } else {
            Err(format!("the server did not shut down cleanly ({status})"))
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn free_port() -> Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    listener.local_addr().map_err(|e| e.to_string())
}

/// The status code of `GET /healthz`, if the server answers.
fn health_status(addr: SocketAddr) -> Option<String> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_millis(500)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    let request = format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    answer.split_whitespace().nth(1).map(str::to_owned)
}
