//! Kinerja's pure core, shared by the server and the browser: the domain
//! rules (`domain`: SAKIP measures, aggregation, reports, the SOP's cycle,
//! sync decisions), the JSON API's wire types (`api`) and the device side
//! of sync (`offline`: outbox, replica, the entry page's rows, queued
//! requests). No I/O, no UI, no web or database crate: `cargo xtask test`
//! fails if one enters its dependency tree.

pub mod api;
pub mod domain;
pub mod offline;
