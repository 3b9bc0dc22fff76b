//! Realised values and their narratives. Writes here are the plain
//! last-write path used by the demo data; devices' edits arrive through the
//! sync merge instead. Both keep the change feed current.

use super::codec::{WriteError, undec};
use super::sync::overwrite;
use super::{Db, now_utc};
use futures_util::TryStreamExt;
use kinerja_core::domain::indicator_rule::IndicatorRule;
use kinerja_core::domain::measurement_table::Values;
use kinerja_core::domain::realisation::Realisation;
use sqlx::{AnyConnection, Row};

impl Db {
    /// Stores realisations, all or nothing, each checked against its indicator's rule.
    pub async fn save_realisations(
        &self,
        items: &[(Realisation, IndicatorRule)],
        by: Option<&str>,
    ) -> Result<(), WriteError> {
        let mut records = Vec::with_capacity(items.len());
        for (item, rule) in items {
            item.validate(rule)?;
            let (key, fields) = item.record();
            records.push((key, Some(item.unit_id.clone()), fields));
        }
        let mut tx = self.begin_write().await?;
        overwrite(&mut tx, records, &now_utc(), by).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every non-empty value of `year`, optionally of one unit, grouped by
    /// indicator and unit.
    pub async fn values_of_year(&self, year: i32, unit: Option<&str>) -> Result<Values, sqlx::Error> {
        values_of_year(&mut *self.pool.acquire().await?, year, unit).await
    }
}

/// Every non-empty value of `year`, optionally of one unit, grouped by
/// indicator and unit. Rows are read as a stream into the groups, so the
/// ids of a row are copied only the first time they appear.
pub(crate) async fn values_of_year(
    conn: &mut AnyConnection,
    year: i32,
    unit: Option<&str>,
) -> Result<Values, sqlx::Error> {
    let mut rows = sqlx::query(
        "SELECT indicator_id, unit_id, period, value FROM realisations \
         WHERE year = $1 AND value IS NOT NULL AND (CAST($2 AS TEXT) IS NULL OR unit_id = $2)",
    )
    .bind(year)
    .bind(unit)
    .fetch(&mut *conn);
    let mut values = Values::default();
    while let Some(row) = rows.try_next().await? {
        let indicator: &str = row.try_get(0)?;
        let unit: &str = row.try_get(1)?;
        let period: &str = row.try_get(2)?;
        let value: Option<String> = row.try_get(3)?;
        let period = period.parse().map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        if let Some(value) = undec(value)? {
            values.insert(indicator, unit, period, value);
        }
    }
    Ok(values)
}
