//! Multi-row inserts in chunks: a push writes hundreds of rows per table,
//! and one statement per chunk is far cheaper than one per row. Chunks stay
//! below SQLite's limit on bound parameters.

use crate::db::sql::{Group, Sql};
use sqlx::AnyConnection;

/// The most parameters one statement binds.
const MAX_PARAMETERS: usize = 30_000;

/// Runs `head VALUES (…), (…) tail` for `rows`, binding each row with `bind`.
pub(crate) async fn insert_many<'r, T>(
    conn: &mut AnyConnection,
    head: &str,
    tail: &str,
    columns: usize,
    rows: &'r [T],
    mut bind: impl FnMut(&mut Group<'_, 'r>, &'r T),
) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks((MAX_PARAMETERS / columns).max(1)) {
        let mut query = Sql::new(head);
        query.push_values(chunk, &mut bind);
        query.push(tail);
        query.build()?.execute(&mut *conn).await?;
    }
    Ok(())
}
