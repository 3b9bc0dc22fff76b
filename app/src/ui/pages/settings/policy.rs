//! Kebijakan Capaian: the settings the SAKIP rules leave to each agency —
//! the predicate bands and the names of the agency's scale, the formula of negative indicators that name none,
//! the cap, capaian at T = 0 and R = 0, the efficiency margin and how far
//! from the period before a value is flagged (`domain::policy`). Every
//! capaian on the devices and in the reports is read with them.

use super::SaveRow;
use crate::api::{FieldProblem, from_wire_name, wire_name};
use crate::domain::format::{Style, format_decimal, read_typed};
use crate::domain::indicator_rule::NegativeFormula;
use crate::domain::policy::{Band, Policy, Predicate};
use crate::domain::validate::{FieldError, Problem};
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::ui::client;
use crate::ui::form::{FormState, SelectField, TextField, loaded};
use crate::ui::locale::style_of;
use leptos::prelude::*;
use rust_decimal::Decimal;

/// A decimal as the user reads it in `style`, or empty.
fn shown(value: Option<Decimal>, style: Style) -> String {
    value.map(|v| format_decimal(v.normalize(), v.normalize().scale(), style)).unwrap_or_default()
}

/// What was typed in `field`: empty is `None` (a problem if `required`);
/// unreadable text is a problem of `field`.
fn typed(
    text: &str,
    style: Style,
    field: &str,
    required: bool,
    problems: &mut Vec<FieldProblem>,
) -> Option<Decimal> {
    let mut fail =
        |problem| problems.push(FieldProblem::from(&FieldError { field: field.to_owned(), problem }));
    if text.trim().is_empty() {
        if required {
            fail(Problem::Required);
        }
        return None;
    }
    read_typed(text, style).map_err(fail).ok()
}

/// The field a band's threshold is typed in.
fn band_field(predicate: Predicate) -> &'static str {
    match predicate {
        Predicate::SangatTinggi => "bands.sangat_tinggi",
        Predicate::Tinggi => "bands.tinggi",
        Predicate::Sedang => "bands.sedang",
        Predicate::Rendah => "bands.rendah",
        Predicate::SangatRendah => "bands.sangat_rendah",
    }
}

/// The field a predicate's name in the agency's scale is typed in.
fn label_field(predicate: Predicate) -> &'static str {
    match predicate {
        Predicate::SangatTinggi => "labels.sangat_tinggi",
        Predicate::Tinggi => "labels.tinggi",
        Predicate::Sedang => "labels.sedang",
        Predicate::Rendah => "labels.rendah",
        Predicate::SangatRendah => "labels.sangat_rendah",
    }
}

/// The predicates' names as typed, lowest first: none when they are the
/// regulation's own.
fn scale(typed: [String; 5]) -> Option<[String; 5]> {
    let regulation = Predicate::ALL.map(|p| p.label().to_owned());
    (typed.iter().map(|t| t.trim()).ne(regulation.iter().map(String::as_str))).then_some(typed)
}

/// The predicates that have a threshold, highest first (below the last is Sangat Rendah).
const BANDED: [Predicate; 4] =
    [Predicate::SangatTinggi, Predicate::Tinggi, Predicate::Sedang, Predicate::Rendah];

#[component]
fn PolicyForm(policy: Policy) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let style = style_of(i18n.get_locale_untracked());
    let bands = BANDED.map(|predicate| {
        let min = policy.bands.iter().find(|b| b.predicate == predicate).map(|b| b.min);
        (predicate, RwSignal::new(shown(min, style)))
    });
    let negative_formula = RwSignal::new(wire_name(&policy.negative_formula));
    let cap = RwSignal::new(shown(policy.cap, style));
    let zero = RwSignal::new(shown(policy.zero_target_zero_negative, style));
    let margin = RwSignal::new(shown(Some(policy.efficiency_margin), style));
    let far = RwSignal::new(shown(Some(policy.far_from_previous), style));
    let names =
        Predicate::ALL.map(|predicate| (predicate, RwSignal::new(policy.label(predicate).to_owned())));
    let formulas = Signal::derive(move || {
        let locale = i18n.get_locale();
        vec![
            (
                wire_name(&NegativeFormula::TwiceTargetMinus),
                td_string!(locale, master.twice_target_minus).to_owned(),
            ),
            (wire_name(&NegativeFormula::Inverse), td_string!(locale, master.inverse).to_owned()),
        ]
    });
    let save = move |()| {
        let locale = i18n.get_locale_untracked();
        let style = style_of(locale);
        let mut problems = Vec::new();
        let mut read = |value: RwSignal<String>, field: &str, required: bool| {
            typed(&value.get_untracked(), style, field, required, &mut problems)
        };
        let bands: Vec<Band> = bands
            .iter()
            .filter_map(|(predicate, min)| {
                read(*min, band_field(*predicate), false).map(|min| Band { min, predicate: *predicate })
            })
            .collect();
        let policy = Policy {
            bands,
            negative_formula: from_wire_name(&negative_formula.get_untracked())
                .unwrap_or(NegativeFormula::TwiceTargetMinus),
            cap: read(cap, "cap", false),
            zero_target_zero_negative: read(zero, "zero_target_zero_negative", false),
            efficiency_margin: read(margin, "efficiency_margin", true).unwrap_or_default(),
            far_from_previous: read(far, "far_from_previous", true).unwrap_or_default(),
            labels: scale(names.map(|(_, name)| name.get_untracked())),
        };
        if let Err(error) = policy.validate() {
            problems.push(FieldProblem::from(&FieldError {
                field: error.field().to_owned(),
                problem: Problem::Invalid,
            }));
        }
        if !problems.is_empty() {
            return form.refuse(locale, problems);
        }
        form.run(locale, async move { client::put("/api/v1/settings/policy", &policy).await }, move |()| {
            form.succeed(td_string!(locale, master.saved))
        });
    };
    let label = |text: fn(Locale) -> &'static str| Signal::derive(move || text(i18n.get_locale()));
    let band_inputs = bands
        .into_iter()
        .map(|(predicate, min)| {
            let text = Signal::derive(move || {
                match predicate {
                    Predicate::SangatTinggi => td_string!(i18n.get_locale(), settings.band_sangat_tinggi),
                    Predicate::Tinggi => td_string!(i18n.get_locale(), settings.band_tinggi),
                    Predicate::Sedang => td_string!(i18n.get_locale(), settings.band_sedang),
                    _ => td_string!(i18n.get_locale(), settings.band_rendah),
                }
            });
            view! { <TextField label=text value=min field=band_field(predicate) form=form inputmode="decimal" /> }
        })
        .collect_view();
    let name_inputs = names
        .into_iter()
        .rev()
        .map(|(predicate, name)| {
            view! { <TextField label=Signal::derive(move || predicate.label()) value=name field=label_field(predicate) form=form /> }
        })
        .collect_view();
    view! {
        <div data-testid="policy-form">
            <h3>{t!(i18n, settings.bands)}</h3>
            <p class="note" data-testid="bands-problem">{move || form.problems.with(|p| p.iter().any(|p| p.field == "bands")).then(|| td_string!(i18n.get_locale(), settings.bands_order))}</p>
            <div class="form-grid">{band_inputs}</div>
            <h3>{t!(i18n, settings.labels)}</h3>
            <p class="note" data-testid="labels-problem">
                {move || if form.problems.with(|p| p.iter().any(|p| p.field == "labels")) {
                    td_string!(i18n.get_locale(), settings.labels_problem)
                } else {
                    td_string!(i18n.get_locale(), settings.labels_lead)
                }}
            </p>
            <div class="form-grid" data-testid="predicate-names">{name_inputs}</div>
            <div class="form-grid">
                <SelectField label=label(|l| td_string!(l, master.negative_formula)) value=negative_formula field="negative_formula" form=form options=formulas />
                <TextField label=label(|l| td_string!(l, settings.cap)) value=cap field="cap" form=form inputmode="decimal" />
                <TextField label=label(|l| td_string!(l, settings.zero_target)) value=zero field="zero_target_zero_negative" form=form inputmode="decimal" />
                <TextField label=label(|l| td_string!(l, settings.efficiency_margin)) value=margin field="efficiency_margin" form=form inputmode="decimal" />
                <TextField label=label(|l| td_string!(l, settings.far_from_previous)) value=far field="far_from_previous" form=form inputmode="decimal" />
            </div>
            <SaveRow test_id="save-policy" form=form save=Callback::new(save) />
        </div>
    }
}

#[component]
pub fn PolicySection() -> impl IntoView {
    let i18n = use_i18n();
    let policy = LocalResource::new(|| client::get::<Policy>("/api/v1/settings/policy"));
    view! {
        <h2>{t!(i18n, settings.policy_title)}</h2>
        <p class="note">{t!(i18n, settings.policy_lead)}</p>
        {loaded(policy, |policy| view! { <PolicyForm policy=policy /> })}
    }
}
