//! The Pohon Kinerja (performance tree): how the agency's goals cascade —
//! each tujuan to its sasaran, each sasaran to its indicators, each
//! indicator to the units answerable for it — with the year's capaian and
//! predicate of every indicator taken from the annual report, and of every
//! sasaran and tujuan as the mean of those below (`lkjip::mean_capaian`,
//! read with the agency's bands). Built from a compiled report, so every
//! figure is the report's own. Pure; the page draws it.

use crate::domain::formula::predicate;
use crate::domain::org::Unit;
use crate::domain::plan::{Indicator, Renstra};
use crate::domain::policy::{Policy, Predicate};
use crate::domain::report::lkjip::mean_capaian;
use crate::domain::report::{Report, ReportRow};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// A capaian and its predicate; both absent when nothing could be measured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Standing {
    pub capaian: Option<Decimal>,
    pub predicate: Option<Predicate>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndicatorNode {
    pub code: String,
    pub name: String,
    pub standing: Standing,
    /// The responsible unit first, then the contributing ones, by name.
    pub units: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SasaranNode {
    pub code: String,
    pub statement: String,
    pub standing: Standing,
    pub indicators: Vec<IndicatorNode>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TujuanNode {
    pub code: String,
    pub statement: String,
    pub standing: Standing,
    pub sasaran: Vec<SasaranNode>,
}

/// The mean capaian of `rows` and its predicate under `policy`.
fn standing<'a>(rows: impl IntoIterator<Item = &'a ReportRow>, policy: &Policy) -> Standing {
    let (_, mean) = mean_capaian(rows);
    Standing { capaian: mean, predicate: mean.map(|percent| predicate(percent, policy)) }
}

/// The tree of `report` (an annual report): tujuan in Renstra order, each
/// with the sasaran that have indicators in the report; a tujuan without
/// any is left out.
pub fn tree(
    report: &Report,
    renstra: &Renstra,
    indicators: &[Indicator],
    units: &[Unit],
    policy: &Policy,
) -> Vec<TujuanNode> {
    let unit_name: HashMap<&str, &str> = units.iter().map(|u| (u.id.as_str(), u.name.as_str())).collect();
    let indicator: HashMap<&str, &Indicator> = indicators.iter().map(|i| (i.id.as_str(), i)).collect();
    let node = |row: &ReportRow| IndicatorNode {
        code: row.indicator_code.clone(),
        name: row.indicator_name.clone(),
        standing: Standing {
            capaian: row.measurement.capaian.percent(),
            predicate: row.measurement.predicate,
        },
        units: indicator
            .get(row.indicator_id.as_str())
            .map(|i| {
                std::iter::once(&i.responsible_unit_id)
                    .chain(&i.contributor_unit_ids)
                    .map(|id| unit_name.get(id.as_str()).map_or_else(|| id.clone(), |n| (*n).to_owned()))
                    .collect()
            })
            .unwrap_or_default(),
    };
    renstra
        .tujuan
        .iter()
        .filter_map(|tujuan| {
            let mut rows_of_tujuan = Vec::new();
            let sasaran: Vec<SasaranNode> = renstra
                .sasaran
                .iter()
                .filter(|s| s.tujuan_id == tujuan.id)
                .filter_map(|s| {
                    let rows: Vec<&ReportRow> =
                        report.rows.iter().filter(|r| r.sasaran_id.as_deref() == Some(&s.id)).collect();
                    if rows.is_empty() {
                        return None;
                    }
                    rows_of_tujuan.extend(rows.iter().copied());
                    Some(SasaranNode {
                        code: s.code.clone(),
                        statement: s.statement.clone(),
                        standing: standing(rows.iter().copied(), policy),
                        indicators: rows.into_iter().map(node).collect(),
                    })
                })
                .collect();
            (!sasaran.is_empty()).then(|| TujuanNode {
                code: tujuan.code.clone(),
                statement: tujuan.statement.clone(),
                standing: standing(rows_of_tujuan, policy),
                sasaran,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::report::tests::Data;

    #[test]
    fn the_tree_cascades_tujuan_to_sasaran_to_indicators_to_units_with_the_report_s_figures() {
        let mut data = Data::for_lkjip();
        // IKLH joins DOK under the first sasaran; the second has no indicator and is left out.
        for indicator in data.0.indicators.iter_mut().filter(|i| i.id == "iklh") {
            indicator.sasaran_id = Some("sasaran-1".into());
            indicator.contributor_unit_ids = vec!["bidang-lh".into()];
        }
        let report = data.compile("2026", None).unwrap();
        let inputs = &data.0;
        let tree = tree(&report, &inputs.renstra, &inputs.indicators, &inputs.units, &inputs.policy);
        assert_eq!(tree.len(), 1);
        let (tujuan, sasaran) = (&tree[0], &tree[0].sasaran);
        assert_eq!((tujuan.code.as_str(), sasaran.len(), sasaran[0].code.as_str()), ("T1", 1, "S1"));
        let codes: Vec<&str> = sasaran[0].indicators.iter().map(|i| i.code.as_str()).collect();
        assert_eq!(codes, ["DOK", "IKLH"]);
        let row = |code: &str| report.rows.iter().find(|r| r.indicator_code == code).unwrap();
        for node in &sasaran[0].indicators {
            assert_eq!(node.standing.capaian, row(&node.code).measurement.capaian.percent());
            assert_eq!(node.standing.predicate, row(&node.code).measurement.predicate);
        }
        let iklh = &sasaran[0].indicators[1];
        assert_eq!(iklh.units, ["Seksi Pengendalian", "Bidang Lingkungan Hidup"]);
        let (measured, mean) = mean_capaian([row("DOK"), row("IKLH")]);
        assert!(measured > 0, "the golden year measures something");
        assert_eq!(sasaran[0].standing.capaian, mean);
        assert_eq!(tujuan.standing, sasaran[0].standing, "one sasaran: the tujuan stands as it does");
        assert_eq!(
            sasaran[0].standing.predicate,
            mean.map(|m| crate::domain::formula::predicate(m, &inputs.policy))
        );
    }

    #[test]
    fn nothing_measured_leaves_the_standing_empty() {
        assert_eq!(standing([], &Policy::default()), Standing::default());
    }
}
