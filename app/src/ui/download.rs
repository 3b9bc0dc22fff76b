//! Files the server makes (workbooks, documents, CSV) fetched by the page
//! rather than by a bare link, so the user sees them come: how much has
//! arrived (and of how much, when the server says), why it failed — with a
//! clear sentence offline instead of a browser error page — and the file
//! saved under the server's name. The link keeps its address, so opening it
//! in a new tab still works.

use crate::i18n::{Locale, td_string, use_i18n};
use crate::ui::form::code_text;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Offers `blob` to the user as a downloaded file named `name`.
pub fn save(name: &str, blob: &web_sys::Blob) {
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else { return };
    if let Ok(link) = document().create_element("a").map(|a| a.unchecked_into::<web_sys::HtmlAnchorElement>())
    {
        link.set_href(&url);
        link.set_download(name);
        link.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Where a download stands.
#[derive(Clone, Debug, PartialEq)]
enum State {
    Idle,
    /// Bytes arrived, and the whole size when the server gave it (uncompressed).
    Fetching(f64, Option<f64>),
    Failed(String),
}

/// The file name in a `Content-Disposition` header, else the path's last part.
fn file_name(disposition: Option<String>, href: &str) -> String {
    disposition
        .and_then(|d| {
            d.split("filename=")
                .nth(1)
                .map(|n| n.trim_matches(|c| c == '"' || c == ';' || c == ' ').to_owned())
        })
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| {
            href.split('?').next().unwrap_or(href).rsplit('/').next().unwrap_or("unduhan").to_owned()
        })
}

/// `1,2 MB` / `340 KB`.
fn size(bytes: f64, locale: Locale) -> String {
    let style = crate::ui::locale::style_of(locale);
    let format = |value: f64, places| {
        crate::domain::format::format_decimal(
            rust_decimal::Decimal::from_f64_retain(value).unwrap_or_default().round_dp(places),
            places,
            style,
        )
    };
    if bytes >= 1_000_000.0 {
        format!("{} MB", format(bytes / 1_000_000.0, 1))
    } else {
        format!("{} KB", format((bytes / 1000.0).ceil(), 0))
    }
}

/// Fetches `href`, telling `state` how far it got; the file, named.
async fn fetch(href: &str, state: RwSignal<State>) -> Result<(String, web_sys::Blob), String> {
    let response = gloo_net::http::Request::get(href).send().await.map_err(|_| "network".to_owned())?;
    if !response.ok() {
        let code =
            response.json::<crate::api::ErrorEnvelope>().await.map(|e| e.error.code).unwrap_or_default();
        return Err(if code.is_empty() { format!("HTTP {}", response.status()) } else { code });
    }
    let headers = response.headers();
    let total = match headers.get("content-encoding") {
        Some(_) => None,
        None => headers.get("content-length").and_then(|l| l.parse::<f64>().ok()),
    };
    let name = file_name(headers.get("content-disposition"), href);
    let media_type = headers.get("content-type").unwrap_or_default();
    let reader: web_sys::ReadableStreamDefaultReader =
        response.body().ok_or("network")?.get_reader().unchecked_into();
    let parts = js_sys::Array::new();
    let mut arrived = 0.0;
    state.set(State::Fetching(0.0, total));
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(|_| "network".to_owned())?;
        if js_sys::Reflect::get(&chunk, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true) {
            break;
        }
        let bytes: js_sys::Uint8Array =
            js_sys::Reflect::get(&chunk, &"value".into()).map_err(|_| "network")?.unchecked_into();
        arrived += f64::from(bytes.length());
        parts.push(&bytes);
        state.set(State::Fetching(arrived, total));
    }
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&media_type);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| "network".to_owned())?;
    Ok((name, blob))
}

/// A link to a file the server makes, fetched with its progress shown.
#[component]
pub fn Download(
    #[prop(into)] href: Signal<String>,
    test_id: String,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(State::Idle);
    let start = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if matches!(state.get_untracked(), State::Fetching(..)) {
            return;
        }
        if !window().navigator().on_line() {
            state.set(State::Failed("network".to_owned()));
            return;
        }
        let href = href.get_untracked();
        state.set(State::Fetching(0.0, None));
        spawn_local(async move {
            match fetch(&href, state).await {
                Ok((name, blob)) => {
                    save(&name, &blob);
                    state.set(State::Idle);
                }
                Err(code) => state.set(State::Failed(code)),
            }
        });
    };
    let shown = move || {
        let locale = i18n.get_locale();
        match state.get() {
            State::Idle => None,
            State::Fetching(arrived, total) => {
                let of = total.map(|t| format!(" / {}", size(t, locale))).unwrap_or_default();
                let bar = total.map(|t| view! { <progress max=t value=arrived></progress> " " });
                Some(view! {
                    <span class="download-state" role="status" data-testid="download-state" data-state="fetching">
                        {bar} {td_string!(locale, download.fetching)} " " {size(arrived, locale)} {of}
                    </span>
                }.into_any())
            }
            State::Failed(code) => {
                let text = if code == "network" {
                    td_string!(locale, download.offline).to_owned()
                } else {
                    code_text(locale, &code).to_owned()
                };
                Some(view! { <span class="download-state error" role="alert" data-testid="download-state" data-state="failed">{text}</span> }.into_any())
            }
        }
    };
    view! {
        <a class=class href=href download data-testid=test_id on:click=start>{children()}</a>
        {shown}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_named_as_the_server_says_else_by_its_path() {
        assert_eq!(
            file_name(Some("attachment; filename=\"lkjip-2026.docx\"".into()), "/x"),
            "lkjip-2026.docx"
        );
        assert_eq!(file_name(None, "/api/v1/exports/plans.xlsx?year=2026"), "plans.xlsx");
        assert_eq!(file_name(Some("attachment".into()), "/api/v1/audit.csv"), "audit.csv");
    }
}
