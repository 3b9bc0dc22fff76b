//! The indicators table with one year's PK and Rencana Aksi targets, and the
//! form that adds an indicator — or changes one picked from the table —
//! with every field of it (definition, formula, data source, contributing
//! units, baseline, end target, the Renstra's yearly targets, decimals,
//! negative formula) together with that year's targets and Rencana Aksi. The form checks everything with the
//! shared domain rules before sending, so mistakes show at once, offline
//! too; the server checks again.

use super::renstra_targets::{self, RenstraTargetsFields};
use super::{UnitsResource, loaded, unit_options};
use crate::api::{FieldProblem, from_wire_name, wire_name};
use crate::domain::budget::Program;
use crate::domain::format::{self, Style, format_decimal, format_target, read_typed};
use crate::domain::indicator_rule::{
    Aggregation, Frequency, IndicatorRule, NegativeFormula, Polarity, TargetMode,
};
use crate::domain::period::YEARS;
use crate::domain::plan::{Indicator, Renstra, YearPlan};
use crate::domain::report::grid::Cell;
use crate::domain::target::{Targets, Upper};
use crate::domain::validate::{FieldError, Problem};
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::ui::client::{self, ClientError};
use crate::ui::form::{
    DataTable, EditButtons, FormState, SelectField, TextField, enum_text, selected_values,
};
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
    /// The programme whose budget serves it, or empty.
    program: RwSignal<String>,
    polarity: RwSignal<String>,
    aggregation: RwSignal<String>,
    target_mode: RwSignal<String>,
    frequency: RwSignal<String>,
    responsible: RwSignal<String>,
    contributors: RwSignal<Vec<String>>,
    definition: RwSignal<String>,
    formula: RwSignal<String>,
    data_source: RwSignal<String>,
    baseline: RwSignal<String>,
    baseline_year: RwSignal<String>,
    end_target: RwSignal<String>,
    /// The Renstra's target for each year, as typed.
    renstra_targets: RwSignal<renstra_targets::Typed>,
    decimals: RwSignal<String>,
    /// The negative formula's wire name, or empty for the policy's default.
    negative_formula: RwSignal<String>,
    annual: RwSignal<String>,
    quarters: [RwSignal<String>; 4],
    /// The Rencana Aksi of each quarter.
    actions: [RwSignal<String>; 4],
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
            program: text(),
            polarity: RwSignal::new("positive".to_owned()),
            aggregation: RwSignal::new("sum".to_owned()),
            target_mode: RwSignal::new("per_period".to_owned()),
            frequency: RwSignal::new("monthly".to_owned()),
            responsible: text(),
            contributors: RwSignal::new(Vec::new()),
            definition: text(),
            formula: text(),
            data_source: text(),
            baseline: text(),
            baseline_year: text(),
            end_target: text(),
            renstra_targets: RwSignal::new(Default::default()),
            decimals: RwSignal::new("2".to_owned()),
            negative_formula: text(),
            annual: text(),
            quarters: std::array::from_fn(|_| text()),
            actions: std::array::from_fn(|_| text()),
        }
    }

    /// Shows `indicator` and its plan in the form, for changing them.
    fn fill(&self, indicator: &Indicator, plan: Option<&YearPlan>, style: Style) {
        let shown = |value: Option<Decimal>| value.map(|v| format_decimal(v, 6, style)).map(trim_zeros);
        self.code.set(indicator.code.clone());
        self.name.set(indicator.name.clone());
        self.unit_of_measure.set(indicator.unit_of_measure.clone());
        self.sasaran.set(indicator.sasaran_id.clone().unwrap_or_default());
        self.program.set(indicator.program_id.clone().unwrap_or_default());
        self.polarity.set(wire_name(&indicator.rule.polarity));
        self.aggregation.set(wire_name(&indicator.rule.aggregation));
        self.target_mode.set(wire_name(&indicator.rule.target_mode));
        self.frequency.set(wire_name(&indicator.rule.frequency));
        self.responsible.set(indicator.responsible_unit_id.clone());
        self.contributors.set(indicator.contributor_unit_ids.clone());
        self.definition.set(indicator.definition.clone());
        self.formula.set(indicator.formula.clone());
        self.data_source.set(indicator.data_source.clone());
        self.baseline.set(shown(indicator.baseline).unwrap_or_default());
        self.baseline_year.set(indicator.baseline_year.map(|y| y.to_string()).unwrap_or_default());
        self.end_target.set(shown(indicator.end_target).unwrap_or_default());
        self.renstra_targets.set(
            indicator
                .renstra_targets
                .iter()
                .map(|t| (t.year, shown(Some(t.target)).unwrap_or_default()))
                .collect(),
        );
        self.decimals.set(indicator.rule.decimals.to_string());
        self.negative_formula.set(indicator.rule.negative_formula.map(|f| wire_name(&f)).unwrap_or_default());
        let targets = plan.map(|p| p.targets).unwrap_or_default();
        let range = |low: Option<Decimal>, high: Option<Decimal>| match (low, high) {
            (Some(low), Some(high)) => trim_range(format_target(low, Some(high), 6, style)),
            _ => shown(low).unwrap_or_default(),
        };
        self.annual.set(range(targets.annual, targets.upper.annual));
        for (i, field) in self.quarters.iter().enumerate() {
            field.set(range(targets.quarters[i], targets.upper.quarters[i]));
        }
        let actions = plan.map(|p| p.actions.clone()).unwrap_or_default();
        for (field, action) in self.actions.iter().zip(actions) {
            field.set(action);
        }
        self.editing.set(Some(indicator.clone()));
    }

    /// Empties the form for a new indicator.
    fn clear(&self) {
        let texts =
            [self.code, self.name, self.unit_of_measure, self.definition, self.formula, self.data_source];
        let more = [self.baseline, self.baseline_year, self.end_target, self.negative_formula, self.annual];
        for field in texts.into_iter().chain(more).chain(self.quarters).chain(self.actions) {
            field.set(String::new());
        }
        self.decimals.set("2".to_owned());
        self.renstra_targets.set(Default::default());
        self.contributors.set(Vec::new());
        self.editing.set(None);
    }

    /// The indicator and plan the form describes, or the problems found in it.
    fn read(&self, year: i32, style: Style) -> Result<(Indicator, YearPlan), Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let mut problem = |field: &str, problem| {
            problems.push(FieldProblem::from(&FieldError { field: field.to_owned(), problem }))
        };
        let decimals = match self.decimals.get_untracked().trim() {
            "" => 2,
            text => text.parse::<u8>().unwrap_or_else(|_| {
                problem("decimals", Problem::Invalid);
                2
            }),
        };
        let baseline_year = match self.baseline_year.get_untracked().trim() {
            "" => None,
            text => text.parse::<i32>().map_err(|_| problem("baseline_year", Problem::Invalid)).ok(),
        };
        let rule = IndicatorRule {
            polarity: from_wire_name(&self.polarity.get_untracked()).unwrap_or(Polarity::Positive),
            aggregation: from_wire_name(&self.aggregation.get_untracked()).unwrap_or(Aggregation::Sum),
            target_mode: from_wire_name(&self.target_mode.get_untracked()).unwrap_or(TargetMode::PerPeriod),
            frequency: from_wire_name(&self.frequency.get_untracked()).unwrap_or(Frequency::Monthly),
            negative_formula: from_wire_name(&self.negative_formula.get_untracked()),
            decimals,
        };
        let base = self.editing.get_untracked();
        let indicator = Indicator {
            id: base.as_ref().map_or_else(new_id, |b| b.id.clone()),
            code: self.code.get_untracked().trim().to_owned(),
            name: self.name.get_untracked(),
            sasaran_id: Some(self.sasaran.get_untracked()).filter(|s| !s.is_empty()),
            unit_of_measure: self.unit_of_measure.get_untracked(),
            rule,
            definition: self.definition.get_untracked(),
            formula: self.formula.get_untracked(),
            data_source: self.data_source.get_untracked(),
            responsible_unit_id: self.responsible.get_untracked(),
            contributor_unit_ids: self.contributors.get_untracked(),
            program_id: Some(self.program.get_untracked()).filter(|p| !p.is_empty()),
            baseline: read_target(&self.baseline.get_untracked(), style, "baseline", &mut problems),
            baseline_year,
            end_target: read_target(&self.end_target.get_untracked(), style, "end_target", &mut problems),
            renstra_targets: renstra_targets::read(
                &self.renstra_targets.get_untracked(),
                style,
                &mut problems,
            ),
            active: base.is_none_or(|b| b.active),
        };
        let annual = read_range(&self.annual.get_untracked(), style, "annual_target", &mut problems);
        let quarters: [(Option<Decimal>, Option<Decimal>); 4] = std::array::from_fn(|i| {
            read_range(
                &self.quarters[i].get_untracked(),
                style,
                &format!("tw{}_target", i + 1),
                &mut problems,
            )
        });
        let targets = Targets {
            annual: annual.0,
            quarters: quarters.map(|(low, _)| low),
            upper: Upper { annual: annual.1, quarters: quarters.map(|(_, high)| high) },
        };
        let plan = YearPlan {
            indicator_id: indicator.id.clone(),
            year,
            targets,
            actions: self.actions.map(|action| action.get_untracked()),
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

/// A range as shown in the form: each end without trailing zeros.
fn trim_range(text: String) -> String {
    match text.split_once('–') {
        Some((low, high)) => format!("{}–{}", trim_zeros(low.to_owned()), trim_zeros(high.to_owned())),
        None => trim_zeros(text),
    }
}

/// Reads a target typed in `style`, a number or a range (`7–8`); an
/// unreadable one is a problem of `field`.
fn read_range(
    text: &str,
    style: Style,
    field: &str,
    problems: &mut Vec<FieldProblem>,
) -> (Option<Decimal>, Option<Decimal>) {
    if text.trim().is_empty() {
        return (None, None);
    }
    match format::read_target(text, style) {
        Ok((low, high)) => (Some(low), high),
        Err(problem) => {
            problems.push(FieldProblem::from(&FieldError { field: field.to_owned(), problem }));
            (None, None)
        }
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
    let programs: LocalResource<Result<Vec<Program>, ClientError>> =
        LocalResource::new(|| client::get::<Vec<Program>>("/api/v1/programs"));
    let program_options = Signal::derive(move || {
        let mut options = vec![(String::new(), td_string!(i18n.get_locale(), master.none).to_owned())];
        if let Some(Ok(programs)) = programs.get() {
            options.extend(programs.into_iter().map(|p| (p.id, format!("{} — {}", p.code, p.name))));
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
                let shown = move |low: Option<Decimal>, high: Option<Decimal>| {
                    move || Cell::target(low, high, 2).display(style.get())
                };
                let upper = targets.upper;
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
                        <td class="num">{shown(targets.annual, upper.annual)}</td>
                        <td class="num">{shown(targets.quarters[0], upper.quarters[0])}</td>
                        <td class="num">{shown(targets.quarters[1], upper.quarters[1])}</td>
                        <td class="num">{shown(targets.quarters[2], upper.quarters[2])}</td>
                        <td class="num">{shown(targets.quarters[3], upper.quarters[3])}</td>
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
        program,
        polarity,
        aggregation,
        target_mode,
        frequency,
        responsible,
        contributors,
        definition,
        formula,
        data_source,
        baseline,
        baseline_year,
        end_target,
        renstra_targets,
        decimals,
        negative_formula,
        annual,
        quarters,
        actions,
        ..
    } = fields;
    let negative_options = Signal::derive(move || {
        let locale = i18n.get_locale();
        vec![
            (String::new(), td_string!(locale, master.policy_default).to_owned()),
            (
                wire_name(&NegativeFormula::TwiceTargetMinus),
                td_string!(locale, master.twice_target_minus).to_owned(),
            ),
            (wire_name(&NegativeFormula::Inverse), td_string!(locale, master.inverse).to_owned()),
        ]
    });
    let contributor_options = move || {
        unit_options(units)
            .get()
            .into_iter()
            .filter(|(id, _)| !id.is_empty())
            .map(|(id, text)| {
                let chosen = id.clone();
                view! { <option value=id selected=move || contributors.with(|c| c.contains(&chosen))>{text}</option> }
            })
            .collect_view()
    };
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
                    <SelectField label=label(|l| td_string!(l, master.program)) value=program field="program_id" form=form options=program_options />
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
                    <label class="field">
                        <span class="field-label">{t!(i18n, master.contributors)}</span>
                        <select multiple name="contributor_unit_ids" on:change=move |ev| contributors.set(selected_values(&ev))>{contributor_options}</select>
                    </label>
                    <TextField label=label(|l| td_string!(l, master.decimals)) value=decimals field="decimals" form=form inputmode="numeric" />
                    <SelectField label=label(|l| td_string!(l, master.negative_formula)) value=negative_formula field="negative_formula" form=form options=negative_options />
                </div>
                <fieldset>
                    <legend>{t!(i18n, master.indicator_details)}</legend>
                    <div class="grid">
                        <TextField label=label(|l| td_string!(l, master.definition)) value=definition field="definition" form=form multiline=true />
                        <TextField label=label(|l| td_string!(l, master.formula_text)) value=formula field="formula" form=form multiline=true />
                        <TextField label=label(|l| td_string!(l, master.data_source)) value=data_source field="data_source" form=form />
                        <TextField label=label(|l| td_string!(l, master.baseline)) value=baseline field="baseline" form=form inputmode="decimal" />
                        <TextField label=label(|l| td_string!(l, master.baseline_year)) value=baseline_year field="baseline_year" form=form inputmode="numeric" />
                        <TextField label=label(|l| td_string!(l, master.end_target)) value=end_target field="end_target" form=form inputmode="decimal" />
                    </div>
                </fieldset>
                <RenstraTargetsFields renstra=renstra typed=renstra_targets form=form />
                <fieldset>
                    <legend>{t!(i18n, master.tw_targets)} " " {move || year.get().map(|y| y.to_string()).unwrap_or_default()}</legend>
                    <p class="note">{t!(i18n, master.range_hint)}</p>
                    <div class="grid targets">
                        <TextField label=label(|l| td_string!(l, master.annual_target)) value=annual field="annual_target" form=form />
                        <TextField label=label(|l| td_string!(l, master.tw1)) value=quarters[0] field="tw1_target" form=form />
                        <TextField label=label(|l| td_string!(l, master.tw2)) value=quarters[1] field="tw2_target" form=form />
                        <TextField label=label(|l| td_string!(l, master.tw3)) value=quarters[2] field="tw3_target" form=form />
                        <TextField label=label(|l| td_string!(l, master.tw4)) value=quarters[3] field="tw4_target" form=form />
                    </div>
                    <div class="grid">
                        <TextField label=label(|l| td_string!(l, master.action_tw1)) value=actions[0] field="tw1_actions" form=form multiline=true />
                        <TextField label=label(|l| td_string!(l, master.action_tw2)) value=actions[1] field="tw2_actions" form=form multiline=true />
                        <TextField label=label(|l| td_string!(l, master.action_tw3)) value=actions[2] field="tw3_actions" form=form multiline=true />
                        <TextField label=label(|l| td_string!(l, master.action_tw4)) value=actions[3] field="tw4_actions" form=form multiline=true />
                    </div>
                </fieldset>
                <EditButtons form=form editing=Signal::derive(move || fields.editing.get().is_some())
                    add=label(|l| td_string!(l, master.add_indicator)) cancel=Callback::new(move |()| fields.clear()) />
            </form>
        </div>
    }
    .into_any()
}
