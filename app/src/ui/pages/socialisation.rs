//! Berita Acara Sosialisasi, the record of steps 5 and 8: for each time a
//! report was socialised, the meeting (date, place), the attendance — users
//! with their confirmation, names typed in — the minutes and the files kept
//! with it (the photographed attendance list), ready to print and sign.
//! Read from the cycle's history through the device store, so a record
//! once opened opens again offline; the rules that read it are the
//! domain's (`cycle::socialisation::records`). Like every document of the
//! agency it is in Indonesian whatever the interface language.

use crate::api::cycle::CycleBoard;
use crate::api::disposition::Person;
use crate::domain::cycle::socialisation::{Record, records};
use crate::domain::format::{Style, format_date, parse_iso_date};
use crate::domain::period::Period;
use crate::domain::report::grid::title;
use crate::i18n::{Locale, t, use_i18n};
use crate::ui::client::ClientError;
use crate::ui::device::use_local;
use crate::ui::form::{enum_text, loaded};
use crate::ui::locale::local_time_ms;
use crate::ui::printable::{CycleDocumentPage, PrintButton};
use crate::ui::session::use_session;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The address of the socialisations of `step` in the cycle of `period`:
/// `/siklus/sosialisasi?periode=2026-TW1&langkah=5`.
pub fn socialisation_href(period: Period, step: u8) -> String {
    format!("/siklus/sosialisasi?periode={period}&langkah={step}")
}

/// A date as the record writes it, `7 April 2026`, or as stored when it is not one.
fn written_date(iso: &str) -> String {
    parse_iso_date(iso).map_or_else(|| iso.to_owned(), |date| format_date(date, Style::Indonesian))
}

/// One socialisation's record.
fn record_view(record: Record, people: &[Person], step_title: &str) -> impl IntoView + use<> {
    let role_of = |id: &str| {
        people.iter().find(|p| p.id == id).map(|p| enum_text(Locale::id, p.role.as_str())).unwrap_or("")
    };
    let attendance = record
        .attendees
        .iter()
        .enumerate()
        .map(|(index, attendee)| {
            let role = attendee.user_id.as_deref().map_or("", role_of);
            let confirmed = match &attendee.acknowledged {
                Some(ack) if ack.comment.trim().is_empty() => local_time_ms(Locale::id, ack.at_ms),
                Some(ack) => format!("{} — {}", local_time_ms(Locale::id, ack.at_ms), ack.comment),
                None if attendee.user_id.is_some() => "Belum".to_owned(),
                None => "—".to_owned(),
            };
            view! {
                <tr data-testid="attendee">
                    <td class="num">{index + 1}</td>
                    <td>{attendee.name.clone()}</td>
                    <td>{role}</td>
                    <td data-testid="attendee-confirmed">{confirmed}</td>
                </tr>
            }
        })
        .collect_view();
    let minutes = record
        .meeting
        .minutes
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| view! { <p>{line.to_owned()}</p> })
        .collect_view();
    let files = record
        .meeting
        .attachments
        .iter()
        .map(|file| {
            let href = format!("/api/v1/evidence/{}", file.sha256);
            view! { <li data-testid="record-attachment"><a href=href target="_blank" rel="noopener">{file.name.clone()}</a></li> }
        })
        .collect_view();
    let recorded = format!(
        "Dicatat oleh {} pada {}",
        record.recorded_by,
        local_time_ms(Locale::id, record.recorded_at_ms)
    );
    view! {
        <section class="socialisation-record" data-testid="socialisation-record">
            <h3>{format!("Langkah {}: {step_title}", record.step)}</h3>
            <table class="record-facts">
                <tbody>
                    <tr><th>"Hari/tanggal"</th><td data-testid="record-date">{written_date(&record.meeting.held_on)}</td></tr>
                    <tr><th>"Tempat"</th><td data-testid="record-place">{record.meeting.place.clone()}</td></tr>
                    <tr><th>"Catatan"</th><td>{record.note.clone()}</td></tr>
                </tbody>
            </table>
            <h4>"Daftar Hadir"</h4>
            <table class="data-table" data-testid="attendance">
                <thead><tr><th>"No."</th><th>"Nama"</th><th>"Jabatan"</th><th>"Konfirmasi"</th></tr></thead>
                <tbody>{attendance}</tbody>
            </table>
            <h4>"Notulen"</h4>
            <div data-testid="record-minutes">{minutes}</div>
            <h4>"Lampiran"</h4>
            <ul>{files}</ul>
            <p class="note">{recorded}</p>
            <footer class="signature">
                <p>"Notulis,"</p>
                <p class="signature-space"></p>
                <p>{format!("({})", record.recorded_by)}</p>
            </footer>
        </section>
    }
}

#[component]
pub fn SocialisationPage() -> impl IntoView {
    let i18n = use_i18n();
    let local = use_local();
    let session = use_session();
    let query = use_query_map();
    let address = move || {
        let query = query.read();
        Some((query.get("periode")?.parse::<Period>().ok()?, query.get("langkah")?.parse::<u8>().ok()?))
    };
    let found = LocalResource::new(move || {
        let address = address().filter(|_| session.signed_in());
        async move {
            let Some((period, step)) = address else { return Ok::<_, ClientError>(None) };
            let board: CycleBoard =
                local.read(&format!("/api/v1/cycles?year={}", period.year_number())).await?;
            let people: Vec<Person> = local.read("/api/v1/people").await?;
            Ok(Some((period, step, board, people)))
        }
    });
    let content = loaded(found, move |found: Option<(Period, u8, CycleBoard, Vec<Person>)>| {
        let Some((period, step, board, people)) = found else {
            return view! { <p class="note">{t!(i18n, socialisation.choose)}</p> }.into_any();
        };
        let history: Vec<_> = board
            .cycles
            .iter()
            .filter(|c| c.period == period)
            .flat_map(|c| c.history.iter().map(|h| (h.event.clone(), h.full_name.clone())))
            .collect();
        let name_of = |id: &str| {
            people.iter().find(|p| p.id == id).map_or_else(|| id.to_owned(), |p| p.full_name.clone())
        };
        let step_title = board.steps.iter().find(|s| s.number == step).map_or("", |s| s.title.as_str());
        let found = records(&history, step, name_of);
        let body = if found.is_empty() {
            view! { <p class="note" data-testid="no-record">{t!(i18n, socialisation.none)}</p> }.into_any()
        } else {
            found.into_iter().map(|record| record_view(record, &people, step_title)).collect_view().into_any()
        };
        view! {
            <div class="no-print report-tools">
                <PrintButton>{t!(i18n, report.print)}</PrintButton>
            </div>
            <article class="report-document" data-testid="socialisation">
                <h2>"Berita Acara Sosialisasi"</h2>
                <p data-testid="socialisation-of">{title(period)}</p>
                {body}
            </article>
        }
        .into_any()
    });
    view! { <CycleDocumentPage>{content}</CycleDocumentPage> }
}
