//! The Renstra's period: its first and last year, checked by the domain
//! before it is sent.

use super::RenstraResource;
use crate::api::FieldProblem;
use crate::domain::plan::RenstraPeriod;
use crate::domain::validate::{FieldError, Problem};
use crate::i18n::{t, td_string, use_i18n};
use crate::ui::client;
use crate::ui::form::{FormMessage, FormState, TextField};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[component]
pub fn PeriodSection(renstra: RenstraResource) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let first = RwSignal::new(String::new());
    let last = RwSignal::new(String::new());
    Effect::new(move || {
        if let Some(Ok(period)) = renstra.get().map(|r| r.map(|r| r.period)) {
            let (f, l) =
                period.map(|p| (p.first_year.to_string(), p.last_year.to_string())).unwrap_or_default();
            first.set(f);
            last.set(l);
        }
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let locale = i18n.get_locale_untracked();
        let year = |field: &str, text: String| {
            text.trim().parse::<i32>().map_err(|_| {
                let problem = if text.trim().is_empty() { Problem::Required } else { Problem::Invalid };
                FieldProblem::from(&FieldError { field: field.to_owned(), problem })
            })
        };
        let period =
            match (year("first_year", first.get_untracked()), year("last_year", last.get_untracked())) {
                (Ok(first_year), Ok(last_year)) => RenstraPeriod { first_year, last_year },
                (first, last) => {
                    return form.refuse(locale, first.err().into_iter().chain(last.err()).collect());
                }
            };
        if let Err(errors) = period.check() {
            return form.refuse(locale, errors.iter().map(FieldProblem::from).collect());
        }
        form.run(locale, async move { client::put("/api/v1/renstra/period", &period).await }, move |()| {
            form.succeed(td_string!(locale, master.saved));
            renstra.refetch();
        });
    };
    let label =
        |text: fn(crate::i18n::Locale) -> &'static str| Signal::derive(move || text(i18n.get_locale()));
    view! {
        <h2>{t!(i18n, renstra.period)}</h2>
        <form on:submit=submit data-testid="renstra-period-form">
            <div class="grid">
                <TextField label=label(|l| td_string!(l, renstra.first_year)) value=first field="first_year" form=form inputmode="numeric" />
                <TextField label=label(|l| td_string!(l, renstra.last_year)) value=last field="last_year" form=form inputmode="numeric" />
            </div>
            <FormMessage form=form />
            <button type="submit" class="primary" disabled=move || form.busy.get()>{t!(i18n, settings.save)}</button>
        </form>
    }
}
