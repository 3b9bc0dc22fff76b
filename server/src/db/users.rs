//! User accounts: adding them with an argon2 password hash, finding them at
//! sign-in, changing passwords, and the administrator's deactivation and
//! password reset (both end the account's sessions and are audited). Plain
//! passwords never reach the database.

use super::audit::{AuditRow, Edit, KeyValue, insert_audit};
use super::codec::{WriteError, unname};
use super::{Db, WriteTx, now_utc};
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use kinerja_core::domain::org::{Role, UnitKind, User};
use kinerja_core::domain::validate::{Checker, NAME_MAX, Problem};

/// The shortest password accepted.
pub const PASSWORD_MIN: usize = 10;

#[derive(sqlx::FromRow)]
struct UserRow {
    id: String,
    username: String,
    full_name: String,
    nip: String,
    role: String,
    unit_id: Option<String>,
    must_change_password: i64,
    active: i64,
}

impl TryFrom<UserRow> for User {
    type Error = sqlx::Error;

    fn try_from(row: UserRow) -> Result<User, sqlx::Error> {
        Ok(User {
            role: unname(&row.role, Role::parse)?,
            id: row.id,
            username: row.username,
            full_name: row.full_name,
            nip: row.nip,
            unit_id: row.unit_id,
            must_change_password: row.must_change_password != 0,
            active: row.active != 0,
        })
    }
}

const COLUMNS: &str = "id, username, full_name, nip, role, unit_id, must_change_password, active";

/// Hashes a password with argon2id and a random salt.
fn hash_password(password: &str) -> Result<String, WriteError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|_| WriteError::field("password", Problem::Invalid))
}

fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// Checks `password` against `hash` on the blocking pool: argon2 takes tens
/// of milliseconds of CPU on purpose, which must not stall the async workers.
async fn verify_off_workers(password: &str, hash: &str) -> bool {
    let (password, hash) = (password.to_owned(), hash.to_owned());
    tokio::task::spawn_blocking(move || verify(&password, &hash)).await.unwrap_or(false)
}

/// `hash_password` on the blocking pool.
async fn hash_off_workers(password: &str) -> Result<String, WriteError> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .unwrap_or_else(|_| Err(WriteError::field("password", Problem::Invalid)))
}

/// A random password to be used once: the bootstrap administrator's, and a
/// reset one. Letters and digits after `Kj-`, so it passes `check_password`.
pub fn one_time_password() -> String {
    format!("Kj-{}", uuid::Uuid::new_v4().simple())
}

/// Checks a new password: long enough, not all one kind of character.
pub fn check_password(field: &str, password: &str, check: &mut Checker) {
    let long = password.chars().count() >= PASSWORD_MIN;
    let mixed = password.chars().any(|c| c.is_alphabetic()) && password.chars().any(|c| !c.is_alphabetic());
    if !long || !mixed {
        check.fail(field, Problem::Invalid);
    }
    check.optional(field, password, 200);
}

impl Db {
    pub async fn users(&self) -> Result<Vec<User>, sqlx::Error> {
        let rows: Vec<UserRow> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM users ORDER BY username"))
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(User::try_from).collect()
    }

    pub async fn user(&self, id: &str) -> Result<Option<User>, sqlx::Error> {
        let row: Option<UserRow> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM users WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(User::try_from).transpose()
    }

    /// The active user with these credentials, if they are right. The hash is
    /// checked even for unknown names, so timing does not reveal which names exist.
    pub async fn authenticate(&self, username: &str, password: &str) -> Result<Option<User>, sqlx::Error> {
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT id, password_hash FROM users WHERE username = $1 AND active = 1")
                .bind(username.trim())
                .fetch_optional(&self.pool)
                .await?;
        const DECOY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$1ZX4jkxl6lDFmXrAuVJ7CTA7sJ6vYz0d8rJmuDWb3TQ";
        let hash = row.as_ref().map_or(DECOY, |(_, hash)| hash.as_str());
        let matches = verify_off_workers(password, hash).await;
        match row {
            Some((id, _)) if matches => self.user(&id).await,
            _ => Ok(None),
        }
    }

    /// Adds a user; `password` is the initial one, to be changed at first sign-in.
    pub async fn add_user(&self, user: &User, password: &str, by: Option<&str>) -> Result<(), WriteError> {
        let mut check = Checker::new();
        check.code("username", &user.username);
        check.required("full_name", &user.full_name, NAME_MAX);
        check.optional("nip", &user.nip, 30);
        check_password("password", password, &mut check);
        let kinds = user.role.unit_kinds();
        if !kinds.is_empty() && user.unit_id.is_none() {
            check.fail("unit_id", Problem::Required);
        }
        check.finish()?;
        let hash = hash_off_workers(password).await?;
        let mut tx = self.begin_write().await?;
        let edit =
            Edit::before(&mut tx, "user", "users", vec![("id", KeyValue::Text(user.id.clone()))]).await?;
        if let Some(unit) = &user.unit_id {
            let kind: Option<String> = sqlx::query_scalar("SELECT kind FROM units WHERE id = $1")
                .bind(unit)
                .fetch_optional(&mut *tx)
                .await?;
            let kind = kind.ok_or_else(|| WriteError::field("unit_id", Problem::UnknownReference))?;
            let kind = unname(&kind, UnitKind::parse)?;
            if !kinds.is_empty() && !kinds.contains(&kind) {
                return Err(WriteError::field("unit_id", Problem::Invalid));
            }
        }
        let now = now_utc();
        sqlx::query(
            "INSERT INTO users (id, username, full_name, nip, role, unit_id, password_hash, must_change_password, active, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&user.id)
        .bind(&user.username)
        .bind(user.full_name.trim())
        .bind(&user.nip)
        .bind(user.role.as_str())
        .bind(&user.unit_id)
        .bind(hash)
        .bind(i64::from(user.must_change_password))
        .bind(i64::from(user.active))
        .bind(&now)
        .bind(&now)
        .execute(&mut *tx)
        .await
        .map_err(|e| WriteError::unique(e, "username"))?;
        edit.record(&mut tx, by, &now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds the administrator `username` with a one-time password, returned
    /// once, to be changed at the first sign-in: the first start's `admin`,
    /// and `kinerja-server create-admin` (`by` then names the console).
    pub async fn add_administrator(&self, username: &str, by: Option<&str>) -> Result<String, WriteError> {
        let password = one_time_password();
        let admin = User {
            id: uuid::Uuid::now_v7().to_string(),
            username: username.to_owned(),
            full_name: "Administrator".to_owned(),
            nip: String::new(),
            role: Role::Admin,
            unit_id: None,
            must_change_password: true,
            active: true,
        };
        self.add_user(&admin, &password, by).await?;
        Ok(password)
    }

    /// The id of the account called `username`, active or not.
    pub async fn user_id_named(&self, username: &str) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
            .bind(username.trim())
            .fetch_optional(&self.pool)
            .await
    }

    /// Replaces a user's password after checking the current one; clears the
    /// forced-change mark and ends the user's other sessions.
    pub async fn change_password(&self, user_id: &str, current: &str, new: &str) -> Result<(), WriteError> {
        let hash: Option<String> =
            sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1 AND active = 1")
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?;
        let hash = hash.ok_or(WriteError::NotFound)?;
        if !verify_off_workers(current, &hash).await {
            return Err(WriteError::field("current_password", Problem::Invalid));
        }
        let mut check = Checker::new();
        check_password("new_password", new, &mut check);
        if new == current {
            check.fail("new_password", Problem::Duplicate);
        }
        check.finish()?;
        let new_hash = hash_off_workers(new).await?;
        let mut tx = self.begin_write().await?;
        replace_password(&mut tx, user_id, &new_hash, false).await?;
        let noted = AuditRow::event(
            user_id,
            "user",
            serde_json::json!({ "id": user_id }),
            "password",
            "changed".into(),
        );
        insert_audit(&mut tx, &[noted], &now_utc()).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Why an account change was refused.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("no such user")]
    NotFound,
    #[error("administrators cannot deactivate or reset their own account here")]
    OwnAccount,
    #[error("cannot hash the new password")]
    Hash,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

impl Db {
    /// Deactivates (or activates again) `user_id`'s account for the
    /// administrator `by`: deactivating ends the account's sessions. Audited
    /// as an `edit` of the user's `active` field; a change to the state it
    /// already has writes nothing.
    pub async fn set_active(&self, by: &str, user_id: &str, active: bool) -> Result<(), AccountError> {
        if by == user_id {
            return Err(AccountError::OwnAccount);
        }
        let mut tx = self.begin_write().await?;
        let (was, unit) = account(&mut tx, user_id).await?;
        if was != active {
            sqlx::query("UPDATE users SET active = $1, updated_at = $2 WHERE id = $3")
                .bind(i64::from(active))
                .bind(now_utc())
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            if !active {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
            }
            let change = (was.to_string(), active.to_string());
            audit_account(&mut tx, by, user_id, unit, "active", change).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Gives `user_id` a one-time password (returned once, never stored in
    /// clear) that must be changed at the next sign-in, and ends the
    /// account's sessions. Audited as an `edit` of the user's `password`
    /// (the audit says that it was reset, not what to).
    pub async fn reset_password(&self, by: &str, user_id: &str) -> Result<String, AccountError> {
        if by == user_id {
            return Err(AccountError::OwnAccount);
        }
        let password = one_time_password();
        let hash = hash_off_workers(&password).await.map_err(|_| AccountError::Hash)?;
        let mut tx = self.begin_write().await?;
        let (_, unit) = account(&mut tx, user_id).await?;
        replace_password(&mut tx, user_id, &hash, true).await?;
        audit_account(&mut tx, by, user_id, unit, "password", ("set".to_owned(), "reset".to_owned())).await?;
        tx.commit().await?;
        Ok(password)
    }
}

/// Stores a user's new password hash (`must_change`: to be changed at the
/// next sign-in) and ends the user's sessions.
async fn replace_password(
    tx: &mut WriteTx,
    user_id: &str,
    hash: &str,
    must_change: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET password_hash = $1, must_change_password = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(hash)
    .bind(i64::from(must_change))
    .bind(now_utc())
    .bind(user_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut **tx).await.map(drop)
}

/// Whether the account is active, and its unit.
async fn account(tx: &mut WriteTx, user_id: &str) -> Result<(bool, Option<String>), AccountError> {
    let row: Option<(i64, Option<String>)> =
        sqlx::query_as("SELECT active, unit_id FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut **tx)
            .await?;
    row.map(|(active, unit)| (active != 0, unit)).ok_or(AccountError::NotFound)
}

async fn audit_account(
    tx: &mut WriteTx,
    by: &str,
    user_id: &str,
    unit: Option<String>,
    field: &str,
    (old, new): (String, String),
) -> Result<(), sqlx::Error> {
    let key = serde_json::json!({ "id": user_id });
    let row = AuditRow { unit, old: Some(old), ..AuditRow::event(by, "user", key, field, new) };
    insert_audit(tx, &[row], &now_utc()).await
}
