//! The server's settings, from command-line flags or `KINERJA_*` environment
//! variables (flags win), so scripts and tests can run several instances
//! side by side.

use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Clone, Debug, Parser)]
#[command(name = "kinerja-server", version, about = "Kinerja: performance data collection server")]
pub struct Config {
    /// What to do; serving is the default.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Address and port to listen on.
    #[arg(long, env = "KINERJA_ADDR", default_value = "127.0.0.1:3000", global = true)]
    pub addr: SocketAddr,

    /// Directory holding the SQLite database (created if missing).
    #[arg(long, env = "KINERJA_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,

    /// A PostgreSQL database to serve from instead of the data directory's
    /// SQLite file (`postgres://user@host/database`; the password from the
    /// URL or `PGPASSWORD`), so that several server instances can share it.
    /// For `copy-to`, the database to copy into.
    #[arg(long, env = "KINERJA_DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// Directory of the built site (pkg files, icons) written by `cargo xtask`.
    /// Default: `site` beside this binary (a release bundle), else
    /// `target/site` under the working directory (the workspace).
    #[arg(long, env = "KINERJA_SITE_ROOT", global = true)]
    pub site_root: Option<PathBuf>,

    /// Log filter, in tracing's `EnvFilter` syntax.
    #[arg(long, env = "KINERJA_LOG", default_value = "info,tower_http=info,sqlx=warn", global = true)]
    pub log: String,

    /// Log lines as text for people, or as one JSON object per line for log shippers.
    #[arg(long, env = "KINERJA_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,

    /// Where to serve `/metrics` (Prometheus text format), e.g.
    /// `127.0.0.1:9464`: a listener of its own, kept off the public address.
    /// Default: no metrics listener.
    #[arg(long, env = "KINERJA_METRICS_ADDR", global = true)]
    pub metrics_addr: Option<SocketAddr>,

    /// Seed the demo agency (units, users, indicators, plans, past months'
    /// data) into an empty database. For trying Kinerja out, never for production.
    #[arg(long, env = "KINERJA_DEMO", default_value_t = false, global = true)]
    pub demo: bool,

    /// Mark the session cookie `Secure` (set this behind HTTPS).
    #[arg(long, env = "KINERJA_SECURE_COOKIES", default_value_t = false, global = true)]
    pub secure_cookies: bool,

    /// Seconds to let open requests finish after a shutdown signal.
    #[arg(long, env = "KINERJA_SHUTDOWN_GRACE", default_value_t = 10, global = true)]
    pub shutdown_grace: u64,

    /// Addresses of reverse proxies on other machines whose
    /// `X-Forwarded-For` names the client (a proxy on this machine is
    /// trusted anyway): with instances behind a proxy elsewhere, the
    /// per-address sign-in limit would otherwise count every user as one.
    #[arg(long = "trusted-proxy", env = "KINERJA_TRUSTED_PROXIES", value_delimiter = ',', global = true)]
    pub trusted_proxies: Vec<std::net::IpAddr>,

    /// Sync pushes one session may make per minute (a device sends at most
    /// 500 ops per push, one push at a time).
    #[arg(long, env = "KINERJA_PUSHES_PER_MINUTE", default_value_t = 120, global = true)]
    pub pushes_per_minute: usize,

    /// How often the server backs its database up while it runs (`30m`,
    /// `6h`, `1d`; `0` for never). Each backup is a checked, consistent copy.
    #[arg(long, env = "KINERJA_BACKUP_EVERY", default_value = "1d", value_parser = parse_every, global = true)]
    pub backup_every: std::time::Duration,

    /// Where scheduled backups go. Default: `backups` in the data directory.
    #[arg(long, env = "KINERJA_BACKUP_DIR", global = true)]
    pub backup_dir: Option<PathBuf>,

    /// How many scheduled backups to keep; older ones are deleted. Backups
    /// taken before migrations are never deleted by the server.
    #[arg(long, env = "KINERJA_BACKUP_KEEP", default_value_t = 14, value_parser = clap::value_parser!(u32).range(1..), global = true)]
    pub backup_keep: u32,
}

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// Reads `90s`, `30m`, `6h`, `1d`, or `0` (never: zero).
fn parse_every(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    if text == "0" {
        return Ok(std::time::Duration::ZERO);
    }
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 =
        number.parse().map_err(|_| format!("`{text}` is not a period such as 30m, 6h or 1d"))?;
    let seconds = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(format!("`{text}` is not a period such as 30m, 6h or 1d")),
    };
    number
        .checked_mul(seconds)
        .map(std::time::Duration::from_secs)
        .ok_or_else(|| format!("`{text}` is too long a period"))
}

impl Config {
    /// Where scheduled backups go.
    pub fn backup_dir(&self) -> PathBuf {
        self.backup_dir.clone().unwrap_or_else(|| self.data_dir.join(crate::db::BACKUP_DIR))
    }

    /// The site to serve: the one named, else the one beside the binary,
    /// else the workspace's.
    pub fn site_root(&self) -> PathBuf {
        if let Some(named) = &self.site_root {
            return named.clone();
        }
        std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join("site")))
            .filter(|beside| beside.is_dir())
            .unwrap_or_else(|| PathBuf::from("target/site"))
    }
}

/// The subcommands: serving, and the operator's tools beside it (`commands`).
#[derive(Clone, Debug, Subcommand)]
pub enum Command {
    /// Serve the app and the API (the default).
    Serve,
    /// Write a consistent copy of the database to a new file, also while the
    /// server runs; the copy is checked before it takes its name.
    Backup {
        /// The backup file to create (never replaced if it exists).
        #[arg(long)]
        to: PathBuf,
    },
    /// Put a backup in place as the database, with the server stopped; the
    /// backup is checked first, gets a new identity (devices pull again),
    /// and the database it replaces is set aside, not deleted.
    Restore {
        /// The backup file to restore.
        #[arg(long)]
        from: PathBuf,
    },
    /// Give an account a one-time password, to be changed at its next
    /// sign-in, and end its sessions (also while the server runs).
    ResetPassword {
        /// The account's user name.
        username: String,
    },
    /// Add an administrator with a one-time password (also on a new data
    /// directory, before the first start).
    CreateAdmin {
        /// The new account's user name.
        username: String,
    },
    /// Check the database: SQLite's integrity, foreign keys, and the
    /// migrations against this binary's. Exit code 1 when it is unsound.
    Check,
    /// Copy the agency — every row of every table, its identity included —
    /// from the data directory's SQLite database into an empty PostgreSQL
    /// database (named by `--database-url`), with the server stopped. All
    /// or nothing.
    CopyTo,
}

#[cfg(test)]
mod tests {
    use super::{Command, Config, parse_every};
    use clap::Parser;
    use std::time::Duration;

    #[test]
    fn the_systemd_units_command_line_is_understood() {
        let unit = include_str!("../../deploy/kinerja.service");
        let line = unit.lines().find_map(|line| line.strip_prefix("ExecStart=")).expect("an ExecStart line");
        let config = Config::try_parse_from(line.split_whitespace()).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(config.command, Some(Command::Serve)));
        assert!(config.secure_cookies, "the unit runs behind HTTPS");
        assert_eq!(config.addr.ip().to_string(), "127.0.0.1", "only the proxy reaches the app");
        let metrics = config.metrics_addr.expect("the unit serves metrics");
        assert!(metrics.ip().is_loopback(), "metrics stay on the machine");
    }

    #[test]
    fn a_backup_period_is_a_number_and_a_unit_or_zero() {
        assert_eq!(parse_every("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_every("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_every("6h"), Ok(Duration::from_secs(21_600)));
        assert_eq!(parse_every("1d"), Ok(Duration::from_secs(86_400)));
        assert_eq!(parse_every("0"), Ok(Duration::ZERO));
        assert_eq!(parse_every("0h"), Ok(Duration::ZERO));
        for bad in ["", "h", "6", "6 h", "-1h", "1.5h", "6w", "99999999999999999999d"] {
            assert!(parse_every(bad).is_err(), "{bad}");
        }
    }
}
