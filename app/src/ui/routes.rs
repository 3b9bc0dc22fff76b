//! The pages that are chunks of their own in the split release build
//! (`xtask/src/front`, as `cargo leptos build --split`): their code is fetched the first time one
//! is opened, so the first start downloads and compiles only the frame, the
//! home and sign-in pages and the device's sync machinery. The service
//! worker precaches every chunk, so each page still opens offline.

use crate::ui::pages::audit::AuditPage;
use crate::ui::pages::conflicts::ConflictsPage;
use crate::ui::pages::cycle::CyclePage;
use crate::ui::pages::disposition::{DispositionSheetPage, DispositionsPage};
use crate::ui::pages::entry::EntryPage;
use crate::ui::pages::master::MasterDataPage;
use crate::ui::pages::perjanjian_kinerja::PerjanjianKinerjaPage;
use crate::ui::pages::pohon_kinerja::PohonKinerjaPage;
use crate::ui::pages::programs::ProgramsPage;
use crate::ui::pages::progress::ProgressPage;
use crate::ui::pages::realisation_import::RealisationImportPage;
use crate::ui::pages::renstra::RenstraPage;
use crate::ui::pages::reports::ReportsPage;
use crate::ui::pages::settings::SettingsPage;
use crate::ui::pages::socialisation::SocialisationPage;
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// A route whose view is `$page`, loaded lazily; it has no data of its own
/// to start early (pages load theirs from the device or the API).
macro_rules! lazy_page {
    ($route:ident, $page:ident) => {
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(this: Self) -> AnyView {
                // The route carries no data: a unit struct, taken apart here.
                let $route = this;
                $page().into_any()
            }
        }
    };
}

lazy_page!(EntryRoute, EntryPage);
lazy_page!(CycleRoute, CyclePage);
lazy_page!(DispositionsRoute, DispositionsPage);
lazy_page!(DispositionSheetRoute, DispositionSheetPage);
lazy_page!(MasterDataRoute, MasterDataPage);
lazy_page!(ConflictsRoute, ConflictsPage);
lazy_page!(ReportsRoute, ReportsPage);
lazy_page!(ProgressRoute, ProgressPage);
lazy_page!(SocialisationRoute, SocialisationPage);
lazy_page!(AuditRoute, AuditPage);
lazy_page!(SettingsRoute, SettingsPage);
lazy_page!(PerjanjianKinerjaRoute, PerjanjianKinerjaPage);
lazy_page!(PohonKinerjaRoute, PohonKinerjaPage);
lazy_page!(RealisationImportRoute, RealisationImportPage);
lazy_page!(RenstraRoute, RenstraPage);
lazy_page!(ProgramsRoute, ProgramsPage);
