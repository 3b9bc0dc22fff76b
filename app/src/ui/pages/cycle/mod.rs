//! Siklus Pelaporan: the year's reporting cycles — where each stands, whose
//! turn it is, whether its step has run past the standard time, and every
//! action so far, how complete each unit's data is, and the Lembar Disposisi
//! it started with — and the SOP compliance report: per step, the time the
//! cycles took against the standard, as a table and a bar chart. Whoever's
//! turn it is acts from the cycle's card (`actions`).

mod actions;

use crate::api::Me;
use crate::api::cycle::{CycleBoard, CycleView};
use crate::api::disposition::Person;
use crate::domain::cycle::{Action, CycleKind, Decision, Phase, StepDef};
use crate::domain::format::{format_date, format_decimal, parse_iso_date};
use crate::domain::org::{Role, Unit};
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::ui::chart::{Bar, BarChart};
use crate::ui::client::ClientError;
use crate::ui::device::{Local, use_local};
use crate::ui::form::{DataTable, enum_text, loaded};
use crate::ui::inbox::use_inbox_refresh;
use crate::ui::locale::{local_time_ms, style_of};
use crate::ui::pages::progress::progress_href;
use crate::ui::pages::socialisation::socialisation_href;
use crate::ui::queued::{CYCLE_REQUESTS, QueuedRequests};
use crate::ui::session::use_session;
use actions::{CycleActions, StartCycle};
use leptos::prelude::*;
use rust_decimal::Decimal;

/// A cycle's phase in words: `Langkah 2: Merekap …`.
pub(crate) fn phase_text(locale: Locale, phase: &Phase, steps: &[StepDef]) -> String {
    match phase {
        Phase::New => td_string!(locale, cycle.phase_new).to_owned(),
        Phase::Step { step } => {
            let title = steps.iter().find(|s| s.number == *step).map_or("", |s| s.title.as_str());
            format!("{} {step}: {title}", td_string!(locale, cycle.step))
        }
        Phase::Revision { units, .. } => {
            format!("{} ({})", td_string!(locale, cycle.phase_revision), units.len())
        }
        Phase::Approval => td_string!(locale, cycle.phase_approval).to_owned(),
        Phase::Approved => td_string!(locale, cycle.phase_approved).to_owned(),
    }
}

/// Office minutes as the reader thinks of them: minutes, hours, or working
/// days of `day_minutes` office minutes each.
fn duration(locale: Locale, minutes: f64, day_minutes: u16) -> String {
    let day = f64::from(day_minutes.max(1));
    let (value, unit) = if minutes < 120.0 {
        (minutes, td_string!(locale, cycle.minutes))
    } else if minutes < day {
        (minutes / 60.0, td_string!(locale, cycle.hours))
    } else {
        (minutes / day, td_string!(locale, cycle.working_days))
    };
    let value = Decimal::from_f64_retain(value).unwrap_or_default().round_dp(1);
    format!("{} {unit}", format_decimal(value, 1, style_of(locale)))
}

/// What an action was, in words, and what was written with it.
fn action_text(locale: Locale, action: &Action, people: &[Person]) -> (&'static str, String) {
    let name = |id: &String| people.iter().find(|p| &p.id == id).map_or(id.clone(), |p| p.full_name.clone());
    match action {
        Action::Start { instruction } => (td_string!(locale, cycle.did_start), instruction.clone()),
        Action::Complete { note, .. } => (td_string!(locale, cycle.did_complete), note.clone()),
        Action::Socialise { officials, informed, note, meeting, .. } => {
            let names: Vec<String> = informed.iter().map(name).chain(officials.iter().cloned()).collect();
            let held = [meeting.held_on.as_str(), meeting.place.as_str()].join(" ");
            (
                td_string!(locale, cycle.did_socialise),
                format!("{} — {} — {note}", held.trim(), names.join(", ")),
            )
        }
        Action::Acknowledge { comment, .. } => (td_string!(locale, cycle.did_acknowledge), comment.clone()),
        Action::Review { decision: Decision::Ya, comments, .. } => {
            (td_string!(locale, cycle.ya), comments.clone())
        }
        Action::Review { decision: Decision::Tidak, comments, .. } => {
            (td_string!(locale, cycle.tidak), comments.clone())
        }
        Action::Revise { note, .. } => (td_string!(locale, cycle.did_revise), note.clone()),
        Action::Waive { reason, .. } => (td_string!(locale, cycle.did_waive), reason.clone()),
        Action::Approve => (td_string!(locale, cycle.did_approve), String::new()),
        Action::Return { comments } => (td_string!(locale, cycle.did_return), comments.clone()),
        Action::Reopen { reason } => (td_string!(locale, cycle.did_reopen), reason.clone()),
    }
}

/// Today's date on this device, `2026-12-04`: a socialisation's date unless changed.
fn today_iso() -> String {
    let now = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", now.get_full_year(), now.get_month() + 1, now.get_date())
}

/// Per unit: the indicators with the period's data complete, out of all —
/// whether the unit has sent its data — and, for a quarter, step 1's
/// request for it (its sheet, deadline and receipt) and step 3's monthly
/// progress of the unit.
fn completeness_table(locale: Locale, cycle: &CycleView, units: &[Unit]) -> impl IntoView + use<> {
    let quarter = cycle.kind == CycleKind::Quarter;
    let yes_no = |yes: bool| if yes { td_string!(locale, cycle.yes) } else { td_string!(locale, cycle.no) };
    let rows = cycle
        .completeness
        .iter()
        .map(|row| {
            let unit =
                units.iter().find(|u| u.id == row.unit_id).map_or(row.unit_id.clone(), |u| u.name.clone());
            let share = (row.complete * 100).checked_div(row.expected).unwrap_or(0);
            let sent = row.complete == row.expected;
            let request = match cycle.requests.iter().find(|r| r.unit_id == row.unit_id) {
                Some(request) => {
                let deadline = request
                    .deadline
                    .as_deref()
                    .and_then(parse_iso_date)
                    .map_or_else(String::new, |date| format_date(date, style_of(locale)));
                let late = !sent && request.overdue;
                    view! {
                        <td><a href=format!("/disposisi/{}", request.disposition_id)>{request.label.clone()}</a></td>
                        <td class:late=late>{deadline}</td>
                        <td>{yes_no(request.received)}</td>
                    }
                    .into_any()
                }
                None => view! { <td></td><td></td><td></td> }.into_any(),
            };
            let progress = quarter.then(|| {
                view! { <td><a data-testid="progress-link" href=progress_href(cycle.period, &row.unit_id)>{td_string!(locale, cycle.progress)}</a></td> }
            });
            view! {
                <tr data-testid="completeness-row" data-unit=row.unit_id.clone()>
                    <td>{unit}</td>
                    <td class="num">{format!("{}/{}", row.complete, row.expected)}</td>
                    <td><meter min="0" max="100" value=share></meter> {format!(" {share} %")}</td>
                    <td data-testid="sent">{yes_no(sent)}</td>
                    {request}
                    {progress}
                </tr>
            }
        })
        .collect_view();
    let mut headers: Vec<fn(Locale) -> &'static str> = vec![
        |l| td_string!(l, cycle.unit),
        |l| td_string!(l, cycle.indicators_complete),
        |l| td_string!(l, cycle.share),
        |l| td_string!(l, cycle.sent),
        |l| td_string!(l, cycle.request),
        |l| td_string!(l, cycle.deadline),
        |l| td_string!(l, cycle.received),
    ];
    if quarter {
        headers.push(|l| td_string!(l, cycle.progress));
    }
    view! {
        <details class="completeness" open=matches!(cycle.phase, Phase::Step { step: 2 | 3 })>
            <summary>{td_string!(locale, cycle.completeness)}</summary>
            <DataTable test_id="completeness" headers=headers>{rows}</DataTable>
        </details>
    }
}

#[component]
fn CycleCard(
    cycle: CycleView,
    steps: Vec<StepDef>,
    units: Vec<Unit>,
    people: Vec<Person>,
    me: Option<Me>,
    done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let label = cycle.period.label(style_of(locale));
    let phase = phase_text(locale, &cycle.phase, &steps);
    let turn = cycle.turn.map(|role| enum_text(locale, role.as_str()));
    let history = cycle
        .history
        .iter()
        .map(|entry| {
            let at = local_time_ms(locale, entry.event.at_ms);
            let (action, text) = action_text(locale, &entry.event.action, &people);
            let text = (!text.trim().is_empty()).then(|| view! { <q>{text}</q> });
            let record = match &entry.event.action {
                Action::Socialise { step, .. } => Some(view! {
                    " " <a data-testid="socialisation-link" href=socialisation_href(cycle.period, *step)>{t!(i18n, cycle.record)}</a>
                }),
                _ => None,
            };
            view! { <li>{at} " · " {entry.full_name.clone()} " · " <strong>{action}</strong> " " {text} {record}</li> }
        })
        .collect_view();
    let endorsed = (!cycle.endorsed.is_empty()).then(|| {
        let names: Vec<String> = cycle
            .endorsed
            .iter()
            .map(|id| units.iter().find(|u| &u.id == id).map_or_else(|| id.clone(), |u| u.name.clone()))
            .collect();
        view! { <p class="note" data-testid="cycle-endorsed">{t!(i18n, cycle.endorsed)} ": " {names.join(", ")}</p> }
    });
    let completeness = completeness_table(locale, &cycle, &units);
    let disposition = cycle.disposition_id.clone().map(|id| {
        view! { <p><a data-testid="cycle-disposition" href=format!("/disposisi/{id}")>{t!(i18n, cycle.disposition)}</a></p> }
    });
    let actions = me.map(|me| {
        view! { <CycleActions cycle=cycle.clone() steps=steps.clone() units=units people=people me=me done=done /> }
    });
    view! {
        <article class="cycle" data-testid="cycle" data-period=cycle.period.to_string()>
            <h2>{label}</h2>
            <p data-testid="cycle-phase">{phase}</p>
            {turn.map(|role| view! { <p class="note" data-testid="cycle-turn">{t!(i18n, cycle.turn)} ": " {role}</p> })}
            {cycle.due_ms.map(|due| view! { <p class="note" data-testid="cycle-due">{t!(i18n, cycle.due)} ": " {local_time_ms(locale, due)}</p> })}
            <Show when=move || cycle.overdue>
                <p class="form-message error" data-testid="cycle-overdue">{t!(i18n, cycle.overdue)}</p>
            </Show>
            <p class="note">{t!(i18n, cycle.round)} " " {cycle.round}</p>
            {endorsed}
            {disposition}
            {actions}
            {completeness}
            <details>
                <summary>{t!(i18n, cycle.history)}</summary>
                <ol class="history" data-testid="history">{history}</ol>
            </details>
        </article>
    }
}

/// One bar per step: the mean time as a share of the standard (a line at
/// the standard; three times it fills the width).
fn chart(locale: Locale, board: &CycleBoard) -> impl IntoView {
    let bars = board
        .compliance
        .iter()
        .map(|row| {
            let share = row.mean_minutes.map(|m| m / row.standard_office_minutes.max(1.0));
            Bar {
                label: row.step.to_string(),
                value: share,
                text: row
                    .mean_minutes
                    .map_or_else(|| "—".to_owned(), |m| duration(locale, m, board.office_day_minutes)),
                alert: share.is_some_and(|s| s > 1.0),
            }
        })
        .collect();
    view! { <BarChart test_id="compliance-chart" title=td_string!(locale, cycle.compliance) bars=bars max=3.0 marker=Some(1.0) label_width=20.0 /> }
}

fn compliance_table(locale: Locale, board: &CycleBoard) -> impl IntoView + use<> {
    let rows = board
        .compliance
        .iter()
        .map(|row| {
            let title =
                board.steps.iter().find(|s| s.number == row.step).map_or(String::new(), |s| s.title.clone());
            let day = board.office_day_minutes;
            let shown = |m: Option<f64>| m.map_or("—".to_owned(), |m| duration(locale, m, day));
            view! {
                <tr data-testid="compliance-row">
                    <td>{row.step}</td>
                    <td>{title}</td>
                    <td>{duration(locale, row.standard_office_minutes, day)}</td>
                    <td>{row.runs}</td>
                    <td>{shown(row.mean_minutes)}</td>
                    <td>{shown(row.max_minutes)}</td>
                    <td>{row.over_standard}</td>
                </tr>
            }
        })
        .collect_view();
    let headers: Vec<fn(Locale) -> &'static str> = vec![
        |l| td_string!(l, cycle.step),
        |l| td_string!(l, cycle.step_title),
        |l| td_string!(l, cycle.standard),
        |l| td_string!(l, cycle.runs),
        |l| td_string!(l, cycle.mean),
        |l| td_string!(l, cycle.longest),
        |l| td_string!(l, cycle.over),
    ];
    view! { <DataTable test_id="compliance" headers=headers>{rows}</DataTable> }
}

#[derive(Clone)]
struct Loaded {
    board: CycleBoard,
    units: Vec<Unit>,
    people: Vec<Person>,
}

async fn load(local: Local, year: Option<i32>) -> Result<Option<Loaded>, ClientError> {
    let Some(year) = year else { return Ok(None) };
    let board = local.read(&format!("/api/v1/cycles?year={year}")).await?;
    let units = local.read("/api/v1/units").await?;
    let people = local.read("/api/v1/people").await?;
    Ok(Some(Loaded { board, units, people }))
}

#[component]
pub fn CyclePage() -> impl IntoView {
    let i18n = use_i18n();
    let year = RwSignal::new(None::<i32>);
    let this_year = RwSignal::new(None::<i32>);
    Effect::new(move || {
        let now = js_sys::Date::new_0().get_full_year() as i32;
        this_year.set(Some(now));
        year.set(Some(now));
    });
    let session = use_session();
    let changes = RwSignal::new(0u32);
    let refresh_inbox = use_inbox_refresh();
    let done = Callback::new(move |()| {
        changes.update(|n| *n += 1);
        refresh_inbox();
    });
    let local = use_local();
    let board = LocalResource::new(move || {
        changes.track();
        local.delivered.track();
        load(local, year.get())
    });
    // The same years whatever is chosen (see Entri Data's year).
    let years = move || {
        this_year.get().map(|now| {
            (now - 2..=now + 1)
                .map(|y| view! { <option value=y selected=move || year.get() == Some(y)>{y}</option> })
                .collect_view()
        })
    };
    let content = loaded(board, move |loaded: Option<Loaded>| {
        let Some(Loaded { board, units, people }) = loaded else { return ().into_any() };
        let locale = i18n.get_locale_untracked();
        let me = session.me.get();
        let start = me.as_ref().filter(|me| me.role == Role::Sekretaris).map(|_| {
            let started = board.cycles.iter().map(|c| c.period).collect::<Vec<_>>();
            view! { <StartCycle year=board.year started=started done=done /> }
        });
        let cycles = if board.cycles.is_empty() {
            view! { <p class="note" data-testid="no-cycles">{t!(i18n, cycle.none)}</p> }.into_any()
        } else {
            board
                .cycles
                .iter()
                .map(|cycle| {
                    view! {
                        <CycleCard
                            cycle=cycle.clone()
                            steps=board.steps.clone()
                            units=units.clone()
                            people=people.clone()
                            me=me.clone()
                            done=done
                        />
                    }
                })
                .collect_view()
                .into_any()
        };
        view! {
            {start}
            <div class="cycles">{cycles}</div>
            <h2>{t!(i18n, cycle.compliance)}</h2>
            <p class="note">{t!(i18n, cycle.compliance_lead)}</p>
            {chart(locale, &board)}
            {compliance_table(locale, &board)}
        }
        .into_any()
    });
    view! {
        <section class="page">
            <h1 data-testid="page-title">{t!(i18n, nav.cycle)}</h1>
            <p class="lead">{t!(i18n, section.cycle)}</p>
            <label>
                {t!(i18n, cycle.year)} " "
                <select data-testid="cycle-year" on:change=move |ev| {
                    if let Ok(chosen) = event_target_value(&ev).parse::<i32>() {
                        year.set(Some(chosen));
                    }
                }>{years}</select>
            </label>
            <QueuedRequests kinds=CYCLE_REQUESTS />
            {content}
        </section>
    }
}
