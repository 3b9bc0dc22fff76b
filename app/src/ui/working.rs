//! Long work the user waits on — a report being compiled, a workbook being
//! uploaded and checked — shown as such: a moving bar, what is being done,
//! and after the first second how long it has taken, so a slow phone on a
//! weak signal never looks frozen.

use crate::i18n::{Locale, td_string, use_i18n};
use leptos::prelude::*;

/// The moving bar, `what` is under way, and the seconds it has taken.
#[component]
pub fn Working(what: fn(Locale) -> &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let seconds = RwSignal::new(0u32);
    // In the browser only: an effect never runs while the server renders.
    Effect::new(move || {
        if let Ok(handle) =
            set_interval_with_handle(move || seconds.update(|s| *s += 1), std::time::Duration::from_secs(1))
        {
            on_cleanup(move || handle.clear());
        }
    });
    let elapsed = move || {
        let s = seconds.get();
        (s > 0).then(|| format!(" · {s} {}", td_string!(i18n.get_locale(), working.seconds)))
    };
    view! {
        <p class="working" role="status" data-testid="working">
            <progress></progress> " " {move || what(i18n.get_locale())} {elapsed}
        </p>
    }
}
