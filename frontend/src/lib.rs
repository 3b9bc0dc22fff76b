//! The browser's entry point, compiled to wasm by `cargo xtask` (`front`). The server
//! renders every page, so the first paint needs no wasm; once loaded, the
//! wasm replaces that HTML with the live app (`mount_to_body`) instead of
//! hydrating it. The same holds on the offline app shell (`/shell`, an
//! empty body the service worker serves without a network). Mounting
//! rather than hydrating keeps one rendering path in the wasm, which halves
//! the view code a phone downloads; every data page starts from its
//! loading state either way, so nothing visible is lost.
//! The language is the one the page was rendered in (see
//! `ui::locale`). `HydrationScripts` calls the exported function `hydrate`, hence its name.
//! The modules of the page asked for start loading before the mount, so
//! that they compile while it runs (`ui::routes::preload_page`): a spawned
//! task is first polled only once the running code is done, so the mount
//! is a task spawned after it.
//! Natively the crate is empty (its dependencies are wasm32-only).

#![cfg(target_arch = "wasm32")]

use kinerja_app::ui::timing;
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    timing::mark(timing::STARTED);
    if let Ok(path) = leptos::prelude::window().location().pathname() {
        wasm_bindgen_futures::spawn_local(kinerja_app::ui::routes::preload_page(path));
    }
    wasm_bindgen_futures::spawn_local(async {
        if let Some(body) = leptos::prelude::document().body() {
            let _ = body.remove_attribute("data-shell");
            body.set_inner_html("");
        }
        leptos::mount::mount_to_body(kinerja_app::App);
        timing::mark(timing::MOUNTED);
    });
}
