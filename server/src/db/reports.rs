//! What a compiled report is read from: the plan, the values of its year
//! and of the year before, the year's narratives, the budget and the agency
//! policy; for an annual report also the values of earlier years, the
//! Renstra, the units and its chapters' rewrites — gathered in one place
//! for the report endpoints and their benchmark.

use super::{Db, YearFigures};
use kinerja_core::domain::period::{Level, Period, YEARS};
use kinerja_core::domain::report::{Budget, Inputs, Narrative};

/// How many years before the year before an annual report compares with.
const EARLIER_YEARS: i32 = 2;

impl Db {
    /// Reads what the report of `period` needs, for `unit` or the agency (`None`).
    pub async fn report_data(&self, period: Period, unit: Option<&str>) -> Result<Inputs, sqlx::Error> {
        let year = period.year_number();
        let annual = period.level() == Level::Year;
        let YearFigures { indicators, targets, values, policy } = self.year_figures(year, unit).await?;
        let mut earlier_years = Vec::new();
        if annual {
            for earlier in (year - 1 - EARLIER_YEARS..year - 1).filter(|y| YEARS.contains(y)) {
                earlier_years.push((earlier, self.values_of_year(earlier, unit).await?));
            }
        }
        Ok(Inputs {
            indicators,
            targets,
            values,
            previous_year: self.values_of_year(year - 1, unit).await?,
            earlier_years,
            narratives: self.narratives_of_year(year, unit).await?,
            policy,
            budget: Budget {
                programs: self.programs().await?,
                ceilings: self.ceilings(year).await?,
                spending: self.spending(year).await?,
            },
            renstra: if annual { self.renstra().await? } else { Default::default() },
            units: if annual { self.units().await? } else { Vec::new() },
            chapter_edits: if annual { self.chapter_edits(period, unit).await? } else { Vec::new() },
            approved_parts: self.approved_parts(period, unit).await?,
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
             WHERE year = $1 AND (CAST($2 AS TEXT) IS NULL OR unit_id = $2) AND (analisis <> '' OR kendala <> '' OR tindak_lanjut <> '')",
        )
        .bind(year)
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
