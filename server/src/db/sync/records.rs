//! Synced records as stored: the latest state of each in `sync_records`
//! (one row per record, whose cursor is its newest change — the feed devices
//! pull) and in the typed tables the reports read (`realisations`,
//! `budget_realisations`, `evidence_refs`). Both are written together here
//! and nowhere else, so they cannot drift apart.

use crate::db::batch::insert_many;
use crate::db::codec::from_json;
use crate::db::sql::Sql;
use kinerja_core::domain::merge::Fields;
use kinerja_core::domain::sync::Key;
use sqlx::{AnyConnection, Row};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A record as held, or as it will be written.
#[derive(Clone, Debug)]
pub(crate) struct Stored {
    pub key: Key,
    /// The key as stored (`Key::text`), made once.
    pub text: String,
    pub unit: Option<String>,
    pub revision: i64,
    pub fields: Fields,
    pub conflicted: bool,
}

impl Stored {
    /// A record nobody has entered yet.
    pub fn new(key: Key, text: String) -> Stored {
        Stored { fields: key.empty(), text, key, unit: None, revision: 0, conflicted: false }
    }
}

/// The stored records of `keys`, by key text. Looked up per entity, so each
/// key is one probe of the `(entity, record_key)` index, never a scan.
pub(crate) async fn load(
    conn: &mut AnyConnection,
    keys: &[&Key],
) -> Result<HashMap<String, Stored>, sqlx::Error> {
    let mut by_entity: BTreeMap<&'static str, BTreeMap<String, &Key>> = BTreeMap::new();
    for key in keys {
        by_entity.entry(key.entity()).or_default().insert(key.text(), key);
    }
    let mut found = HashMap::new();
    for (entity, asked) in by_entity {
        let texts: Vec<&str> = asked.keys().map(String::as_str).collect();
        for chunk in texts.chunks(500) {
            let mut query = Sql::new(
                "SELECT record_key, unit_id, revision, record_values, conflicted FROM sync_records WHERE entity = ",
            );
            query.push_bind(entity).push(" AND record_key IN ");
            query.push_list(chunk.iter().copied());
            for row in query.build()?.fetch_all(&mut *conn).await? {
                let text: String = row.try_get(0)?;
                let Some(key) = asked.get(&text) else {
                    continue;
                };
                let stored = Stored {
                    key: (*key).clone(),
                    text: text.clone(),
                    unit: row.try_get(1)?,
                    revision: row.try_get(2)?,
                    fields: from_json(row.try_get(3)?)?,
                    conflicted: row.try_get::<i64, _>(4)? != 0,
                };
                found.insert(text, stored);
            }
        }
    }
    Ok(found)
}

/// The newest cursor of the change feed.
pub(crate) async fn last_cursor(conn: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(cursor), 0) FROM sync_records").fetch_one(conn).await
}

/// Replaces the fields of records outright — the demo seed and the plain
/// write API, not devices — bumping each record's revision once per item.
pub(crate) async fn overwrite(
    conn: &mut AnyConnection,
    items: Vec<(Key, Option<String>, Fields)>,
    now: &str,
    by: Option<&str>,
) -> Result<(), sqlx::Error> {
    let keys: Vec<&Key> = items.iter().map(|(key, _, _)| key).collect();
    let mut held = load(&mut *conn, &keys).await?;
    let texts: Vec<String> = keys.iter().map(|key| key.text()).collect();
    let mut order = Vec::new();
    let mut seen = HashSet::new();
    for ((key, unit, fields), text) in items.into_iter().zip(texts) {
        let record = held.entry(text.clone()).or_insert_with(|| Stored::new(key, text.clone()));
        record.revision += 1;
        record.unit = unit;
        record.fields.extend(fields);
        if seen.insert(text.clone()) {
            order.push(text);
        }
    }
    let records: Vec<&Stored> = order.iter().filter_map(|text| held.get(text)).collect();
    let after = last_cursor(&mut *conn).await?;
    store(conn, &records, after, now, by).await
}

/// Writes `records` to the feed (each with a new cursor after `after`) and
/// to their typed tables. Run inside the caller's write transaction.
pub(crate) async fn store(
    conn: &mut AnyConnection,
    records: &[&Stored],
    after: i64,
    now: &str,
    by: Option<&str>,
) -> Result<(), sqlx::Error> {
    let feed: Vec<(i64, &Stored, String)> = records
        .iter()
        .zip(after + 1..)
        .map(|(record, cursor)| {
            let values = serde_json::to_string(&record.fields).unwrap_or_default();
            (cursor, *record, values)
        })
        .collect();
    insert_many(
        conn,
        "INSERT INTO sync_records (cursor, entity, record_key, unit_id, revision, record_values, conflicted, changed_at) ",
        " ON CONFLICT (entity, record_key) DO UPDATE SET cursor = excluded.cursor, unit_id = excluded.unit_id, \
         revision = excluded.revision, record_values = excluded.record_values, conflicted = excluded.conflicted, \
         changed_at = excluded.changed_at",
        8,
        &feed,
        |row, (cursor, record, values)| {
            row.push_bind(*cursor)
                .push_bind(record.key.entity())
                .push_bind(record.text.as_str())
                .push_bind(record.unit.as_deref())
                .push_bind(record.revision)
                .push_bind(values.as_str())
                .push_bind(i64::from(record.conflicted))
                .push_bind(now);
        },
    )
    .await?;
    let text = |record: &&Stored, field: &str| record.fields.get(field).cloned().flatten();
    let realisations: Vec<&Stored> =
        records.iter().copied().filter(|r| matches!(r.key, Key::Realisation { .. })).collect();
    insert_many(
        conn,
        "INSERT INTO realisations (indicator_id, unit_id, period, year, value, analisis, kendala, tindak_lanjut, \
         revision, updated_at, updated_by) ",
        " ON CONFLICT (indicator_id, unit_id, period) DO UPDATE SET value = excluded.value, \
         analisis = excluded.analisis, kendala = excluded.kendala, tindak_lanjut = excluded.tindak_lanjut, \
         revision = excluded.revision, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        11,
        &realisations,
        |row, record| {
            if let Key::Realisation { indicator_id, unit_id, period } = &record.key {
                row.push_bind(indicator_id.as_str())
                    .push_bind(unit_id.as_str())
                    .push_bind(period.to_string())
                    .push_bind(period.year_number())
                    .push_bind(text(record, "value"))
                    .push_bind(text(record, "analisis").unwrap_or_default())
                    .push_bind(text(record, "kendala").unwrap_or_default())
                    .push_bind(text(record, "tindak_lanjut").unwrap_or_default())
                    .push_bind(record.revision)
                    .push_bind(now)
                    .push_bind(by);
            }
        },
    )
    .await?;
    let spending: Vec<&Stored> =
        records.iter().copied().filter(|r| matches!(r.key, Key::BudgetRealisation { .. })).collect();
    insert_many(
        conn,
        "INSERT INTO budget_realisations (program_id, period, year, amount, revision, updated_at, updated_by) ",
        " ON CONFLICT (program_id, period) DO UPDATE SET amount = excluded.amount, revision = excluded.revision, \
         updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        7,
        &spending,
        |row, record| {
            if let Key::BudgetRealisation { program_id, period } = &record.key {
                row.push_bind(program_id.as_str())
                    .push_bind(period.to_string())
                    .push_bind(period.year_number())
                    .push_bind(text(record, "amount"))
                    .push_bind(record.revision)
                    .push_bind(now)
                    .push_bind(by);
            }
        },
    )
    .await?;
    let evidence: Vec<&Stored> =
        records.iter().copied().filter(|r| matches!(r.key, Key::Evidence { .. })).collect();
    insert_many(
        conn,
        "INSERT INTO evidence_refs (indicator_id, unit_id, period, sha256, file_name, media_type, status, revision, \
         updated_at, updated_by) ",
        " ON CONFLICT (indicator_id, unit_id, period, sha256) DO UPDATE SET file_name = excluded.file_name, \
         media_type = excluded.media_type, status = excluded.status, revision = excluded.revision, \
         updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        10,
        &evidence,
        |row, record| {
            if let Key::Evidence { indicator_id, unit_id, period, sha256 } = &record.key {
                row.push_bind(indicator_id.as_str())
                    .push_bind(unit_id.as_str())
                    .push_bind(period.to_string())
                    .push_bind(sha256.as_str())
                    .push_bind(text(record, "file_name"))
                    .push_bind(text(record, "media_type"))
                    .push_bind(text(record, "status"))
                    .push_bind(record.revision)
                    .push_bind(now)
                    .push_bind(by);
            }
        },
    )
    .await
}
