//! The SOP's nine steps as data: our reading of the SOP, which the admin
//! may edit (titles, roles, standard times), and what each step needs and
//! produces.

use crate::domain::org::Role;
use crate::domain::validate::{Checker, FieldError, NAME_MAX, Problem};
use serde::{Deserialize, Serialize};

/// What kind of work a step is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// Done and marked complete by its role.
    Work,
    /// The kepala bidang's Ya/Tidak (step 7).
    Review,
    /// A meeting or distribution to the officials concerned (steps 5 and 8).
    Socialise,
}

/// What must exist before a step can start (the SOP's "Kelengkapan").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Input {
    /// The year's Perjanjian Kinerja and Rencana Aksi.
    Plan,
    /// Every month of the period has its data.
    MonthlyData,
    /// The two quarters of a semester are approved.
    QuarterReports,
    /// The two semesters of a year are approved.
    SemesterReports,
}

/// What a step produces (the SOP's "Output").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Output {
    Disposisi,
    LembarDisposisi,
    DraftLaporan,
}

/// One step of the SOP.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepDef {
    pub number: u8,
    pub title: String,
    pub role: Role,
    pub kind: StepKind,
    pub inputs: Vec<Input>,
    pub standard_minutes: u32,
    pub output: Output,
}

const DAY: u32 = 24 * 60;

/// Our reading of the SOP (`sop/README.md`): who performs each step, what it
/// needs, its standard time and its output.
pub fn default_steps() -> Vec<StepDef> {
    use Input::*;
    let step = |number, title: &str, role, kind, inputs: &[Input], standard_minutes, output| StepDef {
        number,
        title: title.to_owned(),
        role,
        kind,
        inputs: inputs.to_vec(),
        standard_minutes,
        output,
    };
    vec![
        step(
            1,
            "Mengumpulkan data laporan kinerja triwulan",
            Role::Sekretaris,
            StepKind::Work,
            &[Plan],
            15,
            Output::Disposisi,
        ),
        step(
            2,
            "Merekap laporan kinerja triwulan",
            Role::KasubagProgram,
            StepKind::Work,
            &[Plan],
            30,
            Output::LembarDisposisi,
        ),
        step(
            3,
            "Mengolah data laporan kinerja triwulan",
            Role::StafEvaluasi,
            StepKind::Work,
            &[Plan, MonthlyData],
            2,
            Output::DraftLaporan,
        ),
        step(
            4,
            "Menyusun laporan kinerja triwulan",
            Role::KasubagProgram,
            StepKind::Work,
            &[Plan],
            30,
            Output::DraftLaporan,
        ),
        step(
            5,
            "Menyosialisasikan laporan kinerja triwulan",
            Role::KasubagProgram,
            StepKind::Socialise,
            &[Plan],
            30,
            Output::DraftLaporan,
        ),
        step(
            6,
            "Merekap dua laporan triwulan menjadi laporan semester",
            Role::KasubagProgram,
            StepKind::Work,
            &[QuarterReports],
            2 * DAY,
            Output::Disposisi,
        ),
        step(
            7,
            "Menyusun laporan semester dan tahunan (Ya/Tidak)",
            Role::KepalaBidang,
            StepKind::Review,
            &[QuarterReports],
            120 * DAY,
            Output::LembarDisposisi,
        ),
        step(
            8,
            "Menyosialisasikan laporan semester",
            Role::KasubagProgram,
            StepKind::Socialise,
            &[QuarterReports],
            60,
            Output::DraftLaporan,
        ),
        step(
            9,
            "Menggabungkan dua laporan semester menjadi laporan kinerja tahunan",
            Role::StafEvaluasi,
            StepKind::Work,
            &[SemesterReports],
            15,
            Output::DraftLaporan,
        ),
    ]
}

/// Whether the admin's edit of a step may be kept: a title, and a standard
/// time of at least a minute.
pub fn check_step_edit(title: &str, standard_minutes: u32) -> Result<(), Vec<FieldError>> {
    let mut check = Checker::new();
    check.required("title", title, NAME_MAX);
    if standard_minutes == 0 {
        check.fail("standard_minutes", Problem::OutOfRange);
    }
    check.finish()
}

/// Whose turn it is when no step is: the sekretaris approves every cycle
/// (approval locks the period; only the sekretaris may lock and reopen).
pub const APPROVER: Role = Role::Sekretaris;

pub(super) fn step_def(steps: &[StepDef], number: u8) -> Option<&StepDef> {
    steps.iter().find(|def| def.number == number)
}
