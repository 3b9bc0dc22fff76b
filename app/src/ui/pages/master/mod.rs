//! Data Induk (master data), for administrators: indicators with this year's
//! targets, units, users and the SOP's steps. Other roles see an access-denied notice — and
//! the server refuses their calls regardless.

mod indicators;
mod sheets;
mod steps;
mod units;
mod users;

use crate::ui::form::loaded;

use crate::domain::org::{Role, Unit};
use crate::i18n::{t, t_string, use_i18n};
use crate::ui::client::{self, ClientError};
use crate::ui::session::use_session;
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
    let session = use_session();
    let content = move || {
        if !session.known.get() {
            return view! { <p class="note">{t!(i18n, master.loading)}</p> }.into_any();
        }
        match session.me.get() {
            None => view! {
                <p class="form-message error" data-testid="access-denied">
                    {t!(i18n, auth.need_sign_in)} " " <A href="/masuk">{t!(i18n, auth.sign_in)}</A>
                </p>
            }
            .into_any(),
            Some(me) if me.role != Role::Admin => {
                view! { <p class="form-message error" data-testid="access-denied">{t!(i18n, master.denied)}</p> }
                    .into_any()
            }
            Some(_) => {
                let units: UnitsResource = LocalResource::new(|| client::get::<Vec<Unit>>("/api/v1/units"));
                let year = RwSignal::new(None::<i32>);
                Effect::new(move || year.set(Some(js_sys::Date::new_0().get_full_year() as i32)));
                let changes = RwSignal::new(0u32);
                view! {
                    <indicators::IndicatorsSection units=units year=year changes=changes />
                    <sheets::SheetsSection year=year.into() changes=changes />
                    <units::UnitsSection units=units />
                    <users::UsersSection units=units />
                    <steps::StepsSection />
                }
                .into_any()
            }
        }
    };
    view! {
        <section class="page">
            <h1 data-testid="page-title">{t!(i18n, nav.master)}</h1>
            {content}
        </section>
    }
}
