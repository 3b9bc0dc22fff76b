//! Disposisi: the agenda register of Lembar Disposisi the user may read
//! (newest first, with where each stands) and, for the structural positions,
//! the form that issues a new one. The sheet is checked in the browser with
//! the shared domain rules before it is sent; the server numbers it.

mod sheet;

pub use sheet::DispositionSheetPage;

use crate::api::FieldProblem;
use crate::api::disposition::{NewDisposition, Person};
use crate::domain::disposition::{Disposition, Draft, Recipient, Sifat, Status, may_issue};
use crate::domain::format::{format_date, parse_iso_date};
use crate::domain::org::{Role, Unit};
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::offline::requests::RequestKind;
use crate::ui::client::ClientError;
use crate::ui::device::{Local, Sent, use_local};
use crate::ui::form::{
    DataTable, FormMessage, FormState, PeopleSelect, SelectField, TextField, enum_text, loaded,
    selected_values,
};
use crate::ui::ids::new_uuid;
use crate::ui::locale::{local_time_ms, style_of};
use crate::ui::queued::{DISPOSITION_REQUESTS, QueuedRequests};
use crate::ui::session::use_session;
use leptos::prelude::*;
use leptos_router::components::A;

pub fn sifat_text(locale: Locale, sifat: Sifat) -> &'static str {
    match sifat {
        Sifat::Biasa => td_string!(locale, disposition.biasa),
        Sifat::Segera => td_string!(locale, disposition.segera),
        Sifat::SangatSegera => td_string!(locale, disposition.sangat_segera),
        Sifat::Rahasia => td_string!(locale, disposition.rahasia),
    }
}

pub fn status_text(locale: Locale, status: Status) -> &'static str {
    match status {
        Status::Sent => td_string!(locale, disposition.status_sent),
        Status::Received => td_string!(locale, disposition.status_received),
        Status::Done => td_string!(locale, disposition.status_done),
    }
}

/// The people and units a sheet's addressees are named by.
#[derive(Clone, Default)]
pub struct Directory {
    pub people: Vec<Person>,
    pub units: Vec<Unit>,
}

impl Directory {
    pub async fn load(local: Local) -> Result<Directory, ClientError> {
        Ok(Directory {
            people: local.read("/api/v1/people").await?,
            units: local.read("/api/v1/units").await?,
        })
    }

    /// An addressee as the reader knows them: a role's name (with the unit
    /// it is addressed within), or a person's.
    pub fn recipient_text(&self, locale: Locale, recipient: &Recipient) -> String {
        match recipient {
            Recipient::Role { role, unit_id } => {
                let role = enum_text(locale, role.as_str());
                match unit_id {
                    None => role.to_owned(),
                    Some(id) => {
                        let unit = self.units.iter().find(|u| &u.id == id).map_or(id.as_str(), |u| &u.name);
                        format!("{role} — {unit}")
                    }
                }
            }
            Recipient::User { user_id } => {
                self.people.iter().find(|p| &p.id == user_id).map_or(user_id.clone(), |p| p.full_name.clone())
            }
        }
    }

    /// The units that hold someone who may be addressed, by name.
    fn staffed_units(&self) -> Vec<(String, String)> {
        self.units
            .iter()
            .filter(|u| self.people.iter().any(|p| p.unit_id.as_ref() == Some(&u.id)))
            .map(|u| (u.id.clone(), u.name.clone()))
            .collect()
    }
}

/// An ISO date as the reader writes it; the text itself if it is not one.
pub fn date_text(locale: Locale, iso: &str) -> String {
    parse_iso_date(iso).map_or(iso.to_owned(), |date| format_date(date, style_of(locale)))
}

fn register(locale: Locale, sheets: &[Disposition], directory: &Directory) -> impl IntoView + use<> {
    let rows = sheets
        .iter()
        .map(|sheet| {
            let to: Vec<String> =
                sheet.draft.recipients.iter().map(|r| directory.recipient_text(locale, r)).collect();
            let deadline = sheet.draft.deadline.as_deref().map(|d| date_text(locale, d)).unwrap_or_default();
            let perihal = sheet.draft.perihal.clone();
            view! {
                <tr data-testid="register-row" data-id=sheet.id.clone()>
                    <td>{sheet.label()}</td>
                    <td>{local_time_ms(locale, sheet.draft.received_ms)}</td>
                    <td><A href=format!("/disposisi/{}", sheet.id)>{perihal}</A></td>
                    <td>{sifat_text(locale, sheet.draft.sifat)}</td>
                    <td>{to.join(", ")}</td>
                    <td>{deadline}</td>
                    <td data-testid="register-status">{status_text(locale, sheet.status())}</td>
                </tr>
            }
        })
        .collect_view();
    let headers: Vec<fn(Locale) -> &'static str> = vec![
        |l| td_string!(l, disposition.agenda),
        |l| td_string!(l, disposition.received),
        |l| td_string!(l, disposition.perihal),
        |l| td_string!(l, disposition.sifat),
        |l| td_string!(l, disposition.to),
        |l| td_string!(l, disposition.deadline),
        |l| td_string!(l, disposition.status),
    ];
    view! { <DataTable test_id="register" headers=headers>{rows}</DataTable> }
}

/// A moment as a `datetime-local` input shows it, on the user's clock.
fn local_input(ms: f64) -> String {
    let at = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        at.get_full_year(),
        at.get_month() + 1,
        at.get_date(),
        at.get_hours(),
        at.get_minutes()
    )
}

fn optional(text: String) -> Option<String> {
    let text = text.trim().to_owned();
    (!text.is_empty()).then_some(text)
}

/// The form that issues a sheet.
#[component]
fn IssueForm(directory: Directory, done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let form = FormState::new();
    let local = use_local();
    let received = RwSignal::new(local_input(js_sys::Date::now()));
    let [source_from, source_number, source_date, perihal, instruction, deadline, notes_kadis, notes_kabid] =
        std::array::from_fn(|_| RwSignal::new(String::new()));
    let sifat = RwSignal::new(Sifat::Biasa.as_str().to_owned());
    let roles = RwSignal::new(Vec::<String>::new());
    let role_unit = RwSignal::new(String::new());
    let persons = RwSignal::new(Vec::<String>::new());
    let role_options = Role::ALL
        .into_iter()
        .filter(|role| *role != Role::Admin)
        .map(|role| view! { <option value=role.as_str()>{enum_text(locale, role.as_str())}</option> })
        .collect_view();
    let unit_options = {
        let staffed = directory.staffed_units();
        Signal::derive(move || {
            std::iter::once((String::new(), td_string!(locale, disposition.whole_agency).to_owned()))
                .chain(staffed.clone())
                .collect()
        })
    };
    let sifat_options = Signal::derive(move || {
        Sifat::ALL.iter().map(|s| (s.as_str().to_owned(), sifat_text(locale, *s).to_owned())).collect()
    });
    let issue = move |_| {
        let received_ms =
            js_sys::Date::new(&wasm_bindgen::JsValue::from_str(&received.get_untracked())).get_time();
        let unit_id = optional(role_unit.get_untracked());
        let recipients = roles
            .get_untracked()
            .iter()
            .filter_map(|r| Role::parse(r))
            .map(|role| Recipient::Role { role, unit_id: unit_id.clone() })
            .chain(persons.get_untracked().into_iter().map(|user_id| Recipient::User { user_id }))
            .collect();
        let draft = Draft {
            received_ms: if received_ms.is_nan() { -1 } else { received_ms as i64 },
            source_from: source_from.get_untracked(),
            source_number: source_number.get_untracked(),
            source_date: optional(source_date.get_untracked()),
            perihal: perihal.get_untracked(),
            sifat: Sifat::ALL
                .into_iter()
                .find(|s| s.as_str() == sifat.get_untracked())
                .unwrap_or(Sifat::Biasa),
            recipients,
            instruction: instruction.get_untracked(),
            deadline: optional(deadline.get_untracked()),
            notes_kadis: notes_kadis.get_untracked(),
            notes_kabid: notes_kabid.get_untracked(),
            unit_id: None,
            period: None,
        };
        if let Err(fields) = draft.check() {
            form.refuse(locale, fields.iter().map(FieldProblem::from).collect());
            return;
        }
        let request = NewDisposition { id: new_uuid(), draft };
        let path = "/api/v1/dispositions".to_owned();
        form.run(
            locale,
            async move { local.send::<_, Disposition>(RequestKind::IssueDisposition, path, &request).await },
            move |sent| match sent {
                Sent::Done(sheet) => {
                    form.succeed(&format!("{} {}", td_string!(locale, disposition.issued), sheet.label()));
                    done.run(());
                }
                Sent::Queued => form.succeed(td_string!(locale, offline.queued)),
            },
        );
    };
    let label = |text: &'static str| Signal::derive(move || text);
    view! {
        <details class="issue-form" data-testid="issue-form">
            <summary>{t!(i18n, disposition.new_sheet)}</summary>
            <div class="form-grid">
                <TextField label=label(td_string!(locale, disposition.received)) value=received field="received_ms" form=form kind="datetime-local" />
                <TextField label=label(td_string!(locale, disposition.source_from)) value=source_from field="source_from" form=form />
                <TextField label=label(td_string!(locale, disposition.source_number)) value=source_number field="source_number" form=form />
                <TextField label=label(td_string!(locale, disposition.source_date)) value=source_date field="source_date" form=form kind="date" />
                <TextField label=label(td_string!(locale, disposition.perihal)) value=perihal field="perihal" form=form />
                <SelectField label=label(td_string!(locale, disposition.sifat)) value=sifat field="sifat" form=form options=sifat_options />
                <label class="field">
                    <span class="field-label">{t!(i18n, disposition.to_roles)}</span>
                    <select multiple data-testid="to-roles" on:change=move |ev| roles.set(selected_values(&ev))>{role_options}</select>
                </label>
                <SelectField label=label(td_string!(locale, disposition.role_unit)) value=role_unit field="recipient_unit" form=form options=unit_options />
                <PeopleSelect label=td_string!(locale, disposition.to_people) people=directory.people chosen=persons test_id="to-people" />
                <TextField label=label(td_string!(locale, disposition.instruction)) value=instruction field="instruction" form=form multiline=true />
                <TextField label=label(td_string!(locale, disposition.deadline)) value=deadline field="deadline" form=form kind="date" />
                <TextField label=label(td_string!(locale, disposition.notes_kadis)) value=notes_kadis field="notes_kadis" form=form multiline=true />
                <TextField label=label(td_string!(locale, disposition.notes_kabid)) value=notes_kabid field="notes_kabid" form=form multiline=true />
            </div>
            <p class="field-problem" data-testid="recipients-problem">
                {move || form.problems.with(|problems| problems.iter().find_map(|p| match p.field.as_str() {
                    "recipients" => Some(td_string!(locale, disposition.recipients_required)),
                    "recipient_unit" => Some(td_string!(locale, disposition.unit_required)),
                    _ => None,
                }))}
            </p>
            <button type="button" class="primary" data-testid="issue" disabled=move || form.busy.get() on:click=issue>
                {t!(i18n, disposition.issue)}
            </button>
            <FormMessage form=form />
        </details>
    }
}

#[component]
pub fn DispositionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let changes = RwSignal::new(0u32);
    let done = Callback::new(move |()| changes.update(|n| *n += 1));
    // The people and units load once: the form built from them keeps its message
    // while the register reloads after each new sheet.
    let local = use_local();
    let directory = LocalResource::new(move || Directory::load(local));
    let sheets = LocalResource::new(move || {
        changes.track();
        local.delivered.track();
        async move { local.read::<Vec<Disposition>>("/api/v1/dispositions").await }
    });
    // The register alone tells a visitor without a session how to sign in.
    let form = move || {
        session.signed_in().then(|| {
            loaded(directory, move |directory: Directory| {
                let issuing = session.me.get().is_some_and(|me| may_issue(me.role));
                issuing.then(|| view! { <IssueForm directory=directory done=done /> })
            })
        })
    };
    let list = loaded(sheets, move |sheets: Vec<Disposition>| {
        let locale = i18n.get_locale_untracked();
        if sheets.is_empty() {
            return view! { <p class="note" data-testid="no-dispositions">{t!(i18n, disposition.none)}</p> }
                .into_any();
        }
        let directory = directory.get().and_then(Result::ok).unwrap_or_default();
        register(locale, &sheets, &directory).into_any()
    });
    view! {
        <section class="page">
            <h1 data-testid="page-title">{t!(i18n, nav.disposition)}</h1>
            <p class="lead">{t!(i18n, disposition.lead)}</p>
            <QueuedRequests kinds=DISPOSITION_REQUESTS />
            {form}
            {list}
        </section>
    }
}
