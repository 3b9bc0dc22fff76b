//! Agency settings, each stored as JSON under its key: the capaian policy
//! (`policy`), the office calendar (`office_calendar`), the letterhead
//! with the signatories (`letterhead`) and the Renstra's period
//! (`renstra_period`). An agency that never changed one
//! gets its default (the regulation's policy; WITA office hours without
//! holidays; Kabupaten Balangan's heading without names).

use super::audit::{Edit, KeyValue};
use super::codec::WriteError;
use super::{Db, now_utc};
use kinerja_core::domain::letterhead::Letterhead;
use kinerja_core::domain::office_time::OfficeCalendar;
use kinerja_core::domain::plan::RenstraPeriod;
use kinerja_core::domain::policy::Policy;
use kinerja_core::domain::validate::Problem;
use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::AnyConnection;

const POLICY: &str = "policy";
const OFFICE_CALENDAR: &str = "office_calendar";
const LETTERHEAD: &str = "letterhead";
const RENSTRA_PERIOD: &str = "renstra_period";

impl Db {
    pub async fn policy(&self) -> Result<Policy, sqlx::Error> {
        policy(&mut *self.pool.acquire().await?).await
    }

    pub async fn save_policy(&self, policy: &Policy, by: &str) -> Result<(), WriteError> {
        policy.validate().map_err(|e| WriteError::field(e.field(), Problem::Invalid))?;
        self.save_setting(POLICY, &policy.clone().tidied(), Some(by)).await
    }

    pub async fn office_calendar(&self) -> Result<OfficeCalendar, sqlx::Error> {
        office_calendar(&mut *self.pool.acquire().await?).await
    }

    /// Keeps the calendar once the domain finds it clean, names trimmed and
    /// holidays in date order.
    pub async fn save_office_calendar(&self, calendar: OfficeCalendar, by: &str) -> Result<(), WriteError> {
        calendar.check()?;
        self.save_setting(OFFICE_CALENDAR, &calendar.tidied(), Some(by)).await
    }

    pub async fn letterhead(&self) -> Result<Letterhead, sqlx::Error> {
        setting(&mut *self.pool.acquire().await?, LETTERHEAD).await
    }

    /// Keeps the letterhead and signatories once the domain finds them clean, trimmed.
    pub async fn save_letterhead(&self, letterhead: Letterhead, by: &str) -> Result<(), WriteError> {
        letterhead.check()?;
        self.save_setting(LETTERHEAD, &letterhead.tidied(), Some(by)).await
    }

    /// The Renstra's period; none until the agency sets it.
    pub async fn renstra_period(&self) -> Result<Option<RenstraPeriod>, sqlx::Error> {
        setting(&mut *self.pool.acquire().await?, RENSTRA_PERIOD).await
    }

    /// Keeps the Renstra's period once the domain finds it clean. The
    /// indicators' targets of other years stay: they are an earlier Renstra's.
    pub async fn save_renstra_period(
        &self,
        period: RenstraPeriod,
        by: Option<&str>,
    ) -> Result<(), WriteError> {
        period.check()?;
        self.save_setting(RENSTRA_PERIOD, &Some(period), by).await
    }

    /// Writes one setting in the writer's turn, its change in the audit trail.
    async fn save_setting(
        &self,
        key: &str,
        value: &impl Serialize,
        by: Option<&str>,
    ) -> Result<(), WriteError> {
        let text = serde_json::to_string(value).map_err(|_| WriteError::field(key, Problem::Invalid))?;
        let mut tx = self.begin_write().await?;
        let edit =
            Edit::before(&mut tx, "setting", "settings", vec![("key", KeyValue::Text(key.into()))]).await?;
        let now = now_utc();
        sqlx::query(
            "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )
        .bind(key)
        .bind(text)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        edit.record(&mut tx, by, &now).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The agency's capaian policy: the stored one, or the regulation's defaults.
pub(crate) async fn policy(conn: &mut AnyConnection) -> Result<Policy, sqlx::Error> {
    setting(conn, POLICY).await
}

/// The agency's office calendar: the stored one, or WITA office hours without holidays.
pub(crate) async fn office_calendar(conn: &mut AnyConnection) -> Result<OfficeCalendar, sqlx::Error> {
    setting(conn, OFFICE_CALENDAR).await
}

/// The setting stored under `key`, or its default.
async fn setting<T: DeserializeOwned + Default>(
    conn: &mut AnyConnection,
    key: &str,
) -> Result<T, sqlx::Error> {
    let text: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?;
    match text {
        None => Ok(T::default()),
        Some(text) => serde_json::from_str(&text).map_err(|e| sqlx::Error::Decode(Box::new(e))),
    }
}
