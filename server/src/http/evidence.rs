//! Evidence files by content hash: `PUT /api/v1/evidence/{sha256}` stores
//! the body (its hash must match; the same file again is a no-op answered
//! 200), `GET /api/v1/evidence/{sha256}` returns it to those who may see it.
//! A device uploads the file first, then syncs an `evidence` op naming it.

use super::AppState;
use super::auth::Auth;
use super::error::ApiError;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kinerja_app::api::sync::EvidenceFile;
use kinerja_app::domain::sync::{is_media_type, is_sha256};
use kinerja_app::domain::validate::Problem;
use sha2::{Digest, Sha256};

/// The largest evidence file: a phone photo or a scanned PDF.
pub const MAX_EVIDENCE_BYTES: usize = 10 * 1024 * 1024;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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
    if !is_media_type(&media_type) {
        return Err(ApiError::invalid_field("media_type", Problem::Invalid));
    }
    if body.is_empty() {
        return Err(ApiError::invalid_field("content", Problem::Required));
    }
    if hex(&Sha256::digest(&body)) != sha256 {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "hash_mismatch",
            "the body's SHA-256 differs from the one in the path",
        ));
    }
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
    Ok(([(header::CONTENT_TYPE, media_type)], content).into_response())
}
