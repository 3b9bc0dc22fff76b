use super::steps::step_def;
use super::*;
use crate::domain::office_time::OfficeCalendar;
use crate::domain::org::{Actor, Role, UnitTree};
use crate::domain::test_support::p;
use crate::domain::validate::Problem;
use proptest::prelude::*;

const MINUTE: i64 = 60_000;

fn tree() -> UnitTree {
    UnitTree::new([
        ("dinas", None),
        ("bidang-a", Some("dinas")),
        ("seksi-a1", Some("bidang-a")),
        ("seksi-a2", Some("bidang-a")),
    ])
}

fn actor(role: Role, unit: Option<&str>) -> Actor {
    Actor {
        user_id: format!("{}-{}", role.as_str(), unit.unwrap_or("all")),
        role,
        unit_id: unit.map(Into::into),
    }
}

/// Every role held, and a head for each unit of `tree`.
fn staff() -> Staffing {
    Staffing::new([
        (Role::Sekretaris, None),
        (Role::KasubagProgram, None),
        (Role::StafEvaluasi, None),
        (Role::KepalaBidang, Some("bidang-a")),
        (Role::KepalaSeksi, Some("seksi-a1")),
        (Role::KepalaSeksi, Some("seksi-a2")),
    ])
}

fn all_facts() -> Facts {
    Facts { plan_ready: true, monthly_data_complete: true, parts_approved: true }
}

/// A cycle with its history, driven the way the server drives it.
struct Run {
    cycle: Cycle,
    events: Vec<Event>,
    steps: Vec<StepDef>,
    clock: i64,
}

impl Run {
    fn new(period: &str) -> Run {
        Run { cycle: Cycle::new(p(period)).unwrap(), events: vec![], steps: default_steps(), clock: 0 }
    }

    /// `action` as the server takes it: recorded (`Cycle::recorded`), decided, applied.
    fn act(&mut self, who: &Actor, action: Action, facts: Facts) -> Result<Vec<Effect>, CycleError> {
        let action = self.cycle.recorded(who, &staff(), action);
        let effects = self.cycle.decide(&self.steps, who, &tree(), &staff(), &facts, &action)?;
        self.clock += 10 * MINUTE;
        let event = Event {
            id: format!("e{}", self.events.len()),
            user_id: who.user_id.clone(),
            role: who.role,
            at_ms: self.clock,
            action,
        };
        self.cycle.apply(&event);
        self.events.push(event);
        Ok(effects)
    }

    fn ok(&mut self, who: &Actor, action: Action) -> Vec<Effect> {
        self.act(who, action, all_facts()).unwrap()
    }
}

fn start() -> Action {
    Action::Start { instruction: "Harap dikumpulkan".into() }
}

fn complete(step: u8) -> Action {
    Action::Complete { step, note: "selesai".into() }
}

fn socialise(step: u8) -> Action {
    Action::Socialise {
        step,
        officials: vec!["Kepala Dinas".into()],
        informed: vec![],
        note: "rapat".into(),
        meeting: meeting(),
    }
}

fn meeting() -> Meeting {
    Meeting { held_on: "2026-04-07".into(), place: "Aula".into(), ..Meeting::default() }
}

fn tidak(units: &[&str]) -> Action {
    Action::Review {
        decision: Decision::Tidak,
        comments: "angka TW II belum sesuai".into(),
        units: units.iter().map(|u| u.to_string()).collect(),
    }
}

fn ya() -> Action {
    Action::Review { decision: Decision::Ya, comments: String::new(), units: vec![] }
}

#[test]
fn the_default_steps_are_the_nine_of_the_sop_and_every_kind_uses_them() {
    let steps = default_steps();
    assert_eq!(steps.iter().map(|s| s.number).collect::<Vec<_>>(), (1..=9).collect::<Vec<_>>());
    for kind in [CycleKind::Quarter, CycleKind::Semester, CycleKind::Year] {
        assert!(kind.steps().iter().all(|n| step_def(&steps, *n).is_some()));
    }
    assert_eq!(step_def(&steps, 7).unwrap().kind, StepKind::Review);
    assert_eq!(step_def(&steps, 6).unwrap().standard_minutes, 2 * 24 * 60);
    assert_eq!(CycleKind::of(p("2026-03")), None);
    assert_eq!(Cycle::new(p("2026-03")), Err(CycleError::NoCycle));
}

#[test]
fn a_step_edit_needs_a_title_and_a_standard_time() {
    assert!(check_step_edit("Merekap", 30).is_ok());
    let problems: Vec<(String, Problem)> =
        check_step_edit(" ", 0).unwrap_err().into_iter().map(|e| (e.field, e.problem)).collect();
    assert_eq!(
        problems,
        vec![("title".into(), Problem::Required), ("standard_minutes".into(), Problem::OutOfRange)]
    );
}

#[test]
fn a_quarter_goes_from_disposition_to_approval_and_approval_locks() {
    let mut run = Run::new("2026-TW2");
    assert!(run.ok(&actor(Role::Sekretaris, None), start()).is_empty());
    assert_eq!(run.cycle.phase, Phase::Step { step: 2 });
    assert!(run.ok(&actor(Role::KasubagProgram, None), complete(2)).is_empty());
    assert!(run.ok(&actor(Role::StafEvaluasi, None), complete(3)).is_empty());
    // Step 4 writes the quarterly report: its draft version is kept.
    assert_eq!(run.ok(&actor(Role::KasubagProgram, None), complete(4)), vec![Effect::Draft]);
    run.ok(&actor(Role::KasubagProgram, None), socialise(5));
    assert_eq!(run.cycle.phase, Phase::Approval);
    assert_eq!(run.cycle.turn(&run.steps), Some(Role::Sekretaris));
    assert!(run.cycle.awaits(&run.steps, &actor(Role::Sekretaris, None), &tree(), &staff()));
    assert!(!run.cycle.awaits(&run.steps, &actor(Role::KasubagProgram, None), &tree(), &staff()));
    assert_eq!(
        run.ok(&actor(Role::Sekretaris, None), Action::Approve),
        vec![Effect::ApproveDraft, Effect::Lock]
    );
    assert!(!run.cycle.awaits(&run.steps, &actor(Role::Sekretaris, None), &tree(), &staff()));
    assert_eq!(run.cycle.phase, Phase::Approved);
    assert_eq!(run.cycle.runs.iter().map(|r| r.step).collect::<Vec<_>>(), vec![1, 2, 3, 4, 5]);
    assert!(run.cycle.runs[1..].iter().all(|r| r.ended_ms == Some(r.started_ms + 10 * MINUTE)));
    assert_eq!(Cycle::replay(p("2026-TW2"), &run.events).unwrap(), run.cycle);
}

#[test]
fn only_the_role_of_the_step_may_act_on_it() {
    let mut run = Run::new("2026-TW1");
    run.ok(&actor(Role::Sekretaris, None), start());
    for (step, action) in [(2, complete(2)), (3, complete(3)), (4, complete(4)), (5, socialise(5))] {
        let role = step_def(&run.steps, step).unwrap().role;
        for other in Role::ALL.into_iter().filter(|r| *r != role) {
            let refused = run.act(&actor(other, Some("seksi-a1")), action.clone(), all_facts());
            assert_eq!(refused, Err(CycleError::NotYourTurn(role)), "{other:?} at step {step}");
        }
        run.ok(&actor(role, None), action);
    }
    let refused = run.act(&actor(Role::KasubagProgram, None), Action::Approve, all_facts());
    assert_eq!(refused.unwrap_err().code(), "forbidden");
}

#[test]
fn steps_cannot_be_skipped_or_repeated() {
    let mut run = Run::new("2026-TW1");
    let kasubag = actor(Role::KasubagProgram, None);
    assert_eq!(run.act(&kasubag, complete(2), all_facts()), Err(CycleError::OutOfTurn));
    run.ok(&actor(Role::Sekretaris, None), start());
    assert_eq!(run.act(&kasubag, complete(4), all_facts()), Err(CycleError::OutOfTurn));
    assert_eq!(run.act(&kasubag, socialise(2), all_facts()), Err(CycleError::OutOfTurn));
    run.ok(&kasubag, complete(2));
    assert_eq!(run.act(&kasubag, complete(2), all_facts()), Err(CycleError::OutOfTurn));
    assert_eq!(run.act(&actor(Role::Sekretaris, None), start(), all_facts()), Err(CycleError::OutOfTurn));
}

#[test]
fn missing_inputs_block_a_step_until_they_exist_or_are_waived_with_a_reason() {
    let mut run = Run::new("2026-TW3");
    let sekretaris = actor(Role::Sekretaris, None);
    let no_plan = Facts { plan_ready: false, ..all_facts() };
    assert_eq!(run.act(&sekretaris, start(), no_plan), Err(CycleError::InputMissing(Input::Plan)));
    run.ok(&sekretaris, start());
    run.ok(&actor(Role::KasubagProgram, None), complete(2));
    let staf = actor(Role::StafEvaluasi, None);
    let gaps = Facts { monthly_data_complete: false, ..all_facts() };
    assert_eq!(run.act(&staf, complete(3), gaps), Err(CycleError::InputMissing(Input::MonthlyData)));
    let blank = Action::Waive { input: Input::MonthlyData, reason: " ".into() };
    assert_eq!(run.act(&staf, blank, gaps), Err(CycleError::TextRequired));
    let foreign = Action::Waive { input: Input::SemesterReports, reason: "x".into() };
    assert_eq!(run.act(&staf, foreign, gaps), Err(CycleError::OutOfTurn));
    let waive = Action::Waive { input: Input::MonthlyData, reason: "OPD mitra belum melapor".into() };
    assert_eq!(
        run.act(&actor(Role::KepalaSeksi, Some("seksi-a1")), waive.clone(), gaps),
        Err(CycleError::NotYourTurn(Role::StafEvaluasi))
    );
    run.act(&staf, waive, gaps).unwrap();
    assert!(run.act(&staf, complete(3), gaps).is_ok());
}

#[test]
fn a_semester_starts_only_once_its_quarters_are_approved() {
    let mut run = Run::new("2026-S1");
    let sekretaris = actor(Role::Sekretaris, None);
    let open = Facts { parts_approved: false, ..all_facts() };
    assert_eq!(run.act(&sekretaris, start(), open), Err(CycleError::InputMissing(Input::QuarterReports)));
    run.ok(&sekretaris, start());
    assert_eq!(run.cycle.phase, Phase::Step { step: 6 });
    assert_eq!(run.cycle.runs.len(), 1);
}

#[test]
fn a_tidak_returns_the_draft_to_the_units_named_and_every_round_is_kept() {
    let mut run = Run::new("2026-S1");
    run.ok(&actor(Role::Sekretaris, None), start());
    run.ok(&actor(Role::KasubagProgram, None), complete(6));
    let kabid = actor(Role::KepalaBidang, Some("bidang-a"));
    let without_comment =
        Action::Review { decision: Decision::Tidak, comments: "".into(), units: vec!["seksi-a1".into()] };
    assert_eq!(run.act(&kabid, without_comment, all_facts()), Err(CycleError::TextRequired));
    assert_eq!(run.act(&kabid, tidak(&[]), all_facts()), Err(CycleError::UnitsRequired));
    assert_eq!(run.act(&kabid, tidak(&["nowhere"]), all_facts()), Err(CycleError::UnitsRequired));
    let effects = run.ok(&kabid, tidak(&["seksi-a1", "seksi-a2"]));
    // The semester's months are its quarters': their approved versions are superseded.
    let quarters = vec![p("2026-TW1"), p("2026-TW2")];
    assert_eq!(
        effects,
        vec![
            Effect::Open { units: vec!["seksi-a1".into(), "seksi-a2".into()] },
            Effect::Supersede { parts: quarters.clone() }
        ]
    );
    assert_eq!(run.cycle.turn(&run.steps), Some(Role::KepalaSeksi));
    assert!(run.cycle.awaits(&run.steps, &actor(Role::KepalaSeksi, Some("seksi-a2")), &tree(), &staff()));
    assert!(!run.cycle.awaits(&run.steps, &actor(Role::KepalaSeksi, Some("seksi-x")), &tree(), &staff()));
    assert!(!run.cycle.awaits(&run.steps, &kabid, &tree(), &staff()));

    let revise = |unit: &str| Action::Revise { unit_id: unit.into(), note: "angka diperbaiki".into() };
    let a1 = actor(Role::KepalaSeksi, Some("seksi-a1"));
    assert_eq!(run.act(&a1, revise("seksi-a2"), all_facts()), Err(CycleError::NotConcerned));
    assert_eq!(
        run.act(&kabid, revise("seksi-a1"), all_facts()),
        Err(CycleError::NotConcerned),
        "seksi-a1 has its own head"
    );
    assert_eq!(run.ok(&a1, revise("seksi-a1")), vec![Effect::Close { unit_id: "seksi-a1".into() }]);
    assert_eq!(run.act(&a1, revise("seksi-a1"), all_facts()), Err(CycleError::NotConcerned));
    assert!(matches!(run.cycle.phase, Phase::Revision { .. }));
    // The last revision in: the quarters' reports are kept again, then the
    // semester's own draft, which the review runs again on and the approval approves.
    assert_eq!(
        run.ok(&actor(Role::KepalaSeksi, Some("seksi-a2")), revise("seksi-a2")),
        vec![
            Effect::Close { unit_id: "seksi-a2".into() },
            Effect::Redraft { parts: quarters },
            Effect::Draft
        ]
    );
    assert_eq!(run.cycle.phase, Phase::Step { step: 7 });
    assert_eq!(run.cycle.round, 2);

    run.ok(&kabid, ya());
    run.ok(&actor(Role::KasubagProgram, None), socialise(8));
    run.ok(&actor(Role::Sekretaris, None), Action::Approve);
    let reviews: Vec<(u8, u32)> = run.cycle.runs.iter().map(|r| (r.step, r.round)).collect();
    assert_eq!(reviews, vec![(6, 1), (7, 1), (7, 2), (8, 2)]);
    assert_eq!(Cycle::replay(p("2026-S1"), &run.events).unwrap(), run.cycle);
}

#[test]
fn officials_informed_at_a_socialisation_acknowledge_it_once_each() {
    let mut run = Run::new("2026-TW1");
    run.ok(&actor(Role::Sekretaris, None), start());
    for step in 2..=4 {
        let role = step_def(&run.steps, step).unwrap().role;
        run.ok(&actor(role, None), complete(step));
    }
    let kabid = actor(Role::KepalaBidang, Some("bidang-a"));
    let kasi = actor(Role::KepalaSeksi, Some("seksi-a1"));
    let acknowledge = Action::Acknowledge { step: 5, comment: "sudah kami terima".into() };
    assert_eq!(run.act(&kabid, acknowledge.clone(), all_facts()), Err(CycleError::NotConcerned));
    let informed = vec![kabid.user_id.clone(), kasi.user_id.clone()];
    let nobody = Action::Socialise {
        step: 5,
        officials: vec![" ".into()],
        informed: vec![],
        note: "".into(),
        meeting: meeting(),
    };
    assert_eq!(
        run.act(&actor(Role::KasubagProgram, None), nobody, all_facts()),
        Err(CycleError::NoOfficials)
    );
    let users_only =
        Action::Socialise { step: 5, officials: vec![], informed, note: "rapat".into(), meeting: meeting() };
    run.ok(&actor(Role::KasubagProgram, None), users_only);
    assert_eq!(run.cycle.awaiting.len(), 2);
    assert_eq!(run.ok(&kabid, acknowledge.clone()), vec![]);
    assert_eq!(run.act(&kabid, acknowledge.clone(), all_facts()), Err(CycleError::NotConcerned));
    assert_eq!(
        run.act(&actor(Role::KepalaSeksi, Some("seksi-a2")), acknowledge.clone(), all_facts()),
        Err(CycleError::NotConcerned)
    );
    run.ok(&actor(Role::Sekretaris, None), Action::Approve);
    assert_eq!(run.cycle.phase, Phase::Approved);
    assert!(run.cycle.owes_acknowledgement(&kasi) && !run.cycle.owes_acknowledgement(&kabid));
    run.ok(&kasi, acknowledge);
    assert!(run.cycle.awaiting.is_empty(), "an acknowledgement may come after approval");
    assert_eq!(run.cycle.phase, Phase::Approved);
    assert_eq!(Cycle::replay(p("2026-TW1"), &run.events).unwrap(), run.cycle);
}

#[test]
fn only_the_sekretaris_reopens_an_approved_cycle_with_a_reason() {
    let mut run = Run::new("2026");
    let sekretaris = actor(Role::Sekretaris, None);
    run.ok(&sekretaris, start());
    run.ok(&actor(Role::StafEvaluasi, None), complete(9));
    run.ok(&actor(Role::KepalaBidang, Some("bidang-a")), ya());
    run.ok(&sekretaris, Action::Approve);
    let reopen = |reason: &str| Action::Reopen { reason: reason.into() };
    assert_eq!(
        run.act(&actor(Role::Admin, None), reopen("x"), all_facts()),
        Err(CycleError::NotYourTurn(Role::Sekretaris))
    );
    assert_eq!(run.act(&sekretaris, reopen(""), all_facts()), Err(CycleError::TextRequired));
    assert_eq!(
        run.ok(&sekretaris, reopen(" salah ketik IKU-03 ")),
        vec![Effect::Unlock { reason: "salah ketik IKU-03".into() }]
    );
    assert_eq!(run.cycle.phase, Phase::Approval);
    assert_eq!(run.ok(&sekretaris, Action::Approve), vec![Effect::ApproveDraft, Effect::Lock]);
}

#[test]
fn an_action_s_own_content_is_checked_without_a_cycle() {
    let blank = "  ".to_owned();
    let refused = [
        (Action::Start { instruction: blank.clone() }, CycleError::TextRequired),
        (Action::Reopen { reason: blank.clone() }, CycleError::TextRequired),
        (Action::Waive { input: Input::Plan, reason: blank.clone() }, CycleError::TextRequired),
        (Action::Revise { unit_id: "seksi".into(), note: blank.clone() }, CycleError::TextRequired),
        (
            Action::Review {
                decision: Decision::Tidak,
                comments: blank.clone(),
                units: vec!["seksi".into()],
            },
            CycleError::TextRequired,
        ),
        (tidak(&[]), CycleError::UnitsRequired),
        (
            Action::Socialise {
                step: 5,
                officials: vec![blank.clone()],
                informed: vec![],
                note: String::new(),
                meeting: meeting(),
            },
            CycleError::NoOfficials,
        ),
        (
            Action::Socialise {
                step: 5,
                officials: vec!["Kepala Dinas".into()],
                informed: vec![],
                note: String::new(),
                meeting: Meeting::default(),
            },
            CycleError::MeetingIncomplete,
        ),
    ];
    for (action, error) in refused {
        assert_eq!(action.check(), Err(error), "{action:?}");
    }
    for action in [start(), complete(2), socialise(5), tidak(&["seksi"]), ya(), Action::Approve] {
        assert_eq!(action.check(), Ok(()), "{action:?}");
    }
    let mut run = Run::new("2026-TW1");
    let sekretaris = actor(Role::Sekretaris, None);
    assert_eq!(
        run.act(&sekretaris, Action::Start { instruction: blank }, all_facts()),
        Err(CycleError::TextRequired)
    );
}

#[test]
fn compliance_sets_each_step_s_runs_against_its_standard_time() {
    let mut quick = Run::new("2026-TW1");
    let sekretaris = actor(Role::Sekretaris, None);
    quick.ok(&sekretaris, start());
    quick.ok(&actor(Role::KasubagProgram, None), complete(2));
    quick.ok(&actor(Role::StafEvaluasi, None), complete(3));
    let mut slow = Run::new("2026-TW2");
    slow.ok(&sekretaris, start());
    slow.clock += 50 * MINUTE;
    slow.ok(&actor(Role::KasubagProgram, None), complete(2));
    // The clock starts on Thursday 1 January 1970, 08.00 WITA: office hours.
    let calendar = OfficeCalendar::default();
    let report = compliance(&quick.steps, [&quick.cycle, &slow.cycle], &calendar);
    assert_eq!(report.len(), 9);
    let step2 = &report[1];
    assert_eq!((step2.step, step2.standard_minutes, step2.runs), (2, 30, 2));
    assert_eq!(step2.mean_minutes, Some(35.0));
    assert_eq!(step2.max_minutes, Some(60.0));
    assert_eq!(step2.over_standard, 1);
    let step3 = &report[2];
    assert_eq!((step3.runs, step3.over_standard), (1, 1));
    assert_eq!(report[3].runs, 0);
    assert_eq!(report[3].mean_minutes, None);
    // Step 3 has begun; its standard is 2 minutes.
    assert!(!overdue(&slow.cycle, &slow.steps, slow.clock + MINUTE, &calendar));
    assert!(overdue(&slow.cycle, &slow.steps, slow.clock + 3 * MINUTE, &calendar));
    assert!(!overdue(&quick.cycle, &quick.steps, quick.clock + 29 * MINUTE, &calendar));
    assert!(overdue(&quick.cycle, &quick.steps, quick.clock + 31 * MINUTE, &calendar));
}

/// Milliseconds of a WITA wall-clock moment.
fn wita(at: time::PrimitiveDateTime) -> i64 {
    at.assume_offset(time::macros::offset!(+8)).unix_timestamp() * 1_000
}

/// Sets the clock so that `run`'s next action happens at `moment` (WITA).
fn at(run: &mut Run, moment: time::PrimitiveDateTime) {
    run.clock = wita(moment) - 10 * MINUTE;
}

#[test]
fn compliance_counts_office_time_across_a_weekend_and_a_holiday() {
    use crate::domain::office_time::Holiday;
    use time::macros::datetime;
    // Good Friday, 3 April 2026, is a holiday; the office is open 07.30–16.00.
    let holiday = Holiday { date: "2026-04-03".into(), name: "Wafat Yesus Kristus".into() };
    let calendar = OfficeCalendar { holidays: vec![holiday], ..OfficeCalendar::default() };
    let mut run = Run::new("2026-TW1");
    let kasubag = actor(Role::KasubagProgram, None);
    // Step 1 is due when the quarter ends (Wednesday 1 April, 00.00): all
    // of Wednesday (510 minutes) and Thursday 07.30–09.00 (90).
    at(&mut run, datetime!(2026-04-02 09:00));
    run.ok(&actor(Role::Sekretaris, None), start());
    // Step 2: Thursday 09.00–15.59, 419 minutes.
    at(&mut run, datetime!(2026-04-02 15:59));
    run.ok(&kasubag, complete(2));
    // Step 3 (standard 2 minutes): Thursday 15.59–16.00, the holiday and the
    // weekend closed, Monday 07.30–07.31: 2 minutes, within its standard.
    at(&mut run, datetime!(2026-04-06 07:31));
    run.ok(&actor(Role::StafEvaluasi, None), complete(3));
    // Step 4 (standard 30): Monday 07.31–08.02, 31 minutes, over.
    at(&mut run, datetime!(2026-04-06 08:02));
    run.ok(&kasubag, complete(4));
    let report = compliance(&run.steps, [&run.cycle], &calendar);
    let minutes: Vec<_> = report[..4].iter().map(|row| (row.max_minutes, row.over_standard)).collect();
    assert_eq!(minutes, [(Some(600.0), 1), (Some(419.0), 1), (Some(2.0), 0), (Some(31.0), 1)]);
    // On the wall clock step 3 took 3 days, 15 hours and 32 minutes.
    assert_eq!(run.cycle.runs[2].ended_ms.unwrap() - run.cycle.runs[2].started_ms, 5_252 * MINUTE);
    // Step 5 (standard 30) began Monday 08.02: not overdue at 08.31, overdue at 08.33.
    assert_eq!(deadline(&run.cycle, &run.steps, &calendar), Some(wita(datetime!(2026-04-06 08:32))));
    assert!(!overdue(&run.cycle, &run.steps, wita(datetime!(2026-04-06 08:31)), &calendar));
    assert!(overdue(&run.cycle, &run.steps, wita(datetime!(2026-04-06 08:33)), &calendar));
    // A semester's step 6 (standard 2 days) begun on Friday 3 July at 15.50:
    // on Monday at 07.30 it is 2 days 15 hours 40 minutes old on the wall
    // clock, 10 office minutes, and not overdue.
    let mut semester = Run::new("2026-S1");
    at(&mut semester, datetime!(2026-07-03 15:50));
    semester.ok(&actor(Role::Sekretaris, None), start());
    assert!(!overdue(&semester.cycle, &semester.steps, wita(datetime!(2026-07-06 07:30)), &calendar));
    // Its 2 office days (1,020 minutes) end on Tuesday at 15.50.
    let due = deadline(&semester.cycle, &semester.steps, &calendar);
    assert_eq!(due, Some(wita(datetime!(2026-07-07 15:50))));
}

fn any_actor() -> impl Strategy<Value = Actor> {
    let units = prop::sample::select(vec![None, Some("bidang-a"), Some("seksi-a1"), Some("seksi-a2")]);
    (prop::sample::select(Role::ALL.to_vec()), units).prop_map(|(role, unit)| actor(role, unit))
}

fn any_action() -> impl Strategy<Value = Action> {
    let units = prop::sample::subsequence(vec!["seksi-a1", "seksi-a2", "bidang-a"], 0..=2);
    prop_oneof![
        Just(start()),
        (1u8..=9).prop_map(complete),
        (1u8..=9).prop_map(socialise),
        Just(ya()),
        units.prop_map(|u| tidak(&u)),
        prop::sample::select(vec!["seksi-a1", "seksi-a2", "bidang-a"])
            .prop_map(|u| Action::Revise { unit_id: u.into(), note: "revisi".into() }),
        prop::sample::select(vec![Input::Plan, Input::MonthlyData, Input::QuarterReports])
            .prop_map(|input| Action::Waive { input, reason: "alasan".into() }),
        Just(Action::Approve),
        Just(Action::Return { comments: "perbaiki".into() }),
        Just(Action::Reopen { reason: "koreksi".into() }),
        (1u8..=9).prop_map(|step| Action::Socialise {
            step,
            officials: vec![],
            informed: vec!["kepala_bidang-bidang-a".into()],
            note: "rapat".into(),
            meeting: meeting(),
        }),
        (1u8..=9).prop_map(|step| Action::Acknowledge { step, comment: "diterima".into() }),
    ]
}

proptest! {
    #[test]
    fn whatever_is_tried_the_cycle_follows_its_steps_and_keeps_its_history(
        period in prop::sample::select(vec!["2026-TW1", "2026-S2", "2026"]),
        tries in prop::collection::vec((any_actor(), any_action(), any::<[bool; 3]>()), 0..80),
    ) {
        let mut run = Run::new(period);
        for (who, action, [plan_ready, monthly_data_complete, parts_approved]) in tries {
            let before = run.cycle.clone();
            let facts = Facts { plan_ready, monthly_data_complete, parts_approved };
            let refused = run.act(&who, action.clone(), facts).is_err();
            if refused {
                prop_assert_eq!(&run.cycle, &before);
                continue;
            }
            let cycle = &run.cycle;
            if let Phase::Step { step } = cycle.phase {
                prop_assert!(cycle.kind.steps().contains(&step));
            }
            prop_assert!(cycle.runs.iter().filter(|r| r.ended_ms.is_none()).count() <= 1);
            prop_assert!(cycle.runs.windows(2).all(|w| w[0].round <= w[1].round));
            if matches!(action, Action::Approve) {
                prop_assert!(matches!(before.phase, Phase::Approval));
                prop_assert_eq!(who.role, Role::Sekretaris);
                let last = *cycle.kind.steps().last().unwrap();
                prop_assert_eq!(cycle.runs.last().map(|r| (r.step, r.ended_ms.is_some())), Some((last, true)));
            }
            if let Action::Acknowledge { step, .. } = &action {
                let owed = Awaiting { step: *step, user_id: who.user_id.clone() };
                prop_assert!(before.awaiting.contains(&owed) && !cycle.awaiting.contains(&owed));
                prop_assert_eq!(&cycle.phase, &before.phase);
            }
            let reviews = cycle.runs.iter().filter(|r| r.step == 7).count();
            prop_assert!(reviews as u32 <= cycle.round);
        }
        prop_assert_eq!(Cycle::replay(p(period), &run.events).unwrap(), run.cycle);
    }
}

/// A random agency: a dinas with a sekretariat of subbagian and bidang of
/// seksi, and OPDs outside; every unit, and every agency-wide role but the
/// sekretaris, with or without a user. Returns the tree and the users.
fn any_agency() -> impl Strategy<Value = (UnitTree, Vec<Actor>)> {
    let sizes = (0usize..=3, prop::collection::vec(0usize..=3, 1..=3), 0usize..=2);
    (sizes, prop::collection::vec(any::<bool>(), 32)).prop_map(|((subbagian, bidang, opds), present)| {
        let mut units: Vec<(String, Option<String>, Role)> =
            vec![("sekretariat".into(), Some("dinas".into()), Role::Sekretaris)];
        units.extend(
            (0..subbagian).map(|n| (format!("subbag-{n}"), Some("sekretariat".into()), Role::KepalaSeksi)),
        );
        for (b, seksi) in bidang.iter().enumerate() {
            units.push((format!("bidang-{b}"), Some("dinas".into()), Role::KepalaBidang));
            units.extend(
                (0..*seksi)
                    .map(|n| (format!("seksi-{b}-{n}"), Some(format!("bidang-{b}")), Role::KepalaSeksi)),
            );
        }
        units.extend((0..opds).map(|n| (format!("opd-{n}"), None, Role::Kontributor)));
        let tree = UnitTree::new(
            std::iter::once(("dinas", None))
                .chain(units.iter().map(|(id, parent, _)| (id.as_str(), parent.as_deref()))),
        );
        let mut present = present.into_iter().cycle();
        let mut users = vec![actor(Role::Sekretaris, None)];
        for role in [Role::KasubagProgram, Role::StafEvaluasi] {
            if present.next().unwrap() {
                users.push(actor(role, None));
            }
        }
        for (unit, _, head) in &units {
            if *head != Role::Sekretaris && present.next().unwrap() {
                users.push(actor(*head, Some(unit)));
            }
        }
        (tree, users)
    })
}

/// What someone might try on `cycle` now: each step's own action, a Ya and
/// a Tidak naming `named`, each pending revision, each waiver, approval,
/// reopening and the acknowledgements owed.
fn candidates(cycle: &Cycle, named: &[String]) -> Vec<Action> {
    let mut tried = vec![start(), Action::Approve, Action::Reopen { reason: "koreksi".into() }];
    if let Phase::Step { step } = cycle.phase {
        tried.extend([
            complete(step),
            socialise(step),
            ya(),
            tidak(&named.iter().map(String::as_str).collect::<Vec<_>>()),
        ]);
    }
    if let Phase::Revision { units, .. } = &cycle.phase {
        tried.extend(units.iter().map(|u| Action::Revise { unit_id: u.clone(), note: "revisi".into() }));
    }
    tried.extend(
        [Input::Plan, Input::MonthlyData, Input::QuarterReports, Input::SemesterReports]
            .map(|input| Action::Waive { input, reason: "alasan".into() }),
    );
    tried.extend(
        cycle.awaiting.iter().map(|owed| Action::Acknowledge { step: owed.step, comment: "diterima".into() }),
    );
    tried
}

proptest! {
    /// Acceptance (issue 23): from every reachable state of a cycle — random
    /// moves by random users of a random agency, where units may have no
    /// head user, roles may have no user and the admin may have given a step
    /// to any role — some user can move it; no sequence ends where nobody can.
    #[test]
    fn every_reachable_cycle_state_has_someone_who_can_move_it(
        period in prop::sample::select(vec!["2026-TW1", "2026-S2", "2026"]),
        (tree, users) in any_agency(),
        step_roles in prop::collection::vec(prop::sample::select(Role::ALL[1..].to_vec()), 9),
        moves in prop::collection::vec((any::<prop::sample::Index>(), any::<[bool; 3]>(), any::<prop::sample::Index>()), 1..60),
    ) {
        let staffing = Staffing::new(users.iter().map(|u| (u.role, u.unit_id.as_deref())));
        let mut steps = default_steps();
        for (step, role) in steps.iter_mut().zip(step_roles) {
            step.role = role;
        }
        let units: Vec<String> = users.iter().filter_map(|u| u.unit_id.clone()).chain(["subbag-0".to_owned(), "opd-0".to_owned()]).filter(|u| tree.is_known(u)).collect();
        let mut cycle = Cycle::new(p(period)).unwrap();
        for (n, (pick, [plan_ready, monthly_data_complete, parts_approved], named)) in moves.into_iter().enumerate() {
            let facts = Facts { plan_ready, monthly_data_complete, parts_approved };
            let named = if units.is_empty() { vec!["dinas".to_owned()] } else { vec![named.get(&units).clone()] };
            let tries = |facts: Facts| -> Vec<(&Actor, Action)> {
                users
                    .iter()
                    .flat_map(|who| {
                        let (cycle, staffing) = (&cycle, &staffing);
                        candidates(cycle, &named).into_iter().map(move |action| (who, cycle.recorded(who, staffing, action)))
                    })
                    .filter(|(who, action)| cycle.decide(&steps, who, &tree, &staffing, &facts, action).is_ok())
                    .collect()
            };
            // Moving means changing the phase or closing a revision; with
            // the inputs there (a missing one the sekretaris may waive).
            let moves_on = tries(all_facts()).into_iter().any(|(who, action)| {
                let mut next = cycle.clone();
                next.apply(&Event { id: "probe".into(), user_id: who.user_id.clone(), role: who.role, at_ms: 0, action });
                next.phase != cycle.phase
            });
            prop_assert!(moves_on, "nobody can move {:?}", cycle.phase);
            let possible = tries(facts);
            if possible.is_empty() {
                continue;
            }
            let (who, action) = pick.get(&possible).clone();
            let event = Event { id: format!("e{n}"), user_id: who.user_id.clone(), role: who.role, at_ms: n as i64 * MINUTE, action };
            cycle.apply(&event);
        }
    }
}

#[test]
fn the_annual_report_has_its_own_review_and_the_sekretaris_may_return_a_draft_with_comments() {
    let mut run = Run::new("2026");
    let sekretaris = actor(Role::Sekretaris, None);
    let staf = actor(Role::StafEvaluasi, None);
    let kabid = actor(Role::KepalaBidang, Some("bidang-a"));
    run.ok(&sekretaris, start());
    run.ok(&staf, complete(9));
    assert_eq!(run.cycle.phase, Phase::Step { step: 7 });
    assert_eq!(run.cycle.turn(&run.steps), Some(Role::KepalaBidang));
    run.ok(&kabid, ya());
    assert_eq!(run.cycle.phase, Phase::Approval);
    let back = |comments: &str| Action::Return { comments: comments.into() };
    assert_eq!(run.act(&sekretaris, back(" "), all_facts()), Err(CycleError::TextRequired));
    assert_eq!(
        run.act(&actor(Role::KasubagProgram, None), back("x"), all_facts()),
        Err(CycleError::NotYourTurn(Role::Sekretaris))
    );
    // Returned, the draft is combined and reviewed again in a new round.
    run.ok(&sekretaris, back("Bab III belum memuat efisiensi per sasaran"));
    assert_eq!((run.cycle.phase.clone(), run.cycle.round), (Phase::Step { step: 9 }, 2));
    assert!(run.cycle.awaits(&run.steps, &staf, &tree(), &staff()));
    run.ok(&staf, complete(9));
    run.ok(&kabid, ya());
    assert_eq!(run.ok(&sekretaris, Action::Approve), vec![Effect::ApproveDraft, Effect::Lock]);
    assert_eq!(run.act(&sekretaris, back("lagi"), all_facts()), Err(CycleError::OutOfTurn));
    assert_eq!(Cycle::replay(p("2026"), &run.events).unwrap(), run.cycle);

    // A quarter returns to its report (step 4), a semester to its recap (step 6).
    for (period, draft) in [("2026-TW1", 4), ("2026-S1", 6)] {
        let mut run = Run::new(period);
        run.cycle.phase = Phase::Approval;
        run.ok(&sekretaris, back("perbaiki"));
        assert_eq!(run.cycle.phase, Phase::Step { step: draft }, "{period}");
    }
}

#[test]
fn a_kepala_bidang_names_only_units_of_their_bidang_and_the_sekretaris_any() {
    let sekretaris = actor(Role::Sekretaris, None);
    let kabid = actor(Role::KepalaBidang, Some("bidang-a"));
    let at_review = || {
        let mut run = Run::new("2026-S1");
        run.ok(&sekretaris, start());
        run.ok(&actor(Role::KasubagProgram, None), complete(6));
        run
    };
    let mut run = at_review();
    assert_eq!(run.act(&kabid, tidak(&["seksi-a1", "dinas"]), all_facts()), Err(CycleError::OutsideBidang));
    assert_eq!(run.cycle.phase, Phase::Step { step: 7 });
    run.ok(&kabid, tidak(&["seksi-a1", "bidang-a"]));
    assert!(matches!(run.cycle.phase, Phase::Revision { .. }));
    let mut run = at_review();
    run.ok(&sekretaris, tidak(&["dinas"]));
    assert!(matches!(run.cycle.phase, Phase::Revision { .. }));
    assert!(may_name(&sekretaris, "dinas", &tree()) && !may_name(&kabid, "dinas", &tree()));
    // A section head may not review at all.
    let run = at_review();
    let kasi = actor(Role::KepalaSeksi, Some("seksi-a1"));
    assert!(run.cycle.decide(&run.steps, &kasi, &tree(), &staff(), &all_facts(), &ya()).is_err());
}

#[test]
fn a_tidak_on_the_year_reopens_its_quarters_and_semesters() {
    let year = CycleKind::Year.parts(p("2026"));
    let names: Vec<String> = year.iter().map(ToString::to_string).collect();
    assert_eq!(names, ["2026-TW1", "2026-TW2", "2026-TW3", "2026-TW4", "2026-S1", "2026-S2"]);
    assert!(CycleKind::Quarter.parts(p("2026-TW1")).is_empty());
}

/// Step 7 with two bidang, each with its Kepala Bidang: each Ya covers its
/// own bidang and the review goes on once both have said Ya; the
/// sekretaris's Ya accepts the whole review; a Tidak starts a new round, in
/// which every bidang answers again.
#[test]
fn each_kepala_bidang_s_ya_covers_their_bidang_and_the_review_goes_on_when_every_bidang_has_said_ya() {
    let tree = UnitTree::new([
        ("dinas", None),
        ("bidang-a", Some("dinas")),
        ("seksi-a1", Some("bidang-a")),
        ("bidang-b", Some("dinas")),
        ("seksi-b1", Some("bidang-b")),
    ]);
    let staffing = Staffing::new([
        (Role::Sekretaris, None),
        (Role::KasubagProgram, None),
        (Role::KepalaBidang, Some("bidang-a")),
        (Role::KepalaBidang, Some("bidang-b")),
    ]);
    let (a, b) = (actor(Role::KepalaBidang, Some("bidang-a")), actor(Role::KepalaBidang, Some("bidang-b")));
    let sekretaris = actor(Role::Sekretaris, None);
    let steps = default_steps();
    let mut cycle = Cycle::new(p("2026-S1")).unwrap();
    let mut clock = 0;
    let mut act = |cycle: &mut Cycle, who: &Actor, action: Action| -> Result<Action, CycleError> {
        let action = cycle.recorded(who, &staffing, action);
        cycle.decide(&steps, who, &tree, &staffing, &all_facts(), &action)?;
        clock += MINUTE;
        let event = Event {
            id: format!("e{clock}"),
            user_id: who.user_id.clone(),
            role: who.role,
            at_ms: clock,
            action,
        };
        cycle.apply(&event);
        Ok(event.action)
    };
    act(&mut cycle, &sekretaris, start()).unwrap();
    act(&mut cycle, &actor(Role::KasubagProgram, None), complete(6)).unwrap();
    assert!(cycle.awaits(&steps, &a, &tree, &staffing) && cycle.awaits(&steps, &b, &tree, &staffing));

    // A's Ya is recorded as covering bidang-a; the review waits for B.
    let recorded = act(&mut cycle, &a, ya()).unwrap();
    assert_eq!(
        recorded,
        Action::Review { decision: Decision::Ya, comments: String::new(), units: vec!["bidang-a".into()] }
    );
    assert_eq!(cycle.phase, Phase::Step { step: 7 });
    assert!(!cycle.awaits(&steps, &a, &tree, &staffing), "A has answered");
    assert!(cycle.awaits(&steps, &b, &tree, &staffing));
    // Taken as it is sent, a Ya of the whole review or of B's bidang is not A's to give.
    assert_eq!(
        cycle.decide(&steps, &a, &tree, &staffing, &all_facts(), &ya()),
        Err(CycleError::OtherBidangsAwaited)
    );
    let for_b =
        Action::Review { decision: Decision::Ya, comments: String::new(), units: vec!["bidang-b".into()] };
    assert_eq!(
        cycle.decide(&steps, &a, &tree, &staffing, &all_facts(), &for_b),
        Err(CycleError::OtherBidangsAwaited)
    );

    // B's Tidak returns the draft: a new round, in which A answers again.
    act(&mut cycle, &b, tidak(&["seksi-b1"])).unwrap();
    act(&mut cycle, &b, Action::Revise { unit_id: "seksi-b1".into(), note: "diperbaiki".into() }).unwrap();
    assert_eq!((cycle.phase.clone(), cycle.round), (Phase::Step { step: 7 }, 2));
    assert!(cycle.endorsed.is_empty() && cycle.awaits(&steps, &a, &tree, &staffing));
    act(&mut cycle, &b, ya()).unwrap();
    assert_eq!(cycle.phase, Phase::Step { step: 7 });
    let last = act(&mut cycle, &a, ya()).unwrap();
    assert_eq!(last, ya(), "the last bidang's Ya accepts the review");
    assert_eq!(cycle.phase, Phase::Step { step: 8 });

    // In another semester the sekretaris accepts the whole review alone.
    let mut other = Cycle::new(p("2026-S2")).unwrap();
    act(&mut other, &sekretaris, start()).unwrap();
    act(&mut other, &actor(Role::KasubagProgram, None), complete(6)).unwrap();
    act(&mut other, &a, ya()).unwrap();
    assert_eq!(act(&mut other, &sekretaris, ya()).unwrap(), ya());
    assert_eq!(other.phase, Phase::Step { step: 8 });
}
