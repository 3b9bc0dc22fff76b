//! The agenda register of Lembar Disposisi. A sheet is numbered inside the
//! write transaction (the year's highest number plus one), so two sheets
//! issued at once never share a number; its id is the client's, so a retried
//! submission registers it once. Receipts are signed under the same write
//! lock, so two addressees signing at once both count.

use super::audit::{AuditRow, insert_audit};
use super::{Db, WriteError, decode, now_utc};
use kinerja_core::domain::disposition::{
    Disposition, DispositionError, Draft, IssueError, Issuer, Recipient, Sign,
};
use kinerja_core::domain::org::{Actor, Role};
use kinerja_core::domain::validate::Problem;
use serde_json::json;
use sqlx::AnyConnection;

/// Why a sheet was not written; nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("refused: {0}")]
    Refused(#[from] DispositionError),
    #[error(transparent)]
    Write(#[from] WriteError),
}

impl From<sqlx::Error> for SheetError {
    fn from(error: sqlx::Error) -> SheetError {
        SheetError::Write(WriteError::Database(error))
    }
}

impl From<IssueError> for SheetError {
    fn from(error: IssueError) -> SheetError {
        match error {
            IssueError::Refused(refusal) => SheetError::Refused(refusal),
            IssueError::Invalid(fields) => SheetError::Write(WriteError::Invalid(fields)),
        }
    }
}

fn encode(sheet: &Disposition) -> Result<String, sqlx::Error> {
    serde_json::to_string(sheet).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

async fn load(conn: &mut AnyConnection, id: &str) -> Result<Option<Disposition>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as("SELECT body FROM dispositions WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|(body,)| decode(&body)).transpose()
}

/// The calendar year of a moment, for the register (UTC).
fn year_of(ms: i64) -> i32 {
    time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000)).map_or(1970, |at| at.year())
}

/// Registers `draft` from `user_id` under the year's next agenda number. A
/// sheet already registered under `id` by the same user is answered as it is.
pub(crate) async fn issue(
    conn: &mut AnyConnection,
    id: &str,
    draft: Draft,
    user_id: &str,
    at_ms: i64,
) -> Result<Disposition, SheetError> {
    if let Some(known) = load(conn, id).await? {
        return if known.issuer.user_id == user_id {
            Ok(known)
        } else {
            Err(WriteError::field("id", Problem::Duplicate).into())
        };
    }
    let (full_name, nip, role): (String, String, String) =
        sqlx::query_as("SELECT full_name, nip, role FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(WriteError::NotFound)?;
    let role = Role::parse(&role).ok_or(WriteError::NotFound)?;
    let year = year_of(at_ms);
    let (highest,): (i64,) =
        sqlx::query_as("SELECT COALESCE(MAX(agenda), 0) FROM dispositions WHERE year = $1")
            .bind(year)
            .fetch_one(&mut *conn)
            .await?;
    let agenda = u32::try_from(highest + 1).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    let issuer = Issuer { user_id: user_id.to_owned(), full_name, nip, role };
    let sheet = Disposition::issue(id.to_owned(), year, agenda, at_ms, issuer, draft)?;
    for unit_id in sheet.draft.recipients.iter().filter_map(Recipient::unit_id) {
        let known: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM units WHERE id = $1")
            .bind(unit_id)
            .fetch_optional(&mut *conn)
            .await?;
        if known.is_none() {
            return Err(WriteError::field("recipient_unit", Problem::UnknownReference).into());
        }
    }
    sqlx::query(
        "INSERT INTO dispositions (id, year, agenda, issued_ms, issued_by, period, body) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(year)
    .bind(i64::from(agenda))
    .bind(at_ms)
    .bind(user_id)
    .bind(sheet.draft.period.map(|p| p.to_string()))
    .bind(encode(&sheet)?)
    .execute(&mut *conn)
    .await?;
    let noted = AuditRow::event(user_id, "disposition", json!({ "id": id }), "agenda", agenda.to_string());
    insert_audit(conn, &[noted], &now_utc()).await?;
    Ok(sheet)
}

impl Db {
    /// Registers a sheet (see [`issue`]) in its own transaction.
    pub async fn issue_disposition(
        &self,
        id: &str,
        draft: Draft,
        user_id: &str,
        at_ms: i64,
    ) -> Result<Disposition, SheetError> {
        let mut tx = self.begin_write().await?;
        let sheet = issue(&mut tx, id, draft, user_id, at_ms).await?;
        tx.commit().await?;
        Ok(sheet)
    }

    /// Every sheet, newest first.
    pub async fn dispositions(&self) -> Result<Vec<Disposition>, sqlx::Error> {
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT body FROM dispositions ORDER BY year DESC, agenda DESC")
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(|(body,)| decode(body)).collect()
    }

    pub async fn disposition(&self, id: &str) -> Result<Option<Disposition>, sqlx::Error> {
        let mut conn = self.pool.acquire().await?;
        load(&mut conn, id).await
    }

    /// Signs `actor`'s receipt on sheet `id`; signing again changes nothing.
    pub async fn sign_disposition(
        &self,
        id: &str,
        actor: &Actor,
        full_name: &str,
        sign: Sign,
        note: &str,
        at_ms: i64,
    ) -> Result<Disposition, SheetError> {
        let mut tx = self.begin_write().await?;
        let mut sheet = load(&mut tx, id).await?.ok_or(WriteError::NotFound)?;
        if sheet.sign(actor, full_name, sign, note, at_ms)? {
            sqlx::query("UPDATE dispositions SET body = $1 WHERE id = $2")
                .bind(encode(&sheet)?)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let signed = serde_json::to_value(sign)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            let noted =
                AuditRow::event(&actor.user_id, "disposition", json!({ "id": id }), "receipt", signed);
            insert_audit(&mut tx, &[noted], &now_utc()).await?;
            tx.commit().await?;
        }
        Ok(sheet)
    }
}
