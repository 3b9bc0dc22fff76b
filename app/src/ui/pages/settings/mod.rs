//! Pengaturan, for the administrator: what the agency sets once and every
//! document and capaian reads — the letterhead and signatories, the capaian
//! policy, and the office calendar the SOP's standard times are counted in.
//! Other roles see an access-denied notice, and the server refuses their
//! writes regardless.

mod letterhead;
mod logo;
mod office_calendar;
mod policy;

use crate::domain::org::Role;
use crate::i18n::{t, td_string, use_i18n};
use crate::ui::form::{FormMessage, FormState};
use crate::ui::gate::RoleGate;
use leptos::prelude::*;

/// A settings form's save button (off while the form is sent) and its message.
#[component]
fn SaveRow(test_id: &'static str, form: FormState, save: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p>
            <button type="button" data-testid=test_id disabled=move || form.busy.get() on:click=move |_| save.run(())>
                {t!(i18n, settings.save)}
            </button>
        </p>
        <FormMessage form=form />
    }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let sections = || {
        view! {
            <letterhead::LetterheadSection />
            <policy::PolicySection />
            <office_calendar::OfficeCalendarSection />
        }
        .into_any()
    };
    view! {
        <section class="page">
            <h1 data-testid="page-title">{t!(i18n, settings.title)}</h1>
            <RoleGate allowed=|role| role == Role::Admin denied=|l| td_string!(l, settings.denied) content=ViewFn::from(sections) />
        </section>
    }
}
