//! Statements put together at run time — multi-row inserts, `IN (…)` lists,
//! optional filters — with numbered placeholders (`$1`, `$2`, …), which
//! SQLite and PostgreSQL both read. sqlx's own `QueryBuilder` writes `?` for
//! its `Any` driver, which PostgreSQL refuses.

use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, Arguments, Encode, Type};
use std::fmt::Write;

/// A statement being written, with the values bound so far.
#[derive(Default)]
pub(crate) struct Sql<'a> {
    text: String,
    arguments: AnyArguments<'a>,
    bound: usize,
    refused: Option<String>,
}

impl<'a> Sql<'a> {
    pub(crate) fn new(text: impl Into<String>) -> Sql<'a> {
        Sql { text: text.into(), ..Sql::default() }
    }

    /// Appends text as it is.
    pub(crate) fn push(&mut self, text: impl AsRef<str>) -> &mut Sql<'a> {
        self.text.push_str(text.as_ref());
        self
    }

    /// Appends the next placeholder and binds `value` to it.
    pub(crate) fn push_bind<T>(&mut self, value: T) -> &mut Sql<'a>
    where
        T: 'a + Encode<'a, Any> + Type<Any>,
    {
        self.bound += 1;
        let _ = write!(self.text, "${}", self.bound);
        if let Err(error) = self.arguments.add(value) {
            self.refused.get_or_insert(error.to_string());
        }
        self
    }

    /// Appends `VALUES (…), (…)`, one group per item, each written by `bind`.
    pub(crate) fn push_values<I, F>(&mut self, items: I, mut bind: F) -> &mut Sql<'a>
    where
        I: IntoIterator,
        F: FnMut(&mut Group<'_, 'a>, I::Item),
    {
        self.text.push_str("VALUES ");
        for (n, item) in items.into_iter().enumerate() {
            self.text.push_str(if n == 0 { "(" } else { ", (" });
            bind(&mut Group { sql: self, empty: true }, item);
            self.text.push(')');
        }
        self
    }

    /// Appends `(…)` binding `items`; never empty (an empty text, which no
    /// id or key is, stands in), so the SQL stays valid for an empty list.
    pub(crate) fn push_list(&mut self, items: impl IntoIterator<Item = &'a str>) -> &mut Sql<'a> {
        self.push("(").push_bind("");
        for item in items {
            self.push(", ").push_bind(item);
        }
        self.push(")")
    }

    /// The statement to run; the values go with it, so it is built once.
    pub(crate) fn build(&mut self) -> Result<Query<'_, Any, AnyArguments<'_>>, sqlx::Error> {
        if let Some(refused) = self.refused.take() {
            return Err(sqlx::Error::Encode(refused.into()));
        }
        Ok(sqlx::query_with(self.text.as_str(), std::mem::take(&mut self.arguments)))
    }

    /// The text written so far.
    #[cfg(test)]
    pub(crate) fn text(&self) -> &str {
        &self.text
    }
}

/// One row of `VALUES`: its values, comma-separated.
pub(crate) struct Group<'s, 'a> {
    sql: &'s mut Sql<'a>,
    empty: bool,
}

impl<'a> Group<'_, 'a> {
    pub(crate) fn push_bind<T>(&mut self, value: T) -> &mut Self
    where
        T: 'a + Encode<'a, Any> + Type<Any>,
    {
        if !self.empty {
            self.sql.push(", ");
        }
        self.empty = false;
        self.sql.push_bind(value);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::Sql;

    #[test]
    fn placeholders_are_numbered_in_the_order_values_are_bound() {
        let mut sql = Sql::new("INSERT INTO t (a, b) ");
        sql.push_values([(1_i64, "x"), (2, "y")], |row, (a, b)| {
            row.push_bind(a).push_bind(b);
        });
        sql.push(" ON CONFLICT DO NOTHING");
        assert_eq!(sql.text(), "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4) ON CONFLICT DO NOTHING");
        let mut list = Sql::new("SELECT 1 FROM t WHERE a = ");
        list.push_bind(7_i64).push(" AND b IN ").push_list(["p", "q"]);
        assert_eq!(list.text(), "SELECT 1 FROM t WHERE a = $1 AND b IN ($2, $3, $4)");
        let mut empty = Sql::new("SELECT 1 FROM t WHERE b IN ");
        empty.push_list([]);
        assert_eq!(empty.text(), "SELECT 1 FROM t WHERE b IN ($1)");
    }
}
