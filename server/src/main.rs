//! The `kinerja-server` binary: parse the configuration, run, and turn any
//! start-up failure into one clear line on stderr and a non-zero exit.

use clap::Parser;
use kinerja_server::commands;
use kinerja_server::config::{Command, Config};
use kinerja_server::serve;
use std::process::ExitCode;

/// Rows are built on SQLite's connection threads and freed on the runtime's;
/// with glibc's allocator those cross-thread frees took a tenth of the
/// server's CPU under concurrent pushes (`cargo bench --bench sync_push`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let config = Config::parse();
    let url = config.database_url.as_deref();
    match &config.command {
        Some(Command::Backup { .. }) if url.is_some() => return commands::file_only("backup"),
        Some(Command::Restore { .. }) if url.is_some() => return commands::file_only("restore"),
        Some(Command::Check) if url.is_some() => return commands::file_only("check"),
        Some(Command::Backup { to }) => return commands::backup(&config.data_dir, to).await,
        Some(Command::Restore { from }) => return commands::restore(from, &config.data_dir).await,
        Some(Command::Check) => return commands::check(&config.data_dir).await,
        Some(Command::CopyTo) => {
            return commands::copy_to(&config.data_dir, url).await;
        }
        Some(Command::ResetPassword { username }) => {
            return commands::reset_password(&config.data_dir, url, username).await;
        }
        Some(Command::CreateAdmin { username }) => {
            return commands::create_admin(&config.data_dir, url, username).await;
        }
        Some(Command::Serve) | None => {}
    }
    serve::init_logging(&config);
    match serve::run(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("kinerja-server: error: {error}");
            ExitCode::from(2)
        }
    }
}
