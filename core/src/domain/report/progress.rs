//! Step 3's output, the Laporan Progres Bulanan: one unit's indicators in a
//! quarter, month by month — each month's realisation, then the quarter's
//! target, realisation and capaian as the quarterly report computes them,
//! and what is still missing. The staff who process the quarter's data
//! (step 3) read it per unit and hand it over printed or as a workbook; it
//! is laid out as a `Grid`, the one layout every output of a report reads.

use super::grid::{Cell, Column, Grid, SheetRow, numbered, predicate_cell};
use crate::domain::measurement::Flag;
use crate::domain::measurement_table::Row;
use crate::domain::period::{Level, Period};
use crate::domain::plan::Indicator;
use serde::{Deserialize, Serialize};

/// A unit's monthly progress in a quarter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub period: Period,
    pub unit_id: String,
    pub table: Grid,
    /// Every indicator of the unit has the quarter's data complete.
    pub complete: bool,
}

/// The document's title: `Laporan Progres Bulanan Triwulan I 2026`.
pub fn title(progress: &Progress) -> String {
    format!("Laporan Progres Bulanan {}", progress.period.label(crate::domain::format::Style::Indonesian))
}

/// The progress of `unit_id` in `quarter` from its measurement tables: the
/// quarter's (`quarter_rows`) and each month's (`month_rows`, in month
/// order), all for that unit. `indicators` give each row its decimals;
/// `labels` name the predicates (the agency's scale, or the regulation's).
pub fn progress(
    quarter: Period,
    unit_id: &str,
    indicators: &[Indicator],
    labels: Option<&[String; 5]>,
    quarter_rows: &[Row],
    month_rows: &[Vec<Row>],
) -> Progress {
    let months = quarter.descendants(Level::Month);
    let text = |text: &str| Cell::Text { text: text.to_owned() };
    let column = |key: String, title: String| Column { key, title };
    let mut columns = vec![
        column("no".into(), "No".into()),
        column("code".into(), "Kode".into()),
        column("indicator".into(), "Indikator".into()),
        column("satuan".into(), "Satuan".into()),
        column("target".into(), "Target TW".into()),
    ];
    for month in &months {
        columns.push(column(
            format!("realisation:{month}"),
            format!("Realisasi {}", month.label(crate::domain::format::Style::Indonesian)),
        ));
    }
    columns.extend([
        column("realisation".into(), "Realisasi TW".into()),
        column("capaian".into(), "Capaian TW (%)".into()),
        column("predicate".into(), "Predikat".into()),
        column("remarks".into(), "Keterangan".into()),
    ]);
    let rows = quarter_rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let decimals = indicators
                .iter()
                .find(|indicator| indicator.id == row.indicator_id)
                .map_or(2, |indicator| indicator.rule.decimals);
            let measured = &row.measurement;
            let mut cells = vec![
                numbered(i),
                text(&row.indicator_code),
                text(&row.indicator_name),
                text(&row.unit_of_measure),
                Cell::target(measured.target, measured.target_upper, decimals),
            ];
            for rows in month_rows {
                let month = rows.iter().find(|m| m.indicator_id == row.indicator_id);
                cells.push(Cell::number(month.and_then(|m| m.measurement.realisation.value), decimals));
            }
            cells.extend([
                Cell::number(measured.realisation.value, decimals),
                Cell::percent(measured.capaian),
                predicate_cell(labels, measured.predicate),
                text(remark(&measured.flags)),
            ]);
            SheetRow { key: row.indicator_id.clone(), label: row.indicator_code.clone(), cells }
        })
        .collect();
    Progress {
        period: quarter,
        unit_id: unit_id.to_owned(),
        table: Grid { columns, rows },
        complete: quarter_rows.iter().all(|row| row.measurement.is_complete()),
    }
}

/// What the unit still owes for a row.
fn remark(flags: &[Flag]) -> &'static str {
    if flags.contains(&Flag::Missing) {
        "Data belum dikirim"
    } else if flags.contains(&Flag::Partial) {
        "Data belum lengkap"
    } else {
        ""
    }
}
