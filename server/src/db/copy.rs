//! `kinerja-server copy-to --database-url postgres://…`: moves an agency
//! from its SQLite file into an empty PostgreSQL database, complete — every
//! row of every table, the database identity and the change feed as they
//! are, so devices keep their sync position — and the identity counters
//! after the copied numbers. It runs with the server stopped (it takes the
//! data directory, as `restore` does), reads the SQLite file in one read
//! transaction and writes in one PostgreSQL transaction: the target holds
//! all of it or, on any failure, nothing. The two schemas are compared
//! first, table by table and column by column.

use super::check::check;
use super::open::{DB_FILE, DbError, classify};
use super::owner::{OwnerError, own};
use super::postgres::{self, PostgresError};
use futures_util::TryStreamExt;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqliteRow};
use sqlx::{Connection, PgConnection, Postgres, QueryBuilder, Row};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The table copied last: the copy's own inserts move it (by trigger), so
/// the source's value is written after them.
const REFERENCE_VERSION: &str = "reference_version";

/// Rows and bytes sent in one INSERT.
const BATCH_ROWS: usize = 500;
const BATCH_BYTES: usize = 8 << 20;

/// How many rows each table received.
#[derive(Debug)]
pub struct Copied {
    pub tables: Vec<(String, u64)>,
}

#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error(transparent)]
    Owner(#[from] OwnerError),
    #[error(transparent)]
    Source(#[from] DbError),
    #[error("the database {path} is unsound or not fully migrated, so it is not copied: {}", .lines.join("; "))]
    Unsound { path: PathBuf, lines: Vec<String> },
    #[error(transparent)]
    Target(#[from] PostgresError),
    #[error(
        "the PostgreSQL database is not empty (table {0} has rows); copy-to fills an empty database only: \
         create a new one"
    )]
    NotEmpty(String),
    #[error("the two schemas differ, so nothing was copied: {0}")]
    Schema(String),
    #[error("the copy failed and PostgreSQL was left as it was: {0}")]
    Copy(#[from] sqlx::Error),
}

/// Copies the SQLite database of `data_dir` into the PostgreSQL database at `url`.
pub async fn copy_to(data_dir: &Path, url: &str) -> Result<Copied, CopyError> {
    let _owner = own(data_dir)?;
    let path = data_dir.join(DB_FILE);
    let report = check(&path).await?;
    if !report.is_sound() || !report.pending.is_empty() {
        return Err(CopyError::Unsound { path, lines: report.lines() });
    }
    let options =
        SqliteConnectOptions::new().filename(&path).create_if_missing(false).pragma("query_only", "ON");
    let mut source = SqliteConnection::connect_with(&options).await.map_err(|e| classify(&path, e))?;
    let target = postgres::connect(url).await?;
    let mut target = target.acquire().await?.detach();
    let copied = copy_all(&mut source, &mut target).await;
    let _ = source.close().await;
    let _ = target.close().await;
    copied
}

async fn copy_all(source: &mut SqliteConnection, target: &mut PgConnection) -> Result<Copied, CopyError> {
    let mut source = source.begin().await?;
    let mut target = target.begin().await?;
    sqlx::query("SET CONSTRAINTS ALL DEFERRED").execute(&mut *target).await?;
    let tables = tables(&mut source, &mut target).await?;
    let mut plans = Vec::new();
    for table in &tables {
        plans.push(plan(&mut source, &mut target, table).await?);
    }
    for plan in &plans {
        if plan.table != REFERENCE_VERSION
            && sqlx::query_scalar::<_, bool>(&format!("SELECT EXISTS (SELECT 1 FROM {})", plan.table))
                .fetch_one(&mut *target)
                .await?
        {
            return Err(CopyError::NotEmpty(plan.table.clone()));
        }
    }
    let seeded: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM reference_version WHERE NOT (id = 1 AND version = 0)")
            .fetch_one(&mut *target)
            .await?;
    if seeded > 0 {
        return Err(CopyError::NotEmpty(REFERENCE_VERSION.to_owned()));
    }
    sqlx::query("DELETE FROM reference_version").execute(&mut *target).await?;
    let mut counts = Vec::new();
    for plan in &plans {
        counts.push((plan.table.clone(), copy_table(&mut source, &mut target, plan).await?));
    }
    for plan in &plans {
        for column in &plan.identities {
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', '{column}'), \
                 COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)",
                table = plan.table
            ))
            .execute(&mut *target)
            .await?;
        }
    }
    target.commit().await?;
    source.rollback().await?;
    Ok(Copied { tables: counts })
}

/// The tables both databases hold (which must be the same), the reference
/// version last.
async fn tables(source: &mut SqliteConnection, target: &mut PgConnection) -> Result<Vec<String>, CopyError> {
    let from: BTreeSet<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
    )
    .fetch_all(&mut *source)
    .await?
    .into_iter()
    .collect();
    let to: BTreeSet<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(&mut *target)
    .await?
    .into_iter()
    .collect();
    if from != to {
        let only = |a: &BTreeSet<String>, b: &BTreeSet<String>| {
            a.difference(b).cloned().collect::<Vec<_>>().join(", ")
        };
        return Err(CopyError::Schema(format!(
            "tables only in SQLite: [{}]; only in PostgreSQL: [{}]",
            only(&from, &to),
            only(&to, &from)
        )));
    }
    if let Some(odd) = from
        .iter()
        .find(|name| !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'))
    {
        return Err(CopyError::Schema(format!("unexpected table name {odd:?}")));
    }
    let mut tables: Vec<String> = from.into_iter().filter(|name| name != REFERENCE_VERSION).collect();
    tables.push(REFERENCE_VERSION.to_owned());
    Ok(tables)
}

/// A column's values as they travel.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Integer,
    Text,
    Bytes,
}

/// How one table is copied.
struct Plan {
    table: String,
    columns: Vec<(String, Kind)>,
    identities: Vec<String>,
}

async fn plan(
    source: &mut SqliteConnection,
    target: &mut PgConnection,
    table: &str,
) -> Result<Plan, CopyError> {
    let from: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info(?) ORDER BY cid")
        .bind(table)
        .fetch_all(&mut *source)
        .await?;
    let to: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT column_name::text, data_type::text, is_identity::text FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(&mut *target)
    .await?;
    let names: Vec<&String> = to.iter().map(|(name, _, _)| name).collect();
    if from.iter().collect::<Vec<_>>() != names {
        return Err(CopyError::Schema(format!(
            "{table} has columns {from:?} in SQLite and {names:?} in PostgreSQL"
        )));
    }
    let mut columns = Vec::new();
    let mut identities = Vec::new();
    for (name, data_type, identity) in to {
        let kind = match data_type.as_str() {
            "bigint" => Kind::Integer,
            "text" => Kind::Text,
            "bytea" => Kind::Bytes,
            other => {
                return Err(CopyError::Schema(format!(
                    "{table}.{name} has the type {other}, which is not copied"
                )));
            }
        };
        if identity == "YES" {
            identities.push(name.clone());
        }
        columns.push((name, kind));
    }
    Ok(Plan { table: table.to_owned(), columns, identities })
}

/// One value read from SQLite, to be bound for PostgreSQL.
enum Value {
    Integer(Option<i64>),
    Text(Option<String>),
    Bytes(Option<Vec<u8>>),
}

impl Value {
    fn read(row: &SqliteRow, index: usize, kind: Kind) -> Result<Value, sqlx::Error> {
        Ok(match kind {
            Kind::Integer => Value::Integer(row.try_get(index)?),
            Kind::Text => Value::Text(row.try_get(index)?),
            Kind::Bytes => Value::Bytes(row.try_get(index)?),
        })
    }

    fn size(&self) -> usize {
        match self {
            Value::Integer(_) => 8,
            Value::Text(text) => text.as_ref().map_or(0, String::len),
            Value::Bytes(bytes) => bytes.as_ref().map_or(0, Vec::len),
        }
    }
}

async fn copy_table(
    source: &mut SqliteConnection,
    target: &mut PgConnection,
    plan: &Plan,
) -> Result<u64, CopyError> {
    let names = plan.columns.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>().join(", ");
    let select = format!("SELECT {names} FROM {}", plan.table);
    let mut rows = sqlx::query(&select).fetch(&mut *source);
    let mut batch: Vec<Vec<Value>> = Vec::new();
    let mut bytes = 0;
    let mut copied = 0;
    while let Some(row) = rows.try_next().await? {
        let values = plan
            .columns
            .iter()
            .enumerate()
            .map(|(index, (_, kind))| Value::read(&row, index, *kind))
            .collect::<Result<Vec<_>, _>>()?;
        bytes += values.iter().map(Value::size).sum::<usize>();
        batch.push(values);
        if batch.len() >= BATCH_ROWS || bytes >= BATCH_BYTES {
            copied += insert(target, plan, &names, std::mem::take(&mut batch)).await?;
            bytes = 0;
        }
    }
    if !batch.is_empty() {
        copied += insert(target, plan, &names, batch).await?;
    }
    Ok(copied)
}

async fn insert(
    target: &mut PgConnection,
    plan: &Plan,
    names: &str,
    rows: Vec<Vec<Value>>,
) -> Result<u64, sqlx::Error> {
    let mut query = QueryBuilder::<Postgres>::new(format!("INSERT INTO {} ({names}) ", plan.table));
    query.push_values(rows, |mut row, values| {
        for value in values {
            match value {
                Value::Integer(integer) => row.push_bind(integer),
                Value::Text(text) => row.push_bind(text),
                Value::Bytes(bytes) => row.push_bind(bytes),
            };
        }
    });
    Ok(query.build().execute(&mut *target).await?.rows_affected())
}
