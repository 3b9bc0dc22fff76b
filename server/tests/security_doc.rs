//! `docs/security.md` lists every route of the router with who may call it
//! and the test of its refusals: this test reads the router's source and
//! the document, and fails for a route the document does not list (or one it
//! lists that no longer exists).

use std::collections::BTreeSet;

/// `METHOD /path` for every `.route(…)` of the router, with `/api/v1`
/// before the API's own paths.
fn routes_of_router() -> BTreeSet<String> {
    let source = include_str!("../src/http/mod.rs");
    let api_starts = source.find("fn api()").expect("the API router");
    let mut routes = BTreeSet::new();
    for (at, _) in source.match_indices(".route(") {
        let rest = &source[at + ".route(".len()..];
        let path = rest.split('"').nth(1).expect("a route's path");
        let mut depth = 1;
        let end = rest
            .char_indices()
            .find(|&(_, c)| {
                depth += match c {
                    '(' => 1,
                    ')' => -1,
                    _ => 0,
                };
                depth == 0
            })
            .map_or(rest.len(), |(i, _)| i);
        let handlers = &rest[..end];
        let prefix = if at > api_starts { "/api/v1" } else { "" };
        for method in ["get", "post", "put", "delete", "patch"] {
            let called = handlers
                .match_indices(&format!("{method}("))
                .any(|(i, _)| i == 0 || !handlers[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_'));
            if called {
                routes.insert(format!("{} {prefix}{path}", method.to_uppercase()));
            }
        }
    }
    routes
}

/// The routes the document's table lists: first cells such as `` `GET /x` ``.
fn routes_of_document() -> BTreeSet<String> {
    include_str!("../../docs/security.md")
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split('`').next())
        .filter(|cell| cell.contains(' '))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_security_document_lists_exactly_the_routes_of_the_router() {
    let router = routes_of_router();
    assert!(router.len() > 50, "the router's routes were read: {router:?}");
    assert!(router.contains("PUT /api/v1/evidence/{sha256}") && router.contains("GET /healthz"));
    let document = routes_of_document();
    let missing: Vec<_> = router.difference(&document).collect();
    let stale: Vec<_> = document.difference(&router).collect();
    assert!(missing.is_empty(), "routes missing from docs/security.md: {missing:?}");
    assert!(stale.is_empty(), "docs/security.md lists routes the router lacks: {stale:?}");
}
