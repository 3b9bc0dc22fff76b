//! The device side of the sync protocol (`docs/sync-protocol.md`). The
//! outbox — the ops a device made, in its own order, and what the server's
//! answers do to them — is plain Rust without I/O, tested natively; the
//! browser keeps it in IndexedDB and sends it with gloo-net.

pub mod outbox;
pub mod replica;
pub mod sheet;
pub mod store;
