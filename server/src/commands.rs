//! The operator's subcommands beside serving (`kinerja-server backup`,
//! `restore`, `check`, `copy-to`, `reset-password`, `create-admin`): what they print and how they exit, so scripts and cron jobs can
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

/// `copy-to --database-url postgres://…`: the agency into an empty PostgreSQL database.
pub async fn copy_to(data_dir: &Path, url: Option<&str>) -> ExitCode {
    let Some(url) = url else {
        return failed("copy-to", &"name the PostgreSQL database to fill with --database-url postgres://…");
    };
    match db::copy_to(data_dir, url).await {
        Ok(copied) => {
            let rows: u64 = copied.tables.iter().map(|(_, rows)| rows).sum();
            println!(
                "copied {} into PostgreSQL: {} tables, {rows} rows",
                data_dir.join(db::DB_FILE).display(),
                copied.tables.len()
            );
            for (table, rows) in &copied.tables {
                println!("{table}: {rows}");
            }
            ExitCode::SUCCESS
        }
        Err(error) => failed("copy-to", &error),
    }
}

/// Who the audit trail names for an account changed at the server's console.
pub const CONSOLE: &str = "console";

/// `reset-password USER`: a one-time password for the account, printed once.
pub async fn reset_password(data_dir: &Path, url: Option<&str>, username: &str) -> ExitCode {
    let outcome = async {
        let db = open(data_dir, url).await?;
        let id = db.user_id_named(username).await.map_err(|e| e.to_string());
        let reset = match id {
            Ok(Some(id)) => db.reset_password(CONSOLE, &id).await.map_err(|e| e.to_string()),
            Ok(None) => Err(format!("there is no account called `{username}`")),
            Err(error) => Err(error),
        };
        db.close().await;
        reset
    };
    match outcome.await {
        Ok(password) => {
            println!("one-time password for `{username}`: {password}");
            println!("(to be changed at the next sign-in; the account's sessions were ended)");
            ExitCode::SUCCESS
        }
        Err(error) => failed("reset-password", &error),
    }
}

/// `create-admin USER`: a new administrator with a one-time password, printed once.
pub async fn create_admin(data_dir: &Path, url: Option<&str>, username: &str) -> ExitCode {
    let outcome = async {
        let db = open(data_dir, url).await?;
        let added = db.add_administrator(username, Some(CONSOLE)).await.map_err(|e| match e {
            db::WriteError::Invalid(problems) => {
                let said: Vec<String> =
                    problems.iter().map(|p| format!("{} {}", p.field, p.problem.message())).collect();
                format!("`{username}` cannot be added: {}", said.join(", "))
            }
            other => other.to_string(),
        });
        db.close().await;
        added
    };
    match outcome.await {
        Ok(password) => {
            println!("administrator `{username}` created; one-time password: {password}");
            println!("(to be changed at the first sign-in)");
            ExitCode::SUCCESS
        }
        Err(error) => failed("create-admin", &error),
    }
}

/// The database the server serves: PostgreSQL when a URL is given, else
/// the data directory's file.
async fn open(data_dir: &Path, url: Option<&str>) -> Result<db::Db, String> {
    match url {
        Some(url) => db::open_postgres(url).await.map_err(|e| e.to_string()),
        None => db::open(data_dir).await.map_err(|e| e.to_string()),
    }
}

/// `backup`, `restore` and `check` work on the data directory's file; a
/// PostgreSQL database is kept with PostgreSQL's own tools.
pub fn file_only(command: &str) -> ExitCode {
    failed(
        command,
        &"this command works on the data directory's SQLite file; back up, restore and check PostgreSQL \
          with its own tools (pg_dump, pg_restore, amcheck; see OPERATIONS.md)",
    )
}

fn failed(command: &str, error: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("kinerja-server {command}: error: {error}");
    ExitCode::from(2)
}
