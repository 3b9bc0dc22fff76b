//! The LKjIP's narrative chapters: Ikhtisar Eksekutif, Bab I Pendahuluan,
//! Bab III A's analysis of the causes of success and failure and of the
//! efficiency of resources, and Bab IV Penutup. Each is pre-filled from the
//! report's figures and the narratives the units entered, so nobody starts
//! from a blank page or retypes a number; the staff who draft the report may
//! rewrite any of them while it is a draft. A rewrite is an input of the
//! report like the data, so it is frozen in the content of the version that
//! is approved. Rewrites carry a revision: one made on an older text is
//! refused, never silently written over a newer one. Pure; the text is
//! Indonesian, the language of the agency's documents.

use super::{LkjipSources, ResourceEfficiency, mean_capaian};
use crate::domain::format::{Style, format_decimal, format_percent};
use crate::domain::formula::{Efficiency, round2};
use crate::domain::org::{Role, UnitKind};
use crate::domain::period::{Level, Period};
use crate::domain::report::version::may_draft;
use crate::domain::report::{Report, ReportRow};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The longest chapter text accepted, in characters.
pub const MAX_CHAPTER_CHARS: usize = 20_000;

/// A narrative chapter of the LKjIP, in document order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChapterKey {
    IkhtisarEksekutif,
    Pendahuluan,
    AnalisisCapaian,
    Efisiensi,
    Penutup,
}

impl ChapterKey {
    pub const ALL: [ChapterKey; 5] = [
        ChapterKey::IkhtisarEksekutif,
        ChapterKey::Pendahuluan,
        ChapterKey::AnalisisCapaian,
        ChapterKey::Efisiensi,
        ChapterKey::Penutup,
    ];

    /// The chapter's heading in the document.
    pub fn title(self) -> &'static str {
        match self {
            ChapterKey::IkhtisarEksekutif => "Ikhtisar Eksekutif",
            ChapterKey::Pendahuluan => "Bab I Pendahuluan",
            ChapterKey::AnalisisCapaian => "Bab III A. Analisis Keberhasilan dan Kegagalan",
            ChapterKey::Efisiensi => "Bab III A. Efisiensi Penggunaan Sumber Daya",
            ChapterKey::Penutup => "Bab IV Penutup",
        }
    }

    /// The name in addresses and storage: `ikhtisar_eksekutif`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChapterKey::IkhtisarEksekutif => "ikhtisar_eksekutif",
            ChapterKey::Pendahuluan => "pendahuluan",
            ChapterKey::AnalisisCapaian => "analisis_capaian",
            ChapterKey::Efisiensi => "efisiensi",
            ChapterKey::Penutup => "penutup",
        }
    }

    pub fn parse(name: &str) -> Option<ChapterKey> {
        ChapterKey::ALL.into_iter().find(|key| key.as_str() == name)
    }
}

/// A stored rewrite of a chapter. `text: None` is a return to the
/// pre-filled text (the revision still counts up).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChapterEdit {
    pub key: ChapterKey,
    pub text: Option<String>,
    pub revision: u32,
    /// The full name of who wrote it, and when (as stored).
    pub edited_by: String,
    pub edited_at: String,
}

/// Who last rewrote a chapter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edited {
    pub by: String,
    pub at: String,
}

/// A chapter as the report holds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chapter {
    pub key: ChapterKey,
    pub title: String,
    pub text: String,
    /// The revision a rewrite must start from (0: never rewritten).
    pub revision: u32,
    /// `None` while the text is the pre-filled one.
    pub edited: Option<Edited>,
}

/// Why a rewrite is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditError {
    /// Only the staff who draft reports rewrite their chapters.
    NotAllowed,
    /// Chapters belong to the annual report.
    NotAnnual,
    /// The chapter was rewritten since the text the writer started from.
    Stale {
        current: u32,
    },
    /// An empty chapter: return to the pre-filled text instead.
    Empty,
    TooLong,
}

/// What an accepted rewrite does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rewrite {
    /// Store it as this revision.
    Write(u32),
    /// The chapter already says this (a retried request): nothing is written.
    Unchanged(u32),
}

/// Decides a rewrite of a chapter of `period`'s report to `text` (`None`:
/// back to the pre-filled text) by `role`, started from revision `base`,
/// when the stored chapter is at `current` with `current_text`.
pub fn rewrite(
    role: Role,
    period: Period,
    (current, current_text): (u32, Option<&str>),
    base: u32,
    text: Option<&str>,
) -> Result<Rewrite, EditError> {
    if !may_draft(role) {
        return Err(EditError::NotAllowed);
    }
    if period.level() != Level::Year {
        return Err(EditError::NotAnnual);
    }
    let text = text.map(str::trim);
    match text {
        Some("") => return Err(EditError::Empty),
        Some(text) if text.chars().count() > MAX_CHAPTER_CHARS => return Err(EditError::TooLong),
        _ => {}
    }
    if text == current_text.map(str::trim) {
        return Ok(Rewrite::Unchanged(current));
    }
    if base != current {
        return Err(EditError::Stale { current });
    }
    Ok(Rewrite::Write(current + 1))
}

fn number(value: Decimal) -> String {
    format_decimal(round2(value), 2, Style::Indonesian)
}

fn percent(value: Decimal) -> String {
    format_percent(round2(value), 2, Style::Indonesian)
}

fn listed(items: &[String]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} dan {last}", rest.join(", ")),
    }
}

/// What `say` makes of `items`, or nothing when there are none.
fn unless_empty(items: &[String], say: impl FnOnce(&[String]) -> String) -> String {
    if items.is_empty() { String::new() } else { say(items) }
}

/// The distinct non-empty texts of one narrative field, in order.
fn texts(row: &ReportRow, field: fn(&crate::domain::report::Narrative) -> &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for text in row.narratives.iter().map(field).map(str::trim).filter(|t| !t.is_empty()) {
        if !found.iter().any(|seen| seen == text) {
            found.push(text.to_owned());
        }
    }
    found
}

fn budget_sentence(report: &Report) -> String {
    let pagu: Decimal = report.budget.iter().filter_map(|b| b.pagu).sum();
    let spent: Decimal = report.budget.iter().filter_map(|b| b.spent_to_date).sum();
    if pagu.is_zero() {
        return "Pagu anggaran tahun ini belum dicatat.".to_owned();
    }
    format!(
        "Realisasi anggaran sebesar Rp {} dari pagu Rp {} (serapan {}).",
        number(spent),
        number(pagu),
        percent(spent * Decimal::ONE_HUNDRED / pagu)
    )
}

fn ikhtisar(report: &Report, subject: &str) -> String {
    let year = report.period.year_number();
    let (_, mean) = mean_capaian(&report.rows);
    let mean = mean.map_or_else(
        || "Belum ada indikator yang capaiannya dapat dihitung.".to_owned(),
        |m| format!("Rata-rata capaian indikator adalah {}.", percent(m)),
    );
    format!(
        "Laporan Kinerja Instansi Pemerintah (LKjIP) {subject} Tahun {year} menyajikan capaian kinerja \
         atas Perjanjian Kinerja Tahun {year}. {} {mean} {}",
        crate::domain::report::grid::overview(report),
        budget_sentence(report)
    )
}

fn pendahuluan(report: &Report, subject: &str, sources: &LkjipSources<'_>) -> String {
    let year = report.period.year_number();
    let agency = crate::domain::org::agency(sources.units).map(|u| u.id.as_str());
    let head = report.unit_id.as_deref().or(agency);
    let structure: Vec<String> = sources
        .units
        .iter()
        .filter(|u| u.active && head.is_some() && u.parent_id.as_deref() == head)
        .filter(|u| !matches!(u.kind, UnitKind::Opd | UnitKind::Instansi))
        .map(|u| u.name.clone())
        .collect();
    let structure =
        unless_empty(&structure, |units| format!(" Susunan organisasi terdiri atas {}.", listed(units)));
    let issues: Vec<String> = report.rows.iter().flat_map(|row| texts(row, |n| &n.kendala)).collect();
    let issues = if issues.is_empty() {
        " Isu strategis: (belum ada kendala yang dicatat unit).".to_owned()
    } else {
        format!(" Isu strategis yang dicatat unit sepanjang tahun: {}", issues.join("; "))
    };
    format!(
        "LKjIP {subject} Tahun {year} disusun sebagai pertanggungjawaban pelaksanaan tugas dan fungsi \
         sesuai Peraturan Menteri PAN-RB Nomor 53 Tahun 2014, dan sebagai bahan evaluasi untuk \
         perbaikan kinerja tahun berikutnya.{structure}{issues}"
    )
}

fn analisis(report: &Report) -> String {
    report
        .rows
        .iter()
        .map(|row| {
            let capaian = row.measurement.capaian.percent().map_or_else(
                || "capaian belum dapat dihitung".to_owned(),
                |c| {
                    let predicate = row.measurement.predicate.map_or("", |p| report.predicate_label(p));
                    format!("capaian {} ({predicate})", percent(c))
                },
            );
            let mut sentence = format!("{} {}: {capaian}.", row.indicator_code, row.indicator_name);
            for (label, field) in [
                (
                    "Analisis",
                    (|n: &crate::domain::report::Narrative| n.analisis.as_str())
                        as fn(&crate::domain::report::Narrative) -> &str,
                ),
                ("Kendala", |n| &n.kendala),
                ("Upaya", |n| &n.tindak_lanjut),
            ] {
                let found = texts(row, field);
                if !found.is_empty() {
                    sentence.push_str(&format!(" {label}: {}", found.join(" ")));
                }
            }
            sentence
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn efisiensi(efficiency: &[ResourceEfficiency], sources: &LkjipSources<'_>) -> String {
    let margin = number(sources.policy.efficiency_margin);
    let lines: Vec<String> = efficiency
        .iter()
        .map(|unit| {
            let mean = unit.mean_capaian.map_or_else(|| "belum terukur".to_owned(), percent);
            let serapan = unit.serapan.percent().map_or_else(|| "belum tercatat".to_owned(), percent);
            let reading = match unit.efficiency {
                Some(Efficiency::Efisien) => "efisien",
                Some(Efficiency::TidakEfisien) => "belum efisien",
                None => "belum dapat dinilai",
            };
            format!("{}: rata-rata capaian {mean}, serapan anggaran {serapan} — {reading}.", unit.name)
        })
        .collect();
    format!(
        "Penggunaan sumber daya dinilai efisien bila capaian melebihi serapan anggaran lebih dari {margin} poin.\n{}",
        lines.join("\n")
    )
}

fn penutup(report: &Report, subject: &str) -> String {
    let reached =
        |row: &&ReportRow| row.measurement.capaian.percent().is_some_and(|c| c >= Decimal::ONE_HUNDRED);
    let achieved = report.rows.iter().filter(reached).count();
    let short: Vec<String> = report
        .rows
        .iter()
        .filter(|row| row.measurement.capaian.percent().is_some_and(|c| c < Decimal::ONE_HUNDRED))
        .map(|row| row.indicator_code.clone())
        .collect();
    let short =
        unless_empty(&short, |codes| format!(" Indikator yang belum mencapai target: {}.", listed(codes)));
    let follow_up: Vec<String> =
        report.rows.iter().flat_map(|row| texts(row, |n| &n.tindak_lanjut)).collect();
    let follow_up =
        unless_empty(&follow_up, |steps| format!(" Langkah perbaikan ke depan: {}", steps.join("; ")));
    format!(
        "Dari {} indikator kinerja {subject} Tahun {}, {achieved} indikator mencapai atau melampaui \
         target.{short}{follow_up} Laporan ini diharapkan menjadi bahan perbaikan perencanaan dan \
         pelaksanaan program tahun berikutnya.",
        report.rows.len(),
        report.period.year_number()
    )
}

/// The chapters of the annual `report` on `subject` (the agency, or the
/// unit reported on): each the latest rewrite in `edits`, or the text
/// pre-filled from the report.
pub fn chapters(
    report: &Report,
    subject: &str,
    efficiency: &[ResourceEfficiency],
    sources: &LkjipSources<'_>,
) -> Vec<Chapter> {
    ChapterKey::ALL
        .into_iter()
        .map(|key| {
            let edit = sources.edits.iter().filter(|e| e.key == key).max_by_key(|e| e.revision);
            let written = edit.and_then(|e| e.text.clone().map(|text| (text, e)));
            let prefilled = || match key {
                ChapterKey::IkhtisarEksekutif => ikhtisar(report, subject),
                ChapterKey::Pendahuluan => pendahuluan(report, subject, sources),
                ChapterKey::AnalisisCapaian => analisis(report),
                ChapterKey::Efisiensi => efisiensi(efficiency, sources),
                ChapterKey::Penutup => penutup(report, subject),
            };
            Chapter {
                key,
                title: key.title().to_owned(),
                revision: edit.map_or(0, |e| e.revision),
                edited: written
                    .as_ref()
                    .map(|(_, e)| Edited { by: e.edited_by.clone(), at: e.edited_at.clone() }),
                text: written.map_or_else(prefilled, |(text, _)| text),
            }
        })
        .collect()
}

/// A chapter whose text differs between two versions of a report; `None`
/// where a version has no such chapter (it is not an annual report).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChapterChange {
    pub key: ChapterKey,
    pub title: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The chapters whose text differs from `before` to `after`, in document order.
pub fn diff(before: &Report, after: &Report) -> Vec<ChapterChange> {
    let text = |report: &Report, key: ChapterKey| {
        report.lkjip.as_ref()?.chapters.iter().find(|c| c.key == key).map(|c| c.text.clone())
    };
    ChapterKey::ALL
        .into_iter()
        .map(|key| (key, text(before, key), text(after, key)))
        .filter(|(_, before, after)| before != after)
        .map(|(key, before, after)| ChapterChange { key, title: key.title().to_owned(), before, after })
        .collect()
}

#[cfg(test)]
mod tests;
