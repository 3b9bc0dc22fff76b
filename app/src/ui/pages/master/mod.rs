//! Data Induk (master data), for administrators: indicators with this year's
//! targets, units, users and the SOP's steps; the agency's settings are on
//! Pengaturan, linked from here. Other roles see an access-denied notice —
//! and the server refuses their calls regardless.

mod indicators;
mod plan_workbook;
mod renstra_targets;
mod steps;
mod units;
mod users;

use crate::ui::form::loaded;

use crate::domain::org::{Role, Unit};
use crate::i18n::{t, t_string, td_string, use_i18n};
use crate::ui::client::{self, ClientError};
use crate::ui::gate::RoleGate;
use leptos::prelude::*;
use leptos_router::components::A;

/// The units, loaded once for the whole page (forms and tables need them).
pub type UnitsResource = LocalResource<Result<Vec<Unit>, ClientError>>;

/// The name of the unit `id`, for tables.
fn unit_name(units: &[Unit], id: &str) -> String {
    units.iter().find(|u| u.id == id).map(|u| u.name.clone()).unwrap_or_else(|| id.to_owned())
}

/// Options for a unit select: "none" first, then every unit by code.
fn unit_options(units: UnitsResource) -> Signal<Vec<(String, String)>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        let mut options = vec![(String::new(), t_string!(i18n, master.none).to_owned())];
        if let Some(Ok(list)) = units.get() {
            options.extend(list.into_iter().map(|u| (u.id, format!("{} — {}", u.code, u.name))));
        }
        options
    })
}

#[component]
pub fn MasterDataPage() -> impl IntoView {
    let i18n = use_i18n();
    let sections = move || {
        let units: UnitsResource = LocalResource::new(|| client::get::<Vec<Unit>>("/api/v1/units"));
        let year = RwSignal::new(None::<i32>);
        Effect::new(move || year.set(Some(js_sys::Date::new_0().get_full_year() as i32)));
        let changes = RwSignal::new(0u32);
        view! {
            <indicators::IndicatorsSection units=units year=year changes=changes />
            <plan_workbook::PlanWorkbookSection year=year.into() changes=changes />
            <units::UnitsSection units=units />
            <users::UsersSection units=units />
            <steps::StepsSection />
        }
        .into_any()
    };
    view! {
        <section class="page">
            <h1 data-testid="page-title">{t!(i18n, nav.master)}</h1>
            <p class="note">
                {t!(i18n, settings.see)} " " <A href="/pengaturan" attr:data-testid="settings-link">{t!(i18n, settings.title)}</A> " · "
                <A href="/data-induk/renstra" attr:data-testid="renstra-link">{t!(i18n, renstra.title)}</A> " · "
                <A href="/data-induk/program" attr:data-testid="programs-link">{t!(i18n, programs.title)}</A>
            </p>
            <RoleGate allowed=|role| role == Role::Admin denied=|l| td_string!(l, master.denied) content=ViewFn::from(sections) />
        </section>
    }
}
