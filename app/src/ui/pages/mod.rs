//! One module per page of the main navigation, plus the 404 page.

pub mod audit;
pub mod conflicts;
pub mod cycle;
pub mod disposition;
pub mod entry;
pub mod home;
pub mod master;
pub mod not_found;
pub mod perjanjian_kinerja;
pub mod pohon_kinerja;
pub mod programs;
pub mod progress;
pub mod realisation_import;
pub mod renstra;
pub mod reports;
pub mod settings;
pub mod sign_in;
pub mod socialisation;
