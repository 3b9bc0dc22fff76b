//! The frame around every page: header with the agency's name, the user's
//! to-do list (`inbox`) and the language switch, the main navigation (a row that scrolls sideways on a
//! phone, a bar on a laptop), the page itself and a footer.

use crate::domain::org::Role;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::ui::client;
use crate::ui::device::use_local;
use crate::ui::inbox::InboxMenu;
use crate::ui::locale::LanguageSwitch;
use crate::ui::session::use_session;
use crate::ui::sync_badge::{OfflineReady, SyncBadge};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

/// One entry of the main navigation; `path` is also the route's path.
pub struct NavItem {
    pub path: &'static str,
    pub test_id: &'static str,
    pub label: fn(Locale) -> &'static str,
}

/// The main navigation in display order.
pub const NAV: [NavItem; 7] = [
    NavItem { path: "/", test_id: "nav-home", label: |l| td_string!(l, nav.home) },
    NavItem { path: "/entri", test_id: "nav-entry", label: |l| td_string!(l, nav.entry) },
    NavItem { path: "/siklus", test_id: "nav-cycle", label: |l| td_string!(l, nav.cycle) },
    NavItem { path: "/disposisi", test_id: "nav-disposition", label: |l| td_string!(l, nav.disposition) },
    NavItem { path: "/konflik", test_id: "nav-conflicts", label: |l| td_string!(l, nav.conflicts) },
    NavItem { path: "/laporan", test_id: "nav-reports", label: |l| td_string!(l, nav.reports) },
    NavItem { path: "/data-induk", test_id: "nav-master", label: |l| td_string!(l, nav.master) },
];

/// Header, navigation, `children` as the page, footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    // Without HTTPS (or localhost) the browser gives no service worker and may
    // evict the device's store: say so, instead of failing offline in silence.
    let insecure = RwSignal::new(false);
    Effect::new(move || insecure.set(!window().is_secure_context()));
    let links = NAV
        .iter()
        .map(|item| {
            let label = item.label;
            view! {
                <li>
                    <A href=item.path attr:data-testid=item.test_id>
                        {move || label(i18n.get_locale())}
                    </A>
                </li>
            }
        })
        .collect_view();
    view! {
        <a class="skip-link" href="#isi">{t!(i18n, skip_to_content)}</a>
        <header class="app-header">
            <a class="brand" href="/">
                <span class="brand-name">{t!(i18n, app_name)}</span>
                <span class="brand-agency">{t!(i18n, agency)}</span>
            </a>
            <div class="header-tools">
                <SyncBadge />
                <InboxMenu />
                <UserMenu />
                <LanguageSwitch />
            </div>
        </header>
        <nav class="app-nav" aria-label=move || t_string!(i18n, nav.label)>
            <ul>{links}</ul>
        </nav>
        {move || {
            session
                .demo
                .get()
                .then(|| view! { <p class="demo-banner" data-testid="demo-banner">{t!(i18n, demo_banner)}</p> })
        }}
        {move || {
            insecure
                .get()
                .then(|| view! { <p class="insecure-banner" role="alert" data-testid="insecure-banner">{t!(i18n, insecure_banner)}</p> })
        }}
        <OfflineReady />
        <main id="isi" class="app-main">
            {children()}
        </main>
        <footer class="app-footer">
            <span>{t!(i18n, tagline)}</span>
            <span>{t!(i18n, footer.sop)}</span>
        </footer>
    }
}

/// The signed-in user's name with a sign-out button, or a sign-in link.
#[component]
fn UserMenu() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let local = use_local();
    let sign_out = move |_| {
        let unsent = td_string!(i18n.get_locale_untracked(), entry.unsent_sign_out);
        if local.pending() > 0 && !window().confirm_with_message(unsent).unwrap_or(false) {
            return;
        }
        let navigate = navigate.clone();
        spawn_local(async move {
            if client::post_empty("/api/v1/auth/logout", &()).await.is_ok() {
                session.me.set(None);
                navigate("/masuk", Default::default());
            }
        });
    };
    move || {
        match session.me.get() {
        Some(me) => view! {
            {matches!(me.role, Role::Admin | Role::Sekretaris).then(|| view! {
                <A href="/jejak-audit" attr:class="header-button" attr:data-testid="nav-audit">{t!(i18n, audit.title)}</A>
            })}
            <span class="user" data-testid="signed-in-user">{me.full_name}</span>
            <button type="button" class="header-button" data-testid="sign-out" on:click=sign_out.clone()>
                {t!(i18n, auth.sign_out)}
            </button>
        }
        .into_any(),
        None => view! {
            <A href="/masuk" attr:class="header-button" attr:data-testid="sign-in-link">
                {t!(i18n, auth.sign_in)}
            </A>
        }
        .into_any(),
    }
    }
}
