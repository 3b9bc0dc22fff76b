//! The report as the agency prints and signs it: heading, overview, the
//! capaian, trend and budget charts, the measurement table, the units'
//! narratives, the budget table, completeness and the signature block, under
//! the agency's letterhead; the
//! LKjIP in its outline, with its chapters, PK and efficiency tables. The
//! document is the agency's, so it is in Indonesian whatever the interface
//! language; its tables are `domain::report::grid`'s, like the files'.

use super::chapters::{ChapterSection, Rewriting};
use crate::domain::format::Style;
use crate::domain::formula::round2;
use crate::domain::letterhead::{Letterhead, SignedDocument};
use crate::domain::org::{Unit, agency};
use crate::domain::report::Report;
use crate::domain::report::grid::{
    Cell, Grid, budget_grid, efficiency_grid, grid, overview, pk_grid, short_label, title, trend,
};
use crate::domain::report::lkjip::chapters::ChapterKey;
use crate::domain::report::sources::sources_note;
use crate::ui::chart::{Bar, BarChart};
use crate::ui::printable::{LetterheadHeading, SignatureView};
use leptos::prelude::*;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// A percentage bar written with two decimals; a warning below `alert_below`.
fn percent_bar(label: String, value: Option<Decimal>, alert_below: Option<f64>) -> Bar {
    let number = value.map(round2).and_then(|v| v.to_f64());
    Bar {
        label,
        text: value.map_or(Cell::Empty, |value| Cell::Percent { value }).display(Style::Indonesian),
        value: number,
        alert: number.zip(alert_below).is_some_and(|(n, below)| n < below),
    }
}

/// A grid as the documents print it: headings, then a row per indicator.
pub(crate) fn table(test_id: &'static str, sheet: &Grid) -> impl IntoView + use<> {
    let head = sheet.columns.iter().map(|c| view! { <th>{c.title.clone()}</th> }).collect_view();
    let rows = sheet
        .rows
        .iter()
        .map(|row| {
            let cells = row
                .cells
                .iter()
                .map(|cell| view! { <td class=cell.kind()>{cell.display(Style::Indonesian)}</td> })
                .collect_view();
            view! { <tr data-row=row.key.clone()>{cells}</tr> }
        })
        .collect_view();
    view! {
        <table class="report-table" data-testid=test_id>
            <thead>
                <tr>{head}</tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

fn unit_name(units: &[Unit], id: &str) -> String {
    units.iter().find(|u| u.id == id).map_or_else(|| id.to_owned(), |u| u.name.clone())
}

#[component]
pub fn ReportDocument(
    report: Report,
    units: Vec<Unit>,
    letterhead: Letterhead,
    status: String,
    /// Set when the reader may rewrite the LKjIP's chapters (the current
    /// data, read by the staff who draft it).
    rewriting: Option<Rewriting>,
) -> impl IntoView {
    let subject = match &report.unit_id {
        Some(unit) => unit_name(&units, unit),
        None => agency(&units).map_or_else(String::new, |u| u.name.clone()),
    };
    let capaian: Vec<Bar> = report
        .rows
        .iter()
        .map(|r| percent_bar(r.indicator_code.clone(), r.measurement.capaian.percent(), Some(100.0)))
        .collect();
    let points = trend(&report);
    let trend_chart = (points.len() > 1).then(|| {
        let bars = points
            .into_iter()
            .map(|(period, mean)| percent_bar(short_label(period), mean, Some(100.0)))
            .collect();
        view! {
            <figure>
                <BarChart test_id="chart-trend" title="Rata-rata capaian per periode (%)" bars=bars max=150.0 marker=Some(100.0) label_width=90.0 />
                <figcaption>"Rata-rata capaian per periode (%)"</figcaption>
            </figure>
        }
    });
    let serapan: Vec<Bar> = report
        .budget
        .iter()
        .map(|b| percent_bar(b.program.code.clone(), b.serapan.percent(), None))
        .collect();
    let narratives = report
        .rows
        .iter()
        .filter(|r| !r.narratives.is_empty())
        .map(|row| {
            let written = row
                .narratives
                .iter()
                .map(|n| {
                    let parts = [
                        ("Analisis", &n.analisis),
                        ("Kendala/Hambatan", &n.kendala),
                        ("Upaya/Tindak Lanjut", &n.tindak_lanjut),
                    ]
                    .into_iter()
                    .filter(|(_, text)| !text.trim().is_empty())
                    .map(|(label, text)| view! { <p><strong>{label}": "</strong>{text.clone()}</p> })
                    .collect_view();
                    let from =
                        format!("{} · {}", unit_name(&units, &n.unit_id), n.period.label(Style::Indonesian));
                    view! { <div class="narrative"><p class="from">{from}</p>{parts}</div> }
                })
                .collect_view();
            view! {
                <section class="narratives" data-testid="report-narrative">
                    <h4>{format!("{} {}", row.indicator_code, row.indicator_name)}</h4>
                    {written}
                </section>
            }
        })
        .collect_view();
    let completeness = report
        .completeness
        .iter()
        .map(|c| {
            let text = format!(
                "{}: {} dari {} indikator lengkap",
                unit_name(&units, &c.unit_id),
                c.complete,
                c.expected
            );
            view! { <li>{text}</li> }
        })
        .collect_view();
    let sources = sources_note(&report)
        .into_iter()
        .map(|source| view! { <p class="report-source" data-testid="report-source">{source}</p> })
        .collect_view();
    let header = view! {
        <LetterheadHeading letterhead=letterhead.clone() />
        <header class="report-head">
            <h2 data-testid="report-title">{title(report.period)}</h2>
            <p data-testid="report-subject">{subject}</p>
            <p class="report-status" data-testid="report-status">{status}</p>
            {sources}
        </header>
    };
    let charts = view! {
        <div class="report-charts">
            <figure>
                <BarChart test_id="chart-capaian" title="Capaian per indikator (%)" bars=capaian max=150.0 marker=Some(100.0) label_width=70.0 />
                <figcaption>"Capaian per indikator (%)"</figcaption>
            </figure>
            {trend_chart}
        </div>
    };
    let measured = table("report-table", &grid(&report));
    let budget = view! {
        <figure>
            <BarChart test_id="chart-serapan" title="Serapan anggaran per program/kegiatan (%)" bars=serapan max=100.0 marker=None label_width=110.0 />
            <figcaption>"Serapan anggaran per program/kegiatan (%)"</figcaption>
        </figure>
        {table("budget-table", &budget_grid(&report))}
    };
    let completeness = view! {
        <h3>"Kelengkapan Data"</h3>
        <ul class="completeness">{completeness}</ul>
    };
    let body = match &report.lkjip {
        None => view! {
            <h3>"Ikhtisar"</h3>
            <p data-testid="report-overview">{overview(&report)}</p>
            {charts}
            <h3>"Pengukuran Kinerja"</h3>
            {measured}
            <h3>"Analisis Capaian Kinerja"</h3>
            {narratives}
            <h3>"Realisasi Anggaran"</h3>
            {budget}
            {completeness}
        }
        .into_any(),
        Some(lkjip) => {
            let chapter = |key: ChapterKey| {
                lkjip
                    .chapters
                    .iter()
                    .find(|c| c.key == key)
                    .map(|c| view! { <ChapterSection chapter=c.clone() rewriting=rewriting /> })
            };
            view! {
                {chapter(ChapterKey::IkhtisarEksekutif)}
                {chapter(ChapterKey::Pendahuluan)}
                <h3>"Bab II Perencanaan Kinerja — Perjanjian Kinerja"</h3>
                {table("pk-table", &pk_grid(&lkjip.pk))}
                <h3>"Bab III Akuntabilitas Kinerja — A. Capaian Kinerja Organisasi"</h3>
                <p data-testid="report-overview">{overview(&report)}</p>
                {charts}
                {measured}
                {chapter(ChapterKey::AnalisisCapaian)}
                {chapter(ChapterKey::Efisiensi)}
                {table("efficiency-table", &efficiency_grid(&lkjip.efficiency, "Unit Kerja"))}
                {(!lkjip.efficiency_by_sasaran.is_empty()).then(|| view! {
                    <h4>"Efisiensi per Sasaran"</h4>
                    {table("efficiency-sasaran-table", &efficiency_grid(&lkjip.efficiency_by_sasaran, "Sasaran"))}
                })}
                {(!lkjip.efficiency_by_indicator.is_empty()).then(|| view! {
                    <h4>"Efisiensi per Indikator"</h4>
                    {table("efficiency-indicator-table", &efficiency_grid(&lkjip.efficiency_by_indicator, "Indikator"))}
                })}
                <h4>"Analisis per Indikator dari Unit"</h4>
                {narratives}
                <h3>"B. Realisasi Anggaran"</h3>
                {budget}
                {chapter(ChapterKey::Penutup)}
                <h3>"Lampiran"</h3>
                {completeness}
            }
            .into_any()
        }
    };
    view! {
        <article class="report-doc" data-testid="report-doc" tabindex="0">
            {header}
            {body}
            <SignatureView block=letterhead.signature(SignedDocument::report(report.period)) />
        </article>
    }
}
