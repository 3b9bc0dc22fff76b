//! Workflow writes and reads that work offline: a step action, a new Lembar
//! Disposisi or a signed receipt is kept on the device first
//! (`offline::requests`) and sent at once when the network allows, or by a
//! later sync round; the pages those people work on are shown offline from
//! the last answers read online.

use super::{Local, now_iso};
use crate::offline::outbox::Failure;
use crate::offline::requests::{Fate, Queued, RequestKind};
use crate::offline::store::Store;
use crate::ui::client::{self, ClientError};
use crate::ui::ids::new_id;
use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// What became of a request.
#[derive(Clone, Debug, PartialEq)]
pub enum Sent<T> {
    /// The server recorded it and answered.
    Done(T),
    /// It is kept on the device and will be sent when the network allows.
    Queued,
}

/// How a failed call counts for the queue.
pub(super) fn failure(error: &ClientError) -> Failure {
    match error {
        ClientError::Network => Failure::Network,
        ClientError::Api { status: 401, .. } => Failure::SignedOut,
        ClientError::Api { status, .. } if *status == 429 || *status >= 500 => Failure::Server(*status),
        ClientError::Api { status, body } => Failure::Refused { status: *status, code: body.code.clone() },
    }
}

fn message_of(error: &ClientError) -> String {
    match error {
        ClientError::Network => String::new(),
        ClientError::Api { body, .. } => body.message.clone(),
    }
}

impl Local {
    /// Sends `POST path` with `body` for the signed-in user, keeping it on
    /// the device first. Sent now if nothing older waits; otherwise, and
    /// whenever the server cannot be reached, it stays queued. A refusal
    /// while the user waits is theirs to read at once (`Err`), and is not kept.
    pub async fn send<B: Serialize, T: DeserializeOwned>(
        &self,
        kind: RequestKind,
        path: String,
        body: &B,
    ) -> Result<Sent<T>, ClientError> {
        let (Some(store), Some(me)) = (self.store(), self.signed_in()) else {
            return client::post(&path, body).await.map(Sent::Done);
        };
        let body = serde_json::to_value(body).map_err(|_| ClientError::Network)?;
        let queued = Queued {
            id: new_id(),
            user_id: me.id.clone(),
            kind,
            path,
            body,
            created: now_iso(),
            refused: None,
        };
        let first = self
            .data
            .with_untracked(|d| d.as_ref().is_none_or(|d| d.requests.pending(&me.id).next().is_none()));
        store.put_request(&queued.id, Some(&queued)).await.map_err(|_| ClientError::Network)?;
        self.data.update(|d| {
            if let Some(d) = d {
                d.requests.add(queued.clone());
            }
        });
        self.announce();
        if !first {
            self.sync_now();
            return Ok(Sent::Queued);
        }
        // A request may name files just kept here (a socialisation's
        // attendance list): the server must hold them first. Offline, the
        // post below fails too and the sync round sends both later.
        let _ = super::sync::upload_files(*self, &store).await;
        match client::post::<_, serde_json::Value>(&queued.path, &queued.body).await {
            Ok(answer) => {
                self.settle_request(&store, &queued.id, Fate::Delivered).await;
                serde_json::from_value(answer).map(Sent::Done).map_err(|_| ClientError::Network)
            }
            Err(error) => match failure(&error) {
                Failure::Refused { .. } => {
                    self.settle_request(&store, &queued.id, Fate::Delivered).await;
                    Err(error)
                }
                _ => {
                    self.sync_now();
                    Ok(Sent::Queued)
                }
            },
        }
    }

    /// Applies `fate` to request `id` in the store and in the page's copy.
    async fn settle_request(&self, store: &Store, id: &str, fate: Fate) {
        let mut now = None;
        self.data.update(|d| {
            if let Some(d) = d {
                now = d.requests.settle(id, fate).cloned();
            }
        });
        let _ = store.put_request(id, now.as_ref()).await;
        self.announce();
    }

    /// Sends the signed-in user's queued requests, oldest first; stops at
    /// the first that gets no answer. Returns the failure's code.
    pub(super) async fn deliver(&self, store: &Store, user_id: &str) -> Result<(), String> {
        loop {
            let next = self
                .data
                .with_untracked(|d| d.as_ref().and_then(|d| d.requests.pending(user_id).next().cloned()));
            let Some(queued) = next else { return Ok(()) };
            let result = client::post::<_, serde_json::Value>(&queued.path, &queued.body).await;
            let fate = match &result {
                Ok(_) => Fate::Delivered,
                Err(error) => Fate::of_failure(failure(error), message_of(error)),
            };
            let kept = fate == Fate::Kept;
            self.settle_request(store, &queued.id, fate).await;
            if let Err(error) = result
                && kept
            {
                return Err(error.code().to_owned());
            }
            self.delivered.update(|n| *n += 1);
        }
    }

    /// The queued requests of `kinds`, oldest first (reactive).
    pub fn requests(&self, kinds: &'static [RequestKind]) -> Vec<Queued> {
        self.data.with(|d| {
            d.as_ref()
                .map(|d| d.requests.items.iter().filter(|q| kinds.contains(&q.kind)).cloned().collect())
                .unwrap_or_default()
        })
    }

    /// Lets go of a refused request.
    pub async fn dismiss_request(&self, id: &str) {
        let dismissed =
            self.data.try_update(|d| d.as_mut().is_some_and(|d| d.requests.dismiss(id))).unwrap_or(false);
        if dismissed && let Some(store) = self.store() {
            let _ = store.put_request(id, None).await;
            self.announce();
        }
    }

    /// `GET path`, keeping the answer on the device; offline, the answer
    /// last kept (an error only if there is none).
    pub async fn read<T: DeserializeOwned>(&self, path: &str) -> Result<T, ClientError> {
        let store = self.opened().await;
        let text = match client::get_text(path).await {
            Ok(text) => {
                if let Some(store) = &store {
                    let _ = store.put_response(path, &text).await;
                }
                text
            }
            Err(ClientError::Network) => match &store {
                Some(store) => store.response(path).await.ok().flatten().ok_or(ClientError::Network)?,
                None => return Err(ClientError::Network),
            },
            Err(error) => return Err(error),
        };
        serde_json::from_str(&text).map_err(|_| ClientError::Network)
    }

    /// The store once it is open (a page may load before it is), or `None`
    /// if it cannot be. Opening can take seconds on a busy phone, and a read
    /// made offline before it is open has nothing else to answer from: it
    /// waits up to 30 s (a full run on CI found 2 s too short).
    async fn opened(&self) -> Option<Store> {
        for _ in 0..1500 {
            if let Some(store) = self.store() {
                return Some(store);
            }
            if self.status.with_untracked(|s| s.broken.is_some()) {
                return None;
            }
            pause(20).await;
        }
        None
    }
}

/// Waits `ms` milliseconds.
async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
