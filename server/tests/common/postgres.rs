//! A database of the test's own on the throwaway PostgreSQL server that
//! `cargo xtask test` starts and names in `KINERJA_TEST_POSTGRES_URL`.
//! Without that variable (a plain `cargo test`), the tests on PostgreSQL
//! say so and do nothing; `cargo xtask test` always sets it.

use sqlx::Connection;
use std::sync::atomic::{AtomicUsize, Ordering};

pub const URL_VARIABLE: &str = "KINERJA_TEST_POSTGRES_URL";

/// The URL of a new, empty database, or `None` without a server.
pub async fn fresh_database(test: &str) -> Option<String> {
    fresh_database_with(test, "").await
}

/// The same, created with `options` (`CREATE DATABASE name options`).
pub async fn fresh_database_with(test: &str, options: &str) -> Option<String> {
    static MADE: AtomicUsize = AtomicUsize::new(0);
    let Ok(server) = std::env::var(URL_VARIABLE) else {
        eprintln!("{test}: skipped, no PostgreSQL server ({URL_VARIABLE} is set by `cargo xtask test`)");
        return None;
    };
    let name = format!("{test}_{}_{}", std::process::id(), MADE.fetch_add(1, Ordering::Relaxed));
    let mut admin = sqlx::PgConnection::connect(&server).await.expect("the test PostgreSQL server answers");
    sqlx::query(&format!("CREATE DATABASE {name} {options}")).execute(&mut admin).await.unwrap();
    admin.close().await.unwrap();
    let (base, _) = server.rsplit_once('/').expect("a URL with a database");
    Some(format!("{base}/{name}"))
}

/// The variable that runs the suite's servers on PostgreSQL.
pub const BACKEND_VARIABLE: &str = "KINERJA_TEST_BACKEND";

/// Whether the suite's servers run on PostgreSQL (`KINERJA_TEST_BACKEND=postgres`).
pub fn serving() -> bool {
    std::env::var(BACKEND_VARIABLE).as_deref() == Ok("postgres")
}

/// With `KINERJA_TEST_BACKEND=postgres`, the PostgreSQL database that stands
/// for `data_dir`: made on the first start and named in a file inside the
/// directory, so that a restart on the same directory finds the same data.
pub async fn backend_for(data_dir: &std::path::Path) -> Option<String> {
    if !serving() {
        return None;
    }
    let named = data_dir.join("test-database-url");
    if let Ok(url) = std::fs::read_to_string(&named) {
        return Some(url);
    }
    let url =
        fresh_database("served").await.expect("KINERJA_TEST_BACKEND=postgres needs a PostgreSQL server");
    std::fs::create_dir_all(data_dir).unwrap();
    std::fs::write(&named, &url).unwrap();
    Some(url)
}

/// A pool on the database at `url`, to look at what was stored.
pub async fn pool(url: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::any::AnyPoolOptions::new().max_connections(2).connect(url).await.unwrap()
}
