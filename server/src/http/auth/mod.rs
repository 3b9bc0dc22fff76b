//! Signing in and out, the signed-in user of a request (`extract`), the
//! units a user's requests are confined to (`scope`), and password
//! changes. Sessions are tower-sessions cookies (HttpOnly, SameSite=Lax,
//! Secure when configured) stored in the database; a user flagged to change
//! the password can do nothing else until it is changed.

mod extract;
mod scope;

pub use extract::{Admin, AnyAuth, Auth, ClientAddr};

use extract::signed_in_user;

use super::AppState;
use super::error::{ApiError, Body};
use crate::db::{USER_KEY, User};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kinerja_core::api::{Credentials, Me, PasswordChange};
use kinerja_core::domain::validate::Problem;
use tower_sessions::Session;

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
    let message = "too many failed sign-ins; wait and try again";
    if let Err(wait) = state.address_limiter.take(&address).await {
        return ApiError::too_many("too_many_attempts", wait, message).into_response();
    }
    if let Err(wait) = state.login_limiter.take(&creds.username).await {
        state.address_limiter.give_back(&address).await;
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
    state.login_limiter.clear(&creds.username).await;
    state.address_limiter.give_back(&address).await;
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
    if let Err(wait) = state.password_limiter.take(&auth.user.id).await {
        return Err(ApiError::too_many(
            "too_many_attempts",
            wait,
            "too many password changes; wait and try again",
        ));
    }
    state.db.change_password(&auth.user.id, &change.current_password, &change.new_password).await?;
    state.password_limiter.give_back(&auth.user.id).await;
    auth.session.cycle_id().await.map_err(ApiError::internal)?;
    auth.session.insert(USER_KEY, &auth.user.id).await.map_err(ApiError::internal)?;
    let user = state.db.user(&auth.user.id).await?.ok_or_else(ApiError::unauthenticated)?;
    Ok(Json(me(&user)))
}
