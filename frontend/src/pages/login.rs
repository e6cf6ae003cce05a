//! `/login?next=/plans/2024`: the only page open without a session.

use duban_shared::auth::{LoginRequest, LoginResponse};
use duban_shared::error::ErrorCode;
use serde::{Deserialize, Serialize};
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;
use yew_router::query::Raw;

use crate::api::{self, ApiError};
use crate::bundle::{route_of, Bundle, BundleKind};
use crate::hooks::use_title;
use crate::routes::{home_of, Route};
use crate::session::{self, use_session};

/// The product's full name, as the login page shows it.
pub const PRODUCT_NAME: &str = "开平市民生实事督查督办系统";

/// `/login?next=…`: where to go once logged in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LoginQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

impl LoginQuery {
    /// The query that brings the user back to `here` (a path with its `?query`).
    pub fn back_to(here: &str) -> Self {
        LoginQuery {
            next: safe_next(here).filter(|next| *next != "/").map(str::to_string),
        }
    }
}

/// `next` when it is a path of this site: it starts with one '/', never "//host" or
/// "/\host" (which browsers read as another site), has no control characters, and is not
/// the login page itself.
pub fn safe_next(next: &str) -> Option<&str> {
    let same_origin =
        next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') && !next.chars().any(char::is_control);
    if !same_origin {
        return None;
    }
    let path = next.split(['?', '#']).next().unwrap_or_default();
    let path = path.trim_end_matches('/');
    (path != "/login").then_some(next)
}

/// Goes to `next` (already checked by [`safe_next`]) or, without one, the home page.
/// Replaces the login page in the history, so that 后退 does not land on it again.
fn go_next(navigator: &Navigator, next: Option<&str>) {
    let Some(next) = next else {
        navigator.replace(&Route::Home);
        return;
    };
    let without_hash = next.split('#').next().unwrap_or_default();
    let query = without_hash.split_once('?').map_or("", |(_, query)| query);
    let route = route_of(next);
    if query.is_empty() {
        navigator.replace(&route);
    } else {
        let _ = navigator.replace_with_query(&route, Raw(query));
    }
}

/// What the login form says when the server refuses.
fn login_error_message(error: &ApiError) -> String {
    match error.code {
        Some(ErrorCode::InvalidCredentials) => "用户名或密码错误".to_string(),
        Some(ErrorCode::TooManyRequests) => "登录失败次数过多，请稍候再试（每次失败后等待时间加倍）".to_string(),
        Some(ErrorCode::Validation) => error
            .fields
            .first()
            .map(|f| f.message.clone())
            .unwrap_or_else(|| "请输入正确的用户名和密码".to_string()),
        _ => error.message.clone(),
    }
}

fn focus(node: &NodeRef) {
    if let Some(input) = node.cast::<HtmlInputElement>() {
        let _ = input.focus();
    }
}

fn input_value(e: &InputEvent) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

#[component]
pub fn LoginPage() -> Html {
    use_title(Some("登录".to_string()));
    let session = use_session();
    let navigator = use_navigator();
    let location = use_location();
    let next: Option<String> = location
        .and_then(|l| l.query::<LoginQuery>().ok())
        .and_then(|q| q.next)
        .filter(|n| safe_next(n).is_some());

    let username = use_state(String::new);
    let password = use_state(String::new);
    let submitting = use_state(|| false);
    let error = use_state(|| None::<String>);
    let username_ref = use_node_ref();
    let password_ref = use_node_ref();

    // Logged in (just now, or in another tab, or already): on to where the user was going.
    {
        let navigator = navigator.clone();
        use_effect_with((session.logged_in(), next.clone()), move |(logged_in, next)| {
            if let (true, Some(navigator)) = (*logged_in, navigator) {
                go_next(&navigator, next.as_deref());
            }
        });
    }
    // Where the user goes may be another bundle's page (the office's, the leaders'
    // dashboard): the login is then kept for a fresh load of that address, which boot.js
    // starts in that bundle.
    let elsewhere = {
        let next = next.clone();
        let running = use_context::<Bundle>().map(|b| b.kind);
        move |login: &LoginResponse| {
            let role = login.user.role;
            let address = next.clone().unwrap_or_else(|| home_of(role).to_path());
            let target = BundleKind::for_load(&route_of(&address), Some(role));
            if Some(target) == running || !session::keep_for_next_load(login) {
                return false;
            }
            web_sys::window().is_some_and(|w| w.location().replace(&address).is_ok())
        }
    };
    {
        let username_ref = username_ref.clone();
        use_effect_with((), move |()| focus(&username_ref));
    }

    let onsubmit = {
        let username = username.clone();
        let password = password.clone();
        let submitting = submitting.clone();
        let error = error.clone();
        let username_ref = username_ref.clone();
        let password_ref = password_ref.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *submitting {
                return;
            }
            let name = username.trim().to_string();
            if name.is_empty() {
                error.set(Some("请输入用户名".to_string()));
                focus(&username_ref);
                return;
            }
            if password.is_empty() {
                error.set(Some("请输入密码".to_string()));
                focus(&password_ref);
                return;
            }
            // Emptied first, so that the same message twice is announced twice.
            error.set(None);
            session::clear_notice();
            submitting.set(true);
            let request = LoginRequest {
                username: name,
                password: (*password).clone(),
            };
            let password = password.clone();
            let submitting = submitting.clone();
            let error = error.clone();
            let password_ref = password_ref.clone();
            let elsewhere = elsewhere.clone();
            spawn_local(async move {
                match api::auth::login(&request).await {
                    Ok(login) if elsewhere(&login) => {}
                    // The effect above takes the user on.
                    Ok(login) => session::begin(login),
                    Err(e) => {
                        submitting.set(false);
                        error.set(Some(login_error_message(&e)));
                        password.set(String::new());
                        focus(&password_ref);
                    }
                }
            });
        })
    };
    let on_username = {
        let username = username.clone();
        Callback::from(move |e: InputEvent| username.set(input_value(&e)))
    };
    let on_password = {
        let password = password.clone();
        Callback::from(move |e: InputEvent| password.set(input_value(&e)))
    };

    let notice = session.ended.map(|reason| {
        html! { <p id="login-notice" class="login-notice" role="status">{ reason.message() }</p> }
    });
    let busy = *submitting || session.logged_in();
    html! {
        <div class="login-page">
            <section class="login-card" aria-labelledby="login-title">
                <header class="login-head">
                    <h1 id="login-title" class="login-product">{ PRODUCT_NAME }</h1>
                    <p class="login-sub">{ "用户登录" }</p>
                </header>
                { for notice }
                <form class="form login-form" novalidate=true {onsubmit}>
                    <div class="field">
                        <label for="login-username">{ "用户名" }</label>
                        <input id="login-username" name="username" type="text" class="input"
                            autocomplete="username" autocapitalize="none" spellcheck="false"
                            required=true ref={username_ref}
                            value={(*username).clone()} oninput={on_username} />
                    </div>
                    <div class="field">
                        <label for="login-password">{ "密码" }</label>
                        <input id="login-password" name="password" type="password" class="input"
                            autocomplete="current-password" required=true ref={password_ref}
                            value={(*password).clone()} oninput={on_password} />
                    </div>
                    <div id="login-error" class="form-error" role="alert">
                        { for (*error).clone() }
                    </div>
                    <button id="login-submit" type="submit" class="button button-block"
                        disabled={busy}>
                        { if busy { "正在登录…" } else { "登录" } }
                    </button>
                </form>
                <p class="login-help">{ "如忘记密码，请联系督查室管理员重置。" }</p>
            </section>
        </div>
    }
}
