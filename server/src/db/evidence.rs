//! Evidence files (bukti dukung), stored by their SHA-256 so the same file
//! uploaded twice — a retry, or the same photo from two devices — is kept
//! once. Files live in the database with everything else: one file to back up.

use super::audit::{AuditRow, insert_audit};
use super::{Db, now_utc};
use crate::db::sql::Sql;
use kinerja_core::domain::org::{Actor, UnitTree};
use sqlx::{AnyConnection, Row};
use std::collections::HashSet;

/// The hashes among `hashes` that `actor` may name in an evidence op (and
/// read): a held file the actor uploaded, or one attached (not removed) to
/// a record of a unit the actor sees. Knowing a file's hash is not enough.
pub(crate) async fn usable(
    conn: &mut AnyConnection,
    hashes: &[&str],
    actor: &Actor,
    tree: &UnitTree,
) -> Result<HashSet<String>, sqlx::Error> {
    let mut found = HashSet::new();
    for chunk in hashes.chunks(500) {
        let mut query = Sql::new(
            "SELECT f.sha256, u.user_id, r.unit_id FROM evidence_files f \
             LEFT JOIN evidence_uploads u ON u.sha256 = f.sha256 AND u.user_id = ",
        );
        query.push_bind(actor.user_id.as_str());
        query.push(
            " LEFT JOIN evidence_refs r ON r.sha256 = f.sha256 AND r.status = 'attached' WHERE f.sha256 IN ",
        );
        query.push_list(chunk.iter().copied());
        for row in query.build()?.fetch_all(&mut *conn).await? {
            let uploaded = row.try_get::<Option<String>, _>(1)?.is_some();
            let unit: Option<String> = row.try_get(2)?;
            if uploaded || unit.is_some_and(|unit| actor.sees_unit(tree, &unit)) {
                found.insert(row.try_get(0)?);
            }
        }
    }
    Ok(found)
}

impl Db {
    /// Stores a file under its (already verified) hash and records that
    /// `by` uploaded it. `Ok(true)` when the file was already held.
    pub async fn put_evidence_file(
        &self,
        sha256: &str,
        media_type: &str,
        content: &[u8],
        by: &str,
    ) -> Result<bool, sqlx::Error> {
        let now = now_utc();
        let mut tx = self.begin_write().await?;
        let inserted = sqlx::query(
            "INSERT INTO evidence_files (sha256, media_type, size_bytes, content, uploaded_at, uploaded_by) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (sha256) DO NOTHING",
        )
        .bind(sha256)
        .bind(media_type)
        .bind(content.len() as i64)
        .bind(content)
        .bind(&now)
        .bind(by)
        .execute(&mut *tx)
        .await?;
        let uploaded = sqlx::query(
            "INSERT INTO evidence_uploads (sha256, user_id, uploaded_at) VALUES ($1, $2, $3) \
             ON CONFLICT (sha256, user_id) DO NOTHING",
        )
        .bind(sha256)
        .bind(by)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        if uploaded.rows_affected() == 1 {
            let key = serde_json::json!({ "sha256": sha256 });
            let noted = AuditRow::event(
                by,
                "evidence_file",
                key,
                "uploaded",
                format!("{media_type}, {} bytes", content.len()),
            );
            insert_audit(&mut tx, &[noted], &now).await?;
        }
        tx.commit().await?;
        Ok(inserted.rows_affected() == 0)
    }

    /// A held file's media type and content, if `actor` may read it: the
    /// uploader, anyone who sees a unit the file is attached to (an
    /// attachment since removed grants nothing), or — for a file of a
    /// socialisation's record, which every signed-in user sees on the cycle
    /// board — anyone signed in.
    pub async fn evidence_file(
        &self,
        sha256: &str,
        actor: &Actor,
        tree: &UnitTree,
    ) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
        let mut conn = self.pool.acquire().await?;
        let socialised: Option<(String,)> =
            sqlx::query_as("SELECT sha256 FROM cycle_attachments WHERE sha256 = $1 LIMIT 1")
                .bind(sha256)
                .fetch_optional(&mut *conn)
                .await?;
        if socialised.is_none() && usable(&mut conn, &[sha256], actor, tree).await?.is_empty() {
            return Ok(None);
        }
        sqlx::query_as("SELECT media_type, content FROM evidence_files WHERE sha256 = $1")
            .bind(sha256)
            .fetch_optional(&mut *conn)
            .await
    }
}
