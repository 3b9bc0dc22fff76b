//! `docs/security.md` lists every route of the router with who may call it
//! and the test of its refusals: this test reads the router's source and
//! the document, and fails for a route the document does not list (or one it
//! lists that no longer exists).

use crate::common;

use common::routes_of_router;
use std::collections::BTreeSet;

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
