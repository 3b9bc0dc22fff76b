//! Pohon Kinerja: how the agency's goals cascade to its units — tujuan,
//! sasaran, indicators and the units answerable for them — coloured by the
//! year's predicates, with a legend; printable. The tree is
//! `domain::pohon_kinerja`'s, built from the year's annual report (the
//! caller's unit's, for those who see one unit), the Renstra, the
//! indicators, the units and the policy, all read through the device
//! store, so a tree once opened opens offline.

use crate::domain::letterhead::Letterhead;
use crate::domain::org::Unit;
use crate::domain::plan::{Indicator, Renstra};
use crate::domain::pohon_kinerja::{TujuanNode, tree};
use crate::domain::policy::{Policy, Predicate, label_in};
use crate::domain::report::Report;
use crate::i18n::{t, use_i18n};
use crate::ui::client::ClientError;
use crate::ui::device::{Local, use_local};
use crate::ui::form::loaded;
use crate::ui::gate::SignedOutNote;
use crate::ui::printable::{LetterheadHeading, PrintButton, letterhead};
use crate::ui::session::use_session;
use crate::ui::tree_chart::{TreeChart, predicate_class};
use crate::ui::year_choice::{YearSelect, year_in_query};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

/// The tree, the predicates' names the report was compiled with, and the letterhead.
type Loaded = (Vec<TujuanNode>, Option<[String; 5]>, Letterhead);

async fn load(local: Local, year: i32) -> Result<Loaded, ClientError> {
    let report: Report = local.read(&format!("/api/v1/reports/annual/{year}/1")).await?;
    let renstra: Renstra = local.read("/api/v1/renstra").await?;
    let indicators: Vec<Indicator> = local.read("/api/v1/indicators").await?;
    let units: Vec<Unit> = local.read("/api/v1/units").await?;
    let policy: Policy = local.read("/api/v1/settings/policy").await?;
    let tree = tree(&report, &renstra, &indicators, &units, &policy);
    Ok((tree, report.predicate_labels, letterhead(local).await))
}

/// The predicates' colours, as the boxes have them.
fn legend(labels: Option<[String; 5]>) -> impl IntoView {
    let entry = |class: &'static str, label: String| {
        view! { <li><span class=format!("swatch {class}")></span>{label}</li> }
    };
    let predicates = Predicate::ALL
        .iter()
        .rev()
        .map(|p| entry(predicate_class(Some(*p)), label_in(labels.as_ref(), *p).to_owned()))
        .collect_view();
    view! { <ul class="tree-legend" data-testid="tree-legend">{predicates}{entry(predicate_class(None), "Belum dapat diukur".to_owned())}</ul> }
}

#[component]
pub fn PohonKinerjaPage() -> impl IntoView {
    let i18n = use_i18n();
    let local = use_local();
    let session = use_session();
    let navigate = use_navigate();
    let year = year_in_query();
    let found = LocalResource::new(move || {
        let year = year.get().filter(|_| session.signed_in());
        async move {
            match year {
                None => Ok(None),
                Some(year) => load(local, year).await.map(|found| Some((year, found))),
            }
        }
    });
    let content = loaded(found, move |found: Option<(i32, Loaded)>| {
        let Some((year, (tree, labels, letterhead))) = found else { return ().into_any() };
        let navigate = navigate.clone();
        let pick = Callback::new(move |chosen: i32| {
            navigate(&format!("/laporan/pohon?tahun={chosen}"), NavigateOptions::default())
        });
        let title = format!("Pohon Kinerja Tahun {year}");
        let body = if tree.is_empty() {
            view! { <p class="note" data-testid="tree-empty">"Belum ada sasaran dengan indikator pada tahun ini."</p> }.into_any()
        } else {
            view! { <TreeChart tree=tree title=title.clone() labels=labels.clone() /> }.into_any()
        };
        view! {
            <div class="no-print report-tools">
                <YearSelect year=year test_id="tree-year" pick=pick />
                <PrintButton>{t!(i18n, report.print)}</PrintButton>
            </div>
            <article class="tree-doc" data-testid="tree-doc">
                <LetterheadHeading letterhead=letterhead />
                <h2 class="sheet-title" data-testid="tree-title">{title.to_uppercase()}</h2>
                {legend(labels)}
                {body}
            </article>
        }
        .into_any()
    });
    view! {
        <section class="page">
            <h1 class="no-print" data-testid="page-title">{t!(i18n, tree.title)}</h1>
            <SignedOutNote />
            {content}
        </section>
    }
}
