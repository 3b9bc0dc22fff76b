//! The units table and the form that adds a unit where the hierarchy allows it.

use super::{UnitsResource, loaded, unit_name, unit_options};
use crate::domain::org::{Unit, UnitKind};
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::ui::client;
use crate::ui::form::{DataTable, FormMessage, FormState, SelectField, TextField, enum_text};
use crate::ui::ids::new_id;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[component]
pub fn UnitsSection(units: UnitsResource) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(UnitKind::Seksi.as_str().to_owned());
    let parent = RwSignal::new(String::new());
    let kinds = Signal::derive(move || {
        let locale = i18n.get_locale();
        UnitKind::ALL
            .iter()
            .map(|k| (k.as_str().to_owned(), enum_text(locale, k.as_str()).to_owned()))
            .collect()
    });
    let parents = unit_options(units);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let locale = i18n.get_locale_untracked();
        let unit = Unit {
            id: new_id(),
            code: code.get_untracked().trim().to_owned(),
            name: name.get_untracked(),
            kind: UnitKind::parse(&kind.get_untracked()).unwrap_or(UnitKind::Seksi),
            parent_id: Some(parent.get_untracked()).filter(|p| !p.is_empty()),
            active: true,
        };
        form.run(locale, async move { client::post_empty("/api/v1/units", &unit).await }, move |()| {
            form.succeed(td_string!(locale, master.saved));
            code.set(String::new());
            name.set(String::new());
            units.refetch();
        });
    };
    let table = loaded(units, move |list: Vec<Unit>| {
        let rows = list
            .iter()
            .map(|u| {
                let parent = u.parent_id.as_deref().map(|p| unit_name(&list, p)).unwrap_or_default();
                let kind = u.kind.as_str();
                view! {
                    <tr>
                        <td>{u.code.clone()}</td>
                        <td>{u.name.clone()}</td>
                        <td>{move || enum_text(i18n.get_locale(), kind)}</td>
                        <td>{parent}</td>
                    </tr>
                }
            })
            .collect_view();
        let headers: Vec<fn(Locale) -> &'static str> = vec![
            |l| td_string!(l, master.code),
            |l| td_string!(l, master.name),
            |l| td_string!(l, master.kind),
            |l| td_string!(l, master.parent),
        ];
        view! { <DataTable test_id="units-table" headers=headers>{rows}</DataTable> }
    });
    view! {
        <h2>{t!(i18n, master.units)}</h2>
        {table}
        <details class="add-form">
            <summary>{t!(i18n, master.add_unit)}</summary>
            <form on:submit=submit>
                <div class="grid">
                    <TextField label=Signal::derive(move || t_string!(i18n, master.code)) value=code field="code" form=form />
                    <TextField label=Signal::derive(move || t_string!(i18n, master.name)) value=name field="name" form=form />
                    <SelectField label=Signal::derive(move || t_string!(i18n, master.kind)) value=kind field="kind" form=form options=kinds />
                    <SelectField label=Signal::derive(move || t_string!(i18n, master.parent)) value=parent field="parent_id" form=form options=parents />
                </div>
                <FormMessage form=form />
                <button type="submit" class="primary" disabled=move || form.busy.get()>{t!(i18n, master.add_unit)}</button>
            </form>
        </details>
    }
    .into_any()
}
