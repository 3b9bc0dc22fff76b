//! A narrative chapter of the LKjIP as the document shows it, and for the
//! staff who draft the report, its rewriting: the text opens in a box, is
//! saved from the revision it was read at, and a text returns to the one
//! pre-filled from the data. A refused save (someone else rewrote the
//! chapter, or no connection) leaves the writer's text in the box.

use crate::api::report::ChapterRewrite;
use crate::domain::report::chapters::Chapter;
use crate::i18n::{t, use_i18n};
use crate::ui::client;
use crate::ui::form::error_text;
use crate::ui::locale::local_time;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Where a chapter's rewrites go, and what to do once one is stored (the
/// page reloads the report and says so).
#[derive(Clone, Copy)]
pub struct Rewriting {
    /// The address of the chapter with this key.
    pub url: Callback<&'static str, String>,
    pub saved: Callback<()>,
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
        let open = RwSignal::new(false);
        let text = RwSignal::new(chapter.text.clone());
        let message = RwSignal::new(None::<String>);
        let url = rewriting.url.run(chapter.key.as_str());
        let revision = chapter.revision;
        let send = move |body: ChapterRewrite| {
            let url = url.clone();
            spawn_local(async move {
                let locale = i18n.get_locale_untracked();
                match client::put(&url, &body).await {
                    Ok(()) => rewriting.saved.run(()),
                    Err(error) => message.set(Some(error_text(locale, &error).to_owned())),
                }
            });
        };
        let save = {
            let send = send.clone();
            move |_| send(ChapterRewrite { base_revision: revision, text: Some(text.get_untracked()) })
        };
        let reset = chapter.edited.is_some().then(|| {
            view! {
                <button type="button" data-testid="chapter-reset" on:click=move |_| {
                    send(ChapterRewrite { base_revision: revision, text: None })
                }>{t!(i18n, report.reset_chapter)}</button>
            }
        });
        view! {
            <div class="no-print chapter-editor">
                <Show when=move || open.get() fallback=move || view! {
                    <button type="button" data-testid="chapter-edit" on:click=move |_| open.set(true)>
                        {t!(i18n, report.edit_chapter)}
                    </button>
                }>
                    <textarea rows="10" data-testid="chapter-text" prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                    <div class="actions">
                        <button type="button" data-testid="chapter-save" on:click=save.clone()>{t!(i18n, report.save_chapter)}</button>
                        <button type="button" on:click=move |_| open.set(false)>{t!(i18n, report.cancel)}</button>
                    </div>
                </Show>
                {reset}
                {move || message.get().map(|words| view! {
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
