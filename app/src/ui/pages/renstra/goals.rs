//! The Renstra's goals (tujuan) and objectives (sasaran): a table of each
//! with the form that adds one, or changes one picked from the table. A
//! sasaran names the tujuan it serves; otherwise the two are kept alike, so
//! one section serves both.

use super::RenstraResource;
use crate::api::FieldProblem;
use crate::domain::plan::{Renstra, Sasaran, Tujuan};
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::ui::client;
use crate::ui::form::{DataTable, EditButtons, FormState, SelectField, TextField, loaded};
use crate::ui::ids::new_id;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// Which of the two the section keeps.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Tujuan,
    Sasaran,
}

/// One goal or objective as the section shows it.
#[derive(Clone)]
struct Goal {
    id: String,
    code: String,
    statement: String,
    /// The tujuan a sasaran serves; none for a tujuan.
    tujuan_id: Option<String>,
}

impl Level {
    fn name(self) -> &'static str {
        match self {
            Level::Tujuan => "tujuan",
            Level::Sasaran => "sasaran",
        }
    }

    fn goals(self, renstra: &Renstra) -> Vec<Goal> {
        match self {
            Level::Tujuan => renstra
                .tujuan
                .iter()
                .map(|t| Goal {
                    id: t.id.clone(),
                    code: t.code.clone(),
                    statement: t.statement.clone(),
                    tujuan_id: None,
                })
                .collect(),
            Level::Sasaran => renstra
                .sasaran
                .iter()
                .map(|s| Goal {
                    id: s.id.clone(),
                    code: s.code.clone(),
                    statement: s.statement.clone(),
                    tujuan_id: Some(s.tujuan_id.clone()),
                })
                .collect(),
        }
    }

    fn heading(self, locale: Locale) -> &'static str {
        match self {
            Level::Tujuan => td_string!(locale, renstra.tujuan),
            Level::Sasaran => td_string!(locale, renstra.sasaran),
        }
    }

    fn add(self, locale: Locale) -> &'static str {
        match self {
            Level::Tujuan => td_string!(locale, renstra.add_tujuan),
            Level::Sasaran => td_string!(locale, renstra.add_sasaran),
        }
    }

    /// Checks `goal` by the domain's rules and sends it.
    async fn save(self, goal: Goal) -> Result<(), client::ClientError> {
        let path = format!("/api/v1/{}/{}", self.name(), goal.id);
        match self {
            Level::Tujuan => {
                client::put(&path, &Tujuan { id: goal.id, code: goal.code, statement: goal.statement }).await
            }
            Level::Sasaran => {
                let sasaran = Sasaran {
                    id: goal.id,
                    tujuan_id: goal.tujuan_id.unwrap_or_default(),
                    code: goal.code,
                    statement: goal.statement,
                };
                client::put(&path, &sasaran).await
            }
        }
    }

    fn check(self, goal: &Goal) -> Vec<FieldProblem> {
        let errors = match self {
            Level::Tujuan => {
                Tujuan { id: goal.id.clone(), code: goal.code.clone(), statement: goal.statement.clone() }
                    .validate()
            }
            Level::Sasaran => Sasaran {
                id: goal.id.clone(),
                tujuan_id: goal.tujuan_id.clone().unwrap_or_default(),
                code: goal.code.clone(),
                statement: goal.statement.clone(),
            }
            .validate(),
        };
        errors.err().unwrap_or_default().iter().map(FieldProblem::from).collect()
    }
}

#[component]
pub fn GoalsSection(level: Level, renstra: RenstraResource) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new();
    let editing = RwSignal::new(None::<String>);
    let code = RwSignal::new(String::new());
    let statement = RwSignal::new(String::new());
    let tujuan = RwSignal::new(String::new());
    let clear = move || {
        editing.set(None);
        for field in [code, statement, tujuan] {
            field.set(String::new());
        }
    };
    let tujuan_options = Signal::derive(move || {
        let mut options = vec![(String::new(), td_string!(i18n.get_locale(), master.none).to_owned())];
        if let Some(Ok(renstra)) = renstra.get() {
            options
                .extend(renstra.tujuan.into_iter().map(|t| (t.id, format!("{} — {}", t.code, t.statement))));
        }
        options
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let locale = i18n.get_locale_untracked();
        let goal = Goal {
            id: editing.get_untracked().unwrap_or_else(new_id),
            code: code.get_untracked().trim().to_owned(),
            statement: statement.get_untracked(),
            tujuan_id: (level == Level::Sasaran).then(|| tujuan.get_untracked()),
        };
        let problems = level.check(&goal);
        if !problems.is_empty() {
            return form.refuse(locale, problems);
        }
        form.run(locale, level.save(goal), move |()| {
            form.succeed(td_string!(locale, master.saved));
            clear();
            renstra.refetch();
        });
    };
    let table = loaded(renstra, move |renstra: Renstra| {
        let tujuan_code = |id: &str| renstra.tujuan.iter().find(|t| t.id == id).map(|t| t.code.clone());
        let rows = level
            .goals(&renstra)
            .into_iter()
            .map(|goal| {
                let parent = goal.tujuan_id.as_deref().and_then(tujuan_code).unwrap_or_default();
                let edit = {
                    let goal = goal.clone();
                    move |_| {
                        code.set(goal.code.clone());
                        statement.set(goal.statement.clone());
                        tujuan.set(goal.tujuan_id.clone().unwrap_or_default());
                        editing.set(Some(goal.id.clone()));
                        form.message.set(None);
                        form.problems.set(Vec::new());
                    }
                };
                view! {
                    <tr data-testid=format!("{}-row", level.name())>
                        <td>{goal.code}</td>
                        {(level == Level::Sasaran).then(|| view! { <td>{parent}</td> })}
                        <td>{goal.statement}</td>
                        <td><button type="button" class="link-button" on:click=edit>{t!(i18n, master.edit)}</button></td>
                    </tr>
                }
            })
            .collect_view();
        let mut headers: Vec<fn(Locale) -> &'static str> = vec![|l| td_string!(l, master.code)];
        if level == Level::Sasaran {
            headers.push(|l| td_string!(l, renstra.tujuan_one));
        }
        headers.extend([
            |l: Locale| td_string!(l, renstra.statement),
            |l: Locale| td_string!(l, master.actions),
        ]);
        let test_id = match level {
            Level::Tujuan => "tujuan-table",
            Level::Sasaran => "sasaran-table",
        };
        view! { <DataTable test_id=test_id headers=headers>{rows}</DataTable> }
    });
    let label = |text: fn(Locale) -> &'static str| Signal::derive(move || text(i18n.get_locale()));
    let heading = move || match editing.get() {
        Some(_) => format!("{} {}", td_string!(i18n.get_locale(), master.editing), code.get()),
        None => level.add(i18n.get_locale()).to_owned(),
    };
    view! {
        <h2>{move || level.heading(i18n.get_locale())}</h2>
        {table}
        <div class="add-form">
            <h3>{heading}</h3>
            <form on:submit=submit data-testid=format!("{}-form", level.name())>
                <div class="grid">
                    <TextField label=label(|l| td_string!(l, master.code)) value=code field="code" form=form />
                    {(level == Level::Sasaran).then(|| view! {
                        <SelectField label=label(|l| td_string!(l, renstra.tujuan_one)) value=tujuan field="tujuan_id" form=form options=tujuan_options />
                    })}
                    <TextField label=label(|l| td_string!(l, renstra.statement)) value=statement field="statement" form=form multiline=true />
                </div>
                <EditButtons form=form editing=Signal::derive(move || editing.get().is_some())
                    add=Signal::derive(move || level.add(i18n.get_locale())) cancel=Callback::new(move |()| clear()) />
            </form>
        </div>
    }
}
