//! The server's integration tests, one module per concern, built as one
//! test binary: each test starts the real `kinerja-server` (or opens its
//! database file) on a temporary data directory. One binary rather than one
//! per file is linked once and takes a few hundred megabytes of disk instead
//! of several gigabytes, which a fresh CI machine has to spare.

mod common;

mod api;
mod audit_routes;
mod budget;
mod bundle;
mod checkpoint;
mod cycles;
mod data_dir;
mod dispositions;
mod hostile_bodies;
mod import;
mod instances;
mod metrics;
mod numbers;
mod operations;
mod outputs_agree;
mod perjanjian_kinerja;
mod postgres;
mod range_targets;
mod realisation_import;
mod renstra;
mod report_chapters;
mod report_files;
mod report_versions;
mod reports;
mod restore_devices;
mod security;
mod security_doc;
mod settings;
mod sync;
mod sync_records;
mod sync_refusals;
