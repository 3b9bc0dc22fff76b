//! Kop Surat dan Penandatangan: the agency's letterhead and who signs each
//! kind of document, as every printed page, DOCX and XLSX shows them. The
//! domain checks the form before it is sent (`Letterhead::check`), and the
//! server checks it again.

use super::SaveRow;
use super::logo::LogoField;
use crate::api::FieldProblem;
use crate::domain::letterhead::{Letterhead, Signatory, SignedDocument};
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::ui::client;
use crate::ui::form::{DataTable, FormState, TextField, loaded, problem_text};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// The name of a signed document in the interface language.
fn document_text(locale: Locale, document: SignedDocument) -> &'static str {
    match document {
        SignedDocument::QuarterReport => td_string!(locale, settings.quarter_report),
        SignedDocument::SemesterReport => td_string!(locale, settings.semester_report),
        SignedDocument::AnnualReport => td_string!(locale, settings.annual_report),
        SignedDocument::PkFirstParty => td_string!(locale, settings.pk_first_party),
        SignedDocument::PkSecondParty => td_string!(locale, settings.pk_second_party),
    }
}

/// One document's signatory as typed.
#[derive(Clone, Copy)]
struct Row {
    document: SignedDocument,
    position: RwSignal<String>,
    name: RwSignal<String>,
    nip: RwSignal<String>,
}

impl Row {
    fn new(document: SignedDocument, signatory: Signatory) -> Row {
        Row {
            document,
            position: RwSignal::new(signatory.position),
            name: RwSignal::new(signatory.name),
            nip: RwSignal::new(signatory.nip),
        }
    }

    fn signatory(&self) -> Signatory {
        Signatory {
            position: self.position.get_untracked(),
            name: self.name.get_untracked(),
            nip: self.nip.get_untracked(),
        }
    }
}

/// An input of a signatory's row with its problem, if any, under it.
fn row_input(
    form: FormState,
    row: Row,
    part: &'static str,
    value: RwSignal<String>,
    label: fn(Locale) -> &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let field = format!("signatories.{}.{part}", row.document.as_str());
    let problem = Signal::derive(move || {
        form.problems.with(|problems| {
            problems.iter().find(|p| p.field == field).map(|p| problem_text(i18n.get_locale(), p.problem))
        })
    });
    let locale = i18n.get_locale_untracked();
    view! {
        <td>
            <input aria-label=format!("{} — {}", label(locale), document_text(locale, row.document))
                data-testid=format!("signatory-{part}") bind:value=value
                aria-invalid=move || problem.get().is_some().to_string() />
            {move || problem.get().map(|text| view! { <span class="field-problem">{text}</span> })}
        </td>
    }
}

#[component]
fn LetterheadForm(letterhead: Letterhead) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let logo = letterhead.logo.clone();
    let government = RwSignal::new(letterhead.government.clone());
    let agency = RwSignal::new(letterhead.agency.clone());
    let address = RwSignal::new(letterhead.address.clone());
    let contact = RwSignal::new(letterhead.contact.clone());
    let city = RwSignal::new(letterhead.city.clone());
    let rows: Vec<Row> =
        SignedDocument::ALL.into_iter().map(|d| Row::new(d, letterhead.signatory(d))).collect();
    let kept = rows.clone();
    let save = move |()| {
        let locale = i18n.get_locale_untracked();
        let letterhead = Letterhead {
            government: government.get_untracked(),
            agency: agency.get_untracked(),
            address: address.get_untracked(),
            contact: contact.get_untracked(),
            city: city.get_untracked(),
            signatories: kept.iter().map(|row| (row.document, row.signatory())).collect::<BTreeMap<_, _>>(),
            // The server keeps the logo its own route set.
            logo: None,
        };
        if let Err(fields) = letterhead.check() {
            return form.refuse(locale, fields.iter().map(FieldProblem::from).collect());
        }
        form.run(
            locale,
            async move { client::put("/api/v1/settings/letterhead", &letterhead).await },
            move |()| form.succeed(td_string!(locale, master.saved)),
        );
    };
    let label = |text: fn(Locale) -> &'static str| Signal::derive(move || text(i18n.get_locale()));
    let signatories = rows
        .into_iter()
        .map(|row| {
            view! {
                <tr data-testid="signatory" data-document=row.document.as_str()>
                    <td>{move || document_text(i18n.get_locale(), row.document)}</td>
                    {row_input(form, row, "position", row.position, |l| td_string!(l, settings.position))}
                    {row_input(form, row, "name", row.name, |l| td_string!(l, settings.name))}
                    {row_input(form, row, "nip", row.nip, |l| td_string!(l, settings.nip))}
                </tr>
            }
        })
        .collect_view();
    let headers: Vec<fn(Locale) -> &'static str> = vec![
        |l| td_string!(l, settings.document),
        |l| td_string!(l, settings.position),
        |l| td_string!(l, settings.name),
        |l| td_string!(l, settings.nip),
    ];
    view! {
        <div data-testid="letterhead-form">
            <div class="form-grid">
                <TextField label=label(|l| td_string!(l, settings.government)) value=government field="government" form=form />
                <TextField label=label(|l| td_string!(l, settings.agency)) value=agency field="agency" form=form />
                <TextField label=label(|l| td_string!(l, settings.address)) value=address field="address" form=form />
                <TextField label=label(|l| td_string!(l, settings.contact)) value=contact field="contact" form=form />
                <TextField label=label(|l| td_string!(l, settings.city)) value=city field="city" form=form />
            </div>
            <LogoField kept=logo />
            <h3>{t!(i18n, settings.signatories)}</h3>
            <DataTable test_id="signatories" headers=headers>{signatories}</DataTable>
            <SaveRow test_id="save-letterhead" form=form save=Callback::new(save) />
        </div>
    }
}

#[component]
pub fn LetterheadSection() -> impl IntoView {
    let i18n = use_i18n();
    let letterhead = LocalResource::new(|| client::get::<Letterhead>("/api/v1/settings/letterhead"));
    view! {
        <h2>{t!(i18n, settings.letterhead_title)}</h2>
        <p class="note">{t!(i18n, settings.letterhead_lead)}</p>
        {loaded(letterhead, |letterhead| view! { <LetterheadForm letterhead=letterhead /> })}
    }
}
