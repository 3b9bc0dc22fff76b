//! The rules of the product in plain Rust: no I/O, no Leptos, no clock. The
//! server and the browser call these functions and never re-derive them.

pub mod format;
