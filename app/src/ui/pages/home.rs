//! Beranda. Signed in, a dashboard of where the agency stands for the
//! person looking (`offline::dashboard`): their to-dos, the cycles under
//! way and whose turn it is, which units have not sent the period's data,
//! the quarter's capaian by sasaran in its predicate's colour, and what is
//! overdue — read through the device, so it shows offline as last seen.
//! Signed out, what Kinerja is for and the SOP's reporting flow.

use crate::api::cycle::{CycleBoard, Inbox};
use crate::domain::cycle::StepDef;
use crate::domain::format::format_percent;
use crate::domain::org::Unit;
use crate::domain::period::Period;
use crate::domain::plan::Renstra;
use crate::domain::policy::{Policy, label_in};
use crate::domain::report::Report;
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::offline::dashboard::{Dashboard, Overdue, Sources, dashboard};
use crate::ui::device::{Local, use_local};
use crate::ui::form::{DataTable, enum_text};
use crate::ui::inbox::inbox_items;
use crate::ui::layout::NAV;
use crate::ui::locale::style_of;
use crate::ui::pages::cycle::phase_text;
use crate::ui::session::use_session;
use crate::ui::tree_chart::predicate_class;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    let session = use_session();
    view! {
        <Show when=move || session.signed_in() fallback=Welcome>
            <DashboardView />
        </Show>
    }
}

/// What Kinerja is for and the reporting flow, with a way into each part.
#[component]
fn Welcome() -> impl IntoView {
    let i18n = use_i18n();
    let sections = NAV
        .iter()
        .skip(1)
        .map(|item| {
            let label = item.label;
            view! {
                <li>
                    <A href=item.path>{move || label(i18n.get_locale())}</A>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="page home">
            <h1 data-testid="page-title">{t!(i18n, home.title)}</h1>
            <p class="lead">{t!(i18n, home.lead)}</p>
            <p class="note">{t!(i18n, home.offline_note)}</p>
            <h2>{t!(i18n, home.flow_title)}</h2>
            <ol class="flow">
                <li>{t!(i18n, home.flow_monthly)}</li>
                <li>{t!(i18n, home.flow_quarter)}</li>
                <li>{t!(i18n, home.flow_semester)}</li>
                <li>{t!(i18n, home.flow_annual)}</li>
            </ol>
            <ul class="section-links">{sections}</ul>
        </section>
    }
}

/// The reads the dashboard is made from; one the device cannot give is left out.
#[derive(Clone)]
struct Loaded {
    board: Option<CycleBoard>,
    inbox: Option<Inbox>,
    units: Vec<Unit>,
    report: Option<Report>,
    renstra: Option<Renstra>,
    policy: Policy,
    quarter: Option<Period>,
}

/// The year and quarter today falls in, by the browser's calendar.
fn this_quarter() -> (i32, u8) {
    let today = js_sys::Date::new_0();
    (today.get_full_year() as i32, (today.get_month() / 3 + 1) as u8)
}

async fn load(local: Local) -> Loaded {
    let (year, n) = this_quarter();
    Loaded {
        board: local.read(&format!("/api/v1/cycles?year={year}")).await.ok(),
        inbox: local.read("/api/v1/inbox").await.ok(),
        units: local.read("/api/v1/units").await.unwrap_or_default(),
        report: local.read(&format!("/api/v1/reports/quarter/{year}/{n}")).await.ok(),
        renstra: local.read("/api/v1/renstra").await.ok(),
        policy: local.read("/api/v1/settings/policy").await.unwrap_or_default(),
        quarter: Period::quarter(year, n).ok(),
    }
}

#[component]
fn DashboardView() -> impl IntoView {
    let i18n = use_i18n();
    let local = use_local();
    let session = use_session();
    let loaded = LocalResource::new(move || {
        local.delivered.track();
        load(local)
    });
    let content = move || {
        let loaded = loaded.get()?;
        let role = session.me.with(|me| me.as_ref().map(|me| me.role))?;
        let view = dashboard(&Sources {
            role,
            board: loaded.board.as_ref(),
            inbox: loaded.inbox.as_ref(),
            units: &loaded.units,
            report: loaded.report.as_ref(),
            renstra: loaded.renstra.as_ref(),
            policy: &loaded.policy,
        });
        let locale = i18n.get_locale();
        let steps = loaded.board.as_ref().map(|b| b.steps.clone()).unwrap_or_default();
        let labels = loaded.report.as_ref().and_then(|r| r.predicate_labels.clone());
        Some(view! {
            <div class="dashboard" data-testid="dashboard">
                {to_do(locale, loaded.inbox.as_ref())}
                {running(locale, &view, &steps)}
                {completeness(locale, &view)}
                {sasaran(locale, &view, loaded.quarter, labels.as_ref())}
                {overdue(locale, &view, &steps)}
            </div>
        })
    };
    view! {
        <section class="page home">
            <h1 data-testid="page-title">{t!(i18n, home.title)}</h1>
            <Suspense fallback=move || view! { <p class="note">{t!(i18n, master.loading)}</p> }>{content}</Suspense>
        </section>
    }
}

/// A dashboard card: its title, then its body, or a note when it has nothing to show.
fn card(
    test_id: &'static str,
    title: String,
    body: Option<AnyView>,
    empty: &'static str,
) -> impl IntoView + use<> {
    let body = body.unwrap_or_else(|| view! { <p class="note">{empty}</p> }.into_any());
    view! {
        <section class="card" data-testid=test_id>
            <h2>{title}</h2>
            {body}
        </section>
    }
}

fn to_do(locale: Locale, inbox: Option<&Inbox>) -> impl IntoView + use<> {
    let items = inbox.filter(|i| i.count() > 0).map(|inbox| {
        let items = inbox_items(locale, inbox, "todo");
        view! { <ul>{items}</ul> }.into_any()
    });
    card(
        "dash-todo",
        td_string!(locale, dashboard.todo).to_owned(),
        items,
        td_string!(locale, dashboard.no_todo),
    )
}

fn running(locale: Locale, view: &Dashboard, steps: &[StepDef]) -> impl IntoView + use<> {
    let items = view
        .running
        .iter()
        .map(|cycle| {
            let turn = cycle.turn.map(|role| {
                let whose = if cycle.mine { td_string!(locale, dashboard.your_turn).to_owned() } else { enum_text(locale, role.as_str()).to_owned() };
                format!(" · {}: {whose}", td_string!(locale, cycle.turn))
            });
            let late = cycle.overdue.then(|| view! { " " <span class="badge warn">{td_string!(locale, inbox.overdue)}</span> });
            let label = cycle.period.label(style_of(locale));
            view! {
                <li data-testid="dash-cycle" data-period=cycle.period.to_string() data-mine=cycle.mine.to_string()>
                    <A href="/siklus"><strong>{label}</strong></A>
                    " · " {phase_text(locale, &cycle.phase, steps)} {turn} {late}
                </li>
            }
        })
        .collect_view();
    let body = (!view.running.is_empty()).then(|| view! { <ul>{items}</ul> }.into_any());
    card(
        "dash-cycles",
        td_string!(locale, dashboard.cycles).to_owned(),
        body,
        td_string!(locale, dashboard.no_cycles),
    )
}

fn completeness(locale: Locale, view: &Dashboard) -> impl IntoView + use<> {
    let period = view.completeness_period?;
    let rows = view
        .completeness
        .iter()
        .map(|unit| {
            let state = if unit.is_complete() {
                td_string!(locale, dashboard.complete)
            } else if unit.request_overdue {
                td_string!(locale, dashboard.late)
            } else {
                td_string!(locale, dashboard.incomplete)
            };
            view! {
                <tr data-testid="dash-unit" data-complete=unit.is_complete().to_string()>
                    <td>{unit.unit.clone()}</td>
                    <td class="num">{format!("{}/{}", unit.complete, unit.expected)}</td>
                    <td>{state}</td>
                </tr>
            }
        })
        .collect_view();
    let headers: Vec<fn(Locale) -> &'static str> =
        vec![|l| td_string!(l, cycle.unit), |l| td_string!(l, cycle.indicators_complete), |l| {
            td_string!(l, dashboard.state)
        }];
    let title =
        format!("{} · {}", td_string!(locale, dashboard.completeness), period.label(style_of(locale)));
    let table = view! { <DataTable test_id="dash-completeness-table" headers>{rows}</DataTable> }.into_any();
    Some(card("dash-completeness", title, Some(table), ""))
}

fn sasaran(
    locale: Locale,
    view: &Dashboard,
    quarter: Option<Period>,
    labels: Option<&[String; 5]>,
) -> impl IntoView + use<> {
    let rows = view
        .sasaran
        .iter()
        .map(|s| {
            let (capaian, predicate) = match (s.standing.capaian, s.standing.predicate) {
                (Some(capaian), Some(predicate)) => {
                    (format_percent(capaian, 2, style_of(locale)), label_in(labels, predicate).to_owned())
                }
                _ => ("—".to_owned(), td_string!(locale, dashboard.unmeasured).to_owned()),
            };
            view! {
                <tr data-testid="dash-sasaran-row" data-code=s.code.clone()>
                    <td>{s.code.clone()} " " {s.statement.clone()}</td>
                    <td class="num">{capaian}</td>
                    <td><span class=format!("swatch {}", predicate_class(s.standing.predicate))></span> {predicate}</td>
                </tr>
            }
        })
        .collect_view();
    let headers: Vec<fn(Locale) -> &'static str> =
        vec![|l| td_string!(l, dashboard.sasaran), |l| td_string!(l, dashboard.capaian), |l| {
            td_string!(l, dashboard.predicate)
        }];
    let body = (!view.sasaran.is_empty())
        .then(|| view! { <DataTable test_id="dash-sasaran-table" headers>{rows}</DataTable> }.into_any());
    let mut title = td_string!(locale, dashboard.by_sasaran).to_owned();
    if let Some(quarter) = quarter {
        title.push_str(&format!(" · {}", quarter.label(style_of(locale))));
    }
    card("dash-sasaran", title, body, td_string!(locale, dashboard.no_sasaran))
}

fn overdue(locale: Locale, view: &Dashboard, steps: &[StepDef]) -> impl IntoView + use<> {
    let items = view
        .overdue
        .iter()
        .map(|late| {
            let text = match late {
                Overdue::Step { period, phase, turn } => {
                    let whose = turn.map(|r| {
                        format!(" · {}: {}", td_string!(locale, cycle.turn), enum_text(locale, r.as_str()))
                    });
                    format!(
                        "{} · {}{}",
                        period.label(style_of(locale)),
                        phase_text(locale, phase, steps),
                        whose.unwrap_or_default()
                    )
                }
                Overdue::Request { period, unit, label } => {
                    format!(
                        "{} {label} · {unit} · {}",
                        td_string!(locale, dashboard.request),
                        period.label(style_of(locale))
                    )
                }
                Overdue::Disposition { label, perihal } => {
                    format!("{} {label}: {perihal}", td_string!(locale, inbox.disposition))
                }
            };
            view! { <li data-testid="dash-overdue-item">{text}</li> }
        })
        .collect_view();
    let body = (!view.overdue.is_empty()).then(|| view! { <ul>{items}</ul> }.into_any());
    card(
        "dash-overdue",
        td_string!(locale, dashboard.overdue).to_owned(),
        body,
        td_string!(locale, dashboard.no_overdue),
    )
}
