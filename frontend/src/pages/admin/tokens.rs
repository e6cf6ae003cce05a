//! `/admin/tokens`: read-only API tokens for other systems — create (the secret is shown
//! once), list, revoke.

use std::rc::Rc;

use duban_shared::auth::{ApiToken, CreatedApiToken, NewApiToken};
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::api;
use crate::components::office_frame::{OfficeFrame, StatusLine};
use crate::components::ErrorPanel;
use crate::error_messages::write_error;
use crate::format::time_zh;
use crate::hooks::{use_load, use_title, Load};
use crate::routes::Route;

#[component]
pub fn TokensPage() -> Html {
    use_title(Some("API令牌".to_string()));
    html! {
        <OfficeFrame current={Route::AdminTokens}>
            <Tokens />
        </OfficeFrame>
    }
}

#[component]
fn Tokens() -> Html {
    let tokens = use_load((), |()| api::api_tokens::api_tokens());
    let status = use_state(|| None::<(bool, String)>);
    let created = use_state(|| None::<Rc<CreatedApiToken>>);
    let on_done = {
        let (status, retry) = (status.clone(), tokens.retry.clone());
        Callback::from(move |message: (bool, String)| {
            status.set(Some(message));
            retry.emit(());
        })
    };
    let on_created = {
        let (created, status, retry) = (created.clone(), status.clone(), tokens.retry.clone());
        Callback::from(move |token: Rc<CreatedApiToken>| {
            status.set(None);
            created.set(Some(token));
            retry.emit(());
        })
    };
    let on_failed = {
        let status = status.clone();
        Callback::from(move |message: String| status.set(Some((false, message))))
    };
    let on_dismiss = {
        let created = created.clone();
        Callback::from(move |()| created.set(None))
    };
    let list = match &*tokens.state {
        Load::Loading => html! { <p role="status">{ "正在加载…" }</p> },
        Load::Failed(e) => {
            html! { <ErrorPanel title="无法获取令牌清单" error={e.clone()} on_retry={tokens.retry.clone()} /> }
        }
        Load::Ready(list) if list.api_tokens.is_empty() => html! { <p class="panel-empty">{ "尚未创建API令牌。" }</p> },
        Load::Ready(list) => html! {
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="token-list-title">
                <table class="data-table" id="token-table">
                    <thead>
                        <tr>
                            <th scope="col">{ "名称" }</th>
                            <th scope="col">{ "令牌开头" }</th>
                            <th scope="col">{ "可读范围" }</th>
                            <th scope="col">{ "创建" }</th>
                            <th scope="col">{ "最近使用" }</th>
                            <th scope="col">{ "状态" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for list.api_tokens.iter().map(|t| html! {
                            <TokenRow key={t.id} token={Rc::new(t.clone())} on_done={on_done.clone()} />
                        }) }
                    </tbody>
                </table>
            </div>
        },
    };
    html! {
        <>
            <h1 id="tokens-title">{ "API令牌" }</h1>
            <p class="muted">{ "其他系统（如大数据平台、数字政府平台）通过令牌只读调用本系统的接口。每个系统单独一枚，不再使用时立即吊销。" }</p>
            <StatusLine message={(*status).clone()} />
            { for created.as_ref().map(|token| html! { <SecretBox token={token.clone()} {on_dismiss} /> }) }
            <CreateToken {on_created} {on_failed} />
            <section class="office-section" aria-labelledby="token-list-title">
                <h2 id="token-list-title">{ "全部令牌" }</h2>
                { list }
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct SecretBoxProps {
    token: Rc<CreatedApiToken>,
    on_dismiss: Callback<()>,
}

/// A new token's secret, shown this once.
#[component]
fn SecretBox(props: &SecretBoxProps) -> Html {
    let t = &props.token;
    let dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    let select_all = Callback::from(|e: FocusEvent| e.target_unchecked_into::<HtmlInputElement>().select());
    html! {
        <div class="secret-box" role="status" id="token-secret-box">
            <h3>{ format!("令牌「{}」已创建", t.api_token.name) }</h3>
            <p class="strong">{ "请立即复制并妥善保存：令牌只显示这一次，关闭后无法再次查看。" }</p>
            <label for="token-secret">{ "令牌（选中后按 Ctrl+C 复制）" }</label>
            <input id="token-secret" class="input input-mono" readonly=true value={t.token.clone()} onfocus={select_all} />
            <p class="muted">{ "调用方式：在请求头中加入 Authorization: Bearer <令牌>。令牌只能读取数据。" }</p>
            <button type="button" class="button button-secondary" onclick={dismiss}>{ "我已保存，关闭" }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct CreateTokenProps {
    on_created: Callback<Rc<CreatedApiToken>>,
    /// A refusal that is not about the name.
    on_failed: Callback<String>,
}

/// 新建令牌: a name and the plan year it may read.
#[component]
fn CreateToken(props: &CreateTokenProps) -> Html {
    let plans = use_load((), |()| api::plans::plans());
    let name = use_state(String::new);
    let year = use_state(String::new);
    let name_error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let onsubmit = {
        let (name, year, name_error, busy) = (name.clone(), year.clone(), name_error.clone(), busy.clone());
        let (on_created, on_failed) = (props.on_created.clone(), props.on_failed.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let n = name.trim().to_string();
            if n.is_empty() {
                name_error.set(Some("请填写令牌名称，例如使用它的系统".to_string()));
                return;
            }
            name_error.set(None);
            busy.set(true);
            let body = NewApiToken {
                name: n,
                plan_year: year.parse().ok(),
            };
            let (name, name_error, busy) = (name.clone(), name_error.clone(), busy.clone());
            let (on_created, on_failed) = (on_created.clone(), on_failed.clone());
            spawn_local(async move {
                match api::api_tokens::create_api_token(body).await {
                    Ok(t) => {
                        name.set(String::new());
                        on_created.emit(Rc::new(t));
                    }
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) => match e.fields.iter().find(|f| f.field == "name") {
                        Some(f) => name_error.set(Some(f.message.clone())),
                        None => on_failed.emit(write_error(&e)),
                    },
                }
                busy.set(false);
            });
        })
    };
    let year_options = match &*plans.state {
        Load::Ready(list) => list.plans.iter().map(|p| p.year).collect::<Vec<_>>(),
        _ => Vec::new(),
    };
    html! {
        <section class="office-section form-card" aria-labelledby="create-token-title">
            <h2 id="create-token-title">{ "新建令牌" }</h2>
            <form class="form grid-form" {onsubmit} novalidate=true>
                <div class={classes!("field", name_error.is_some().then_some("field-invalid"))}>
                    <label for="token-name">{ "名称" }</label>
                    <input id="token-name" class="input" autocomplete="off" value={(*name).clone()}
                        oninput={
                            let name = name.clone();
                            Callback::from(move |e: InputEvent| name.set(e.target_unchecked_into::<HtmlInputElement>().value()))
                        }
                        aria-invalid={name_error.is_some().then_some("true")}
                        aria-describedby={name_error.is_some().then_some("token-name-error")} />
                    if let Some(e) = &*name_error { <p id="token-name-error" class="field-error">{ e.clone() }</p> }
                </div>
                <div class="field">
                    <label for="token-year">{ "可读范围" }</label>
                    <select id="token-year" class="input" onchange={
                        let year = year.clone();
                        Callback::from(move |e: Event| year.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
                    }>
                        <option value="" selected={year.is_empty()}>{ "全部年度" }</option>
                        { for year_options.iter().map(|y| html! {
                            <option value={y.to_string()} selected={*year == y.to_string()}>{ format!("仅{y}年计划") }</option>
                        }) }
                    </select>
                </div>
                <div class="form-actions">
                    <button id="token-submit" type="submit" class="button" disabled={*busy}>{ "创建令牌" }</button>
                </div>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct TokenRowProps {
    token: Rc<ApiToken>,
    on_done: Callback<(bool, String)>,
}

#[component]
fn TokenRow(props: &TokenRowProps) -> Html {
    let t = &props.token;
    let busy = use_state(|| false);
    let revoke = {
        let (busy, on_done) = (busy.clone(), props.on_done.clone());
        let (id, name) = (t.id, t.name.clone());
        Callback::from(move |_: MouseEvent| {
            let confirmed = web_sys::window()
                .and_then(|w| {
                    w.confirm_with_message(&format!("吊销令牌「{name}」？使用它的系统将立即无法访问。"))
                        .ok()
                })
                .unwrap_or(false);
            if !confirmed || *busy {
                return;
            }
            busy.set(true);
            let (busy, on_done, name) = (busy.clone(), on_done.clone(), name.clone());
            spawn_local(async move {
                match api::api_tokens::revoke_api_token(id).await {
                    Ok(()) => on_done.emit((true, format!("已吊销令牌「{name}」。"))),
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) => on_done.emit((false, write_error(&e))),
                }
                busy.set(false);
            });
        })
    };
    html! {
        <tr data-token={t.id.to_string()}>
            <th scope="row">{ &t.name }</th>
            <td class="mono">{ format!("{}…", t.prefix) }</td>
            <td>{ t.plan_year.map(|y| format!("{y}年计划")).unwrap_or_else(|| "全部年度".to_string()) }</td>
            <td>{ format!("{} {}", t.created_by, time_zh(t.created_at)) }</td>
            <td>{ t.last_used_at.map(time_zh).unwrap_or_else(|| "从未使用".to_string()) }</td>
            <td>
                if let Some(at) = t.revoked_at {
                    { format!("已于{}吊销", time_zh(at)) }
                } else {
                    <span>{ "有效　" }</span>
                    <button type="button" class="button button-danger button-small" onclick={revoke} disabled={*busy}
                        aria-label={format!("吊销（{}）", t.name)}>{ "吊销" }</button>
                }
            </td>
        </tr>
    }
}
