//! Renstra (`/data-induk/renstra`), for the administrator: the years the
//! agency's Renstra covers, its goals (tujuan) and its objectives (sasaran).
//! The indicators under the sasaran, with a target for each Renstra year,
//! are kept on Data Induk. Other roles see an access-denied notice, and the
//! server refuses their writes regardless.

mod goals;
mod period;

use crate::domain::org::Role;
use crate::domain::plan::Renstra;
use crate::i18n::{t, td_string, use_i18n};
use crate::ui::client::{self, ClientError};
use crate::ui::gate::RoleGate;
use leptos::prelude::*;
use leptos_router::components::A;

/// The Renstra, loaded once for the page; each section refetches it after a save.
pub type RenstraResource = LocalResource<Result<Renstra, ClientError>>;

#[component]
pub fn RenstraPage() -> impl IntoView {
    let i18n = use_i18n();
    let sections = || {
        let renstra: RenstraResource = LocalResource::new(|| client::get::<Renstra>("/api/v1/renstra"));
        view! {
            <period::PeriodSection renstra=renstra />
            <goals::GoalsSection level=goals::Level::Tujuan renstra=renstra />
            <goals::GoalsSection level=goals::Level::Sasaran renstra=renstra />
        }
        .into_any()
    };
    view! {
        <section class="page">
            <h1 data-testid="page-title">{t!(i18n, renstra.title)}</h1>
            <p class="note">{t!(i18n, renstra.indicators_on)} " " <A href="/data-induk">{t!(i18n, nav.master)}</A></p>
            <RoleGate allowed=|role| role == Role::Admin denied=|l| td_string!(l, master.denied) content=ViewFn::from(sections) />
        </section>
    }
}
