//! Bukti dukung of one realisation: attach a file or take a photo (the
//! camera opens on phones), kept in IndexedDB by its SHA-256 until the sync
//! uploads it, and listed with a link to the device's copy (offline too) or
//! the server's.

use super::keep;
use crate::domain::evidence::picker_accept;
use crate::domain::indicator_rule::IndicatorRule;
use crate::domain::merge::Fields;
use crate::domain::sync::{ATTACHED, Key, REMOVED};
use crate::i18n::{t, use_i18n};
use crate::offline::record_state::RecordState;
use crate::offline::store::EvidenceMeta;
use crate::ui::device::{Local, use_local};
use crate::ui::picked_file::keep_picked;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Where a file opens: the device's own copy while it holds one (so a photo
/// taken at the site opens offline), else the server's.
fn file_link(local: Local, sha256: String) -> impl Fn() -> String + Send + Sync + 'static {
    let server = format!("/api/v1/evidence/{sha256}");
    let kept = LocalResource::new(move || {
        let sha256 = sha256.clone();
        async move {
            local.file(&sha256).await.and_then(|blob| web_sys::Url::create_object_url_with_blob(&blob).ok())
        }
    });
    on_cleanup(move || {
        if let Some(Some(url)) = kept.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    });
    move || kept.get().flatten().unwrap_or_else(|| server.clone())
}

#[component]
pub(super) fn Evidence(
    key: Key,
    rule: IndicatorRule,
    problem: RwSignal<Option<String>>,
    state: Memo<RecordState>,
) -> impl IntoView {
    let i18n = use_i18n();
    let local = use_local();
    let Key::Realisation { indicator_id, unit_id, period } = key.clone() else { return ().into_any() };
    let attach = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(files) = input.files() else { return };
        let (indicator_id, unit_id) = (indicator_id.clone(), unit_id.clone());
        let locale = i18n.get_locale_untracked();
        for file in (0..files.length()).filter_map(|i| files.get(i)) {
            let (indicator_id, unit_id) = (indicator_id.clone(), unit_id.clone());
            spawn_local(async move {
                let EvidenceMeta { sha256, media_type, .. } = match keep_picked(local, &file).await {
                    Ok(meta) => meta,
                    Err(unfit) => {
                        problem.set(Some(unfit.text(locale)));
                        return;
                    }
                };
                let key = Key::Evidence { indicator_id, unit_id, period, sha256 };
                let wanted = Fields::from([
                    ("file_name".to_owned(), Some(file.name())),
                    ("media_type".to_owned(), Some(media_type)),
                    ("status".to_owned(), Some(ATTACHED.to_owned())),
                ]);
                keep(local, key, wanted, rule, problem, locale);
            });
        }
        input.set_value("");
    };
    let list = move || {
        state
            .with(|s| s.evidence.clone())
            .into_iter()
            .map(|(evidence, name)| {
                let Key::Evidence { sha256, .. } = evidence.clone() else { return ().into_any() };
                let held_here = local.data.with(|d| {
                    d.as_ref().is_some_and(|d| d.evidence.iter().any(|e| e.sha256 == sha256 && !e.uploaded))
                });
                let href = file_link(local, sha256.clone());
                let remove = move |_| {
                    let wanted = Fields::from([("status".to_owned(), Some(REMOVED.to_owned()))]);
                    keep(local, evidence.clone(), wanted, rule, problem, i18n.get_locale_untracked());
                };
                view! {
                    <li data-testid="evidence-item" data-sha=sha256>
                        <a href=href target="_blank" rel="noopener">{name}</a>
                        {held_here.then(|| view! { " " <span class="muted">{t!(i18n, entry.file_on_device)}</span> })}
                        " "
                        <button type="button" class="link-button" on:click=remove>{t!(i18n, entry.file_remove)}</button>
                    </li>
                }
                .into_any()
            })
            .collect_view()
    };
    view! {
        <div class="evidence">
            <span class="field-label">{t!(i18n, entry.evidence)}</span>
            <ul class="evidence-list">{list}</ul>
            <div class="buttons">
                <label class="link-button">
                    {t!(i18n, entry.attach_file)}
                    <input type="file" class="visually-hidden" data-testid="evidence-file" accept=picker_accept() multiple on:change=attach.clone() />
                </label>
                <label class="link-button">
                    {t!(i18n, entry.take_photo)}
                    <input type="file" class="visually-hidden" data-testid="evidence-photo" accept="image/*" capture="environment" on:change=attach />
                </label>
            </div>
        </div>
    }
    .into_any()
}
