//! The change feed devices pull: every record in the caller's scope whose
//! newest change lies after the cursor, oldest first. A record appears once,
//! in its latest state; pulling from cursor 0 gives the whole scope.

use crate::db::codec::from_json;
use crate::db::sql::Sql;
use crate::db::{Db, UnitScope};
use kinerja_core::api::sync::Record;
use sqlx::Row;

impl Db {
    /// Up to `limit` records changed after `cursor`, and whether more wait.
    pub async fn pull(
        &self,
        scope: &UnitScope,
        cursor: i64,
        limit: i64,
    ) -> Result<(Vec<Record>, bool), sqlx::Error> {
        let mut query = Sql::new(
            "SELECT cursor, record_key, unit_id, revision, record_values, conflicted FROM sync_records WHERE cursor > ",
        );
        query.push_bind(cursor);
        scope.restrict(&mut query, "unit_id");
        query.push(" ORDER BY cursor LIMIT ").push_bind(limit + 1);
        let rows = query.build()?.fetch_all(&self.pool).await?;
        let more = rows.len() as i64 > limit;
        let records = rows
            .iter()
            .take(limit as usize)
            .map(|row| {
                Ok(Record {
                    cursor: row.try_get(0)?,
                    key: from_json(row.try_get(1)?)?,
                    unit_id: row.try_get(2)?,
                    revision: row.try_get(3)?,
                    values: from_json(row.try_get(4)?)?,
                    conflicted: row.try_get::<i64, _>(5)? != 0,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        Ok((records, more))
    }
}
