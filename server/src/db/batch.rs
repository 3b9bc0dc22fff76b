//! Statements over many rows at once: multi-row inserts in chunks (a push
//! writes hundreds of rows per table, and one statement per chunk is far
//! cheaper than one per row) and `IN (…)` lists. Chunks stay below SQLite's
//! limit on bound parameters.

use sqlx::query_builder::Separated;
use sqlx::{Any, AnyConnection, QueryBuilder};

/// The most parameters one statement binds.
const MAX_PARAMETERS: usize = 30_000;

/// Runs `head VALUES (…), (…) tail` for `rows`, binding each row with `bind`.
pub(crate) async fn insert_many<'r, T>(
    conn: &mut AnyConnection,
    head: &str,
    tail: &str,
    columns: usize,
    rows: &'r [T],
    mut bind: impl FnMut(Separated<'_, 'r, Any, &'static str>, &'r T),
) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks((MAX_PARAMETERS / columns).max(1)) {
        let mut query = QueryBuilder::<Any>::new(head);
        query.push_values(chunk, &mut bind);
        query.push(tail);
        query.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Appends `(?, ?, …)` binding `items`; never empty (an empty text, which no
/// id or key is, stands in), so the SQL stays valid for an empty list.
pub(crate) fn in_list<'a>(query: &mut QueryBuilder<'a, Any>, items: impl IntoIterator<Item = &'a str>) {
    query.push("(");
    let mut list = query.separated(", ");
    list.push_bind("");
    for item in items {
        list.push_bind(item);
    }
    query.push(")");
}
