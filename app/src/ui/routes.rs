//! The pages split out of the main module in the release build
//! (`xtask/src/front`, as `cargo leptos build --split`): a group's code is
//! fetched the first time one of its pages is opened, so the first start
//! downloads and compiles only the frame, the home and sign-in pages and the
//! device's sync machinery. The service worker precaches every module, so
//! each page still opens offline.
//!
//! Pages are split in three groups by who opens them, not one module per
//! page: wasm-split gives the code each set of split points shares a module
//! of its own, and with a split point per page Entri Data needed 93 modules
//! (551 KB), each fetched, compiled and instantiated on its own, which was
//! half of a phone's offline start. With three groups a page needs at most
//! four.
//! - `field_pages`: what staff open at a site — Entri Data, its import,
//!   Konflik Data;
//! - `cycle_pages`: the cycle, dispositions and the reports;
//! - `admin_pages`: the administrator's master data, Renstra, programmes,
//!   settings and audit trail.

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
use leptos_router::LazyRoute;

/// For each group, the first segments of its pages' addresses (as in
/// `shell`'s routes; `preload_page` reads them) and its routes, each shown
/// as its page from the group's split module. A route has no data of its own
/// to start early (pages load theirs from the device or the API). The server renders the page directly and names the group so
/// that the document preloads its modules, as Leptos's `#[lazy]` does.
///
/// The split point is a function named as the route: wasm-split links it by
/// a symbol made of its name, and a name the macro wrote would be the same
/// in every route.
macro_rules! lazy_pages {
    (@route $group:ident $route:ident $page:ident) => {
        pub struct $route;

        const _: () = {
            #[allow(non_snake_case)]
            #[leptos::wasm_split::wasm_split($group, wasm_split_path = leptos::wasm_split, preload(fetch_page))]
            fn $route() -> AnyView {
                $page().into_any()
            }

            impl LazyRoute for $route {
                fn data() -> Self {
                    Self
                }

                async fn view(_: Self) -> AnyView {
                    #[cfg(not(target_family = "wasm"))]
                    leptos::prefetch_lazy_fn_on_server(stringify!($group));
                    $route().await
                }

                async fn preload() {
                    fetch_page().await;
                }
            }
        };
    };
    ($($group:ident [$($segment:literal),*] {
        $first:ident => $first_page:ident,
        $($route:ident => $page:ident,)*
    })*) => {
        $(
            lazy_pages!(@route $group $first $first_page);
            $(lazy_pages!(@route $group $route $page);)*
        )*

        /// Loads the modules of the page at `path`: started before the
        /// router asks for them, they compile while the app mounts (the
        /// router then waits for the same load). One route of a group loads
        /// the whole group.
        pub async fn preload_page(path: String) {
            let segment = path.trim_start_matches('/').split('/').next().unwrap_or_default();
            $(
                if [$($segment),*].contains(&segment) {
                    <$first as LazyRoute>::preload().await;
                }
            )*
        }
    };
}

lazy_pages! {
    field_pages ["entri", "konflik"] {
        EntryRoute => EntryPage,
        ConflictsRoute => ConflictsPage,
        RealisationImportRoute => RealisationImportPage,
    }
    cycle_pages ["siklus", "disposisi", "laporan"] {
        CycleRoute => CyclePage,
        DispositionsRoute => DispositionsPage,
        DispositionSheetRoute => DispositionSheetPage,
        ReportsRoute => ReportsPage,
        ProgressRoute => ProgressPage,
        SocialisationRoute => SocialisationPage,
        PerjanjianKinerjaRoute => PerjanjianKinerjaPage,
        PohonKinerjaRoute => PohonKinerjaPage,
    }
    admin_pages ["data-induk", "pengaturan", "jejak-audit"] {
        MasterDataRoute => MasterDataPage,
        AuditRoute => AuditPage,
        SettingsRoute => SettingsPage,
        RenstraRoute => RenstraPage,
        ProgramsRoute => ProgramsPage,
    }
}
