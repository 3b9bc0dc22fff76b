//! Organisation units: listing, the hierarchy for scope checks, and adding
//! a unit where the hierarchy allows it.

use super::audit::{Edit, KeyValue};
use super::codec::{WriteError, unname};
use super::{Db, now_utc};
use kinerja_core::domain::org::{Unit, UnitKind, UnitTree};
use kinerja_core::domain::validate::{Checker, NAME_MAX, Problem};
use sqlx::AnyConnection;

#[derive(sqlx::FromRow)]
struct UnitRow {
    id: String,
    code: String,
    name: String,
    kind: String,
    parent_id: Option<String>,
    active: i64,
}

impl TryFrom<UnitRow> for Unit {
    type Error = sqlx::Error;

    fn try_from(row: UnitRow) -> Result<Unit, sqlx::Error> {
        Ok(Unit {
            kind: unname(&row.kind, UnitKind::parse)?,
            id: row.id,
            code: row.code,
            name: row.name,
            parent_id: row.parent_id,
            active: row.active != 0,
        })
    }
}

impl Db {
    /// Every unit, ordered by code.
    pub async fn units(&self) -> Result<Vec<Unit>, sqlx::Error> {
        let rows: Vec<UnitRow> =
            sqlx::query_as("SELECT id, code, name, kind, parent_id, active FROM units ORDER BY code")
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter().map(Unit::try_from).collect()
    }

    /// The hierarchy of all units.
    pub async fn unit_tree(&self) -> Result<UnitTree, sqlx::Error> {
        tree(&mut *self.pool.acquire().await?).await
    }

    /// Adds a unit after checking its fields and its place in the hierarchy.
    pub async fn add_unit(&self, unit: &Unit, by: Option<&str>) -> Result<(), WriteError> {
        let mut check = Checker::new();
        check.code("code", &unit.code);
        check.required("name", &unit.name, NAME_MAX);
        check.required("id", &unit.id, 64);
        check.finish()?;
        let mut tx = self.begin_write().await?;
        let edit =
            Edit::before(&mut tx, "unit", "units", vec![("id", KeyValue::Text(unit.id.clone()))]).await?;
        let parent_kind = match &unit.parent_id {
            None => None,
            Some(parent) => {
                let kind: Option<String> = sqlx::query_scalar("SELECT kind FROM units WHERE id = $1")
                    .bind(parent)
                    .fetch_optional(&mut *tx)
                    .await?;
                let kind = kind.ok_or_else(|| WriteError::field("parent_id", Problem::UnknownReference))?;
                Some(unname(&kind, UnitKind::parse)?)
            }
        };
        if !unit.kind.may_sit_under(parent_kind) {
            return Err(WriteError::field("parent_id", Problem::Invalid));
        }
        let now = now_utc();
        sqlx::query(
            "INSERT INTO units (id, code, name, kind, parent_id, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&unit.id)
        .bind(&unit.code)
        .bind(unit.name.trim())
        .bind(unit.kind.as_str())
        .bind(&unit.parent_id)
        .bind(i64::from(unit.active))
        .bind(&now)
        .bind(&now)
        .execute(&mut *tx)
        .await
        .map_err(|e| WriteError::unique(e, "code"))?;
        edit.record(&mut tx, by, &now).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The unit hierarchy, for scope checks.
pub(crate) async fn tree(conn: &mut AnyConnection) -> Result<UnitTree, sqlx::Error> {
    let pairs: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT id, parent_id FROM units").fetch_all(&mut *conn).await?;
    Ok(UnitTree::new(pairs.iter().map(|(id, parent)| (id.as_str(), parent.as_deref()))))
}
