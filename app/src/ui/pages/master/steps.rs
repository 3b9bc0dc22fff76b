//! The SOP's nine steps as the administrator keeps them: each step's title,
//! performing role and standard time may be changed (the defaults are our
//! reading of the SOP). The compliance report measures against these times.

use crate::api::FieldProblem;
use crate::api::cycle::StepEdit;
use crate::domain::cycle::{StepDef, check_step_edit};
use crate::domain::org::Role;
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::ui::client;
use crate::ui::form::{DataTable, FormMessage, FormState, enum_text, loaded};
use leptos::prelude::*;

/// One editable row; a saved edit stays on screen as typed, with the confirmation.
#[component]
fn StepRow(step: StepDef) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let number = step.number;
    let title = RwSignal::new(step.title.clone());
    let role = RwSignal::new(step.role.as_str().to_owned());
    let minutes = RwSignal::new(step.standard_minutes.to_string());
    let locale = i18n.get_locale_untracked();
    let roles = Role::ALL
        .into_iter()
        .filter(|r| *r != Role::Admin)
        .map(|r| view! { <option value=r.as_str() selected=r == step.role>{enum_text(locale, r.as_str())}</option> })
        .collect_view();
    let save = move |_| {
        let locale = i18n.get_locale_untracked();
        let Some(role) = Role::parse(&role.get_untracked()) else { return };
        let standard_minutes = minutes.get_untracked().trim().parse::<u32>().unwrap_or(0);
        let edit = StepEdit { title: title.get_untracked(), role, standard_minutes };
        if let Err(fields) = check_step_edit(&edit.title, edit.standard_minutes) {
            return form.refuse(locale, fields.iter().map(FieldProblem::from).collect());
        }
        let path = format!("/api/v1/sop-steps/{number}");
        form.run(locale, async move { client::put(&path, &edit).await }, move |()| {
            form.succeed(td_string!(locale, master.saved))
        });
    };
    view! {
        <tr data-testid="sop-step" data-step=number>
            <td>{number}</td>
            <td><input aria-label=td_string!(locale, cycle.step_title) data-testid="step-title" bind:value=title /></td>
            <td>
                <select aria-label=td_string!(locale, cycle.role) data-testid="step-role" on:change=move |ev| role.set(event_target_value(&ev))>
                    {roles}
                </select>
            </td>
            <td>
                <input aria-label=td_string!(locale, cycle.standard_minutes) data-testid="step-minutes" type="number" min="1" inputmode="numeric" bind:value=minutes />
            </td>
            <td>
                <button type="button" data-testid="save-step" disabled=move || form.busy.get() on:click=save>{t!(i18n, cycle.save_step)}</button>
                <FormMessage form=form />
            </td>
        </tr>
    }
}

#[component]
pub fn StepsSection() -> impl IntoView {
    let i18n = use_i18n();
    let steps = LocalResource::new(|| client::get::<Vec<StepDef>>("/api/v1/sop-steps"));
    let table = loaded(steps, move |steps: Vec<StepDef>| {
        let rows = steps.into_iter().map(|step| view! { <StepRow step=step /> }).collect_view();
        let headers: Vec<fn(Locale) -> &'static str> = vec![
            |l| td_string!(l, cycle.step),
            |l| td_string!(l, cycle.step_title),
            |l| td_string!(l, cycle.role),
            |l| td_string!(l, cycle.standard_minutes),
            |_| "",
        ];
        view! { <DataTable test_id="sop-steps" headers=headers>{rows}</DataTable> }
    });
    view! {
        <h2>{t!(i18n, cycle.sop_steps)}</h2>
        <p class="note">{t!(i18n, cycle.sop_steps_lead)}</p>
        {table}
    }
}
