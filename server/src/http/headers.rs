//! The security headers every response carries, and the Content Security
//! Policy that fits the app: scripts only from this origin plus the one
//! inline module script Leptos writes to start the wasm (allowed by the
//! request's nonce on rendered pages, by its hash on the offline shell),
//! wasm compilation, no plug-ins, no framing. Evidence downloads replace the
//! policy with a stricter one of their own (`evidence::FILE_POLICY`).

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

/// The policy with `scripts` (nonces or hashes, already quoted) allowed
/// besides this origin's files.
pub fn app_policy(scripts: &[String]) -> String {
    let mut script_src = String::from("'self' 'wasm-unsafe-eval'");
    for script in scripts {
        script_src.push(' ');
        script_src.push_str(script);
    }
    format!(
        "default-src 'self'; script-src {script_src}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The `'sha256-…'` sources of the inline scripts of `html` (those without
/// `src`), as a browser hashes them: the exact text between the tags.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else { break };
        let Some(close) = after[open_end..].find("</script>") else { break };
        let body = &after[open_end + 1..open_end + close];
        if !after[..open_end].contains(" src=") {
            hashes.push(format!("'sha256-{}'", STANDARD.encode(Sha256::digest(body.as_bytes()))));
        }
        rest = &after[open_end + close..];
    }
    hashes
}

/// Inside a page render: sends the policy allowing this request's nonce,
/// which Leptos puts on the inline scripts it writes.
pub fn allow_page_nonce() {
    let Some(nonce) = leptos::nonce::use_nonce() else { return };
    let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() else { return };
    if let Ok(value) = HeaderValue::try_from(app_policy(&[format!("'nonce-{nonce}'")])) {
        response.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// Whether responses set HSTS (the server is reached over HTTPS).
#[derive(Clone, Copy, Debug)]
pub struct Hsts(pub bool);

/// Adds the headers every response carries; a policy a handler set is kept.
pub async fn apply(State(Hsts(hsts)): State<Hsts>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    add(response.headers_mut(), hsts);
    response
}

fn add(headers: &mut HeaderMap, hsts: bool) {
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY)
        && let Ok(value) = HeaderValue::try_from(app_policy(&[]))
    {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if hsts {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_only_this_origin_wasm_and_the_named_scripts() {
        let policy = app_policy(&["'nonce-abc'".to_owned()]);
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval' 'nonce-abc';"));
        assert!(policy.contains("frame-ancestors 'none'") && policy.contains("object-src 'none'"));
        let script_src = policy.split(';').find(|d| d.trim().starts_with("script-src")).unwrap();
        let sources: Vec<&str> = script_src.split_whitespace().collect();
        assert!(!sources.contains(&"'unsafe-inline'") && !sources.contains(&"'unsafe-eval'"));
    }

    #[test]
    fn inline_scripts_are_hashed_as_written_and_external_ones_skipped() {
        let html = r#"<head><script src="/sw-register.js" defer></script><script type="module">go()</script></head>"#;
        let expected = format!("'sha256-{}'", STANDARD.encode(Sha256::digest(b"go()")));
        assert_eq!(inline_script_hashes(html), vec![expected]);
        assert!(inline_script_hashes("<p>no scripts</p>").is_empty());
    }

    #[test]
    fn every_response_gets_the_headers_and_a_handlers_policy_is_kept() {
        let mut headers = HeaderMap::new();
        add(&mut headers, true);
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(headers[header::REFERRER_POLICY], "same-origin");
        assert_eq!(headers[header::STRICT_TRANSPORT_SECURITY], "max-age=31536000");
        assert_eq!(headers[header::CONTENT_SECURITY_POLICY], app_policy(&[]).as_str());
        let mut own = HeaderMap::new();
        own.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox"));
        add(&mut own, false);
        assert_eq!(own[header::CONTENT_SECURITY_POLICY], "sandbox");
        assert!(!own.contains_key(header::STRICT_TRANSPORT_SECURITY));
    }
}
