//! The sync badge in the header of every page, for a signed-in user: online
//! or offline, how many changes wait on this device, a round running, the
//! last successful sync, or what stopped the last round in words (storage
//! broken, session ended, the server refusing or out of reach, a newer
//! version on the server). It links to Entri Data, whose panel holds the
//! details and the tools — or, when a newer version waits, reloads the page. Beside it, once,
//! the notice that this device now holds the whole app for offline use.

use crate::i18n::{t, td_string, use_i18n};
use crate::offline::store::{STORAGE_FAILED, STORAGE_FULL};
use crate::ui::device::{Status, use_local};
use crate::ui::form::code_text;
use crate::ui::locale::local_time;
use crate::ui::session::use_session;
use leptos::prelude::*;
use leptos_router::components::A;

/// Where syncing stands, as the badge shows it (most urgent first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadgeState {
    /// The device's store cannot be used: nothing is kept.
    StoreBroken,
    /// The server runs a newer (or older) build: the page should be reloaded.
    Outdated,
    Offline,
    Syncing,
    /// The session ended: changes wait until the user signs in again.
    SignedOut,
    /// The last round failed; it is retried on the schedule.
    Failed,
    /// Online, idle, with changes not yet sent.
    Waiting,
    Synced,
    /// Online, nothing waiting, never synced on this device.
    Never,
}

impl BadgeState {
    pub fn name(self) -> &'static str {
        match self {
            BadgeState::StoreBroken => "store-broken",
            BadgeState::Outdated => "outdated",
            BadgeState::Offline => "offline",
            BadgeState::Syncing => "syncing",
            BadgeState::SignedOut => "signed-out",
            BadgeState::Failed => "failed",
            BadgeState::Waiting => "waiting",
            BadgeState::Synced => "synced",
            BadgeState::Never => "never",
        }
    }
}

/// The badge's state from the sync status, the network and the device's copy.
pub fn badge_state(online: bool, status: &Status, pending: usize, synced_once: bool) -> BadgeState {
    match (&status.broken, status.error.as_deref()) {
        (Some(_), _) | (_, Some(STORAGE_FULL | STORAGE_FAILED)) => BadgeState::StoreBroken,
        _ if status.outdated && online => BadgeState::Outdated,
        _ if !online => BadgeState::Offline,
        _ if status.running => BadgeState::Syncing,
        (_, Some("unauthenticated")) => BadgeState::SignedOut,
        (_, Some("network")) => BadgeState::Offline,
        (_, Some(_)) => BadgeState::Failed,
        _ if pending > 0 => BadgeState::Waiting,
        _ if synced_once => BadgeState::Synced,
        _ => BadgeState::Never,
    }
}

/// Where the browser remembers that it told this device it works offline.
const OFFLINE_READY_KEY: &str = "kinerja-offline-ready-told";

#[component]
pub fn SyncBadge() -> impl IntoView {
    let i18n = use_i18n();
    let local = use_local();
    let session = use_session();
    let last_sync = move || local.data.with(|d| d.as_ref().and_then(|d| d.sync.last_sync.clone()));
    let state = Memo::new(move |_| {
        let status = local.status.get();
        badge_state(local.online.get(), &status, local.pending(), last_sync().is_some())
    });
    let text = move || {
        let locale = i18n.get_locale();
        let waiting = match local.pending() {
            0 => String::new(),
            n => format!(" · {n} {}", td_string!(locale, sync_badge.waiting)),
        };
        let head = match state.get() {
            BadgeState::StoreBroken => td_string!(locale, sync_badge.store_broken).to_owned(),
            BadgeState::Outdated => td_string!(locale, sync_badge.outdated).to_owned(),
            BadgeState::Offline => td_string!(locale, sync_badge.offline).to_owned(),
            BadgeState::Syncing => td_string!(locale, sync_badge.syncing).to_owned(),
            BadgeState::SignedOut => td_string!(locale, sync_badge.signed_out).to_owned(),
            BadgeState::Failed => td_string!(locale, sync_badge.failed).to_owned(),
            BadgeState::Waiting => td_string!(locale, sync_badge.online).to_owned(),
            BadgeState::Synced => format!(
                "{} {}",
                td_string!(locale, sync_badge.synced),
                last_sync().map(|at| local_time(locale, &at)).unwrap_or_default()
            ),
            BadgeState::Never => td_string!(locale, sync_badge.online).to_owned(),
        };
        format!("{head}{waiting}")
    };
    // The cause in full, for the tooltip and screen readers.
    let cause = move || {
        let locale = i18n.get_locale();
        local.status.with(|s| match (&s.broken, s.error.as_deref()) {
            (Some(reason), _) => format!("{} {reason}", td_string!(locale, entry.store_broken)),
            (_, Some(code)) => code_text(locale, code).to_owned(),
            _ => String::new(),
        })
    };
    // A new version waits: the badge loads it (navigations go to the
    // network first, so a reload fetches the server's build).
    let reload_if_outdated = move |ev: leptos::ev::MouseEvent| {
        if state.get_untracked() == BadgeState::Outdated {
            ev.prevent_default();
            let _ = window().location().reload();
        }
    };
    view! {
        <Show when=move || session.signed_in()>
            <A href="/entri" on:click=reload_if_outdated attr:class=move || format!("sync-badge {}", state.get().name())
                attr:data-testid="sync-badge" attr:data-state=move || state.get().name()
                attr:data-pending=move || local.pending().to_string() attr:title=cause>
                <span class="sync-dot" aria-hidden="true"></span>
                <span class="sync-text" role="status" aria-live="polite">{text}</span>
            </A>
        </Show>
    }
}

/// "Ready offline", told once per browser when the service worker first
/// holds the whole app (it activates only once every file is cached): a
/// note over the page's foot, closed by the user or after 15 s. It waits
/// for a signed-in page: the sign-in page, where the worker is often ready
/// first, is left at once for the next page load.
#[component]
pub fn OfflineReady() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let shown = RwSignal::new(false);
    let signed_in = Memo::new(move |_| session.signed_in());
    Effect::new(move || {
        if !signed_in.get() {
            return;
        }
        let Ok(ready) = window().navigator().service_worker().ready() else { return };
        leptos::task::spawn_local(async move {
            if wasm_bindgen_futures::JsFuture::from(ready).await.is_err() {
                return;
            }
            let Ok(Some(storage)) = window().local_storage() else { return };
            if storage.get_item(OFFLINE_READY_KEY).ok().flatten().is_none() {
                let _ = storage.set_item(OFFLINE_READY_KEY, "1");
                shown.set(true);
                set_timeout(move || shown.set(false), std::time::Duration::from_secs(15));
            }
        });
    });
    move || {
        shown.get().then(|| {
            view! {
                <p class="offline-ready" role="status" data-testid="offline-ready">
                    {t!(i18n, sync_badge.offline_ready)} " "
                    <button type="button" class="link-button" on:click=move |_| shown.set(false)>
                        {t!(i18n, sync_badge.dismiss)}
                    </button>
                </p>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_urgent_state_shows() {
        let status = |running: bool, error: Option<&str>| Status {
            ready: true,
            running,
            error: error.map(str::to_owned),
            ..Status::default()
        };
        let broken = Status { broken: Some("blocked".into()), ..status(true, None) };
        assert_eq!(badge_state(false, &broken, 3, true), BadgeState::StoreBroken);
        let outdated = Status { outdated: true, ..status(false, Some("network")) };
        assert_eq!(badge_state(true, &outdated, 3, true), BadgeState::Outdated);
        assert_eq!(
            badge_state(false, &outdated, 3, true),
            BadgeState::Offline,
            "offline, nothing to reload from"
        );
        assert_eq!(badge_state(false, &status(true, None), 3, true), BadgeState::Offline);
        assert_eq!(badge_state(true, &status(true, None), 3, true), BadgeState::Syncing);
        assert_eq!(
            badge_state(true, &status(false, Some("unauthenticated")), 3, true),
            BadgeState::SignedOut
        );
        assert_eq!(badge_state(true, &status(false, Some("network")), 3, true), BadgeState::Offline);
        assert_eq!(badge_state(true, &status(false, Some(STORAGE_FULL)), 3, true), BadgeState::StoreBroken);
        assert_eq!(badge_state(true, &status(false, Some("rate_limited")), 0, true), BadgeState::Failed);
        assert_eq!(badge_state(true, &status(false, None), 2, true), BadgeState::Waiting);
        assert_eq!(badge_state(true, &status(false, None), 0, true), BadgeState::Synced);
        assert_eq!(badge_state(true, &status(false, None), 0, false), BadgeState::Never);
    }
}
