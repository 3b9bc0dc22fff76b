//! What the sync path records besides the records themselves: the op log
//! (every op read, with its answer, so a retry gets the same answer and
//! changes nothing), each device's last sequence number, and conflicts (the
//! audit trail is written by `db::audit`).

use crate::db::audit::Who;
use crate::db::batch::insert_many;
use crate::db::codec::from_json;
use crate::db::sql::Sql;
use kinerja_core::api::sync::{Op, OpAnswer};
use kinerja_core::domain::merge::FieldConflict;
use kinerja_core::domain::sync::Key;
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;

/// One conflict an op opened.
#[derive(Clone, Debug)]
pub(crate) struct ConflictRow {
    pub id: String,
    pub key: Key,
    pub unit: Option<String>,
    pub conflict: FieldConflict,
    pub who: Who,
}

/// The answers already given to any of `op_ids`, with the user each op came from.
pub(crate) async fn answers(
    conn: &mut AnyConnection,
    op_ids: &[&str],
) -> Result<HashMap<String, (OpAnswer, String)>, sqlx::Error> {
    let mut found = HashMap::new();
    for chunk in op_ids.chunks(500) {
        let mut query = Sql::new("SELECT op_id, answer, user_id FROM sync_ops WHERE op_id IN ");
        query.push_list(chunk.iter().copied());
        for row in query.build()?.fetch_all(&mut *conn).await? {
            found.insert(row.try_get(0)?, (from_json(row.try_get(1)?)?, row.try_get(2)?));
        }
    }
    Ok(found)
}

/// The device's last applied sequence number for this user.
pub(crate) async fn device_seq(
    conn: &mut AnyConnection,
    device_id: &str,
    user_id: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT last_seq FROM sync_devices WHERE device_id = $1 AND user_id = $2")
        .bind(device_id)
        .bind(user_id)
        .fetch_optional(conn)
        .await
}

pub(crate) async fn save_device(
    conn: &mut AnyConnection,
    device_id: &str,
    user_id: &str,
    last_seq: i64,
    now: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sync_devices (device_id, user_id, last_seq, last_seen_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (device_id, user_id) DO UPDATE SET last_seq = excluded.last_seq, \
         last_seen_at = excluded.last_seen_at",
    )
    .bind(device_id)
    .bind(user_id)
    .bind(last_seq)
    .bind(now)
    .execute(conn)
    .await
    .map(drop)
}

/// The last processing order given to an op.
pub(crate) async fn last_order(conn: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(server_order), 0) FROM sync_ops").fetch_one(conn).await
}

/// Records new ops with their answers.
pub(crate) async fn insert_ops(
    conn: &mut AnyConnection,
    ops: &[(&Op, OpAnswer)],
    device_id: &str,
    user_id: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    let rows: Vec<(&Op, &OpAnswer, String, String, String)> =
        ops.iter().map(|(op, answer)| (*op, answer, op.key.text(), json(*op), json(answer))).collect();
    insert_many(
        conn,
        "INSERT INTO sync_ops (server_order, op_id, device_id, seq, user_id, entity, record_key, outcome, code, op, \
         answer, received_at) ",
        "",
        12,
        &rows,
        |row, (op, answer, key, op_json, answer_json)| {
            row.push_bind(answer.order)
                .push_bind(op.op_id.as_str())
                .push_bind(device_id)
                .push_bind(op.seq)
                .push_bind(user_id)
                .push_bind(op.key.entity())
                .push_bind(key.as_str())
                .push_bind(answer.outcome.as_str())
                .push_bind(answer.code.as_str())
                .push_bind(op_json.as_str())
                .push_bind(answer_json.as_str())
                .push_bind(now);
        },
    )
    .await
}

/// A wire value as JSON text.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

pub(crate) async fn insert_conflicts(
    conn: &mut AnyConnection,
    rows: &[ConflictRow],
    now: &str,
) -> Result<(), sqlx::Error> {
    let keyed: Vec<(&ConflictRow, String)> = rows.iter().map(|row| (row, row.key.text())).collect();
    insert_many(
        conn,
        "INSERT INTO conflicts (id, entity, record_key, unit_id, field, base_value, server_value, client_value, op_id, \
         device_id, user_id, created_at) ",
        "",
        12,
        &keyed,
        |row, (conflict, key)| {
            row.push_bind(conflict.id.as_str())
                .push_bind(conflict.key.entity())
                .push_bind(key.as_str())
                .push_bind(conflict.unit.as_deref())
                .push_bind(conflict.conflict.field.as_str())
                .push_bind(conflict.conflict.base.as_deref())
                .push_bind(conflict.conflict.server.as_deref())
                .push_bind(conflict.conflict.client.as_deref())
                .push_bind(conflict.who.op_id.as_deref().unwrap_or_default())
                .push_bind(conflict.who.device_id.as_deref().unwrap_or_default())
                .push_bind(conflict.who.user_id.as_str())
                .push_bind(now);
        },
    )
    .await
}
