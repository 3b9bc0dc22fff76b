//! Siklus Pelaporan: the year's reporting cycles — where each stands, whose
//! turn it is, whether its step has run past the standard time, and every
//! action so far — and the SOP compliance report: per step, the time the
//! cycles took against the standard, as a table and a bar chart. Whoever's
//! turn it is acts from the cycle's card (`actions`).

mod actions;

use crate::api::Me;
use crate::api::cycle::{CycleBoard, CycleView};
use crate::domain::cycle::{Compliance, Phase, StepDef};
use crate::domain::format::format_decimal;
use crate::domain::org::{Role, Unit};
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::ui::client::{self, ClientError};
use crate::ui::form::{DataTable, enum_text, loaded};
use crate::ui::locale::{local_time_ms, style_of};
use crate::ui::session::use_session;
use actions::{CycleActions, StartCycle};
use leptos::prelude::*;
use rust_decimal::Decimal;

fn phase_text(locale: Locale, phase: &Phase, steps: &[StepDef]) -> String {
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

/// Minutes as the reader thinks of them: minutes, hours or days.
fn duration(locale: Locale, minutes: f64) -> String {
    let (value, unit) = if minutes < 120.0 {
        (minutes, td_string!(locale, cycle.minutes))
    } else if minutes < 48.0 * 60.0 {
        (minutes / 60.0, td_string!(locale, cycle.hours))
    } else {
        (minutes / 1440.0, td_string!(locale, cycle.days))
    };
    let value = Decimal::from_f64_retain(value).unwrap_or_default().round_dp(1);
    format!("{} {unit}", format_decimal(value, 1, style_of(locale)))
}

#[component]
fn CycleCard(
    cycle: CycleView,
    steps: Vec<StepDef>,
    units: Vec<Unit>,
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
            let action = serde_json::to_value(&entry.event.action)
                .ok()
                .and_then(|v| v["action"].as_str().map(str::to_owned))
                .unwrap_or_default();
            view! { <li>{at} " · " {entry.full_name.clone()} " · " {action}</li> }
        })
        .collect_view();
    let actions = me.map(
        |me| view! { <CycleActions cycle=cycle.clone() steps=steps.clone() units=units me=me done=done /> },
    );
    view! {
        <article class="cycle" data-testid="cycle" data-period=cycle.period.to_string()>
            <h2>{label}</h2>
            <p data-testid="cycle-phase">{phase}</p>
            {turn.map(|role| view! { <p class="note" data-testid="cycle-turn">{t!(i18n, cycle.turn)} ": " {role}</p> })}
            <Show when=move || cycle.overdue>
                <p class="form-message error" data-testid="cycle-overdue">{t!(i18n, cycle.overdue)}</p>
            </Show>
            <p class="note">{t!(i18n, cycle.round)} " " {cycle.round}</p>
            {actions}
            <details>
                <summary>{t!(i18n, cycle.history)}</summary>
                <ol class="history" data-testid="history">{history}</ol>
            </details>
        </article>
    }
}

/// One bar per step: the mean time as a share of the standard (a line at 100 %).
fn chart(rows: &[Compliance]) -> impl IntoView {
    const WIDTH: f64 = 300.0;
    const ROW: f64 = 22.0;
    let height = ROW * rows.len() as f64;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let share = row.mean_minutes.map_or(0.0, |m| m / f64::from(row.standard_minutes.max(1)));
            let width = (share.min(3.0) / 3.0) * WIDTH;
            let y = i as f64 * ROW;
            let class = if share > 1.0 { "bar over" } else { "bar" };
            view! {
                <text x="0" y=y + 15.0>{row.step}</text>
                <rect class=class x="20" y=y + 4.0 width=width height="14" />
            }
        })
        .collect_view();
    let standard = 20.0 + WIDTH / 3.0;
    view! {
        <svg class="chart" data-testid="compliance-chart" viewBox=format!("0 0 {} {height}", WIDTH + 30.0) role="img">
            {bars}
            <line class="standard" x1=standard x2=standard y1="0" y2=height />
        </svg>
    }
}

fn compliance_table(locale: Locale, board: &CycleBoard) -> impl IntoView + use<> {
    let rows = board
        .compliance
        .iter()
        .map(|row| {
            let title =
                board.steps.iter().find(|s| s.number == row.step).map_or(String::new(), |s| s.title.clone());
            let shown = |m: Option<f64>| m.map_or("—".to_owned(), |m| duration(locale, m));
            view! {
                <tr data-testid="compliance-row">
                    <td>{row.step}</td>
                    <td>{title}</td>
                    <td>{duration(locale, f64::from(row.standard_minutes))}</td>
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
}

async fn load(year: Option<i32>) -> Result<Option<Loaded>, ClientError> {
    let Some(year) = year else { return Ok(None) };
    let board = client::get(&format!("/api/v1/cycles?year={year}")).await?;
    let units = client::get("/api/v1/units").await?;
    Ok(Some(Loaded { board, units }))
}

#[component]
pub fn CyclePage() -> impl IntoView {
    let i18n = use_i18n();
    let year = RwSignal::new(None::<i32>);
    Effect::new(move || year.set(Some(js_sys::Date::new_0().get_full_year() as i32)));
    let session = use_session();
    let changes = RwSignal::new(0u32);
    let done = Callback::new(move |()| changes.update(|n| *n += 1));
    let board = LocalResource::new(move || {
        changes.track();
        load(year.get())
    });
    let years = move || {
        year.get().map(|chosen| {
            (chosen - 2..=chosen + 1)
                .map(|y| view! { <option value=y selected=y == chosen>{y}</option> })
                .collect_view()
        })
    };
    let content = loaded(board, move |loaded: Option<Loaded>| {
        let Some(Loaded { board, units }) = loaded else { return ().into_any() };
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
                        <CycleCard cycle=cycle.clone() steps=board.steps.clone() units=units.clone() me=me.clone() done=done />
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
            {chart(&board.compliance)}
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
            {content}
        </section>
    }
}
