//! The HTML document the server renders around the app, and the app's root:
//! i18n context, metadata, router and routes.

use crate::i18n::{t_string, use_i18n};
use crate::ui::device::provide_local;
use crate::ui::inbox::provide_inbox;
use crate::ui::layout::Layout;
use crate::ui::locale::LocaleProvider;
use crate::ui::pages::home::HomePage;
use crate::ui::pages::not_found::NotFoundPage;
use crate::ui::pages::sign_in::{ChangePasswordPage, SignInPage};
use crate::ui::routes::{
    AuditRoute, ConflictsRoute, CycleRoute, DispositionSheetRoute, DispositionsRoute, EntryRoute,
    MasterDataRoute, PerjanjianKinerjaRoute, PohonKinerjaRoute, ProgramsRoute, ProgressRoute,
    RealisationImportRoute, RenstraRoute, ReportsRoute, SettingsRoute, SocialisationRoute,
};
use crate::ui::session::provide_session;
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::Lazy;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The head every document shares: the server-rendered pages and the
/// offline app shell (so the shell always loads this build's files).
#[component]
fn DocumentHead(options: LeptosOptions) -> impl IntoView {
    view! {
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#1f6f43" />
        <link rel="icon" href="/icon.svg" type="image/svg+xml" />
        <link rel="apple-touch-icon" href="/apple-touch-icon.png" />
        <link rel="manifest" href="/manifest.webmanifest" />
        <HashedStylesheet options=options.clone() id="kinerja" />
        <HydrationScripts options />
        <script src="/sw-register.js" defer></script>
    }
}

/// The whole document, rendered on the server for every page route. Its
/// `<html>` gets `lang` and `dir` from the i18n context (`LocaleProvider`),
/// which reads the language cookie of the request.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <DocumentHead options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The app shell the service worker keeps for starts without a network:
/// the same head and an empty body (marked `data-shell`), where the browser
/// mounts the app as it does over every server-rendered page.
pub fn app_shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="id">
            <head>
                <DocumentHead options />
                <title>"Kinerja"</title>
            </head>
            <body data-shell=""></body>
        </html>
    }
}

/// The application root, shared by server rendering and the browser.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_session();
    provide_inbox();
    provide_local();
    // Effects run only in the browser, once the page is live: the marker
    // tells tests (and curious users) that the wasm app has taken over.
    Effect::new(|| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "");
        }
    });
    view! {
        <LocaleProvider>
            <DocumentTitle />
            <Router>
                <Layout>
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=HomePage />
                        <Route path=path!("/entri") view={Lazy::<EntryRoute>::new()} />
                        <Route path=path!("/entri/impor") view={Lazy::<RealisationImportRoute>::new()} />
                        <Route path=path!("/siklus") view={Lazy::<CycleRoute>::new()} />
                        <Route path=path!("/siklus/sosialisasi") view={Lazy::<SocialisationRoute>::new()} />
                        <Route path=path!("/disposisi") view={Lazy::<DispositionsRoute>::new()} />
                        <Route path=path!("/disposisi/:id") view={Lazy::<DispositionSheetRoute>::new()} />
                        <Route path=path!("/laporan") view={Lazy::<ReportsRoute>::new()} />
                        <Route path=path!("/laporan/progres") view={Lazy::<ProgressRoute>::new()} />
                        <Route path=path!("/laporan/pk") view={Lazy::<PerjanjianKinerjaRoute>::new()} />
                        <Route path=path!("/laporan/pohon") view={Lazy::<PohonKinerjaRoute>::new()} />
                        <Route path=path!("/data-induk") view={Lazy::<MasterDataRoute>::new()} />
                        <Route path=path!("/data-induk/renstra") view={Lazy::<RenstraRoute>::new()} />
                        <Route path=path!("/data-induk/program") view={Lazy::<ProgramsRoute>::new()} />
                        <Route path=path!("/pengaturan") view={Lazy::<SettingsRoute>::new()} />
                        <Route path=path!("/konflik") view={Lazy::<ConflictsRoute>::new()} />
                        <Route path=path!("/jejak-audit") view={Lazy::<AuditRoute>::new()} />
                        <Route path=path!("/masuk") view=SignInPage />
                        <Route path=path!("/ganti-sandi") view=ChangePasswordPage />
                    </Routes>
                </Layout>
            </Router>
        </LocaleProvider>
    }
}

#[component]
fn DocumentTitle() -> impl IntoView {
    let i18n = use_i18n();
    view! { <Title text=move || format!("{} · {}", t_string!(i18n, app_name), t_string!(i18n, tagline)) /> }
}
