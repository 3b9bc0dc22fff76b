//! The indicators table with this year's PK and Rencana Aksi targets, and the
//! form that adds an indicator together with its targets. The form checks
//! everything with the shared domain rules before sending, so mistakes show
//! at once, offline too; the server checks again.

use super::{UnitsResource, loaded, unit_options};
use crate::api::{FieldProblem, from_wire_name, wire_name};
use crate::domain::format::{Style, format_decimal, parse_decimal};
use crate::domain::indicator::{Aggregation, Frequency, IndicatorRule, Polarity, TargetMode};
use crate::domain::plan::{Indicator, YearPlan};
use crate::domain::target::Targets;
use crate::domain::validate::{FieldError, Problem};
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::ui::client::{self, ClientError};
use crate::ui::form::{DataTable, FormMessage, FormState, SelectField, TextField, enum_text};
use crate::ui::ids::new_id;
use crate::ui::locale::use_style;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use rust_decimal::Decimal;
use std::collections::HashMap;

type Loaded = (Vec<Indicator>, HashMap<String, YearPlan>);

async fn load(year: i32) -> Result<Loaded, ClientError> {
    let indicators = client::get::<Vec<Indicator>>("/api/v1/indicators").await?;
    let plans = client::get::<Vec<YearPlan>>(&format!("/api/v1/plans?year={year}")).await?;
    Ok((indicators, plans.into_iter().map(|p| (p.indicator_id.clone(), p)).collect()))
}

/// Options for a select of serde-named enum values.
fn options<T: serde::Serialize + Sync>(values: &'static [T]) -> Signal<Vec<(String, String)>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        values
            .iter()
            .map(|v| {
                let name = wire_name(v);
                let text = enum_text(i18n.get_locale(), &name).to_owned();
                (name, text)
            })
            .collect()
    })
}

/// Reads an optional target typed in `style`; an unreadable one is a problem of `field`.
fn read_target(text: &str, style: Style, field: &str, problems: &mut Vec<FieldProblem>) -> Option<Decimal> {
    if text.trim().is_empty() {
        return None;
    }
    parse_decimal(text, style)
        .map_err(|_| {
            problems
                .push(FieldProblem::from(&FieldError { field: field.to_owned(), problem: Problem::Invalid }))
        })
        .ok()
}

#[component]
pub fn IndicatorsSection(
    units: UnitsResource,
    year: Signal<Option<i32>>,
    changes: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let style = use_style();
    let data: LocalResource<Result<Loaded, ClientError>> = LocalResource::new(move || async move {
        changes.track();
        match year.get() {
            Some(year) => load(year).await,
            None => Err(ClientError::Network),
        }
    });
    let form = FormState::new();
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let unit_of_measure = RwSignal::new(String::new());
    let polarity = RwSignal::new("positive".to_owned());
    let aggregation = RwSignal::new("sum".to_owned());
    let target_mode = RwSignal::new("per_period".to_owned());
    let frequency = RwSignal::new("monthly".to_owned());
    let responsible = RwSignal::new(String::new());
    let annual = RwSignal::new(String::new());
    let quarters: [RwSignal<String>; 4] = std::array::from_fn(|_| RwSignal::new(String::new()));

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let locale = i18n.get_locale_untracked();
        let style = style.get_untracked();
        let Some(year) = year.get_untracked() else { return };
        let mut problems = Vec::new();
        let rule = IndicatorRule {
            polarity: from_wire_name(&polarity.get_untracked()).unwrap_or(Polarity::Positive),
            aggregation: from_wire_name(&aggregation.get_untracked()).unwrap_or(Aggregation::Sum),
            target_mode: from_wire_name(&target_mode.get_untracked()).unwrap_or(TargetMode::PerPeriod),
            frequency: from_wire_name(&frequency.get_untracked()).unwrap_or(Frequency::Monthly),
            negative_formula: None,
            decimals: 2,
        };
        let indicator = Indicator {
            id: new_id(),
            code: code.get_untracked().trim().to_owned(),
            name: name.get_untracked(),
            sasaran_id: None,
            unit_of_measure: unit_of_measure.get_untracked(),
            rule,
            definition: String::new(),
            formula: String::new(),
            data_source: String::new(),
            responsible_unit_id: responsible.get_untracked(),
            contributor_unit_ids: Vec::new(),
            baseline: None,
            baseline_year: None,
            end_target: None,
            active: true,
        };
        let targets = Targets {
            annual: read_target(&annual.get_untracked(), style, "annual_target", &mut problems),
            quarters: std::array::from_fn(|i| {
                read_target(
                    &quarters[i].get_untracked(),
                    style,
                    &format!("tw{}_target", i + 1),
                    &mut problems,
                )
            }),
        };
        let plan =
            YearPlan { indicator_id: indicator.id.clone(), year, targets, actions: Default::default() };
        for result in [indicator.validate(), plan.validate(&rule)] {
            problems.extend(result.err().unwrap_or_default().iter().map(FieldProblem::from));
        }
        if !problems.is_empty() {
            form.refuse(locale, problems);
            return;
        }
        let saved = async move {
            client::put(&format!("/api/v1/indicators/{}", indicator.id), &indicator).await?;
            client::put(&format!("/api/v1/plans/{year}"), &vec![plan]).await
        };
        form.run(locale, saved, move |()| {
            form.succeed(td_string!(locale, master.saved));
            for field in [code, name, unit_of_measure, annual].into_iter().chain(quarters) {
                field.set(String::new());
            }
            data.refetch();
        });
    };

    let table = loaded(data, move |(indicators, plans): Loaded| {
        let rows = indicators
            .into_iter()
            .map(|indicator| {
                let targets = plans.get(&indicator.id).map(|p| p.targets).unwrap_or_default();
                let shown = move |value: Option<Decimal>| {
                    move || value.map(|v| format_decimal(v, 2, style.get())).unwrap_or_else(|| "—".to_owned())
                };
                let aggregation = wire_name(&indicator.rule.aggregation);
                view! {
                    <tr data-testid="indicator-row">
                        <td>{indicator.code}</td>
                        <td>{indicator.name}</td>
                        <td>{indicator.unit_of_measure}</td>
                        <td>{move || enum_text(i18n.get_locale(), &aggregation)}</td>
                        <td class="num">{shown(targets.annual)}</td>
                        <td class="num">{shown(targets.quarters[0])}</td>
                        <td class="num">{shown(targets.quarters[1])}</td>
                        <td class="num">{shown(targets.quarters[2])}</td>
                        <td class="num">{shown(targets.quarters[3])}</td>
                    </tr>
                }
            })
            .collect_view();
        let headers: Vec<fn(Locale) -> &'static str> = vec![
            |l| td_string!(l, master.code),
            |l| td_string!(l, master.name),
            |l| td_string!(l, master.unit_of_measure),
            |l| td_string!(l, master.aggregation),
            |l| td_string!(l, master.annual_target),
            |l| td_string!(l, master.tw1),
            |l| td_string!(l, master.tw2),
            |l| td_string!(l, master.tw3),
            |l| td_string!(l, master.tw4),
        ];
        view! { <DataTable test_id="indicators-table" headers=headers>{rows}</DataTable> }
    });

    let label =
        |text: fn(crate::i18n::Locale) -> &'static str| Signal::derive(move || text(i18n.get_locale()));
    view! {
        <h2>
            {t!(i18n, master.indicators)} " " {move || year.get().map(|y| y.to_string()).unwrap_or_default()}
        </h2>
        {table}
        <details class="add-form" open>
            <summary>{t!(i18n, master.add_indicator)}</summary>
            <form on:submit=submit data-testid="indicator-form">
                <div class="grid">
                    <TextField label=label(|l| td_string!(l, master.code)) value=code field="code" form=form />
                    <TextField label=label(|l| td_string!(l, master.name)) value=name field="name" form=form />
                    <TextField label=label(|l| td_string!(l, master.unit_of_measure)) value=unit_of_measure field="unit_of_measure" form=form />
                    <SelectField label=label(|l| td_string!(l, master.polarity)) value=polarity field="polarity" form=form
                        options=options(&[Polarity::Positive, Polarity::Negative]) />
                    <SelectField label=label(|l| td_string!(l, master.aggregation)) value=aggregation field="aggregation" form=form
                        options=options(&[Aggregation::Sum, Aggregation::Last, Aggregation::Average, Aggregation::Max, Aggregation::Min]) />
                    <SelectField label=label(|l| td_string!(l, master.target_mode)) value=target_mode field="target_mode" form=form
                        options=options(&[TargetMode::PerPeriod, TargetMode::Cumulative]) />
                    <SelectField label=label(|l| td_string!(l, master.frequency)) value=frequency field="frequency" form=form
                        options=options(&[Frequency::Monthly, Frequency::Quarterly]) />
                    <SelectField label=label(|l| td_string!(l, master.responsible_unit)) value=responsible field="responsible_unit_id" form=form
                        options=unit_options(units) />
                </div>
                <fieldset>
                    <legend>{t!(i18n, master.tw_targets)}</legend>
                    <div class="grid targets">
                        <TextField label=label(|l| td_string!(l, master.annual_target)) value=annual field="annual_target" form=form inputmode="decimal" />
                        <TextField label=label(|l| td_string!(l, master.tw1)) value=quarters[0] field="tw1_target" form=form inputmode="decimal" />
                        <TextField label=label(|l| td_string!(l, master.tw2)) value=quarters[1] field="tw2_target" form=form inputmode="decimal" />
                        <TextField label=label(|l| td_string!(l, master.tw3)) value=quarters[2] field="tw3_target" form=form inputmode="decimal" />
                        <TextField label=label(|l| td_string!(l, master.tw4)) value=quarters[3] field="tw4_target" form=form inputmode="decimal" />
                    </div>
                </fieldset>
                <FormMessage form=form />
                <button type="submit" class="primary" disabled=move || form.busy.get()>{t!(i18n, master.add_indicator)}</button>
            </form>
        </details>
    }
    .into_any()
}
