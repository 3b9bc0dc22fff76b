//! The device's IndexedDB database (through rexie), where every edit lands
//! before anything else happens to it. Each write is one IndexedDB
//! transaction: an edit stores its op, the device's next sequence number
//! and nothing else together, so two tabs of the same browser can never
//! hand out one number twice or leave half an edit behind. Values are JSON
//! text (the wire types' serde form); evidence files are kept as blobs.
//!
//! Schema versions: each version may only add stores. Opening with a higher
//! version creates the new stores and keeps every existing one — the outbox
//! above all — so an update of the app never drops unsent work.

use crate::api::sync::{Op, OpAnswer};
use crate::api::{Me, Reference};
use crate::domain::sync::Key;
use crate::offline::outbox::{Entry, Failure, KEEP_SENT, Outbox, Settled};
use crate::offline::queue_file::{QueueFile, Taken};
use crate::offline::replica::{Edit, Held};
use crate::offline::requests::{Queued, Requests};
use rexie::{ObjectStore, Rexie, TransactionMode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use wasm_bindgen::{JsCast, JsValue};

/// The database's name in the browser profile.
pub const NAME: &str = "kinerja";

/// The stores of each schema version, oldest first.
const SCHEMA: &[(u32, &[&str])] =
    &[(1, &[META, RECORDS, OUTBOX, EVIDENCE, REFERENCE]), (2, &[REQUESTS, RESPONSES]), (3, &[SENT])];

const META: &str = "meta";
const RECORDS: &str = "records";
const OUTBOX: &str = "outbox";
const EVIDENCE: &str = "evidence";
const REFERENCE: &str = "reference";
/// Workflow requests waiting to be sent (`offline::requests`).
const REQUESTS: &str = "requests";
/// The last answer of each API read the pages show offline, by path.
const RESPONSES: &str = "responses";
/// Ops the server accepted, by op id (UUIDv7: time order), the last
/// `outbox::KEEP_SENT` kept to send again after a restore of its database.
const SENT: &str = "sent";

const DEVICE: &str = "device";
const SYNC: &str = "sync";
const ME: &str = "me";

/// Why the store could not be read or written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreError(pub String);

impl From<rexie::Error> for StoreError {
    fn from(error: rexie::Error) -> StoreError {
        StoreError(error.to_string())
    }
}

impl StoreError {
    /// The error's code for the sync status: the browser's storage full
    /// (its quota reached) or refusing in another way — never a network
    /// failure, which would send the user to look at the connection.
    pub fn code(&self) -> &'static str {
        if self.0.contains("QuotaExceeded") { STORAGE_FULL } else { STORAGE_FAILED }
    }
}

/// The store's quota is reached.
pub const STORAGE_FULL: &str = "device_storage_full";
/// The store refused a read or write for another reason.
pub const STORAGE_FAILED: &str = "device_storage";

type Result<T> = std::result::Result<T, StoreError>;

/// This browser profile's identity as a device, and its op counter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    pub device_id: String,
    pub next_seq: i64,
}

/// Where syncing stands.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncMeta {
    /// Whose records the device holds (they are dropped when someone else signs in).
    pub user_id: Option<String>,
    /// The server database the cursor belongs to.
    pub instance_id: Option<String>,
    pub cursor: i64,
    /// When the last sync finished, RFC 3339.
    pub last_sync: Option<String>,
}

/// An evidence file kept on the device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceMeta {
    pub sha256: String,
    pub file_name: String,
    pub media_type: String,
    pub size: u64,
    /// The server holds the file.
    pub uploaded: bool,
}

/// Everything the device holds, read at start.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub outbox: Outbox,
    pub sync: SyncMeta,
    pub me: Option<Me>,
    pub records: HashMap<Key, Held>,
    pub evidence: Vec<EvidenceMeta>,
    /// One per year fetched.
    pub references: Vec<Reference>,
    pub requests: Requests,
}

/// The open database.
#[derive(Clone)]
pub struct Store {
    db: std::rc::Rc<Rexie>,
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue> {
    serde_json::to_string(value).map(|text| JsValue::from_str(&text)).map_err(|e| StoreError(e.to_string()))
}

fn from_js<T: DeserializeOwned>(value: &JsValue) -> Result<T> {
    let text = value.as_string().ok_or_else(|| StoreError("not text".into()))?;
    serde_json::from_str(&text).map_err(|e| StoreError(e.to_string()))
}

fn js(text: &str) -> JsValue {
    JsValue::from_str(text)
}

/// An evidence store item: the file's description and its blob.
fn evidence_item(meta: &EvidenceMeta, blob: &web_sys::Blob) -> Result<JsValue> {
    let item = js_sys::Object::new();
    let set = |name: &str, value: &JsValue| js_sys::Reflect::set(&item, &js(name), value).map(drop);
    set("meta", &to_js(meta)?).and(set("blob", blob)).map_err(|_| StoreError("evidence".into()))?;
    Ok(item.into())
}

/// Waits for a write transaction to end; an aborted one is an error (its
/// writes did not happen).
async fn finish(tx: rexie::Transaction) -> Result<()> {
    match tx.done().await? {
        rexie::TransactionResult::Committed => Ok(()),
        rexie::TransactionResult::Aborted => Err(StoreError("the transaction was aborted".into())),
    }
}

async fn get<T: DeserializeOwned>(store: &rexie::Store, name: &str) -> Result<Option<T>> {
    store.get(js(name)).await?.map(|value| from_js(&value)).transpose()
}

async fn all<T: DeserializeOwned>(store: &rexie::Store) -> Result<Vec<T>> {
    store.get_all(None, None).await?.iter().map(from_js).collect()
}

impl Store {
    /// Opens (creating or upgrading) the database.
    pub async fn open() -> Result<Store> {
        let (version, _) = SCHEMA[SCHEMA.len() - 1];
        let mut builder = Rexie::builder(NAME).version(version);
        for (_, stores) in SCHEMA {
            for store in *stores {
                builder = builder.add_object_store(ObjectStore::new(store));
            }
        }
        Ok(Store { db: std::rc::Rc::new(builder.build().await?) })
    }

    fn write(&self, stores: &[&str]) -> Result<rexie::Transaction> {
        Ok(self.db.transaction(stores, TransactionMode::ReadWrite)?)
    }

    /// Reads everything; makes the device's identity on first use.
    pub async fn load(&self, new_device_id: impl FnOnce() -> String) -> Result<Snapshot> {
        let tx = self.write(&[META, RECORDS, OUTBOX, EVIDENCE, REFERENCE, REQUESTS])?;
        let meta = tx.store(META)?;
        let device = match get::<Device>(&meta, DEVICE).await? {
            Some(device) => device,
            None => {
                let device = Device { device_id: new_device_id(), next_seq: 1 };
                meta.put(&to_js(&device)?, Some(&js(DEVICE))).await?;
                device
            }
        };
        let sync = get::<SyncMeta>(&meta, SYNC).await?.unwrap_or_default();
        let me = get::<Option<Me>>(&meta, ME).await?.flatten();
        let mut entries: Vec<Entry> = all(&tx.store(OUTBOX)?).await?;
        entries.sort_by(|a, b| (&a.device_id, a.op.seq).cmp(&(&b.device_id, b.op.seq)));
        let records =
            all::<Held>(&tx.store(RECORDS)?).await?.into_iter().map(|h| (h.key.clone(), h)).collect();
        let evidence_store = tx.store(EVIDENCE)?;
        let mut evidence = Vec::new();
        for item in evidence_store.get_all(None, None).await? {
            let meta = js_sys::Reflect::get(&item, &js("meta")).map_err(|_| StoreError("evidence".into()))?;
            evidence.push(from_js(&meta)?);
        }
        let references = all::<Reference>(&tx.store(REFERENCE)?).await?;
        let requests = Requests::new(all::<Queued>(&tx.store(REQUESTS)?).await?);
        finish(tx).await?;
        let outbox = Outbox { next_seq: device.next_seq, entries, ..Outbox::new(device.device_id) };
        Ok(Snapshot { outbox, sync, me, records, evidence, references, requests })
    }

    /// Queues one edit: the op gets the device's next sequence number, read
    /// and raised in the same transaction that stores the op.
    pub async fn queue(&self, key: Key, edit: Edit, op_id: String, client_time: String) -> Result<Entry> {
        let tx = self.write(&[META, OUTBOX])?;
        let meta = tx.store(META)?;
        let device = get::<Device>(&meta, DEVICE).await?.ok_or_else(|| StoreError("no device".into()))?;
        let mut outbox = Outbox { next_seq: device.next_seq, ..Outbox::new(device.device_id) };
        outbox.record(op_id, key, edit.base_revision, edit.base, edit.new, client_time);
        let entry = outbox.entries.remove(0);
        let device = Device { device_id: outbox.device_id, next_seq: outbox.next_seq };
        meta.put(&to_js(&device)?, Some(&js(DEVICE))).await?;
        tx.store(OUTBOX)?.put(&to_js(&entry)?, Some(&js(&entry.op.op_id))).await?;
        finish(tx).await?;
        Ok(entry)
    }

    /// Applies a push's answers to the stored outbox, kept accepted ops and
    /// records, in one transaction; returns what they did.
    pub async fn settle(&self, answers: &[OpAnswer]) -> Result<(Settled, Vec<Entry>)> {
        let tx = self.write(&[OUTBOX, SENT, RECORDS])?;
        let outbox_store = tx.store(OUTBOX)?;
        let mut outbox = Outbox::new(String::new());
        for answer in answers {
            if let Some(entry) = get::<Entry>(&outbox_store, &answer.op_id).await? {
                outbox.entries.push(entry);
            }
        }
        let settled = outbox.settle(answers);
        for answer in answers {
            if let Some(entry) = outbox.entries.iter().find(|e| e.op.op_id == answer.op_id) {
                outbox_store.put(&to_js(entry)?, Some(&js(&answer.op_id))).await?;
            } else {
                outbox_store.delete(js(&answer.op_id)).await?;
            }
        }
        let sent = tx.store(SENT)?;
        for entry in &outbox.sent {
            sent.put(&to_js(entry)?, Some(&js(&entry.op.op_id))).await?;
        }
        let excess = (sent.count(None).await? as usize).saturating_sub(KEEP_SENT);
        if excess > 0 {
            for oldest in sent.get_all_keys(None, Some(excess as u32)).await? {
                sent.delete(oldest).await?;
            }
        }
        let records = tx.store(RECORDS)?;
        for (record_key, revision, values) in &settled.records {
            let text = record_key.text();
            let mut held = get::<Held>(&records, &text).await?;
            let newer = Held {
                key: record_key.clone(),
                revision: *revision,
                values: values.clone(),
                conflicted: false,
            };
            if Held::take(&mut held, newer) {
                records.put(&to_js(&held)?, Some(&js(&text))).await?;
            }
        }
        finish(tx).await?;
        Ok((settled, outbox.entries))
    }

    /// Marks the ops of a push refused as a whole (a failure that keeps the
    /// queue changes nothing).
    pub async fn fail(&self, sent: &[Op], failure: &Failure) -> Result<()> {
        if failure.keeps_queue() {
            return Ok(());
        }
        let tx = self.write(&[OUTBOX])?;
        let store = tx.store(OUTBOX)?;
        let mut outbox = Outbox::new(String::new());
        for op in sent {
            if let Some(entry) = get::<Entry>(&store, &op.op_id).await? {
                outbox.entries.push(entry);
            }
        }
        outbox.fail(sent, failure);
        for entry in &outbox.entries {
            store.put(&to_js(entry)?, Some(&js(&entry.op.op_id))).await?;
        }
        finish(tx).await?;
        Ok(())
    }

    /// Drops a refused op the user has let go.
    pub async fn dismiss(&self, op_id: &str) -> Result<()> {
        let tx = self.write(&[OUTBOX])?;
        let store = tx.store(OUTBOX)?;
        if let Some(entry) = get::<Entry>(&store, op_id).await?
            && entry.refused.is_some()
        {
            store.delete(js(op_id)).await?;
        }
        finish(tx).await?;
        Ok(())
    }

    /// Takes in a queue file from another device in one transaction: its
    /// ops, requests and files (with their blobs) that are not held yet
    /// (an op this device already sent counts as held).
    pub async fn import(&self, file: &QueueFile, blobs: &[(EvidenceMeta, web_sys::Blob)]) -> Result<Taken> {
        let tx = self.write(&[OUTBOX, SENT, REQUESTS, EVIDENCE])?;
        let mut taken = Taken::default();
        let outbox = tx.store(OUTBOX)?;
        let sent = tx.store(SENT)?;
        for entry in file.entries() {
            let op_id = js(&entry.op.op_id);
            if !outbox.key_exists(op_id.clone()).await? && !sent.key_exists(op_id).await? {
                outbox.put(&to_js(entry)?, Some(&js(&entry.op.op_id))).await?;
                taken.ops += 1;
            }
        }
        let requests = tx.store(REQUESTS)?;
        for queued in &file.requests {
            if !requests.key_exists(js(&queued.id)).await? {
                requests.put(&to_js(queued)?, Some(&js(&queued.id))).await?;
                taken.requests += 1;
            }
        }
        let evidence = tx.store(EVIDENCE)?;
        for (meta, blob) in blobs {
            if !evidence.key_exists(js(&meta.sha256)).await? {
                evidence.put(&evidence_item(meta, blob)?, Some(&js(&meta.sha256))).await?;
                taken.files += 1;
            }
        }
        finish(tx).await?;
        Ok(taken)
    }

    /// Stores a page of pulled records and the cursor after it together.
    pub async fn take_pulled(&self, records: Vec<Held>, sync: &SyncMeta) -> Result<Vec<Held>> {
        let tx = self.write(&[META, RECORDS])?;
        let store = tx.store(RECORDS)?;
        let mut taken = Vec::new();
        for newer in records {
            let text = newer.key.text();
            let mut held = get::<Held>(&store, &text).await?;
            if Held::take(&mut held, newer)
                && let Some(held) = held
            {
                store.put(&to_js(&held)?, Some(&js(&text))).await?;
                taken.push(held);
            }
        }
        tx.store(META)?.put(&to_js(sync)?, Some(&js(SYNC))).await?;
        finish(tx).await?;
        Ok(taken)
    }

    /// Records where syncing stands; with `forget_records`, drops the held
    /// records, read answers and kept accepted ops first (another user
    /// signed in: the ops kept to send again were the last user's).
    pub async fn put_sync(&self, sync: &SyncMeta, forget_records: bool) -> Result<()> {
        let tx = self.write(&[META, RECORDS, RESPONSES, SENT])?;
        if forget_records {
            tx.store(RECORDS)?.clear().await?;
            tx.store(RESPONSES)?.clear().await?;
            tx.store(SENT)?.clear().await?;
        }
        tx.store(META)?.put(&to_js(sync)?, Some(&js(SYNC))).await?;
        finish(tx).await?;
        Ok(())
    }

    /// Starts over with another server database (restored or replaced),
    /// in one transaction: the kept accepted ops go back in the outbox (the
    /// load orders each device's ops by sequence, so they go first), every
    /// evidence file counts as not uploaded, the records and read answers
    /// are dropped, and `sync` (cursor 0) is stored. Returns how many ops
    /// will be sent again.
    pub async fn start_over(&self, sync: &SyncMeta) -> Result<usize> {
        let tx = self.write(&[META, RECORDS, RESPONSES, OUTBOX, SENT, EVIDENCE])?;
        let outbox = tx.store(OUTBOX)?;
        let mut again = Outbox::new(String::new());
        again.sent = all(&tx.store(SENT)?).await?;
        let count = again.resend();
        for entry in &again.entries {
            outbox.put(&to_js(entry)?, Some(&js(&entry.op.op_id))).await?;
        }
        tx.store(SENT)?.clear().await?;
        let evidence = tx.store(EVIDENCE)?;
        for item in evidence.get_all(None, None).await? {
            let meta = js_sys::Reflect::get(&item, &js("meta")).map_err(|_| StoreError("evidence".into()))?;
            let meta: EvidenceMeta = from_js(&meta)?;
            let unsent = to_js(&EvidenceMeta { uploaded: false, ..meta.clone() })?;
            js_sys::Reflect::set(&item, &js("meta"), &unsent).map_err(|_| StoreError("evidence".into()))?;
            evidence.put(&item, Some(&js(&meta.sha256))).await?;
        }
        tx.store(RECORDS)?.clear().await?;
        tx.store(RESPONSES)?.clear().await?;
        tx.store(META)?.put(&to_js(sync)?, Some(&js(SYNC))).await?;
        finish(tx).await?;
        Ok(count)
    }

    /// Keeps a workflow request as it now stands, or drops it (`None`:
    /// delivered or dismissed).
    pub async fn put_request(&self, id: &str, queued: Option<&Queued>) -> Result<()> {
        let tx = self.write(&[REQUESTS])?;
        let store = tx.store(REQUESTS)?;
        match queued {
            Some(queued) => drop(store.put(&to_js(queued)?, Some(&js(id))).await?),
            None => store.delete(js(id)).await?,
        }
        finish(tx).await?;
        Ok(())
    }

    /// Keeps the answer of an API read, for showing it offline.
    pub async fn put_response(&self, path: &str, text: &str) -> Result<()> {
        let tx = self.write(&[RESPONSES])?;
        tx.store(RESPONSES)?.put(&js(text), Some(&js(path))).await?;
        finish(tx).await?;
        Ok(())
    }

    /// The last answer kept of an API read.
    pub async fn response(&self, path: &str) -> Result<Option<String>> {
        let tx = self.db.transaction(&[RESPONSES], TransactionMode::ReadOnly)?;
        let value = tx.store(RESPONSES)?.get(js(path)).await?;
        Ok(value.and_then(|v| v.as_string()))
    }

    /// Remembers who is signed in, so the app knows them offline.
    pub async fn put_me(&self, me: Option<&Me>) -> Result<()> {
        let tx = self.write(&[META])?;
        tx.store(META)?.put(&to_js(&me)?, Some(&js(ME))).await?;
        finish(tx).await?;
        Ok(())
    }

    pub async fn put_reference(&self, reference: &Reference) -> Result<()> {
        let tx = self.write(&[REFERENCE])?;
        tx.store(REFERENCE)?.put(&to_js(reference)?, Some(&js(&reference.year.to_string()))).await?;
        finish(tx).await?;
        Ok(())
    }

    /// Keeps an evidence file (a blob) until it is uploaded.
    pub async fn put_evidence(&self, meta: &EvidenceMeta, blob: &web_sys::Blob) -> Result<()> {
        let item = evidence_item(meta, blob)?;
        let tx = self.write(&[EVIDENCE])?;
        tx.store(EVIDENCE)?.put(&item, Some(&js(&meta.sha256))).await?;
        finish(tx).await?;
        Ok(())
    }

    /// The evidence files the server does not hold yet, with their blobs.
    pub async fn files_held_alone(&self) -> Result<Vec<(EvidenceMeta, web_sys::Blob)>> {
        let tx = self.db.transaction(&[EVIDENCE], TransactionMode::ReadOnly)?;
        let items = tx.store(EVIDENCE)?.get_all(None, None).await?;
        finish(tx).await?;
        let mut held = Vec::new();
        for item in items {
            let meta: EvidenceMeta = from_js(&js_sys::Reflect::get(&item, &js("meta")).unwrap_or_default())?;
            let blob = js_sys::Reflect::get(&item, &js("blob"))
                .ok()
                .and_then(|b| b.dyn_into::<web_sys::Blob>().ok());
            if let (false, Some(blob)) = (meta.uploaded, blob) {
                held.push((meta, blob));
            }
        }
        Ok(held)
    }

    /// An evidence file kept on the device.
    pub async fn evidence_blob(&self, sha256: &str) -> Result<Option<web_sys::Blob>> {
        let tx = self.db.transaction(&[EVIDENCE], TransactionMode::ReadOnly)?;
        let item = tx.store(EVIDENCE)?.get(js(sha256)).await?;
        finish(tx).await?;
        Ok(item
            .and_then(|item| js_sys::Reflect::get(&item, &js("blob")).ok())
            .and_then(|blob| blob.dyn_into::<web_sys::Blob>().ok()))
    }

    /// Notes that the server holds an evidence file.
    pub async fn mark_uploaded(&self, meta: &EvidenceMeta, blob: &web_sys::Blob) -> Result<()> {
        self.put_evidence(&EvidenceMeta { uploaded: true, ..meta.clone() }, blob).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_store_is_told_apart_from_other_store_failures() {
        let full = StoreError("QuotaExceededError: The quota has been exceeded.".into());
        assert_eq!(full.code(), STORAGE_FULL);
        assert_eq!(StoreError("the transaction was aborted".into()).code(), STORAGE_FAILED);
    }
}
