use super::*;
use crate::api::cycle::{DataRequestStatus, InboxDisposition};
use crate::domain::cycle::CycleKind;
use crate::domain::measurement_table::UnitCompleteness;
use crate::domain::org::UnitKind;
use crate::domain::report::tests::Data;
use std::collections::BTreeSet;

fn period(text: &str) -> Period {
    text.parse().unwrap()
}

fn cycle(at: &str, phase: Phase, turn: Option<Role>) -> CycleView {
    CycleView {
        period: period(at),
        kind: CycleKind::Quarter,
        phase,
        round: 1,
        turn,
        due_ms: Some(1_000),
        overdue: false,
        runs: Vec::new(),
        awaiting: BTreeSet::new(),
        endorsed: BTreeSet::new(),
        history: Vec::new(),
        disposition_id: None,
        completeness: Vec::new(),
        requests: Vec::new(),
    }
}

fn board(cycles: Vec<CycleView>) -> CycleBoard {
    CycleBoard { year: 2026, steps: Vec::new(), cycles, compliance: Vec::new(), office_day_minutes: 450 }
}

fn unit(id: &str, name: &str) -> Unit {
    Unit {
        id: id.into(),
        code: id.to_uppercase(),
        name: name.into(),
        kind: UnitKind::Seksi,
        parent_id: None,
        active: true,
    }
}

fn sources<'a>(
    role: Role,
    board: Option<&'a CycleBoard>,
    inbox: Option<&'a Inbox>,
    units: &'a [Unit],
    policy: &'a Policy,
) -> Sources<'a> {
    Sources { role, board, inbox, units, report: None, renstra: None, policy }
}

fn request(unit_id: &str, overdue: bool, received: bool) -> DataRequestStatus {
    DataRequestStatus {
        unit_id: unit_id.into(),
        disposition_id: format!("d-{unit_id}"),
        label: format!("00{}/2026", unit_id.len()),
        deadline: Some("2026-04-10".into()),
        received,
        overdue,
    }
}

#[test]
fn the_cycles_under_way_newest_first_with_the_viewer_s_turn_marked() {
    let board = board(vec![
        cycle("2026-TW1", Phase::Approved, None),
        cycle("2026-TW2", Phase::Step { step: 2 }, Some(Role::KasubagProgram)),
        cycle("2026-TW3", Phase::Step { step: 3 }, Some(Role::StafEvaluasi)),
        cycle("2026-TW4", Phase::New, Some(Role::Sekretaris)),
    ]);
    let policy = Policy::default();
    let view = dashboard(&sources(Role::StafEvaluasi, Some(&board), None, &[], &policy));
    let periods: Vec<String> = view.running.iter().map(|r| r.period.to_string()).collect();
    assert_eq!(periods, ["2026-TW3", "2026-TW2"]);
    assert_eq!(view.running.iter().map(|r| r.mine).collect::<Vec<_>>(), [true, false]);
    assert_eq!(view.running[1].turn, Some(Role::KasubagProgram));
}

#[test]
fn completeness_is_the_newest_counted_cycle_s_least_complete_first_with_late_requests() {
    let mut older = cycle("2026-TW2", Phase::Step { step: 4 }, Some(Role::KasubagProgram));
    older.completeness = vec![UnitCompleteness { unit_id: "a".into(), complete: 0, expected: 9 }];
    let mut newer = cycle("2026-TW3", Phase::Step { step: 2 }, Some(Role::KasubagProgram));
    newer.completeness = vec![
        UnitCompleteness { unit_id: "a".into(), complete: 4, expected: 4 },
        UnitCompleteness { unit_id: "b".into(), complete: 1, expected: 4 },
        UnitCompleteness { unit_id: "c".into(), complete: 1, expected: 2 },
        UnitCompleteness { unit_id: "gone".into(), complete: 0, expected: 1 },
    ];
    newer.requests = vec![request("b", true, false), request("c", true, true), request("a", false, false)];
    let board = board(vec![older, newer]);
    let units = [unit("a", "Seksi A"), unit("b", "Seksi B"), unit("c", "Seksi C")];
    let policy = Policy::default();
    let view = dashboard(&sources(Role::Sekretaris, Some(&board), None, &units, &policy));
    assert_eq!(view.completeness_period, Some(period("2026-TW3")));
    let order: Vec<(&str, usize, usize, bool)> = view
        .completeness
        .iter()
        .map(|u| (u.unit.as_str(), u.complete, u.expected, u.request_overdue))
        .collect();
    // 0/1, 1/4, 1/2, then the complete one; a unit the viewer cannot name keeps its id.
    assert_eq!(
        order,
        [("gone", 0, 1, false), ("Seksi B", 1, 4, true), ("Seksi C", 1, 2, false), ("Seksi A", 4, 4, false)]
    );
    assert!(view.completeness[3].is_complete());
    // The late request of a unit that received it is not overdue any more; one still unanswered is.
    assert_eq!(
        view.overdue,
        [Overdue::Request { period: period("2026-TW3"), unit: "Seksi B".into(), label: "001/2026".into() }]
    );
}

#[test]
fn overdue_steps_requests_and_the_viewer_s_dispositions_are_listed() {
    let mut late = cycle("2026-TW3", Phase::Step { step: 3 }, Some(Role::StafEvaluasi));
    late.overdue = true;
    let board = board(vec![late]);
    let inbox = Inbox {
        turns: Vec::new(),
        acknowledgements: Vec::new(),
        dispositions: vec![
            InboxDisposition {
                id: "1".into(),
                label: "004/2026".into(),
                perihal: "Rekap".into(),
                deadline: Some("2026-11-01".into()),
                overdue: true,
            },
            InboxDisposition {
                id: "2".into(),
                label: "005/2026".into(),
                perihal: "Nanti".into(),
                deadline: None,
                overdue: false,
            },
        ],
        conflicts: 0,
    };
    let policy = Policy::default();
    let view = dashboard(&sources(Role::StafEvaluasi, Some(&board), Some(&inbox), &[], &policy));
    assert_eq!(
        view.overdue,
        [
            Overdue::Step {
                period: period("2026-TW3"),
                phase: Phase::Step { step: 3 },
                turn: Some(Role::StafEvaluasi)
            },
            Overdue::Disposition { label: "004/2026".into(), perihal: "Rekap".into() },
        ]
    );
}

#[test]
fn capaian_by_sasaran_is_the_report_s_as_the_pohon_kinerja_reads_it() {
    let data = Data::for_lkjip();
    let report = data.compile("2026", None).unwrap();
    let inputs = &data.0;
    let mut sources = sources(Role::Sekretaris, None, None, &inputs.units, &inputs.policy);
    sources.report = Some(&report);
    sources.renstra = Some(&inputs.renstra);
    let view = dashboard(&sources);
    let tree = tree(&report, &inputs.renstra, &[], &[], &inputs.policy);
    let expected: Vec<(String, Standing, usize)> = tree
        .iter()
        .flat_map(|t| &t.sasaran)
        .map(|s| (s.code.clone(), s.standing, s.indicators.len()))
        .collect();
    assert!(!expected.is_empty());
    let got: Vec<(String, Standing, usize)> =
        view.sasaran.iter().map(|s| (s.code.clone(), s.standing, s.indicators)).collect();
    assert_eq!(got, expected);
}

#[test]
fn nothing_held_shows_nothing() {
    let policy = Policy::default();
    assert_eq!(dashboard(&sources(Role::Admin, None, None, &[], &policy)), Dashboard::default());
}
