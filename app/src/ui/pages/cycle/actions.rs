//! What the signed-in user may do next on a cycle, shown only when it is
//! their turn (the server decides again): start a cycle, mark a step done,
//! record a socialisation (its meeting, files and the officials informed),
//! acknowledge one,
//! answer Ya or Tidak, send a revision, pass over a missing input with a
//! reason, approve or reopen.

use super::today_iso;
use crate::api::Me;
use crate::api::cycle::{ActionRequest, CycleView};
use crate::api::disposition::Person;
use crate::domain::cycle::socialisation::Attachment;
use crate::domain::cycle::{
    Action, Decision, Input, Meeting, Phase, Staffing, StepDef, StepKind, acts_as, may_name, may_revise,
};
use crate::domain::evidence::picker_accept;
use crate::domain::org::{Actor, Role, Unit, UnitKind, UnitTree};
use crate::domain::period::Period;
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::offline::requests::RequestKind;
use crate::ui::device::{Local, Sent, use_local};
use crate::ui::form::{FormMessage, FormState, PeopleSelect, code_text, selected_values};
use crate::ui::ids::new_uuid;
use crate::ui::locale::style_of;
use crate::ui::picked_file::keep_picked;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Sends `action` on the cycle of `period` through the device's queue;
/// `done` runs once it is recorded, and an action kept offline says so.
fn send(local: Local, form: FormState, locale: Locale, period: Period, action: Action, done: Callback<()>) {
    if let Err(error) = action.check() {
        form.message.set(Some((false, code_text(locale, error.code()).to_owned())));
        return;
    }
    let path = format!("/api/v1/cycles/{period}/actions");
    let request = ActionRequest { id: new_uuid(), action };
    form.run(
        locale,
        async move { local.send::<_, CycleView>(RequestKind::CycleAction, path, &request).await },
        move |sent| match sent {
            Sent::Done(_) => done.run(()),
            Sent::Queued => form.succeed(td_string!(locale, offline.queued)),
        },
    );
}

/// A multi-line text box bound to `value`.
#[component]
fn Text(label: &'static str, value: RwSignal<String>, test_id: &'static str) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <textarea data-testid=test_id prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea>
        </label>
    }
}

/// A button of the form, disabled while a call is under way.
#[component]
fn Act(form: FormState, test_id: &'static str, label: &'static str, on_click: Callback<()>) -> impl IntoView {
    view! {
        <button type="button" class="primary" data-testid=test_id disabled=move || form.busy.get() on:click=move |_| on_click.run(())>
            {label}
        </button>
    }
}

fn input_text(locale: Locale, input: Input) -> &'static str {
    match input {
        Input::Plan => td_string!(locale, cycle.input_plan),
        Input::MonthlyData => td_string!(locale, cycle.input_monthly_data),
        Input::QuarterReports => td_string!(locale, cycle.input_quarter_reports),
        Input::SemesterReports => td_string!(locale, cycle.input_semester_reports),
    }
}

/// Passing over a missing input of the current step, with the reason.
#[component]
fn Waive(inputs: Vec<Input>, period: Period, form: FormState, done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let local = use_local();
    let chosen = RwSignal::new(inputs.first().copied());
    let reason = RwSignal::new(String::new());
    let options = inputs
        .iter()
        .enumerate()
        .map(|(i, input)| view! { <option value=i>{input_text(locale, *input)}</option> })
        .collect_view();
    let pick = move |ev| {
        let index = event_target_value(&ev).parse::<usize>().ok();
        chosen.set(index.and_then(|i| inputs.get(i).copied()));
    };
    let waive = Callback::new(move |()| {
        if let Some(input) = chosen.get_untracked() {
            send(local, form, locale, period, Action::Waive { input, reason: reason.get_untracked() }, done);
        }
    });
    view! {
        <details class="waive">
            <summary>{t!(i18n, cycle.waive_lead)}</summary>
            <label class="field">
                <span>{t!(i18n, cycle.input)}</span>
                <select data-testid="waive-input" on:change=pick>{options}</select>
            </label>
            <Text label=td_string!(locale, cycle.reason) value=reason test_id="waive-reason" />
            <Act form=form test_id="waive" label=td_string!(locale, cycle.waive) on_click=waive />
        </details>
    }
}

/// A one-line text box bound to `value`, of HTML input type `kind`.
#[component]
fn Line(
    label: &'static str,
    value: RwSignal<String>,
    test_id: &'static str,
    kind: &'static str,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <input type=kind data-testid=test_id prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
        </label>
    }
}

/// Socialisation: the meeting — its date (today unless changed), place,
/// minutes and files (the photographed attendance list) — and the officials
/// informed, users of the app or named in text.
#[component]
fn Socialise(
    step: u8,
    people: Vec<Person>,
    note: RwSignal<String>,
    form: FormState,
    act: Callback<Action>,
) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let local = use_local();
    let officials = RwSignal::new(String::new());
    let informed = RwSignal::new(Vec::<String>::new());
    let held_on = RwSignal::new(today_iso());
    let place = RwSignal::new(String::new());
    let minutes = RwSignal::new(String::new());
    let files = RwSignal::new(Vec::<Attachment>::new());
    let pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(picked) = input.files() else { return };
        for file in (0..picked.length()).filter_map(|i| picked.get(i)) {
            spawn_local(async move {
                match keep_picked(local, &file).await {
                    Ok(meta) => files.update(|files| {
                        if !files.iter().any(|f| f.sha256 == meta.sha256) {
                            files.push(Attachment { sha256: meta.sha256, name: meta.file_name });
                        }
                    }),
                    Err(unfit) => form.message.set(Some((false, unfit.text(locale)))),
                }
            });
        }
        input.set_value("");
    };
    let listed = move || {
        files
            .get()
            .into_iter()
            .map(|file| view! { <li data-testid="attachment">{file.name}</li> })
            .collect_view()
    };
    let record = Callback::new(move |()| {
        let text = officials.get_untracked();
        let officials = text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
        let meeting = Meeting {
            held_on: held_on.get_untracked(),
            place: place.get_untracked(),
            minutes: minutes.get_untracked(),
            attachments: files.get_untracked(),
        };
        act.run(Action::Socialise {
            step,
            officials,
            informed: informed.get_untracked(),
            note: note.get_untracked(),
            meeting,
        });
    });
    view! {
        <Line label=td_string!(locale, cycle.held_on) value=held_on test_id="held-on" kind="date" />
        <Line label=td_string!(locale, cycle.place) value=place test_id="place" kind="text" />
        <PeopleSelect label=td_string!(locale, cycle.informed) people=people chosen=informed test_id="informed" />
        <Text label=td_string!(locale, cycle.officials) value=officials test_id="officials" />
        <Text label=td_string!(locale, cycle.minutes_text) value=minutes test_id="minutes" />
        <label class="field">
            <span>{td_string!(locale, cycle.attachments)}</span>
            <input type="file" data-testid="attachments" accept=picker_accept() multiple on:change=pick />
        </label>
        <ul class="attachments">{listed}</ul>
        <Text label=td_string!(locale, cycle.note) value=note test_id="note" />
        <Act form=form test_id="socialise" label=td_string!(locale, cycle.socialise) on_click=record />
    }
}

/// An official informed at a socialisation confirms it, with comments.
#[component]
fn Acknowledge(steps: Vec<u8>, form: FormState, act: Callback<Action>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let comment = RwSignal::new(String::new());
    steps
        .into_iter()
        .map(|step| {
            let confirm = Callback::new(move |()| act.run(Action::Acknowledge { step, comment: comment.get_untracked() }));
            view! {
                <div class="acknowledge" data-testid="acknowledge-form">
                    <p class="note">{t!(i18n, cycle.acknowledge_lead)}</p>
                    <Text label=td_string!(locale, cycle.acknowledge_comment) value=comment test_id="acknowledge-comment" />
                    <Act form=form test_id="acknowledge" label=td_string!(locale, cycle.acknowledge) on_click=confirm />
                </div>
            }
        })
        .collect_view()
}

/// Ya, or Tidak with the comments and the units that must revise.
#[component]
fn Review(units: Vec<Unit>, note: RwSignal<String>, form: FormState, act: Callback<Action>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let chosen = RwSignal::new(Vec::<String>::new());
    let options = units
        .iter()
        .filter(|u| {
            matches!(u.kind, UnitKind::Seksi | UnitKind::Subbagian | UnitKind::Opd | UnitKind::Instansi)
        })
        .map(|u| view! { <option value=u.id.clone()>{format!("{} — {}", u.code, u.name)}</option> })
        .collect_view();
    let pick = move |ev: leptos::ev::Event| chosen.set(selected_values(&ev));
    let answer = move |decision: Decision| {
        let units = if decision == Decision::Tidak { chosen.get_untracked() } else { Vec::new() };
        act.run(Action::Review { decision, comments: note.get_untracked(), units });
    };
    view! {
        <Text label=td_string!(locale, cycle.comments) value=note test_id="note" />
        <label class="field">
            <span>{t!(i18n, cycle.units)}</span>
            <select multiple data-testid="review-units" on:change=pick>{options}</select>
        </label>
        <div class="actions">
            <Act form=form test_id="review-ya" label=td_string!(locale, cycle.ya) on_click=Callback::new(move |()| answer(Decision::Ya)) />
            <Act form=form test_id="review-tidak" label=td_string!(locale, cycle.tidak) on_click=Callback::new(move |()| answer(Decision::Tidak)) />
        </div>
    }
}

/// The actions on `cycle` that are `me`'s to take now.
#[component]
pub fn CycleActions(
    cycle: CycleView,
    steps: Vec<StepDef>,
    units: Vec<Unit>,
    people: Vec<Person>,
    me: Me,
    done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let form = FormState::new();
    let local = use_local();
    let period = cycle.period;
    let note = RwSignal::new(String::new());
    let act = Callback::new(move |action: Action| send(local, form, locale, period, action, done));
    let noted =
        move |make: fn(String) -> Action| Callback::new(move |()| act.run(make(note.get_untracked())));
    let note_box = move || view! { <Text label=td_string!(locale, cycle.note) value=note test_id="note" /> };
    let actor = Actor { user_id: me.id.clone(), role: me.role, unit_id: me.unit_id.clone() };
    let staffing = Staffing::new(people.iter().map(|p| (p.role, p.unit_id.as_deref())));
    let tree = UnitTree::new(units.iter().map(|u| (u.id.as_str(), u.parent_id.as_deref())));
    let answered = actor.role == Role::KepalaBidang
        && actor.unit_id.as_ref().is_some_and(|unit| cycle.endorsed.contains(unit));
    let mine = !answered && cycle.turn.is_some_and(|role| acts_as(&actor, role, &staffing));
    let kind_of = |step: u8| steps.iter().find(|s| s.number == step).map(|d| d.kind);
    // The sekretaris may take any review, whoever's turn it is.
    let reviews = matches!(cycle.phase, Phase::Step { step } if kind_of(step) == Some(StepKind::Review))
        && me.role == Role::Sekretaris;
    let panel = match (&cycle.phase, mine || reviews) {
        (Phase::Step { step }, true) => {
            let step = *step;
            let def = steps.iter().find(|s| s.number == step).cloned();
            let kind = def.as_ref().map(|d| d.kind);
            let inputs = def.map(|d| d.inputs).unwrap_or_default();
            let main = match kind {
                Some(StepKind::Socialise) => {
                    view! { <Socialise step=step people=people note=note form=form act=act /> }.into_any()
                }
                Some(StepKind::Review) => {
                    let nameable: Vec<Unit> = units.into_iter().filter(|u| may_name(&actor, &u.id, &tree)).collect();
                    view! { <Review units=nameable note=note form=form act=act /> }.into_any()
                }
                _ => {
                    let complete = Callback::new(move |()| act.run(Action::Complete { step, note: note.get_untracked() }));
                    view! {
                        {note_box()}
                        <Act form=form test_id="complete" label=td_string!(locale, cycle.complete) on_click=complete />
                    }
                    .into_any()
                }
            };
            view! { {main} <Waive inputs=inputs period=period form=form done=done /> }.into_any()
        }
        (Phase::Revision { units: pending, .. }, _) => {
            let revisable: Vec<&Unit> = units
                .iter()
                .filter(|u| pending.contains(&u.id) && may_revise(&actor, &u.id, &tree, &staffing))
                .collect();
            let chosen = RwSignal::new(revisable.first().map(|u| u.id.clone()).unwrap_or_default());
            let options = revisable
                .iter()
                .map(|u| view! { <option value=u.id.clone()>{format!("{} — {}", u.code, u.name)}</option> })
                .collect_view();
            let revise = Callback::new(move |()| {
                act.run(Action::Revise { unit_id: chosen.get_untracked(), note: note.get_untracked() })
            });
            (!revisable.is_empty())
                .then(|| {
                    view! {
                        <label class="field">
                            <span>{t!(i18n, cycle.revised_unit)}</span>
                            <select data-testid="revise-unit" on:change=move |ev| chosen.set(event_target_value(&ev))>{options}</select>
                        </label>
                        {note_box()}
                        <Act form=form test_id="revise" label=td_string!(locale, cycle.revise) on_click=revise />
                    }
                })
                .into_any()
        }
        (Phase::Approval, true) => view! {
            <Act form=form test_id="approve" label=td_string!(locale, cycle.approve) on_click=noted(|_| Action::Approve) />
            <Text label=td_string!(locale, cycle.comments) value=note test_id="note" />
            <Act form=form test_id="return" label=td_string!(locale, cycle.return_draft) on_click=noted(|comments| Action::Return { comments }) />
        }
        .into_any(),
        (Phase::Approved, _) if me.role == Role::Sekretaris => view! {
            <Text label=td_string!(locale, cycle.reason) value=note test_id="note" />
            <Act form=form test_id="reopen" label=td_string!(locale, cycle.reopen) on_click=noted(|reason| Action::Reopen { reason }) />
        }
        .into_any(),
        _ => ().into_any(),
    };
    let owed: Vec<u8> =
        cycle.awaiting.iter().filter(|owed| owed.user_id == me.id).map(|owed| owed.step).collect();
    let acknowledge = (!owed.is_empty()).then(|| view! { <Acknowledge steps=owed form=form act=act /> });
    view! {
        <div class="cycle-actions" data-testid="cycle-actions">
            {panel}
            {acknowledge}
            <FormMessage form=form />
        </div>
    }
}

/// The periods of `year` in the order their cycles run: TW I, TW II, S I, TW III, TW IV, S II, the year.
fn cycle_periods(year: i32) -> Vec<Period> {
    let mut periods = Vec::new();
    if let Ok(whole) = Period::year(year) {
        for semester in whole.children() {
            periods.extend(semester.children());
            periods.push(semester);
        }
        periods.push(whole);
    }
    periods
}

/// The sekretaris's form that starts the cycle of a period not yet started.
#[component]
pub fn StartCycle(year: i32, started: Vec<Period>, done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let form = FormState::new();
    let local = use_local();
    let open: Vec<Period> = cycle_periods(year).into_iter().filter(|p| !started.contains(p)).collect();
    let chosen = RwSignal::new(open.first().copied());
    let instruction = RwSignal::new(String::new());
    let options = open
        .iter()
        .map(|p| view! { <option value=p.to_string()>{p.label(style_of(locale))}</option> })
        .collect_view();
    let start = Callback::new(move |()| {
        if let Some(period) = chosen.get_untracked() {
            send(
                local,
                form,
                locale,
                period,
                Action::Start { instruction: instruction.get_untracked() },
                done,
            );
        }
    });
    view! {
        <div class="start-cycle" data-testid="start-cycle">
            <h2>{t!(i18n, cycle.start_title)}</h2>
            <label class="field">
                <span>{t!(i18n, cycle.period)}</span>
                <select data-testid="start-period" on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())>{options}</select>
            </label>
            <Text label=td_string!(locale, cycle.instruction) value=instruction test_id="instruction" />
            <Act form=form test_id="start" label=td_string!(locale, cycle.start) on_click=start />
            <FormMessage form=form />
        </div>
    }
}
