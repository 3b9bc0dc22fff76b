//! The body of a page kept for some roles (Data Induk for the administrator,
//! Jejak Audit for the sekretaris and the administrator): a loading note
//! until the session is known, a sign-in link for nobody, a refusal in the
//! page's words for other roles. The server refuses their calls regardless.
//! `SignedOutNote` is the sign-in link alone, for pages every user may open.

use crate::domain::org::Role;
use crate::i18n::{Locale, t, use_i18n};
use crate::ui::session::use_session;
use leptos::prelude::*;
use leptos_router::components::A;

/// `content` for a signed-in user whose role is `allowed`; `denied`'s
/// sentence for any other.
#[component]
pub fn RoleGate(
    allowed: fn(Role) -> bool,
    denied: fn(Locale) -> &'static str,
    content: ViewFn,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    move || {
        if !session.known.get() {
            return view! { <p class="note">{t!(i18n, master.loading)}</p> }.into_any();
        }
        match session.me.get() {
            None => view! { <NeedSignIn /> }.into_any(),
            Some(me) if !allowed(me.role) => view! {
                <p class="form-message error" data-testid="access-denied">{move || denied(i18n.get_locale())}</p>
            }
            .into_any(),
            Some(_) => content.run(),
        }
    }
}

/// The refusal a visitor who is not signed in reads, with the way to sign in.
#[component]
pub fn NeedSignIn() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="form-message error" data-testid="access-denied">
            {t!(i18n, auth.need_sign_in)} " " <A href="/masuk">{t!(i18n, auth.sign_in)}</A>
        </p>
    }
}

/// `NeedSignIn` once the session is known to have nobody signed in.
#[component]
pub fn SignedOutNote() -> impl IntoView {
    let session = use_session();
    move || (session.known.get() && session.me.with(Option::is_none)).then(|| view! { <NeedSignIn /> })
}
