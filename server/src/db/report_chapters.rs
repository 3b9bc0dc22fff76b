//! Rewrites of the LKjIP's narrative chapters. A rewrite runs in one write
//! transaction that reads the chapter's newest revision and applies the
//! shared domain's decision (`domain::report::lkjip::chapters::rewrite`), so of two
//! writers starting from the same text one is stored and the other told to
//! read it again. Every revision is kept.

use super::audit::{AuditRow, insert_audit};
use super::report_versions::unit_key;
use super::{Db, now_utc};
use kinerja_core::domain::org::Role;
use kinerja_core::domain::period::Period;
use kinerja_core::domain::report::lkjip::chapters::{ChapterEdit, ChapterKey, EditError, Rewrite, rewrite};
use serde_json::json;

/// Why a rewrite was not stored; nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum RewriteError {
    #[error("the rewrite is refused")]
    Refused(EditError),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

type EditRow = (String, i64, Option<String>, String, String);

impl Db {
    /// The newest revision of each rewritten chapter of the report of
    /// `period` for `unit` (or the agency).
    pub async fn chapter_edits(
        &self,
        period: Period,
        unit: Option<&str>,
    ) -> Result<Vec<ChapterEdit>, sqlx::Error> {
        let rows: Vec<EditRow> = sqlx::query_as(
            "SELECT c.chapter, c.revision, c.text, u.full_name, c.edited_at FROM report_chapters c \
             JOIN users u ON u.id = c.edited_by WHERE c.period = $1 AND c.unit_id = $2 AND c.revision = \
             (SELECT MAX(n.revision) FROM report_chapters n \
              WHERE n.period = c.period AND n.unit_id = c.unit_id AND n.chapter = c.chapter) \
             ORDER BY c.chapter",
        )
        .bind(period.to_string())
        .bind(unit_key(unit))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(chapter, revision, text, edited_by, edited_at)| {
                let key = ChapterKey::parse(&chapter)
                    .ok_or_else(|| sqlx::Error::Decode(format!("unknown chapter {chapter}").into()))?;
                let revision = u32::try_from(revision).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
                Ok(ChapterEdit { key, text, revision, edited_by, edited_at })
            })
            .collect()
    }

    /// Stores a rewrite of chapter `key` by `user`, started from revision
    /// `base`, if the domain accepts it.
    pub async fn rewrite_chapter(
        &self,
        (period, unit): (Period, Option<&str>),
        key: ChapterKey,
        base: u32,
        text: Option<&str>,
        (user_id, role): (&str, Role),
    ) -> Result<Rewrite, RewriteError> {
        let (period_key, unit) = (period.to_string(), unit_key(unit));
        let mut tx = self.begin_write().await?;
        let newest: Option<(i64, Option<String>)> = sqlx::query_as(
            "SELECT revision, text FROM report_chapters WHERE period = $1 AND unit_id = $2 AND chapter = $3 \
             ORDER BY revision DESC LIMIT 1",
        )
        .bind(&period_key)
        .bind(unit)
        .bind(key.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        let current = match &newest {
            Some((revision, text)) => {
                (u32::try_from(*revision).map_err(|e| sqlx::Error::Decode(Box::new(e)))?, text.as_deref())
            }
            None => (0, None),
        };
        let decision = rewrite(role, period, current, base, text).map_err(RewriteError::Refused)?;
        if let Rewrite::Write(revision) = decision {
            sqlx::query(
                "INSERT INTO report_chapters (period, unit_id, chapter, revision, text, edited_by, edited_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&period_key)
            .bind(unit)
            .bind(key.as_str())
            .bind(i64::from(revision))
            .bind(text.map(str::trim))
            .bind(user_id)
            .bind(now_utc())
            .execute(&mut *tx)
            .await?;
            let record = json!({ "period": period_key, "unit_id": unit, "chapter": key.as_str() });
            let noted = AuditRow::event(user_id, "report_chapter", record, "revision", revision.to_string());
            insert_audit(&mut tx, &[noted], &now_utc()).await?;
            tx.commit().await?;
        }
        Ok(decision)
    }
}
