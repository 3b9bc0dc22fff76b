//! Indicators (IKU) with their contributors, and each year's PK target and
//! Rencana Aksi. Every write checks the record with the domain rules first
//! and runs in one write transaction; a user's edit is audited.

use super::audit::{Edit, KeyValue};
use super::codec::{WriteError, dec, from_json, undec, unname};
use super::{Db, now_utc};
use kinerja_core::api::{from_wire_name, wire_name};
use kinerja_core::domain::indicator_rule::IndicatorRule;
use kinerja_core::domain::plan::{Indicator, RenstraTarget, YearPlan};
use kinerja_core::domain::target::{Targets, Upper};
use kinerja_core::domain::validate::Problem;
use sqlx::{Any, AnyConnection, Transaction};
use std::collections::HashMap;

#[derive(sqlx::FromRow)]
struct IndicatorRow {
    id: String,
    code: String,
    name: String,
    sasaran_id: Option<String>,
    unit_of_measure: String,
    #[sqlx(flatten)]
    rule: RuleRow,
    definition: String,
    formula: String,
    data_source: String,
    responsible_unit_id: String,
    program_id: Option<String>,
    baseline: Option<String>,
    baseline_year: Option<i32>,
    end_target: Option<String>,
    renstra_targets: String,
    active: i64,
}

impl IndicatorRow {
    fn into_indicator(self, contributors: Vec<String>) -> Result<Indicator, sqlx::Error> {
        let rule = self.rule.decode()?;
        Ok(Indicator {
            id: self.id,
            code: self.code,
            name: self.name,
            sasaran_id: self.sasaran_id,
            unit_of_measure: self.unit_of_measure,
            rule,
            definition: self.definition,
            formula: self.formula,
            data_source: self.data_source,
            responsible_unit_id: self.responsible_unit_id,
            contributor_unit_ids: contributors,
            program_id: self.program_id,
            baseline: undec(self.baseline)?,
            baseline_year: self.baseline_year,
            end_target: undec(self.end_target)?,
            renstra_targets: from_json(&self.renstra_targets)?,
            active: self.active != 0,
        })
    }
}

/// The stored columns of an indicator's rule.
#[derive(sqlx::FromRow)]
struct RuleRow {
    polarity: String,
    aggregation: String,
    target_mode: String,
    frequency: String,
    negative_formula: Option<String>,
    decimals: i64,
}

impl RuleRow {
    fn decode(self) -> Result<IndicatorRule, sqlx::Error> {
        Ok(IndicatorRule {
            polarity: unname(&self.polarity, from_wire_name)?,
            aggregation: unname(&self.aggregation, from_wire_name)?,
            target_mode: unname(&self.target_mode, from_wire_name)?,
            frequency: unname(&self.frequency, from_wire_name)?,
            negative_formula: self
                .negative_formula
                .as_deref()
                .map(|f| unname(f, from_wire_name))
                .transpose()?,
            decimals: u8::try_from(self.decimals).unwrap_or(2),
        })
    }
}

const COLUMNS: &str = "id, code, name, sasaran_id, unit_of_measure, polarity, aggregation, target_mode, frequency, \
    negative_formula, decimals, definition, formula, data_source, responsible_unit_id, program_id, baseline, baseline_year, end_target, renstra_targets, active";

#[derive(sqlx::FromRow)]
struct PlanRow {
    indicator_id: String,
    year: i32,
    annual_target: Option<String>,
    tw1_target: Option<String>,
    tw2_target: Option<String>,
    tw3_target: Option<String>,
    tw4_target: Option<String>,
    annual_target_upper: Option<String>,
    tw1_target_upper: Option<String>,
    tw2_target_upper: Option<String>,
    tw3_target_upper: Option<String>,
    tw4_target_upper: Option<String>,
    tw1_actions: String,
    tw2_actions: String,
    tw3_actions: String,
    tw4_actions: String,
}

impl TryFrom<PlanRow> for YearPlan {
    type Error = sqlx::Error;

    fn try_from(row: PlanRow) -> Result<YearPlan, sqlx::Error> {
        Ok(YearPlan {
            indicator_id: row.indicator_id,
            year: row.year,
            targets: Targets {
                annual: undec(row.annual_target)?,
                quarters: [
                    undec(row.tw1_target)?,
                    undec(row.tw2_target)?,
                    undec(row.tw3_target)?,
                    undec(row.tw4_target)?,
                ],
                upper: Upper {
                    annual: undec(row.annual_target_upper)?,
                    quarters: [
                        undec(row.tw1_target_upper)?,
                        undec(row.tw2_target_upper)?,
                        undec(row.tw3_target_upper)?,
                        undec(row.tw4_target_upper)?,
                    ],
                },
            },
            actions: [row.tw1_actions, row.tw2_actions, row.tw3_actions, row.tw4_actions],
        })
    }
}

/// Every indicator with its contributors, ordered by code.
pub(crate) async fn all(conn: &mut AnyConnection) -> Result<Vec<Indicator>, sqlx::Error> {
    let rows: Vec<IndicatorRow> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM indicators ORDER BY code"))
        .fetch_all(&mut *conn)
        .await?;
    let pairs: Vec<(String, String)> =
        sqlx::query_as("SELECT indicator_id, unit_id FROM indicator_contributors ORDER BY unit_id")
            .fetch_all(&mut *conn)
            .await?;
    let mut contributors: HashMap<String, Vec<String>> = HashMap::new();
    for (indicator, unit) in pairs {
        contributors.entry(indicator).or_default().push(unit);
    }
    rows.into_iter()
        .map(|row| {
            let units = contributors.remove(&row.id).unwrap_or_default();
            row.into_indicator(units)
        })
        .collect()
}

/// The PK targets and Rencana Aksi of every indicator for `year`.
pub(crate) async fn plans_of_year(conn: &mut AnyConnection, year: i32) -> Result<Vec<YearPlan>, sqlx::Error> {
    let rows: Vec<PlanRow> = sqlx::query_as(
        "SELECT indicator_id, year, annual_target, tw1_target, tw2_target, tw3_target, tw4_target, \
         annual_target_upper, tw1_target_upper, tw2_target_upper, tw3_target_upper, tw4_target_upper, \
         tw1_actions, tw2_actions, tw3_actions, tw4_actions FROM year_plans WHERE year = $1 ORDER BY indicator_id",
    )
    .bind(year)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(YearPlan::try_from).collect()
}

impl Db {
    /// Every indicator with its contributors, ordered by code.
    pub async fn indicators(&self) -> Result<Vec<Indicator>, sqlx::Error> {
        all(&mut *self.pool.acquire().await?).await
    }

    /// Adds an indicator or replaces the one with the same id.
    pub async fn save_indicator(&self, indicator: &Indicator, by: Option<&str>) -> Result<(), WriteError> {
        let mut tx = self.begin_write().await?;
        write_indicator(&mut tx, indicator, by).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The PK targets and Rencana Aksi of every indicator for `year`.
    pub async fn year_plans(&self, year: i32) -> Result<Vec<YearPlan>, sqlx::Error> {
        plans_of_year(&mut *self.pool.acquire().await?, year).await
    }

    /// Stores the plans of one year, all or nothing, each checked against its indicator.
    pub async fn save_year_plans(&self, plans: &[YearPlan], by: Option<&str>) -> Result<(), WriteError> {
        let mut tx = self.begin_write().await?;
        write_plans(&mut tx, plans, by).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores imported indicators and plans in one transaction: all or nothing.
    pub async fn import_plans(
        &self,
        indicators: &[Indicator],
        plans: &[YearPlan],
        by: Option<&str>,
    ) -> Result<(), WriteError> {
        let mut tx = self.begin_write().await?;
        for indicator in indicators {
            write_indicator(&mut tx, indicator, by).await?;
        }
        write_plans(&mut tx, plans, by).await?;
        tx.commit().await?;
        Ok(())
    }
}

type Tx<'a> = Transaction<'a, Any>;

/// Checks and writes one indicator with its contributors; `by` is audited.
async fn write_indicator(tx: &mut Tx<'_>, indicator: &Indicator, by: Option<&str>) -> Result<(), WriteError> {
    indicator.validate()?;
    let key = vec![("id", KeyValue::Text(indicator.id.clone()))];
    let edit = Edit::before(tx, "indicator", "indicators", key).await?;
    for (field, unit) in std::iter::once(("responsible_unit_id", &indicator.responsible_unit_id))
        .chain(indicator.contributor_unit_ids.iter().map(|u| ("contributor_unit_ids", u)))
    {
        require_row(tx, "SELECT 1 FROM units WHERE id = $1", unit, field).await?;
    }
    if let Some(sasaran) = &indicator.sasaran_id {
        require_row(tx, "SELECT 1 FROM sasaran WHERE id = $1", sasaran, "sasaran_id").await?;
    }
    if let Some(program) = &indicator.program_id {
        require_row(tx, "SELECT 1 FROM programs WHERE id = $1", program, "program_id").await?;
    }
    let now = now_utc();
    let rule = &indicator.rule;
    sqlx::query(
            "INSERT INTO indicators (id, code, name, sasaran_id, unit_of_measure, polarity, aggregation, target_mode, frequency, \
             negative_formula, decimals, definition, formula, data_source, responsible_unit_id, baseline, baseline_year, end_target, \
             active, created_at, updated_at, program_id, renstra_targets) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23) \
             ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name, sasaran_id = excluded.sasaran_id, \
             unit_of_measure = excluded.unit_of_measure, polarity = excluded.polarity, aggregation = excluded.aggregation, \
             target_mode = excluded.target_mode, frequency = excluded.frequency, negative_formula = excluded.negative_formula, \
             decimals = excluded.decimals, definition = excluded.definition, formula = excluded.formula, \
             data_source = excluded.data_source, responsible_unit_id = excluded.responsible_unit_id, baseline = excluded.baseline, \
             baseline_year = excluded.baseline_year, end_target = excluded.end_target, active = excluded.active, \
             updated_at = excluded.updated_at, program_id = excluded.program_id, renstra_targets = excluded.renstra_targets",
        )
        .bind(&indicator.id)
        .bind(&indicator.code)
        .bind(indicator.name.trim())
        .bind(&indicator.sasaran_id)
        .bind(indicator.unit_of_measure.trim())
        .bind(wire_name(&rule.polarity))
        .bind(wire_name(&rule.aggregation))
        .bind(wire_name(&rule.target_mode))
        .bind(wire_name(&rule.frequency))
        .bind(rule.negative_formula.as_ref().map(wire_name))
        .bind(i64::from(rule.decimals))
        .bind(&indicator.definition)
        .bind(&indicator.formula)
        .bind(&indicator.data_source)
        .bind(&indicator.responsible_unit_id)
        .bind(dec(indicator.baseline))
        .bind(indicator.baseline_year)
        .bind(dec(indicator.end_target))
        .bind(i64::from(indicator.active))
        .bind(&now)
        .bind(&now)
        .bind(&indicator.program_id)
        .bind(renstra_targets_text(&indicator.renstra_targets)?)
        .execute(&mut **tx)
        .await
        .map_err(|e| WriteError::unique(e, "code"))?;
    sqlx::query("DELETE FROM indicator_contributors WHERE indicator_id = $1")
        .bind(&indicator.id)
        .execute(&mut **tx)
        .await?;
    for unit in &indicator.contributor_unit_ids {
        sqlx::query("INSERT INTO indicator_contributors (indicator_id, unit_id) VALUES ($1, $2)")
            .bind(&indicator.id)
            .bind(unit)
            .execute(&mut **tx)
            .await?;
    }
    edit.record(tx, by, &now).await?;
    Ok(())
}

/// The Renstra targets as stored: JSON, each target as canonical decimal text.
fn renstra_targets_text(targets: &[RenstraTarget]) -> Result<String, sqlx::Error> {
    let canonical: Vec<RenstraTarget> =
        targets.iter().map(|t| RenstraTarget { year: t.year, target: t.target.normalize() }).collect();
    serde_json::to_string(&canonical).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

/// Checks each plan against its indicator's rule and writes it.
async fn write_plans(tx: &mut Tx<'_>, plans: &[YearPlan], by: Option<&str>) -> Result<(), WriteError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: String,
        #[sqlx(flatten)]
        rule: RuleRow,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, polarity, aggregation, target_mode, frequency, negative_formula, decimals FROM indicators",
    )
    .fetch_all(&mut **tx)
    .await?;
    let mut rules = HashMap::new();
    for row in rows {
        rules.insert(row.id, row.rule.decode()?);
    }
    for plan in plans {
        let rule = rules
            .get(&plan.indicator_id)
            .ok_or_else(|| WriteError::field("indicator_id", Problem::UnknownReference))?;
        plan.validate(rule)?;
        let key = vec![
            ("indicator_id", KeyValue::Text(plan.indicator_id.clone())),
            ("year", KeyValue::Int(i64::from(plan.year))),
        ];
        let edit = Edit::before(tx, "year_plan", "year_plans", key).await?;
        let now = now_utc();
        let [q1, q2, q3, q4] = plan.targets.quarters;
        let upper = plan.targets.upper;
        let [u1, u2, u3, u4] = upper.quarters;
        sqlx::query(
            "INSERT INTO year_plans (indicator_id, year, annual_target, tw1_target, tw2_target, tw3_target, tw4_target, \
             tw1_actions, tw2_actions, tw3_actions, tw4_actions, updated_at, \
             annual_target_upper, tw1_target_upper, tw2_target_upper, tw3_target_upper, tw4_target_upper) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) \
             ON CONFLICT (indicator_id, year) DO UPDATE SET annual_target = excluded.annual_target, \
             tw1_target = excluded.tw1_target, tw2_target = excluded.tw2_target, tw3_target = excluded.tw3_target, \
             tw4_target = excluded.tw4_target, tw1_actions = excluded.tw1_actions, tw2_actions = excluded.tw2_actions, \
             tw3_actions = excluded.tw3_actions, tw4_actions = excluded.tw4_actions, updated_at = excluded.updated_at, \
             annual_target_upper = excluded.annual_target_upper, tw1_target_upper = excluded.tw1_target_upper, \
             tw2_target_upper = excluded.tw2_target_upper, tw3_target_upper = excluded.tw3_target_upper, \
             tw4_target_upper = excluded.tw4_target_upper",
        )
        .bind(&plan.indicator_id)
        .bind(plan.year)
        .bind(dec(plan.targets.annual))
        .bind(dec(q1))
        .bind(dec(q2))
        .bind(dec(q3))
        .bind(dec(q4))
        .bind(&plan.actions[0])
        .bind(&plan.actions[1])
        .bind(&plan.actions[2])
        .bind(&plan.actions[3])
        .bind(&now)
        .bind(dec(upper.annual))
        .bind(dec(u1))
        .bind(dec(u2))
        .bind(dec(u3))
        .bind(dec(u4))
        .execute(&mut **tx)
        .await?;
        edit.record(tx, by, &now).await?;
    }
    Ok(())
}

async fn require_row(
    tx: &mut Transaction<'_, Any>,
    sql: &str,
    id: &str,
    field: &str,
) -> Result<(), WriteError> {
    let found: Option<i64> = sqlx::query_scalar(sql).bind(id).fetch_optional(&mut **tx).await?;
    found.map(drop).ok_or_else(|| WriteError::field(field, Problem::UnknownReference))
}
