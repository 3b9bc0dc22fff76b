//! Who is signed in, as the interface knows it: asked of the server once the
//! page is live, updated on sign-in and sign-out. The server decides every
//! permission itself; this only chooses what to show.

use crate::api::{About, Me};
use crate::ui::client::{self, ClientError};
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
    /// The server could not be reached: the user is the one last seen
    /// online (kept on the device), and nothing is checked until it answers.
    pub offline: RwSignal<bool>,
}

impl SessionState {
    /// Whether someone is signed in (reactive: read in an effect or a view,
    /// it follows sign-in and sign-out).
    pub fn signed_in(&self) -> bool {
        self.me.with(Option::is_some)
    }
}

/// Provides the session context and asks the server who is signed in.
pub fn provide_session() {
    let state = SessionState {
        me: RwSignal::new(None),
        known: RwSignal::new(false),
        demo: RwSignal::new(false),
        offline: RwSignal::new(false),
    };
    provide_context(state);
    Effect::new(move || {
        spawn_local(async move {
            match client::get::<Option<Me>>("/api/v1/auth/me").await {
                Ok(me) => state.me.set(me),
                Err(ClientError::Network) => state.offline.set(true),
                Err(_) => state.me.set(None),
            }
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
