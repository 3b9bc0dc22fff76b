//! Who is signed in, as the interface knows it: asked of the server once the
//! page is live, updated on sign-in and sign-out. The server decides every
//! permission itself; this only chooses what to show.

use crate::api::{About, Me};
use crate::ui::client;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Clone, Copy)]
pub struct SessionState {
    /// The signed-in user, if any.
    pub me: RwSignal<Option<Me>>,
    /// Whether the server has been asked yet.
    pub known: RwSignal<bool>,
    /// Whether the server holds the demo agency's example data.
    pub demo: RwSignal<bool>,
}

/// Provides the session context and asks the server who is signed in.
pub fn provide_session() {
    let state =
        SessionState { me: RwSignal::new(None), known: RwSignal::new(false), demo: RwSignal::new(false) };
    provide_context(state);
    Effect::new(move || {
        spawn_local(async move {
            let me = client::get::<Option<Me>>("/api/v1/auth/me").await.ok().flatten();
            state.me.set(me);
            state.known.set(true);
            if let Ok(about) = client::get::<About>("/api/v1/about").await {
                state.demo.set(about.demo);
            }
        });
    });
}

pub fn use_session() -> SessionState {
    expect_context::<SessionState>()
}
