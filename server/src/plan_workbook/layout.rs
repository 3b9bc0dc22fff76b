//! The workbook's layout: sheet names, column headers, and the Indonesian
//! words the cells use for the indicator attributes.

use kinerja_core::domain::indicator_rule::{Aggregation, Frequency, NegativeFormula, Polarity, TargetMode};

pub const IKU_SHEET: &str = "IKU";
pub const PLAN_SHEET: &str = "PK dan Rencana Aksi";
pub const GUIDE_SHEET: &str = "Petunjuk";
/// The Renstra's target of each indicator for each year: one row per
/// indicator and year. A workbook without it keeps the stored targets.
pub const RENSTRA_SHEET: &str = "Target Renstra";

pub const RENSTRA_COLUMNS: [&str; 3] = ["Kode IKU", "Tahun", "Target"];

pub const IKU_COLUMNS: [&str; 14] = [
    "Kode",
    "Nama indikator",
    "Satuan",
    "Polaritas",
    "Agregasi",
    "Jenis target TW",
    "Frekuensi",
    "Unit penanggung jawab",
    "Definisi operasional",
    "Formula",
    "Sumber data",
    "Baseline",
    "Tahun baseline",
    "Target akhir Renstra",
];

/// Columns of the IKU sheet that a workbook may lack (one made before they
/// existed): where a column is missing, an existing indicator keeps what
/// it has, and a new one takes the defaults. `Kode program` names the
/// programme whose budget serves the indicator (empty: none).
pub const IKU_EXTRA_COLUMNS: [&str; 4] = ["Unit kontributor", "Desimal", "Rumus negatif", "Kode program"];

pub const PLAN_COLUMNS: [&str; 11] = [
    "Kode IKU",
    "Tahun",
    "Target tahunan",
    "Target TW I",
    "Target TW II",
    "Target TW III",
    "Target TW IV",
    "Aksi TW I",
    "Aksi TW II",
    "Aksi TW III",
    "Aksi TW IV",
];

/// The column of the IKU sheet that a domain field is read from.
pub fn iku_column(field: &str) -> &'static str {
    let index = match field {
        "code" => 0,
        "name" => 1,
        "unit_of_measure" => 2,
        "responsible_unit_id" => 7,
        "contributor_unit_ids" => return IKU_EXTRA_COLUMNS[0],
        "decimals" => return IKU_EXTRA_COLUMNS[1],
        "program_id" => return IKU_EXTRA_COLUMNS[3],
        "definition" => 8,
        "formula" => 9,
        "data_source" => 10,
        "baseline" => 11,
        "baseline_year" => 12,
        "end_target" => 13,
        _ => 0,
    };
    IKU_COLUMNS[index]
}

/// The column of the plan sheet that a domain field is read from.
pub fn plan_column(field: &str) -> &'static str {
    let index = match field {
        "indicator_id" => 0,
        "year" => 1,
        "annual_target" => 2,
        "tw1_target" => 3,
        "tw2_target" => 4,
        "tw3_target" => 5,
        "tw4_target" => 6,
        "tw1_actions" => 7,
        "tw2_actions" => 8,
        "tw3_actions" => 9,
        "tw4_actions" => 10,
        _ => 0,
    };
    PLAN_COLUMNS[index]
}

pub const POLARITIES: [(Polarity, &str); 2] =
    [(Polarity::Positive, "Positif"), (Polarity::Negative, "Negatif")];
pub const AGGREGATIONS: [(Aggregation, &str); 5] = [
    (Aggregation::Sum, "Jumlah"),
    (Aggregation::Last, "Terakhir"),
    (Aggregation::Average, "Rata-rata"),
    (Aggregation::Max, "Maksimum"),
    (Aggregation::Min, "Minimum"),
];
pub const TARGET_MODES: [(TargetMode, &str); 2] =
    [(TargetMode::PerPeriod, "Per triwulan"), (TargetMode::Cumulative, "Kumulatif")];
/// The negative formula; an empty cell is the agency policy's default.
pub const NEGATIVE_FORMULAS: [(NegativeFormula, &str); 2] =
    [(NegativeFormula::TwiceTargetMinus, "(2T - R) / T"), (NegativeFormula::Inverse, "T / R")];
pub const FREQUENCIES: [(Frequency, &str); 2] =
    [(Frequency::Monthly, "Bulanan"), (Frequency::Quarterly, "Triwulanan")];

/// The word for `value` in `vocabulary`.
pub fn word<T: PartialEq + Copy>(vocabulary: &[(T, &'static str)], value: T) -> &'static str {
    vocabulary.iter().find(|(v, _)| *v == value).map_or("", |(_, w)| w)
}

/// The value a cell's word stands for: the Indonesian word or the API's
/// English name, in any letter case.
pub fn value_of<T: Copy + serde::Serialize>(vocabulary: &[(T, &'static str)], text: &str) -> Option<T> {
    let text = text.trim();
    vocabulary
        .iter()
        .find(|(value, word)| {
            word.eq_ignore_ascii_case(text) || kinerja_core::api::wire_name(value).eq_ignore_ascii_case(text)
        })
        .map(|(value, _)| *value)
}
