//! Agency settings, each stored as JSON under its key: the capaian policy
//! (`policy`), the office calendar (`office_calendar`), the letterhead
//! with the signatories and the logo's hash (`letterhead`) and the
//! Renstra's period (`renstra_period`). An agency that never changed one
//! gets its default (the regulation's policy; WITA office hours without
//! holidays; Kabupaten Balangan's heading without names or logo). Logo
//! files are kept by hash in `logos`.

use super::audit::{Edit, KeyValue};
use super::codec::WriteError;
use super::{Db, now_utc};
use kinerja_core::domain::letterhead::Letterhead;
use kinerja_core::domain::logo::Logo;
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

    /// Keeps the letterhead and signatories once the domain finds them
    /// clean, trimmed; the logo stays the one its own route kept.
    pub async fn save_letterhead(&self, letterhead: Letterhead, by: &str) -> Result<(), WriteError> {
        letterhead.check()?;
        self.change_letterhead(by, |kept| Letterhead { logo: kept.logo, ..letterhead.tidied() }).await
    }

    /// Keeps `content` (a PNG the domain read as `logo`) and makes it the
    /// letterhead's logo. The same file again changes nothing.
    pub async fn save_logo(&self, logo: Logo, content: &[u8], by: &str) -> Result<(), WriteError> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO logos (sha256, content, uploaded_at, uploaded_by) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (sha256) DO NOTHING",
        )
        .bind(&logo.sha256)
        .bind(content)
        .bind(now_utc())
        .bind(by)
        .execute(&mut *tx)
        .await?;
        write_letterhead(&mut tx, by, |kept| Letterhead { logo: Some(logo), ..kept }).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes the logo off the letterhead (its file stays, named by the audit trail).
    pub async fn remove_logo(&self, by: &str) -> Result<(), WriteError> {
        self.change_letterhead(by, |kept| Letterhead { logo: None, ..kept }).await
    }

    /// A kept logo file by its hash.
    pub async fn logo_file(&self, sha256: &str) -> Result<Option<Vec<u8>>, sqlx::Error> {
        sqlx::query_scalar("SELECT content FROM logos WHERE sha256 = $1")
            .bind(sha256)
            .fetch_optional(&mut *self.pool.acquire().await?)
            .await
    }

    /// The letterhead's logo file, if it has one.
    pub async fn letterhead_logo(&self, letterhead: &Letterhead) -> Result<Option<Vec<u8>>, sqlx::Error> {
        match &letterhead.logo {
            Some(logo) => self.logo_file(&logo.sha256).await,
            None => Ok(None),
        }
    }

    /// Rewrites the letterhead from the one kept, in one write turn.
    async fn change_letterhead(
        &self,
        by: &str,
        change: impl FnOnce(Letterhead) -> Letterhead,
    ) -> Result<(), WriteError> {
        let mut tx = self.begin_write().await?;
        write_letterhead(&mut tx, by, change).await?;
        tx.commit().await?;
        Ok(())
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

    /// Writes one setting in the writer's turn.
    async fn save_setting(
        &self,
        key: &str,
        value: &impl Serialize,
        by: Option<&str>,
    ) -> Result<(), WriteError> {
        let mut tx = self.begin_write().await?;
        write_setting(&mut tx, key, value, by).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The letterhead `change` makes of the kept one, written unless it is the same.
async fn write_letterhead(
    conn: &mut AnyConnection,
    by: &str,
    change: impl FnOnce(Letterhead) -> Letterhead,
) -> Result<(), WriteError> {
    let kept: Letterhead = setting(conn, LETTERHEAD).await?;
    let changed = change(kept.clone());
    if changed != kept {
        write_setting(conn, LETTERHEAD, &changed, Some(by)).await?;
    }
    Ok(())
}

/// Writes one setting, its change in the audit trail.
async fn write_setting(
    tx: &mut AnyConnection,
    key: &str,
    value: &impl Serialize,
    by: Option<&str>,
) -> Result<(), WriteError> {
    let text = serde_json::to_string(value).map_err(|_| WriteError::field(key, Problem::Invalid))?;
    let edit = Edit::before(tx, "setting", "settings", vec![("key", KeyValue::Text(key.into()))]).await?;
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
    edit.record(tx, by, &now).await?;
    Ok(())
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
