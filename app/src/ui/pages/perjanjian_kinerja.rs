//! Perjanjian Kinerja: the agreement of the agency or a unit for a year as
//! it is printed and signed (PermenPAN-RB 53/2014's form, portrait A4) —
//! the letterhead, the statement naming both parties, their signatures, and
//! the appendix of targets by sasaran and programmes with their ceilings.
//! Everything on it is `domain::perjanjian_kinerja`'s, read through the
//! device store (so one opened online opens offline); the DOCX is the
//! server's layout of the same value. In Indonesian whatever the interface
//! language, like every document of the agency.

use super::reports::document::table;
use crate::domain::letterhead::{Letterhead, Signatory, SignedDocument};
use crate::domain::org::Unit;
use crate::domain::perjanjian_kinerja::PerjanjianKinerja;
use crate::domain::report::grid::{pk_grid, program_ceilings_grid};
use crate::i18n::{t, use_i18n};
use crate::ui::client::ClientError;
use crate::ui::device::use_local;
use crate::ui::download::Download;
use crate::ui::form::loaded;
use crate::ui::gate::SignedOutNote;
use crate::ui::printable::{LetterheadHeading, PrintButton, letterhead};
use crate::ui::session::use_session;
use crate::ui::year_choice::{YearSelect, year_in_query};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The address of an agreement: `/laporan/pk?tahun=2026&unit=…` (no unit: the agency's, or the user's own).
pub fn agreement_href(year: i32, unit: &str) -> String {
    if unit.is_empty() {
        format!("/laporan/pk?tahun={year}")
    } else {
        format!("/laporan/pk?tahun={year}&unit={}", js_sys::encode_uri_component(unit))
    }
}

/// One party's signature block: its side, the post, room to sign, the name and NIP.
fn party_block(
    side: &'static str,
    party: &Signatory,
    place_and_date: Option<String>,
) -> impl IntoView + use<> {
    let block = party.block(place_and_date.unwrap_or_default());
    view! {
        <div class="signature pk-party" data-testid=format!("pk-{}", side.to_lowercase().replace(' ', "-"))>
            <p>{block.place_and_date}</p>
            <p>{format!("{side},")}</p>
            <p>{block.position}</p>
            <p class="signature-space"></p>
            <p class="signature-name">{block.name}</p>
            <p>{block.nip}</p>
        </div>
    }
}

/// Both parties side by side, the second on the left as the form has it.
fn signatures(pk: &PerjanjianKinerja, place_and_date: &str) -> impl IntoView + use<> {
    view! {
        <div class="pk-signatures">
            {party_block("Pihak Kedua", &pk.second_party, None)}
            {party_block("Pihak Pertama", &pk.first_party, Some(place_and_date.to_owned()))}
        </div>
    }
}

fn document(pk: PerjanjianKinerja, letterhead: Letterhead) -> impl IntoView {
    let place = letterhead.signature(SignedDocument::PkFirstParty).place_and_date;
    let statement = pk.statement().into_iter().map(|p| view! { <p>{p}</p> }).collect_view();
    view! {
        <article class="pk-doc" data-testid="pk-doc">
            <LetterheadHeading letterhead=letterhead />
            <h2 class="sheet-title" data-testid="pk-title">{pk.title().to_uppercase()}</h2>
            <p class="pk-unit" data-testid="pk-unit">{pk.unit_name.to_uppercase()}</p>
            <div class="pk-statement" data-testid="pk-statement">{statement}</div>
            {signatures(&pk, &place)}
            <section class="pk-appendix">
                <h3>{format!("Lampiran {}", pk.title())}</h3>
                <p>{pk.unit_name.clone()}</p>
                {table("pk-targets", &pk_grid(&pk.sasaran))}
                {table("pk-programs", &program_ceilings_grid(&pk.programs, pk.total_pagu))}
                {signatures(&pk, &place)}
            </section>
        </article>
    }
}

#[component]
pub fn PerjanjianKinerjaPage() -> impl IntoView {
    let i18n = use_i18n();
    let local = use_local();
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let year = year_in_query();
    let chosen = move || Some((year.get()?, query.read().get("unit").unwrap_or_default()));
    let found = LocalResource::new(move || {
        let chosen = chosen().filter(|_| session.signed_in());
        async move {
            let Some((year, unit)) = chosen else { return Ok::<_, ClientError>(None) };
            let unit_query = if unit.is_empty() {
                String::new()
            } else {
                format!("?unit={}", js_sys::encode_uri_component(&unit))
            };
            let pk: PerjanjianKinerja =
                local.read(&format!("/api/v1/perjanjian-kinerja/{year}{unit_query}")).await?;
            let units: Vec<Unit> = local.read("/api/v1/units").await?;
            Ok(Some((pk, units, letterhead(local).await)))
        }
    });
    let go =
        move |year: i32, unit: String| navigate(&agreement_href(year, &unit), NavigateOptions::default());
    let content = loaded(found, move |found: Option<(PerjanjianKinerja, Vec<Unit>, Letterhead)>| {
        let Some((pk, units, letterhead)) = found else { return ().into_any() };
        let sees_all = session.me.with_untracked(|me| me.as_ref().is_some_and(|me| me.actor().sees_all()));
        let (year, unit) = (pk.year, pk.unit_id.clone());
        let go_unit = go.clone();
        let go_year = go.clone();
        let chosen_unit = unit.clone();
        let pick_year = Callback::new(move |year: i32| go_year(year, chosen_unit.clone()));
        let unit_select = sees_all.then(|| {
            let options = units
                .iter()
                .filter(|u| u.active && !u.kind.is_external())
                .map(|u| view! { <option value=u.id.clone() selected=u.id == unit>{u.name.clone()}</option> })
                .collect_view();
            view! {
                <label>
                    {t!(i18n, report.unit)} " "
                    <select data-testid="pk-unit-choice" on:change=move |ev| go_unit(year, event_target_value(&ev))>{options}</select>
                </label>
            }
        });
        let docx = format!(
            "/api/v1/perjanjian-kinerja/{year}/docx?unit={}",
            js_sys::encode_uri_component(&pk.unit_id)
        );
        view! {
            <div class="no-print report-tools">
                <YearSelect year=year test_id="pk-year" pick=pick_year />
                {unit_select}
                <PrintButton>{t!(i18n, report.print)}</PrintButton>
                <Download class="button" href=docx test_id="export-docx".to_owned()>"DOCX"</Download>
            </div>
            {document(pk, letterhead)}
        }
        .into_any()
    });
    view! {
        <section class="page">
            <h1 class="no-print" data-testid="page-title">{t!(i18n, pk.title)}</h1>
            <SignedOutNote />
            {content}
        </section>
    }
}
