//! The rules of the product in plain Rust: no I/O, no Leptos, no clock. The
//! server and the browser call these functions and never re-derive them.

pub mod aggregate;
pub mod budget;
pub mod cycle;
pub mod disposition;
pub mod evidence;
pub mod format;
pub mod indicator;
pub mod lock;
pub mod measure;
pub mod measurement;
pub mod merge;
pub mod number;
pub mod org;
pub mod period;
pub mod plan;
pub mod policy;
pub mod realisation;
pub mod report;
pub mod sync;
pub mod table;
pub mod target;
#[cfg(test)]
pub(crate) mod test_support;
pub mod validate;
