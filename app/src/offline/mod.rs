//! The device side of the sync protocol (`docs/sync-protocol.md`). The
//! outbox — the ops a device made, in its own order, and what the server's
//! answers do to them — and the queue of workflow requests are plain Rust
//! without I/O, tested natively; the browser keeps them in IndexedDB and
//! sends them with gloo-net.

pub mod outbox;
pub mod replica;
pub mod requests;
pub mod sheet;
pub mod store;
