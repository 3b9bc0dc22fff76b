//! One sync round, in the order that keeps every op answerable: the year's
//! reference data, then the evidence files the device still holds alone
//! (an op naming a file the server lacks would be refused), then the
//! outbox oldest first, one push at a time, then the user's queued
//! workflow requests (a step's data goes before the step that needs it),
//! then everything others changed (pull by cursor). A failure stops the round and leaves every op queued.
//!
//! When the server's database turns out to be another one (a push refused
//! `instance_changed`, or a pull naming another identity), what it
//! acknowledged may be gone with the old one: the device starts over
//! (`Store::start_over`: its kept accepted ops and its evidence files go
//! out again, its records are pulled from 0) and runs the round again.

use super::requests::failure;
use super::{Local, now_iso};
use crate::api::Reference;
use crate::api::sync::{INSTANCE_CHANGED, OpAnswer, PullAnswer, Push, PushAnswer};
use crate::domain::sync::PROTOCOL;
use crate::offline::replica::Held;
use crate::offline::store::{Store, SyncMeta};
use crate::ui::client;
use leptos::prelude::*;

/// Records asked for per pull page.
const PULL_PAGE: usize = 1000;

/// Runs one round; the error is a code for the status panel.
pub(super) async fn round(local: Local) -> Result<(), String> {
    let (Some(store), Some(me)) = (local.store(), local.signed_in()) else { return Ok(()) };
    if !window().navigator().on_line() {
        // Nothing to try: the browser says so, and tells us when it is back.
        return Err("network".to_owned());
    }
    let held_for = local.data.with_untracked(|d| d.as_ref().and_then(|d| d.sync.user_id.clone()));
    if held_for.as_deref() != Some(me.id.as_str()) {
        let fresh = SyncMeta { user_id: Some(me.id.clone()), ..SyncMeta::default() };
        // A device that held nobody's copy has nothing to forget: clearing
        // would drop the answers its first pages have just kept for offline
        // use (Beranda, reloaded offline after a first visit, showed no cycle).
        forget_records(local, &store, &fresh, held_for.is_some()).await?;
    }
    let year = js_sys::Date::new_0().get_full_year() as i32;
    for year in [year - 1, year] {
        let reference: Reference =
            client::get(&format!("/api/v1/reference?year={year}")).await.map_err(|e| e.code().to_owned())?;
        store.put_reference(&reference).await.map_err(code_of_store)?;
        local.data.update(|d| {
            if let Some(d) = d {
                d.references.retain(|r| r.year != year);
                d.references.push(reference);
            }
        });
    }
    upload_files(local, &store).await?;
    match exchange(local, &store, &me.id).await {
        Err(code) if code == INSTANCE_CHANGED => {
            let fresh = SyncMeta { user_id: Some(me.id.clone()), ..SyncMeta::default() };
            store.start_over(&fresh).await.map_err(code_of_store)?;
            local.reload().await;
            upload_files(local, &store).await?;
            exchange(local, &store, &me.id).await
        }
        done => done,
    }
}

/// Sends the outbox and the queued requests, then pulls.
async fn exchange(local: Local, store: &Store, user_id: &str) -> Result<(), String> {
    push_all(local, store).await?;
    local.deliver(store, user_id).await?;
    let sync = local.data.with_untracked(|d| d.as_ref().map(|d| d.sync.clone())).unwrap_or_default();
    pull_all(local, store, sync).await
}

/// Makes `sync` the device's sync state; with `forget`, another user's
/// records, read answers and kept ops go first.
async fn forget_records(local: Local, store: &Store, sync: &SyncMeta, forget: bool) -> Result<(), String> {
    store.put_sync(sync, forget).await.map_err(code_of_store)?;
    local.data.update(|d| {
        if let Some(d) = d {
            if forget {
                d.records.clear();
            }
            d.sync = sync.clone();
        }
    });
    Ok(())
}

pub(super) async fn upload_files(local: Local, store: &Store) -> Result<(), String> {
    let waiting: Vec<_> = local.data.with_untracked(|d| {
        d.as_ref().map(|d| d.evidence.iter().filter(|e| !e.uploaded).cloned().collect()).unwrap_or_default()
    });
    for meta in waiting {
        let Some(blob) = store.evidence_blob(&meta.sha256).await.map_err(code_of_store)? else { continue };
        let path = format!("/api/v1/evidence/{}", meta.sha256);
        client::put_body(&path, &meta.media_type, blob.clone().into())
            .await
            .map_err(|e| e.code().to_owned())?;
        store.mark_uploaded(&meta, &blob).await.map_err(code_of_store)?;
        local.data.update(|d| {
            if let Some(e) = d.as_mut().and_then(|d| d.evidence.iter_mut().find(|e| e.sha256 == meta.sha256))
            {
                e.uploaded = true;
            }
        });
    }
    Ok(())
}

async fn push_all(local: Local, store: &Store) -> Result<(), String> {
    loop {
        let Some(batch) = local.data.with_untracked(|d| d.as_ref().map(|d| d.outbox.batch())) else {
            return Ok(());
        };
        if batch.ops.is_empty() {
            return Ok(());
        }
        let instance_id = local.data.with_untracked(|d| d.as_ref().and_then(|d| d.sync.instance_id.clone()));
        let push = Push { protocol: PROTOCOL, device_id: batch.device_id, instance_id, ops: batch.ops };
        match client::post::<_, PushAnswer>("/api/v1/sync/push", &push).await {
            Ok(answer) => settle(local, store, &answer.answers).await?,
            Err(error) if error.code() == INSTANCE_CHANGED => return Err(INSTANCE_CHANGED.to_owned()),
            Err(error) => {
                store.fail(&push.ops, &failure(&error)).await.map_err(code_of_store)?;
                local.reload().await;
                return Err(error.code().to_owned());
            }
        }
    }
}

fn code_of_store(error: crate::offline::store::StoreError) -> String {
    error.code().to_owned()
}

async fn settle(local: Local, store: &Store, answers: &[OpAnswer]) -> Result<(), String> {
    let (settled, kept) = store.settle(answers).await.map_err(code_of_store)?;
    local.data.update(|d| {
        let Some(d) = d else { return };
        d.outbox.entries.retain(|e| {
            let answered = answers.iter().any(|a| a.op_id == e.op.op_id);
            !answered || kept.iter().any(|k| k.op.op_id == e.op.op_id)
        });
        for entry in &mut d.outbox.entries {
            if let Some(kept) = kept.iter().find(|k| k.op.op_id == entry.op.op_id) {
                *entry = kept.clone();
            }
        }
        for (key, revision, values) in settled.records {
            let mut held = d.records.get(&key).cloned();
            let newer = Held { key: key.clone(), revision, values, conflicted: false };
            if Held::take(&mut held, newer)
                && let Some(held) = held
            {
                d.records.insert(key, held);
            }
        }
    });
    local.announce();
    Ok(())
}

async fn pull_all(local: Local, store: &Store, mut sync: SyncMeta) -> Result<(), String> {
    loop {
        let path = format!("/api/v1/sync/pull?cursor={}&limit={PULL_PAGE}", sync.cursor);
        let page: PullAnswer = client::get(&path).await.map_err(|e| e.code().to_owned())?;
        if sync.instance_id.as_deref().is_some_and(|id| id != page.instance_id) {
            return Err(INSTANCE_CHANGED.to_owned());
        }
        sync.instance_id = Some(page.instance_id.clone());
        sync.cursor = page.cursor;
        if !page.more {
            sync.last_sync = Some(now_iso());
        }
        let records = page.records.iter().map(Held::from).collect();
        let taken = store.take_pulled(records, &sync).await.map_err(code_of_store)?;
        local.data.update(|d| {
            if let Some(d) = d {
                for held in taken {
                    d.records.insert(held.key.clone(), held);
                }
                d.sync = sync.clone();
            }
        });
        if !page.more {
            return Ok(());
        }
    }
}
