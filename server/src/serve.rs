//! Starting and stopping: logging, the database, the listener, and a
//! graceful shutdown on Ctrl-C or SIGTERM that lets open requests finish
//! (bounded by the grace period) and closes the database cleanly.

use crate::config::{Config, LogFormat};
use crate::db;
use crate::http::{AppState, RateLimiter, SharedLimit, router};
use crate::metrics;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;
use std::time::Duration;

/// Why the server could not start or stopped badly.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Database(#[from] db::DbError),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: std::net::SocketAddr, source: std::io::Error },
    #[error(transparent)]
    Owner(#[from] db::OwnerError),
    #[error(transparent)]
    Postgres(#[from] db::PostgresError),
    #[error("{0}")]
    Site(String),
    #[error("cannot prepare the database: {0}")]
    Prepare(#[from] db::WriteError),
    #[error(
        "the database in {0} holds the demo agency, whose accounts share a published password; \
         start with --demo to use it, or give --data-dir a directory for production data"
    )]
    DemoDatabase(std::path::PathBuf),
    #[error("the server stopped with an error: {0}")]
    Io(#[from] std::io::Error),
}

/// Installs the tracing subscriber for `config.log`.
pub fn init_logging(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_new(&config.log)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let lines = tracing_subscriber::fmt().with_env_filter(filter).with_target(false);
    match config.log_format {
        LogFormat::Text => lines.init(),
        LogFormat::Json => lines.json().with_current_span(true).init(),
    }
}

/// The Leptos settings for the built site under `config.site_root`. The
/// build files' names carry their hashes when the site's build wrote `hash.txt`
/// beside this binary (a release build); a binary built by plain cargo (the
/// integration tests) names them without.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    let hashed = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt").exists()))
        .unwrap_or(false);
    LeptosOptions::builder()
        .output_name("kinerja")
        .site_root(config.site_root().to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .hash_files(hashed)
        .build()
}

/// Why the pages would load no app, if they would not: the site's files are
/// hashed but this binary has no `hash.txt` to name them (it would link
/// `kinerja.js`, which does not exist), or `hash.txt` names files the site
/// does not hold (a hash file from another build). A site with no build
/// files at all (the integration tests' binary) is served as it is.
pub fn site_problem(options: &LeptosOptions) -> Option<String> {
    let pkg = std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let names: Vec<String> = std::fs::read_dir(&pkg)
        .map(|entries| entries.filter_map(|e| e.ok()?.file_name().into_string().ok()).collect())
        .unwrap_or_default();
    let name = options.output_name.as_ref();
    let hashed_js = |file: &String| {
        file.starts_with(&format!("{name}.")) && file.ends_with(".js") && *file != format!("{name}.js")
    };
    let beside = crate::http::pwa::hash_file_path(options)
        .map_or_else(|| options.hash_file.to_string(), |path| path.display().to_string());
    if !options.hash_files {
        return names.iter().any(hashed_js).then(|| {
            format!(
                "the site in {} has hashed file names but there is no {beside}: \
                 put the hash.txt built with the site beside this binary",
                pkg.display()
            )
        });
    }
    let js = crate::http::pwa::build_hashes(options).remove("js").unwrap_or_default();
    let expected = format!("{name}.{js}.js");
    (!names.contains(&expected)).then(|| {
        format!(
            "{beside} names {expected}, which the site in {} does not hold: \
             the hash file and the site come from different builds",
            pkg.display()
        )
    })
}

/// Seeds the demo agency when asked; otherwise makes sure an administrator
/// exists, creating `admin` with a one-time password (printed once, to be
/// changed at first sign-in) in a database that has no users yet.
pub async fn prepare(db: &db::Db, demo: bool) -> Result<(), ServeError> {
    if demo {
        let today = time::OffsetDateTime::now_utc().date();
        if crate::demo::seed(db, today).await? {
            tracing::info!(
                password = crate::demo::DEMO_PASSWORD,
                "seeded the demo agency; every demo user has this password"
            );
        }
        return Ok(());
    }
    if db.users().await.map_err(db::WriteError::from)?.is_empty() {
        let password = db.add_administrator("admin", None).await?;
        eprintln!(
            "kinerja-server: created user `admin` with the one-time password {password} (change it at first sign-in)"
        );
    }
    Ok(())
}

/// Runs the server until a shutdown signal.
pub async fn run(config: Config) -> Result<(), ServeError> {
    // SQLite: this process owns the data directory. PostgreSQL: instances
    // share the database, and its own locks keep writes one at a time.
    let (db, _owner) = match &config.database_url {
        Some(url) => (db::open_postgres(url).await?, None),
        None => {
            std::fs::create_dir_all(&config.data_dir)
                .map_err(|source| db::DbError::CreateDir { path: config.data_dir.clone(), source })?;
            let owner = db::own(&config.data_dir)?;
            (db::open(&config.data_dir).await?, Some(owner))
        }
    };
    if !config.demo && db.is_demo().await.map_err(db::WriteError::from)? {
        db.close().await;
        return Err(ServeError::DemoDatabase(config.data_dir.clone()));
    }
    prepare(&db, config.demo).await?;
    spawn_session_purge(db.clone());
    if db.backend() == db::Backend::Postgres {
        tracing::info!(
            "PostgreSQL is backed up with its own tools (pg_dump, base backups); no file backups are taken"
        );
    } else if !config.backup_every.is_zero() {
        let file = config.data_dir.join(db::DB_FILE);
        crate::scheduled_backups::spawn(
            file,
            config.backup_dir(),
            config.backup_every,
            config.backup_keep as usize,
        );
    }
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| ServeError::Bind { addr: config.addr, source })?;
    let options = leptos_options(&config);
    if let Some(problem) = site_problem(&options) {
        db.close().await;
        return Err(ServeError::Site(problem));
    }
    let mut state = AppState::new(options, db.clone(), config.secure_cookies, config.demo);
    state.trusted_proxies = Arc::new(config.trusted_proxies.clone());
    state.push_limiter =
        Arc::new(SharedLimit::new("push", RateLimiter::pushes(config.pushes_per_minute), &db));
    state.metrics.spawn_upkeep();
    if let Some(addr) = config.metrics_addr {
        let listener =
            tokio::net::TcpListener::bind(addr).await.map_err(|source| ServeError::Bind { addr, source })?;
        let sources = metrics::Sources {
            metrics: state.metrics.clone(),
            db: db.clone(),
            data_dir: config.data_dir.clone(),
            backup_dir: config.backup_dir(),
        };
        tracing::info!(addr = %listener.local_addr()?, "metrics are served at /metrics");
        tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, metrics::router(sources)).await {
                tracing::error!(%error, "the metrics listener stopped");
            }
        });
    }
    tracing::info!(addr = %listener.local_addr()?, data_dir = %config.data_dir.display(), "Kinerja is listening");
    let grace = Duration::from_secs(config.shutdown_grace);
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        shutdown_signal().await;
        let _ = stop_tx.send(true);
    });
    let stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|stop| *stop).await;
    };
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let server = axum::serve(listener, app).with_graceful_shutdown(stopped(stop_rx.clone()));
    let outcome = tokio::select! {
        outcome = server => outcome,
        () = async { stopped(stop_rx).await; tokio::time::sleep(grace).await } => {
            tracing::warn!("open requests did not finish within the grace period");
            Ok(())
        }
    };
    db.close().await;
    tracing::info!("Kinerja stopped");
    Ok(outcome?)
}

/// How often expired sessions are deleted (also once at start).
const SESSION_PURGE_EVERY: Duration = Duration::from_secs(10 * 60);

/// How long the shared rate limits' events are kept: longer than any window.
const RATE_EVENTS_KEPT: Duration = Duration::from_secs(60 * 60);

/// Deletes expired sessions now and then, so the table holds only live
/// ones, and on PostgreSQL the rate limits' old events.
fn spawn_session_purge(db: db::Db) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(SESSION_PURGE_EVERY);
        loop {
            every.tick().await;
            match db.purge_expired_sessions().await {
                Ok(0) => {}
                Ok(purged) => tracing::info!(purged, "deleted expired sessions"),
                Err(error) => tracing::warn!(%error, "cannot delete expired sessions"),
            }
            if db.backend() == db::Backend::Postgres
                && let Err(error) = db.purge_rate_events(RATE_EVENTS_KEPT).await
            {
                tracing::warn!(%error, "cannot delete old rate-limit events");
            }
        }
    });
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received");
}
