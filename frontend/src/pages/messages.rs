//! `/messages`: the message center — reminders (催报), new notices, returned reports, 批示 and
//! briefings, newest first; each read by opening it or marking it; and the address the
//! same messages are mailed to.

use std::rc::Rc;

use duban_shared::messages::{email_problem, Message, MessagePage};
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::message_bell::use_unread;
use crate::components::ErrorPanel;
use crate::error_messages::write_error;
use crate::format::time_zh;
use crate::hooks::{use_load, use_title, Load};
use crate::routes::Route;

const PAGE: i64 = 30;

#[component]
pub fn MessagesPage() -> Html {
    use_title(Some("消息中心".to_string()));
    let loaded = use_load((), |()| api::messages::messages(None, PAGE));
    // Older pages fetched with 加载更多, after the first.
    let older = use_state(Vec::<Message>::new);
    let next = use_state(|| None::<Option<i64>>);
    let status = use_state(|| None::<String>);
    let unread = use_unread();
    let refresh_count = Callback::from({
        let unread = unread.clone();
        move |()| {
            if let Some(u) = &unread {
                u.refresh.emit(());
            }
        }
    });
    let reload = {
        let (retry, older, next, refresh_count) =
            (loaded.retry.clone(), older.clone(), next.clone(), refresh_count.clone());
        Callback::from(move |()| {
            older.set(Vec::new());
            next.set(None);
            retry.emit(());
            refresh_count.emit(());
        })
    };
    let page: Rc<MessagePage> = match &*loaded.state {
        Load::Loading => return html! { <><h1>{ "消息中心" }</h1><p role="status">{ "正在加载…" }</p></> },
        Load::Failed(e) => {
            return html! {
                <><h1>{ "消息中心" }</h1><ErrorPanel title="无法获取消息" error={e.clone()} on_retry={loaded.retry.clone()} /></>
            }
        }
        Load::Ready(p) => p.clone(),
    };
    let next_before = (*next).unwrap_or(page.next_before);
    let more = next_before.map(|before| {
        let (older, next, status) = (older.clone(), next.clone(), status.clone());
        Callback::from(move |_: MouseEvent| {
            let (older, next, status) = (older.clone(), next.clone(), status.clone());
            spawn_local(async move {
                match api::messages::messages(Some(before), PAGE).await {
                    Ok(p) => {
                        let mut all = (*older).clone();
                        all.extend(p.messages);
                        older.set(all);
                        next.set(Some(p.next_before));
                    }
                    Err(e) => status.set(Some(write_error(&e))),
                }
            });
        })
    });
    let read_all = {
        let (reload, status) = (reload.clone(), status.clone());
        Callback::from(move |_: MouseEvent| {
            let (reload, status) = (reload.clone(), status.clone());
            spawn_local(async move {
                match api::messages::mark_all_read().await {
                    Ok(()) => {
                        status.set(Some("已全部标为已读。".into()));
                        reload.emit(());
                    }
                    Err(e) => status.set(Some(write_error(&e))),
                }
            });
        })
    };
    let all: Vec<Message> = page.messages.iter().cloned().chain(older.iter().cloned()).collect();
    html! {
        <div class="messages-page">
            <h1 id="messages-title">{ "消息中心" }</h1>
            <div class="messages-head">
                <p id="unread-summary" class="messages-summary">
                    { if page.unread > 0 { format!("{}条未读", page.unread) } else { "没有未读消息".to_string() } }
                </p>
                if page.unread > 0 {
                    <button id="read-all" type="button" class="button button-secondary button-small" onclick={read_all}>
                        { "全部标为已读" }
                    </button>
                }
            </div>
            if let Some(s) = &*status { <p class="status-line" role="status">{ s.clone() }</p> }
            if all.is_empty() {
                <p class="empty-note">{ "暂无消息。月报催报、督查通知书、退回的月报、领导批示和情况通报会在这里通知您。" }</p>
            } else {
                <ul class="message-list" id="message-list" aria-labelledby="messages-title">
                    { for all.iter().map(|m| html! { <MessageItem key={m.id} message={Rc::new(m.clone())} on_read={reload.clone()} /> }) }
                </ul>
            }
            if let Some(more) = more {
                <p><button id="more-messages" type="button" class="button button-secondary" onclick={more}>{ "加载更早的消息" }</button></p>
            }
            <EmailSettings />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct MessageProps {
    message: Rc<Message>,
    on_read: Callback<()>,
}

#[component]
fn MessageItem(props: &MessageProps) -> Html {
    let m = &props.message;
    let navigator = use_navigator();
    let unread = m.read_at.is_none();
    let mark = {
        let (id, on_read) = (m.id, props.on_read.clone());
        move |then: Option<Route>| {
            let (on_read, navigator) = (on_read.clone(), navigator.clone());
            spawn_local(async move {
                let _ = api::messages::mark_read(id).await;
                match (then, &navigator) {
                    (Some(route), Some(n)) => n.push(&route),
                    _ => on_read.emit(()),
                }
            });
        }
    };
    let route = Route::recognize(&m.link).filter(|r| *r != Route::NotFound && !m.link.is_empty());
    let open = route.clone().map(|route| {
        let mark = mark.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            mark(Some(route.clone()));
        })
    });
    let read = Callback::from(move |_: MouseEvent| mark(None));
    html! {
        <li class={classes!("message", unread.then_some("message-unread"))} data-message-id={m.id.to_string()}>
            <div class="message-meta">
                <span class={classes!("badge", "message-kind", format!("kind-{}", m.kind.as_str()))}>{ m.kind.label_zh() }</span>
                if unread { <span class="message-new">{ "未读" }</span> }
                <time class="message-time">{ time_zh(m.created_at) }</time>
            </div>
            <h2 class="message-title">{ &m.title }</h2>
            <p class="message-body">{ &m.body }</p>
            <div class="message-actions">
                if let (Some(open), Some(route)) = (open, route) {
                    <a class="button button-small" href={route.to_path()} onclick={open}>{ "查看" }</a>
                }
                if unread {
                    <button type="button" class="button button-secondary button-small mark-read" onclick={read}>{ "标为已读" }</button>
                }
            </div>
        </li>
    }
}

/// The address the messages are also mailed to (the user's own to change).
#[component]
fn EmailSettings() -> Html {
    let me = use_load((), |()| api::auth::me());
    let value = use_state(|| None::<String>);
    let error = use_state(|| None::<String>);
    let saved = use_state(|| None::<String>);
    let current = match &*me.state {
        Load::Ready(m) => m.user.as_ref().and_then(|u| u.email.clone()),
        _ => None,
    };
    let shown = (*value).clone().unwrap_or_else(|| current.clone().unwrap_or_default());
    let oninput = {
        let value = value.clone();
        Callback::from(move |e: InputEvent| value.set(Some(e.target_unchecked_into::<HtmlInputElement>().value())))
    };
    let save = {
        let (value, error, saved, shown) = (value.clone(), error.clone(), saved.clone(), shown.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let email = shown.trim().to_string();
            if let Some(p) = (!email.is_empty()).then(|| email_problem(&email)).flatten() {
                error.set(Some(p.to_string()));
                return;
            }
            error.set(None);
            let (value, error, saved) = (value.clone(), error.clone(), saved.clone());
            spawn_local(async move {
                let body = (!email.is_empty()).then_some(email);
                match api::messages::set_own_email(body).await {
                    Ok(u) => {
                        value.set(Some(u.email.clone().unwrap_or_default()));
                        saved.set(Some(match u.email {
                            Some(e) => format!("已保存：消息将同时发送到 {e}。"),
                            None => "已清除邮箱：消息只在系统内提醒。".to_string(),
                        }));
                    }
                    Err(e) => error.set(Some(crate::error_messages::first_problem(&e))),
                }
            });
        })
    };
    // The form waits for the address on file: shown empty before it, a save would clear it.
    let body = match &*me.state {
        Load::Loading => html! { <p role="status">{ "正在加载…" }</p> },
        Load::Failed(e) => html! {
            <ErrorPanel title="无法获取邮箱设置" error={e.clone()} on_retry={me.retry.clone()} home_link={false} />
        },
        Load::Ready(_) => html! {
            <>
                <p class="field-hint" id="own-email-hint">{ "填写邮箱后，以上消息会同时发送到该邮箱（系统配置了邮件服务器时）。留空即只在系统内提醒。" }</p>
                <form class="form inline-form" id="own-email-form" onsubmit={save} novalidate=true>
                    <label for="own-email">{ "我的邮箱" }</label>
                    <input id="own-email" class="input" type="email" autocomplete="email" value={shown} {oninput}
                        aria-invalid={error.is_some().then_some("true")}
                        aria-describedby={if error.is_some() { "own-email-hint own-email-error" } else { "own-email-hint" }} />
                    <button type="submit" class="button button-small">{ "保存" }</button>
                    if let Some(e) = &*error { <p id="own-email-error" class="field-error">{ e.clone() }</p> }
                </form>
                if let Some(s) = &*saved { <p class="status-line" role="status">{ s.clone() }</p> }
            </>
        },
    };
    html! {
        <section class="office-section email-settings" aria-labelledby="email-title">
            <h2 id="email-title">{ "邮件提醒" }</h2>
            { body }
        </section>
    }
}
