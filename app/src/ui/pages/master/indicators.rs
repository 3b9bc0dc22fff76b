//! The indicators table with one year's PK and Rencana Aksi targets, and the
//! form that adds an indicator — or changes one picked from the table —
//! together with that year's targets. The form checks everything with the
//! shared domain rules before sending, so mistakes show at once, offline
//! too; the server checks again.

use super::{UnitsResource, loaded, unit_options};
use crate::api::{FieldProblem, from_wire_name, wire_name};
use crate::domain::format::{Style, format_decimal, read_typed};
use crate::domain::indicator_rule::{Aggregation, Frequency, IndicatorRule, Polarity, TargetMode};
use crate::domain::period::YEARS;
use crate::domain::plan::{Indicator, Renstra, YearPlan};
use crate::domain::target::Targets;
use crate::domain::validate::FieldError;
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

/// The form's fields, as text the way the user typed it.
#[derive(Clone, Copy)]
struct Fields {
    /// The indicator being changed; `None` while adding a new one.
    editing: RwSignal<Option<Indicator>>,
    code: RwSignal<String>,
    name: RwSignal<String>,
    unit_of_measure: RwSignal<String>,
    sasaran: RwSignal<String>,
    polarity: RwSignal<String>,
    aggregation: RwSignal<String>,
    target_mode: RwSignal<String>,
    frequency: RwSignal<String>,
    responsible: RwSignal<String>,
    annual: RwSignal<String>,
    quarters: [RwSignal<String>; 4],
    /// The Rencana Aksi's actions of the plan being changed, kept as they are.
    actions: RwSignal<[String; 4]>,
}

impl Fields {
    fn new() -> Fields {
        let text = || RwSignal::new(String::new());
        Fields {
            editing: RwSignal::new(None),
            code: text(),
            name: text(),
            unit_of_measure: text(),
            sasaran: text(),
            polarity: RwSignal::new("positive".to_owned()),
            aggregation: RwSignal::new("sum".to_owned()),
            target_mode: RwSignal::new("per_period".to_owned()),
            frequency: RwSignal::new("monthly".to_owned()),
            responsible: text(),
            annual: text(),
            quarters: std::array::from_fn(|_| text()),
            actions: RwSignal::new(Default::default()),
        }
    }

    /// Shows `indicator` and its plan in the form, for changing them.
    fn fill(&self, indicator: &Indicator, plan: Option<&YearPlan>, style: Style) {
        let shown = |value: Option<Decimal>| value.map(|v| format_decimal(v, 6, style)).map(trim_zeros);
        self.code.set(indicator.code.clone());
        self.name.set(indicator.name.clone());
        self.unit_of_measure.set(indicator.unit_of_measure.clone());
        self.sasaran.set(indicator.sasaran_id.clone().unwrap_or_default());
        self.polarity.set(wire_name(&indicator.rule.polarity));
        self.aggregation.set(wire_name(&indicator.rule.aggregation));
        self.target_mode.set(wire_name(&indicator.rule.target_mode));
        self.frequency.set(wire_name(&indicator.rule.frequency));
        self.responsible.set(indicator.responsible_unit_id.clone());
        let targets = plan.map(|p| p.targets).unwrap_or_default();
        self.annual.set(shown(targets.annual).unwrap_or_default());
        for (field, value) in self.quarters.iter().zip(targets.quarters) {
            field.set(shown(value).unwrap_or_default());
        }
        self.actions.set(plan.map(|p| p.actions.clone()).unwrap_or_default());
        self.editing.set(Some(indicator.clone()));
    }

    /// Empties the form for a new indicator.
    fn clear(&self) {
        for field in
            [self.code, self.name, self.unit_of_measure, self.annual].into_iter().chain(self.quarters)
        {
            field.set(String::new());
        }
        self.actions.set(Default::default());
        self.editing.set(None);
    }

    /// The indicator and plan the form describes, or the problems found in it.
    fn read(&self, year: i32, style: Style) -> Result<(Indicator, YearPlan), Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let rule = IndicatorRule {
            polarity: from_wire_name(&self.polarity.get_untracked()).unwrap_or(Polarity::Positive),
            aggregation: from_wire_name(&self.aggregation.get_untracked()).unwrap_or(Aggregation::Sum),
            target_mode: from_wire_name(&self.target_mode.get_untracked()).unwrap_or(TargetMode::PerPeriod),
            frequency: from_wire_name(&self.frequency.get_untracked()).unwrap_or(Frequency::Monthly),
            negative_formula: None,
            decimals: 2,
        };
        let base = self.editing.get_untracked();
        let indicator = Indicator {
            id: base.as_ref().map_or_else(new_id, |b| b.id.clone()),
            code: self.code.get_untracked().trim().to_owned(),
            name: self.name.get_untracked(),
            sasaran_id: Some(self.sasaran.get_untracked()).filter(|s| !s.is_empty()),
            unit_of_measure: self.unit_of_measure.get_untracked(),
            rule: IndicatorRule {
                negative_formula: base.as_ref().and_then(|b| b.rule.negative_formula),
                ..rule
            },
            responsible_unit_id: self.responsible.get_untracked(),
            ..base.unwrap_or_else(|| Indicator {
                id: String::new(),
                code: String::new(),
                name: String::new(),
                sasaran_id: None,
                unit_of_measure: String::new(),
                rule,
                definition: String::new(),
                formula: String::new(),
                data_source: String::new(),
                responsible_unit_id: String::new(),
                contributor_unit_ids: Vec::new(),
                baseline: None,
                baseline_year: None,
                end_target: None,
                active: true,
            })
        };
        let targets = Targets {
            annual: read_target(&self.annual.get_untracked(), style, "annual_target", &mut problems),
            quarters: std::array::from_fn(|i| {
                read_target(
                    &self.quarters[i].get_untracked(),
                    style,
                    &format!("tw{}_target", i + 1),
                    &mut problems,
                )
            }),
        };
        let plan = YearPlan {
            indicator_id: indicator.id.clone(),
            year,
            targets,
            actions: self.actions.get_untracked(),
        };
        for result in [indicator.validate(), plan.validate(&indicator.rule)] {
            problems.extend(result.err().unwrap_or_default().iter().map(FieldProblem::from));
        }
        if problems.is_empty() { Ok((indicator, plan)) } else { Err(problems) }
    }
}

/// `1.000,500000` → `1.000,5`; `12,000000` → `12`.
fn trim_zeros(text: String) -> String {
    if !text.contains([',', '.']) {
        return text;
    }
    let decimal_mark = if text.rfind(',') > text.rfind('.') { ',' } else { '.' };
    match text.split_once(decimal_mark) {
        Some((whole, fraction)) => {
            let fraction = fraction.trim_end_matches('0');
            if fraction.is_empty() { whole.to_owned() } else { format!("{whole}{decimal_mark}{fraction}") }
        }
        None => text,
    }
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
    read_typed(text, style)
        .map_err(|problem| {
            problems.push(FieldProblem::from(&FieldError { field: field.to_owned(), problem }))
        })
        .ok()
}

#[component]
pub fn IndicatorsSection(
    units: UnitsResource,
    year: RwSignal<Option<i32>>,
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
    let renstra: LocalResource<Result<Renstra, ClientError>> =
        LocalResource::new(|| client::get::<Renstra>("/api/v1/renstra"));
    let sasaran_options = Signal::derive(move || {
        let mut options = vec![(String::new(), td_string!(i18n.get_locale(), master.none).to_owned())];
        if let Some(Ok(renstra)) = renstra.get() {
            options
                .extend(renstra.sasaran.into_iter().map(|s| (s.id, format!("{} — {}", s.code, s.statement))));
        }
        options
    });
    let form = FormState::new();
    let fields = Fields::new();
    let year_text = RwSignal::new(String::new());
    Effect::new(move || {
        if let Some(y) = year.get() {
            year_text.set(y.to_string());
        }
    });
    let choose_year = move |_| {
        if let Ok(y) = year_text.get_untracked().trim().parse::<i32>()
            && YEARS.contains(&y)
        {
            year.set(Some(y));
        }
    };

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let locale = i18n.get_locale_untracked();
        let Some(year) = year.get_untracked() else { return };
        let (indicator, plan) = match fields.read(year, style.get_untracked()) {
            Ok(read) => read,
            Err(problems) => return form.refuse(locale, problems),
        };
        let saved = async move {
            client::put(&format!("/api/v1/indicators/{}", indicator.id), &indicator).await?;
            client::put(&format!("/api/v1/plans/{year}"), &vec![plan]).await
        };
        form.run(locale, saved, move |()| {
            form.succeed(td_string!(locale, master.saved));
            fields.clear();
            data.refetch();
        });
    };

    let table = loaded(data, move |(indicators, plans): Loaded| {
        let rows = indicators
            .into_iter()
            .map(|indicator| {
                let plan = plans.get(&indicator.id).cloned();
                let targets = plan.as_ref().map(|p| p.targets).unwrap_or_default();
                let shown = move |value: Option<Decimal>| {
                    move || value.map(|v| format_decimal(v, 2, style.get())).unwrap_or_else(|| "—".to_owned())
                };
                let aggregation = wire_name(&indicator.rule.aggregation);
                let edit = {
                    let indicator = indicator.clone();
                    move |_| {
                        fields.fill(&indicator, plan.as_ref(), style.get_untracked());
                        form.message.set(None);
                        form.problems.set(Vec::new());
                    }
                };
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
                        <td>
                            <button type="button" class="link-button" on:click=edit>{t!(i18n, master.edit)}</button>
                        </td>
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
            |l| td_string!(l, master.actions),
        ];
        view! { <DataTable test_id="indicators-table" headers=headers>{rows}</DataTable> }
    });

    let label = |text: fn(Locale) -> &'static str| Signal::derive(move || text(i18n.get_locale()));
    let heading = move || match fields.editing.get() {
        Some(indicator) => format!("{} {}", td_string!(i18n.get_locale(), master.editing), indicator.code),
        None => td_string!(i18n.get_locale(), master.add_indicator).to_owned(),
    };
    let Fields {
        code,
        name,
        unit_of_measure,
        sasaran,
        polarity,
        aggregation,
        target_mode,
        frequency,
        responsible,
        annual,
        quarters,
        ..
    } = fields;
    view! {
        <h2>{t!(i18n, master.indicators)} " " {move || year.get().map(|y| y.to_string()).unwrap_or_default()}</h2>
        <div class="year-choice">
            <TextField label=label(|l| td_string!(l, master.year)) value=year_text field="year" form=form inputmode="numeric" />
            <button type="button" class="secondary" data-testid="show-year" on:click=choose_year>{t!(i18n, master.show)}</button>
        </div>
        {table}
        <div class="add-form" data-testid="indicator-form-box">
            <h3 data-testid="indicator-form-heading">{heading}</h3>
            <form on:submit=submit data-testid="indicator-form">
                <div class="grid">
                    <TextField label=label(|l| td_string!(l, master.code)) value=code field="code" form=form />
                    <TextField label=label(|l| td_string!(l, master.name)) value=name field="name" form=form />
                    <TextField label=label(|l| td_string!(l, master.unit_of_measure)) value=unit_of_measure field="unit_of_measure" form=form />
                    <SelectField label=label(|l| td_string!(l, master.sasaran)) value=sasaran field="sasaran_id" form=form options=sasaran_options />
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
                    <legend>{t!(i18n, master.tw_targets)} " " {move || year.get().map(|y| y.to_string()).unwrap_or_default()}</legend>
                    <div class="grid targets">
                        <TextField label=label(|l| td_string!(l, master.annual_target)) value=annual field="annual_target" form=form inputmode="decimal" />
                        <TextField label=label(|l| td_string!(l, master.tw1)) value=quarters[0] field="tw1_target" form=form inputmode="decimal" />
                        <TextField label=label(|l| td_string!(l, master.tw2)) value=quarters[1] field="tw2_target" form=form inputmode="decimal" />
                        <TextField label=label(|l| td_string!(l, master.tw3)) value=quarters[2] field="tw3_target" form=form inputmode="decimal" />
                        <TextField label=label(|l| td_string!(l, master.tw4)) value=quarters[3] field="tw4_target" form=form inputmode="decimal" />
                    </div>
                </fieldset>
                <FormMessage form=form />
                <div class="buttons">
                    <button type="submit" class="primary" disabled=move || form.busy.get()>
                        {move || if fields.editing.get().is_some() { td_string!(i18n.get_locale(), master.save_changes) } else { td_string!(i18n.get_locale(), master.add_indicator) }}
                    </button>
                    {move || fields.editing.get().map(|_| view! {
                        <button type="button" class="secondary" on:click=move |_| fields.clear()>{t!(i18n, master.cancel)}</button>
                    })}
                </div>
            </form>
        </div>
    }
    .into_any()
}
