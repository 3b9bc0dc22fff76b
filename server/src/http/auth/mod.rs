//! Signing in and out, the signed-in user of a request, and password
//! changes. Sessions are tower-sessions cookies (HttpOnly, SameSite=Lax,
//! Secure when configured) stored in the database; a user flagged to change
//! the password can do nothing else until it is changed.

use super::AppState;
use super::error::{ApiError, Body};
use crate::db::{USER_KEY, User};
use axum::Json;
use axum::extract::{ConnectInfo, FromRef, FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use kinerja_core::api::{Credentials, Me, PasswordChange};
use kinerja_core::domain::org::Actor;
use kinerja_core::domain::validate::Problem;
use std::net::SocketAddr;
use std::time::Instant;
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
async fn signed_in_user(state: &AppState, session: &Session) -> Result<Option<User>, ApiError> {
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
/// peer is this machine (a reverse proxy in front) — the last address the
/// proxy added to `X-Forwarded-For`.
pub struct ClientAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
        let forwarded = || {
            let header = parts.headers.get_all("x-forwarded-for").iter().next_back()?.to_str().ok()?;
            Some(header.rsplit(',').next()?.trim().to_owned()).filter(|addr| !addr.is_empty())
        };
        let address = match peer {
            Some(ip) if ip.is_loopback() => forwarded().unwrap_or_else(|| ip.to_string()),
            Some(ip) => ip.to_string(),
            None => "unknown".to_owned(),
        };
        Ok(ClientAddr(address.chars().take(64).collect()))
    }
}

fn me(user: &User) -> Me {
    Me {
        id: user.id.clone(),
        username: user.username.clone(),
        full_name: user.full_name.clone(),
        role: user.role,
        unit_id: user.unit_id.clone(),
        must_change_password: user.must_change_password,
    }
}

/// The longest user name a sign-in may name (user names are codes, far shorter).
pub const USERNAME_MAX: usize = 64;

/// `POST /api/v1/auth/login`. A failure slot of the user name and of the
/// client address is taken before the (slow) password check and given back
/// only when the sign-in succeeds, so parallel guesses are counted too.
pub async fn login(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    session: Session,
    Body(creds): Body<Credentials>,
) -> Response {
    if creds.username.chars().count() > USERNAME_MAX {
        return ApiError::invalid_field("username", Problem::TooLong).into_response();
    }
    let now = Instant::now();
    let message = "too many failed sign-ins; wait and try again";
    if let Err(wait) = state.address_limiter.take(&address, now) {
        return ApiError::too_many("too_many_attempts", wait, message).into_response();
    }
    if let Err(wait) = state.login_limiter.take(&creds.username, now) {
        state.address_limiter.give_back(&address);
        return ApiError::too_many("too_many_attempts", wait, message).into_response();
    }
    let user = match state.db.authenticate(&creds.username, &creds.password).await {
        Ok(Some(user)) => user,
        Ok(None) => {
            return ApiError::new(
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
                "wrong user name or password",
            )
            .into_response();
        }
        Err(error) => return ApiError::from(error).into_response(),
    };
    state.login_limiter.clear(&creds.username);
    state.address_limiter.give_back(&address);
    let signed_in = async {
        session.cycle_id().await?;
        session.insert(USER_KEY, &user.id).await
    };
    match signed_in.await {
        Ok(()) => Json(me(&user)).into_response(),
        Err(error) => ApiError::internal(error).into_response(),
    }
}

/// `POST /api/v1/auth/logout`
pub async fn logout(session: Session) -> Result<StatusCode, ApiError> {
    session.flush().await.map_err(ApiError::internal)?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/auth/me`: the signed-in user, or `null` for nobody (an
/// answer, not an error: asking is how the interface learns it).
pub async fn current(State(state): State<AppState>, session: Session) -> Result<Json<Option<Me>>, ApiError> {
    Ok(Json(signed_in_user(&state, &session).await?.as_ref().map(me)))
}

/// `POST /api/v1/auth/password`: ends the user's other sessions and keeps this one.
pub async fn change_password(
    State(state): State<AppState>,
    AnyAuth(auth): AnyAuth,
    Body(change): Body<PasswordChange>,
) -> Result<Json<Me>, ApiError> {
    if let Err(wait) = state.password_limiter.take(&auth.user.id, Instant::now()) {
        return Err(ApiError::too_many(
            "too_many_attempts",
            wait,
            "too many password changes; wait and try again",
        ));
    }
    state.db.change_password(&auth.user.id, &change.current_password, &change.new_password).await?;
    state.password_limiter.give_back(&auth.user.id);
    auth.session.cycle_id().await.map_err(ApiError::internal)?;
    auth.session.insert(USER_KEY, &auth.user.id).await.map_err(ApiError::internal)?;
    let user = state.db.user(&auth.user.id).await?.ok_or_else(ApiError::unauthenticated)?;
    Ok(Json(me(&user)))
}
