//! The HTTP application: server-rendered pages (leptos_axum), static files,
//! the health check, and the layers every response passes through (request
//! id, tracing, compression, cache policy).

mod audit;
mod auth;
mod budget;
mod cache;
mod conflicts;
mod cycles;
mod dispositions;
mod error;
mod evidence;
mod headers;
mod health;
mod limit;
mod locks;
mod master;
mod measurements;
mod office_calendar;
mod perjanjian_kinerja;
mod plan_workbook;
mod progress;
pub mod pwa;
mod realisation_workbook;
mod reference;
mod report_chapters;
mod report_files;
mod report_versions;
mod reports;
mod settings;
mod state;
mod sync;

pub use limit::{RateLimiter, SharedLimit};
pub use state::AppState;

use crate::metrics::count_requests;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Request};
use axum::routing::{get, post, put};
use kinerja_app::api::build::BUILD_HEADER;
use kinerja_app::{App, shell};
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// The current time in milliseconds since the epoch, as the domain's events keep it.
pub(crate) fn now_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Answers the request with its id (`x-request-id`) known to the audit rows it writes.
async fn audit_request_id(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let header = request.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let id = header.chars().take(100).collect();
    crate::db::with_request_id(id, next.run(request)).await
}

/// Names this server's build in every API answer (`api::build`), when its
/// site's files are content-hashed.
fn with_build_header(api: Router<AppState>, options: &leptos::config::LeptosOptions) -> Router<AppState> {
    let build = pwa::build_hashes(options).remove("js").and_then(|hash| HeaderValue::from_str(&hash).ok());
    match build {
        Some(value) => {
            api.layer(SetResponseHeaderLayer::overriding(HeaderName::from_static(BUILD_HEADER), value))
        }
        None => api,
    }
}

/// Builds the whole application router.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let leptos = state.leptos.clone();
    let layers = ServiceBuilder::new()
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
            let id = request.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %request.method(), uri = %request.uri(), request_id = %id)
        })
        .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn(cache::apply_policy))
        .layer(axum::middleware::from_fn(audit_request_id));
    let sessions = SessionManagerLayer::new(state.db.clone())
        .with_name("kinerja_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(12)));
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/shell", get(pwa::shell))
        .route("/sw.js", get(pwa::service_worker))
        .nest("/api/v1", with_build_header(api().layer(sessions), &state.leptos))
        .leptos_routes(&state, routes, move || {
            headers::allow_page_nonce();
            shell(leptos.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(|options| {
            headers::allow_page_nonce();
            shell(options)
        }))
        .layer(layers)
        .layer(axum::middleware::from_fn_with_state(state.metrics.clone(), count_requests))
        .layer(axum::middleware::from_fn_with_state(headers::Hsts(state.secure_cookies), headers::apply))
        .with_state(state)
}

/// The JSON API under `/api/v1`, documented in `docs/api.md`.
fn api() -> Router<AppState> {
    Router::new()
        .route("/about", get(health::about))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/auth/me", get(auth::current))
        .route("/auth/password", post(auth::change_password))
        .route("/units", get(master::list_units).post(master::add_unit))
        .route("/users", get(master::list_users).post(master::add_user))
        .route("/users/{id}/active", post(master::set_active))
        .route("/users/{id}/password-reset", post(master::reset_password))
        .route("/indicators", get(master::list_indicators))
        .route("/indicators/{id}", put(master::save_indicator))
        .route("/renstra", get(master::renstra))
        .route("/renstra/period", put(master::save_renstra_period))
        .route("/tujuan/{id}", put(master::save_tujuan))
        .route("/sasaran/{id}", put(master::save_sasaran))
        .route("/plans", get(master::list_plans))
        .route("/plans/{year}", put(master::save_plans))
        .route("/measurements", get(measurements::measurements))
        .route("/reports/{kind}/{year}/{n}", get(reports::report))
        .route(
            "/reports/{kind}/{year}/{n}/versions",
            get(report_versions::list).post(report_versions::regenerate),
        )
        .route("/reports/{kind}/{year}/{n}/versions/{version}", get(report_versions::one))
        .route("/reports/{kind}/{year}/{n}/versions/{version}/approve", post(report_versions::approve))
        .route("/reports/{kind}/{year}/{n}/diff", get(report_versions::compare))
        .route("/reports/{kind}/{year}/{n}/export/{format}", get(report_files::export))
        .route("/reports/{kind}/{year}/{n}/chapters/{key}", put(report_chapters::rewrite))
        .route("/perjanjian-kinerja/{year}", get(perjanjian_kinerja::show))
        .route("/perjanjian-kinerja/{year}/docx", get(perjanjian_kinerja::docx))
        .route("/progress/{quarter}", get(progress::show))
        .route("/progress/{quarter}/xlsx", get(progress::workbook))
        .route("/programs", get(budget::list_programs))
        .route("/programs/{id}", put(budget::save_program))
        .route("/budget", get(budget::table))
        .route("/budget/ceilings/{year}", put(budget::save_ceilings))
        .route("/budget/spending", put(budget::save_spending))
        .route("/sync/push", post(sync::push).layer(DefaultBodyLimit::max(sync::MAX_PUSH_BYTES)))
        .route("/sync/pull", get(sync::pull))
        .route("/reference", get(reference::reference))
        .route("/conflicts", get(conflicts::list))
        .route("/conflicts/{id}/resolve", post(conflicts::resolve))
        .route("/locks", get(locks::list).post(locks::lock))
        .route("/locks/reopen", post(locks::reopen))
        .route("/cycles", get(cycles::board))
        .route("/cycles/{period}/actions", post(cycles::act))
        .route("/sop-steps", get(cycles::steps))
        .route("/sop-steps/{number}", put(cycles::save_step))
        .route("/office-calendar", get(office_calendar::show).put(office_calendar::save))
        .route("/settings/letterhead", get(settings::letterhead).put(settings::save_letterhead))
        .route("/settings/policy", get(settings::policy).put(settings::save_policy))
        .route(
            "/settings/logo",
            put(settings::save_logo)
                .delete(settings::remove_logo)
                .layer(DefaultBodyLimit::max(settings::MAX_LOGO_BYTES)),
        )
        .route("/settings/logo/{sha256}", get(settings::logo_file))
        .route("/inbox", get(cycles::inbox))
        .route("/dispositions", get(dispositions::list).post(dispositions::issue))
        .route("/dispositions/{id}", get(dispositions::one))
        .route("/dispositions/{id}/sign", post(dispositions::sign))
        .route("/people", get(dispositions::people))
        .route(
            "/evidence/{sha256}",
            get(evidence::download)
                .put(evidence::upload)
                .layer(DefaultBodyLimit::max(evidence::MAX_EVIDENCE_BYTES)),
        )
        .route("/audit", get(audit::list))
        .route("/audit.csv", get(audit::csv))
        .route("/templates/plans.xlsx", get(plan_workbook::template))
        .route("/templates/realisations.xlsx", get(realisation_workbook::template))
        .route("/exports/plans.xlsx", get(plan_workbook::export))
        .route(
            "/imports/plans",
            post(plan_workbook::import).layer(DefaultBodyLimit::max(plan_workbook::MAX_WORKBOOK_BYTES)),
        )
        .route(
            "/imports/realisations",
            post(realisation_workbook::import)
                .layer(DefaultBodyLimit::max(plan_workbook::MAX_WORKBOOK_BYTES)),
        )
        .fallback(|| async {
            error::ApiError::new(axum::http::StatusCode::NOT_FOUND, "not_found", "no such API endpoint")
        })
}
