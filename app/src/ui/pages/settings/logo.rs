//! The agency's logo on the letterhead form: the one kept, shown; a PNG
//! picked is read by the domain's rule (`domain::logo::read`) before it is
//! sent, so a wrong file is named at once, and the server reads it again.

use crate::domain::logo::{self, Logo};
use crate::i18n::{t, td_string, use_i18n};
use crate::ui::client;
use crate::ui::form::{FormMessage, FormState, code_text};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

const PATH: &str = "/api/v1/settings/logo";

/// The bytes of a picked file.
async fn picked_bytes(file: &web_sys::File) -> Option<Vec<u8>> {
    let buffer = JsFuture::from(file.array_buffer()).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer.unchecked_into()).to_vec())
}

#[component]
pub fn LogoField(kept: Option<Logo>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let logo = RwSignal::new(kept);
    let picked = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
        input.set_value("");
        let locale = i18n.get_locale_untracked();
        leptos::task::spawn_local(async move {
            let Some(bytes) = picked_bytes(&file).await else {
                return form.message.set(Some((false, code_text(locale, "network").to_owned())));
            };
            if let Err(refusal) = logo::read(&bytes) {
                return form.message.set(Some((false, code_text(locale, refusal.code()).to_owned())));
            }
            let body = js_sys::Uint8Array::from(bytes.as_slice()).into();
            form.run(
                locale,
                async move { client::put_file::<Logo>(PATH, "image/png", body).await },
                move |kept| {
                    logo.set(Some(kept));
                    form.succeed(td_string!(locale, settings.logo_saved));
                },
            );
        });
    };
    let remove = move |_| {
        let locale = i18n.get_locale_untracked();
        form.run(locale, client::delete(PATH), move |()| {
            logo.set(None);
            form.succeed(td_string!(locale, settings.logo_removed));
        });
    };
    view! {
        <fieldset class="logo-field" data-testid="logo-field">
            <legend>{t!(i18n, settings.logo)}</legend>
            <p class="note">{t!(i18n, settings.logo_hint)}</p>
            {move || match logo.get() {
                Some(kept) => view! {
                    <p>
                        <img class="logo-preview" data-testid="logo-preview" src=kept.path()
                            alt=move || td_string!(i18n.get_locale(), settings.logo_alt) />
                        <button type="button" data-testid="remove-logo" disabled=move || form.busy.get()
                            on:click=remove>{t!(i18n, settings.logo_remove)}</button>
                    </p>
                }.into_any(),
                None => view! { <p data-testid="no-logo">{t!(i18n, settings.logo_none)}</p> }.into_any(),
            }}
            <label>
                {t!(i18n, settings.logo_choose)}
                <input type="file" accept="image/png" data-testid="logo-file"
                    disabled=move || form.busy.get() on:change=picked />
            </label>
            <FormMessage form=form />
        </fieldset>
    }
}
