//! The units a caller's lists and pulls are confined to — every unit, or the
//! caller's own and those below it (`Actor::sees_unit`) — as the SQL
//! condition every scoped query adds. The change feed, the conflicts list
//! and the audit trail share it.

use crate::db::sql::Sql;

/// Which units' records a caller may see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UnitScope {
    /// Every record, including the agency's own budget.
    All,
    /// Only records of these units.
    Units(Vec<String>),
}

impl UnitScope {
    /// Adds ` AND column IN (…)` for a unit-bound scope.
    pub(crate) fn restrict<'a>(&'a self, query: &mut Sql<'a>, column: &str) {
        if let UnitScope::Units(units) = self {
            query.push(format!(" AND {column} IN "));
            query.push_list(units.iter().map(String::as_str));
        }
    }
}
