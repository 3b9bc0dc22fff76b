//! What a compiled report is read from: the plan and the values of its year
//! and of the year before, and the agency policy — gathered in one place
//! for the report endpoint and its benchmark.

use super::Db;
use kinerja_app::domain::plan::Indicator;
use kinerja_app::domain::policy::Policy;
use kinerja_app::domain::report::Sources;
use kinerja_app::domain::table::Values;
use kinerja_app::domain::target::Targets;
use std::collections::HashMap;

/// The stored data a report of one year is compiled from.
pub struct ReportData {
    indicators: Vec<Indicator>,
    targets: HashMap<String, Targets>,
    values: Values,
    previous_year: Values,
    policy: Policy,
}

impl ReportData {
    pub fn sources(&self) -> Sources<'_> {
        Sources {
            indicators: &self.indicators,
            targets: &self.targets,
            values: &self.values,
            previous_year: &self.previous_year,
            policy: &self.policy,
        }
    }
}

impl Db {
    /// Reads what the reports of `year` need, for `unit` or the agency (`None`).
    pub async fn report_data(&self, year: i32, unit: Option<&str>) -> Result<ReportData, sqlx::Error> {
        let targets =
            self.year_plans(year).await?.into_iter().map(|plan| (plan.indicator_id, plan.targets)).collect();
        Ok(ReportData {
            indicators: self.indicators().await?,
            targets,
            values: self.values_of_year(year, unit).await?,
            previous_year: self.values_of_year(year - 1, unit).await?,
            policy: self.policy().await?,
        })
    }
}
