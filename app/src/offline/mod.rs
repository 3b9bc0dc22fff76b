//! The device's data in the browser: the pure sync logic of `kinerja-core`
//! (`outbox`, `replica`, `record_state`, `requests`, `entry_view`, `schedule`, `queue_file`) and the IndexedDB store that
//! keeps it (`store`).

pub use kinerja_core::offline::{
    dashboard, entry_view, outbox, queue_file, record_state, replica, requests, schedule,
};
pub mod store;
