//! The versions of the report on screen: each with who generated and who
//! approved it; for the programme staff, keeping the current data as the
//! draft; for the sekretaris, approving the version being read (the server
//! refuses it if the draft changed since it was loaded); for everyone,
//! reading a version and comparing it with the one before, cell by cell.
//! These calls compile or approve on the server, so they need a connection.

use super::Choice;
use crate::api::Me;
use crate::api::report::{Diff, Outcome, Reviewed, Saved, VersionInfo};
use crate::domain::format::Style;
use crate::domain::report::version::{Status, may_approve, may_draft};
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::ui::client;
use crate::ui::form::{DataTable, error_text};
use crate::ui::locale::{local_time, style_of};
use crate::ui::working::Working;
use leptos::prelude::*;
use leptos::task::spawn_local;

fn outcome_text(locale: Locale, outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Created => td_string!(locale, report.created),
        Outcome::Replaced => td_string!(locale, report.replaced),
        Outcome::Unchanged => td_string!(locale, report.unchanged),
    }
}

fn status_text(locale: Locale, status: Status) -> &'static str {
    match status {
        Status::Draft => td_string!(locale, report.draft),
        Status::Approved => td_string!(locale, report.approved),
    }
}

/// The changes from the version before `version` to it.
fn compare(base: &Choice, version: u32) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let url = base.url("diff", &[("from", (version - 1).to_string()), ("to", version.to_string())]);
    let diff = LocalResource::new(move || {
        let url = url.clone();
        async move { client::get::<Diff>(&url).await }
    });
    move || {
        let locale = i18n.get_locale();
        match diff.get() {
            None => ().into_any(),
            Some(Err(error)) => {
                view! { <p class="form-message error">{error_text(locale, &error)}</p> }.into_any()
            }
            Some(Ok(diff)) if diff.changes.is_empty() && diff.chapters.is_empty() => {
                view! { <p class="note" data-testid="no-changes">{t!(i18n, report.no_changes)}</p> }
                    .into_any()
            }
            Some(Ok(diff)) => {
                let shown = |cell: &Option<crate::domain::report::grid::Cell>| {
                    cell.as_ref().map_or_else(String::new, |c| c.display(Style::Indonesian))
                };
                let rows = diff
                    .changes
                    .iter()
                    .map(|change| {
                        view! {
                            <tr data-testid="change">
                                <td>{change.label.clone()}</td>
                                <td>{change.title.clone()}</td>
                                <td>{shown(&change.before)}</td>
                                <td>{shown(&change.after)}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                let chapters = (!diff.chapters.is_empty()).then(|| {
                    let changed = diff
                        .chapters
                        .iter()
                        .map(|c| {
                            let text = |t: &Option<String>| t.clone().unwrap_or_default();
                            view! {
                                <tr data-testid="chapter-change">
                                    <td>{c.title.clone()}</td>
                                    <td class="chapter-text">{text(&c.before)}</td>
                                    <td class="chapter-text">{text(&c.after)}</td>
                                </tr>
                            }
                        })
                        .collect_view();
                    view! {
                        <h3>{t!(i18n, report.chapters_changed)}</h3>
                        <table class="changes" data-testid="chapter-changes">
                            <tbody>{changed}</tbody>
                        </table>
                    }
                });
                view! {
                    {chapters}
                    <table class="changes" data-testid="changes" hidden=diff.changes.is_empty()>
                        <thead>
                            <tr>
                                <th>{t!(i18n, report.row)}</th>
                                <th>{t!(i18n, report.column)}</th>
                                <th>{format!("{} {}", td_string!(locale, report.version), diff.from)}</th>
                                <th>{format!("{} {}", td_string!(locale, report.version), diff.to)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                }
                .into_any()
            }
        }
    }
}

#[component]
pub fn VersionsPanel(
    versions: Vec<VersionInfo>,
    viewing: Option<u32>,
    base: Choice,
    me: Option<Me>,
    view_version: Callback<Option<u32>>,
    changed: Callback<()>,
    /// The outcome of the last call, kept by the page across reloads.
    message: RwSignal<Option<(bool, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let comparing = RwSignal::new(None::<u32>);
    let role = me.as_ref().map(|me| me.role);
    let drafter = role.is_some_and(may_draft);
    let approver = role.is_some_and(may_approve);
    let compiling = RwSignal::new(false);
    let regenerate = {
        let url = base.url("versions", &[]);
        move |_| {
            let url = url.clone();
            compiling.set(true);
            spawn_local(async move {
                let locale = i18n.get_locale_untracked();
                let saved = client::post::<(), Saved>(&url, &()).await;
                compiling.set(false);
                match saved {
                    Ok(saved) => {
                        message.set(Some((true, outcome_text(locale, saved.outcome).to_owned())));
                        changed.run(());
                    }
                    Err(error) => message.set(Some((false, error_text(locale, &error).to_owned()))),
                }
            });
        }
    };
    let rows = versions
        .iter()
        .map(|info| {
            let number = info.version;
            let locale = i18n.get_locale_untracked();
            let approved = match (&info.approved_by, &info.approved_at) {
                (Some(by), Some(at)) => format!("{by}, {}", local_time(locale, at)),
                _ => String::new(),
            };
            let approve = (approver && info.status == Status::Draft && viewing == Some(number)).then(|| {
                let url = base.url(&format!("versions/{number}/approve"), &[]);
                let reviewed = Reviewed { content_hash: info.content_hash.clone() };
                view! {
                    <button type="button" data-testid="approve-version" on:click=move |_| {
                        let (url, reviewed) = (url.clone(), reviewed.clone());
                        spawn_local(async move {
                            let locale = i18n.get_locale_untracked();
                            match client::post::<Reviewed, VersionInfo>(&url, &reviewed).await {
                                Ok(_) => {
                                    message.set(Some((true, td_string!(locale, report.approved_now).to_owned())));
                                    changed.run(());
                                }
                                Err(error) => message.set(Some((false, error_text(locale, &error).to_owned()))),
                            }
                        });
                    }>{t!(i18n, report.approve)}</button>
                }
            });
            let compare_button = (number > 1).then(|| {
                view! {
                    <button type="button" data-testid="compare-version" on:click=move |_| comparing.set(Some(number))>
                        {t!(i18n, report.compare)}
                    </button>
                }
            });
            view! {
                <tr data-testid="version-row" data-status=format!("{:?}", info.status).to_lowercase()>
                    <td>{number}</td>
                    <td data-testid="version-status">
                        {status_text(locale, info.status)}
                        {info.superseded_by.map(|review| format!(" · {} {}", td_string!(locale, report.superseded_by), review.label(style_of(locale))))}
                    </td>
                    <td>{format!("{}, {}", info.generated_by, local_time(locale, &info.generated_at))}</td>
                    <td>{approved}</td>
                    <td class="actions">
                        <button type="button" data-testid="view-version" on:click=move |_| view_version.run(Some(number))>
                            {t!(i18n, report.view)}
                        </button>
                        {approve}
                        {compare_button}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let listed = if versions.is_empty() {
        view! { <p class="note" data-testid="no-versions">{t!(i18n, report.no_versions)}</p> }.into_any()
    } else {
        let headers: Vec<fn(Locale) -> &'static str> = vec![
            |l| td_string!(l, report.version),
            |l| td_string!(l, report.status),
            |l| td_string!(l, report.generated),
            |l| td_string!(l, report.approved_by),
            |_| "",
        ];
        view! { <DataTable test_id="versions" headers=headers>{rows}</DataTable> }.into_any()
    };
    view! {
        <section class="no-print report-versions" data-testid="report-versions">
            <h2>{t!(i18n, report.versions)}</h2>
            {listed}
            <div class="actions">
                {viewing.map(|_| view! {
                    <button type="button" data-testid="view-live" on:click=move |_| view_version.run(None)>
                        {t!(i18n, report.live)}
                    </button>
                })}
                {drafter.then(|| view! {
                    <button type="button" data-testid="regenerate" disabled=move || compiling.get() on:click=regenerate>{t!(i18n, report.regenerate)}</button>
                    {move || compiling.get().then(|| view! { <Working what=|l| td_string!(l, working.compiling_version) /> })}
                })}
            </div>
            {move || message.get().map(|(ok, text)| {
                view! { <p class=if ok { "form-message ok" } else { "form-message error" } role="status" data-testid="version-message">{text}</p> }
            })}
            {move || comparing.get().map(|number| compare(&base, number))}
        </section>
    }
}
