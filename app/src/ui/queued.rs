//! The workflow actions kept on this device (`offline::requests`), listed
//! where they were made: each waiting one, so the user knows it is not
//! lost, and each the server refused, with its reason, until let go.

use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::offline::requests::{Queued, RequestKind};
use crate::ui::device::use_local;
use crate::ui::form::code_text;
use crate::ui::locale::local_time;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The requests the cycle page makes.
pub const CYCLE_REQUESTS: &[RequestKind] = &[RequestKind::CycleAction];
/// The requests the disposition pages make.
pub const DISPOSITION_REQUESTS: &[RequestKind] =
    &[RequestKind::IssueDisposition, RequestKind::SignDisposition];

fn kind_text(locale: Locale, kind: RequestKind) -> &'static str {
    match kind {
        RequestKind::CycleAction => td_string!(locale, offline.cycle_action),
        RequestKind::IssueDisposition => td_string!(locale, offline.issue_disposition),
        RequestKind::SignDisposition => td_string!(locale, offline.sign_disposition),
    }
}

/// What the request was about, from its body: the cycle's period, the
/// sheet's subject.
fn subject(queued: &Queued) -> String {
    let text = |name: &str| queued.body.get(name).and_then(|v| v.as_str()).map(str::to_owned);
    match queued.kind {
        RequestKind::CycleAction => queued.path.split('/').nth(4).unwrap_or_default().to_owned(),
        RequestKind::IssueDisposition => text("perihal").unwrap_or_default(),
        RequestKind::SignDisposition => text("sign").unwrap_or_default(),
    }
}

#[component]
pub fn QueuedRequests(kinds: &'static [RequestKind]) -> impl IntoView {
    let i18n = use_i18n();
    let local = use_local();
    move || {
        let locale = i18n.get_locale();
        let items = local.requests(kinds);
        if items.is_empty() {
            return ().into_any();
        }
        let rows = items
            .into_iter()
            .map(|queued| {
                let head = format!(
                    "{} · {} · {}",
                    kind_text(locale, queued.kind),
                    subject(&queued),
                    local_time(locale, &queued.created)
                );
                match queued.refused.clone() {
                    None => view! {
                        <li data-testid="queued-waiting">{head} " — " {t!(i18n, offline.waiting)}</li>
                    }
                    .into_any(),
                    Some(refusal) => {
                        let id = queued.id.clone();
                        let dismiss = move |_| {
                            let id = id.clone();
                            spawn_local(async move { local.dismiss_request(&id).await });
                        };
                        view! {
                            <li class="refused" data-testid="queued-refused">
                                {head} " — " {td_string!(locale, entry.refused)} " "
                                <span data-testid="queued-reason">{code_text(locale, &refusal.code)}</span> " "
                                <button type="button" data-testid="queued-dismiss" on:click=dismiss>{t!(i18n, entry.dismiss)}</button>
                            </li>
                        }
                        .into_any()
                    }
                }
            })
            .collect_view();
        view! {
            <div class="queued" role="status" data-testid="queued">
                <p>{t!(i18n, offline.title)}</p>
                <ul>{rows}</ul>
            </div>
        }
        .into_any()
    }
}
