//! `/account/password`: the logged-in user changes their own password. Success ends every
//! session of the account (the server's rule), so the user logs in again with the new one.

use duban_shared::auth::{password_problem, ChangePassword};
use duban_shared::error::ErrorCode;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiError};
use crate::hooks::use_title;
use crate::routes::Route;
use crate::session::{self, use_session, EndReason};

/// What the rules ask of a new password (the same rules as `password_problem`).
const NEW_PASSWORD_HINT: &str = "至少10位，不能与用户名相同，也不能由同一字符重复组成。";

#[derive(Clone, Default, PartialEq)]
struct FieldErrors {
    current: Option<String>,
    new: Option<String>,
    confirm: Option<String>,
}

impl FieldErrors {
    fn any(&self) -> bool {
        self.current.is_some() || self.new.is_some() || self.confirm.is_some()
    }
}

fn current_problem(current: &str) -> Option<String> {
    current.is_empty().then(|| "请输入当前密码".to_string())
}

fn new_problem(new: &str, current: &str, username: &str) -> Option<String> {
    if new.is_empty() {
        return Some("请输入新密码".to_string());
    }
    if let Some(problem) = password_problem(new, username) {
        return Some(problem.to_string());
    }
    (!current.is_empty() && new == current).then(|| "新密码不能与当前密码相同".to_string())
}

fn confirm_problem(confirm: &str, new: &str) -> Option<String> {
    if confirm.is_empty() {
        return Some("请再次输入新密码".to_string());
    }
    (confirm != new).then(|| "两次输入的新密码不一致".to_string())
}

/// The server's refusal: its problems at the fields, and what is left for the whole form.
fn refusal_problems(e: &ApiError) -> (FieldErrors, Option<String>) {
    let mut found = FieldErrors::default();
    let mut form_wide = None;
    for field in &e.fields {
        match field.field.as_str() {
            "current_password" => found.current = Some(field.message.clone()),
            "new_password" => found.new = Some(field.message.clone()),
            _ => form_wide = Some(field.message.clone()),
        }
    }
    if !found.any() && e.fields.is_empty() {
        form_wide = Some(match e.code {
            Some(ErrorCode::Validation) => "填写的内容不符合要求，请检查后重试。".to_string(),
            _ => e.message.clone(),
        });
    }
    (found, form_wide)
}

/// The form's state, which its callbacks share.
#[derive(Clone)]
struct FormState {
    current: UseStateHandle<String>,
    new: UseStateHandle<String>,
    confirm: UseStateHandle<String>,
    errors: UseStateHandle<FieldErrors>,
    form_error: UseStateHandle<Option<String>>,
    submitting: UseStateHandle<bool>,
    current_ref: NodeRef,
    new_ref: NodeRef,
    confirm_ref: NodeRef,
}

#[hook]
fn use_form_state() -> FormState {
    FormState {
        current: use_state(String::new),
        new: use_state(String::new),
        confirm: use_state(String::new),
        errors: use_state(FieldErrors::default),
        form_error: use_state(|| None::<String>),
        submitting: use_state(|| false),
        current_ref: use_node_ref(),
        new_ref: use_node_ref(),
        confirm_ref: use_node_ref(),
    }
}

impl FormState {
    fn focus_first_invalid(&self, found: &FieldErrors) {
        let first = [
            (&found.current, &self.current_ref),
            (&found.new, &self.new_ref),
            (&found.confirm, &self.confirm_ref),
        ]
        .into_iter()
        .find_map(|(problem, node)| problem.is_some().then_some(node));
        if let Some(input) = first.and_then(|node| node.cast::<HtmlInputElement>()) {
            let _ = input.focus();
        }
    }

    /// Checks the fields, then asks the server; its refusal shows at the fields.
    fn submit(&self, username: &str, navigator: Option<Navigator>) {
        let (current, new, confirm) = (&self.current, &self.new, &self.confirm);
        if *self.submitting {
            return;
        }
        self.form_error.set(None);
        let found = FieldErrors {
            current: current_problem(current),
            new: new_problem(new, current, username),
            confirm: confirm_problem(confirm, new),
        };
        if found.any() {
            self.focus_first_invalid(&found);
            self.errors.set(found);
            return;
        }
        self.errors.set(FieldErrors::default());
        self.submitting.set(true);
        let body = ChangePassword {
            current_password: (**current).clone(),
            new_password: (**new).clone(),
        };
        let form = self.clone();
        spawn_local(async move {
            match api::auth::change_password(&body).await {
                Ok(()) => {
                    // Every session of the account has ended on the server; end this one
                    // too and log in again with the new password.
                    if let Some(navigator) = &navigator {
                        navigator.push(&Route::Login);
                    }
                    session::end(EndReason::PasswordChanged);
                }
                // The session ended meanwhile: the app is already on its way to /login.
                Err(e) if e.is_unauthorized() => {}
                Err(e) => {
                    form.submitting.set(false);
                    let (found, form_wide) = refusal_problems(&e);
                    if form_wide.is_some() {
                        form.form_error.set(form_wide);
                    }
                    form.focus_first_invalid(&found);
                    form.errors.set(found);
                }
            }
        });
    }
}

#[component]
pub fn PasswordPage() -> Html {
    use_title(Some("修改密码".to_string()));
    let session = use_session();
    let navigator = use_navigator();
    let username: String = session
        .session
        .as_ref()
        .map(|s| s.user.username.clone())
        .unwrap_or_default();

    let form = use_form_state();
    let FormState {
        current,
        new,
        confirm,
        errors,
        form_error,
        submitting,
        current_ref,
        new_ref,
        confirm_ref,
    } = form.clone();

    // Typing in a field takes its error away (it comes back, if still due, when the user leaves
    // the field or submits): the form only grows when the user is not about to click in it.
    let set = |state: &UseStateHandle<String>, field: fn(&mut FieldErrors) -> &mut Option<String>| {
        let state = state.clone();
        let errors = errors.clone();
        Callback::from(move |e: InputEvent| {
            state.set(e.target_unchecked_into::<HtmlInputElement>().value());
            let mut cleared = (*errors).clone();
            if field(&mut cleared).take().is_some() {
                errors.set(cleared);
            }
        })
    };
    // Checked when the user leaves a field they have typed in, and again on submit.
    let on_new_blur = {
        let (new, current, errors, username) = (new.clone(), current.clone(), errors.clone(), username.clone());
        Callback::from(move |_: FocusEvent| {
            if !new.is_empty() {
                errors.set(FieldErrors {
                    new: new_problem(&new, &current, &username),
                    ..(*errors).clone()
                });
            }
        })
    };
    let on_confirm_blur = {
        let (new, confirm, errors) = (new.clone(), confirm.clone(), errors.clone());
        Callback::from(move |_: FocusEvent| {
            if !confirm.is_empty() {
                errors.set(FieldErrors {
                    confirm: confirm_problem(&confirm, &new),
                    ..(*errors).clone()
                });
            }
        })
    };

    let onsubmit = {
        let (form, username, navigator) = (form.clone(), username.clone(), navigator.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            form.submit(&username, navigator.clone());
        })
    };

    html! {
        <section class="panel form-panel" aria-labelledby="password-title">
            <h1 id="password-title">{ "修改密码" }</h1>
            <p class="muted">{ "修改成功后，本账号在所有设备上的登录都将退出，请使用新密码重新登录。" }</p>
            <form class="form" novalidate=true {onsubmit}>
                // For password managers: which account the new password belongs to.
                <input type="text" name="username" autocomplete="username" value={username}
                    readonly=true hidden=true />
                <PasswordField id="current-password" label="当前密码" autocomplete="current-password"
                    node_ref={current_ref} value={(*current).clone()} oninput={set(&current, |e| &mut e.current)}
                    error={errors.current.clone()} />
                <PasswordField id="new-password" label="新密码" autocomplete="new-password"
                    node_ref={new_ref} value={(*new).clone()} oninput={set(&new, |e| &mut e.new)}
                    onblur={on_new_blur} hint={NEW_PASSWORD_HINT} error={errors.new.clone()} />
                <PasswordField id="new-password-confirm" label="确认新密码" autocomplete="new-password"
                    node_ref={confirm_ref} value={(*confirm).clone()} oninput={set(&confirm, |e| &mut e.confirm)}
                    onblur={on_confirm_blur} error={errors.confirm.clone()} />
                <div id="password-error" class="form-error" role="alert">
                    { for (*form_error).clone() }
                </div>
                <div class="form-actions">
                    <button id="password-submit" type="submit" class="button" disabled={*submitting}>
                        { if *submitting { "正在提交…" } else { "确认修改" } }
                    </button>
                    <Link<Route> to={Route::Home} classes="button button-secondary">{ "取消" }</Link<Route>>
                </div>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PasswordFieldProps {
    id: AttrValue,
    label: AttrValue,
    autocomplete: AttrValue,
    node_ref: NodeRef,
    value: String,
    oninput: Callback<InputEvent>,
    #[prop_or_default]
    onblur: Option<Callback<FocusEvent>>,
    #[prop_or_default]
    hint: Option<AttrValue>,
    #[prop_or_default]
    error: Option<String>,
}

/// A labelled password input with its hint and its error, both tied to it for screen readers.
#[component]
fn PasswordField(props: &PasswordFieldProps) -> Html {
    let hint_id = format!("{}-hint", props.id);
    let error_id = format!("{}-error", props.id);
    let described: Vec<&str> = [
        props.hint.as_ref().map(|_| hint_id.as_str()),
        props.error.as_ref().map(|_| error_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let describedby = (!described.is_empty()).then(|| described.join(" "));
    let invalid = props.error.is_some();
    html! {
        <div class={classes!("field", invalid.then_some("field-invalid"))}>
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            if let Some(hint) = &props.hint {
                <p id={hint_id.clone()} class="field-hint">{ hint.clone() }</p>
            }
            <input id={props.id.clone()} name={props.id.clone()} type="password" class="input"
                autocomplete={props.autocomplete.clone()} required=true
                ref={props.node_ref.clone()} value={props.value.clone()}
                oninput={props.oninput.clone()} onblur={props.onblur.clone()}
                aria-invalid={invalid.then_some("true")} aria-describedby={describedby} />
            if let Some(error) = &props.error {
                <p id={error_id.clone()} class="field-error">{ error.clone() }</p>
            }
        </div>
    }
}
