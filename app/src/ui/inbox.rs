//! The signed-in user's to-do list in the header: cycles whose next move is
//! theirs (the step, its deadline in office time, and whether it is overdue), socialisations they are to acknowledge, dispositions they have
//! still to sign, and open data conflicts of their units. The server computes it (`GET /api/v1/inbox`); pages that
//! change it ask for a fresh copy through `use_inbox_refresh`.

use crate::api::cycle::Inbox;
use crate::domain::format::{format_date, parse_iso_date};
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::ui::device::use_local;
use crate::ui::locale::{local_time_ms, style_of};
use crate::ui::session::use_session;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// What asks the to-do list to fetch again, after an action that may change
/// it. Taken while the page is built, so it may be called from anywhere.
pub fn use_inbox_refresh() -> impl Fn() + Copy + 'static {
    let changes = use_context::<Refresh>().map(|Refresh(changes)| changes);
    move || {
        if let Some(changes) = changes {
            changes.update(|n| *n += 1);
        }
    }
}

#[derive(Clone, Copy)]
struct Refresh(RwSignal<u32>);

/// Makes `refresh_inbox` reach the header's list from every page.
pub fn provide_inbox() {
    provide_context(Refresh(RwSignal::new(0)));
}

/// A count in the header that opens to the list, fetched on every page
/// change, after every action that asks for it and after queued actions
/// were delivered. Offline it shows the list last fetched.
#[component]
pub fn InboxMenu() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let location = use_location();
    let changes = use_context::<Refresh>().map(|Refresh(changes)| changes);
    let local = use_local();
    let inbox = LocalResource::new(move || {
        location.pathname.track();
        local.delivered.track();
        if let Some(changes) = changes {
            changes.track();
        }
        let signed_in = session.signed_in();
        async move { if signed_in { local.read::<Inbox>("/api/v1/inbox").await.ok() } else { None } }
    });
    move || {
        let inbox = inbox.get().flatten().filter(|inbox| inbox.count() > 0)?;
        let locale = i18n.get_locale_untracked();
        let items = inbox_items(locale, &inbox, "inbox");
        Some(view! {
            <details class="inbox" data-testid="inbox">
                <summary>{t!(i18n, inbox.title)} " " <span class="badge" data-testid="inbox-count">{inbox.count()}</span></summary>
                <ul>{items}</ul>
            </details>
        })
    }
}

/// The to-do list's items, each a link to where it is done; `prefix`
/// starts their test ids (the header's list and Beranda's show the same).
pub fn inbox_items(locale: Locale, inbox: &Inbox, prefix: &'static str) -> impl IntoView + use<> {
    let cycle_link = |what: &str, period: &crate::domain::period::Period| {
        let text = format!("{what}: {}", period.label(style_of(locale)));
        view! { <li><A href="/siklus">{text}</A></li> }
    };
    let now = js_sys::Date::now() as i64;
    let turns: Vec<_> = inbox
        .turns
        .iter()
        .map(|turn| {
            let mut text = format!("{}: {}", td_string!(locale, inbox.turn), turn.period.label(style_of(locale)));
            if let Some(step) = turn.step {
                text.push_str(&format!(" · {} {step}", td_string!(locale, inbox.step)));
            }
            if let Some(due) = turn.due_ms {
                text.push_str(&format!(" · {} {}", td_string!(locale, inbox.due), local_time_ms(locale, due)));
            }
            let overdue = turn.overdue_at(now);
            let late = overdue.then(|| view! { " " <span class="badge warn">{td_string!(locale, inbox.overdue)}</span> });
            view! { <li data-testid=format!("{prefix}-turn") data-overdue=overdue.to_string()><A href="/siklus">{text}</A>{late}</li> }
        })
        .collect();
    let acknowledgements: Vec<_> =
        inbox.acknowledgements.iter().map(|p| cycle_link(td_string!(locale, inbox.acknowledge), p)).collect();
    let sheets: Vec<_> = inbox
        .dispositions
        .iter()
        .map(|d| {
            let mut text = format!("{} {}: {}", td_string!(locale, inbox.disposition), d.label, d.perihal);
            if let Some(date) = d.deadline.as_deref().and_then(parse_iso_date) {
                text.push_str(&format!(" · {} {}", td_string!(locale, inbox.due), format_date(date, style_of(locale))));
            }
            let late = d.overdue.then(|| view! { " " <span class="badge warn">{td_string!(locale, inbox.overdue)}</span> });
            view! { <li data-testid=format!("{prefix}-disposition") data-overdue=d.overdue.to_string()><A href=format!("/disposisi/{}", d.id)>{text}</A>{late}</li> }
        })
        .collect();
    let conflicts = (inbox.conflicts > 0).then(|| {
        let text = format!("{} {}", inbox.conflicts, td_string!(locale, inbox.conflicts));
        view! { <li data-testid=format!("{prefix}-conflicts")><A href="/konflik">{text}</A></li> }
    });
    view! { {turns} {acknowledgements} {sheets} {conflicts} }
}
