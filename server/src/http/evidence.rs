//! Evidence files by content hash: `PUT /api/v1/evidence/{sha256}` stores
//! the body (its hash must match; the same file again is a no-op answered
//! 200), `GET /api/v1/evidence/{sha256}` returns it to those who may see it.
//! A device uploads the file first, then syncs an `evidence` op naming it.
//!
//! Files come from users of every OPD and are opened by the agency's most
//! trusted accounts, so they must stay inert: only the kinds of
//! `domain::evidence` are kept (declared type and first bytes agree), and a
//! download is sandboxed, never sniffed, and shown in place only when it is
//! an image.

use super::AppState;
use super::auth::Auth;
use super::error::ApiError;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kinerja_core::api::sync::EvidenceFile;
use kinerja_core::domain::evidence::{FileKind, FileRefusal, accept};
use kinerja_core::domain::sync::is_sha256;
use kinerja_core::domain::validate::Problem;
use sha2::{Digest, Sha256};

/// The largest evidence file: a phone photo or a scanned PDF.
pub const MAX_EVIDENCE_BYTES: usize = 10 * 1024 * 1024;

/// The policy of every downloaded file: no script, no style, no plug-in,
/// not even in a frame of its own.
pub const FILE_POLICY: &str = "sandbox; default-src 'none'";

/// The SHA-256 of `content` in lowercase hex, as files are named.
pub(super) fn sha256_hex(content: &[u8]) -> String {
    Sha256::digest(content).iter().map(|b| format!("{b:02x}")).collect()
}

pub async fn upload(
    State(state): State<AppState>,
    auth: Auth,
    Path(sha256): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<EvidenceFile>), ApiError> {
    if !auth.user.role.enters_data() {
        return Err(ApiError::forbidden("upload evidence"));
    }
    if !is_sha256(&sha256) {
        return Err(ApiError::invalid_field("sha256", Problem::Invalid));
    }
    let media_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let media_type = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    if body.is_empty() {
        return Err(ApiError::invalid_field("content", Problem::Required));
    }
    let kind = accept(&media_type, &body).map_err(|refusal| match refusal {
        FileRefusal::TypeNotAllowed => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "media_type_not_allowed",
            "evidence must be a JPEG, PNG or WebP photo or a PDF",
        ),
        FileRefusal::ContentMismatch => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "content_mismatch",
            "the file's content is not of the declared media type",
        ),
    })?;
    if sha256_hex(&body) != sha256 {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "hash_mismatch",
            "the body's SHA-256 differs from the one in the path",
        ));
    }
    let media_type = kind.media_type().to_owned();
    let existed = state.db.put_evidence_file(&sha256, &media_type, &body, &auth.user.id).await?;
    let status = if existed { StatusCode::OK } else { StatusCode::CREATED };
    let size_bytes = body.len() as i64;
    Ok((status, Json(EvidenceFile { sha256, media_type, size_bytes, existed })))
}

pub async fn download(
    State(state): State<AppState>,
    auth: Auth,
    Path(sha256): Path<String>,
) -> Result<Response, ApiError> {
    let tree = state.db.unit_tree().await?;
    let file = state.db.evidence_file(&sha256, &auth.actor(), &tree).await?;
    let (media_type, content) =
        file.ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such file in your scope"))?;
    Ok((served_headers(&sha256, &media_type), content).into_response())
}

/// The headers a stored file is sent with. A file stored before the
/// allow-list existed, of another type, goes out as opaque bytes to save.
fn served_headers(sha256: &str, stored_type: &str) -> [(header::HeaderName, HeaderValue); 4] {
    let kind = FileKind::from_media_type(stored_type);
    let content_type = kind.map_or("application/octet-stream", FileKind::media_type);
    let name = format!("bukti-{}.{}", &sha256[..12], kind.map_or("bin", FileKind::extension));
    let disposition = match kind {
        Some(kind) if kind.shown_inline() => format!("inline; filename=\"{name}\""),
        _ => format!("attachment; filename=\"{name}\""),
    };
    [
        (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
        (
            header::CONTENT_DISPOSITION,
            HeaderValue::try_from(disposition).unwrap_or(HeaderValue::from_static("attachment")),
        ),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(FILE_POLICY)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_show_in_place_and_everything_else_downloads() {
        let hash = "ab".repeat(32);
        let value = |headers: &[(header::HeaderName, HeaderValue); 4], name: header::HeaderName| {
            headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_str().unwrap().to_owned()).unwrap()
        };
        let photo = served_headers(&hash, "image/png");
        assert_eq!(value(&photo, header::CONTENT_TYPE), "image/png");
        assert_eq!(value(&photo, header::CONTENT_DISPOSITION), "inline; filename=\"bukti-abababababab.png\"");
        let pdf = served_headers(&hash, "application/pdf");
        assert!(value(&pdf, header::CONTENT_DISPOSITION).starts_with("attachment;"));
        let old = served_headers(&hash, "text/html");
        assert_eq!(value(&old, header::CONTENT_TYPE), "application/octet-stream");
        assert!(value(&old, header::CONTENT_DISPOSITION).starts_with("attachment;"));
        assert_eq!(value(&old, header::CONTENT_SECURITY_POLICY), FILE_POLICY);
    }
}
