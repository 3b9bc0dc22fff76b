//! The interface language: Bahasa Indonesia unless the user picks English
//! (kept in a cookie), never guessed from the browser's Accept-Language, and
//! the matching number and date style for `domain::format`. The server reads
//! the cookie through leptos_i18n; the browser writes it itself, which keeps
//! a cookie parser and a date library out of the wasm.

use crate::domain::format::{Style, format_datetime};
use crate::i18n::{I18nContextProvider, Locale, t, t_string, use_i18n};
use leptos::prelude::*;
use leptos_i18n::context::UseLocalesOptions;

/// Provides the i18n context to `children`, defaulting to Indonesian.
#[component]
pub fn LocaleProvider(children: Children) -> impl IntoView {
    let no_header_guess = UseLocalesOptions::default().ssr_lang_header_getter(|| None);
    view! {
        <I18nContextProvider ssr_lang_header_getter=no_header_guess>
            <PageLanguage />
            {children()}
        </I18nContextProvider>
    }
}

/// In the browser the app is mounted over the server's page (see
/// `frontend`), so it takes the language the user chose — the cookie,
/// which the browser keeps offline too, where the offline shell's `<html>`
/// says Indonesian — else the `lang` of the page, and never the browser's
/// own. Set in an effect, so after the i18n context's own start-up, and
/// before the browser paints.
#[component]
fn PageLanguage() -> impl IntoView {
    #[cfg(not(feature = "ssr"))]
    page_language(use_i18n());
}

#[cfg(not(feature = "ssr"))]
fn page_language(i18n: leptos_i18n::I18nContext<Locale>) {
    use wasm_bindgen::JsCast;
    // Read now: the context's own effects soon write its locale into `lang`.
    let chosen = document().unchecked_into::<web_sys::HtmlDocument>().cookie().ok();
    let rendered = chosen.as_deref().and_then(cookie_locale).or_else(|| {
        document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|lang| lang.parse::<Locale>().ok())
    });
    // Untracked: once, never again when the user switches.
    Effect::new(move || {
        if let Some(locale) = rendered {
            untrack(|| i18n.set_locale(locale));
        }
    });
}

/// The language a `Cookie` header (or `document.cookie`) says the user chose.
pub fn cookie_locale(cookies: &str) -> Option<Locale> {
    cookies
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LOCALE_COOKIE)
        .and_then(|(_, value)| value.trim().parse::<Locale>().ok())
}

/// The number and date style of a locale.
pub fn style_of(locale: Locale) -> Style {
    match locale {
        Locale::id => Style::Indonesian,
        Locale::en => Style::English,
    }
}

/// A stored UTC time as the user's clock shows it (`24 November 2026 14.05`);
/// the text as stored if it cannot be read. In the browser only.
pub fn local_time(locale: Locale, stamp: &str) -> String {
    let at = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(stamp));
    on_the_clock(locale, &at).unwrap_or_else(|| stamp.to_owned())
}

/// This year and month on the user's clock; on the server's UTC clock while
/// a page is rendered there.
pub fn this_month() -> (i32, u8) {
    #[cfg(target_arch = "wasm32")]
    {
        let now = js_sys::Date::new_0();
        (now.get_full_year() as i32, now.get_month() as u8 + 1)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let now = time::OffsetDateTime::now_utc();
        (now.year(), u8::from(now.month()))
    }
}

/// `local_time` for milliseconds since the epoch. In the browser only.
pub fn local_time_ms(locale: Locale, ms: i64) -> String {
    let at = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    on_the_clock(locale, &at).unwrap_or_default()
}

fn on_the_clock(locale: Locale, at: &js_sys::Date) -> Option<String> {
    if at.get_time().is_nan() {
        return None;
    }
    let month = time::Month::try_from(at.get_month() as u8 + 1).ok()?;
    let day = time::Date::from_calendar_date(at.get_full_year() as i32, month, at.get_date() as u8).ok()?;
    let moment = day.with_hms(at.get_hours() as u8, at.get_minutes() as u8, 0).ok()?;
    Some(format_datetime(moment, style_of(locale)))
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
        remember(next);
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

/// The cookie leptos_i18n reads on the server to render the chosen language.
const LOCALE_COOKIE: &str = "i18n_pref_locale";

/// Keeps the choice for a year, for every page of the site.
fn remember(locale: Locale) {
    use leptos_i18n::Locale as _;
    use wasm_bindgen::JsCast;
    let cookie = format!("{LOCALE_COOKIE}={}; path=/; max-age=31536000; SameSite=Lax", locale.as_str());
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        let _ = document.unchecked_into::<web_sys::HtmlDocument>().set_cookie(&cookie);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chosen_language_is_read_from_the_cookies_and_nothing_else() {
        assert_eq!(cookie_locale("i18n_pref_locale=en"), Some(Locale::en));
        assert_eq!(cookie_locale("id=abc; i18n_pref_locale=id; theme=x"), Some(Locale::id));
        assert_eq!(cookie_locale("x_i18n_pref_locale=en; other=1"), None);
        assert_eq!(cookie_locale("i18n_pref_locale=fr"), None);
        assert_eq!(cookie_locale(""), None);
    }
}
