//! The agency settings the administrator keeps besides the calendar:
//! `/api/v1/settings/letterhead` (the heading and the signatories every
//! printed page, DOCX and XLSX carries), `/api/v1/settings/logo` (the PNG
//! beside the heading: sent as the body, read by `domain::logo`, served by
//! its hash as an inert image) and `/api/v1/settings/policy` (the
//! predicate bands, negative formula, cap, T = 0 rule and margins every
//! capaian is read with). Everyone signed in reads them — the print views
//! and the device's capaian need them — and only the administrator writes,
//! each change in the audit trail.

use super::AppState;
use super::auth::{Admin, Auth};
use super::error::{ApiError, Body};
use super::evidence::{FILE_POLICY, sha256_hex};
use crate::documents::PrintedLetterhead;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kinerja_core::domain::letterhead::Letterhead;
use kinerja_core::domain::logo::{self, Logo, LogoRefusal};
use kinerja_core::domain::policy::Policy;
use kinerja_core::domain::sync::is_sha256;

/// The body limit of the logo's route: the largest logo.
pub const MAX_LOGO_BYTES: usize = logo::MAX_BYTES;

/// How the files print `letterhead`: its lines, and its logo with the logo's file.
pub(super) async fn printed(
    state: &AppState,
    letterhead: &Letterhead,
) -> Result<PrintedLetterhead, ApiError> {
    Ok(PrintedLetterhead::new(letterhead, state.db.letterhead_logo(letterhead).await?))
}

pub async fn letterhead(State(state): State<AppState>, _auth: Auth) -> Result<Json<Letterhead>, ApiError> {
    Ok(Json(state.db.letterhead().await?))
}

pub async fn save_letterhead(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Body(letterhead): Body<Letterhead>,
) -> Result<StatusCode, ApiError> {
    state.db.save_letterhead(letterhead, &admin.user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn policy(State(state): State<AppState>, _auth: Auth) -> Result<Json<Policy>, ApiError> {
    Ok(Json(state.db.policy().await?))
}

pub async fn save_policy(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Body(policy): Body<Policy>,
) -> Result<StatusCode, ApiError> {
    state.db.save_policy(&policy, &admin.user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `PUT /api/v1/settings/logo`: the body, a PNG declared `image/png`,
/// becomes the letterhead's logo; the answer names it.
pub async fn save_logo(
    State(state): State<AppState>,
    Admin(admin): Admin,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Logo>, ApiError> {
    let declared = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let refused = |refusal: LogoRefusal| {
        let (status, message) = match refusal {
            LogoRefusal::NotPng => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "the logo is a PNG sent as image/png")
            }
            LogoRefusal::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "the logo is at most 256 KiB"),
            LogoRefusal::Dimensions => {
                (StatusCode::UNPROCESSABLE_ENTITY, "each side of the logo is 32 to 2048 pixels")
            }
        };
        ApiError::new(status, refusal.code(), message)
    };
    if !declared.split(';').next().unwrap_or_default().trim().eq_ignore_ascii_case("image/png") {
        return Err(refused(LogoRefusal::NotPng));
    }
    let (width, height) = logo::read(&body).map_err(refused)?;
    let logo = Logo { sha256: sha256_hex(&body), width, height };
    state.db.save_logo(logo.clone(), &body, &admin.user.id).await?;
    Ok(Json(logo))
}

/// `DELETE /api/v1/settings/logo`: the letterhead without a logo.
pub async fn remove_logo(State(state): State<AppState>, Admin(admin): Admin) -> Result<StatusCode, ApiError> {
    state.db.remove_logo(&admin.user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/settings/logo/{sha256}`: a kept logo, an inert image that
/// never changes under its name.
pub async fn logo_file(
    State(state): State<AppState>,
    _auth: Auth,
    Path(sha256): Path<String>,
) -> Result<Response, ApiError> {
    let not_found = || ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such logo");
    if !is_sha256(&sha256) {
        return Err(not_found());
    }
    let content = state.db.logo_file(&sha256).await?.ok_or_else(not_found)?;
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static("image/png")),
        (header::CONTENT_DISPOSITION, HeaderValue::from_static("inline; filename=\"logo.png\"")),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(FILE_POLICY)),
        (header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=31536000, immutable")),
    ];
    Ok((headers, content).into_response())
}
