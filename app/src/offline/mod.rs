//! The device's data in the browser: the pure sync logic of `kinerja-core`
//! (`outbox`, `replica`, `requests`, `sheet`) and the IndexedDB store that
//! keeps it (`store`).

pub use kinerja_core::offline::{outbox, replica, requests, sheet};
pub mod store;
