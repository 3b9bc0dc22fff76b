//! Cache policy per response. Files under `/pkg/` carry a content hash in
//! their names, so browsers may keep them for a year; HTML must be
//! revalidated on every visit so a new release is seen at once; API answers
//! are never stored; other static files (icons) are kept for a day.

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const REVALIDATE: &str = "no-cache";
pub const NEVER_STORE: &str = "no-store";
pub const ONE_DAY: &str = "public, max-age=86400";

/// The `Cache-Control` value for a response to `path` of `content_type`.
pub fn policy(path: &str, content_type: &str) -> &'static str {
    if path.starts_with("/api/") || path == "/healthz" {
        NEVER_STORE
    } else if content_type.starts_with("text/html") {
        REVALIDATE
    } else if path.starts_with("/pkg/") {
        IMMUTABLE
    } else {
        ONE_DAY
    }
}

/// Sets `Cache-Control` on every response that does not already have one.
pub async fn apply_policy(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    if !response.headers().contains_key(header::CACHE_CONTROL) {
        let content_type =
            response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
        let value = policy(&path, content_type);
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_files_are_immutable_and_pages_revalidate() {
        assert_eq!(policy("/pkg/kinerja.3f9a.wasm", "application/wasm"), IMMUTABLE);
        assert_eq!(policy("/pkg/kinerja.3f9a.css", "text/css"), IMMUTABLE);
        assert_eq!(policy("/", "text/html; charset=utf-8"), REVALIDATE);
        assert_eq!(policy("/entri", "text/html"), REVALIDATE);
        assert_eq!(policy("/pkg/missing", "text/html"), REVALIDATE);
        assert_eq!(policy("/api/v1/measurements", "application/json"), NEVER_STORE);
        assert_eq!(policy("/healthz", "application/json"), NEVER_STORE);
        assert_eq!(policy("/icon.svg", "image/svg+xml"), ONE_DAY);
    }
}
