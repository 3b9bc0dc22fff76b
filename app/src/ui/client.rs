//! Calling the JSON API from the browser (gloo-net, same-origin cookies).
//! Only ever runs in the browser — from event handlers and local resources —
//! though it compiles on the server too.

use crate::api::{ErrorBody, ErrorEnvelope, build};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Why a call failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientError {
    /// No answer: offline, or the server is down.
    Network,
    /// The server refused, with its stable code and the refused fields.
    Api { status: u16, body: ErrorBody },
}

impl ClientError {
    pub fn code(&self) -> &str {
        match self {
            ClientError::Network => "network",
            ClientError::Api { body, .. } => &body.code,
        }
    }
}

thread_local! {
    /// The `Retry-After` (seconds) of the last refused answer, until taken.
    static RETRY_AFTER_S: std::cell::Cell<Option<u64>> = const { std::cell::Cell::new(None) };
    /// The build the server last named in an answer (`api::build`).
    static SERVER_BUILD: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Whether the server answers from another build than this page's: the
/// page is older (or newer) than what the server now serves.
pub fn server_is_other() -> bool {
    let page = page_build();
    SERVER_BUILD.with(|server| build::server_is_other(page.as_deref(), server.borrow().as_deref()))
}

/// This page's build, from its main module's name (none when unhashed).
fn page_build() -> Option<String> {
    let link = leptos::prelude::document()
        .query_selector("link[rel=modulepreload][href*='/pkg/kinerja.']")
        .ok()??;
    build::build_in_path(&link.get_attribute("href")?).map(str::to_owned)
}

/// How long the server last asked this browser to wait before trying
/// again (a 429 or 503 with `Retry-After` in seconds), read once: the sync
/// schedule honours it, whichever call was refused.
pub fn take_retry_after_s() -> Option<u64> {
    RETRY_AFTER_S.with(std::cell::Cell::take)
}

async fn finish(response: Result<Response, gloo_net::Error>) -> Result<Response, ClientError> {
    let response = response.map_err(|_| ClientError::Network)?;
    if let Some(server) = response.headers().get(build::BUILD_HEADER) {
        SERVER_BUILD.with(|known| *known.borrow_mut() = Some(server));
    }
    if response.ok() {
        return Ok(response);
    }
    if let Some(seconds) = response.headers().get("retry-after").and_then(|v| v.trim().parse().ok()) {
        RETRY_AFTER_S.with(|asked| asked.set(Some(seconds)));
    }
    let status = response.status();
    let body = match response.json::<ErrorEnvelope>().await {
        Ok(envelope) => envelope.error,
        Err(_) => ErrorBody {
            code: code_without_envelope(status).into(),
            message: format!("HTTP {status}"),
            fields: Vec::new(),
            rows: Vec::new(),
        },
    };
    Err(ClientError::Api { status, body })
}

/// The code of an error answered by something in front of the server (a
/// reverse proxy's own page, without the API's error body): a body over the
/// proxy's size limit is named as such, the rest are server errors.
fn code_without_envelope(status: u16) -> &'static str {
    match status {
        413 => "payload_too_large",
        _ => "internal",
    }
}

async fn json<T: DeserializeOwned>(response: Response) -> Result<T, ClientError> {
    response.json().await.map_err(|_| ClientError::Network)
}

/// `GET path`, decoding the JSON answer.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ClientError> {
    json(finish(Request::get(path).send().await).await?).await
}

/// `GET path`, the answer's text as sent (for keeping it on the device).
pub async fn get_text(path: &str) -> Result<String, ClientError> {
    let response = finish(Request::get(path).send().await).await?;
    response.text().await.map_err(|_| ClientError::Network)
}

async fn send_json<B: Serialize>(builder: RequestBuilder, body: &B) -> Result<Response, ClientError> {
    let request = builder.json(body).map_err(|_| ClientError::Network)?;
    finish(request.send().await).await
}

/// `POST path` with a JSON body, decoding the JSON answer.
pub async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ClientError> {
    json(send_json(Request::post(path), body).await?).await
}

/// `POST path` with a JSON body, ignoring the answer's body.
pub async fn post_empty<B: Serialize>(path: &str, body: &B) -> Result<(), ClientError> {
    send_json(Request::post(path), body).await.map(drop)
}

/// `PUT path` with a JSON body, ignoring the answer's body.
pub async fn put<B: Serialize>(path: &str, body: &B) -> Result<(), ClientError> {
    send_json(Request::put(path), body).await.map(drop)
}

/// `DELETE path`, ignoring the answer's body.
pub async fn delete(path: &str) -> Result<(), ClientError> {
    finish(Request::delete(path).send().await).await.map(drop)
}

async fn send_body(builder: RequestBuilder, body: wasm_bindgen::JsValue) -> Result<Response, ClientError> {
    let request = builder.body(body).map_err(|_| ClientError::Network)?;
    finish(request.send().await).await
}

/// `POST path` with a raw body (a file), decoding the JSON answer.
pub async fn post_body<T: DeserializeOwned>(
    path: &str,
    body: wasm_bindgen::JsValue,
) -> Result<T, ClientError> {
    json(send_body(Request::post(path), body).await?).await
}

/// `PUT path` with a raw body (a file) of the given media type, ignoring the answer's body.
pub async fn put_body(path: &str, media_type: &str, body: wasm_bindgen::JsValue) -> Result<(), ClientError> {
    send_body(Request::put(path).header("Content-Type", media_type), body).await.map(drop)
}

/// `PUT path` with a raw body (a file) of the given media type, decoding the JSON answer.
pub async fn put_file<T: DeserializeOwned>(
    path: &str,
    media_type: &str,
    body: wasm_bindgen::JsValue,
) -> Result<T, ClientError> {
    json(send_body(Request::put(path).header("Content-Type", media_type), body).await?).await
}

#[cfg(test)]
mod tests {
    use super::code_without_envelope;

    #[test]
    fn a_proxys_size_refusal_is_named_and_other_pages_are_server_errors() {
        assert_eq!(code_without_envelope(413), "payload_too_large");
        assert_eq!(code_without_envelope(502), "internal");
        assert_eq!(code_without_envelope(500), "internal");
    }
}
