//! Jejak Audit: the audit trail for the sekretaris and the administrator —
//! who changed what, when, from which value to which — filtered by what was
//! changed, the unit, the user and the dates, newest first, and downloaded
//! as CSV with the same filters. The server answers within the reader's
//! scope; this page is where the two agency-wide reviewers read it.

use crate::api::sync::AuditEntry;
use crate::domain::org::{Role, Unit};
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::ui::client::{self, ClientError};
use crate::ui::download::Download;
use crate::ui::form::{DataTable, FormState, SelectField, TextField, loaded};
use crate::ui::gate::RoleGate;
use crate::ui::locale::local_time;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// The kinds of record the trail names, in the order the filter offers them.
const ENTITIES: [&str; 18] = [
    "realisation",
    "budget_realisation",
    "evidence",
    "evidence_file",
    "unit",
    "user",
    "indicator",
    "year_plan",
    "tujuan",
    "sasaran",
    "program",
    "ceiling",
    "sop_step",
    "setting",
    "cycle",
    "report_version",
    "report_chapter",
    "disposition",
];

/// The filters as the API's query string (`newest=true`, values encoded).
fn query(filters: &[(&str, String)]) -> String {
    let mut query = String::from("newest=true&limit=500");
    for (name, value) in filters.iter().filter(|(_, value)| !value.trim().is_empty()) {
        let encoded = js_sys::encode_uri_component(value.trim()).as_string().unwrap_or_default();
        query.push_str(&format!("&{name}={encoded}"));
    }
    query
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page">
            <h1 data-testid="page-title">{t!(i18n, audit.title)}</h1>
            <RoleGate
                allowed=|role| matches!(role, Role::Admin | Role::Sekretaris)
                denied=|l| td_string!(l, audit.denied)
                content=ViewFn::from(|| view! { <Trail /> })
            />
        </section>
    }
}

#[component]
fn Trail() -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let (entity, unit, user, from, to) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let shown = RwSignal::new(query(&[]));
    // Each answer comes with the query it answers, so that the table says
    // which filters it shows (`data-query`).
    let entries: LocalResource<Result<(String, Vec<AuditEntry>), ClientError>> =
        LocalResource::new(move || {
            let query = shown.get();
            async move {
                client::get::<Vec<AuditEntry>>(&format!("/api/v1/audit?{query}"))
                    .await
                    .map(|list| (query, list))
            }
        });
    let units: LocalResource<Result<Vec<Unit>, ClientError>> =
        LocalResource::new(|| client::get::<Vec<Unit>>("/api/v1/units"));
    let entity_options = Signal::derive(move || {
        let locale = i18n.get_locale();
        let mut options = vec![(String::new(), td_string!(locale, audit.all).to_owned())];
        options.extend(ENTITIES.iter().map(|e| ((*e).to_owned(), (*e).to_owned())));
        options
    });
    let unit_options = Signal::derive(move || {
        let mut options = vec![(String::new(), td_string!(i18n.get_locale(), audit.all).to_owned())];
        let list = units.get().and_then(Result::ok).unwrap_or_default();
        options.extend(list.into_iter().map(|u| (u.id, format!("{} — {}", u.code, u.name))));
        options
    });
    let filters = move || {
        vec![
            ("entity", entity.get_untracked()),
            ("unit", unit.get_untracked()),
            ("user", user.get_untracked()),
            ("from", from.get_untracked()),
            ("to", to.get_untracked()),
        ]
    };
    let show = move |ev: SubmitEvent| {
        ev.prevent_default();
        shown.set(query(&filters()));
    };
    let csv = move || format!("/api/v1/audit.csv?{}", shown.get());
    let table = loaded(entries, move |(query, list): (String, Vec<AuditEntry>)| {
        let rows = list
            .into_iter()
            .map(|entry| {
                let (at, entity) = (entry.at.clone(), entry.entity.clone());
                view! {
                    <tr data-testid="audit-row" data-entity=entity>
                        <td>{move || local_time(i18n.get_locale(), &at)}</td>
                        <td>{entry.username}</td>
                        <td>{entry.action}</td>
                        <td>{entry.entity}</td>
                        <td class="key">{entry.key}</td>
                        <td>{entry.field}</td>
                        <td>{entry.old.unwrap_or_default()}</td>
                        <td>{entry.new.unwrap_or_default()}</td>
                    </tr>
                }
            })
            .collect_view();
        let headers: Vec<fn(Locale) -> &'static str> = vec![
            |l| td_string!(l, audit.at),
            |l| td_string!(l, auth.username),
            |l| td_string!(l, audit.action),
            |l| td_string!(l, audit.entity),
            |l| td_string!(l, audit.key),
            |l| td_string!(l, audit.field),
            |l| td_string!(l, audit.old_value),
            |l| td_string!(l, audit.new_value),
        ];
        view! {
            <div data-testid="audit-results" data-query=query>
                <DataTable test_id="audit-table" headers=headers>{rows}</DataTable>
            </div>
        }
    });
    view! {
        <form class="filters" data-testid="audit-filters" on:submit=show>
            <div class="grid">
                <SelectField label=Signal::derive(move || t_string!(i18n, audit.entity)) value=entity field="entity" form=form options=entity_options />
                <SelectField label=Signal::derive(move || t_string!(i18n, master.unit)) value=unit field="unit" form=form options=unit_options />
                <TextField label=Signal::derive(move || t_string!(i18n, auth.username)) value=user field="user" form=form />
                <TextField label=Signal::derive(move || t_string!(i18n, audit.from)) value=from field="from" form=form kind="date" />
                <TextField label=Signal::derive(move || t_string!(i18n, audit.to)) value=to field="to" form=form kind="date" />
            </div>
            <button type="submit" class="primary" data-testid="audit-show">{t!(i18n, audit.show)}</button>
            " "
            <Download class="link-button" test_id="audit-csv".to_owned() href=Signal::derive(csv)>{t!(i18n, audit.download_csv)}</Download>
        </form>
        {table}
    }
}
