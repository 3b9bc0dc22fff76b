//! Masuk (sign in) and Ganti kata sandi (change password). A new user is
//! sent from the first to the second and can do nothing else until done.

use crate::api::{Credentials, Me, PasswordChange};
use crate::i18n::{t, t_string, td_string, use_i18n};
use crate::ui::client;
use crate::ui::form::{FormMessage, FormState, TextField};
use crate::ui::session::use_session;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let form = FormState::new();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let navigate = navigate.clone();
        let credentials =
            Credentials { username: username.get_untracked(), password: password.get_untracked() };
        let call = async move { client::post::<_, Me>("/api/v1/auth/login", &credentials).await };
        form.run(i18n.get_locale_untracked(), call, move |me| {
            let next = if me.must_change_password { "/ganti-sandi" } else { "/" };
            session.me.set(Some(me));
            navigate(next, Default::default());
        });
    };
    view! {
        <section class="page narrow">
            <h1 data-testid="page-title">{t!(i18n, auth.sign_in_title)}</h1>
            <p class="lead">{t!(i18n, auth.sign_in_lead)}</p>
            <form on:submit=submit data-testid="sign-in-form">
                <TextField label=Signal::derive(move || t_string!(i18n, auth.username)) value=username field="username" form=form />
                <TextField label=Signal::derive(move || t_string!(i18n, auth.password)) value=password field="password" form=form kind="password" />
                <FormMessage form=form />
                <button type="submit" class="primary" disabled=move || form.busy.get()>{t!(i18n, auth.sign_in)}</button>
            </form>
        </section>
    }
}

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let form = FormState::new();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let locale = i18n.get_locale_untracked();
        if new.get_untracked() != confirm.get_untracked() {
            form.message.set(Some((false, td_string!(locale, auth.mismatch).to_owned())));
            return;
        }
        let navigate = navigate.clone();
        let change =
            PasswordChange { current_password: current.get_untracked(), new_password: new.get_untracked() };
        let call = async move { client::post::<_, Me>("/api/v1/auth/password", &change).await };
        form.run(locale, call, move |me| {
            session.me.set(Some(me));
            form.succeed(td_string!(locale, auth.changed));
            navigate("/", Default::default());
        });
    };
    view! {
        <section class="page narrow">
            <h1 data-testid="page-title">{t!(i18n, auth.change_title)}</h1>
            <p class="lead">{t!(i18n, auth.change_lead)}</p>
            <form on:submit=submit>
                <TextField label=Signal::derive(move || t_string!(i18n, auth.current_password)) value=current field="current_password" form=form kind="password" />
                <TextField label=Signal::derive(move || t_string!(i18n, auth.new_password)) value=new field="new_password" form=form kind="password" />
                <TextField label=Signal::derive(move || t_string!(i18n, auth.confirm_password)) value=confirm field="confirm_password" form=form kind="password" />
                <FormMessage form=form />
                <button type="submit" class="primary" disabled=move || form.busy.get()>{t!(i18n, auth.save)}</button>
            </form>
        </section>
    }
}
