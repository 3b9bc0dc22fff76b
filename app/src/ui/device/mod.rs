//! The device's data as the pages see it: the IndexedDB copy (`offline::store`)
//! loaded once and kept in a signal, the edits that write through to it at
//! once, and the sync that sends them — started by an edit, by the browser
//! coming back online, by the user, or by the one timer the schedule
//! (`offline::schedule`) sets after each round — with its state
//! (pending ops, last sync, the error, the conflicts) for the status panel.
//! Other tabs of the same browser are told of every write and reload, so
//! no tab works on a stale copy. Browser only: nothing here runs while the
//! server renders, and pages show their loading state until `ready`.

mod requests;
mod sync;

pub use requests::Sent;

use crate::api::Me;
use crate::api::sync::Op;
use crate::domain::indicator_rule::IndicatorRule;
use crate::domain::merge::Fields;
use crate::domain::sync::Key;
use crate::domain::validate::FieldError;
use crate::offline::queue_file::{CarriedFile, QueueFile, Taken};
use crate::offline::record_state::{RecordState, record_states};
use crate::offline::replica::{self, Overlay, Seen, local_values};
use crate::offline::schedule::{Ended, next_round_ms};
use crate::offline::store::{EvidenceMeta, Snapshot, Store, StoreError};
use crate::ui::client;
use crate::ui::ids::time_ordered_id;
use crate::ui::session::use_session;
use crate::ui::timing;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen_futures::JsFuture;

/// The channel tabs of one browser tell each other of writes on.
const CHANNEL: &str = "kinerja-store";

/// Where syncing stands, for the status panel.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Status {
    /// The store is loaded.
    pub ready: bool,
    /// The store could not be opened (private mode, storage disabled).
    pub broken: Option<String>,
    pub running: bool,
    /// The last round's failure: `network`, `unauthenticated`, a code.
    pub error: Option<String>,
    /// Rounds failed in a row (for the back-off).
    pub attempt: u32,
    /// The browser keeps this site's storage even under pressure.
    pub persisted: Option<bool>,
    /// The server answers from another build than this page's.
    pub outdated: bool,
}

/// The device's data and its sync, provided to every page.
#[derive(Clone, Copy)]
pub struct Local {
    pub data: RwSignal<Option<Snapshot>>,
    pub status: RwSignal<Status>,
    /// Edits checked and shown but still being written to the device's
    /// store: the row's capaian follows a keystroke without waiting for
    /// IndexedDB. The sync sends only what the store holds (`data.outbox`).
    unstored: RwSignal<Vec<Op>>,
    /// The browser says it has a network (`navigator.onLine`, kept by its events).
    pub online: RwSignal<bool>,
    store: StoredValue<Option<Store>, LocalStorage>,
    /// The channel tabs tell each other of writes on.
    channel: StoredValue<Option<web_sys::BroadcastChannel>, LocalStorage>,
    /// Writes this tab made, counted so a reload never replaces the copy
    /// with one read before the newest of them.
    writes: StoredValue<u64>,
    /// Another round was asked for while one ran.
    again: StoredValue<bool>,
    /// The newest timer's number: only it may start the next round.
    timer: StoredValue<u64>,
    /// Counts queued workflow requests a sync round delivered, so pages
    /// showing what they changed read again.
    pub delivered: RwSignal<u32>,
}

/// Why an edit was not kept.
#[derive(Clone, Debug, PartialEq)]
pub enum EditError {
    Invalid(Vec<FieldError>),
    Store(StoreError),
}

fn now_iso() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}

impl Local {
    fn store(&self) -> Option<Store> {
        self.store.get_value()
    }

    /// The record as the user sees it.
    pub fn values(&self, key: &Key) -> Fields {
        self.unstored.with(|unstored| {
            self.data.with(|data| match data {
                Some(data) => local_values(key, data.records.get(key), data.outbox.waiting().chain(unstored)),
                None => key.empty(),
            })
        })
    }

    /// Runs `f` with the user's view of every record (reactive): for pages
    /// that read many records at once, each for one lookup.
    pub fn with_values<R>(&self, f: impl FnOnce(&dyn Seen) -> R) -> R {
        self.unstored.with(|unstored| {
            self.data.with(|data| match data {
                Some(data) => f(&Overlay::new(&data.records, data.outbox.waiting().chain(unstored))),
                None => f(&|key: &Key| key.empty()),
            })
        })
    }

    /// Every record's state beside its values (`record_states`), grouped
    /// once per change: for a page of many rows, made once by the page.
    pub fn record_states(&self) -> Memo<HashMap<Key, RecordState>> {
        let (data, unstored) = (self.data, self.unstored);
        Memo::new(move |_| {
            unstored.with(|unstored| {
                data.with(|d| {
                    d.as_ref()
                        .map(|d| record_states(&d.records, &d.outbox.entries, unstored))
                        .unwrap_or_default()
                })
            })
        })
    }

    /// Keeps an edit: checked by the shared rules, shown at once, stored on
    /// the device, then sent when the network allows. `Ok(false)`: nothing
    /// changed. A store that refuses the write takes the edit back off the
    /// screen and says why.
    pub async fn edit(&self, key: Key, wanted: Fields, rule: &IndicatorRule) -> Result<bool, EditError> {
        let store = self.store().ok_or_else(|| EditError::Store(StoreError("not open".into())))?;
        let seen = self.values(&key);
        let held = self.data.with_untracked(|d| d.as_ref().and_then(|d| d.records.get(&key).cloned()));
        let Some(edit) =
            replica::edit(&key, held.as_ref(), &seen, &wanted, rule).map_err(EditError::Invalid)?
        else {
            return Ok(false);
        };
        let (op_id, client_time) = (time_ordered_id(), now_iso());
        let shown = Op {
            op_id: op_id.clone(),
            seq: 0,
            key: key.clone(),
            base_revision: edit.base_revision,
            base: edit.base.clone(),
            new: edit.new.clone(),
            client_time: client_time.clone(),
        };
        self.unstored.update(|u| u.push(shown));
        self.writes.update_value(|n| *n += 1);
        let stored = store.queue(key, edit, op_id.clone(), client_time).await;
        // Both in one turn: effects run after it, so the screen never shows
        // the edit missing between the two.
        self.unstored.update(|u| u.retain(|op| op.op_id != op_id));
        let entry = stored.map_err(EditError::Store)?;
        self.data.update(|data| {
            if let Some(data) = data {
                data.outbox.next_seq = data.outbox.next_seq.max(entry.op.seq + 1);
                if !data.outbox.entries.iter().any(|e| e.op.op_id == entry.op.op_id) {
                    data.outbox.entries.push(entry);
                }
            }
        });
        self.announce();
        self.sync_now();
        Ok(true)
    }

    /// Keeps an evidence file on the device until it is uploaded.
    pub async fn keep_file(&self, meta: EvidenceMeta, blob: &web_sys::Blob) -> Result<(), StoreError> {
        let store = self.store().ok_or_else(|| StoreError("not open".into()))?;
        store.put_evidence(&meta, blob).await?;
        self.data.update(|data| {
            if let Some(data) = data {
                data.evidence.retain(|e| e.sha256 != meta.sha256);
                data.evidence.push(meta);
            }
        });
        Ok(())
    }

    pub async fn file(&self, sha256: &str) -> Option<web_sys::Blob> {
        self.store()?.evidence_blob(sha256).await.ok().flatten()
    }

    /// Lets go of a refused op.
    pub fn dismiss(&self, op_id: String) {
        let local = *self;
        spawn_local(async move {
            if let Some(store) = local.store()
                && store.dismiss(&op_id).await.is_ok()
            {
                local.data.update(|d| {
                    if let Some(d) = d {
                        d.outbox.entries.retain(|e| e.op.op_id != op_id);
                    }
                });
                local.announce();
            }
        });
    }

    /// Takes in a queue file exported by another device (or an earlier copy
    /// of this one); returns what was new. Nothing is kept from a file that
    /// cannot be read whole.
    pub async fn import(&self, text: &str) -> Result<Taken, StoreError> {
        let store = self.store().ok_or_else(|| StoreError("not open".into()))?;
        let file = QueueFile::read(text).map_err(|e| StoreError(e.to_string()))?;
        let mut blobs = Vec::new();
        for carried in &file.files {
            let bytes = carried.bytes().map_err(|e| StoreError(e.to_string()))?;
            let meta = EvidenceMeta {
                sha256: carried.sha256.clone(),
                file_name: carried.file_name.clone(),
                media_type: carried.media_type.clone(),
                size: bytes.len() as u64,
                uploaded: false,
            };
            blobs.push((meta, blob_of(&bytes, &carried.media_type)?));
        }
        let taken = store.import(&file, &blobs).await?;
        self.reload().await;
        self.announce();
        self.sync_now();
        Ok(taken)
    }

    /// Everything not yet delivered — ops, the files only this device
    /// holds, queued requests — as a queue file's text.
    pub async fn export(&self) -> Result<String, StoreError> {
        let store = self.store().ok_or_else(|| StoreError("not open".into()))?;
        let mut files = Vec::new();
        for (meta, blob) in store.files_held_alone().await? {
            let buffer =
                JsFuture::from(blob.array_buffer()).await.map_err(|_| StoreError(meta.sha256.clone()))?;
            let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
            files.push(CarriedFile::new(meta.sha256, meta.file_name, meta.media_type, &bytes));
        }
        let file = self
            .data
            .with_untracked(|d| d.as_ref().map(|d| QueueFile::new(&d.outbox, &d.requests.items, files)));
        let file = file.ok_or_else(|| StoreError("not loaded".into()))?;
        serde_json::to_string(&file).map_err(|e| StoreError(e.to_string()))
    }

    /// How many ops and workflow requests the device keeps to be sent.
    pub fn pending(&self) -> usize {
        self.data.with(|d| d.as_ref().map_or(0, |d| d.outbox.pending() + d.requests.unsent()))
    }

    async fn reload(&self) {
        let Some(store) = self.store() else { return };
        loop {
            let before = self.writes.get_value();
            let Ok(snapshot) = store.load(time_ordered_id).await else { return };
            if self.writes.get_value() == before {
                self.data.set(Some(snapshot));
                return;
            }
        }
    }

    /// Starts a sync round now (or right after the one running).
    pub fn sync_now(&self) {
        let local = *self;
        if local.status.with_untracked(|s| s.running) {
            local.again.set_value(true);
            return;
        }
        local.status.update(|s| s.running = true);
        spawn_local(async move {
            loop {
                local.again.set_value(false);
                // Only a wait asked for during this round counts for the next.
                client::take_retry_after_s();
                let outcome = sync::round(local).await;
                let outdated = client::server_is_other();
                if outdated && !local.status.with_untracked(|s| s.outdated) {
                    fetch_new_version();
                }
                local.status.update(|s| s.outdated = outdated);
                local.status.update(|s| match &outcome {
                    Ok(()) => {
                        s.error = None;
                        s.attempt = 0;
                    }
                    Err(code) => {
                        s.error = Some(code.clone());
                        s.attempt = s.attempt.saturating_add(1);
                    }
                });
                if !local.again.get_value() {
                    break;
                }
            }
            local.status.update(|s| s.running = false);
            local.schedule_next();
        });
    }

    /// Sets the one timer for the next round, as the schedule says after
    /// the round that just ended (none after the session ended).
    fn schedule_next(&self) {
        let status = self.status.get_untracked();
        let ended = match status.error.as_deref() {
            None => Ended::Synced,
            Some("unauthenticated") => Ended::SignedOut,
            Some(_) => Ended::Failed { attempt: status.attempt, retry_after_s: client::take_retry_after_s() },
        };
        // A timer set before this one is left to fire and do nothing:
        // only the newest may start a round.
        let generation = self.timer.get_value() + 1;
        self.timer.set_value(generation);
        let local = *self;
        if let Some(ms) = next_round_ms(ended, js_sys::Math::random()) {
            set_timeout(
                move || {
                    if local.timer.get_value() == generation {
                        local.sync_now();
                    }
                },
                Duration::from_millis(ms),
            );
        }
    }

    /// Counts a write of this tab and tells the other tabs (a channel never
    /// hears its own messages, so this tab does not reload).
    fn announce(&self) {
        self.writes.update_value(|n| *n += 1);
        self.channel.with_value(|channel| {
            if let Some(channel) = channel {
                let _ = channel.post_message(&wasm_bindgen::JsValue::from_str("changed"));
            }
        });
    }

    /// Who the device's copy belongs to.
    fn signed_in(&self) -> Option<Me> {
        self.data.with_untracked(|d| d.as_ref().and_then(|d| d.me.clone()))
    }
}

/// Asks the service worker to fetch the server's version now; once it has
/// installed, `sw-register.js` offers to load it.
fn fetch_new_version() {
    let container = window().navigator().service_worker();
    spawn_local(async move {
        let Ok(registration) = JsFuture::from(container.get_registration()).await else { return };
        if let Ok(registration) = registration.dyn_into::<web_sys::ServiceWorkerRegistration>()
            && let Ok(update) = registration.update()
        {
            let _ = JsFuture::from(update).await;
        }
    });
}

/// A blob of `bytes` declared as `media_type`.
fn blob_of(bytes: &[u8], media_type: &str) -> Result<web_sys::Blob, StoreError> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(media_type);
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| StoreError("blob".into()))
}

/// Provides the device's data to the app and starts its sync.
pub fn provide_local() {
    let local = Local {
        data: RwSignal::new(None),
        status: RwSignal::new(Status::default()),
        unstored: RwSignal::new(Vec::new()),
        online: RwSignal::new(true),
        store: StoredValue::new_local(None),
        channel: StoredValue::new_local(None),
        writes: StoredValue::new(0),
        again: StoredValue::new(false),
        timer: StoredValue::new(0),
        delivered: RwSignal::new(0),
    };
    provide_context(local);
    let session = use_session();
    // In the browser, the store is asked for in a task of its own, which
    // runs as soon as the mount is done; on the server it never opens.
    if cfg!(feature = "csr") {
        spawn_local(async move {
            match Store::open().await {
                Ok(store) => {
                    timing::mark(timing::STORE_OPEN);
                    local.store.set_value(Some(store));
                    local.reload().await;
                    timing::mark(timing::STORE_LOADED);
                    local.status.update(|s| s.ready = true);
                    ask_to_persist(local);
                    listen(local);
                }
                Err(StoreError(reason)) => local.status.update(|s| s.broken = Some(reason)),
            }
        });
    }
    let ready = Memo::new(move |_| local.status.with(|s| s.ready));
    // Offline, the session is the one last seen online.
    Effect::new(move || {
        if ready.get() && session.offline.get() && session.me.with_untracked(Option::is_none) {
            session.me.set(local.data.with_untracked(|d| d.as_ref().and_then(|d| d.me.clone())));
        }
    });
    // Online, remember who is signed in; a sign-in starts a sync.
    Effect::new(move || {
        let me = session.me.get();
        if !ready.get() || session.offline.get() || !session.known.get() {
            return;
        }
        if local.signed_in() == me {
            local.sync_now();
            return;
        }
        spawn_local(async move {
            if let Some(store) = local.store()
                && store.put_me(me.as_ref()).await.is_ok()
            {
                local.data.update(|d| {
                    if let Some(d) = d {
                        d.me = me.clone();
                    }
                });
                if me.is_some() {
                    local.sync_now();
                }
            }
        });
    });
}

pub fn use_local() -> Local {
    expect_context::<Local>()
}

/// Asks the browser to keep this site's storage (so clearing space never
/// takes unsent work) and notes the answer for the warning.
fn ask_to_persist(local: Local) {
    let storage = window().navigator().storage();
    spawn_local(async move {
        let persisted = match storage.persist() {
            Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.ok().and_then(|v| v.as_bool()),
            Err(_) => None,
        };
        local.status.update(|s| s.persisted = persisted);
    });
}

/// Follows the network (syncing when it comes back), and reloads when
/// another tab wrote to the store.
fn listen(local: Local) {
    local.online.set(window().navigator().on_line());
    let online = Closure::<dyn Fn()>::new(move || {
        local.online.set(true);
        local.sync_now();
    });
    let _ = window().add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
    online.forget();
    let offline = Closure::<dyn Fn()>::new(move || local.online.set(false));
    let _ = window().add_event_listener_with_callback("offline", offline.as_ref().unchecked_ref());
    offline.forget();
    if let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) {
        let changed = Closure::<dyn Fn()>::new(move || spawn_local(async move { local.reload().await }));
        channel.set_onmessage(Some(changed.as_ref().unchecked_ref()));
        changed.forget();
        local.channel.set_value(Some(channel));
    }
}
