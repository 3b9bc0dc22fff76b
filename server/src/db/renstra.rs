//! The Renstra's goals (tujuan) and objectives (sasaran) that indicators
//! hang under, listed with the Renstra's period (a setting).

use super::audit::{Edit, KeyValue};
use super::codec::WriteError;
use super::{Db, now_utc};
use kinerja_core::domain::plan::{Renstra, Sasaran, Tujuan};
use kinerja_core::domain::validate::Problem;

impl Db {
    pub async fn renstra(&self) -> Result<Renstra, sqlx::Error> {
        let tujuan: Vec<(String, String, String)> =
            sqlx::query_as("SELECT id, code, statement FROM tujuan ORDER BY code")
                .fetch_all(&self.pool)
                .await?;
        let sasaran: Vec<(String, String, String, String)> =
            sqlx::query_as("SELECT id, tujuan_id, code, statement FROM sasaran ORDER BY code")
                .fetch_all(&self.pool)
                .await?;
        Ok(Renstra {
            period: self.renstra_period().await?,
            tujuan: tujuan.into_iter().map(|(id, code, statement)| Tujuan { id, code, statement }).collect(),
            sasaran: sasaran
                .into_iter()
                .map(|(id, tujuan_id, code, statement)| Sasaran { id, tujuan_id, code, statement })
                .collect(),
        })
    }

    /// Adds a goal or replaces the one with the same id.
    pub async fn save_tujuan(&self, tujuan: &Tujuan, by: Option<&str>) -> Result<(), WriteError> {
        tujuan.validate()?;
        let mut tx = self.begin_write().await?;
        let edit = Edit::before(&mut tx, "tujuan", "tujuan", vec![("id", KeyValue::Text(tujuan.id.clone()))])
            .await?;
        sqlx::query(
            "INSERT INTO tujuan (id, code, statement) VALUES ($1, $2, $3) \
             ON CONFLICT (id) DO UPDATE SET code = excluded.code, statement = excluded.statement",
        )
        .bind(&tujuan.id)
        .bind(&tujuan.code)
        .bind(tujuan.statement.trim())
        .execute(&mut *tx)
        .await
        .map_err(|e| WriteError::unique(e, "code"))?;
        edit.record(&mut tx, by, &now_utc()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds an objective or replaces the one with the same id.
    pub async fn save_sasaran(&self, sasaran: &Sasaran, by: Option<&str>) -> Result<(), WriteError> {
        sasaran.validate()?;
        let mut tx = self.begin_write().await?;
        let edit =
            Edit::before(&mut tx, "sasaran", "sasaran", vec![("id", KeyValue::Text(sasaran.id.clone()))])
                .await?;
        let goal: Option<i64> = sqlx::query_scalar("SELECT 1 FROM tujuan WHERE id = $1")
            .bind(&sasaran.tujuan_id)
            .fetch_optional(&mut *tx)
            .await?;
        goal.ok_or_else(|| WriteError::field("tujuan_id", Problem::UnknownReference))?;
        sqlx::query(
            "INSERT INTO sasaran (id, tujuan_id, code, statement) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (id) DO UPDATE SET tujuan_id = excluded.tujuan_id, code = excluded.code, statement = excluded.statement",
        )
        .bind(&sasaran.id)
        .bind(&sasaran.tujuan_id)
        .bind(&sasaran.code)
        .bind(sasaran.statement.trim())
        .execute(&mut *tx)
        .await
        .map_err(|e| WriteError::unique(e, "code"))?;
        edit.record(&mut tx, by, &now_utc()).await?;
        tx.commit().await?;
        Ok(())
    }
}
