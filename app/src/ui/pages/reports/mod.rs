//! Laporan: the quarterly, semester and annual reports, compiled by the
//! server from the merged data, shown as the document the agency prints
//! (A4, page numbers, signature block) and downloaded as XLSX, DOCX or CSV.
//! The programme staff keep a draft version, the sekretaris approves the
//! version read, and each version can be compared with the one before. The
//! last report and versions read stay on the device for reading offline.

mod chapters;
pub(super) mod document;
mod versions;

use crate::api::report::{StoredVersion, VersionInfo, live_status_line};
use crate::domain::letterhead::Letterhead;
use crate::domain::org::Unit;
use crate::domain::report::Report;
use crate::domain::report::version::may_draft;
use crate::i18n::{t, td_string, use_i18n};
use crate::ui::client::ClientError;
use crate::ui::device::{Local, use_local};
use crate::ui::download::Download;
use crate::ui::form::loaded_while;
use crate::ui::gate::SignedOutNote;
use crate::ui::locale::local_time;
use crate::ui::pages::perjanjian_kinerja::agreement_href;
use crate::ui::printable::{PrintButton, letterhead};
use crate::ui::session::use_session;
use crate::ui::working::Working;
use chapters::{Draft, Rewriting};
use document::ReportDocument;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use std::collections::HashMap;
use versions::VersionsPanel;

/// Which report is asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Choice {
    /// `quarter/2`, `semester/1` or `annual/1`.
    report: String,
    year: i32,
    /// A unit's id; empty for the agency.
    unit: String,
    /// A stored version to read; `None` for the data now.
    version: Option<u32>,
}

impl Choice {
    /// The report's address under the API, without the query.
    fn path(&self) -> String {
        let (kind, n) = self.report.split_once('/').unwrap_or(("quarter", "1"));
        format!("/api/v1/reports/{kind}/{}/{n}", self.year)
    }

    /// The page's own address for this choice, so that a reload, a link or
    /// a cold start offline opens the same report.
    fn address(&self) -> String {
        let mut address = format!("/laporan?laporan={}&tahun={}", self.report, self.year);
        if !self.unit.is_empty() {
            address.push_str(&format!("&unit={}", self.unit));
        }
        if let Some(version) = self.version {
            address.push_str(&format!("&versi={version}"));
        }
        address
    }

    /// The choice an address names; the first quarter of `this_year` by default.
    fn from_query(query: &ParamsMap, this_year: Option<i32>) -> Option<Choice> {
        let year = query.get("tahun").and_then(|y| y.parse().ok()).or(this_year)?;
        let report = query
            .get("laporan")
            .filter(|r| report_options().iter().any(|(value, _)| value == r))
            .unwrap_or_else(|| "quarter/1".to_owned());
        let unit = query.get("unit").unwrap_or_default();
        Some(Choice { report, year, unit, version: query.get("versi").and_then(|v| v.parse().ok()) })
    }

    /// A call under the report's address: `versions`, `export/xlsx`, ….
    fn url(&self, tail: &str, extra: &[(&str, String)]) -> String {
        let mut pairs: Vec<String> = Vec::new();
        if !self.unit.is_empty() {
            pairs.push(format!("unit={}", self.unit));
        }
        pairs.extend(extra.iter().map(|(key, value)| format!("{key}={value}")));
        let path = if tail.is_empty() { self.path() } else { format!("{}/{tail}", self.path()) };
        if pairs.is_empty() { path } else { format!("{path}?{}", pairs.join("&")) }
    }
}

#[derive(Clone)]
struct Loaded {
    report: Report,
    status: String,
    versions: Vec<VersionInfo>,
    units: Vec<Unit>,
    letterhead: Letterhead,
}

async fn load(local: Local, choice: Choice, now: String) -> Result<Loaded, ClientError> {
    let versions: Vec<VersionInfo> = local.read(&choice.url("versions", &[])).await?;
    let (report, status) = match choice.version {
        Some(number) => {
            let stored: StoredVersion = local.read(&choice.url(&format!("versions/{number}"), &[])).await?;
            (stored.report, stored.info.status_line())
        }
        None => (local.read(&choice.url("", &[])).await?, live_status_line(&now)),
    };
    let units = local.read("/api/v1/units").await?;
    Ok(Loaded { report, status, versions, units, letterhead: letterhead(local).await })
}

/// The reports of a year, as `(value, label)`.
fn report_options() -> Vec<(&'static str, &'static str)> {
    vec![
        ("quarter/1", "Triwulan I"),
        ("quarter/2", "Triwulan II"),
        ("quarter/3", "Triwulan III"),
        ("quarter/4", "Triwulan IV"),
        ("semester/1", "Semester I"),
        ("semester/2", "Semester II"),
        ("annual/1", "LKjIP"),
    ]
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    let local = use_local();
    let session = use_session();
    let this_year = RwSignal::new(None::<i32>);
    Effect::new(move || this_year.set(Some(js_sys::Date::new_0().get_full_year() as i32)));
    let query = use_query_map();
    let chosen = move || Choice::from_query(&query.read(), this_year.get());
    let choice = Memo::new(move |_| chosen());
    let navigate = use_navigate();
    let go = Callback::new(move |next: Choice| {
        navigate(&next.address(), NavigateOptions { replace: true, scroll: false, ..Default::default() })
    });
    let changes = RwSignal::new(0u32);
    let message = RwSignal::new(None::<(bool, String)>);
    // What runs once a call is answered belongs to the page, not to the
    // render that drew the button: a reload started earlier (a new draft
    // version) may replace that render while the call is under way.
    let reload = Callback::new(move |()| changes.update(|n| *n += 1));
    let drafts = RwSignal::new(HashMap::<String, Draft>::new());
    let chapter_saved = Callback::new(move |()| {
        let locale = i18n.get_locale_untracked();
        message.set(Some((true, td_string!(locale, report.chapter_saved).to_owned())));
        reload.run(());
    });
    // A report being compiled while an earlier one (or none) is shown.
    let compiling = RwSignal::new(false);
    let loaded_report = LocalResource::new(move || {
        changes.track();
        // Read from the signals themselves: through the memo, the resource
        // missed the year arriving after a client-side navigation.
        let choice = chosen().filter(|_| session.signed_in());
        async move {
            let Some(choice) = choice else { return Ok(None) };
            compiling.set(true);
            let now = js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default();
            let loaded = load(local, choice, local_time(i18n.get_locale_untracked(), &now)).await.map(Some);
            compiling.set(false);
            loaded
        }
    });
    let recompiling = move || {
        (compiling.get() && loaded_report.with(Option::is_some))
            .then(|| view! { <Working what=|l| td_string!(l, working.compiling) /> })
    };
    let set = move |change: &dyn Fn(&mut Choice)| {
        if let Some(mut next) = choice.get_untracked() {
            change(&mut next);
            go.run(next);
        }
    };
    // A choice changed by a select: the field it sets, and back to the current data.
    let pick = move |apply: fn(&mut Choice, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            set(&move |c| {
                apply(c, value.clone());
                c.version = None;
            });
        }
    };
    let years = move || {
        let chosen = choice.get().map(|c| c.year).unwrap_or_default();
        (chosen - 2..=chosen + 1)
            .map(|y| view! { <option value=y selected=y == chosen>{y}</option> })
            .collect_view()
    };
    let reports = move || {
        let chosen = choice.get().map(|c| c.report).unwrap_or_default();
        report_options()
            .into_iter()
            .map(|(value, label)| view! { <option value=value selected=value == chosen>{label}</option> })
            .collect_view()
    };
    let content = loaded_while(
        loaded_report,
        |l| td_string!(l, working.compiling),
        move |loaded: Option<Loaded>| {
            let (Some(loaded), Some(current)) = (loaded, choice.get_untracked()) else {
                return ().into_any();
            };
            let me = session.me.get_untracked();
            let sees_all = me.as_ref().is_some_and(|me| me.actor().sees_all());
            let units = loaded.units.clone();
            let unit_options = sees_all.then(|| {
            let chosen = current.unit.clone();
            let options = units
                .iter()
                .filter(|u| u.active && u.parent_id.is_some())
                .map(|u| view! { <option value=u.id.clone() selected=u.id == chosen>{u.name.clone()}</option> })
                .collect_view();
            view! {
                <label>
                    {t!(i18n, report.unit)} " "
                    <select data-testid="report-unit" on:change=pick(|c, unit| c.unit = unit)>
                        <option value="" selected=current.unit.is_empty()>{t!(i18n, report.agency)}</option>
                        {options}
                    </select>
                </label>
            }
        });
            let drafter = me.as_ref().is_some_and(|me| may_draft(me.role));
            let rewriting = (drafter && current.version.is_none()).then(|| {
                let base = current.clone();
                Rewriting {
                    url: Callback::new(move |key: &'static str| base.url(&format!("chapters/{key}"), &[])),
                    saved: chapter_saved,
                    drafts,
                }
            });
            let export = |format: &'static str| {
                let extra: Vec<(&str, String)> =
                    current.version.map(|v| ("version", v.to_string())).into_iter().collect();
                let href = current.url(&format!("export/{format}"), &extra);
                view! { <Download class="button" href test_id=format!("export-{format}")>{format.to_uppercase()}</Download> }
            };
            view! {
            <div class="no-print report-tools">
                {unit_options}
                <PrintButton>{t!(i18n, report.print)}</PrintButton>
                <span>{t!(i18n, report.download)} " "</span>
                {export("xlsx")}
                {export("docx")}
                {export("csv")}
                <A href=agreement_href(current.year, &current.unit) attr:data-testid="pk-link">{t!(i18n, pk.link)}</A>
                <A href=format!("/laporan/pohon?tahun={}", current.year) attr:data-testid="tree-link">{t!(i18n, tree.title)}</A>
            </div>
            <VersionsPanel
                versions=loaded.versions.clone()
                viewing=current.version
                base=current.clone()
                me=me
                view_version=Callback::new(move |version: Option<u32>| set(&move |c| c.version = version))
                changed=reload
                message=message
            />
            <ReportDocument report=loaded.report units=loaded.units letterhead=loaded.letterhead status=loaded.status rewriting=rewriting />
        }
        .into_any()
        },
    );
    view! {
        <section class="page">
            <h1 data-testid="page-title" class="no-print">{t!(i18n, nav.reports)}</h1>
            <p class="lead no-print">{t!(i18n, report.lead)}</p>
            <div class="report-choices no-print">
                <label>
                    {t!(i18n, report.report)} " "
                    <select data-testid="report-kind" on:change=pick(|c, report| c.report = report)>
                        {reports}
                    </select>
                </label>
                <label>
                    {t!(i18n, report.year)} " "
                    <select data-testid="report-year" on:change=pick(|c, year| c.year = year.parse().unwrap_or(c.year))>
                        {years}
                    </select>
                </label>
            </div>
            <SignedOutNote />
            {recompiling}
            {content}
        </section>
    }
}
