//! What every handler can reach: the database, the rate limits, the
//! Leptos options and the server's switches and figures.

use super::{RateLimiter, SharedLimit};
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
    pub login_limiter: Arc<SharedLimit>,
    /// Failed sign-ins per client address.
    pub address_limiter: Arc<SharedLimit>,
    /// Password change attempts per user.
    pub password_limiter: Arc<SharedLimit>,
    /// Sync pushes per session.
    pub push_limiter: Arc<SharedLimit>,
    /// Reverse proxies on other machines whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Arc<Vec<std::net::IpAddr>>,
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
            login_limiter: Arc::new(SharedLimit::new("sign_in", RateLimiter::sign_in(), &db)),
            address_limiter: Arc::new(SharedLimit::new(
                "sign_in_address",
                RateLimiter::sign_in_per_address(),
                &db,
            )),
            password_limiter: Arc::new(SharedLimit::new("password", RateLimiter::password_change(), &db)),
            push_limiter: Arc::new(SharedLimit::new("push", RateLimiter::pushes(120), &db)),
            db,
            trusted_proxies: Arc::default(),
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
