//! Last year's reporting cycles for the demo, so that the dashboard and the
//! SOP compliance report have a history: every step played by its role at
//! a made-up pace in office time from the period's end (some within the
//! standard time, some over it), and the
//! second semester answered Tidak once before its Ya. Each cycle's Lembar
//! Disposisi is signed done by the first step's performer.

use super::{USERS, id};
use crate::db::{ActionError, Db, SheetError, WriteError};
use kinerja_core::api::cycle::ActionRequest;
use kinerja_core::domain::cycle::{Action, CycleKind, Decision, Facts, Meeting, StepDef};
use kinerja_core::domain::disposition::Sign;
use kinerja_core::domain::office_time::OfficeCalendar;
use kinerja_core::domain::org::Actor;
use kinerja_core::domain::period::Level;
use kinerja_core::domain::period::Period;
use kinerja_core::domain::validate::{FieldError, Problem};

/// The office minutes a review, a revision or an approval takes in the demo.
const REVIEW_MINUTES: f64 = 120.0;

/// How long each step took in office time, as a share of its standard time, in turn.
const PACE: [f64; 7] = [0.5, 1.0, 3.0, 0.8, 1.6, 0.3, 2.2];

fn actor(username: &str) -> Actor {
    let (_, _, role, unit) = USERS.iter().find(|user| user.0 == username).expect("a demo user");
    Actor { user_id: id("user", username), role: *role, unit_id: unit.map(|u| id("unit", u)) }
}

fn complete(step: u8) -> Action {
    Action::Complete { step, note: "selesai (contoh)".into() }
}

/// A socialisation at the office's hall; the day it was held is set when its time is known (`held`).
fn socialise(step: u8) -> Action {
    let officials = vec!["Kepala Dinas".into(), "Para Kepala Bidang".into()];
    let meeting = Meeting {
        place: "Aula Dinas Pertanahan dan Lingkungan Hidup".into(),
        minutes: "Capaian kinerja dipaparkan; para kepala bidang menyepakati tindak lanjut (contoh).".into(),
        ..Meeting::default()
    };
    Action::Socialise { step, officials, informed: vec![], note: "rapat staf (contoh)".into(), meeting }
}

/// `action` as recorded at `at_ms`: a socialisation was held that day.
fn held(mut action: Action, at_ms: i64, calendar: &OfficeCalendar) -> Action {
    if let (Action::Socialise { meeting, .. }, Some(date)) = (&mut action, calendar.local_date(at_ms)) {
        meeting.held_on = date.to_string();
    }
    action
}

fn review(decision: Decision, comments: &str, units: &[&str]) -> Action {
    let units = units.iter().map(|u| id("unit", u)).collect();
    Action::Review { decision, comments: comments.into(), units }
}

/// Who does what in a cycle of `period`, in order.
fn script(period: Period, with_tidak: bool) -> Vec<(&'static str, Action)> {
    let start =
        ("sekretaris", Action::Start { instruction: "Harap dikumpulkan dan direkap (contoh)".into() });
    let approve = ("sekretaris", Action::Approve);
    let mut script = vec![start];
    match CycleKind::of(period) {
        Some(CycleKind::Year) => {
            script.push(("staf.evaluasi", complete(9)));
            script.push(("kabid.tl", review(Decision::Ya, "", &[])));
        }
        Some(CycleKind::Semester) => {
            script.push(("kasubag.program", complete(6)));
            if with_tidak {
                script.push((
                    "kabid.tl",
                    review(Decision::Tidak, "Realisasi IKU-07 belum sesuai bukti", &["SEKSI-KDL"]),
                ));
                let revise =
                    Action::Revise { unit_id: id("unit", "SEKSI-KDL"), note: "sudah diperbaiki".into() };
                script.push(("kasi.kdl", revise));
            }
            script.push(("kabid.tl", review(Decision::Ya, "", &[])));
            script.push(("kasubag.program", socialise(8)));
        }
        Some(CycleKind::Quarter) | None => {
            script.push(("kasubag.program", complete(2)));
            script.push(("staf.evaluasi", complete(3)));
            script.push(("kasubag.program", complete(4)));
            script.push(("kasubag.program", socialise(5)));
        }
    }
    script.push(approve);
    script
}

/// The step an action ends, for its pace: a quarter's start is its step 1.
fn ended_step(action: &Action, period: Period) -> Option<u8> {
    match action {
        Action::Start { .. } if period.level() == Level::Quarter => Some(1),
        Action::Complete { step, .. } | Action::Socialise { step, .. } => Some(*step),
        Action::Review { .. } => Some(7),
        _ => None,
    }
}

fn refused(error: ActionError) -> WriteError {
    match error {
        ActionError::Write(error) => error,
        ActionError::Refused(_) => {
            WriteError::Invalid(vec![FieldError { field: "action".into(), problem: Problem::Invalid }])
        }
    }
}

fn unsigned(error: SheetError) -> WriteError {
    match error {
        SheetError::Write(error) => error,
        SheetError::Refused(_) => {
            WriteError::Invalid(vec![FieldError { field: "sign".into(), problem: Problem::Invalid }])
        }
    }
}

pub(super) async fn seed(db: &Db, today: time::Date) -> Result<(), WriteError> {
    let year = today.year() - 1;
    let steps: Vec<StepDef> = db.sop_steps().await?;
    let facts = Facts { plan_ready: true, monthly_data_complete: true, parts_approved: true };
    let parse = |text: String| text.parse::<Period>().map_err(|_| WriteError::NotFound);
    let order = ["TW1", "TW2", "S1", "TW3", "TW4", "S2"].map(|p| format!("{year}-{p}"));
    let mut periods = order.into_iter().map(parse).collect::<Result<Vec<_>, _>>()?;
    periods.push(Period::year(year).map_err(|_| WriteError::NotFound)?);
    let calendar = db.office_calendar().await?;
    let mut pace = PACE.iter().cycle();
    for period in periods {
        let mut clock = calendar.period_end_ms(period);
        let mut sheet = None;
        for (username, action) in script(period, period.level() == Level::Semester && period.index() == 2) {
            let standard = ended_step(&action, period)
                .and_then(|n| steps.iter().find(|s| s.number == n))
                .map_or(REVIEW_MINUTES, |s| calendar.standard_office_minutes(s.standard_minutes));
            let minutes = standard * pace.next().copied().unwrap_or(1.0);
            clock = calendar.after_office_minutes(clock, minutes);
            let request = ActionRequest { id: uuid::Uuid::now_v7(), action: held(action, clock, &calendar) };
            let who = actor(username);
            db.act_as_seeded(period, &request, &who, clock, &facts).await.map_err(refused)?;
            // The first step's performer is the start's addressee: the sheet is signed done.
            match sheet.take() {
                None if matches!(request.action, Action::Start { .. }) => {
                    sheet = Some(request.id.to_string())
                }
                Some(id) => {
                    let full_name = USERS.iter().find(|user| user.0 == username).map_or("", |user| user.1);
                    db.sign_disposition(&id, &who, full_name, Sign::Complete, "selesai (contoh)", clock)
                        .await
                        .map_err(unsigned)?;
                }
                None => {}
            }
        }
    }
    Ok(())
}
