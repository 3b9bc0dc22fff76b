//! The LKjIP of the golden dataset (`report/tests.rs`): its earlier years,
//! PK by sasaran and efficiency per unit, worked out by hand.

use crate::domain::formula::Efficiency;
use crate::domain::report::grid::{efficiency_grid, grid, pk_grid};
use crate::domain::report::tests::{Data, SEKSI};
use crate::domain::test_support::d;

#[test]
fn the_year_is_compared_with_the_earlier_years_that_have_data() {
    let report = Data::for_lkjip().compile("2026", Some(SEKSI)).unwrap();
    // 2023 holds nothing and is left out; 2025 is the `previous` column.
    assert_eq!(report.earlier_years, vec![2024]);
    let earlier: Vec<_> = report.rows.iter().map(|r| r.earlier.clone()).collect();
    assert_eq!(earlier, vec![vec![Some(d("100"))], vec![Some(d("65"))], vec![None]]);
    let table = grid(&report);
    let at = |key: &str| table.columns.iter().position(|c| c.key == key).unwrap();
    assert_eq!(table.columns[at("earlier:2024")].title, "Realisasi Tahun 2024");
    assert_eq!(at("earlier:2024") + 1, at("previous"), "oldest year first, the year before last");
    let quarter = Data::for_lkjip().compile("2026-TW4", Some(SEKSI)).unwrap();
    assert!(
        quarter.earlier_years.is_empty() && quarter.lkjip.is_none() && quarter.rows[0].earlier.is_empty()
    );
}

#[test]
fn the_pk_lists_each_indicator_under_its_sasaran() {
    let report = Data::for_lkjip().compile("2026", Some(SEKSI)).unwrap();
    let lkjip = report.lkjip.unwrap();
    assert_eq!(lkjip.agency, "Dinas Pertanahan dan Lingkungan Hidup");
    let groups: Vec<_> = lkjip
        .pk
        .iter()
        .map(|g| {
            let codes: Vec<&str> = g.indicators.iter().map(|i| i.code.as_str()).collect();
            (g.code.as_deref(), g.tujuan.as_deref(), g.statement.as_str(), codes)
        })
        .collect();
    // S2 has no indicator in the report and is left out.
    assert_eq!(
        groups,
        vec![
            (Some("S1"), Some("Lingkungan lestari"), "Dokumen lingkungan terlayani", vec!["DOK"]),
            (None, None, "Indikator tanpa sasaran", vec!["IKLH", "ADUAN"]),
        ]
    );
    let pk = pk_grid(&lkjip.pk);
    let shown: Vec<Vec<String>> = pk
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.display(crate::domain::format::Style::Indonesian)).collect())
        .collect();
    assert_eq!(
        shown[0],
        ["1", "S1 Dokumen lingkungan terlayani", "DOK", "Indikator dok", "dokumen", "120,00"]
    );
    assert_eq!(shown[2][1], "Indikator tanpa sasaran");
    assert_eq!(shown[2][5], "9,00");
}

#[test]
fn efficiency_compares_a_unit_s_mean_capaian_with_its_serapan() {
    let report = Data::for_lkjip().compile("2026", Some(SEKSI)).unwrap();
    let lkjip = report.lkjip.unwrap();
    // Capaian 103,33 + 96,16 + 105,56 → mean 101,68; the seksi's programme
    // spent 450 of 1.000 = 45 %: 56,68 points above, beyond the margin of 5.
    assert_eq!(lkjip.efficiency.len(), 1);
    let unit = &lkjip.efficiency[0];
    assert_eq!(
        (unit.unit_name.as_str(), unit.indicators, unit.measured, unit.mean_capaian),
        ("Seksi Pengendalian", 3, 3, Some(d("101.68")))
    );
    assert_eq!(
        (unit.pagu, unit.spent, unit.serapan.percent()),
        (Some(d("1000")), Some(d("450")), Some(d("45")))
    );
    assert_eq!(unit.efficiency, Some(Efficiency::Efisien));
    let row = &efficiency_grid(&lkjip).rows[0];
    let shown: Vec<String> =
        row.cells.iter().map(|c| c.display(crate::domain::format::Style::Indonesian)).collect();
    assert_eq!(shown, ["1", "Seksi Pengendalian", "3", "101,68%", "1.000,00", "450,00", "45,00%", "Efisien"]);

    // The agency's report: the other unit has a programme but no indicator,
    // so it is not judged.
    let agency = Data::for_lkjip().compile("2026", None).unwrap().lkjip.unwrap();
    let judged: Vec<&str> = agency.efficiency.iter().map(|u| u.unit_id.as_str()).collect();
    assert_eq!(judged, vec![SEKSI]);
}

#[test]
fn a_unit_without_budget_or_capaian_is_not_judged() {
    let mut data = Data::for_lkjip();
    data.0.budget.ceilings.clear();
    let lkjip = data.compile("2026", Some(SEKSI)).unwrap().lkjip.unwrap();
    assert_eq!((lkjip.efficiency[0].pagu, lkjip.efficiency[0].efficiency), (None, None));
    assert_eq!(lkjip.efficiency[0].serapan.percent(), None);
}
