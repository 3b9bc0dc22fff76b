//! What makes Kinerja installable and usable offline (`docs/architecture.md`,
//! "Offline start"): `/shell`, the document head with an empty body that the
//! browser mounts the app into when the network is gone, and `/sw.js`, the
//! service worker, rendered with this build's precache list and a version
//! that changes whenever the build or the shell does. The web manifest is a
//! static file (`public/manifest.webmanifest`).

use super::AppState;
use super::cache::REVALIDATE;
use super::headers::{app_policy, inline_script_hashes};
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use leptos::prelude::{LeptosOptions, Owner, RenderHtml};
use sha2::{Digest, Sha256};

const WORKER: &str = include_str!("sw.js");

/// The static files every offline start needs besides the build's own.
const STATIC: [&str; 7] = [
    "/manifest.webmanifest",
    "/icon.svg",
    "/icon-192.png",
    "/icon-512.png",
    "/icon-maskable-512.png",
    "/apple-touch-icon.png",
    "/sw-register.js",
];

/// Where the hash file is: beside the running binary, as Leptos reads it.
pub fn hash_file_path(options: &LeptosOptions) -> Option<std::path::PathBuf> {
    let exe = std::env::current_exe().ok()?;
    Some(exe.parent()?.join(options.hash_file.as_ref()))
}

/// The hash file's lines (`js`, `wasm`, `css`, …) by kind; none when the
/// build does not hash its files or the file is missing.
pub fn build_hashes(options: &LeptosOptions) -> std::collections::HashMap<String, String> {
    let mut hashes = std::collections::HashMap::new();
    if options.hash_files {
        let text =
            hash_file_path(options).and_then(|path| std::fs::read_to_string(path).ok()).unwrap_or_default();
        for line in text.lines() {
            if let Some((kind, hash)) = line.split_once(':') {
                hashes.insert(kind.trim().to_owned(), hash.trim().to_owned());
            }
        }
    }
    hashes
}

/// The build's file names under `/pkg` (hashed when the build hashes them).
fn build_files(options: &LeptosOptions) -> Vec<String> {
    let name = options.output_name.to_string();
    let pkg = options.site_pkg_dir.to_string();
    let hashes = build_hashes(options);
    let file = |kind: &str, plain: String| match hashes.get(kind) {
        Some(hash) => format!("/{pkg}/{name}.{hash}.{kind}"),
        None => format!("/{pkg}/{plain}"),
    };
    let mut files = vec![
        file("js", format!("{name}.js")),
        file("wasm", format!("{name}_bg.wasm")),
        file("css", format!("{name}.css")),
    ];
    let chunks: Vec<String> = split_files(options).into_iter().filter(|path| !files.contains(path)).collect();
    files.extend(chunks);
    files
}

/// The split build's page chunks and their loader, as found in the site's
/// `pkg` directory (type declarations left out), so that every page opens
/// offline, not only those visited while online.
fn split_files(options: &LeptosOptions) -> Vec<String> {
    let pkg = options.site_pkg_dir.to_string();
    let dir = std::path::Path::new(options.site_root.as_ref()).join(&pkg);
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut names: Vec<String> = entries
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.starts_with("__wasm_split") || name.ends_with(".wasm"))
        .map(|name| format!("/{pkg}/{name}"))
        .collect();
    names.sort();
    names
}

fn shell_html(options: &LeptosOptions) -> String {
    let options = options.clone();
    Owner::new().with(|| kinerja_app::app_shell(options).to_html())
}

/// `GET /shell`, with a policy allowing its inline start script by hash
/// (the worker replays these headers with the page when offline).
pub async fn shell(State(state): State<AppState>) -> Response {
    let html = shell_html(&state.leptos);
    let policy = app_policy(&inline_script_hashes(&html));
    ([(header::CONTENT_SECURITY_POLICY, policy)], Html(html)).into_response()
}

/// The service worker for this build.
pub fn worker_script(options: &LeptosOptions) -> String {
    let mut precache = vec!["/shell".to_owned()];
    precache.extend(build_files(options));
    precache.extend(STATIC.iter().map(|path| (*path).to_owned()));
    let mut digest = Sha256::new();
    for path in &precache {
        digest.update(path.as_bytes());
    }
    digest.update(shell_html(options).as_bytes());
    digest.update(WORKER.as_bytes());
    let version: String = digest.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect();
    let list = serde_json::to_string(&precache).unwrap_or_default();
    WORKER.replace("__VERSION__", &format!("kinerja-{version}")).replace("__PRECACHE__", &list)
}

pub async fn service_worker(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, REVALIDATE)],
        worker_script(&state.leptos),
    )
        .into_response()
}
