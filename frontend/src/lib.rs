//! The browser's entry point, compiled to wasm by cargo-leptos. On a page the
//! server rendered it takes that HTML over (hydration), so the same
//! `kinerja_app` components become interactive. On the offline app shell
//! (`/shell`, served by the service worker when there is no network; its
//! body is marked `data-shell`) there is no server HTML to take over, so it
//! mounts the app instead — hydrating the empty shell would fail.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let body = leptos::prelude::document().body();
    let shell = body.as_ref().is_some_and(|body| body.has_attribute("data-shell"));
    if shell {
        if let Some(body) = body {
            let _ = body.remove_attribute("data-shell");
        }
        leptos::mount::mount_to_body(kinerja_app::App);
    } else {
        leptos::mount::hydrate_body(kinerja_app::App);
    }
}
