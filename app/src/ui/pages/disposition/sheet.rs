//! One Lembar Disposisi as the printed A4 form (the fields of `domain.md`,
//! with the agency's letterhead), and the addressee's buttons to sign the
//! receipt and to report the task done. The buttons are not printed.

use super::{Directory, date_text, sifat_text, status_text};
use crate::api::disposition::SignRequest;
use crate::domain::disposition::{Disposition, Sifat, Sign};
use crate::domain::letterhead::Letterhead;
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::offline::requests::RequestKind;
use crate::ui::client::ClientError;
use crate::ui::device::{Local, Sent, use_local};
use crate::ui::form::{FormMessage, FormState, enum_text, loaded};
use crate::ui::inbox::use_inbox_refresh;
use crate::ui::locale::local_time_ms;
use crate::ui::printable::{LetterheadHeading, PrintButton, letterhead};
use crate::ui::queued::{DISPOSITION_REQUESTS, QueuedRequests};
use crate::ui::session::use_session;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The addressee's buttons, when `me` has something left to sign.
#[component]
fn SignPanel(sheet: Disposition, done: Callback<Disposition>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let session = use_session();
    let local = use_local();
    let form = FormState::new();
    let note = RwSignal::new(String::new());
    let me = session.me.get_untracked();
    let actor = me.map(|me| crate::domain::org::Actor { user_id: me.id, role: me.role, unit_id: me.unit_id });
    let index = actor.as_ref().and_then(|actor| sheet.receipt_of(actor).filter(|_| sheet.awaits(actor)));
    let Some(index) = index else { return ().into_any() };
    let acknowledged = sheet.receipts[index].acknowledged.is_some();
    let path = format!("/api/v1/dispositions/{}/sign", sheet.id);
    let send = move |sign: Sign| {
        let request = SignRequest { sign, note: note.get_untracked() };
        let path = path.clone();
        form.run(
            locale,
            async move { local.send::<_, Disposition>(RequestKind::SignDisposition, path, &request).await },
            move |sent| match sent {
                Sent::Done(sheet) => done.run(sheet),
                Sent::Queued => form.succeed(td_string!(locale, offline.queued)),
            },
        );
    };
    let send_done = send.clone();
    view! {
        <div class="sign-panel no-print" data-testid="sign-panel">
            <Show when=move || !acknowledged>
                <button type="button" class="primary" data-testid="acknowledge" on:click={
                    let send = send.clone();
                    move |_| send(Sign::Acknowledge)
                }>{t!(i18n, disposition.acknowledge)}</button>
            </Show>
            <label class="field">
                <span>{t!(i18n, disposition.report)}</span>
                <textarea data-testid="done-note" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            </label>
            <button type="button" class="primary" data-testid="complete" on:click=move |_| send_done(Sign::Complete)>
                {t!(i18n, disposition.complete)}
            </button>
            <FormMessage form=form />
        </div>
    }
    .into_any()
}

fn tick(on: bool) -> &'static str {
    if on { "☒" } else { "☐" }
}

/// The printed form.
fn sheet_view(
    locale: Locale,
    sheet: &Disposition,
    directory: &Directory,
    letterhead: Letterhead,
) -> impl IntoView + use<> {
    let draft = &sheet.draft;
    let sifat = Sifat::ALL
        .iter()
        .map(|s| view! { <span class="tick">{tick(*s == draft.sifat)} " " {sifat_text(locale, *s)}</span> })
        .collect_view();
    let to = draft
        .recipients
        .iter()
        .map(|r| view! { <li>{directory.recipient_text(locale, r)}</li> })
        .collect_view();
    let receipts = sheet
        .receipts
        .iter()
        .map(|receipt| {
            let signed = |at: &Option<crate::domain::disposition::Signature>| {
                at.as_ref()
                    .map(|s| format!("{} · {}", s.full_name, local_time_ms(locale, s.at_ms)))
                    .unwrap_or_default()
            };
            let role = receipt.acknowledged.as_ref().map_or_else(
                || directory.recipient_text(locale, &receipt.recipient),
                |s| enum_text(locale, s.role.as_str()).to_owned(),
            );
            view! {
                <tr data-testid="receipt">
                    <td>{role}</td>
                    <td data-testid="receipt-acknowledged">{signed(&receipt.acknowledged)}</td>
                    <td data-testid="receipt-completed">{signed(&receipt.completed)}</td>
                    <td>{receipt.note.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let date = |d: &Option<String>| d.as_deref().map(|d| date_text(locale, d)).unwrap_or_default();
    view! {
        <article class="sheet" data-testid="sheet">
            <LetterheadHeading letterhead=letterhead />
            <h2 class="sheet-title">{t!(use_i18n(), disposition.sheet_title)}</h2>
            <table class="sheet-grid">
                <tbody>
                    <tr>
                        <th>{td_string!(locale, disposition.source_from)}</th><td>{draft.source_from.clone()}</td>
                        <th>{td_string!(locale, disposition.received)}</th><td>{local_time_ms(locale, draft.received_ms)}</td>
                    </tr>
                    <tr>
                        <th>{td_string!(locale, disposition.source_number)}</th><td>{draft.source_number.clone()}</td>
                        <th>{td_string!(locale, disposition.agenda)}</th><td data-testid="sheet-agenda">{sheet.label()}</td>
                    </tr>
                    <tr>
                        <th>{td_string!(locale, disposition.source_date)}</th><td>{date(&draft.source_date)}</td>
                        <th>{td_string!(locale, disposition.sifat)}</th><td>{sifat}</td>
                    </tr>
                    <tr>
                        <th>{td_string!(locale, disposition.perihal)}</th><td colspan="3" data-testid="sheet-perihal">{draft.perihal.clone()}</td>
                    </tr>
                    <tr>
                        <th>{td_string!(locale, disposition.to)}</th><td><ul data-testid="sheet-to">{to}</ul></td>
                        <th>{td_string!(locale, disposition.instruction)}</th><td data-testid="sheet-instruction">{draft.instruction.clone()}</td>
                    </tr>
                    <tr>
                        <th>{td_string!(locale, disposition.deadline)}</th><td colspan="3">{date(&draft.deadline)}</td>
                    </tr>
                    <tr>
                        <th>{td_string!(locale, disposition.notes_kadis)}</th><td colspan="3" class="notes">{draft.notes_kadis.clone()}</td>
                    </tr>
                    <tr>
                        <th>{td_string!(locale, disposition.notes_kabid)}</th><td colspan="3" class="notes">{draft.notes_kabid.clone()}</td>
                    </tr>
                </tbody>
            </table>
            <h3>{td_string!(locale, disposition.receipts)}</h3>
            <table class="sheet-grid">
                <thead>
                    <tr>
                        <th>{td_string!(locale, disposition.position)}</th>
                        <th>{td_string!(locale, disposition.acknowledged)}</th>
                        <th>{td_string!(locale, disposition.completed)}</th>
                        <th>{td_string!(locale, disposition.note)}</th>
                    </tr>
                </thead>
                <tbody>{receipts}</tbody>
            </table>
            <div class="signature">
                <p>{local_time_ms(locale, sheet.issued_ms)}</p>
                <p>{enum_text(locale, sheet.issuer.role.as_str())}</p>
                <p class="signature-space"></p>
                <p class="signature-name" data-testid="sheet-issuer">{sheet.issuer.full_name.clone()}</p>
                <p>{format!("NIP {}", if sheet.issuer.nip.is_empty() { "—" } else { &sheet.issuer.nip })}</p>
            </div>
        </article>
    }
}

#[derive(Clone)]
struct Loaded {
    sheet: Disposition,
    directory: Directory,
    letterhead: Letterhead,
}

async fn load(local: Local, id: String) -> Result<Loaded, ClientError> {
    let sheet = local.read(&format!("/api/v1/dispositions/{id}")).await?;
    Ok(Loaded { sheet, directory: Directory::load(local).await?, letterhead: letterhead(local).await })
}

#[component]
pub fn DispositionSheetPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let changes = RwSignal::new(0u32);
    let refresh_inbox = use_inbox_refresh();
    let done = Callback::new(move |_: Disposition| {
        changes.update(|n| *n += 1);
        refresh_inbox();
    });
    let local = use_local();
    let sheet = LocalResource::new(move || {
        changes.track();
        local.delivered.track();
        load(local, params.with(|p| p.get("id").unwrap_or_default()))
    });
    let content = loaded(sheet, move |Loaded { sheet, directory, letterhead }| {
        let locale = i18n.get_locale_untracked();
        view! {
            <p class="no-print">
                <span data-testid="sheet-status">{status_text(locale, sheet.status())}</span> " "
                <PrintButton>{t!(i18n, disposition.print)}</PrintButton>
            </p>
            <SignPanel sheet=sheet.clone() done=done />
            {sheet_view(locale, &sheet, &directory, letterhead)}
        }
    });
    view! {
        <section class="page disposition-page">
            <p class="no-print"><a href="/disposisi">{t!(i18n, disposition.back)}</a></p>
            <QueuedRequests kinds=DISPOSITION_REQUESTS />
            {content}
        </section>
    }
}
