//! The operator's subcommands beside serving (`kinerja-server backup`,
//! `restore`, `check`): what they print and how they exit, so scripts and cron jobs can
//! rely on them. Exit codes: 0 done and sound, 1 the database is unsound
//! (`check`), 2 the command could not do its work (the message says why).

use crate::db;
use std::path::Path;
use std::process::ExitCode;

/// `backup --to FILE`: copies the data directory's database.
pub async fn backup(data_dir: &Path, to: &Path) -> ExitCode {
    match db::backup(&data_dir.join(db::DB_FILE), to).await {
        Ok(report) => {
            let size = std::fs::metadata(to).map(|m| m.len()).unwrap_or_default();
            println!("backup written: {} ({size} bytes)", to.display());
            for line in report.lines() {
                println!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(error) => failed("backup", &error),
    }
}

/// `restore --from FILE`: puts a backup in place, the server stopped.
pub async fn restore(from: &Path, data_dir: &Path) -> ExitCode {
    match db::restore(from, data_dir).await {
        Ok(restored) => {
            println!("restored {} into {}", from.display(), data_dir.join(db::DB_FILE).display());
            println!(
                "new database identity: {} (devices pull again and resend what they hold)",
                restored.instance_id
            );
            if let Some(aside) = restored.set_aside {
                println!("the database it replaced is kept as {}", aside.display());
            }
            ExitCode::SUCCESS
        }
        Err(error) => failed("restore", &error),
    }
}

/// `check`: reports on the data directory's database.
pub async fn check(data_dir: &Path) -> ExitCode {
    let path = data_dir.join(db::DB_FILE);
    match db::check(&path).await {
        Ok(report) => {
            println!("database: {}", path.display());
            for line in report.lines() {
                println!("{line}");
            }
            if report.is_sound() {
                ExitCode::SUCCESS
            } else {
                eprintln!("kinerja-server check: the database is unsound; restore it from a backup");
                ExitCode::from(1)
            }
        }
        Err(error) => failed("check", &error),
    }
}

fn failed(command: &str, error: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("kinerja-server {command}: error: {error}");
    ExitCode::from(2)
}
