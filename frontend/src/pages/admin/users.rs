//! `/admin/users`: accounts — create (a unit's staff, a leader, the office), disable, reset a
//! password. Disabling or resetting ends the account's sessions at once.

use std::collections::HashMap;
use std::rc::Rc;

use duban_shared::api::UnitRef;
use duban_shared::auth::{password_problem, username_problem, NewUser, Role, User};
use duban_shared::error::ErrorCode;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::api::{self, ApiError};
use crate::components::office_frame::{use_outcome, OfficeFrame, StatusLine};
use crate::components::ErrorPanel;
use crate::error_messages::write_error;
use crate::hooks::{use_load, use_title, Load};
use crate::routes::Route;
use crate::session::use_session;

const PASSWORD_HINT: &str =
    "至少10位，不能与用户名相同，也不能由同一字符重复组成。请通过安全渠道告知本人，并提醒其登录后修改。";

#[component]
pub fn UsersPage() -> Html {
    use_title(Some("用户管理".to_string()));
    html! {
        <OfficeFrame current={Route::AdminUsers}>
            <Users />
        </OfficeFrame>
    }
}

#[component]
fn Users() -> Html {
    let users = use_load((), |()| api::users::users());
    let units = use_load((), |()| api::units::units());
    let (status, on_done) = use_outcome(users.retry.clone());
    let form = match &*units.state {
        Load::Ready(u) => {
            let units = u.units.iter().map(|u| u.unit_ref()).collect::<Vec<_>>();
            html! { <CreateUser units={Rc::new(units)} on_done={on_done.clone()} /> }
        }
        Load::Failed(e) => {
            html! { <ErrorPanel title="无法获取单位清单" error={e.clone()} on_retry={units.retry.clone()} /> }
        }
        Load::Loading => html! { <p role="status">{ "正在加载…" }</p> },
    };
    let list = match &*users.state {
        Load::Loading => html! { <p role="status">{ "正在加载…" }</p> },
        Load::Failed(e) => {
            html! { <ErrorPanel title="无法获取用户清单" error={e.clone()} on_retry={users.retry.clone()} /> }
        }
        Load::Ready(list) => html! {
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="user-list-title">
                <table class="data-table user-table" id="user-table">
                    <thead>
                        <tr>
                            <th scope="col">{ "用户名" }</th>
                            <th scope="col">{ "姓名" }</th>
                            <th scope="col">{ "角色" }</th>
                            <th scope="col">{ "所属单位" }</th>
                            <th scope="col">{ "邮箱" }</th>
                            <th scope="col">{ "状态" }</th>
                            <th scope="col">{ "操作" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for list.users.iter().map(|u| html! {
                            <UserRow key={u.id} user={Rc::new(u.clone())} on_done={on_done.clone()} />
                        }) }
                    </tbody>
                </table>
            </div>
        },
    };
    html! {
        <>
            <h1 id="users-title">{ "用户管理" }</h1>
            <StatusLine message={status} />
            <MailStatusPanel />
            { form }
            <section class="office-section" aria-labelledby="user-list-title">
                <h2 id="user-list-title">{ "全部账号" }</h2>
                { list }
            </section>
        </>
    }
}

/// What the browser can check before sending: the server's own rules for names and passwords.
fn new_user_problems(username: &str, role: Role, unit: &str, password: &str) -> HashMap<String, String> {
    let mut found = HashMap::new();
    if let Some(p) = username_problem(username) {
        found.insert("username".to_string(), p.to_string());
    }
    if role == Role::Unit && unit.is_empty() {
        found.insert("unit".to_string(), "责任单位账号须选择所属单位".to_string());
    }
    if let Some(p) = password_problem(password, username) {
        found.insert("password".to_string(), p.to_string());
    }
    found
}

/// The server's refusal, by field; a taken username is a 409.
fn refusal_problems(e: &ApiError) -> HashMap<String, String> {
    let mut found = HashMap::new();
    for f in &e.fields {
        found.insert(f.field.clone(), f.message.clone());
    }
    if e.code == Some(ErrorCode::Conflict) {
        found.insert("username".to_string(), "该用户名已被使用".to_string());
    }
    found
}

#[derive(Properties, PartialEq)]
struct CreateUserProps {
    units: Rc<Vec<UnitRef>>,
    on_done: Callback<(bool, String)>,
}

#[component]
fn CreateUser(props: &CreateUserProps) -> Html {
    let username = use_state(String::new);
    let display_name = use_state(String::new);
    let role = use_state(|| "unit".to_string());
    let unit = use_state(String::new);
    let password = use_state(String::new);
    let errors = use_state(HashMap::<String, String>::new);
    let busy = use_state(|| false);
    let text = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| state.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let select = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: Event| state.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let onsubmit = {
        let (username, display_name, role, unit, password, errors, busy) = (
            username.clone(),
            display_name.clone(),
            role.clone(),
            unit.clone(),
            password.clone(),
            errors.clone(),
            busy.clone(),
        );
        let on_done = props.on_done.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let name = username.trim().to_string();
            let role_value = Role::parse(&role).unwrap_or(Role::Unit);
            let found = new_user_problems(&name, role_value, &unit, &password);
            if !found.is_empty() {
                errors.set(found);
                return;
            }
            errors.set(HashMap::new());
            busy.set(true);
            let body = NewUser {
                username: name.clone(),
                display_name: display_name.trim().to_string(),
                role: role_value,
                unit: (role_value == Role::Unit).then(|| (*unit).clone()),
                password: (*password).clone(),
            };
            let (username, display_name, password, errors, busy, on_done) = (
                username.clone(),
                display_name.clone(),
                password.clone(),
                errors.clone(),
                busy.clone(),
                on_done.clone(),
            );
            spawn_local(async move {
                match api::users::create_user(body).await {
                    Ok(u) => {
                        username.set(String::new());
                        display_name.set(String::new());
                        password.set(String::new());
                        on_done.emit((true, format!("已创建账号 {}，可以登录了。", u.username)));
                    }
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) => {
                        let found = refusal_problems(&e);
                        if found.is_empty() {
                            on_done.emit((false, write_error(&e)));
                        }
                        errors.set(found);
                    }
                }
                busy.set(false);
            });
        })
    };
    let err = |k: &str| errors.get(k).cloned();
    let cls = |k: &str| classes!("field", errors.contains_key(k).then_some("field-invalid"));
    let described = |k: &str, hint: bool| {
        let mut ids = Vec::new();
        if hint {
            ids.push(format!("new-user-{k}-hint"));
        }
        if errors.contains_key(k) {
            ids.push(format!("new-user-{k}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    html! {
        <section class="office-section form-card" aria-labelledby="create-user-title">
            <h2 id="create-user-title">{ "新建账号" }</h2>
            <form class="form grid-form" id="create-user-form" {onsubmit} novalidate=true>
                <div class={cls("username")}>
                    <label for="new-user-username">{ "用户名" }</label>
                    <input id="new-user-username" class="input" autocomplete="off" value={(*username).clone()} oninput={text(&username)}
                        aria-invalid={errors.contains_key("username").then_some("true")} aria-describedby={described("username", false)} />
                    if let Some(e) = err("username") { <p id="new-user-username-error" class="field-error">{ e }</p> }
                </div>
                <div class="field">
                    <label for="new-user-display-name">{ "姓名（选填）" }</label>
                    <input id="new-user-display-name" class="input" autocomplete="off" value={(*display_name).clone()} oninput={text(&display_name)} />
                </div>
                <div class="field">
                    <label for="new-user-role">{ "角色" }</label>
                    <select id="new-user-role" class="input" onchange={select(&role)}>
                        { for [Role::Unit, Role::Leader, Role::Deputy, Role::Admin].iter().map(|r| html! {
                            <option value={r.as_str()} selected={*role == r.as_str()}>{ r.label_zh() }</option>
                        }) }
                    </select>
                </div>
                if *role == "unit" {
                    <div class={cls("unit")}>
                        <label for="new-user-unit">{ "所属单位" }</label>
                        <select id="new-user-unit" class="input" onchange={select(&unit)}
                            aria-invalid={errors.contains_key("unit").then_some("true")} aria-describedby={described("unit", false)}>
                            <option value="" selected={unit.is_empty()}>{ "请选择单位" }</option>
                            { for props.units.iter().map(|u| html! {
                                <option value={u.code.clone()} selected={*unit == u.code}>{ &u.name }</option>
                            }) }
                        </select>
                        if let Some(e) = err("unit") { <p id="new-user-unit-error" class="field-error">{ e }</p> }
                    </div>
                }
                <div class={cls("password")}>
                    <label for="new-user-password">{ "初始密码" }</label>
                    <p id="new-user-password-hint" class="field-hint">{ PASSWORD_HINT }</p>
                    <input id="new-user-password" class="input" type="password" autocomplete="new-password" value={(*password).clone()} oninput={text(&password)}
                        aria-invalid={errors.contains_key("password").then_some("true")} aria-describedby={described("password", true)} />
                    if let Some(e) = err("password") { <p id="new-user-password-error" class="field-error">{ e }</p> }
                </div>
                <div class="form-actions">
                    <button id="create-user-submit" type="submit" class="button" disabled={*busy}>{ "创建账号" }</button>
                </div>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct UserRowProps {
    user: Rc<User>,
    on_done: Callback<(bool, String)>,
}

#[component]
fn UserRow(props: &UserRowProps) -> Html {
    let u = &props.user;
    let session = use_session();
    let me = session.session.as_ref().is_some_and(|s| s.user.id == u.id);
    let resetting = use_state(|| false);
    let password = use_state(String::new);
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let disable = {
        let (busy, on_done) = (busy.clone(), props.on_done.clone());
        let (id, name) = (u.id, u.username.clone());
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            let confirmed = web_sys::window()
                .and_then(|w| {
                    w.confirm_with_message(&format!("停用账号 {name}？停用后该账号立即退出且不能再登录。"))
                        .ok()
                })
                .unwrap_or(false);
            if !confirmed {
                return;
            }
            busy.set(true);
            let (busy, on_done, name) = (busy.clone(), on_done.clone(), name.clone());
            spawn_local(async move {
                match api::users::disable_user(id).await {
                    Ok(_) => on_done.emit((true, format!("已停用账号 {name}。"))),
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) => on_done.emit((false, write_error(&e))),
                }
                busy.set(false);
            });
        })
    };
    let toggle = {
        let (resetting, error) = (resetting.clone(), error.clone());
        Callback::from(move |_: MouseEvent| {
            resetting.set(!*resetting);
            error.set(None);
        })
    };
    let on_password = {
        let password = password.clone();
        Callback::from(move |e: InputEvent| password.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let onsubmit = {
        let (password, error, busy, resetting, on_done) = (
            password.clone(),
            error.clone(),
            busy.clone(),
            resetting.clone(),
            props.on_done.clone(),
        );
        let (id, name) = (u.id, u.username.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(p) = password_problem(&password, &name) {
                error.set(Some(p.to_string()));
                return;
            }
            busy.set(true);
            let new_password = (*password).clone();
            let (password, error, busy, resetting, on_done, name) = (
                password.clone(),
                error.clone(),
                busy.clone(),
                resetting.clone(),
                on_done.clone(),
                name.clone(),
            );
            spawn_local(async move {
                match api::users::reset_password(id, new_password).await {
                    Ok(()) => {
                        password.set(String::new());
                        resetting.set(false);
                        on_done.emit((true, format!("已重置 {name} 的密码，其原有登录已全部退出。")));
                    }
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) => error.set(Some(write_error(&e))),
                }
                busy.set(false);
            });
        })
    };
    let pw_id = format!("reset-{}-password", u.id);
    let pw_err = format!("{pw_id}-error");
    html! {
        <tr data-user={u.username.clone()} class={classes!(u.disabled.then_some("row-disabled"))}>
            <th scope="row">{ &u.username }</th>
            <td>{ &u.display_name }</td>
            <td>{ u.role.label_zh() }</td>
            <td>{ u.unit.as_ref().map(|x| x.name.clone()).unwrap_or_default() }</td>
            <td><EmailCell user={props.user.clone()} on_done={props.on_done.clone()} /></td>
            <td>{ if u.disabled { "已停用" } else { "正常" } }</td>
            <td class="cell-actions">
                if !u.disabled && !me {
                    if *resetting {
                        <form class="inline-form" {onsubmit} novalidate=true>
                            <label for={pw_id.clone()}>{ format!("{} 的新密码", u.username) }</label>
                            <input id={pw_id.clone()} class="input" type="password" autocomplete="new-password"
                                value={(*password).clone()} oninput={on_password}
                                aria-invalid={error.is_some().then_some("true")} aria-describedby={error.is_some().then(|| pw_err.clone())} />
                            if let Some(e) = &*error { <p id={pw_err.clone()} class="field-error">{ e.clone() }</p> }
                            <button type="submit" class="button button-small" disabled={*busy}>{ "确认重置" }</button>
                            <button type="button" class="button button-secondary button-small" onclick={toggle}>{ "取消" }</button>
                        </form>
                    } else {
                        <button type="button" class="button button-secondary button-small" onclick={toggle}
                            aria-label={format!("重置密码（{}）", u.username)}>{ "重置密码" }</button>
                        <button type="button" class="button button-danger button-small" onclick={disable} disabled={*busy}
                            aria-label={format!("停用（{}）", u.username)}>{ "停用" }</button>
                    }
                }
            </td>
        </tr>
    }
}

/// Whether mail goes out: the server's setting and the outbox.
#[component]
fn MailStatusPanel() -> Html {
    let status = use_load((), |()| api::messages::mail_status());
    let Load::Ready(s) = &*status.state else {
        return Html::default();
    };
    let outbox = format!("待发 {} 封，已发 {} 封，失败 {} 封", s.pending, s.sent, s.failed);
    html! {
        <section class="office-section mail-status" id="mail-status" aria-labelledby="mail-status-title">
            <h2 id="mail-status-title">{ "邮件通知" }</h2>
            if s.configured {
                <p>{ format!("已配置邮件服务器 {}。消息同时发送到填写了邮箱的账号。", s.server.clone().unwrap_or_default()) }</p>
            } else {
                <p class="status-warning">
                    { "未配置邮件服务器（DUBAN_SMTP_URL）：消息只在系统内提醒，不发送邮件；邮件在发件箱中保留，配置后补发。" }
                </p>
            }
            <p class="muted">{ outbox }</p>
            if let Some(e) = &s.last_error {
                <p class="muted">{ format!("最近一次发送失败：{e}（将自动重试）") }</p>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct EmailCellProps {
    user: Rc<User>,
    on_done: Callback<(bool, String)>,
}

/// An account's email address, set or cleared in place.
#[component]
fn EmailCell(props: &EmailCellProps) -> Html {
    let editing = use_state(|| false);
    let value = use_state(|| props.user.email.clone().unwrap_or_default());
    let error = use_state(|| None::<String>);
    let u = &props.user;
    let toggle = {
        let (editing, value, error, email) = (editing.clone(), value.clone(), error.clone(), u.email.clone());
        Callback::from(move |_: MouseEvent| {
            value.set(email.clone().unwrap_or_default());
            error.set(None);
            editing.set(!*editing);
        })
    };
    let oninput = {
        let value = value.clone();
        Callback::from(move |e: InputEvent| value.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let onsubmit = {
        let (value, error, editing, on_done) = (value.clone(), error.clone(), editing.clone(), props.on_done.clone());
        let (id, name) = (u.id, u.username.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let email = value.trim().to_string();
            if let Some(p) = (!email.is_empty())
                .then(|| duban_shared::messages::email_problem(&email))
                .flatten()
            {
                error.set(Some(p.to_string()));
                return;
            }
            let (error, editing, on_done, name) = (error.clone(), editing.clone(), on_done.clone(), name.clone());
            spawn_local(async move {
                match api::messages::set_user_email(id, (!email.is_empty()).then_some(email)).await {
                    Ok(u) => {
                        editing.set(false);
                        on_done.emit((
                            true,
                            match u.email {
                                Some(e) => format!("已将 {name} 的邮箱设为 {e}。"),
                                None => format!("已清除 {name} 的邮箱。"),
                            },
                        ));
                    }
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) => error.set(Some(crate::error_messages::first_problem(&e))),
                }
            });
        })
    };
    let input_id = format!("email-{}", u.id);
    let err_id = format!("{input_id}-error");
    if *editing {
        html! {
            <form class="inline-form" {onsubmit} novalidate=true>
                <label for={input_id.clone()} class="visually-hidden">{ format!("{} 的邮箱", u.username) }</label>
                <input id={input_id.clone()} class="input" type="email" value={(*value).clone()} {oninput}
                    aria-invalid={error.is_some().then_some("true")} aria-describedby={error.is_some().then(|| err_id.clone())} />
                if let Some(e) = &*error { <p id={err_id.clone()} class="field-error">{ e.clone() }</p> }
                <button type="submit" class="button button-small">{ "保存" }</button>
                <button type="button" class="button button-secondary button-small" onclick={toggle}>{ "取消" }</button>
            </form>
        }
    } else {
        html! {
            <>
                <span class="user-email">{ u.email.clone().unwrap_or_else(|| "—".to_string()) }</span>
                { " " }
                <button type="button" class="link-button" onclick={toggle} aria-label={format!("设置邮箱（{}）", u.username)}>
                    { if u.email.is_some() { "修改" } else { "设置" } }
                </button>
            </>
        }
    }
}
