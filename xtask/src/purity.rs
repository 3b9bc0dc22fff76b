//! The core crate's purity, checked by `cargo xtask test`: `kinerja-core`
//! holds the rules and must run anywhere — natively in tests and the
//! server, in the browser, in a future PostgreSQL backend — so no UI, web,
//! runtime or database crate may enter its dependency tree (normal and
//! build dependencies; its tests may use anything).

use crate::process::{Result, command, output};

/// Crate name stems that do not belong in the core: the UI, the browser's
/// bindings, the async runtime and HTTP stack, the database.
const FORBIDDEN: [&str; 14] = [
    "leptos",
    "web-sys",
    "js-sys",
    "wasm-bindgen",
    "gloo",
    "rexie",
    "idb",
    "tokio",
    "axum",
    "hyper",
    "tower",
    "reqwest",
    "sqlx",
    "rusqlite",
];

/// Fails, naming them, when a forbidden crate is in the core's dependency tree.
pub fn check() -> Result {
    let tree = output(command("cargo").args([
        "tree",
        "-p",
        "kinerja-core",
        "-e",
        "normal,build",
        "--prefix",
        "none",
        "--format",
        "{p}",
    ]))
    .ok_or("cannot list kinerja-core's dependencies (cargo tree)")?;
    let found = impure(&tree);
    if found.is_empty() {
        return Ok(());
    }
    Err(format!("kinerja-core depends on crates it must not: {}", found.join(", ")))
}

/// The forbidden crates named in a `cargo tree --prefix none` listing.
fn impure(tree: &str) -> Vec<String> {
    let mut found: Vec<String> = tree
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| {
            FORBIDDEN.iter().any(|stem| {
                *name == *stem || name.strip_prefix(stem).is_some_and(|rest| rest.starts_with(['-', '_']))
            })
        })
        .map(str::to_owned)
        .collect();
    found.sort();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::impure;

    #[test]
    fn ui_web_and_database_crates_are_named_and_the_rest_pass() {
        let tree = "kinerja-core v0.1.0\nserde v1.0.229\nleptos_router v0.8.17\nweb-sys v0.3.83\nsqlx-core v0.8.6\n\
                    time v0.3.55\ntokio v1.48.0\nidna v1.1.0\nleptos_router v0.8.17 (*)\n";
        assert_eq!(impure(tree), ["leptos_router", "sqlx-core", "tokio", "web-sys"]);
        assert!(impure("kinerja-core v0.1.0\nrust_decimal v1.43.0\nuuid v1.29.3\n").is_empty());
    }
}
