//! The pages of the main navigation whose features are still being built:
//! each states what the section is for, in the user's language.

use crate::i18n::{Locale, t, td_string, use_i18n};
use leptos::prelude::*;

/// Which section a `SectionPage` shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Reports,
}

impl Section {
    fn title(self, locale: Locale) -> &'static str {
        match self {
            Section::Reports => td_string!(locale, nav.reports),
        }
    }

    fn purpose(self, locale: Locale) -> &'static str {
        match self {
            Section::Reports => td_string!(locale, section.reports),
        }
    }
}

#[component]
pub fn SectionPage(section: Section) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page">
            <h1 data-testid="page-title">{move || section.title(i18n.get_locale())}</h1>
            <p class="lead">{move || section.purpose(i18n.get_locale())}</p>
            <p class="note">{t!(i18n, section.pending)}</p>
        </section>
    }
}
