//! The measurement table of the golden dataset's reports, cell by cell as
//! worked out by hand in `report/tests.rs`, and the comparison of two
//! versions: exactly the cells a later entry changed.

use super::*;
use crate::domain::report::tests::{Data, SEKSI};
use crate::domain::test_support::{d, p};
use proptest::prelude::*;

fn report(period: &str) -> Report {
    Data::new().compile(period, Some(SEKSI)).unwrap()
}

fn shown(sheet: &Grid, row: usize) -> Vec<String> {
    sheet.rows[row].cells.iter().map(|cell| cell.display(Style::Indonesian)).collect()
}

fn keys(sheet: &Grid) -> Vec<&str> {
    sheet.columns.iter().map(|c| c.key.as_str()).collect()
}

#[test]
fn a_range_target_reads_as_the_pk_writes_it_and_a_point_as_a_number() {
    let range = Cell::target(Some(d("7")), Some(d("8")), 0);
    assert_eq!((range.display(Style::Indonesian), range.kind()), ("7–8".to_owned(), "number"));
    assert_eq!(Cell::target(Some(d("80.5")), Some(d("90")), 1).display(Style::English), "80.5–90.0");
    assert_eq!(Cell::target(Some(d("7")), None, 2), Cell::Number { value: d("7"), places: 2 });
    assert_eq!(Cell::target(None, None, 2), Cell::Empty);
}

#[test]
fn a_quarter_has_the_quarterly_report_columns_and_the_hand_worked_figures() {
    let sheet = grid(&report("2026-TW1"));
    let titles: Vec<&str> = sheet.columns.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "No",
            "Kode",
            "Indikator",
            "Satuan",
            "Target Tahunan (PK)",
            "Target TW I",
            "Realisasi TW I",
            "Capaian TW I (%)",
            "Realisasi s.d. TW I",
            "Capaian s.d. TW I thd Target Tahunan (%)",
            "Predikat s.d. TW I",
            "Predikat",
            "Realisasi TW IV",
            "Keterangan",
        ]
    );
    // DOK: 32 against 30 = 106,67 %; 32 of 120 to date = 26,67 % (Sangat
    // Rendah, a quarter into the year); last year's TW IV 15.
    assert_eq!(
        shown(&sheet, 0),
        [
            "1",
            "DOK",
            "Indikator dok",
            "dokumen",
            "120,00",
            "30,00",
            "32,00",
            "106,67%",
            "32,00",
            "26,67%",
            "Sangat Rendah",
            "Sangat Tinggi",
            "15,00",
            "Jauh dari periode sebelumnya"
        ]
    );
    assert_eq!(sheet.rows[0].cells[6], Cell::Number { value: d("32"), places: 2 });
    // ADUAN, negative: (2 × 10 − 10) / 10 = 100 %.
    assert_eq!(shown(&sheet, 2)[7], "100,00%");
}

#[test]
fn a_semester_and_the_year_carry_their_parts_columns() {
    let semester = grid(&report("2026-S1"));
    let keys_s1 = keys(&semester);
    assert_eq!(
        keys_s1[5..12],
        [
            "target",
            "realisation:2026-TW1",
            "capaian:2026-TW1",
            "predicate:2026-TW1",
            "realisation:2026-TW2",
            "capaian:2026-TW2",
            "predicate:2026-TW2"
        ]
    );
    // DOK: TW I 32 (106,67 %), TW II 27 (90 %), the semester 59 of 60 (98,33 %);
    // every capaian with its predicate.
    assert_eq!(
        shown(&semester, 0)[6..14],
        ["32,00", "106,67%", "Sangat Tinggi", "27,00", "90,00%", "Tinggi", "59,00", "98,33%"]
    );
    // ADUAN: June missing, so partial.
    assert_eq!(shown(&semester, 2).last().unwrap(), "Data belum lengkap");
    let year = grid(&report("2026"));
    let keys_year = keys(&year);
    assert!(!keys_year.contains(&"target") && !keys_year.contains(&"to_date_realisation"));
    assert_eq!(
        keys_year[5..11],
        [
            "realisation:2026-S1",
            "capaian:2026-S1",
            "predicate:2026-S1",
            "realisation:2026-S2",
            "capaian:2026-S2",
            "predicate:2026-S2"
        ]
    );
    assert_eq!(year.columns.iter().find(|c| c.key == "previous").unwrap().title, "Realisasi Tahun 2025");
    // IKLH has nothing for TW III and IV: S2 and the year's columns say so.
    assert_eq!(shown(&year, 1)[8..11], ["—", "—", "—"]);
    // DOK against the Renstra's end target: 124 of 500 = 24,80 %.
    let at = |key: &str| keys_year.iter().position(|k| *k == key).unwrap();
    assert_eq!(
        [&shown(&year, 0)[at("end_target")], &shown(&year, 0)[at("end_target_capaian")]],
        ["500,00", "24,80%"]
    );
    // And against the Renstra's target for 2026: 124 of 130 = 95,38 %.
    assert_eq!(year.columns[at("renstra_year_target")].title, "Target Renstra 2026");
    assert_eq!(
        [&shown(&year, 0)[at("renstra_year_target")], &shown(&year, 0)[at("renstra_year_capaian")]],
        ["130,00", "95,38%"]
    );
    assert!(!keys(&semester).contains(&"end_target"));
}

#[test]
fn a_corrected_month_changes_exactly_its_quarters_figures() {
    let before = grid(&report("2026-TW1"));
    let mut data = Data::new();
    data.0.values.insert("dok", SEKSI, p("2026-03"), d("14"));
    let after = grid(&data.compile("2026-TW1", Some(SEKSI)).unwrap());
    let changes = diff(&before, &after);
    // 34 instead of 32: 113,33 % of 30 and 28,33 % of 120; still Sangat Tinggi, still far from 15.
    let listed: Vec<(&str, &str, String, String)> = changes
        .iter()
        .map(|c| {
            let show = |cell: &Option<Cell>| cell.as_ref().unwrap().display(Style::Indonesian);
            (c.row.as_str(), c.column.as_str(), show(&c.before), show(&c.after))
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("dok", "realisation", "32,00".into(), "34,00".into()),
            ("dok", "capaian", "106,67%".into(), "113,33%".into()),
            ("dok", "to_date_realisation", "32,00".into(), "34,00".into()),
            ("dok", "to_date_capaian_annual", "26,67%".into(), "28,33%".into()),
        ]
    );
    assert_eq!((changes[0].title.as_str(), changes[0].label.as_str()), ("Realisasi TW I", "DOK"));
    assert!(diff(&after, &after).is_empty());
}

#[test]
fn a_row_added_or_dropped_lists_each_of_its_cells_but_not_the_numbering() {
    let full = grid(&report("2026-TW1"));
    let mut fewer = full.clone();
    fewer.rows.remove(0);
    let dropped = diff(&full, &fewer);
    assert_eq!(dropped.len(), full.columns.len() - 1);
    assert!(dropped.iter().all(|c| c.row == "dok" && c.before.is_some() && c.after.is_none()));
    let added = diff(&fewer, &full);
    assert!(added.iter().all(|c| c.row == "dok" && c.before.is_none() && c.after.is_some()));
    assert_eq!(added.len(), dropped.len());
}

proptest! {
    /// Whatever cells are edited, the diff lists those and only those.
    #[test]
    fn the_diff_lists_exactly_the_edited_cells(
        edits in proptest::collection::btree_set((0usize..3, 1usize..13), 0..20),
        period in prop_oneof![Just("2026-TW2"), Just("2026-S2"), Just("2026")],
    ) {
        let before = grid(&report(period));
        let mut after = before.clone();
        let width = before.columns.len();
        let edits: std::collections::BTreeSet<(usize, usize)> =
            edits.into_iter().map(|(row, column)| (row, 1 + (column - 1) % (width - 1))).collect();
        for (row, column) in &edits {
            after.rows[*row].cells[*column] = Cell::Text { text: format!("edited {row} {column}") };
        }
        let listed: std::collections::BTreeSet<(usize, usize)> = diff(&before, &after)
            .iter()
            .map(|c| {
                let row = before.rows.iter().position(|r| r.key == c.row).unwrap();
                let column = before.columns.iter().position(|k| k.key == c.column).unwrap();
                (row, column)
            })
            .collect();
        prop_assert_eq!(listed, edits);
    }
}

#[test]
fn the_title_and_the_overview_read_as_the_agency_writes_them() {
    assert_eq!(title(p("2026-TW1")), "Laporan Kinerja Triwulan I 2026");
    assert_eq!(title(p("2026-S2")), "Laporan Kinerja Semester II 2026");
    assert_eq!(title(p("2026")), "Laporan Kinerja Instansi Pemerintah (LKjIP) Tahun 2026");
    // TW I: DOK 106,67 %, IKLH 97,86 %, ADUAN 100 %: all Sangat Tinggi.
    assert_eq!(overview(&report("2026-TW1")), "Dari 3 indikator kinerja, 3 berpredikat Sangat Tinggi.");
    // TW III: DOK 20 of 30 = 66,67 % (Sedang), IKLH nothing, ADUAN (16 − 9) / 8 = 87,5 % (Tinggi).
    assert_eq!(
        overview(&report("2026-TW3")),
        "Dari 3 indikator kinerja, 1 berpredikat Tinggi, 1 berpredikat Sedang, dan 1 belum dapat diukur."
    );
}

#[test]
fn an_agency_s_own_scale_names_the_predicates_of_the_report_it_compiles() {
    let mut data = Data::new();
    let names = ["Sangat Kurang", "Kurang", "Cukup", "Baik", "Sangat Baik"];
    data.0.policy.labels = Some(names.map(str::to_owned));
    let quarter = data.compile("2026-TW3", Some(SEKSI)).unwrap();
    assert_eq!(
        overview(&quarter),
        "Dari 3 indikator kinerja, 1 berpredikat Baik, 1 berpredikat Cukup, dan 1 belum dapat diukur."
    );
    let sheet = grid(&quarter);
    let at = keys(&sheet).iter().position(|k| *k == "predicate").unwrap();
    assert_eq!(shown(&sheet, 0)[at], "Cukup", "DOK's 66,67 % in the agency's words");
    // A version kept with the regulation's names keeps them.
    let kept = Report { predicate_labels: None, ..quarter };
    assert_eq!(shown(&grid(&kept), 0)[at], "Sedang");
}

#[test]
fn the_budget_grid_and_the_trend_of_a_semester() {
    let semester = report("2026-S1");
    let budget = budget_grid(&semester);
    let titles: Vec<&str> = budget.columns.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(
        titles,
        ["No", "Kode", "Program/Kegiatan", "Pagu", "Realisasi s.d. Semester I", "Serapan (%)"]
    );
    let shown: Vec<String> = budget.rows[0].cells.iter().map(|c| c.display(Style::Indonesian)).collect();
    assert_eq!(shown, ["1", "PENGENDALIAN", "Program pengendalian", "1.000,00", "450,00", "45,00%"]);
    // TW I: (106,67 + 97,86 + 100) / 3 = 101,51; TW II: DOK 90, IKLH 70,2/71 = 98,87,
    // ADUAN (20 − 6) / 10 = 140 → 109,62; the semester: (98,333… + 98,873… + 116) / 3 = 104,402… → 104,40.
    let points: Vec<(Period, Option<Decimal>)> = trend(&semester);
    assert_eq!(
        points,
        [
            (p("2026-TW1"), Some(d("101.51"))),
            (p("2026-TW2"), Some(d("109.62"))),
            (p("2026-S1"), Some(d("104.40")))
        ]
    );
    // A quarter has only its own point.
    assert_eq!(trend(&report("2026-TW1")).len(), 1);
}
