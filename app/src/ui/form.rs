//! Form pieces shared by every page: labelled inputs and selects that show
//! their field's problem beneath them, and the Indonesian (or English)
//! sentences for the API's error codes and field problems.

use crate::api::FieldProblem;
use crate::api::disposition::Person;
use crate::domain::validate::Problem;
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::ui::client::ClientError;
use crate::ui::gate::NeedSignIn;
use crate::ui::working::Working;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The sentence for a field problem.
/// Why a typed number was refused: unreadable text, or the rule's problem.
pub fn amount_problem(locale: Locale, problem: Problem) -> &'static str {
    match problem {
        Problem::Invalid => td_string!(locale, problem.number),
        other => problem_text(locale, other),
    }
}

pub fn problem_text(locale: Locale, problem: Problem) -> &'static str {
    match problem {
        Problem::Required => td_string!(locale, problem.required),
        Problem::TooLong => td_string!(locale, problem.too_long),
        Problem::Invalid => td_string!(locale, problem.invalid),
        Problem::Negative => td_string!(locale, problem.negative),
        Problem::OutOfRange => td_string!(locale, problem.out_of_range),
        Problem::Duplicate => td_string!(locale, problem.duplicate),
        Problem::UnknownReference => td_string!(locale, problem.unknown_reference),
        Problem::InconsistentTargets => td_string!(locale, problem.inconsistent_targets),
        Problem::WrongPeriod => td_string!(locale, problem.wrong_period),
        Problem::Forbidden => td_string!(locale, problem.forbidden),
        Problem::Locked => td_string!(locale, problem.locked),
    }
}

/// The sentence for a failed call.
pub fn error_text(locale: Locale, error: &ClientError) -> &'static str {
    code_text(locale, error.code())
}

/// The sentence for an error code of the API (or of a refused op).
pub fn code_text(locale: Locale, code: &str) -> &'static str {
    match code {
        "network" => td_string!(locale, errors.network),
        "device_storage_full" => td_string!(locale, errors.device_storage_full),
        "device_storage" => td_string!(locale, errors.device_storage),
        "payload_too_large" => td_string!(locale, errors.payload_too_large),
        "invalid_credentials" => td_string!(locale, errors.invalid_credentials),
        "too_many_attempts" => td_string!(locale, errors.too_many_attempts),
        "forbidden" => td_string!(locale, errors.forbidden),
        "unauthenticated" => td_string!(locale, errors.unauthenticated),
        "password_change_required" => td_string!(locale, errors.password_change_required),
        "validation_failed" => td_string!(locale, errors.validation_failed),
        "not_found" => td_string!(locale, errors.not_found),
        "bad_request" => td_string!(locale, errors.bad_request),
        "period_locked" => td_string!(locale, errors.period_locked),
        "rate_limited" => td_string!(locale, errors.rate_limited),
        "unknown_reference" => td_string!(locale, errors.unknown_reference),
        "out_of_order" => td_string!(locale, errors.out_of_order),
        "op_id_taken" => td_string!(locale, errors.op_id_taken),
        "media_type_not_allowed" => td_string!(locale, errors.media_type_not_allowed),
        "content_mismatch" => td_string!(locale, errors.content_mismatch),
        "out_of_turn" => td_string!(locale, errors.out_of_turn),
        "not_what_was_reviewed" => td_string!(locale, errors.not_what_was_reviewed),
        "draft_changed" => td_string!(locale, errors.draft_changed),
        "input_missing" => td_string!(locale, errors.input_missing),
        "chapter_changed" => td_string!(locale, errors.chapter_changed),
        "chapter_empty" => td_string!(locale, errors.chapter_empty),
        "chapter_too_long" => td_string!(locale, errors.chapter_too_long),
        "meeting_incomplete" => td_string!(locale, errors.meeting_incomplete),
        "attachment_missing" => td_string!(locale, errors.attachment_missing),
        "logo_not_png" => td_string!(locale, errors.logo_not_png),
        "logo_too_large" => td_string!(locale, errors.logo_too_large),
        "logo_dimensions" => td_string!(locale, errors.logo_dimensions),
        _ => td_string!(locale, errors.internal),
    }
}

/// The display name of a stored enum value (`positive`, `seksi`, `kepala_bidang`, …).
pub fn enum_text(locale: Locale, name: &str) -> &'static str {
    match name {
        "positive" => td_string!(locale, label.positive),
        "negative" => td_string!(locale, label.negative),
        "sum" => td_string!(locale, label.sum),
        "last" => td_string!(locale, label.last),
        "average" => td_string!(locale, label.average),
        "max" => td_string!(locale, label.max),
        "min" => td_string!(locale, label.min),
        "cumulative" => td_string!(locale, label.cumulative),
        "per_period" => td_string!(locale, label.per_period),
        "monthly" => td_string!(locale, label.monthly),
        "quarterly" => td_string!(locale, label.quarterly),
        "dinas" => td_string!(locale, label.dinas),
        "sekretariat" => td_string!(locale, label.sekretariat),
        "subbagian" => td_string!(locale, label.subbagian),
        "bidang" => td_string!(locale, label.bidang),
        "seksi" => td_string!(locale, label.seksi),
        "opd" => td_string!(locale, label.opd),
        "instansi" => td_string!(locale, label.instansi),
        "admin" => td_string!(locale, label.admin),
        "sekretaris" => td_string!(locale, label.sekretaris),
        "kepala_bidang" => td_string!(locale, label.kepala_bidang),
        "kasubag_program" => td_string!(locale, label.kasubag_program),
        "kepala_seksi" => td_string!(locale, label.kepala_seksi),
        "staf_evaluasi" => td_string!(locale, label.staf_evaluasi),
        "program" => td_string!(locale, label.program),
        "kegiatan" => td_string!(locale, label.kegiatan),
        "sub_kegiatan" => td_string!(locale, label.sub_kegiatan),
        _ => td_string!(locale, label.kontributor),
    }
}

/// Renders `ok` once `resource` has loaded, the loading note before, or the
/// failure's sentence — for a visitor without a session, the way to sign in.
pub fn loaded<T: Clone + 'static, V: IntoView + 'static>(
    resource: LocalResource<Result<T, ClientError>>,
    ok: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView {
    loaded_while(resource, |l| td_string!(l, master.loading), ok)
}

/// `loaded`, with what is under way named while it loads (a report being
/// compiled, say).
pub fn loaded_while<T: Clone + 'static, V: IntoView + 'static>(
    resource: LocalResource<Result<T, ClientError>>,
    what: fn(Locale) -> &'static str,
    ok: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    move || match resource.get() {
        None => view! { <Working what /> }.into_any(),
        Some(Ok(value)) => ok(value).into_any(),
        Some(Err(error)) if error.code() == "unauthenticated" => view! { <NeedSignIn /> }.into_any(),
        Some(Err(error)) => {
            view! { <p class="form-message error">{error_text(i18n.get_locale(), &error)}</p> }.into_any()
        }
    }
}

/// The state of one form: its refused fields and its message line.
#[derive(Clone, Copy)]
pub struct FormState {
    pub problems: RwSignal<Vec<FieldProblem>>,
    /// A message for the whole form: an error, or a confirmation.
    pub message: RwSignal<Option<(bool, String)>>,
    pub busy: RwSignal<bool>,
}

impl FormState {
    pub fn new() -> FormState {
        FormState {
            problems: RwSignal::new(Vec::new()),
            message: RwSignal::new(None),
            busy: RwSignal::new(false),
        }
    }

    /// Shows a failed call: the sentence for its code and its refused fields.
    pub fn fail(&self, locale: Locale, error: &ClientError) {
        let fields = match error {
            ClientError::Api { body, .. } => body.fields.clone(),
            ClientError::Network => Vec::new(),
        };
        self.problems.set(fields);
        self.message.set(Some((false, error_text(locale, error).to_owned())));
    }

    /// Shows problems found before sending (by the shared domain checks).
    pub fn refuse(&self, locale: Locale, problems: Vec<FieldProblem>) {
        self.problems.set(problems);
        self.message.set(Some((false, td_string!(locale, errors.validation_failed).to_owned())));
    }

    pub fn succeed(&self, text: &str) {
        self.problems.set(Vec::new());
        self.message.set(Some((true, text.to_owned())));
    }

    /// Sends `call` in the background with the form marked busy; on success
    /// runs `done`, on failure shows the error and the refused fields.
    pub fn run<T: 'static>(
        self,
        locale: Locale,
        call: impl Future<Output = Result<T, ClientError>> + 'static,
        done: impl FnOnce(T) + 'static,
    ) {
        self.busy.set(true);
        spawn_local(async move {
            match call.await {
                Ok(value) => done(value),
                Err(error) => self.fail(locale, &error),
            }
            self.busy.set(false);
        });
    }
}

impl Default for FormState {
    fn default() -> Self {
        FormState::new()
    }
}

/// The form's message line.
#[component]
pub fn FormMessage(form: FormState) -> impl IntoView {
    move || {
        form.message.get().map(|(ok, text)| {
            let class = if ok { "form-message ok" } else { "form-message error" };
            view! { <p class=class role="status" data-testid="form-message">{text}</p> }
        })
    }
}

/// The end of a form that adds a record or changes one picked from a
/// table: the message line, the submit button — `add` while adding, "save
/// changes" while `editing` — and, while editing, a button that runs `cancel`.
#[component]
pub fn EditButtons(
    form: FormState,
    editing: Signal<bool>,
    add: Signal<&'static str>,
    cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <FormMessage form=form />
        <div class="buttons">
            <button type="submit" class="primary" disabled=move || form.busy.get()>
                {move || if editing.get() { td_string!(i18n.get_locale(), master.save_changes) } else { add.get() }}
            </button>
            {move || editing.get().then(|| view! {
                <button type="button" class="secondary" on:click=move |_| cancel.run(())>{t!(i18n, master.cancel)}</button>
            })}
        </div>
    }
}

/// The problem of `field`, if the form has one, as a sentence.
pub(crate) fn field_problem(form: FormState, field: &'static str) -> Signal<Option<&'static str>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        form.problems.with(|problems| problems.iter().find(|p| p.field == field).map(|p| p.problem)).map(
            |problem| {
                if problem == Problem::Invalid && field.ends_with("target") {
                    td_string!(i18n.get_locale(), problem.number)
                } else {
                    problem_text(i18n.get_locale(), problem)
                }
            },
        )
    })
}

/// A labelled text input bound to `value`.
#[component]
pub fn TextField(
    label: Signal<&'static str>,
    value: RwSignal<String>,
    field: &'static str,
    form: FormState,
    #[prop(optional)] kind: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    /// A text area for longer text instead of a one-line input.
    #[prop(optional)]
    multiline: bool,
) -> impl IntoView {
    let problem = field_problem(form, field);
    let invalid = move || if problem.get().is_some() { "true" } else { "false" };
    let input = if multiline {
        view! { <textarea name=field bind:value=value aria-invalid=invalid></textarea> }.into_any()
    } else {
        view! { <input name=field type=kind.unwrap_or("text") inputmode=inputmode bind:value=value aria-invalid=invalid /> }
            .into_any()
    };
    view! {
        <label class="field">
            <span class="field-label">{label}</span>
            {input}
            {move || problem.get().map(|text| view! { <span class="field-problem">{text}</span> })}
        </label>
    }
}

/// A labelled select bound to `value`; `options` are (value, label) pairs.
#[component]
pub fn SelectField(
    label: Signal<&'static str>,
    value: RwSignal<String>,
    field: &'static str,
    form: FormState,
    options: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let problem = field_problem(form, field);
    view! {
        <label class="field">
            <span class="field-label">{label}</span>
            <select name=field on:change=move |ev| value.set(event_target_value(&ev)) prop:value=move || value.get()>
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(v, text)| {
                            let selected = value.get_untracked() == v;
                            view! { <option value=v selected=selected>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
            {move || problem.get().map(|text| view! { <span class="field-problem">{text}</span> })}
        </label>
    }
}

/// A table with translated column headers and the given body rows.
#[component]
pub fn DataTable(
    test_id: &'static str,
    headers: Vec<fn(Locale) -> &'static str>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let headers = headers
        .into_iter()
        .map(|header| view! { <th>{move || header(i18n.get_locale())}</th> })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0">
            <table data-testid=test_id>
                <thead>
                    <tr>{headers}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// The values chosen in the multiple select that fired `ev`.
pub fn selected_values(ev: &leptos::ev::Event) -> Vec<String> {
    let select: web_sys::HtmlSelectElement = event_target(ev);
    let options = select.selected_options();
    (0..options.length()).filter_map(|i| options.item(i)).filter_map(|o| o.get_attribute("value")).collect()
}

/// A multiple select of the people who may be named, bound to `chosen`.
#[component]
pub fn PeopleSelect(
    label: &'static str,
    people: Vec<Person>,
    chosen: RwSignal<Vec<String>>,
    test_id: &'static str,
) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let options = people
        .into_iter()
        .map(|p| view! { <option value=p.id>{format!("{} — {}", p.full_name, enum_text(locale, p.role.as_str()))}</option> })
        .collect_view();
    view! {
        <label class="field">
            <span>{label}</span>
            <select multiple data-testid=test_id on:change=move |ev| chosen.set(selected_values(&ev))>{options}</select>
        </label>
    }
}
