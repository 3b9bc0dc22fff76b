//! The indicator form's Renstra targets: one box per year of the Renstra's
//! period, typed in the user's number style. Targets of years outside the
//! period (an earlier Renstra's) are kept as they are, unseen.

use crate::api::FieldProblem;
use crate::domain::format::{Style, read_typed};
use crate::domain::plan::{Renstra, RenstraTarget};
use crate::domain::validate::FieldError;
use crate::i18n::{t, td_string, use_i18n};
use crate::ui::client::ClientError;
use crate::ui::form::{FormState, field_problem};
use leptos::prelude::*;
use leptos_router::components::A;
use std::collections::BTreeMap;

/// The field the domain names for these targets.
pub const FIELD: &str = "renstra_targets";

/// The targets as typed, by year.
pub type Typed = BTreeMap<i32, String>;

/// The typed targets read back, in year order; an unreadable one is a problem.
pub fn read(typed: &Typed, style: Style, problems: &mut Vec<FieldProblem>) -> Vec<RenstraTarget> {
    typed
        .iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .filter_map(|(year, text)| match read_typed(text, style) {
            Ok(target) => Some(RenstraTarget { year: *year, target }),
            Err(problem) => {
                problems.push(FieldProblem::from(&FieldError { field: FIELD.to_owned(), problem }));
                None
            }
        })
        .collect()
}

#[component]
pub fn RenstraTargetsFields(
    renstra: LocalResource<Result<Renstra, ClientError>>,
    typed: RwSignal<Typed>,
    form: FormState,
) -> impl IntoView {
    let i18n = use_i18n();
    let problem = field_problem(form, FIELD);
    let period = move || renstra.get().and_then(Result::ok).and_then(|r| r.period);
    let boxes = move || {
        period().map(|period| {
            period
                .years()
                .map(|year| {
                    let value = move || typed.with(|t| t.get(&year).cloned().unwrap_or_default());
                    let set = move |ev| typed.update(|t| {
                        t.insert(year, event_target_value(&ev));
                    });
                    view! {
                        <label class="field">
                            <span class="field-label">{move || format!("{} {year}", td_string!(i18n.get_locale(), master.target))}</span>
                            <input name=format!("renstra-{year}") inputmode="decimal" prop:value=value on:input=set
                                aria-invalid=move || if problem.get().is_some() { "true" } else { "false" } />
                        </label>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <fieldset data-testid="renstra-targets">
            <legend>
                {t!(i18n, master.renstra_targets)} " "
                {move || period().map(|p| format!("{}–{}", p.first_year, p.last_year)).unwrap_or_default()}
            </legend>
            {move || period().is_none().then(|| view! {
                <p class="note">{t!(i18n, master.no_renstra_period)} " " <A href="/data-induk/renstra">{t!(i18n, renstra.title)}</A></p>
            })}
            <div class="grid targets">{boxes}</div>
            {move || problem.get().map(|text| view! { <span class="field-problem">{text}</span> })}
        </fieldset>
    }
}
