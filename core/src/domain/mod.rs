//! The rules of the product in plain Rust: no I/O, no Leptos, no clock. The
//! server and the browser call these functions and never re-derive them.

pub mod aggregate;
pub mod budget;
pub mod cycle;
pub mod disposition;
pub mod evidence;
pub mod format;
pub mod formula;
pub mod indicator_rule;
pub mod letterhead;
pub mod lock;
pub mod logo;
pub mod measurement;
pub mod measurement_table;
pub mod merge;
pub mod number;
pub mod office_time;
pub mod org;
pub mod period;
pub mod perjanjian_kinerja;
pub mod plan;
pub mod pohon_kinerja;
pub mod policy;
pub mod realisation;
pub mod report;
pub mod sync;
pub mod target;
#[cfg(test)]
pub(crate) mod test_support;
pub mod validate;
