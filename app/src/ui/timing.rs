//! Named moments of start-up (`performance.mark`): the app started, the
//! device store opened and loaded, the Entri Data page shown. `cargo xtask
//! bench-ui` reads them to print what an offline cold start waits for
//! (issue 25). Browser only: call from effects and tasks, never while the
//! server renders.

/// The wasm's `hydrate` began: the main module is compiled and instantiated.
pub const STARTED: &str = "kinerja:started";
/// The app is mounted (routes, header, the page's first state).
pub const MOUNTED: &str = "kinerja:mounted";
/// The device store is open.
pub const STORE_OPEN: &str = "kinerja:store-open";
/// The device store is read into memory.
pub const STORE_LOADED: &str = "kinerja:store-loaded";
/// The Entri Data page is on screen (its chunks loaded).
pub const ENTRY_PAGE: &str = "kinerja:entry-page";

pub fn mark(name: &str) {
    if let Some(performance) = leptos::prelude::window().performance() {
        let _ = performance.mark(name);
    }
}
