//! Kinerja's server as a library: configuration, the database layer and the
//! HTTP application, so the binary, the integration tests and the benchmarks
//! all start exactly the same server.

pub mod commands;
pub mod config;
pub mod db;
pub mod demo;
pub mod documents;
pub mod http;
pub mod metrics;
pub mod plan_workbook;
pub mod realisation_workbook;
pub mod scheduled_backups;
pub mod serve;
pub mod workbook;
