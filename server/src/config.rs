//! The server's settings, from command-line flags or `KINERJA_*` environment
//! variables (flags win), so scripts and tests can run several instances
//! side by side.

use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Clone, Debug, Parser)]
#[command(name = "kinerja-server", version, about = "Kinerja: performance data collection server")]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "KINERJA_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// Directory holding the SQLite database (created if missing).
    #[arg(long, env = "KINERJA_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// Directory of the built site (pkg files, icons) written by `cargo xtask`.
    #[arg(long, env = "KINERJA_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,

    /// Log filter, in tracing's `EnvFilter` syntax.
    #[arg(long, env = "KINERJA_LOG", default_value = "info,tower_http=info,sqlx=warn")]
    pub log: String,

    /// Seed the demo agency (units, users, indicators, plans, past months'
    /// data) into an empty database. For trying Kinerja out, never for production.
    #[arg(long, env = "KINERJA_DEMO", default_value_t = false)]
    pub demo: bool,

    /// Mark the session cookie `Secure` (set this behind HTTPS).
    #[arg(long, env = "KINERJA_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,

    /// Seconds to let open requests finish after a shutdown signal.
    #[arg(long, env = "KINERJA_SHUTDOWN_GRACE", default_value_t = 10)]
    pub shutdown_grace: u64,

    /// Sync pushes one session may make per minute (a device sends at most
    /// 500 ops per push, one push at a time).
    #[arg(long, env = "KINERJA_PUSHES_PER_MINUTE", default_value_t = 120)]
    pub pushes_per_minute: usize,
}
