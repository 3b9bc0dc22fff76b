//! Kinerja's shared crate: the pure domain rules (`domain`, no I/O, no
//! Leptos) and the Leptos user interface (`ui`), compiled into both the
//! axum server (feature `ssr`) and the browser's wasm (feature `csr`), so
//! the two sides never compute anything differently.

#![recursion_limit = "256"]

pub mod api;
pub mod domain;
pub mod offline;
pub mod ui;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub use ui::shell::{App, app_shell, shell};
