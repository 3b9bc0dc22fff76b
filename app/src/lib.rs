//! Kinerja's user interface: the Leptos app (`ui`) and the device's
//! IndexedDB store (`offline::store`), compiled into both the axum server
//! (feature `ssr`) and the browser's wasm (feature `csr`). The rules it
//! shows come from `kinerja-core`, re-exported here as `api` and `domain`.

#![recursion_limit = "256"]

pub use kinerja_core::{api, domain};
pub mod offline;
pub mod ui;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub use ui::shell::{App, app_shell, shell};
