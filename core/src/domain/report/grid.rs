//! A compiled report laid out as its measurement table (tabel pengukuran
//! kinerja): titled columns and one row of cells per indicator. Every
//! output reads this one layout — the print view, the XLSX, DOCX and CSV
//! files — so they cannot disagree; and two versions of a report are
//! compared cell by cell on it (`diff`). Pure.

use super::lkjip::{PkSasaran, ResourceEfficiency};
use super::{Quality, Report, ReportRow};
use crate::domain::budget::ProgramCeiling;
use crate::domain::format::{Style, format_decimal, format_percent, format_target};
use crate::domain::formula::{Capaian, Efficiency, round2};
use crate::domain::measurement::Flag;
use crate::domain::period::{Level, Period};
use crate::domain::policy::{Predicate, label_in};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// One cell's content: numbers stay numbers so a spreadsheet can compute
/// with them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Cell {
    Text {
        text: String,
    },
    /// A value shown with `places` decimals.
    Number {
        value: Decimal,
        places: u32,
    },
    /// A target written as a range (`7,00–8,00`), ends shown with `places` decimals.
    Range {
        low: Decimal,
        high: Decimal,
        places: u32,
    },
    /// A percentage, kept at full precision and shown with two decimals.
    Percent {
        value: Decimal,
    },
    /// No value: shown as "—".
    Empty,
}

impl Cell {
    fn text(text: impl Into<String>) -> Cell {
        Cell::Text { text: text.into() }
    }

    /// A value shown with `places` decimals, or empty.
    pub fn number(value: Option<Decimal>, places: u8) -> Cell {
        value.map_or(Cell::Empty, |value| Cell::Number { value, places: u32::from(places) })
    }

    /// A target: a number, or a range when `high` is set; or empty.
    pub fn target(low: Option<Decimal>, high: Option<Decimal>, places: u8) -> Cell {
        match (low, high) {
            (Some(low), Some(high)) => Cell::Range { low, high, places: u32::from(places) },
            _ => Cell::number(low, places),
        }
    }

    /// A capaian as every output shows it, or empty when undefined.
    pub fn percent(capaian: Capaian) -> Cell {
        capaian.percent().map_or(Cell::Empty, |value| Cell::Percent { value })
    }

    /// What the cell holds, for styling (numbers align right).
    pub fn kind(&self) -> &'static str {
        match self {
            Cell::Text { .. } => "text",
            Cell::Number { .. } | Cell::Range { .. } => "number",
            Cell::Percent { .. } => "percent",
            Cell::Empty => "empty",
        }
    }

    /// The cell as a reader sees it: `1.234,50`, `87,50%`, `—`.
    pub fn display(&self, style: Style) -> String {
        match self {
            Cell::Text { text } => text.clone(),
            Cell::Number { value, places } => format_decimal(*value, *places, style),
            Cell::Range { low, high, places } => format_target(*low, Some(*high), *places, style),
            Cell::Percent { value } => format_percent(round2(*value), 2, style),
            Cell::Empty => "—".to_owned(),
        }
    }
}

/// A column: a stable key (for comparing versions and for machines) and
/// its Indonesian heading, the language of the agency's documents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub key: String,
    pub title: String,
}

/// One indicator's (or programme's) row, keyed by its id and named by its code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetRow {
    pub key: String,
    pub label: String,
    pub cells: Vec<Cell>,
}

/// The measurement table of a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grid {
    pub columns: Vec<Column>,
    pub rows: Vec<SheetRow>,
}

/// The short name of a period in a column heading: `TW I`, `Semester II`, `Tahun 2026`.
pub fn short_label(period: Period) -> String {
    let roman = ["I", "II", "III", "IV"];
    let numeral = roman.get(usize::from(period.index()).saturating_sub(1)).copied().unwrap_or("I");
    match period.level() {
        Level::Quarter => format!("TW {numeral}"),
        Level::Semester => format!("Semester {numeral}"),
        Level::Year => format!("Tahun {}", period.year_number()),
        Level::Month => period.label(Style::Indonesian),
    }
}

/// The document's title: `Laporan Kinerja Triwulan I 2026`, `Laporan
/// Kinerja Semester I 2026`, or the LKjIP of a year.
pub fn title(period: Period) -> String {
    match period.level() {
        Level::Year => format!("Laporan Kinerja Instansi Pemerintah (LKjIP) Tahun {}", period.year_number()),
        _ => format!("Laporan Kinerja {}", period.label(Style::Indonesian)),
    }
}

/// The opening sentence of the report (Ikhtisar): how many indicators
/// reached each predicate, best first, and how many could not be measured.
pub fn overview(report: &Report) -> String {
    let mut parts = Vec::new();
    for predicate in Predicate::ALL.iter().rev() {
        let count = report.rows.iter().filter(|r| r.measurement.predicate == Some(*predicate)).count();
        if count > 0 {
            parts.push(format!("{count} berpredikat {}", report.predicate_label(*predicate)));
        }
    }
    let unmeasured = report.rows.iter().filter(|r| r.measurement.predicate.is_none()).count();
    if unmeasured > 0 {
        parts.push(format!("{unmeasured} belum dapat diukur"));
    }
    let listed = match parts.split_last() {
        None => "tidak ada yang diukur".to_owned(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{}, dan {last}", rest.join(", ")),
    };
    format!("Dari {} indikator kinerja, {listed}.", report.rows.len())
}

/// What the Keterangan column says of a row: its data-quality flags, then
/// what the reader must know of its capaian.
pub fn remarks(row: &ReportRow) -> String {
    let quality = row.quality.iter().map(|quality| match quality {
        Quality::Missing => "Data belum ada",
        Quality::Partial => "Data belum lengkap",
        Quality::FarFromPrevious => "Jauh dari periode sebelumnya",
    });
    let flags = row.measurement.flags.iter().filter_map(|flag| match flag {
        Flag::NoTarget => Some("Target belum ada"),
        Flag::ZeroTarget => Some("Target 0: capaian tidak dihitung"),
        Flag::NegativeShownAsZero => Some("Capaian negatif ditampilkan 0"),
        Flag::Capped => Some("Capaian dibatasi"),
        Flag::Missing | Flag::Partial => None,
    });
    quality.chain(flags).collect::<Vec<_>>().join("; ")
}

pub(super) fn predicate_cell(labels: Option<&[String; 5]>, predicate: Option<Predicate>) -> Cell {
    predicate.map_or(Cell::Empty, |p| Cell::text(label_in(labels, p)))
}

/// The columns of `report`'s table, and for each the cell of a row.
type Filler = Box<dyn Fn(usize, &ReportRow) -> Cell>;

fn columns(report: &Report) -> Vec<(Column, Filler)> {
    let own = short_label(report.period);
    let column = |key: String, title: String, fill: Filler| (Column { key, title }, fill);
    let mut columns = vec![
        column("no".into(), "No".into(), Box::new(|i, _| numbered(i))),
        column("code".into(), "Kode".into(), Box::new(|_, r| Cell::text(&r.indicator_code))),
        column("indicator".into(), "Indikator".into(), Box::new(|_, r| Cell::text(&r.indicator_name))),
        column("satuan".into(), "Satuan".into(), Box::new(|_, r| Cell::text(&r.unit_of_measure))),
        column(
            "annual_target".into(),
            "Target Tahunan (PK)".into(),
            Box::new(|_, r| {
                Cell::target(r.measurement.annual_target, r.measurement.annual_target_upper, r.decimals)
            }),
        ),
    ];
    if report.period.level() != Level::Year {
        columns.push(column(
            "target".into(),
            format!("Target {own}"),
            Box::new(|_, r| Cell::target(r.measurement.target, r.measurement.target_upper, r.decimals)),
        ));
    }
    for (index, part) in report.parts.iter().enumerate() {
        let label = short_label(*part);
        let measured = move |r: &ReportRow| r.parts.get(index).cloned();
        columns.push(column(
            format!("realisation:{part}"),
            format!("Realisasi {label}"),
            Box::new(move |_, r| Cell::number(measured(r).and_then(|m| m.realisation.value), r.decimals)),
        ));
        columns.push(column(
            format!("capaian:{part}"),
            format!("Capaian {label} (%)"),
            Box::new(move |_, r| measured(r).map_or(Cell::Empty, |m| Cell::percent(m.capaian))),
        ));
        columns.push(column(
            format!("predicate:{part}"),
            format!("Predikat {label}"),
            Box::new({
                let labels = report.predicate_labels.clone();
                move |_, r| predicate_cell(labels.as_ref(), measured(r).and_then(|m| m.predicate))
            }),
        ));
    }
    columns.push(column(
        "realisation".into(),
        format!("Realisasi {own}"),
        Box::new(|_, r| Cell::number(r.measurement.realisation.value, r.decimals)),
    ));
    columns.push(column(
        "capaian".into(),
        format!("Capaian {own} (%)"),
        Box::new(|_, r| Cell::percent(r.measurement.capaian)),
    ));
    if report.period.level() != Level::Year {
        let to_date = |r: &ReportRow| r.measurement.to_date;
        columns.push(column(
            "to_date_realisation".into(),
            format!("Realisasi s.d. {own}"),
            Box::new(move |_, r| Cell::number(to_date(r).and_then(|t| t.realisation.value), r.decimals)),
        ));
        columns.push(column(
            "to_date_capaian_annual".into(),
            format!("Capaian s.d. {own} thd Target Tahunan (%)"),
            Box::new(move |_, r| to_date(r).map_or(Cell::Empty, |t| Cell::percent(t.capaian_annual))),
        ));
        columns.push(column(
            "to_date_predicate_annual".into(),
            format!("Predikat s.d. {own}"),
            Box::new({
                let labels = report.predicate_labels.clone();
                move |_, r| predicate_cell(labels.as_ref(), to_date(r).and_then(|t| t.predicate_annual))
            }),
        ));
    }
    if report.period.level() == Level::Year {
        let renstra = |r: &ReportRow| r.renstra.clone();
        let year = report.period.year_number();
        columns.push(column(
            "renstra_year_target".into(),
            format!("Target Renstra {year}"),
            Box::new(move |_, r| Cell::number(renstra(r).and_then(|c| c.year_target), r.decimals)),
        ));
        columns.push(column(
            "renstra_year_capaian".into(),
            format!("Capaian thd Target Renstra {year} (%)"),
            Box::new(move |_, r| renstra(r).and_then(|c| c.year_capaian).map_or(Cell::Empty, Cell::percent)),
        ));
        columns.push(column(
            "end_target".into(),
            "Target Akhir Renstra".into(),
            Box::new(move |_, r| Cell::number(renstra(r).and_then(|c| c.end_target), r.decimals)),
        ));
        columns.push(column(
            "end_target_capaian".into(),
            "Capaian thd Target Akhir Renstra (%)".into(),
            Box::new(move |_, r| renstra(r).map_or(Cell::Empty, |c| Cell::percent(c.capaian))),
        ));
    }
    columns.push(column(
        "predicate".into(),
        "Predikat".into(),
        Box::new({
            let labels = report.predicate_labels.clone();
            move |_, r| predicate_cell(labels.as_ref(), r.measurement.predicate)
        }),
    ));
    for (index, year) in report.earlier_years.iter().enumerate() {
        columns.push(column(
            format!("earlier:{year}"),
            format!("Realisasi Tahun {year}"),
            Box::new(move |_, r| Cell::number(r.earlier.get(index).copied().flatten(), r.decimals)),
        ));
    }
    columns.push(column(
        "previous".into(),
        format!("Realisasi {}", short_label(report.previous_period)),
        Box::new(|_, r| Cell::number(r.previous, r.decimals)),
    ));
    columns.push(column("remarks".into(), "Keterangan".into(), Box::new(|_, r| Cell::text(remarks(r)))));
    columns
}

/// Lays `report` out as its measurement table.
pub fn grid(report: &Report) -> Grid {
    let (columns, fillers): (Vec<Column>, Vec<Filler>) = columns(report).into_iter().unzip();
    let rows = report
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| SheetRow {
            key: row.indicator_id.clone(),
            label: row.indicator_code.clone(),
            cells: fillers.iter().map(|fill| fill(i, row)).collect(),
        })
        .collect();
    Grid { columns, rows }
}

fn titled(titles: &[(&str, &str)]) -> Vec<Column> {
    titles.iter().map(|(key, title)| Column { key: (*key).to_owned(), title: (*title).to_owned() }).collect()
}

pub(super) fn numbered(i: usize) -> Cell {
    Cell::Number { value: Decimal::from(i + 1), places: 0 }
}

/// The targets of a Perjanjian Kinerja (an LKjIP's Bab II, or the
/// agreement itself): each indicator under its sasaran, with the year's
/// target; keyed by indicator id.
pub fn pk_grid(pk: &[PkSasaran]) -> Grid {
    let columns = titled(&[
        ("no", "No"),
        ("sasaran", "Sasaran Strategis"),
        ("code", "Kode"),
        ("indicator", "Indikator Kinerja"),
        ("satuan", "Satuan"),
        ("target", "Target"),
    ]);
    let lines = pk.iter().flat_map(|s| s.indicators.iter().map(move |i| (s, i)));
    let rows = lines
        .enumerate()
        .map(|(n, (sasaran, i))| SheetRow {
            key: i.indicator_id.clone(),
            label: i.code.clone(),
            cells: vec![
                numbered(n),
                Cell::text(sasaran.code.as_ref().map_or_else(
                    || sasaran.statement.clone(),
                    |code| format!("{code} {}", sasaran.statement),
                )),
                Cell::text(&i.code),
                Cell::text(&i.name),
                Cell::text(&i.unit_of_measure),
                Cell::target(i.target, i.target_upper, i.decimals),
            ],
        })
        .collect();
    Grid { columns, rows }
}

/// The programmes of a Perjanjian Kinerja with their ceilings, and the
/// total as the agreement's last row; keyed by programme code.
pub fn program_ceilings_grid(programs: &[ProgramCeiling], total: Option<Decimal>) -> Grid {
    let columns = titled(&[
        ("no", "No"),
        ("code", "Kode"),
        ("program", "Program/Kegiatan/Sub Kegiatan"),
        ("pagu", "Anggaran (Rp)"),
    ]);
    let mut rows: Vec<SheetRow> = programs
        .iter()
        .enumerate()
        .map(|(n, p)| SheetRow {
            key: p.code.clone(),
            label: p.code.clone(),
            cells: vec![numbered(n), Cell::text(&p.code), Cell::text(&p.name), Cell::number(p.pagu, 0)],
        })
        .collect();
    rows.push(SheetRow {
        key: "total".to_owned(),
        label: "Jumlah".to_owned(),
        cells: vec![Cell::text(""), Cell::text(""), Cell::text("Jumlah"), Cell::number(total, 0)],
    });
    Grid { columns, rows }
}

/// The efficiency of resources (Bab III A) of units, sasaran or
/// indicators, `subject` heading their column (`Unit Kerja`, `Sasaran`,
/// `Indikator`); keyed by their ids.
pub fn efficiency_grid(rows: &[ResourceEfficiency], subject: &str) -> Grid {
    let columns = titled(&[
        ("no", "No"),
        ("subject", subject),
        ("indicators", "Indikator"),
        ("mean_capaian", "Rata-rata Capaian (%)"),
        ("pagu", "Pagu"),
        ("spent", "Realisasi Anggaran"),
        ("serapan", "Serapan (%)"),
        ("efficiency", "Efisiensi"),
    ]);
    let rows = rows
        .iter()
        .enumerate()
        .map(|(n, u)| SheetRow {
            key: u.id.clone(),
            label: u.name.clone(),
            cells: vec![
                numbered(n),
                Cell::text(&u.name),
                Cell::Number { value: Decimal::from(u.indicators), places: 0 },
                u.mean_capaian.map_or(Cell::Empty, |value| Cell::Percent { value }),
                Cell::number(u.pagu, 2),
                Cell::number(u.spent, 2),
                Cell::percent(u.serapan),
                u.efficiency.map_or(Cell::Empty, |e| {
                    Cell::text(match e {
                        Efficiency::Efisien => "Efisien",
                        Efficiency::TidakEfisien => "Belum efisien",
                    })
                }),
            ],
        })
        .collect();
    Grid { columns, rows }
}

/// The budget table (Realisasi Anggaran) of a report: each programme's
/// ceiling, its spending from January to the end of the period and the
/// serapan; keyed by programme id.
pub fn budget_grid(report: &Report) -> Grid {
    let own = short_label(report.period);
    let spent_title = format!("Realisasi s.d. {own}");
    let columns = titled(&[
        ("no", "No"),
        ("code", "Kode"),
        ("program", "Program/Kegiatan"),
        ("pagu", "Pagu"),
        ("spent_to_date", &spent_title),
        ("serapan", "Serapan (%)"),
    ]);
    let rows = report
        .budget
        .iter()
        .enumerate()
        .map(|(i, b)| SheetRow {
            key: b.program.id.clone(),
            label: b.program.code.clone(),
            cells: vec![
                numbered(i),
                Cell::text(&b.program.code),
                Cell::text(&b.program.name),
                Cell::number(b.pagu, 2),
                Cell::number(b.spent_to_date, 2),
                Cell::percent(b.serapan),
            ],
        })
        .collect();
    Grid { columns, rows }
}

/// The mean capaian of the indicators measured in each part of the report
/// and in the whole (TW I, TW II, Semester I for a semester), for the
/// trend chart; `None` where nothing could be measured.
pub fn trend(report: &Report) -> Vec<(Period, Option<Decimal>)> {
    let mean = |percents: Vec<Decimal>| {
        let count = Decimal::from(percents.len());
        (!percents.is_empty()).then(|| round2(percents.into_iter().sum::<Decimal>() / count))
    };
    let part = |index: usize| {
        mean(
            report.rows.iter().filter_map(|r| r.parts.get(index).and_then(|m| m.capaian.percent())).collect(),
        )
    };
    let mut points: Vec<(Period, Option<Decimal>)> =
        report.parts.iter().enumerate().map(|(index, period)| (*period, part(index))).collect();
    points.push((
        report.period,
        mean(report.rows.iter().filter_map(|r| r.measurement.capaian.percent()).collect()),
    ));
    points
}

/// A cell that differs between two versions. `before` is `None` for a row
/// or column the older version did not have, `after` for one the newer
/// version no longer has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The row's key (indicator id).
    pub row: String,
    /// The row's code (the newer version's, the older one's if gone).
    pub label: String,
    /// The column's key.
    pub column: String,
    /// The column's heading in the newer version (the older one's if gone).
    pub title: String,
    pub before: Option<Cell>,
    pub after: Option<Cell>,
}

/// The cells that differ from `before` to `after`, rows in the newer
/// version's order followed by the rows it dropped. The row number column
/// (`no`) is left out: it moves whenever a row is added above.
pub fn diff(before: &Grid, after: &Grid) -> Vec<Change> {
    let cells = |sheet: &Grid| -> HashMap<(String, String), Cell> {
        sheet
            .rows
            .iter()
            .flat_map(|row| {
                sheet
                    .columns
                    .iter()
                    .zip(&row.cells)
                    .map(|(c, cell)| ((row.key.clone(), c.key.clone()), cell.clone()))
            })
            .collect()
    };
    let (old, new) = (cells(before), cells(after));
    let titled = |sheet: &Grid| -> Vec<(String, String)> {
        sheet.columns.iter().filter(|c| c.key != "no").map(|c| (c.key.clone(), c.title.clone())).collect()
    };
    let mut columns = titled(after);
    let kept: HashSet<String> = columns.iter().map(|(key, _)| key.clone()).collect();
    columns.extend(titled(before).into_iter().filter(|(key, _)| !kept.contains(key)));
    let mut rows: Vec<(&str, &str)> = after.rows.iter().map(|r| (r.key.as_str(), r.label.as_str())).collect();
    let kept: HashSet<&str> = rows.iter().map(|(key, _)| *key).collect();
    rows.extend(
        before.rows.iter().map(|r| (r.key.as_str(), r.label.as_str())).filter(|(key, _)| !kept.contains(key)),
    );
    let mut changes = Vec::new();
    for (row, label) in rows {
        for (column, title) in &columns {
            let key = (row.to_owned(), column.clone());
            let (was, is) = (old.get(&key), new.get(&key));
            if was != is {
                changes.push(Change {
                    row: row.to_owned(),
                    label: label.to_owned(),
                    column: column.clone(),
                    title: title.clone(),
                    before: was.cloned(),
                    after: is.cloned(),
                });
            }
        }
    }
    changes
}

#[cfg(test)]
mod tests;
