//! What a compiled report is read from: the plan, the values of its year
//! and of the year before, the year's narratives, the budget and the agency policy —
//! gathered in one place for the report endpoint and its benchmark.

use super::Db;
use kinerja_app::domain::report::{Budget, Inputs, Narrative};

impl Db {
    /// Reads what the reports of `year` need, for `unit` or the agency (`None`).
    pub async fn report_data(&self, year: i32, unit: Option<&str>) -> Result<Inputs, sqlx::Error> {
        let targets =
            self.year_plans(year).await?.into_iter().map(|plan| (plan.indicator_id, plan.targets)).collect();
        Ok(Inputs {
            indicators: self.indicators().await?,
            targets,
            values: self.values_of_year(year, unit).await?,
            previous_year: self.values_of_year(year - 1, unit).await?,
            narratives: self.narratives_of_year(year, unit).await?,
            policy: self.policy().await?,
            budget: Budget {
                programs: self.programs().await?,
                ceilings: self.ceilings(year).await?,
                spending: self.spending(year).await?,
            },
        })
    }

    /// The narratives written for `year` (of `unit`, or of every unit), by indicator id.
    async fn narratives_of_year(
        &self,
        year: i32,
        unit: Option<&str>,
    ) -> Result<Vec<(String, Narrative)>, sqlx::Error> {
        let rows: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
            "SELECT indicator_id, unit_id, period, analisis, kendala, tindak_lanjut FROM realisations \
             WHERE year = ? AND (? IS NULL OR unit_id = ?) AND (analisis <> '' OR kendala <> '' OR tindak_lanjut <> '')",
        )
        .bind(year)
        .bind(unit)
        .bind(unit)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(indicator_id, unit_id, period, analisis, kendala, tindak_lanjut)| {
                let period = period.parse().map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
                Ok((indicator_id, Narrative { unit_id, period, analisis, kendala, tindak_lanjut }))
            })
            .collect()
    }
}
