//! What every handler can reach: the database, the in-memory limits, the
//! Leptos options and the server's switches and figures.

use super::RateLimiter;
use crate::db::Db;
use crate::metrics::Metrics;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    pub leptos: LeptosOptions,
    pub db: Db,
    /// Failed sign-ins per user name.
    pub login_limiter: Arc<RateLimiter>,
    /// Failed sign-ins per client address.
    pub address_limiter: Arc<RateLimiter>,
    /// Password change attempts per user.
    pub password_limiter: Arc<RateLimiter>,
    /// Sync pushes per session.
    pub push_limiter: Arc<RateLimiter>,
    /// Whether the session cookie is marked `Secure`.
    pub secure_cookies: bool,
    /// Whether the server runs with the demo agency.
    pub demo: bool,
    /// This server's figures for `/metrics`.
    pub metrics: Arc<Metrics>,
}

impl AppState {
    pub fn new(leptos: LeptosOptions, db: Db, secure_cookies: bool, demo: bool) -> AppState {
        AppState {
            leptos,
            db,
            login_limiter: Arc::new(RateLimiter::sign_in()),
            address_limiter: Arc::new(RateLimiter::sign_in_per_address()),
            password_limiter: Arc::new(RateLimiter::password_change()),
            push_limiter: Arc::new(RateLimiter::new(120, std::time::Duration::from_secs(60))),
            secure_cookies,
            demo,
            metrics: Arc::new(Metrics::default()),
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
