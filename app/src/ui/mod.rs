//! The Leptos user interface: the document shell, the layout with its
//! navigation, and one module per page. Every visible string comes from the
//! `i18n` locales; numbers and dates go through `domain::format`.

pub mod chart;
pub mod client;
pub mod device;
pub mod download;
pub mod form;
pub mod gate;
pub mod ids;
pub mod inbox;
pub mod layout;
pub mod locale;
pub mod pages;
pub mod picked_file;
pub mod printable;
pub mod queued;
pub mod routes;
pub mod session;
pub mod shell;
pub mod sync_badge;
pub mod timing;
pub mod tree_chart;
pub mod workbook_upload;
pub mod working;
pub mod year_choice;
