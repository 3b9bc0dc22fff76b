//! The interface language: Bahasa Indonesia unless the user picks English
//! (kept in a cookie), never guessed from the browser's Accept-Language, and
//! the matching number and date style for `domain::format`.

use crate::domain::format::Style;
use crate::i18n::{I18nContextProvider, Locale, t, t_string, use_i18n};
use leptos::prelude::*;
use leptos_i18n::context::UseLocalesOptions;

/// Provides the i18n context to `children`, defaulting to Indonesian.
#[component]
pub fn LocaleProvider(children: Children) -> impl IntoView {
    let no_header_guess = UseLocalesOptions::default().ssr_lang_header_getter(|| None);
    view! {
        <I18nContextProvider ssr_lang_header_getter=no_header_guess>{children()}</I18nContextProvider>
    }
}

/// The number and date style of a locale.
pub fn style_of(locale: Locale) -> Style {
    match locale {
        Locale::id => Style::Indonesian,
        Locale::en => Style::English,
    }
}

/// The number and date style of the current interface language, reactive.
pub fn use_style() -> Signal<Style> {
    let i18n = use_i18n();
    Signal::derive(move || style_of(i18n.get_locale()))
}

/// The button that switches between Indonesian and English in place.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let switch = move |_| {
        let next = match i18n.get_locale() {
            Locale::id => Locale::en,
            Locale::en => Locale::id,
        };
        i18n.set_locale(next);
    };
    view! {
        <button
            type="button"
            class="lang-switch"
            data-testid="lang-switch"
            aria-label=move || t_string!(i18n, lang.switch_label)
            on:click=switch
        >
            {t!(i18n, lang.other_short)}
        </button>
    }
}
