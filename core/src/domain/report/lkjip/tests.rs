//! The LKjIP of the golden dataset (`report/tests.rs`): its earlier years,
//! PK by sasaran and efficiency per unit, worked out by hand.

use crate::domain::formula::Efficiency;
use crate::domain::report::grid::{Grid, efficiency_grid, grid, pk_grid};
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
        (unit.name.as_str(), unit.indicators, unit.measured, unit.mean_capaian),
        ("Seksi Pengendalian", 3, 3, Some(d("101.68")))
    );
    assert_eq!(
        (unit.pagu, unit.spent, unit.serapan.percent()),
        (Some(d("1000")), Some(d("450")), Some(d("45")))
    );
    assert_eq!(unit.efficiency, Some(Efficiency::Efisien));
    let row = &efficiency_grid(&lkjip.efficiency, "Unit Kerja").rows[0];
    let shown: Vec<String> =
        row.cells.iter().map(|c| c.display(crate::domain::format::Style::Indonesian)).collect();
    assert_eq!(shown, ["1", "Seksi Pengendalian", "3", "101,68%", "1.000,00", "450,00", "45,00%", "Efisien"]);

    // The agency's report: the other unit has a programme but no indicator,
    // so it is not judged.
    let agency = Data::for_lkjip().compile("2026", None).unwrap().lkjip.unwrap();
    let judged: Vec<&str> = agency.efficiency.iter().map(|u| u.id.as_str()).collect();
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

#[test]
fn efficiency_per_sasaran_and_per_indicator_weighs_the_programmes_the_indicators_name() {
    let mut data = Data::for_lkjip();
    for indicator in &mut data.0.indicators {
        match indicator.id.as_str() {
            "dok" => indicator.program_id = Some("pengendalian".into()),
            "iklh" => {
                indicator.program_id = Some("pengendalian".into());
                indicator.sasaran_id = Some("sasaran-1".into());
            }
            // ADUAN names no programme: weighed per unit only.
            _ => {}
        }
    }
    let lkjip = data.compile("2026", None).unwrap().lkjip.unwrap();
    let style = crate::domain::format::Style::Indonesian;
    let shown = |grid: Grid| -> Vec<Vec<String>> {
        grid.rows.iter().map(|r| r.cells.iter().map(|c| c.display(style)).collect()).collect()
    };
    // Per indicator, each against the one programme: 450 of 1.000 spent, 45 %.
    // DOK 124 of 120 = 103,33 %: 58,33 points above; IKLH 70,2 of 73 (its
    // last TW) = 96,16 %: 51,16 above.
    assert_eq!(
        shown(efficiency_grid(&lkjip.efficiency_by_indicator, "Indikator")),
        [
            ["1", "DOK Indikator dok", "1", "103,33%", "1.000,00", "450,00", "45,00%", "Efisien"],
            ["2", "IKLH Indikator iklh", "1", "96,16%", "1.000,00", "450,00", "45,00%", "Efisien"],
        ]
    );
    // Per sasaran: S1 holds both, (103,333… + 96,164…) / 2 = 99,75 %, against
    // the programme they name, counted once; S2 holds none and is left out.
    assert_eq!(
        shown(efficiency_grid(&lkjip.efficiency_by_sasaran, "Sasaran")),
        [["1", "S1 Dokumen lingkungan terlayani", "2", "99,75%", "1.000,00", "450,00", "45,00%", "Efisien"]]
    );
    // More spent turns two readings: 950 of 1.000 is 95 %; DOK stays 8,33
    // points above, IKLH (1,16) and S1 (4,75) fall within the margin of 5.
    data.0.budget.spending.push(crate::domain::budget::Spending {
        program_id: "pengendalian".into(),
        period: crate::domain::test_support::p("2026-05"),
        amount: d("500"),
    });
    let tight = data.compile("2026", None).unwrap().lkjip.unwrap();
    let readings: Vec<_> =
        tight.efficiency_by_indicator.iter().map(|e| (e.id.as_str(), e.efficiency)).collect();
    assert_eq!(readings, [("dok", Some(Efficiency::Efisien)), ("iklh", Some(Efficiency::TidakEfisien))]);
    assert_eq!(tight.efficiency_by_sasaran[0].efficiency, Some(Efficiency::TidakEfisien));
}
