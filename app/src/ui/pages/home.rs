//! Beranda: what Kinerja is for and the reporting flow of the SOP, with a
//! way into each part of the app.

use crate::i18n::{t, use_i18n};
use crate::ui::layout::NAV;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let sections = NAV
        .iter()
        .skip(1)
        .map(|item| {
            let label = item.label;
            view! {
                <li>
                    <A href=item.path>{move || label(i18n.get_locale())}</A>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="page home">
            <h1 data-testid="page-title">{t!(i18n, home.title)}</h1>
            <p class="lead">{t!(i18n, home.lead)}</p>
            <p class="note">{t!(i18n, home.offline_note)}</p>
            <h2>{t!(i18n, home.flow_title)}</h2>
            <ol class="flow">
                <li>{t!(i18n, home.flow_monthly)}</li>
                <li>{t!(i18n, home.flow_quarter)}</li>
                <li>{t!(i18n, home.flow_semester)}</li>
                <li>{t!(i18n, home.flow_annual)}</li>
            </ol>
            <ul class="section-links">{sections}</ul>
        </section>
    }
}
