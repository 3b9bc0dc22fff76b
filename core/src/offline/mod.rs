//! The device side of the sync protocol (`docs/sync-protocol.md`) as plain
//! Rust, tested natively: the outbox — the ops a device made, in its own
//! order, and what the server's answers do to them — the records as the
//! server last told them, the entry page's rows over them, the queue of
//! workflow requests, and when the next sync round starts. The browser keeps them in IndexedDB and sends them
//! with gloo-net (`kinerja_app::offline::store`, `kinerja_app::ui::device`).

pub mod dashboard;
pub mod entry_view;
pub mod outbox;
pub mod queue_file;
pub mod record_state;
pub mod replica;
pub mod requests;
pub mod schedule;
