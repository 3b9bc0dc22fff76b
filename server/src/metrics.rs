//! What the IT officer's monitoring scrapes: `GET /metrics` in the
//! Prometheus text format, served on a listener of its own
//! (`--metrics-addr`, off by default) so that the reverse proxy in front of
//! the app never exposes it. Counters and the push latency histogram are
//! recorded as requests run, into this server's own recorder (never a
//! process-wide one, so servers in one process keep their own figures);
//! what describes state — open conflicts, database and WAL size, the age of
//! the newest scheduled backup — is read when scraped.

use crate::db::Db;
use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::header::{CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics::{Unit, counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle, PrometheusRecorder};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub const REQUESTS: &str = "kinerja_http_requests_total";
pub const PUSHES: &str = "kinerja_sync_pushes_total";
pub const OPS: &str = "kinerja_sync_ops_total";
pub const PUSH_SECONDS: &str = "kinerja_sync_push_duration_seconds";
pub const CONFLICTS_OPEN: &str = "kinerja_conflicts_open";
pub const DATABASE_BYTES: &str = "kinerja_database_bytes";
pub const WAL_BYTES: &str = "kinerja_database_wal_bytes";
pub const BACKUP_AGE: &str = "kinerja_last_backup_age_seconds";

/// Upper bounds of the push latency buckets, in seconds: a push of a few
/// ops takes milliseconds, 500 ops behind a queue of writers a few seconds.
const PUSH_BUCKETS: [f64; 12] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];

/// How often histogram samples are folded into their buckets (also before every scrape).
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

/// The route label of a request no route matched (static files, unknown paths):
/// one label for all of them, so that probing paths cannot grow the series.
const UNMATCHED: &str = "other";

/// One server's figures.
#[derive(Debug)]
pub struct Metrics {
    recorder: PrometheusRecorder,
    handle: PrometheusHandle,
}

impl Default for Metrics {
    fn default() -> Metrics {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(PUSH_SECONDS.to_owned()), &PUSH_BUCKETS)
            .expect("the push buckets are not empty")
            .build_recorder();
        let handle = recorder.handle();
        let metrics = Metrics { recorder, handle };
        metrics.record(|| {
            describe_counter!(REQUESTS, "HTTP requests answered, by matched route and status");
            describe_counter!(PUSHES, "Sync pushes, by outcome: answered, or the refusal's code");
            describe_counter!(OPS, "Ops in answered pushes, by the answer's code");
            describe_histogram!(PUSH_SECONDS, Unit::Seconds, "Time to answer an accepted push");
            describe_gauge!(CONFLICTS_OPEN, "Conflicts waiting for a person to resolve them");
            describe_gauge!(
                DATABASE_BYTES,
                Unit::Bytes,
                "Size of the database (the SQLite file, or the PostgreSQL database)"
            );
            describe_gauge!(
                WAL_BYTES,
                Unit::Bytes,
                "Size of the write-ahead log (SQLite's file, or PostgreSQL's WAL directory)"
            );
            describe_gauge!(
                BACKUP_AGE,
                Unit::Seconds,
                "Age of the newest scheduled backup (absent: none yet)"
            );
        });
        metrics
    }
}

impl Metrics {
    fn record<T>(&self, f: impl FnOnce() -> T) -> T {
        metrics::with_local_recorder(&self.recorder, f)
    }

    /// Counts one answered request.
    pub fn request(&self, route: &str, status: u16) {
        self.record(|| {
            counter!(REQUESTS, "route" => route.to_owned(), "status" => status.to_string()).increment(1)
        });
    }

    /// Counts a push refused before its ops were decided (`code`: rate limit, envelope, database).
    pub fn push_refused(&self, code: &str) {
        self.record(|| counter!(PUSHES, "outcome" => code.to_owned()).increment(1));
    }

    /// Counts an answered push: its latency and each op by its answer's code.
    pub fn push_answered<'a>(&self, took: Duration, codes: impl Iterator<Item = &'a str>) {
        self.record(|| {
            counter!(PUSHES, "outcome" => "answered").increment(1);
            histogram!(PUSH_SECONDS).record(took.as_secs_f64());
            for code in codes {
                counter!(OPS, "outcome" => code.to_owned()).increment(1);
            }
        });
    }

    /// The text a scrape gets, with the state gauges read now.
    async fn render(&self, sources: &Sources) -> String {
        let conflicts = sources.db.open_conflict_count().await;
        let (database, wal) = sources.db.storage_bytes(&sources.data_dir).await;
        let backup_age = crate::scheduled_backups::newest_age(&sources.backup_dir);
        self.record(|| {
            match conflicts {
                Ok(open) => gauge!(CONFLICTS_OPEN).set(open as f64),
                Err(error) => tracing::warn!(%error, "metrics: cannot count open conflicts"),
            }
            gauge!(DATABASE_BYTES).set(database as f64);
            if let Some(wal) = wal {
                gauge!(WAL_BYTES).set(wal as f64);
            }
            if let Some(age) = backup_age {
                gauge!(BACKUP_AGE).set(age.as_secs_f64());
            }
        });
        self.handle.run_upkeep();
        self.handle.render()
    }

    /// Folds histogram samples into buckets now and then, so that memory
    /// stays bounded when nothing scrapes.
    pub fn spawn_upkeep(self: &Arc<Self>) {
        let handle = self.handle.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(UPKEEP_EVERY);
            loop {
                every.tick().await;
                handle.run_upkeep();
            }
        });
    }
}

/// Counts every request by the route it matched (its pattern, never the raw
/// path) and the status answered.
pub async fn count_requests(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map(|path| path.as_str().to_owned());
    let response = next.run(request).await;
    metrics.request(route.as_deref().unwrap_or(UNMATCHED), response.status().as_u16());
    response
}

/// Where the scrape-time gauges are read from.
#[derive(Clone, Debug)]
pub struct Sources {
    pub metrics: Arc<Metrics>,
    pub db: Db,
    pub data_dir: PathBuf,
    pub backup_dir: PathBuf,
}

/// The metrics listener's whole application: `GET /metrics` and nothing else.
pub fn router(sources: Sources) -> Router {
    Router::new().route("/metrics", get(scrape)).with_state(sources)
}

async fn scrape(State(sources): State<Sources>) -> impl IntoResponse {
    let text = sources.metrics.render(&sources).await;
    ([(CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8"), (X_CONTENT_TYPE_OPTIONS, "nosniff")], text)
}
