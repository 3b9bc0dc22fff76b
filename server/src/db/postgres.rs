//! PostgreSQL, the database of deployments with several server instances:
//! connected to, checked to sort text by its bytes as SQLite does (or lists
//! and reports would change order after a move), migrated
//! (`migrations/postgres`, the twins of SQLite's), and opened as a `Db`
//! whose queries are the same as on SQLite, through sqlx's Any driver.

use super::{Backend, Db};
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::{MigrateError, Migrator};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use std::str::FromStr;
use std::time::Duration;

pub(crate) static MIGRATOR: Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Debug, thiserror::Error)]
pub enum PostgresError {
    #[error("`{0}` is not a PostgreSQL URL such as postgres://kinerja@db.internal/kinerja")]
    NotAUrl(String),
    #[error("cannot connect to the PostgreSQL database {name}: {source}")]
    Connect { name: String, source: sqlx::Error },
    #[error(
        "the PostgreSQL database {name} sorts text as `{sorted}`, not by its bytes as SQLite does, so lists \
         and reports would come out in another order: create the database with \
         `createdb --locale C --template template0`"
    )]
    Collation { name: String, sorted: String },
    #[error("cannot apply the PostgreSQL migrations to {name}: {source}")]
    Migrate { name: String, source: MigrateError },
}

/// Words whose order tells a byte order (SQLite's) from a language's.
const PROBE: [&str; 8] = ["a", "B", "a-b", "ab", "Z", "_", "é", "e"];

/// Connects to the database at `url`, checks that it orders text as SQLite
/// does, and applies the pending migrations.
pub async fn connect(url: &str) -> Result<PgPool, PostgresError> {
    let options = PgConnectOptions::from_str(url)
        .ok()
        .filter(|_| url.starts_with("postgres://") || url.starts_with("postgresql://"))
        .ok_or_else(|| PostgresError::NotAUrl(without_password(url)))?;
    let name = describe(&options);
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await
        .map_err(|source| PostgresError::Connect { name: name.clone(), source })?;
    let sorted: String =
        sqlx::query_scalar("SELECT string_agg(w, ' ' ORDER BY w) FROM unnest($1::text[]) AS w")
            .bind(PROBE)
            .fetch_one(&pool)
            .await
            .map_err(|source| PostgresError::Connect { name: name.clone(), source })?;
    let mut bytes = PROBE;
    bytes.sort_unstable();
    if sorted != bytes.join(" ") {
        return Err(PostgresError::Collation { name, sorted });
    }
    MIGRATOR.run(&pool).await.map_err(|source| PostgresError::Migrate { name, source })?;
    Ok(pool)
}

/// The database as messages name it: user, host, port and database, never
/// the password.
fn describe(options: &PgConnectOptions) -> String {
    format!(
        "{}@{}:{}/{}",
        options.get_username(),
        options.get_host(),
        options.get_port(),
        options.get_database().unwrap_or_default()
    )
}

/// A URL as messages may repeat it: whatever stands between `:` and `@`
/// after the scheme (the password) is replaced.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return "(not a URL)".to_owned();
    };
    match rest.rsplit_once('@') {
        Some((credentials, host)) => {
            let user = credentials.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:…@{host}")
        }
        None => url.to_owned(),
    }
}

/// Serves from the PostgreSQL database at `url`, checked and migrated.
pub async fn open(url: &str) -> Result<Db, PostgresError> {
    let migrated = connect(url).await?;
    migrated.close().await;
    let name = describe(
        &PgConnectOptions::from_str(url).map_err(|_| PostgresError::NotAUrl(without_password(url)))?,
    );
    let failed = |source| PostgresError::Connect { name: name.clone(), source };
    sqlx::any::install_default_drivers();
    let pool = AnyPoolOptions::new().max_connections(8).connect(url).await.map_err(failed)?;
    let writer = AnyPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(60))
        .connect(url)
        .await
        .map_err(failed)?;
    let instance_id = super::instance::ensure(&pool).await.map_err(failed)?;
    let schema_version = MIGRATOR.iter().map(|m| m.version).max().unwrap_or_default();
    Ok(Db {
        pool,
        instance_id,
        schema_version,
        writer,
        reference: Default::default(),
        backend: Backend::Postgres,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_never_repeat_a_password() {
        assert_eq!(without_password("postgres://kinerja:s3cret@db/x"), "postgres://kinerja:…@db/x");
        assert_eq!(without_password("mysql://a:b:c@d@db/x"), "mysql://a:…@db/x");
        assert_eq!(without_password("postgres://db/x"), "postgres://db/x");
        assert_eq!(without_password("s3cret"), "(not a URL)");
        let options =
            PgConnectOptions::from_str("postgres://kinerja:s3cret@db.internal:5433/agency").unwrap();
        assert_eq!(describe(&options), "kinerja@db.internal:5433/agency");
    }

    #[tokio::test]
    async fn only_a_postgres_url_is_taken() {
        for url in ["sqlite://data/kinerja.sqlite", "mysql://root:s3cret@db/x", "kinerja"] {
            let error = connect(url).await.unwrap_err();
            assert!(matches!(error, PostgresError::NotAUrl(_)), "{url}: {error}");
            assert!(!error.to_string().contains("s3cret"), "{error}");
        }
    }
}
