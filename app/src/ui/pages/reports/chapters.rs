//! A narrative chapter of the LKjIP as the document shows it, and for the
//! staff who draft the report, its rewriting: the text opens in a box, is
//! saved from the revision it was read at, and a text returns to the one
//! pre-filled from the data. A refused save (someone else rewrote the
//! chapter, or no connection) leaves the writer's text in the box. The box
//! and its message are kept by the page, so a reload that redraws the
//! document (a new draft version saved meanwhile) loses neither.

use crate::api::report::ChapterRewrite;
use crate::domain::report::lkjip::chapters::Chapter;
use crate::i18n::{t, use_i18n};
use crate::ui::client;
use crate::ui::form::error_text;
use crate::ui::locale::local_time;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;

/// Where a chapter's rewrites go, and what to do once one is stored (the
/// page reloads the report and says so).
#[derive(Clone, Copy)]
pub struct Rewriting {
    /// The address of the chapter with this key.
    pub url: Callback<&'static str, String>,
    pub saved: Callback<()>,
    /// The page's chapter boxes, by chapter address.
    pub drafts: RwSignal<HashMap<String, Draft>>,
}

/// A chapter's rewriting as it stands: while its box is open, the revision
/// it was opened at and the text in it; and the last refusal.
#[derive(Clone, Default)]
pub struct Draft {
    pub open: Option<(u32, String)>,
    pub message: Option<String>,
}

#[component]
pub fn ChapterSection(chapter: Chapter, rewriting: Option<Rewriting>) -> impl IntoView {
    let i18n = use_i18n();
    let paragraphs = chapter
        .text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| view! { <p>{l.to_owned()}</p> })
        .collect_view();
    let origin = match &chapter.edited {
        Some(edited) => {
            let at = local_time(i18n.get_locale_untracked(), &edited.at);
            view! { <p class="note no-print chapter-origin">{t!(i18n, report.edited_by)} " " {edited.by.clone()} ", " {at}</p> }
                .into_any()
        }
        None => view! { <p class="note no-print chapter-origin">{t!(i18n, report.prefilled)}</p> }.into_any(),
    };
    let editor = rewriting.map(|rewriting| {
        let url = rewriting.url.run(chapter.key.as_str());
        let drafts = rewriting.drafts;
        let draft = {
            let url = url.clone();
            move || drafts.with(|all| all.get(&url).cloned()).unwrap_or_default()
        };
        let change = {
            let url = url.clone();
            move |edit: &dyn Fn(&mut Draft)| drafts.update(|all| edit(all.entry(url.clone()).or_default()))
        };
        let send = {
            let (url, change) = (url.clone(), change.clone());
            move |body: ChapterRewrite| {
                let (url, change) = (url.clone(), change.clone());
                change(&|d| d.message = None);
                spawn_local(async move {
                    let locale = i18n.get_locale_untracked();
                    match client::put(&url, &body).await {
                        Ok(()) => {
                            drafts.update(|all| {
                                all.remove(&url);
                            });
                            rewriting.saved.run(());
                        }
                        Err(error) => {
                            let words = error_text(locale, &error).to_owned();
                            change(&|d| d.message = Some(words.clone()));
                        }
                    }
                });
            }
        };
        let save = {
            let send = send.clone();
            move |_| {
                let open = drafts.with_untracked(|all| all.get(&url).and_then(|d| d.open.clone()));
                if let Some((base_revision, text)) = open {
                    send(ChapterRewrite { base_revision, text: Some(text) });
                }
            }
        };
        let revision = chapter.revision;
        let reset = chapter.edited.is_some().then(|| {
            view! {
                <button type="button" data-testid="chapter-reset" on:click=move |_| {
                    send(ChapterRewrite { base_revision: revision, text: None })
                }>{t!(i18n, report.reset_chapter)}</button>
            }
        });
        let current = chapter.text.clone();
        let edit = {
            let change = change.clone();
            move |_| change(&|d| d.open = Some((revision, current.clone())))
        };
        let typed = {
            let change = change.clone();
            move |ev| {
                let value = event_target_value(&ev);
                change(&|d| {
                    if let Some((_, text)) = &mut d.open {
                        text.clone_from(&value);
                    }
                })
            }
        };
        let cancel = move |_| change(&|d| d.open = None);
        let open = {
            let draft = draft.clone();
            move || draft().open.is_some()
        };
        let text = {
            let draft = draft.clone();
            move || draft().open.map(|(_, text)| text).unwrap_or_default()
        };
        let message = move || draft().message;
        view! {
            <div class="no-print chapter-editor">
                <Show when=open.clone() fallback=move || view! {
                    <button type="button" data-testid="chapter-edit" on:click=edit.clone()>
                        {t!(i18n, report.edit_chapter)}
                    </button>
                }>
                    <textarea rows="10" data-testid="chapter-text" prop:value=text.clone()
                        on:input=typed.clone()></textarea>
                    <div class="actions">
                        <button type="button" data-testid="chapter-save" on:click=save.clone()>{t!(i18n, report.save_chapter)}</button>
                        <button type="button" on:click=cancel.clone()>{t!(i18n, report.cancel)}</button>
                    </div>
                </Show>
                {reset}
                {move || message().map(|words| view! {
                    <p class="form-message error" role="status" data-testid="chapter-message">{words}</p>
                })}
            </div>
        }
    });
    view! {
        <section class="chapter" data-testid="report-chapter" data-key=chapter.key.as_str()>
            <h3>{chapter.title.clone()}</h3>
            <div class="chapter-text" data-testid="chapter-body">{paragraphs}</div>
            {origin}
            {editor}
        </section>
    }
}
