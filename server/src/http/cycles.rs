//! The reporting cycle: `GET /api/v1/cycles?year=` (the year's cycles with
//! whose turn it is, each unit's data completeness, the SOP's steps and the
//! compliance report), `POST /api/v1/cycles/{period}/actions` (one action;
//! the domain decides who may take it), `GET /api/v1/sop-steps`,
//! `PUT /api/v1/sop-steps/{number}` (admin) and `GET /api/v1/inbox` (what waits for the signed-in user).

use super::auth::{Admin, Auth};
use super::error::{ApiError, Body, Params};
use super::{AppState, now_ms};
use crate::db::{ActionError, Named, YearFigures};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use kinerja_core::api::cycle::{
    ActionRequest, CycleBoard, CycleView, DataRequestStatus, HistoryEntry, Inbox, InboxDisposition, StepEdit,
    Turn,
};
use kinerja_core::domain::cycle::{Action, Cycle, CycleError, Phase, StepDef, compliance, deadline, overdue};
use kinerja_core::domain::disposition::Disposition;
use kinerja_core::domain::measurement_table::UnitCompleteness;
use kinerja_core::domain::office_time::OfficeCalendar;
use kinerja_core::domain::org::{Actor, UnitTree};
use kinerja_core::domain::period::Period;
use serde::Deserialize;
use time::Date;

#[derive(Deserialize)]
pub struct BoardQuery {
    year: i32,
}

fn replay(period: Period, events: &[Named]) -> Result<Cycle, ApiError> {
    Cycle::replay(period, events.iter().map(|(event, _)| event)).map_err(ApiError::internal)
}

/// What the cycle page shows of `cycle` at `now`; its deadline is office time.
fn view(
    cycle: &Cycle,
    events: &[Named],
    steps: &[StepDef],
    (now, calendar): (i64, &OfficeCalendar),
    (completeness, requests): (Vec<UnitCompleteness>, Vec<DataRequestStatus>),
) -> CycleView {
    let history = events
        .iter()
        .map(|(event, full_name)| HistoryEntry { full_name: full_name.clone(), event: event.clone() });
    let start = events.iter().find(|(event, _)| matches!(event.action, Action::Start { .. }));
    CycleView {
        awaiting: cycle.awaiting.clone(),
        endorsed: cycle.endorsed.clone(),
        disposition_id: start.map(|(event, _)| event.id.clone()),
        completeness,
        requests,
        period: cycle.period,
        kind: cycle.kind,
        turn: cycle.turn(steps),
        due_ms: deadline(cycle, steps, calendar),
        overdue: overdue(cycle, steps, now, calendar),
        phase: cycle.phase.clone(),
        round: cycle.round,
        runs: cycle.runs.clone(),
        history: history.collect(),
    }
}

/// The board of a year. Every signed-in user sees the cycles (whose turn it
/// is concerns all who send data), but only the data completeness of the
/// units they see, as pull does.
pub async fn board(
    State(state): State<AppState>,
    auth: Auth,
    Params(query): Params<BoardQuery>,
) -> Result<Json<CycleBoard>, ApiError> {
    Period::year(query.year).map_err(|e| ApiError::bad_request(e.to_string()))?;
    let actor = auth.actor();
    let tree = state.db.unit_tree().await?;
    let steps = state.db.sop_steps().await?;
    let stored = state.db.cycle_events().await?;
    let figures = state.db.year_figures(query.year, None).await?;
    let calendar = state.db.office_calendar().await?;
    let sheets = state.db.dispositions().await?;
    let now = now_ms();
    let mut replayed = Vec::with_capacity(stored.len());
    let mut cycles = Vec::new();
    for (period, events) in &stored {
        let cycle = replay(*period, events)?;
        if period.year_number() == query.year {
            let seen = seen_completeness(&figures, *period, &actor, &tree);
            let requests = seen_requests(&sheets, *period, (&actor, &tree), calendar.local_date(now));
            cycles.push(view(&cycle, events, &steps, (now, &calendar), (seen, requests)));
        }
        replayed.push(cycle);
    }
    let compliance = compliance(&steps, &replayed, &calendar);
    let office_day_minutes = calendar.day_minutes();
    Ok(Json(CycleBoard { year: query.year, steps, cycles, compliance, office_day_minutes }))
}

/// The units' data completeness in `period` that `actor` may see, as pull does.
fn seen_completeness(
    figures: &YearFigures,
    period: Period,
    actor: &Actor,
    tree: &UnitTree,
) -> Vec<UnitCompleteness> {
    let mut seen = figures.completeness(period);
    seen.retain(|unit| actor.sees_unit(tree, &unit.unit_id));
    seen
}

/// Step 1's requests for the data of `period`, to the units `actor` sees.
fn seen_requests(
    sheets: &[Disposition],
    period: Period,
    (actor, tree): (&Actor, &UnitTree),
    today: Option<Date>,
) -> Vec<DataRequestStatus> {
    let mut requests: Vec<DataRequestStatus> = sheets
        .iter()
        .filter(|sheet| sheet.draft.period == Some(period))
        .filter_map(|sheet| {
            let unit_id = sheet.draft.unit_id.clone()?;
            actor.sees_unit(tree, &unit_id).then(|| DataRequestStatus {
                unit_id,
                disposition_id: sheet.id.clone(),
                label: sheet.label(),
                deadline: sheet.draft.deadline.clone(),
                received: sheet.receipts.iter().all(|receipt| receipt.acknowledged.is_some()),
                overdue: today.is_some_and(|today| sheet.overdue_on(today)),
            })
        })
        .collect();
    requests.sort_by(|a, b| a.unit_id.cmp(&b.unit_id));
    requests
}

fn refusal(error: CycleError) -> ApiError {
    let status = match error.code() {
        "forbidden" => StatusCode::FORBIDDEN,
        "validation_failed" | "meeting_incomplete" | "attachment_missing" => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::CONFLICT,
    };
    ApiError::new(status, error.code(), error.to_string())
}

pub async fn act(
    State(state): State<AppState>,
    auth: Auth,
    Path(period): Path<String>,
    Body(request): Body<ActionRequest>,
) -> Result<Json<CycleView>, ApiError> {
    let period: Period = period
        .parse()
        .map_err(|e: kinerja_core::domain::period::PeriodError| ApiError::bad_request(e.to_string()))?;
    let actor = auth.actor();
    let now = now_ms();
    let acted = match state.db.act_on_cycle(period, &request, &actor, now).await {
        Ok(acted) => acted,
        Err(ActionError::Refused(error)) => return Err(refusal(error)),
        Err(ActionError::Write(error)) => return Err(error.into()),
    };
    let figures = state.db.year_figures(period.year_number(), None).await?;
    let tree = state.db.unit_tree().await?;
    let completeness = seen_completeness(&figures, period, &actor, &tree);
    let calendar = state.db.office_calendar().await?;
    let requests =
        seen_requests(&state.db.dispositions().await?, period, (&actor, &tree), calendar.local_date(now));
    Ok(Json(view(&acted.cycle, &acted.events, &acted.steps, (now, &calendar), (completeness, requests))))
}

/// The cycles whose next move is the user's, the socialisations the user is
/// to acknowledge, and the dispositions the user has still to sign.
pub async fn inbox(State(state): State<AppState>, auth: Auth) -> Result<Json<Inbox>, ApiError> {
    let actor = auth.actor();
    let steps = state.db.sop_steps().await?;
    let (tree, staffing) = (state.db.unit_tree().await?, state.db.staffing().await?);
    let calendar = state.db.office_calendar().await?;
    let mut inbox = Inbox::default();
    for (period, events) in state.db.cycle_events().await? {
        let cycle = replay(period, &events)?;
        if cycle.awaits(&steps, &actor, &tree, &staffing) {
            let step = match cycle.phase {
                Phase::Step { step } => Some(step),
                _ => None,
            };
            inbox.turns.push(Turn { period, step, due_ms: deadline(&cycle, &steps, &calendar) });
        }
        if cycle.owes_acknowledgement(&actor) {
            inbox.acknowledgements.push(period);
        }
    }
    let today = calendar.local_date(now_ms());
    for sheet in state.db.dispositions().await? {
        if sheet.awaits(&actor) {
            inbox.dispositions.push(InboxDisposition {
                label: sheet.label(),
                overdue: today.is_some_and(|today| sheet.overdue_on(today)),
                deadline: sheet.draft.deadline,
                perihal: sheet.draft.perihal,
                id: sheet.id,
            });
        }
    }
    inbox.conflicts = state.db.conflicts(&auth.unit_scope(&state).await?, false).await?.len();
    Ok(Json(inbox))
}

/// The SOP's steps as the admin keeps them.
pub async fn steps(State(state): State<AppState>, _auth: Auth) -> Result<Json<Vec<StepDef>>, ApiError> {
    Ok(Json(state.db.sop_steps().await?))
}

pub async fn save_step(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(number): Path<u8>,
    Body(edit): Body<StepEdit>,
) -> Result<StatusCode, ApiError> {
    state.db.save_sop_step(number, &edit, &admin.user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}
