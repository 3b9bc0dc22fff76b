//! The reference data every sync decision reads — the unit tree, the
//! indicators with their reporting units, each programme's unit — kept in
//! memory between pushes instead of being read four queries at a time for
//! each. The copy is kept with the database's `reference_version`, which
//! triggers move in the transaction of any change to those tables; a read
//! compares it (one single-row query) and reloads on a difference. So a
//! change made by any writer — another server instance on the same
//! database included — is seen by the next decision, with no signal
//! between instances.

use super::{Db, indicators, units};
use kinerja_core::domain::org::UnitTree;
use kinerja_core::domain::plan::Indicator;
use sqlx::AnyConnection;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

#[derive(Debug)]
pub(crate) struct Reference {
    pub tree: UnitTree,
    pub indicators: HashMap<String, Indicator>,
    pub programs: HashMap<String, Option<String>>,
}

/// The cached reference data with the version it was read at.
#[derive(Debug, Default)]
pub(crate) struct Cache {
    held: RwLock<Option<(i64, Arc<Reference>)>>,
}

async fn version(conn: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT version FROM reference_version WHERE id = 1").fetch_one(&mut *conn).await
}

impl Db {
    /// The reference data as `conn` sees it: from memory when the stored
    /// version is the one it was read at. The version is read before the
    /// data, so a copy is never kept under a version newer than its data.
    pub(crate) async fn reference(&self, conn: &mut AnyConnection) -> Result<Arc<Reference>, sqlx::Error> {
        let current = version(conn).await?;
        if let Some((read_at, held)) = self.reference.held.read().unwrap_or_else(|p| p.into_inner()).as_ref()
            && *read_at == current
        {
            return Ok(held.clone());
        }
        let loaded = Arc::new(Reference {
            tree: units::tree(conn).await?,
            indicators: indicators::all(conn).await?.into_iter().map(|i| (i.id.clone(), i)).collect(),
            programs: program_units(conn).await?,
        });
        *self.reference.held.write().unwrap_or_else(|p| p.into_inner()) = Some((current, loaded.clone()));
        Ok(loaded)
    }
}

/// Each programme's unit (`None`: the agency as a whole).
pub(crate) async fn program_units(
    conn: &mut AnyConnection,
) -> Result<HashMap<String, Option<String>>, sqlx::Error> {
    let rows: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT id, unit_id FROM programs").fetch_all(&mut *conn).await?;
    Ok(rows.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use kinerja_core::domain::org::{Unit, UnitKind};

    fn unit(id: &str, parent: Option<&str>) -> Unit {
        Unit {
            id: id.into(),
            code: id.to_uppercase(),
            name: format!("Unit {id}"),
            kind: if parent.is_none() { UnitKind::Dinas } else { UnitKind::Bidang },
            parent_id: parent.map(str::to_owned),
            active: true,
        }
    }

    /// Two handles on one database stand for two server instances: a unit
    /// one adds is in the other's next reference read, although the other
    /// had the reference cached.
    #[tokio::test]
    async fn a_change_by_another_instance_is_seen_by_the_next_read() {
        let dir = tempfile::tempdir().unwrap();
        let here = crate::db::open(dir.path()).await.unwrap();
        let there = crate::db::open(dir.path()).await.unwrap();
        here.add_unit(&unit("dinas", None), None).await.unwrap();
        let mut conn = here.pool.acquire().await.unwrap();
        let first = here.reference(&mut conn).await.unwrap();
        assert!(first.tree.is_within("dinas", "dinas"));
        assert!(Arc::ptr_eq(&first, &here.reference(&mut conn).await.unwrap()), "unchanged: kept");
        there.add_unit(&unit("bidang", Some("dinas")), None).await.unwrap();
        let next = here.reference(&mut conn).await.unwrap();
        assert!(next.tree.is_within("bidang", "dinas"), "the other instance's unit is seen");
    }
}
