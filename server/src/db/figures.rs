//! A year's figures as the measurement table reads them — indicators,
//! targets, values, policy — read together on one connection. The
//! measurement endpoint, the cycle board, a cycle action (inside its write
//! turn) and a report's inputs all read them this one way.

use super::{Db, indicators, realisations, settings};
use kinerja_core::domain::measurement_table::{
    Row, UnitCompleteness, Values, completeness_by_unit, measurement_table,
};
use kinerja_core::domain::period::{Level, Period};
use kinerja_core::domain::plan::Indicator;
use kinerja_core::domain::policy::Policy;
use kinerja_core::domain::report::progress::{Progress, progress};
use kinerja_core::domain::target::Targets;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// The inputs of the measurement tables of one year, for a unit or the agency.
pub struct YearFigures {
    pub(crate) indicators: Vec<Indicator>,
    pub(crate) targets: HashMap<String, Targets>,
    pub(crate) values: Values,
    pub(crate) policy: Policy,
}

impl YearFigures {
    /// Reads the figures of `year`, of `unit` or of the whole agency (`None`).
    pub(crate) async fn read(
        conn: &mut AnyConnection,
        year: i32,
        unit: Option<&str>,
    ) -> Result<YearFigures, sqlx::Error> {
        let plans = indicators::plans_of_year(conn, year).await?;
        Ok(YearFigures {
            indicators: indicators::all(conn).await?,
            targets: plans.into_iter().map(|plan| (plan.indicator_id, plan.targets)).collect(),
            values: realisations::values_of_year(conn, year, unit).await?,
            policy: settings::policy(conn).await?,
        })
    }

    /// Whether the year has a plan (PK targets) at all.
    pub fn planned(&self) -> bool {
        !self.targets.is_empty()
    }

    /// The measurement table of `period`, for `unit` or the agency.
    pub fn rows(&self, period: Period, unit: Option<&str>) -> Vec<Row> {
        measurement_table(&self.indicators, &self.targets, &self.values, &self.policy, period, unit)
    }

    /// Step 3's monthly progress of `unit` in `quarter` (`domain::report::progress`).
    pub fn progress(&self, quarter: Period, unit: &str) -> Progress {
        let months: Vec<Vec<Row>> =
            quarter.descendants(Level::Month).into_iter().map(|month| self.rows(month, Some(unit))).collect();
        progress(
            quarter,
            unit,
            &self.indicators,
            self.policy.labels.as_ref(),
            &self.rows(quarter, Some(unit)),
            &months,
        )
    }

    /// Each unit's data completeness in `period`.
    pub fn completeness(&self, period: Period) -> Vec<UnitCompleteness> {
        completeness_by_unit(&self.indicators, &self.targets, &self.values, &self.policy, period)
    }
}

impl Db {
    /// The figures of `year`, of `unit` or of the whole agency (`None`).
    pub async fn year_figures(&self, year: i32, unit: Option<&str>) -> Result<YearFigures, sqlx::Error> {
        YearFigures::read(&mut *self.pool.acquire().await?, year, unit).await
    }
}
