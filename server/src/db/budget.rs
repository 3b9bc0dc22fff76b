//! Programmes, kegiatan and sub-kegiatan, their yearly ceilings (pagu) and
//! monthly spending. Each write is checked with the domain rules and runs in
//! one transaction.

use super::audit::{Edit, KeyValue, Who};
use super::codec::{WriteError, unname};
use super::sync::{Batch, overwrite};
use super::{Db, now_utc, reference};
use kinerja_core::api::{from_wire_name, wire_name};
use kinerja_core::domain::budget::{Ceiling, Program, Spending};
use kinerja_core::domain::merge::Fields;
use kinerja_core::domain::org::Actor;
use kinerja_core::domain::sync::{Change, Key, Refusal};
use kinerja_core::domain::validate::Problem;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::str::FromStr;

fn decimal(text: &str) -> Result<Decimal, sqlx::Error> {
    Decimal::from_str(text).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

impl Db {
    /// Every programme, kegiatan and sub-kegiatan, ordered by code.
    pub async fn programs(&self) -> Result<Vec<Program>, sqlx::Error> {
        #[derive(sqlx::FromRow)]
        struct Row {
            id: String,
            code: String,
            name: String,
            level: String,
            parent_id: Option<String>,
            unit_id: Option<String>,
        }
        let rows: Vec<Row> =
            sqlx::query_as("SELECT id, code, name, level, parent_id, unit_id FROM programs ORDER BY code")
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter()
            .map(|r| {
                let level = unname(&r.level, from_wire_name)?;
                Ok(Program {
                    id: r.id,
                    code: r.code,
                    name: r.name,
                    level,
                    parent_id: r.parent_id,
                    unit_id: r.unit_id,
                })
            })
            .collect()
    }

    /// Adds a programme or replaces the one with the same id.
    pub async fn save_program(&self, program: &Program, by: Option<&str>) -> Result<(), WriteError> {
        program.validate()?;
        let mut tx = self.begin_write().await?;
        let edit =
            Edit::before(&mut tx, "program", "programs", vec![("id", KeyValue::Text(program.id.clone()))])
                .await?;
        if let Some(parent) = &program.parent_id {
            let level: Option<String> = sqlx::query_scalar("SELECT level FROM programs WHERE id = $1")
                .bind(parent)
                .fetch_optional(&mut *tx)
                .await?;
            let level = level.ok_or_else(|| WriteError::field("parent_id", Problem::UnknownReference))?;
            if Some(unname(&level, from_wire_name)?) != program.level.parent_level() {
                return Err(WriteError::field("parent_id", Problem::Invalid));
            }
        }
        if let Some(unit) = &program.unit_id {
            let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM units WHERE id = $1")
                .bind(unit)
                .fetch_optional(&mut *tx)
                .await?;
            found.ok_or_else(|| WriteError::field("unit_id", Problem::UnknownReference))?;
        }
        sqlx::query(
            "INSERT INTO programs (id, code, name, level, parent_id, unit_id) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name, level = excluded.level, \
             parent_id = excluded.parent_id, unit_id = excluded.unit_id",
        )
        .bind(&program.id)
        .bind(&program.code)
        .bind(program.name.trim())
        .bind(wire_name(&program.level))
        .bind(&program.parent_id)
        .bind(&program.unit_id)
        .execute(&mut *tx)
        .await
        .map_err(|e| WriteError::unique(e, "code"))?;
        edit.record(&mut tx, by, &now_utc()).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn ceilings(&self, year: i32) -> Result<Vec<Ceiling>, sqlx::Error> {
        let rows: Vec<(String, i32, String)> = sqlx::query_as(
            "SELECT program_id, year, pagu FROM budget_ceilings WHERE year = $1 ORDER BY program_id",
        )
        .bind(year)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(program_id, year, pagu)| Ok(Ceiling { program_id, year, pagu: decimal(&pagu)? }))
            .collect()
    }

    /// Stores ceilings, all or nothing.
    pub async fn save_ceilings(&self, ceilings: &[Ceiling], by: Option<&str>) -> Result<(), WriteError> {
        let mut tx = self.begin_write().await?;
        let now = now_utc();
        for ceiling in ceilings {
            ceiling.validate()?;
            let key = vec![
                ("program_id", KeyValue::Text(ceiling.program_id.clone())),
                ("year", KeyValue::Int(i64::from(ceiling.year))),
            ];
            let edit = Edit::before(&mut tx, "ceiling", "budget_ceilings", key).await?;
            sqlx::query(
                "INSERT INTO budget_ceilings (program_id, year, pagu) VALUES ($1, $2, $3) \
                 ON CONFLICT (program_id, year) DO UPDATE SET pagu = excluded.pagu",
            )
            .bind(&ceiling.program_id)
            .bind(ceiling.year)
            .bind(ceiling.pagu.normalize().to_string())
            .execute(&mut *tx)
            .await
            .map_err(|e| reference(e, "program_id"))?;
            edit.record(&mut tx, by, &now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn spending(&self, year: i32) -> Result<Vec<Spending>, sqlx::Error> {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT program_id, period, amount FROM budget_realisations WHERE year = $1 ORDER BY period",
        )
        .bind(year)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(program_id, period, amount)| {
                let period = period.parse().map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
                Ok(Spending { program_id, period, amount: decimal(&amount)? })
            })
            .collect()
    }

    /// Each programme's unit (`None`: the agency as a whole).
    pub async fn program_units(&self) -> Result<HashMap<String, Option<String>>, sqlx::Error> {
        reference::program_units(&mut *self.pool.acquire().await?).await
    }

    /// Stores the demo's monthly spending as it stands (the seed has no
    /// user, no device and no locks yet); users' entries go through
    /// `enter_spending`.
    pub async fn seed_spending(&self, items: &[Spending]) -> Result<(), WriteError> {
        let units = self.program_units().await?;
        let mut records = Vec::with_capacity(items.len());
        for item in items {
            item.validate()?;
            let unit = units
                .get(&item.program_id)
                .ok_or_else(|| WriteError::field("program_id", Problem::UnknownReference))?;
            let (key, fields) = item.record();
            records.push((key, unit.clone(), fields));
        }
        let mut tx = self.begin_write().await?;
        overwrite(&mut tx, records, &now_utc(), None).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Monthly spending typed by `actor`, all or nothing: each amount is
    /// decided as a sync op over the record as it stands (scope, period
    /// locks, checks) and audited as an `edit`; a refused one changes nothing.
    pub async fn enter_spending(&self, actor: &Actor, items: &[Spending]) -> Result<(), EntryError> {
        let records: Vec<(Key, Fields)> = items.iter().map(Spending::record).collect();
        let keys: Vec<&Key> = records.iter().map(|(key, _)| key).collect();
        let mut tx = self.begin_write().await?;
        let world = self.world(&mut tx, actor, &keys).await?;
        let context = world.context(actor);
        let mut batch = Batch::load(&mut tx, &keys).await?;
        let who = Who { user_id: actor.user_id.clone(), device_id: None, op_id: None, action: "edit" };
        for (key, new) in &records {
            let record = batch.record(key);
            let (base, base_revision) = (record.fields.clone(), record.revision);
            let change = Change { key, base_revision, base: &base, new };
            batch.decide(&context, change, &who).map_err(EntryError::Refused)?;
        }
        batch.write(&mut tx, &now_utc(), &actor.user_id).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Why entered data was not stored.
#[derive(Debug, thiserror::Error)]
pub enum EntryError {
    #[error("refused: {}", .0.message())]
    Refused(Refusal),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// A foreign-key failure on `field` becomes a field error.
fn reference(error: sqlx::Error, field: &str) -> WriteError {
    match &error {
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
            WriteError::field(field, Problem::UnknownReference)
        }
        _ => WriteError::Database(error),
    }
}
