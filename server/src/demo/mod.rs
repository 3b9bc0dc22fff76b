//! The demo agency, seeded into an empty database when the server starts with
//! `--demo` (as `cargo xtask run` does; never otherwise): the structure of a
//! regency land and environment agency, fifteen indicators of the kind such
//! agencies report, this year's PK and Rencana Aksi, realisations for the
//! months already past (with a few gaps, as in real life), programmes with
//! their ceilings and monthly spending, and one user per role. All of it is an example, and the interface says so.

mod cycles;

use crate::db::{Db, Unit, User, WriteError};
use kinerja_core::domain::budget::{Ceiling, Program, ProgramLevel, Spending};
use kinerja_core::domain::format::Style;
use kinerja_core::domain::indicator_rule::{Aggregation, Frequency, IndicatorRule, Polarity, TargetMode};
use kinerja_core::domain::org::{Role, UnitKind};
use kinerja_core::domain::period::Period;
use kinerja_core::domain::plan::{Indicator, RenstraPeriod, RenstraTarget, Sasaran, Tujuan, YearPlan};
use kinerja_core::domain::realisation::Realisation;
use kinerja_core::domain::target::Targets;
use rust_decimal::Decimal;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "kinerja-demo-2026";

/// (code, name, kind, parent code)
const UNITS: [(&str, &str, UnitKind, Option<&str>); 17] = [
    ("DINAS", "Dinas Pertanahan dan Lingkungan Hidup Kabupaten Balangan", UnitKind::Dinas, None),
    ("SEKRE", "Sekretariat", UnitKind::Sekretariat, Some("DINAS")),
    ("SUBBAG-PROG", "Subbagian Program", UnitKind::Subbagian, Some("SEKRE")),
    ("SUBBAG-UMUM", "Subbagian Umum dan Kepegawaian", UnitKind::Subbagian, Some("SEKRE")),
    ("SUBBAG-KEU", "Subbagian Keuangan", UnitKind::Subbagian, Some("SEKRE")),
    ("BID-TL", "Bidang Tata Lingkungan", UnitKind::Bidang, Some("DINAS")),
    ("SEKSI-KDL", "Seksi Kajian Dampak Lingkungan", UnitKind::Seksi, Some("BID-TL")),
    ("SEKSI-PPL", "Seksi Pemeliharaan dan Pemulihan Lingkungan", UnitKind::Seksi, Some("BID-TL")),
    ("BID-PSL", "Bidang Pengelolaan Sampah dan Limbah B3", UnitKind::Bidang, Some("DINAS")),
    ("SEKSI-SAMPAH", "Seksi Pengurangan dan Penanganan Sampah", UnitKind::Seksi, Some("BID-PSL")),
    (
        "BID-PPKL",
        "Bidang Penaatan dan Peningkatan Kapasitas Lingkungan Hidup",
        UnitKind::Bidang,
        Some("DINAS"),
    ),
    ("SEKSI-PENGADUAN", "Seksi Pengaduan dan Penegakan Hukum Lingkungan", UnitKind::Seksi, Some("BID-PPKL")),
    ("BID-TANAH", "Bidang Pertanahan", UnitKind::Bidang, Some("DINAS")),
    ("SEKSI-SENGKETA", "Seksi Penyelesaian Sengketa Tanah", UnitKind::Seksi, Some("BID-TANAH")),
    ("SEKSI-ASET", "Seksi Penatagunaan dan Pengamanan Tanah", UnitKind::Seksi, Some("BID-TANAH")),
    ("OPD-PUPR", "Dinas PUPR Kabupaten Balangan", UnitKind::Opd, None),
    ("INST-BPN", "Kantor Pertanahan Kabupaten Balangan (BPN)", UnitKind::Instansi, None),
];

/// (user name, full name, role, unit code)
const USERS: [(&str, &str, Role, Option<&str>); 7] = [
    ("admin", "Administrator Kinerja", Role::Admin, None),
    ("sekretaris", "Sekretaris Dinas (contoh)", Role::Sekretaris, None),
    ("kabid.tl", "Kepala Bidang Tata Lingkungan (contoh)", Role::KepalaBidang, Some("BID-TL")),
    ("kasubag.program", "Kepala Subbagian Program (contoh)", Role::KasubagProgram, None),
    ("kasi.kdl", "Kepala Seksi Kajian Dampak Lingkungan (contoh)", Role::KepalaSeksi, Some("SEKSI-KDL")),
    ("staf.evaluasi", "Staf Penyusun Evaluasi Kinerja (contoh)", Role::StafEvaluasi, None),
    ("kontributor.pupr", "Operator Dinas PUPR (contoh)", Role::Kontributor, Some("OPD-PUPR")),
];

/// (code, name, satuan, polarity, aggregation, frequency, responsible unit,
/// contributing units, annual target, typical monthly or quarterly value)
type DemoIndicator = (
    &'static str,
    &'static str,
    &'static str,
    Polarity,
    Aggregation,
    Frequency,
    &'static str,
    &'static [&'static str],
    i64,
    i64,
);

use Aggregation::{Average, Last, Sum};
use Frequency::{Monthly, Quarterly};
use Polarity::{Negative, Positive};

const INDICATORS: [DemoIndicator; 15] = [
    (
        "IKU-01",
        "Indeks Kualitas Lingkungan Hidup (IKLH)",
        "indeks",
        Positive,
        Last,
        Quarterly,
        "BID-TL",
        &[],
        68,
        66,
    ),
    ("IKU-02", "Indeks Kualitas Air", "indeks", Positive, Last, Quarterly, "SEKSI-PPL", &[], 60, 58),
    ("IKU-03", "Indeks Kualitas Udara", "indeks", Positive, Last, Quarterly, "SEKSI-PPL", &[], 88, 87),
    (
        "IKU-04",
        "Indeks Kualitas Tutupan Lahan",
        "indeks",
        Positive,
        Last,
        Quarterly,
        "SEKSI-PPL",
        &[],
        55,
        53,
    ),
    (
        "IKU-05",
        "Persentase sampah yang tertangani",
        "%",
        Positive,
        Last,
        Monthly,
        "SEKSI-SAMPAH",
        &[],
        75,
        70,
    ),
    (
        "IKU-06",
        "Timbulan sampah yang dibuang ke TPA",
        "ton",
        Negative,
        Sum,
        Monthly,
        "SEKSI-SAMPAH",
        &[],
        9600,
        820,
    ),
    (
        "IKU-07",
        "Jumlah dokumen lingkungan (AMDAL/UKL-UPL) yang diproses",
        "dokumen",
        Positive,
        Sum,
        Monthly,
        "SEKSI-KDL",
        &[],
        48,
        4,
    ),
    (
        "IKU-08",
        "Persentase pengaduan lingkungan yang ditindaklanjuti",
        "%",
        Positive,
        Average,
        Monthly,
        "SEKSI-PENGADUAN",
        &[],
        100,
        92,
    ),
    (
        "IKU-09",
        "Jumlah usaha/kegiatan yang diawasi ketaatannya",
        "usaha",
        Positive,
        Sum,
        Monthly,
        "SEKSI-PENGADUAN",
        &[],
        60,
        5,
    ),
    (
        "IKU-10",
        "Jumlah kasus pencemaran lingkungan",
        "kasus",
        Negative,
        Sum,
        Monthly,
        "SEKSI-PENGADUAN",
        &[],
        12,
        1,
    ),
    (
        "IKU-11",
        "Persentase sengketa pertanahan yang diselesaikan",
        "%",
        Positive,
        Last,
        Monthly,
        "SEKSI-SENGKETA",
        &[],
        80,
        72,
    ),
    (
        "IKU-12",
        "Jumlah bidang tanah pemerintah daerah yang bersertifikat",
        "bidang",
        Positive,
        Sum,
        Monthly,
        "SEKSI-ASET",
        &["INST-BPN"],
        120,
        10,
    ),
    (
        "IKU-13",
        "Luas ruang terbuka hijau yang ditambah",
        "ha",
        Positive,
        Sum,
        Quarterly,
        "SEKSI-PPL",
        &["OPD-PUPR"],
        8,
        2,
    ),
    (
        "IKU-14",
        "Nilai evaluasi SAKIP perangkat daerah",
        "nilai",
        Positive,
        Last,
        Quarterly,
        "SUBBAG-PROG",
        &[],
        70,
        66,
    ),
    ("IKU-15", "Persentase serapan anggaran", "%", Positive, Last, Monthly, "SUBBAG-KEU", &[], 95, 80),
];

/// The Renstra's goals: (code, statement).
const TUJUAN: [(&str, &str); 3] = [
    ("T1", "Terwujudnya lingkungan hidup yang berkualitas dan lestari"),
    ("T2", "Terwujudnya tata kelola pertanahan yang tertib dan berkepastian hukum"),
    ("T3", "Terwujudnya tata kelola perangkat daerah yang akuntabel"),
];

/// Objectives: (code, goal code, statement, the indicators under it).
const SASARAN: [(&str, &str, &str, &[&str]); 4] = [
    (
        "S1",
        "T1",
        "Meningkatnya kualitas lingkungan hidup",
        &["IKU-01", "IKU-02", "IKU-03", "IKU-04", "IKU-13"],
    ),
    (
        "S2",
        "T1",
        "Meningkatnya pengelolaan sampah dan penaatan lingkungan",
        &["IKU-05", "IKU-06", "IKU-07", "IKU-08", "IKU-09", "IKU-10"],
    ),
    ("S3", "T2", "Meningkatnya kepastian hukum atas tanah", &["IKU-11", "IKU-12"]),
    ("S4", "T3", "Meningkatnya akuntabilitas kinerja dan keuangan", &["IKU-14", "IKU-15"]),
];

/// (code, name, level, parent code, unit code, pagu in rupiah)
type DemoProgram = (&'static str, &'static str, ProgramLevel, Option<&'static str>, &'static str, i64);

const PROGRAMS: [DemoProgram; 4] = [
    (
        "PRG-01",
        "Program Perencanaan, Pengendalian dan Pengawasan Lingkungan Hidup",
        ProgramLevel::Program,
        None,
        "BID-TL",
        1_250_000_000,
    ),
    (
        "PRG-01.01",
        "Kegiatan Rencana Perlindungan dan Pengelolaan Lingkungan Hidup",
        ProgramLevel::Kegiatan,
        Some("PRG-01"),
        "SEKSI-KDL",
        600_000_000,
    ),
    ("PRG-02", "Program Pengelolaan Persampahan", ProgramLevel::Program, None, "BID-PSL", 2_400_000_000),
    ("PRG-03", "Program Penatagunaan Tanah", ProgramLevel::Program, None, "BID-TANAH", 850_000_000),
];

/// The programme whose budget serves each indicator; IKU-14 and IKU-15 have
/// none, so their efficiency is read per unit only.
const PROGRAM_OF: [(&str, &[&str]); 4] = [
    ("PRG-01.01", &["IKU-01", "IKU-02", "IKU-03", "IKU-04", "IKU-13"]),
    ("PRG-02", &["IKU-05", "IKU-06"]),
    ("PRG-01", &["IKU-07", "IKU-08", "IKU-09", "IKU-10"]),
    ("PRG-03", &["IKU-11", "IKU-12"]),
];

/// A stable id for a demo record, so that seeding twice never duplicates.
/// The demo's monthly indicators, each with the unit reporting it (ids):
/// tests and benchmarks that need many distinct records use them.
pub fn monthly_indicators() -> Vec<(String, String)> {
    INDICATORS
        .iter()
        .filter(|indicator| indicator.5 == Frequency::Monthly)
        .map(|indicator| (id("indicator", indicator.0), id("unit", indicator.6)))
        .collect()
}

fn id(kind: &str, code: &str) -> String {
    format!("demo-{kind}-{}", code.to_lowercase())
}

/// A deterministic wobble of ±10 % around `typical`, different per indicator and period.
fn wobble(typical: i64, seed: usize) -> Decimal {
    let step = ((seed * 7919) % 21) as i64 - 10;
    let tenth_percent = Decimal::new(typical * (1000 + step * 10), 3);
    tenth_percent.round_dp(if typical < 20 { 0 } else { 1 })
}

/// Seeds the demo agency into an empty database; `today` decides the year
/// and which months are past. Returns whether anything was seeded.
pub async fn seed(db: &Db, today: time::Date) -> Result<bool, WriteError> {
    if !db.units().await?.is_empty() {
        return Ok(false);
    }
    db.mark_demo().await?;
    for (code, name, kind, parent) in UNITS {
        let unit = Unit {
            id: id("unit", code),
            code: code.to_owned(),
            name: name.to_owned(),
            kind,
            parent_id: parent.map(|p| id("unit", p)),
            active: true,
        };
        db.add_unit(&unit, None).await?;
    }
    for (username, full_name, role, unit) in USERS {
        let user = User {
            id: id("user", username),
            username: username.to_owned(),
            full_name: full_name.to_owned(),
            nip: String::new(),
            role,
            unit_id: unit.map(|u| id("unit", u)),
            must_change_password: false,
            active: true,
        };
        db.add_user(&user, DEMO_PASSWORD, None).await?;
    }
    for (code, statement) in TUJUAN {
        db.save_tujuan(
            &Tujuan { id: id("tujuan", code), code: code.to_owned(), statement: statement.to_owned() },
            None,
        )
        .await?;
    }
    for (code, tujuan, statement, _) in SASARAN {
        let sasaran = Sasaran {
            id: id("sasaran", code),
            tujuan_id: id("tujuan", tujuan),
            code: code.to_owned(),
            statement: statement.to_owned(),
        };
        db.save_sasaran(&sasaran, None).await?;
    }
    // The programmes first: indicators name the one whose budget serves them.
    seed_budget(db, today).await?;
    let year = today.year();
    let renstra = RenstraPeriod { first_year: year - 1, last_year: year + 3 };
    db.save_renstra_period(renstra, None).await?;
    let mut plans = Vec::new();
    let mut realisations = Vec::new();
    for (n, demo) in INDICATORS.iter().enumerate() {
        let indicator = demo_indicator(demo, renstra);
        db.save_indicator(&indicator, None).await?;
        plans.push(demo_plan(&indicator, demo, year));
        let (.., typical) = *demo;
        let current_month = u8::from(today.month());
        let year_period = Period::year(year).map_err(|_| WriteError::NotFound)?;
        for period in year_period.descendants(indicator.rule.frequency.entry_level()) {
            let past = period.month_span().1 < current_month;
            let gap = (n + usize::from(period.index())) % 9 == 0;
            if !past || gap {
                continue;
            }
            for unit in indicator.reporting_units() {
                let value = match indicator.rule.aggregation {
                    Last => wobble(typical, n) + Decimal::from(period.month_span().1) / Decimal::from(4),
                    _ => wobble(typical, n * 31 + usize::from(period.index())),
                };
                realisations.push((
                    Realisation {
                        indicator_id: indicator.id.clone(),
                        unit_id: unit.to_owned(),
                        period,
                        value: Some(value.round_dp(2)),
                        analisis: format!(
                            "Capaian {} sesuai rencana aksi (data contoh).",
                            period.label(Style::Indonesian)
                        ),
                        kendala: String::new(),
                        tindak_lanjut: String::new(),
                    },
                    indicator.rule,
                ));
            }
        }
    }
    db.save_year_plans(&plans, None).await?;
    db.save_realisations(&realisations, None).await?;
    cycles::seed(db, today).await?;
    Ok(true)
}

/// Programmes with this year's ceilings and spending for the months already past.
async fn seed_budget(db: &Db, today: time::Date) -> Result<(), WriteError> {
    let year = today.year();
    let mut ceilings = Vec::new();
    let mut spending = Vec::new();
    for (n, (code, name, level, parent, unit, pagu)) in PROGRAMS.into_iter().enumerate() {
        let program = Program {
            id: id("program", code),
            code: code.to_owned(),
            name: name.to_owned(),
            level,
            parent_id: parent.map(|p| id("program", p)),
            unit_id: Some(id("unit", unit)),
        };
        db.save_program(&program, None).await?;
        ceilings.push(Ceiling { program_id: program.id.clone(), year, pagu: Decimal::from(pagu) });
        for month in 1..u8::from(today.month()) {
            let period = Period::month(year, month).map_err(|_| WriteError::NotFound)?;
            let amount = wobble(pagu / 13, n * 12 + usize::from(month)).round_dp(0);
            spending.push(Spending { program_id: program.id.clone(), period, amount });
        }
    }
    db.save_ceilings(&ceilings, None).await?;
    db.seed_spending(&spending).await
}

/// The demo's indicator, its Renstra targets rising evenly from its typical
/// value to its annual target at the period's end.
fn demo_indicator(demo: &DemoIndicator, renstra: RenstraPeriod) -> Indicator {
    let (
        code,
        name,
        unit_of_measure,
        polarity,
        aggregation,
        frequency,
        responsible,
        contributors,
        annual,
        typical,
    ) = *demo;
    let target_mode = if aggregation == Sum { TargetMode::PerPeriod } else { TargetMode::Cumulative };
    Indicator {
        id: id("indicator", code),
        code: code.to_owned(),
        name: name.to_owned(),
        sasaran_id: SASARAN.iter().find(|(.., codes)| codes.contains(&code)).map(|(s, ..)| id("sasaran", s)),
        unit_of_measure: unit_of_measure.to_owned(),
        rule: IndicatorRule {
            polarity,
            aggregation,
            target_mode,
            frequency,
            negative_formula: None,
            decimals: 2,
        },
        definition: format!("{name} (contoh definisi operasional)."),
        formula: String::new(),
        data_source: "Data contoh".to_owned(),
        responsible_unit_id: id("unit", responsible),
        contributor_unit_ids: contributors.iter().map(|c| id("unit", c)).collect(),
        program_id: PROGRAM_OF.iter().find(|(_, codes)| codes.contains(&code)).map(|(p, _)| id("program", p)),
        baseline: Some(Decimal::from(typical)),
        baseline_year: None,
        end_target: Some(Decimal::from(annual)),
        renstra_targets: renstra
            .years()
            .map(|year| {
                let (step, steps) =
                    (year - renstra.first_year + 1, renstra.last_year - renstra.first_year + 1);
                let rise = Decimal::from(annual - typical) * Decimal::from(step) / Decimal::from(steps);
                RenstraTarget { year, target: (Decimal::from(typical) + rise).round_dp(2) }
            })
            .collect(),
        active: true,
    }
}

fn demo_plan(indicator: &Indicator, demo: &DemoIndicator, year: i32) -> YearPlan {
    let (.., annual, typical) = *demo;
    let annual = Decimal::from(annual);
    let quarters = match indicator.rule.target_mode {
        TargetMode::Cumulative => [1, 2, 3, 4].map(|q| {
            let start = Decimal::from(typical);
            Some((start + (annual - start) * Decimal::from(q) / Decimal::from(4)).round_dp(2))
        }),
        TargetMode::PerPeriod => [Some((annual / Decimal::from(4)).round_dp(2)); 4],
    };
    let actions = [1, 2, 3, 4].map(|q| format!("Pelaksanaan dan pemantauan kegiatan triwulan {q} (contoh)."));
    YearPlan {
        indicator_id: indicator.id.clone(),
        year,
        targets: Targets::points(Some(annual), quarters),
        actions,
    }
}
