//! What the agency's printable documents share on screen: the button that
//! prints the page (the document alone: the print style sheet hides the
//! rest), the frame of a document page reached from Siklus Pelaporan —
//! the way back, the sign-in note for a visitor, then the document — and
//! the agency's letterhead (with its logo) and signature blocks as the
//! administrator set them (`domain::letterhead`), the same lines the DOCX
//! and XLSX carry.

use crate::domain::letterhead::{Letterhead, SignatureBlock};
use crate::i18n::{t, td_string, use_i18n};
use crate::ui::device::Local;
use crate::ui::gate::SignedOutNote;
use leptos::prelude::*;
use leptos_router::components::A;

/// The agency's letterhead, read like the documents (kept on the device
/// for offline reading); the default heading if it was never read.
pub async fn letterhead(local: Local) -> Letterhead {
    local.read("/api/v1/settings/letterhead").await.unwrap_or_default()
}

/// The heading of a printed document: the logo at the left, the
/// government and the agency, then the address and contact lines, over a
/// double rule.
#[component]
pub fn LetterheadHeading(letterhead: Letterhead) -> impl IntoView {
    let i18n = use_i18n();
    let logo = letterhead.logo.as_ref().map(|logo| {
        view! {
            <img class="letterhead-logo" data-testid="letterhead-logo" src=logo.path()
                alt=move || td_string!(i18n.get_locale(), settings.logo_alt) />
        }
    });
    let lines = letterhead
        .heading()
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let class = match i {
                0 => "",
                1 => "agency",
                _ => "contact",
            };
            view! { <p class=class>{line}</p> }
        })
        .collect_view();
    view! { <header class="letterhead" data-testid="letterhead">{logo}{lines}</header> }
}

/// A signature block: place and date, position, room to sign, name, NIP.
#[component]
pub fn SignatureView(block: SignatureBlock) -> impl IntoView {
    view! {
        <footer class="signature" data-testid="signature">
            <p>{block.place_and_date}</p>
            <p data-testid="signature-position">{block.position}</p>
            <p class="signature-space"></p>
            <p class="signature-name" data-testid="signature-name">{block.name}</p>
            <p data-testid="signature-nip">{block.nip}</p>
        </footer>
    }
}

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
