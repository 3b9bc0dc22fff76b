//! Program dan Anggaran (`/data-induk/program`), for the administrator: the
//! Renja's programmes, kegiatan and sub-kegiatan with the unit carrying each
//! out, and each one's ceiling (pagu) for a chosen year — the budget the
//! indicators link to and the LKjIP weighs their capaian against. Other
//! roles see an access-denied notice; the server refuses their writes.

use crate::api::{FieldProblem, from_wire_name, wire_name};
use crate::domain::budget::{BudgetRow, Ceiling, Program, ProgramLevel};
use crate::domain::format::{format_decimal, read_typed};
use crate::domain::org::{Role, Unit};
use crate::domain::validate::FieldError;
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::ui::client::{self, ClientError};
use crate::ui::form::{DataTable, EditButtons, FormState, SelectField, TextField, enum_text, loaded};
use crate::ui::gate::RoleGate;
use crate::ui::ids::new_id;
use crate::ui::locale::use_style;
use crate::ui::year_choice::YearSelect;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;

const LEVELS: [ProgramLevel; 3] = [ProgramLevel::Program, ProgramLevel::Kegiatan, ProgramLevel::SubKegiatan];

/// The programmes with their ceilings for the year, and the units.
type Loaded = (Vec<BudgetRow>, Vec<Unit>);

async fn load(year: i32) -> Result<Loaded, ClientError> {
    let rows = client::get::<Vec<BudgetRow>>(&format!("/api/v1/budget?period={year}")).await?;
    Ok((rows, client::get::<Vec<Unit>>("/api/v1/units").await?))
}

/// `(id, "code — name")` of each item, after "none".
fn choices(none: &str, items: impl Iterator<Item = (String, String, String)>) -> Vec<(String, String)> {
    std::iter::once((String::new(), none.to_owned()))
        .chain(items.map(|(id, code, name)| (id, format!("{code} — {name}"))))
        .collect()
}

#[component]
pub fn ProgramsPage() -> impl IntoView {
    let i18n = use_i18n();
    let sections = || view! { <ProgramsSection /> }.into_any();
    view! {
        <section class="page">
            <h1 data-testid="page-title">{t!(i18n, programs.title)}</h1>
            <p class="note">{t!(i18n, programs.lead)} " " <A href="/data-induk">{t!(i18n, nav.master)}</A></p>
            <RoleGate allowed=|role| role == Role::Admin denied=|l| td_string!(l, master.denied) content=ViewFn::from(sections) />
        </section>
    }
}

#[component]
fn ProgramsSection() -> impl IntoView {
    let i18n = use_i18n();
    let style = use_style();
    let year = RwSignal::new(None::<i32>);
    Effect::new(move || year.set(Some(js_sys::Date::new_0().get_full_year() as i32)));
    let data: LocalResource<Result<Loaded, ClientError>> = LocalResource::new(move || async move {
        match year.get() {
            Some(year) => load(year).await,
            None => Err(ClientError::Network),
        }
    });
    let form = FormState::new();
    let editing = RwSignal::new(None::<String>);
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let level = RwSignal::new(wire_name(&ProgramLevel::Program));
    let parent = RwSignal::new(String::new());
    let unit = RwSignal::new(String::new());
    let pagu = RwSignal::new(String::new());
    let clear = move || {
        editing.set(None);
        for field in [code, name, parent, unit, pagu] {
            field.set(String::new());
        }
    };
    let loaded_rows = move || data.get().and_then(Result::ok).unwrap_or_default();
    let level_options = Signal::derive(move || {
        LEVELS
            .iter()
            .map(|l| (wire_name(l), enum_text(i18n.get_locale(), &wire_name(l)).to_owned()))
            .collect()
    });
    let parent_options = Signal::derive(move || {
        let none = td_string!(i18n.get_locale(), master.none);
        let programs = loaded_rows().0.into_iter().map(|r| r.program);
        choices(none, programs.map(|p| (p.id, p.code, p.name)))
    });
    let unit_options = Signal::derive(move || {
        let none = td_string!(i18n.get_locale(), master.none);
        choices(none, loaded_rows().1.into_iter().map(|u| (u.id, u.code, u.name)))
    });

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let locale = i18n.get_locale_untracked();
        let Some(year) = year.get_untracked() else { return };
        let program = Program {
            id: editing.get_untracked().unwrap_or_else(new_id),
            code: code.get_untracked().trim().to_owned(),
            name: name.get_untracked(),
            level: from_wire_name(&level.get_untracked()).unwrap_or(ProgramLevel::Program),
            parent_id: Some(parent.get_untracked()).filter(|p| !p.is_empty()),
            unit_id: Some(unit.get_untracked()).filter(|u| !u.is_empty()),
        };
        let mut problems: Vec<FieldProblem> =
            program.validate().err().unwrap_or_default().iter().map(FieldProblem::from).collect();
        let typed = pagu.get_untracked();
        let ceiling = match typed.trim() {
            "" => None,
            text => match read_typed(text, style.get_untracked()) {
                Ok(pagu) => Some(Ceiling { program_id: program.id.clone(), year, pagu }),
                Err(problem) => {
                    problems.push(FieldProblem::from(&FieldError { field: "pagu".into(), problem }));
                    None
                }
            },
        };
        problems.extend(
            ceiling
                .iter()
                .flat_map(|c| c.validate().err().unwrap_or_default())
                .map(|e| FieldProblem::from(&e)),
        );
        if !problems.is_empty() {
            return form.refuse(locale, problems);
        }
        let saved = async move {
            client::put(&format!("/api/v1/programs/{}", program.id), &program).await?;
            match ceiling {
                Some(ceiling) => {
                    client::put(&format!("/api/v1/budget/ceilings/{year}"), &vec![ceiling]).await
                }
                None => Ok(()),
            }
        };
        form.run(locale, saved, move |()| {
            form.succeed(td_string!(locale, master.saved));
            clear();
            data.refetch();
        });
    };

    let table = loaded(data, move |(rows, units): Loaded| {
        let code_of = |id: &str| rows.iter().find(|r| r.program.id == id).map(|r| r.program.code.clone());
        let unit_of = |id: &str| units.iter().find(|u| u.id == id).map(|u| u.name.clone());
        let lines = rows
            .iter()
            .map(|row| {
                let program = row.program.clone();
                let parent_code = program.parent_id.as_deref().and_then(code_of).unwrap_or_default();
                let unit_name = program.unit_id.as_deref().and_then(unit_of).unwrap_or_default();
                let level_name = wire_name(&program.level);
                let ceiling = row.pagu;
                let shown = move || ceiling.map(|v| format_decimal(v, 0, style.get())).unwrap_or_else(|| "—".to_owned());
                let edit = {
                    let program = program.clone();
                    move |_| {
                        code.set(program.code.clone());
                        name.set(program.name.clone());
                        level.set(wire_name(&program.level));
                        parent.set(program.parent_id.clone().unwrap_or_default());
                        unit.set(program.unit_id.clone().unwrap_or_default());
                        pagu.set(ceiling.map(|v| format_decimal(v, 0, style.get_untracked())).unwrap_or_default());
                        editing.set(Some(program.id.clone()));
                        form.message.set(None);
                        form.problems.set(Vec::new());
                    }
                };
                view! {
                    <tr data-testid="program-row">
                        <td>{program.code}</td>
                        <td>{program.name}</td>
                        <td>{move || enum_text(i18n.get_locale(), &level_name)}</td>
                        <td>{parent_code}</td>
                        <td>{unit_name}</td>
                        <td class="num">{shown}</td>
                        <td><button type="button" class="link-button" on:click=edit>{t!(i18n, master.edit)}</button></td>
                    </tr>
                }
            })
            .collect_view();
        let headers: Vec<fn(Locale) -> &'static str> = vec![
            |l| td_string!(l, master.code),
            |l| td_string!(l, master.name),
            |l| td_string!(l, programs.level),
            |l| td_string!(l, programs.parent),
            |l| td_string!(l, master.unit),
            |l| td_string!(l, programs.pagu),
            |l| td_string!(l, master.actions),
        ];
        view! { <DataTable test_id="programs-table" headers=headers>{lines}</DataTable> }
    });
    let label = |text: fn(Locale) -> &'static str| Signal::derive(move || text(i18n.get_locale()));
    let heading = move || match editing.get() {
        Some(_) => format!("{} {}", td_string!(i18n.get_locale(), master.editing), code.get()),
        None => td_string!(i18n.get_locale(), programs.add).to_owned(),
    };
    let year_select = move || {
        year.get().map(|current| {
            view! { <YearSelect year=current test_id="programs-year" pick=Callback::new(move |y| year.set(Some(y))) /> }
        })
    };
    view! {
        <p>{year_select}</p>
        {table}
        <div class="add-form">
            <h3>{heading}</h3>
            <form on:submit=submit data-testid="program-form">
                <div class="grid">
                    <TextField label=label(|l| td_string!(l, master.code)) value=code field="code" form=form />
                    <TextField label=label(|l| td_string!(l, master.name)) value=name field="name" form=form />
                    <SelectField label=label(|l| td_string!(l, programs.level)) value=level field="level" form=form options=level_options />
                    <SelectField label=label(|l| td_string!(l, programs.parent)) value=parent field="parent_id" form=form options=parent_options />
                    <SelectField label=label(|l| td_string!(l, master.unit)) value=unit field="unit_id" form=form options=unit_options />
                    <TextField label=label(|l| td_string!(l, programs.pagu)) value=pagu field="pagu" form=form inputmode="decimal" />
                </div>
                <EditButtons form=form editing=Signal::derive(move || editing.get().is_some())
                    add=label(|l| td_string!(l, programs.add)) cancel=Callback::new(move |()| clear()) />
            </form>
        </div>
    }
}
