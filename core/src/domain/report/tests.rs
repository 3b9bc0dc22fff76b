//! Golden tests: a fixed dataset of one seksi, with the figures of each
//! report worked out by hand (in the comments) — a summed count, a stock
//! index (`last`, entered per TW) and a negative-polarity rate (`average`),
//! with months missing.

use super::*;
use crate::domain::budget::ProgramLevel;
use crate::domain::indicator_rule::{Aggregation, Frequency, IndicatorRule, Polarity};
use crate::domain::org::UnitKind;
use crate::domain::plan::{RenstraPeriod, RenstraTarget, Sasaran, Tujuan};
use crate::domain::test_support::{d, indicator, p};

pub(crate) const SEKSI: &str = "seksi-kdl";

/// The dataset with the default policy and a few narratives.
pub(crate) struct Data(pub(crate) Inputs);

impl Data {
    pub(super) fn new() -> Data {
        let (indicators, targets, values, previous_year) = dataset();
        let written = |indicator: &str, unit: &str, period: &str, analisis: &str, kendala: &str| {
            let narrative = Narrative {
                unit_id: unit.into(),
                period: p(period),
                analisis: analisis.into(),
                kendala: kendala.into(),
                tindak_lanjut: String::new(),
            };
            (indicator.to_owned(), narrative)
        };
        let narratives = vec![
            written("dok", SEKSI, "2026-05", "", "Hujan deras di lokasi"),
            written("dok", SEKSI, "2026-02", "Target tercapai", ""),
            written("dok", "other-unit", "2026-03", "Dari unit lain", ""),
            written("dok", SEKSI, "2026-03", " ", ""),
        ];
        Data(Inputs {
            indicators,
            targets,
            values,
            previous_year,
            earlier_years: Vec::new(),
            narratives,
            policy: Policy::default(),
            budget: budget(),
            renstra: Renstra::default(),
            units: Vec::new(),
            chapter_edits: Vec::new(),
            approved_parts: Vec::new(),
        })
    }

    pub(crate) fn compile(&self, period: &str, unit: Option<&str>) -> Result<Report, ReportError> {
        compile(&self.0, p(period), unit)
    }

    /// The dataset with what only an LKjIP reads: the agency's units (the
    /// seksi under a bidang, beside the sekretariat; another OPD at the
    /// top), a Renstra whose one used sasaran holds DOK, and values of
    /// 2024 (DOK 40 + 60 = 100, IKLH 65) and of 2023 (none).
    pub(crate) fn for_lkjip() -> Data {
        let mut data = Data::new();
        let unit = |id: &str, name: &str, kind: UnitKind, parent: Option<&str>| Unit {
            id: id.into(),
            code: id.to_uppercase(),
            name: name.into(),
            kind,
            parent_id: parent.map(str::to_owned),
            active: true,
        };
        data.0.units = vec![
            unit("opd-pupr", "Dinas PUPR", UnitKind::Opd, None),
            unit("dinas", "Dinas Pertanahan dan Lingkungan Hidup", UnitKind::Dinas, None),
            unit("sekretariat", "Sekretariat", UnitKind::Sekretariat, Some("dinas")),
            unit("bidang-lh", "Bidang Lingkungan Hidup", UnitKind::Bidang, Some("dinas")),
            unit(SEKSI, "Seksi Pengendalian", UnitKind::Seksi, Some("bidang-lh")),
        ];
        data.0.renstra = Renstra {
            period: Some(RenstraPeriod { first_year: 2025, last_year: 2029 }),
            tujuan: vec![Tujuan {
                id: "t1".into(),
                code: "T1".into(),
                statement: "Lingkungan lestari".into(),
            }],
            sasaran: vec![
                Sasaran {
                    id: "sasaran-1".into(),
                    tujuan_id: "t1".into(),
                    code: "S1".into(),
                    statement: "Dokumen lingkungan terlayani".into(),
                },
                Sasaran {
                    id: "sasaran-2".into(),
                    tujuan_id: "t1".into(),
                    code: "S2".into(),
                    statement: "Tanpa indikator".into(),
                },
            ],
        };
        let earlier = |rows: &[(&str, &str, &str)]| {
            Values::from_entries(
                rows.iter()
                    .map(|(id, period, value)| (id.to_string(), SEKSI.to_owned(), p(period), d(value))),
            )
        };
        data.0.earlier_years = vec![
            (
                2024,
                earlier(&[("dok", "2024-03", "40"), ("dok", "2024-09", "60"), ("iklh", "2024-TW4", "65")]),
            ),
            (2023, earlier(&[])),
        ];
        data
    }
}

/// A programme of the seksi with a ceiling of 1.000 and one of another unit.
fn budget() -> Budget {
    let program = |id: &str, unit: &str| Program {
        id: id.into(),
        code: id.to_uppercase(),
        name: format!("Program {id}"),
        level: ProgramLevel::Program,
        parent_id: None,
        unit_id: Some(unit.into()),
    };
    let spent = |period: &str, amount: &str| Spending {
        program_id: "pengendalian".into(),
        period: p(period),
        amount: d(amount),
    };
    Budget {
        programs: vec![program("pengendalian", SEKSI), program("lain", "other-unit")],
        ceilings: vec![
            Ceiling { program_id: "pengendalian".into(), year: 2026, pagu: d("1000") },
            Ceiling { program_id: "lain".into(), year: 2026, pagu: d("500") },
        ],
        // TW I: 100 + 150; TW II: 200; nothing later.
        spending: vec![spent("2026-01", "100"), spent("2026-02", "150"), spent("2026-04", "200")],
    }
}

fn dataset() -> (Vec<Indicator>, HashMap<String, Targets>, Values, Values) {
    let rule = |aggregation, frequency, polarity| IndicatorRule {
        aggregation,
        frequency,
        polarity,
        ..IndicatorRule::default()
    };
    let mut dok = indicator("dok", SEKSI, &[], true);
    dok.sasaran_id = Some("sasaran-1".into());
    dok.end_target = Some(d("500"));
    dok.renstra_targets =
        vec![RenstraTarget { year: 2025, target: d("100") }, RenstraTarget { year: 2026, target: d("130") }];
    let mut iklh = indicator("iklh", SEKSI, &[], true);
    iklh.rule = rule(Aggregation::Last, Frequency::Quarterly, Polarity::Positive);
    let mut aduan = indicator("aduan", SEKSI, &[], true);
    aduan.rule = rule(Aggregation::Average, Frequency::Monthly, Polarity::Negative);
    let targets = |annual: &str, quarters: [&str; 4]| Targets {
        annual: Some(d(annual)),
        quarters: quarters.map(|q| Some(d(q))),
        upper: Default::default(),
    };
    let targets = HashMap::from([
        ("dok".to_owned(), targets("120", ["30", "30", "30", "30"])),
        ("iklh".to_owned(), targets("73", ["70", "71", "72", "73"])),
        ("aduan".to_owned(), targets("9", ["10", "10", "8", "8"])),
    ]);
    let entries = |rows: &[(&str, &str, &str)]| {
        Values::from_entries(
            rows.iter().map(|(id, period, value)| (id.to_string(), SEKSI.to_owned(), p(period), d(value))),
        )
    };
    let this_year = entries(&[
        // dok: TW I 32, TW II 27, TW III 20 (September missing), TW IV 45.
        ("dok", "2026-01", "10"),
        ("dok", "2026-02", "10"),
        ("dok", "2026-03", "12"),
        ("dok", "2026-04", "8"),
        ("dok", "2026-05", "9"),
        ("dok", "2026-06", "10"),
        ("dok", "2026-07", "10"),
        ("dok", "2026-08", "10"),
        ("dok", "2026-10", "15"),
        ("dok", "2026-11", "15"),
        ("dok", "2026-12", "15"),
        // iklh: entered per TW; nothing yet for TW III and TW IV.
        ("iklh", "2026-TW1", "68.5"),
        ("iklh", "2026-TW2", "70.2"),
        // aduan: TW I mean 10, TW II mean 6 (June missing), TW III 9, TW IV mean 8 (November missing).
        ("aduan", "2026-01", "12"),
        ("aduan", "2026-02", "8"),
        ("aduan", "2026-03", "10"),
        ("aduan", "2026-04", "6"),
        ("aduan", "2026-05", "6"),
        ("aduan", "2026-07", "9"),
        ("aduan", "2026-08", "9"),
        ("aduan", "2026-09", "9"),
        ("aduan", "2026-10", "7"),
        ("aduan", "2026-12", "9"),
    ]);
    let last_year = entries(&[
        ("dok", "2025-10", "5"),
        ("dok", "2025-11", "5"),
        ("dok", "2025-12", "5"),
        ("iklh", "2025-TW4", "66"),
        ("aduan", "2025-10", "11"),
        ("aduan", "2025-11", "11"),
        ("aduan", "2025-12", "11"),
    ]);
    (vec![dok, iklh, aduan], targets, this_year, last_year)
}

/// (code, realisation, target, capaian rounded to 2 places, quality, previous) of each row.
type Expected<'a> = (&'a str, Option<&'a str>, &'a str, Option<&'a str>, &'a [Quality], Option<&'a str>);

fn check(period: &str, expected: &[Expected<'_>]) -> Report {
    let report = Data::new().compile(period, Some(SEKSI)).unwrap();
    let got: Vec<_> = report
        .rows
        .iter()
        .map(|row| {
            let m = &row.measurement;
            (
                row.indicator_code.clone(),
                m.realisation.value.map(|v| v.normalize().to_string()),
                m.target.map(|t| t.normalize().to_string()).unwrap_or_default(),
                m.capaian.percent().map(|c| c.round_dp(2).normalize().to_string()),
                row.quality.clone(),
                row.previous.map(|v| v.normalize().to_string()),
            )
        })
        .collect();
    let want: Vec<_> = expected
        .iter()
        .map(|(code, r, t, c, q, prev)| {
            (
                code.to_string(),
                r.map(str::to_owned),
                t.to_string(),
                c.map(str::to_owned),
                q.to_vec(),
                prev.map(str::to_owned),
            )
        })
        .collect();
    assert_eq!(got, want, "{period}");
    report
}

use Quality::{FarFromPrevious, Missing, Partial};

#[test]
fn the_first_quarter() {
    let report = check(
        "2026-TW1",
        &[
            // 32 / 30 = 106,67 %; last year's TW IV was 15: moved 113 % (> 50 %).
            ("DOK", Some("32"), "30", Some("106.67"), &[FarFromPrevious], Some("15")),
            // 68,5 / 70 = 97,86 %; 66 before: 3,8 %.
            ("IKLH", Some("68.5"), "70", Some("97.86"), &[], Some("66")),
            // negative: (2 × 10 − 10) / 10 = 100 %.
            ("ADUAN", Some("10"), "10", Some("100"), &[], Some("11")),
        ],
    );
    assert!(report.parts.is_empty());
    assert_eq!(report.previous_period, p("2025-TW4"));
    let dok = &report.rows[0];
    assert_eq!(dok.sasaran_id.as_deref(), Some("sasaran-1"));
    // To date against the annual target: 32 / 120 = 26,67 %.
    let to_date = dok.measurement.to_date.unwrap();
    assert_eq!(to_date.capaian_annual.percent().map(|c| c.round_dp(2)), Some(d("26.67")));
    assert_eq!(
        report.completeness,
        vec![UnitCompleteness { unit_id: SEKSI.into(), complete: 3, expected: 3 }]
    );
}

#[test]
fn the_first_semester_recaps_its_two_quarters() {
    let report = check(
        "2026-S1",
        &[
            // 32 + 27 = 59 against 60: 98,33 %; last year's S2 held only TW IV (15).
            ("DOK", Some("59"), "60", Some("98.33"), &[FarFromPrevious], Some("15")),
            // the last TW: 70,2 against TW II's 71: 98,87 %.
            ("IKLH", Some("70.2"), "71", Some("98.87"), &[], Some("66")),
            // mean of the five months with data (12, 8, 10, 6, 6) = 8,4, June
            // missing — not the mean of the TW means (8); (20 − 8,4) / 10 = 116 %.
            ("ADUAN", Some("8.4"), "10", Some("116"), &[Partial], Some("11")),
        ],
    );
    assert_eq!(report.parts, vec![p("2026-TW1"), p("2026-TW2")]);
    let written: Vec<(Period, &str, &str)> = report.rows[0]
        .narratives
        .iter()
        .map(|n| (n.period, n.analisis.as_str(), n.kendala.as_str()))
        .collect();
    assert_eq!(
        written,
        vec![(p("2026-02"), "Target tercapai", ""), (p("2026-05"), "", "Hujan deras di lokasi")]
    );
    let dok_parts: Vec<_> = report.rows[0]
        .parts
        .iter()
        .map(|m| (m.realisation.value, m.capaian.percent().map(|c| c.round_dp(2))))
        .collect();
    assert_eq!(dok_parts, vec![(Some(d("32")), Some(d("106.67"))), (Some(d("27")), Some(d("90")))]);
    assert_eq!(
        report.completeness,
        vec![UnitCompleteness { unit_id: SEKSI.into(), complete: 2, expected: 3 }]
    );
}

#[test]
fn the_second_semester() {
    check(
        "2026-S2",
        &[
            // 20 (September missing) + 45 = 65 against 60: 108,33 %; S1 was 59.
            ("DOK", Some("65"), "60", Some("108.33"), &[Partial], Some("59")),
            // nothing entered for TW III or TW IV: missing, never zero.
            ("IKLH", None, "73", None, &[Missing], Some("70.2")),
            // mean of the five months with data (9, 9, 9, 7, 9) = 8,6 against 8:
            // (16 − 8,6) / 8 = 92,5 %; S1 was 8,4.
            ("ADUAN", Some("8.6"), "8", Some("92.5"), &[Partial], Some("8.4")),
        ],
    );
}

#[test]
fn the_year_combines_its_two_semesters() {
    let report = check(
        "2026",
        &[
            // 59 + 65 = 124 against 120: 103,33 %; last year 15.
            ("DOK", Some("124"), "120", Some("103.33"), &[Partial, FarFromPrevious], Some("15")),
            // the latest value is S1's 70,2, not the year's end: partial; 70,2 / 73 = 96,16 %.
            ("IKLH", Some("70.2"), "73", Some("96.16"), &[Partial], Some("66")),
            // mean of the ten months with data = 8,5 (equal to the mean of the
            // semesters, 8,4 and 8,6, only because each has five) against 9:
            // (18 − 8,5) / 9 = 105,56 %.
            ("ADUAN", Some("8.5"), "9", Some("105.56"), &[Partial], Some("11")),
        ],
    );
    assert_eq!(report.parts, vec![p("2026-S1"), p("2026-S2")]);
    assert_eq!(report.previous_period, p("2025"));
    // Against the Renstra's end target of 500: 124 / 500 = 24,8 %; against
    // its target for 2026 (not 2025's): 124 / 130 = 95,38 %. IKLH has neither.
    let renstra = report.rows[0].renstra.as_ref().unwrap();
    assert_eq!((renstra.end_target, renstra.capaian.percent()), (Some(d("500")), Some(d("24.8"))));
    assert_eq!(
        (renstra.year_target, renstra.year_capaian.and_then(Capaian::percent).map(|p| p.round_dp(2))),
        (Some(d("130")), Some(d("95.38")))
    );
    let none = report.rows[1].renstra.as_ref().unwrap();
    assert_eq!((none.capaian.percent(), none.year_capaian.and_then(Capaian::percent)), (None, None));
    assert!(Data::new().compile("2026-S2", Some(SEKSI)).unwrap().rows.iter().all(|r| r.renstra.is_none()));
}

#[test]
fn a_month_is_no_report_period_and_the_agency_report_covers_every_unit() {
    let data = Data::new();
    assert_eq!(data.compile("2026-03", None), Err(ReportError::NotAReportPeriod));
    assert_eq!(data.compile("2000-TW1", None), Err(ReportError::NoPreviousPeriod));
    let agency = data.compile("2026-TW1", None).unwrap();
    assert_eq!(agency.unit_id, None);
    assert_eq!(agency.rows.len(), 3);
    assert_eq!(agency.rows[0].measurement.realisation.value, Some(d("32")));
    let units: Vec<&str> = agency.rows[0].narratives.iter().map(|n| n.unit_id.as_str()).collect();
    assert_eq!(units, vec!["other-unit", SEKSI], "the agency's report quotes every unit, by unit");
    let other = data.compile("2026-TW1", Some("another-unit")).unwrap();
    assert!(other.rows.is_empty() && other.completeness.is_empty());
}

#[test]
fn the_period_before_is_at_the_same_level() {
    for (period, before) in [
        ("2026-TW1", "2025-TW4"),
        ("2026-TW3", "2026-TW2"),
        ("2026-S1", "2025-S2"),
        ("2026-S2", "2026-S1"),
        ("2026", "2025"),
        ("2026-01", "2025-12"),
    ] {
        assert_eq!(previous_period(p(period)), Some(p(before)), "{period}");
    }
}

#[test]
fn a_move_is_far_only_beyond_the_policy_s_percentage_of_a_known_non_zero_value() {
    let fifty = Decimal::from(50);
    assert!(!far_from(Some(d("10")), Some(d("15")), fifty));
    assert!(far_from(Some(d("10")), Some(d("15.01")), fifty));
    assert!(far_from(Some(d("-10")), Some(d("-4.9")), fifty));
    assert!(!far_from(Some(Decimal::ZERO), Some(d("100")), fifty));
    assert!(!far_from(None, Some(d("100")), fifty));
    assert!(!far_from(Some(d("10")), None, fifty));
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever was entered, each part column of a semester or year is
        /// the report of that part itself, a sum's whole is the sum of its
        /// parts, and a row is flagged missing exactly when it has no value.
        #[test]
        fn every_level_is_derived_from_the_level_below(
            months in proptest::collection::vec(proptest::option::of(0i64..1000), 12),
        ) {
            let mut data = Data::new();
            let entries = months.iter().enumerate().filter_map(|(i, v)| {
                v.map(|v| ("dok".to_owned(), SEKSI.to_owned(), Period::month(2026, i as u8 + 1).unwrap(), Decimal::from(v)))
            });
            data.0.values = Values::from_entries(entries);
            for whole in ["2026-S1", "2026-S2", "2026"] {
                let report = data.compile(whole, Some(SEKSI)).unwrap();
                let row = &report.rows[0];
                for (part, column) in report.parts.iter().zip(&row.parts) {
                    let own = data.compile(&part.to_string(), Some(SEKSI)).unwrap();
                    prop_assert_eq!(&own.rows[0].measurement, column);
                }
                let present: Vec<Decimal> = row.parts.iter().filter_map(|m| m.realisation.value).collect();
                let sum = (!present.is_empty()).then(|| present.iter().sum::<Decimal>());
                prop_assert_eq!(row.measurement.realisation.value, sum);
                prop_assert_eq!(row.quality.contains(&Quality::Missing), row.measurement.realisation.value.is_none());
            }
        }
    }
}

#[test]
fn the_budget_table_spends_from_january_to_the_period_s_end_for_the_unit_s_programmes() {
    let data = Data::new();
    let serapan = |period: &str, unit: Option<&str>| -> Vec<(String, Option<Decimal>, Option<Decimal>)> {
        let report = data.compile(period, unit).unwrap();
        report.budget.iter().map(|b| (b.program.id.clone(), b.spent_to_date, b.serapan.percent())).collect()
    };
    // 250 of 1.000 = 25 % by TW I; 450 = 45 % by the first semester and still by the year.
    assert_eq!(serapan("2026-TW1", Some(SEKSI)), [("pengendalian".into(), Some(d("250")), Some(d("25")))]);
    assert_eq!(serapan("2026-S1", Some(SEKSI)), [("pengendalian".into(), Some(d("450")), Some(d("45")))]);
    assert_eq!(serapan("2026", Some(SEKSI)), [("pengendalian".into(), Some(d("450")), Some(d("45")))]);
    // The agency's report has every programme; the other one spent nothing.
    let agency = serapan("2026-TW1", None);
    assert_eq!(agency.len(), 2);
    assert_eq!(agency[1], ("lain".into(), None, None));
}

/// Step 3's monthly progress of the seksi in TW II, worked by hand: DOK
/// 8 + 9 + 10 = 27 of 30 (90 %); ADUAN 6 and 6 with June missing (partial,
/// mean 6 against 10: negative polarity); IKLH entered per TW, so no month
/// has a value and the TW's 70,2 stands alone.
#[test]
fn the_monthly_progress_of_a_unit_shows_each_month_then_the_quarter() {
    use super::progress::{progress, title};
    use crate::domain::measurement_table::measurement_table;
    let data = Data::new().0;
    let table = |period: &str| {
        measurement_table(&data.indicators, &data.targets, &data.values, &data.policy, p(period), Some(SEKSI))
    };
    let months: Vec<_> = ["2026-04", "2026-05", "2026-06"].iter().map(|m| table(m)).collect();
    let report = progress(p("2026-TW2"), SEKSI, &data.indicators, None, &table("2026-TW2"), &months);
    assert_eq!(title(&report), "Laporan Progres Bulanan Triwulan II 2026");
    let keys: Vec<&str> = report.table.columns.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "no",
            "code",
            "indicator",
            "satuan",
            "target",
            "realisation:2026-04",
            "realisation:2026-05",
            "realisation:2026-06",
            "realisation",
            "capaian",
            "predicate",
            "remarks"
        ]
    );
    let shown = |key: &str| -> Vec<String> {
        let row = report.table.rows.iter().find(|r| r.key == key).unwrap();
        row.cells[4..].iter().map(|c| c.display(crate::domain::format::Style::Indonesian)).collect()
    };
    assert_eq!(shown("dok")[..6], ["30,00", "8,00", "9,00", "10,00", "27,00", "90,00%"]);
    assert_eq!(shown("dok")[7], "");
    assert_eq!(shown("aduan")[1..4], ["6,00", "6,00", "—"]);
    assert_eq!(shown("aduan")[7], "Data belum lengkap");
    assert_eq!(shown("iklh")[..5], ["71,00", "—", "—", "—", "70,20"]);
    assert!(!report.complete, "June of ADUAN is missing");
}
