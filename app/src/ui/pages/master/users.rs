//! The users table and the form that adds a user with an initial password
//! (which the user must change at first sign-in); each other user's row
//! deactivates (or activates) the account and resets its password, showing
//! the one-time password once.

use super::{UnitsResource, loaded, unit_name, unit_options};
use crate::api::{ActiveChange, NewUser, PasswordReset};
use crate::domain::org::{Role, User};
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::ui::client::{self, ClientError};
use crate::ui::form::{DataTable, FormMessage, FormState, SelectField, TextField, enum_text};
use crate::ui::ids::new_id;
use crate::ui::session::use_session;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[component]
pub fn UsersSection(units: UnitsResource) -> impl IntoView {
    let i18n = use_i18n();
    let users: LocalResource<Result<Vec<User>, ClientError>> =
        LocalResource::new(|| client::get::<Vec<User>>("/api/v1/users"));
    let form = FormState::new();
    let username = RwSignal::new(String::new());
    let full_name = RwSignal::new(String::new());
    let nip = RwSignal::new(String::new());
    let role = RwSignal::new(Role::KepalaSeksi.as_str().to_owned());
    let unit = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let roles = Signal::derive(move || {
        let locale = i18n.get_locale();
        Role::ALL.iter().map(|r| (r.as_str().to_owned(), enum_text(locale, r.as_str()).to_owned())).collect()
    });
    let unit_options = unit_options(units);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let locale = i18n.get_locale_untracked();
        let new = NewUser {
            id: new_id(),
            username: username.get_untracked().trim().to_owned(),
            full_name: full_name.get_untracked(),
            nip: nip.get_untracked(),
            role: Role::parse(&role.get_untracked()).unwrap_or(Role::KepalaSeksi),
            unit_id: Some(unit.get_untracked()).filter(|u| !u.is_empty()),
            initial_password: password.get_untracked(),
        };
        form.run(locale, async move { client::post_empty("/api/v1/users", &new).await }, move |()| {
            form.succeed(td_string!(locale, master.saved));
            username.set(String::new());
            full_name.set(String::new());
            password.set(String::new());
            users.refetch();
        });
    };
    let accounts = FormState::new();
    let me = use_session().me;
    let set_active = move |id: String, active: bool| {
        let locale = i18n.get_locale_untracked();
        let path = format!("/api/v1/users/{id}/active");
        accounts.run(
            locale,
            async move { client::post_empty(&path, &ActiveChange { active }).await },
            move |()| {
                accounts.succeed(td_string!(locale, master.saved));
                users.refetch();
            },
        );
    };
    let reset = move |id: String, username: String| {
        let locale = i18n.get_locale_untracked();
        let path = format!("/api/v1/users/{id}/password-reset");
        let call = async move { client::post::<_, PasswordReset>(&path, &()).await };
        accounts.run(locale, call, move |reset| {
            accounts.succeed(&format!(
                "{} {username}: {}",
                td_string!(locale, master.one_time_password),
                reset.password
            ));
        });
    };
    let table = loaded(users, move |list: Vec<User>| {
        let unit_list = units.get().and_then(Result::ok).unwrap_or_default();
        let own_id = me.get_untracked().map(|m| m.id).unwrap_or_default();
        let rows = list
            .into_iter()
            .map(|u| {
                let unit = u.unit_id.as_deref().map(|id| unit_name(&unit_list, id)).unwrap_or_default();
                let role = u.role.as_str();
                let active = u.active;
                let actions = (u.id != own_id).then(|| {
                    let (id, again, username) = (u.id.clone(), u.id.clone(), u.username.clone());
                    view! {
                        <button type="button" data-testid="toggle-active" disabled=move || accounts.busy.get() on:click=move |_| set_active(id.clone(), !active)>
                            {move || if active { t_string!(i18n, master.deactivate) } else { t_string!(i18n, master.activate) }}
                        </button>
                        " "
                        <button type="button" data-testid="reset-password" disabled=move || accounts.busy.get() on:click=move |_| reset(again.clone(), username.clone())>
                            {t!(i18n, master.reset_password)}
                        </button>
                    }
                });
                let username = u.username.clone();
                view! {
                    <tr data-username=username data-active=active.to_string()>
                        <td>{u.username}</td>
                        <td>{u.full_name}</td>
                        <td>{move || enum_text(i18n.get_locale(), role)}</td>
                        <td>{unit}</td>
                        <td>{move || if active { t_string!(i18n, master.active) } else { t_string!(i18n, master.inactive) }}</td>
                        <td>{actions}</td>
                    </tr>
                }
            })
            .collect_view();
        let headers: Vec<fn(Locale) -> &'static str> = vec![
            |l| td_string!(l, auth.username),
            |l| td_string!(l, master.full_name),
            |l| td_string!(l, master.role),
            |l| td_string!(l, master.unit),
            |l| td_string!(l, master.account),
            |l| td_string!(l, master.actions),
        ];
        view! {
            <DataTable test_id="users-table" headers=headers>{rows}</DataTable>
            <div data-testid="account-message">
                <FormMessage form=accounts />
            </div>
        }
    });
    view! {
        <h2>{t!(i18n, master.users)}</h2>
        {table}
        <details class="add-form">
            <summary>{t!(i18n, master.add_user)}</summary>
            <form on:submit=submit>
                <div class="grid">
                    <TextField label=Signal::derive(move || t_string!(i18n, auth.username)) value=username field="username" form=form />
                    <TextField label=Signal::derive(move || t_string!(i18n, master.full_name)) value=full_name field="full_name" form=form />
                    <TextField label=Signal::derive(move || t_string!(i18n, master.nip)) value=nip field="nip" form=form inputmode="numeric" />
                    <SelectField label=Signal::derive(move || t_string!(i18n, master.role)) value=role field="role" form=form options=roles />
                    <SelectField label=Signal::derive(move || t_string!(i18n, master.unit)) value=unit field="unit_id" form=form options=unit_options />
                    <TextField label=Signal::derive(move || t_string!(i18n, master.initial_password)) value=password field="password" form=form kind="password" />
                </div>
                <FormMessage form=form />
                <button type="submit" class="primary" disabled=move || form.busy.get()>{t!(i18n, master.add_user)}</button>
            </form>
        </details>
    }
    .into_any()
}
