//! What the agency's printable documents share on screen: the button that
//! prints the page (the document alone: the print style sheet hides the
//! rest), and the frame of a document page reached from Siklus Pelaporan —
//! the way back, the sign-in note for a visitor, then the document.

use crate::i18n::{t, use_i18n};
use crate::ui::gate::SignedOutNote;
use leptos::prelude::*;
use leptos_router::components::A;

/// A button that prints the page; `children` is its label.
#[component]
pub fn PrintButton(children: Children) -> impl IntoView {
    view! {
        <button type="button" data-testid="print" on:click=move |_| {
            let _ = window().print();
        }>{children()}</button>
    }
}

/// A document page reached from the cycle page: the link back, the
/// signed-out note, then `children`.
#[component]
pub fn CycleDocumentPage(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page">
            <p class="no-print"><A href="/siklus">{t!(i18n, nav.cycle)}</A></p>
            <SignedOutNote />
            {children()}
        </section>
    }
}
