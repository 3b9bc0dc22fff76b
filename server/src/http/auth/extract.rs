//! The extractors that say who sends a request: `Auth` (a signed-in user
//! whose password is not due for a change), `AnyAuth`, `Admin` (refused
//! before the body is read) and `ClientAddr` (for per-address limits).

use crate::db::{USER_KEY, User};
use crate::http::AppState;
use crate::http::error::ApiError;
use axum::extract::{ConnectInfo, FromRef, FromRequestParts};
use axum::http::StatusCode;
use axum::http::request::Parts;
use kinerja_core::domain::org::Actor;
use std::net::{IpAddr, SocketAddr};
use tower_sessions::Session;

/// The signed-in user of a request, whose password is not due for a change.
pub struct Auth {
    pub user: User,
    pub session: Session,
}

/// The signed-in user, even one who must still change the password.
pub struct AnyAuth(pub Auth);

/// A signed-in administrator; anyone else is refused before the request
/// body is even read.
pub struct Admin(pub Auth);

impl Auth {
    pub fn actor(&self) -> Actor {
        Actor { user_id: self.user.id.clone(), role: self.user.role, unit_id: self.user.unit_id.clone() }
    }
}

impl<S> FromRequestParts<S> for Admin
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let auth = Auth::from_request_parts(parts, state).await?;
        if auth.user.role.manages_master_data() {
            Ok(Admin(auth))
        } else {
            Err(ApiError::forbidden("manage master data"))
        }
    }
}

impl<S> FromRequestParts<S> for AnyAuth
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let state = AppState::from_ref(state);
        let session = Session::from_request_parts(parts, &state)
            .await
            .map_err(|(_, message)| ApiError::internal(message))?;
        let user = signed_in_user(&state, &session).await?.ok_or_else(ApiError::unauthenticated)?;
        Ok(AnyAuth(Auth { user, session }))
    }
}

/// The active user the session belongs to, if any.
pub(super) async fn signed_in_user(state: &AppState, session: &Session) -> Result<Option<User>, ApiError> {
    let user_id: Option<String> = session.get(USER_KEY).await.map_err(ApiError::internal)?;
    let Some(user_id) = user_id else {
        return Ok(None);
    };
    Ok(state.db.user(&user_id).await?.filter(|user| user.active))
}

impl<S> FromRequestParts<S> for Auth
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let AnyAuth(auth) = AnyAuth::from_request_parts(parts, state).await?;
        if auth.user.must_change_password {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "password_change_required",
                "change your password before anything else",
            ));
        }
        Ok(auth)
    }
}

/// The client's address, for per-address limits: the peer's, or — when the
/// peer is a reverse proxy (this machine, or one named by
/// `--trusted-proxy`) — the last address the proxy added to
/// `X-Forwarded-For`.
pub struct ClientAddr(pub String);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
        let forwarded =
            parts.headers.get_all("x-forwarded-for").iter().next_back().and_then(|h| h.to_str().ok());
        Ok(ClientAddr(client_address(peer, forwarded, &state.trusted_proxies)))
    }
}

/// The address `ClientAddr` names, from the peer and the last
/// `X-Forwarded-For` header, trusted only from a proxy.
fn client_address(peer: Option<IpAddr>, forwarded: Option<&str>, trusted: &[IpAddr]) -> String {
    let named = || Some(forwarded?.rsplit(',').next()?.trim().to_owned()).filter(|addr| !addr.is_empty());
    let address = match peer {
        Some(ip) if ip.is_loopback() || trusted.contains(&ip) => named().unwrap_or_else(|| ip.to_string()),
        Some(ip) => ip.to_string(),
        None => "unknown".to_owned(),
    };
    address.chars().take(64).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_forwarded_address_counts_only_from_a_proxy() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let proxy = ip("10.0.0.5");
        let header = Some("203.0.113.9, 198.51.100.7");
        assert_eq!(
            client_address(Some(ip("127.0.0.1")), header, &[]),
            "198.51.100.7",
            "a proxy on this machine"
        );
        assert_eq!(client_address(Some(proxy), header, &[]), "10.0.0.5", "an untrusted peer names itself");
        assert_eq!(
            client_address(Some(proxy), header, &[proxy]),
            "198.51.100.7",
            "a trusted proxy elsewhere"
        );
        assert_eq!(client_address(Some(proxy), None, &[proxy]), "10.0.0.5");
        assert_eq!(client_address(None, header, &[proxy]), "unknown");
    }
}
