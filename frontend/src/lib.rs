//! The browser's entry point, compiled to wasm by cargo-leptos: it takes over
//! the page the server rendered (hydration) so that the same `kinerja_app`
//! components become interactive.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(kinerja_app::App);
}
