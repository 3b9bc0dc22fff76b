//! Evidence files (bukti dukung), stored by their SHA-256 so the same file
//! uploaded twice — a retry, or the same photo from two devices — is kept
//! once. Files live in the database with everything else: one file to back up.

use super::batch::in_list;
use super::{Db, now_utc};
use kinerja_app::domain::org::{Actor, UnitTree};
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};
use std::collections::HashSet;

/// The hashes among `hashes` whose files are held.
pub(crate) async fn held(
    conn: &mut SqliteConnection,
    hashes: &[&str],
) -> Result<HashSet<String>, sqlx::Error> {
    let mut found = HashSet::new();
    for chunk in hashes.chunks(500) {
        let mut query = QueryBuilder::<Sqlite>::new("SELECT sha256 FROM evidence_files WHERE sha256 IN ");
        in_list(&mut query, chunk.iter().copied());
        for row in query.build().fetch_all(&mut *conn).await? {
            found.insert(row.try_get(0)?);
        }
    }
    Ok(found)
}

impl Db {
    /// Stores a file under its (already verified) hash. `Ok(true)` when it
    /// was already held and nothing was stored.
    pub async fn put_evidence_file(
        &self,
        sha256: &str,
        media_type: &str,
        content: &[u8],
        by: &str,
    ) -> Result<bool, sqlx::Error> {
        let inserted = sqlx::query(
            "INSERT INTO evidence_files (sha256, media_type, size_bytes, content, uploaded_at, uploaded_by) \
             VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
        )
        .bind(sha256)
        .bind(media_type)
        .bind(content.len() as i64)
        .bind(content)
        .bind(now_utc())
        .bind(by)
        .execute(&self.pool)
        .await?;
        Ok(inserted.rows_affected() == 0)
    }

    /// A held file's media type and content, if `actor` may read it: the
    /// uploader, or anyone who sees a unit the file is evidence for.
    pub async fn evidence_file(
        &self,
        sha256: &str,
        actor: &Actor,
        tree: &UnitTree,
    ) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
        let file: Option<(String, Vec<u8>, String)> =
            sqlx::query_as("SELECT media_type, content, uploaded_by FROM evidence_files WHERE sha256 = ?")
                .bind(sha256)
                .fetch_optional(&self.pool)
                .await?;
        let Some((media_type, content, uploaded_by)) = file else { return Ok(None) };
        if uploaded_by == actor.user_id || actor.sees_all() {
            return Ok(Some((media_type, content)));
        }
        let units: Vec<String> =
            sqlx::query_scalar("SELECT DISTINCT unit_id FROM evidence_refs WHERE sha256 = ?")
                .bind(sha256)
                .fetch_all(&self.pool)
                .await?;
        Ok(units.iter().any(|unit| actor.sees_unit(tree, unit)).then_some((media_type, content)))
    }
}
