//! Stored versions of the compiled reports. A regeneration and an approval
//! each run in one write transaction that reads the newest version and
//! applies the shared domain's decision (`domain::report::version`), so two
//! coordinators regenerating at once make one version, and an approved
//! version's row is never written again.

use super::audit::{AuditRow, insert_audit};
use super::{Db, decode, now_utc};
use kinerja_core::api::report::{StoredVersion, VersionInfo};
use kinerja_core::domain::period::{Level, Period};
use kinerja_core::domain::report::Report;
use kinerja_core::domain::report::sources::{Approval as PartApproval, ApprovedPart};
use kinerja_core::domain::report::version::{Approval, ApprovalError, Latest, Save, Status, approve, save};
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

/// Why an approval was not stored; nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum ApproveError {
    #[error("no such version")]
    NotFound,
    #[error("the version is not the content reviewed")]
    Refused(ApprovalError),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

fn status_of(text: &str) -> Result<Status, sqlx::Error> {
    match text {
        "draft" => Ok(Status::Draft),
        "approved" => Ok(Status::Approved),
        other => Err(sqlx::Error::Decode(format!("unknown report status {other}").into())),
    }
}

/// The SHA-256 of a report's stored JSON, in hex.
fn hash(content: &str) -> String {
    format!("{:x}", Sha256::digest(content.as_bytes()))
}

type InfoRow = (i64, String, String, String, String, Option<String>, Option<String>, Option<String>);

/// An approved version's number, hash, approver, time and content.
type ApprovedRow = (i64, String, Option<String>, Option<String>, String);

/// A version's row with its content.
type VersionRow =
    (i64, String, String, String, String, Option<String>, Option<String>, Option<String>, String);

const COLUMNS: &str = "v.version, v.status, v.content_hash, g.full_name, v.generated_at, a.full_name, \
     v.approved_at, s.superseded_by";
const FROM: &str = "FROM report_versions v JOIN users g ON g.id = v.generated_by \
     LEFT JOIN users a ON a.id = v.approved_by \
     LEFT JOIN report_supersessions s ON s.period = v.period AND s.unit_id = v.unit_id AND s.version = v.version \
     WHERE v.period = $1 AND v.unit_id = $2";

fn info(
    (version, status, content_hash, generated_by, generated_at, approved_by, approved_at, superseded_by): InfoRow,
) -> Result<VersionInfo, sqlx::Error> {
    let superseded_by = superseded_by
        .map(|period| period.parse::<Period>().map_err(|e| sqlx::Error::Decode(Box::new(e))))
        .transpose()?;
    Ok(VersionInfo {
        version: u32::try_from(version).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        status: status_of(&status)?,
        content_hash,
        generated_by,
        generated_at,
        approved_by,
        approved_at,
        superseded_by,
    })
}

/// The key column of the agency's reports.
pub(super) fn unit_key(unit: Option<&str>) -> &str {
    unit.unwrap_or("")
}

impl Db {
    /// The versions of the report of `period` for `unit` (or the agency), oldest first.
    pub async fn report_versions(
        &self,
        period: Period,
        unit: Option<&str>,
    ) -> Result<Vec<VersionInfo>, sqlx::Error> {
        let rows: Vec<InfoRow> = sqlx::query_as(&format!("SELECT {COLUMNS} {FROM} ORDER BY v.version"))
            .bind(period.to_string())
            .bind(unit_key(unit))
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(info).collect()
    }

    /// One version with its report.
    pub async fn report_version(
        &self,
        period: Period,
        unit: Option<&str>,
        version: u32,
    ) -> Result<Option<StoredVersion>, sqlx::Error> {
        let row: Option<VersionRow> =
            sqlx::query_as(&format!("SELECT {COLUMNS}, v.content {FROM} AND v.version = $3"))
                .bind(period.to_string())
                .bind(unit_key(unit))
                .bind(i64::from(version))
                .fetch_optional(&self.pool)
                .await?;
        row.map(|(version, status, hash, by, at, approved_by, approved_at, superseded_by, content)| {
            Ok(StoredVersion {
                info: info((version, status, hash, by, at, approved_by, approved_at, superseded_by))?,
                report: decode(&content)?,
            })
        })
        .transpose()
    }

    /// The approved versions in force of the parts of `period` (the quarters
    /// of a semester, the semesters of a year) for `unit` or the agency: of
    /// each part the newest approved version no review has superseded.
    pub async fn approved_parts(
        &self,
        period: Period,
        unit: Option<&str>,
    ) -> Result<Vec<ApprovedPart>, sqlx::Error> {
        let parts = match period.level() {
            Level::Semester => period.children(),
            Level::Year => period.descendants(Level::Semester),
            Level::Month | Level::Quarter => Vec::new(),
        };
        let mut approved = Vec::new();
        for part in parts {
            let row: Option<ApprovedRow> = sqlx::query_as(
                "SELECT v.version, v.content_hash, a.full_name, v.approved_at, v.content \
                 FROM report_versions v LEFT JOIN users a ON a.id = v.approved_by \
                 WHERE v.period = $1 AND v.unit_id = $2 AND v.status = 'approved' AND NOT EXISTS \
                 (SELECT 1 FROM report_supersessions s WHERE s.period = v.period AND s.unit_id = v.unit_id \
                 AND s.version = v.version) ORDER BY v.version DESC LIMIT 1",
            )
            .bind(part.to_string())
            .bind(unit_key(unit))
            .fetch_optional(&self.pool)
            .await?;
            let Some((version, content_hash, approved_by, approved_at, content)) = row else { continue };
            let approval = PartApproval {
                version: u32::try_from(version).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
                content_hash,
                approved_by: approved_by.unwrap_or_default(),
                approved_at: approved_at.unwrap_or_default(),
            };
            approved.push(ApprovedPart::of(&decode::<Report>(&content)?, approval));
        }
        Ok(approved)
    }

    /// Stores `report` as its period's newest draft, as `save` decides: a
    /// new version, the draft replaced, or nothing when the content is the
    /// newest version's already.
    pub async fn save_report_version(&self, report: &Report, user_id: &str) -> Result<Save, sqlx::Error> {
        let mut tx = self.begin_write().await?;
        let (decision, _) = save_version(&mut tx, report, user_id).await?;
        tx.commit().await?;
        Ok(decision)
    }

    /// Approves `version` as reviewed with `reviewed_hash`, by `user_id`.
    pub async fn approve_report_version(
        &self,
        period: Period,
        unit: Option<&str>,
        version: u32,
        reviewed_hash: &str,
        user_id: &str,
    ) -> Result<Approval, ApproveError> {
        let mut tx = self.begin_write().await?;
        let approval = approve_version(&mut tx, period, unit, version, reviewed_hash, user_id).await?;
        tx.commit().await?;
        Ok(approval)
    }
}

/// `save_report_version` inside the caller's write transaction; the
/// decision and the content hash of the version it names.
pub(super) async fn save_version(
    conn: &mut AnyConnection,
    report: &Report,
    user_id: &str,
) -> Result<(Save, String), sqlx::Error> {
    let content = serde_json::to_string(report).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let content_hash = hash(&content);
    let (period, unit) = (report.period.to_string(), unit_key(report.unit_id.as_deref()).to_owned());
    let newest: Option<(i64, String, String)> = sqlx::query_as(
        "SELECT version, status, content_hash FROM report_versions WHERE period = $1 AND unit_id = $2 \
         ORDER BY version DESC LIMIT 1",
    )
    .bind(&period)
    .bind(&unit)
    .fetch_optional(&mut *conn)
    .await?;
    let latest = match &newest {
        Some((version, status, hash)) => Some(Latest {
            version: u32::try_from(*version).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            status: status_of(status)?,
            content_hash: hash.as_str(),
        }),
        None => None,
    };
    let decision = save(latest, &content_hash);
    let (version, sql) = match decision {
        Save::Keep(_) => return Ok((decision, content_hash)),
        Save::Create(version) => (
            version,
            "INSERT INTO report_versions (content, content_hash, generated_by, generated_at, period, unit_id, version, status) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft')",
        ),
        Save::Replace(version) => (
            version,
            "UPDATE report_versions SET content = $1, content_hash = $2, generated_by = $3, generated_at = $4 \
             WHERE period = $5 AND unit_id = $6 AND version = $7 AND status = 'draft'",
        ),
    };
    sqlx::query(sql)
        .bind(&content)
        .bind(&content_hash)
        .bind(user_id)
        .bind(now_utc())
        .bind(&period)
        .bind(&unit)
        .bind(i64::from(version))
        .execute(&mut *conn)
        .await?;
    let key = json!({ "period": period, "unit_id": unit });
    let noted = AuditRow::event(user_id, "report_version", key, "draft", version.to_string());
    insert_audit(conn, &[noted], &now_utc()).await?;
    Ok((decision, content_hash))
}

/// `approve_report_version` inside the caller's write transaction.
pub(super) async fn approve_version(
    conn: &mut AnyConnection,
    period: Period,
    unit: Option<&str>,
    version: u32,
    reviewed_hash: &str,
    user_id: &str,
) -> Result<Approval, ApproveError> {
    let (status, stored): (String, String) = sqlx::query_as(
        "SELECT status, content_hash FROM report_versions WHERE period = $1 AND unit_id = $2 AND version = $3",
    )
    .bind(period.to_string())
    .bind(unit_key(unit))
    .bind(i64::from(version))
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(ApproveError::NotFound)?;
    let approval = approve(status_of(&status)?, &stored, reviewed_hash).map_err(ApproveError::Refused)?;
    if approval == Approval::Approve {
        sqlx::query(
            "UPDATE report_versions SET status = 'approved', approved_by = $1, approved_at = $2 \
             WHERE period = $3 AND unit_id = $4 AND version = $5 AND status = 'draft'",
        )
        .bind(user_id)
        .bind(now_utc())
        .bind(period.to_string())
        .bind(unit_key(unit))
        .bind(i64::from(version))
        .execute(&mut *conn)
        .await?;
        let key = json!({ "period": period, "unit_id": unit_key(unit) });
        let noted = AuditRow::event(user_id, "report_version", key, "approved", version.to_string());
        insert_audit(conn, &[noted], &now_utc()).await?;
    }
    Ok(approval)
}

/// Marks the agency's approved versions of `part` not marked yet as
/// superseded by the review of `by_review`, audited.
pub(super) async fn supersede(
    conn: &mut AnyConnection,
    part: Period,
    by_review: Period,
    user_id: &str,
) -> Result<(), sqlx::Error> {
    let now = now_utc();
    let marked = sqlx::query(
        "INSERT INTO report_supersessions (period, unit_id, version, superseded_by, superseded_at) \
         SELECT period, unit_id, version, $1, $2 FROM report_versions \
         WHERE period = $3 AND unit_id = '' AND status = 'approved' \
         ON CONFLICT (period, unit_id, version) DO NOTHING",
    )
    .bind(by_review.to_string())
    .bind(&now)
    .bind(part.to_string())
    .execute(&mut *conn)
    .await?;
    if marked.rows_affected() > 0 {
        let key = json!({ "period": part, "unit_id": "" });
        let noted = AuditRow::event(user_id, "report_version", key, "superseded", by_review.to_string());
        insert_audit(conn, &[noted], &now).await?;
    }
    Ok(())
}

/// Lifts the superseding mark of `part`'s `version`, which the revision left as it was.
pub(super) async fn unsupersede(
    conn: &mut AnyConnection,
    part: Period,
    version: u32,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM report_supersessions WHERE period = $1 AND unit_id = '' AND version = $2")
        .bind(part.to_string())
        .bind(i64::from(version))
        .execute(&mut *conn)
        .await?;
    Ok(())
}
