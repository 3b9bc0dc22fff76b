//! `GET /healthz`: 200 with the database's identity when it answers a query,
//! 503 when it does not — for monitoring and for scripts waiting on a start.
//! `GET /api/v1/about`: what the interface shows about the server (demo mode).

use super::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;

#[derive(Serialize)]
pub struct Health {
    status: &'static str,
    database: &'static str,
    instance_id: String,
    schema_version: i64,
    version: &'static str,
}

pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let ok = state.db.ping().await.is_ok();
    if !ok {
        tracing::error!("health check: the database does not answer");
    }
    let health = Health {
        status: if ok { "ok" } else { "unavailable" },
        database: if ok { "ok" } else { "error" },
        instance_id: state.db.instance_id().to_owned(),
        schema_version: state.db.schema_version(),
        version: env!("CARGO_PKG_VERSION"),
    };
    let code = if ok { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (code, Json(health))
}

pub async fn about(State(state): State<AppState>) -> Json<kinerja_core::api::About> {
    Json(kinerja_core::api::About { demo: state.demo, version: env!("CARGO_PKG_VERSION").to_owned() })
}
