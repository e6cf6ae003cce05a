//! `/office/notices?item=…`: supervision notices (督办通知) — issue one to an item's unit,
//! follow the answers (overdue ones flagged), close the answered ones.

use std::collections::HashMap;
use std::rc::Rc;

use chrono::{Duration, NaiveDate};
use duban_shared::api::ItemDetail;
use duban_shared::supervision::{NewNotice, Notice, NoticeState};
use serde::Deserialize;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::api::items::ItemFilter;
use crate::components::bars::LightBadge;
use crate::components::office_frame::{OfficeFrame, StatusLine};
use crate::components::{DateInput, ErrorPanel, RouteLink};
use crate::error_messages::write_error;
use crate::format::{date_value, date_zh, shorten, time_zh};
use crate::hooks::{use_load, use_title, Load};
use crate::routes::Route;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
struct NoticesQuery {
    #[serde(default)]
    item: Option<i32>,
}

#[component]
pub fn NoticesPage() -> Html {
    use_title(Some("督办通知".to_string()));
    html! {
        <OfficeFrame current={Route::OfficeNotices}>
            <Notices />
        </OfficeFrame>
    }
}

const FILTERS: [(&str, &str); 4] = [
    ("", "全部"),
    ("open", "待答复"),
    ("answered", "已答复待办结"),
    ("closed", "已办结"),
];

#[component]
fn Notices() -> Html {
    let location = use_location();
    let query: NoticesQuery = location
        .and_then(|l| l.query::<NoticesQuery>().ok())
        .unwrap_or_default();
    let items = use_load((), |()| async {
        let year = api::plans::year_or_current(None).await?;
        api::items::items(year, &ItemFilter::default()).await
    });
    let filter = use_state(String::new);
    let notices = use_load((*filter).clone(), |f: String| {
        api::notices::notices((!f.is_empty()).then_some(f))
    });
    let status = use_state(|| None::<(bool, String)>);
    let on_done = {
        let (status, retry) = (status.clone(), notices.retry.clone());
        Callback::from(move |message: (bool, String)| {
            status.set(Some(message));
            retry.emit(());
        })
    };
    let items_by_id: Rc<HashMap<i32, ItemDetail>> = Rc::new(match &*items.state {
        Load::Ready(list) => list.items.iter().map(|i| (i.id, i.clone())).collect(),
        _ => HashMap::new(),
    });
    let form = match &*items.state {
        Load::Ready(list) => html! {
            <IssueForm items={Rc::new(list.items.clone())} preselect={query.item} on_done={on_done.clone()} />
        },
        Load::Failed(e) => {
            html! { <ErrorPanel title="无法获取项目清单" error={e.clone()} on_retry={items.retry.clone()} /> }
        }
        Load::Loading => html! { <p role="status">{ "正在加载…" }</p> },
    };
    let list = match &*notices.state {
        Load::Loading => html! { <p role="status">{ "正在加载…" }</p> },
        Load::Failed(e) => {
            html! { <ErrorPanel title="无法获取督办通知" error={e.clone()} on_retry={notices.retry.clone()} /> }
        }
        Load::Ready(list) if list.notices.is_empty() => {
            html! { <p class="panel-empty">{ "没有符合条件的督办通知。" }</p> }
        }
        Load::Ready(list) => html! {
            <ul class="card-list" id="notice-list">
                { for list.notices.iter().map(|n| html! {
                    <NoticeCard key={n.id} notice={Rc::new(n.clone())}
                        item={items_by_id.get(&n.item_id).cloned().map(Rc::new)} on_done={on_done.clone()} />
                }) }
            </ul>
        },
    };
    html! {
        <>
            <h1 id="notices-title">{ "督办通知" }</h1>
            <StatusLine message={(*status).clone()} />
            { form }
            <section class="office-section" aria-labelledby="notice-list-title">
                <h2 id="notice-list-title">{ "已发通知" }</h2>
                <div class="segmented" role="group" aria-label="按状态筛选">
                    { for FILTERS.iter().map(|(value, label)| {
                        let pressed = *filter == *value;
                        let onclick = {
                            let filter = filter.clone();
                            let value = value.to_string();
                            Callback::from(move |_: MouseEvent| filter.set(value.clone()))
                        };
                        html! {
                            <button type="button" class={classes!("seg", pressed.then_some("seg-on"))}
                                aria-pressed={if pressed { "true" } else { "false" }} {onclick} data-filter={*value}>
                                { *label }
                            </button>
                        }
                    }) }
                </div>
                { list }
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct IssueFormProps {
    items: Rc<Vec<ItemDetail>>,
    preselect: Option<i32>,
    on_done: Callback<(bool, String)>,
}

#[component]
fn IssueForm(props: &IssueFormProps) -> Html {
    let today: Option<NaiveDate> = props.items.first().map(|i| i.as_of);
    let item = use_state(|| props.preselect.map(|i| i.to_string()).unwrap_or_default());
    let reason = use_state(String::new);
    let answer_by = use_state(|| today.map(|d| date_value(d + Duration::days(7))).unwrap_or_default());
    let errors = use_state(HashMap::<&'static str, String>::new);
    let busy = use_state(|| false);
    {
        let item = item.clone();
        use_effect_with(props.preselect, move |p| {
            if let Some(p) = p {
                item.set(p.to_string());
            }
        });
    }
    let on_item = {
        let item = item.clone();
        Callback::from(move |e: Event| item.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let on_reason = {
        let reason = reason.clone();
        Callback::from(move |e: InputEvent| reason.set(e.target_unchecked_into::<HtmlTextAreaElement>().value()))
    };
    let on_answer_by = {
        let answer_by = answer_by.clone();
        Callback::from(move |v: String| answer_by.set(v))
    };
    let onsubmit = {
        let (item, reason, answer_by, errors, busy) = (
            item.clone(),
            reason.clone(),
            answer_by.clone(),
            errors.clone(),
            busy.clone(),
        );
        let on_done = props.on_done.clone();
        let items = props.items.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let mut found = HashMap::new();
            let item_id = item.parse::<i32>().ok();
            if item_id.is_none() {
                found.insert("item", "请选择项目".to_string());
            }
            if reason.trim().is_empty() {
                found.insert("reason", "请写明督办事由".to_string());
            }
            let date = answer_by.parse::<NaiveDate>().ok();
            if date.is_none() {
                found.insert("answer_by", "请选择答复期限".to_string());
            }
            if !found.is_empty() {
                errors.set(found);
                return;
            }
            errors.set(HashMap::new());
            let (Some(item_id), Some(date)) = (item_id, date) else {
                return;
            };
            let number = items
                .iter()
                .find(|i| i.id == item_id)
                .map(|i| i.number)
                .unwrap_or_default();
            busy.set(true);
            let body = NewNotice {
                reason: reason.trim().to_string(),
                answer_by: date,
            };
            let (reason, errors, busy, on_done) = (reason.clone(), errors.clone(), busy.clone(), on_done.clone());
            spawn_local(async move {
                match api::notices::issue_notice(item_id, body).await {
                    Ok(_) => {
                        busy.set(false);
                        reason.set(String::new());
                        on_done.emit((true, format!("已向第{number}项责任单位发出督办通知。")));
                    }
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) => {
                        busy.set(false);
                        let mut found = HashMap::new();
                        for f in &e.fields {
                            match f.field.as_str() {
                                "reason" => found.insert("reason", f.message.clone()),
                                "answer_by" => found.insert("answer_by", f.message.clone()),
                                _ => None,
                            };
                        }
                        if found.is_empty() {
                            on_done.emit((false, write_error(&e)));
                        }
                        errors.set(found);
                    }
                }
            });
        })
    };
    let err = |k: &'static str| errors.get(k).cloned();
    let field_class = |k: &'static str| classes!("field", errors.contains_key(k).then_some("field-invalid"));
    html! {
        <section class="office-section form-card" aria-labelledby="issue-title">
            <h2 id="issue-title">{ "发出督办通知" }</h2>
            <form class="form issue-form" {onsubmit} novalidate=true>
                <div class={field_class("item")}>
                    <label for="notice-item">{ "督办项目" }</label>
                    <select id="notice-item" class="input" onchange={on_item}
                        aria-invalid={errors.contains_key("item").then_some("true")}
                        aria-describedby={errors.contains_key("item").then_some("notice-item-error")}>
                        <option value="" selected={item.is_empty()}>{ "请选择项目" }</option>
                        { for props.items.iter().map(|i| {
                            let value = i.id.to_string();
                            let selected = *item == value;
                            html! {
                                <option {value} {selected}>
                                    { format!("第{}项 {}（{}，{}）", i.number, shorten(&i.content, 24), i.lead_unit.name, i.light.colour.label_zh()) }
                                </option>
                            }
                        }) }
                    </select>
                    if let Some(e) = err("item") { <p id="notice-item-error" class="field-error">{ e }</p> }
                </div>
                <div class={field_class("reason")}>
                    <label for="notice-reason">{ "督办事由" }</label>
                    <p class="field-hint" id="notice-reason-hint">{ "写明发现的问题和整改要求，责任单位须在期限内书面答复。" }</p>
                    <textarea id="notice-reason" class="input" rows="3" value={(*reason).clone()} oninput={on_reason}
                        aria-invalid={errors.contains_key("reason").then_some("true")}
                        aria-describedby={if errors.contains_key("reason") { "notice-reason-hint notice-reason-error" } else { "notice-reason-hint" }} />
                    if let Some(e) = err("reason") { <p id="notice-reason-error" class="field-error">{ e }</p> }
                </div>
                <div class={field_class("answer_by")}>
                    <label for="notice-answer-by">{ "答复期限" }</label>
                    <DateInput id="notice-answer-by" classes={classes!("input", "input-date")} value={(*answer_by).clone()}
                        onchange={on_answer_by} min={today.map(date_value)} invalid={errors.contains_key("answer_by")}
                        described_by={errors.contains_key("answer_by").then(|| "notice-answer-by-error".to_string())} />
                    if let Some(e) = err("answer_by") { <p id="notice-answer-by-error" class="field-error">{ e }</p> }
                </div>
                <div class="form-actions">
                    <button id="notice-submit" type="submit" class="button" disabled={*busy}>
                        { if *busy { "正在发出…" } else { "发出督办通知" } }
                    </button>
                </div>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct NoticeCardProps {
    notice: Rc<Notice>,
    item: Option<Rc<ItemDetail>>,
    on_done: Callback<(bool, String)>,
}

#[component]
fn NoticeCard(props: &NoticeCardProps) -> Html {
    let n = &props.notice;
    let busy = use_state(|| false);
    let close = {
        let busy = busy.clone();
        let on_done = props.on_done.clone();
        let (id, version, number) = (n.id, n.version, n.item_number);
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            let (busy, on_done) = (busy.clone(), on_done.clone());
            spawn_local(async move {
                match api::notices::close_notice(id, version).await {
                    Ok(_) => on_done.emit((true, format!("第{number}项的督办通知已办结。"))),
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) => {
                        busy.set(false);
                        on_done.emit((false, write_error(&e)));
                    }
                }
            });
        })
    };
    let title_id = format!("notice-{}-title", n.id);
    let content = props.item.as_ref().map(|i| i.content.clone()).unwrap_or_default();
    let state_class = match n.state {
        NoticeState::Open => "flag",
        NoticeState::Answered => "flag flag-info",
        NoticeState::Closed => "flag flag-done",
    };
    html! {
        <li class={classes!("card", "notice-card", n.overdue.then_some("card-overdue"))} data-notice={n.id.to_string()}
            data-state={format!("{:?}", n.state).to_lowercase()} aria-labelledby={title_id.clone()}>
            <header class="card-head">
                <h3 id={title_id} class="card-title">
                    <RouteLink to={Route::Item { id: n.item_id }}>{ format!("第{}项　{}", n.item_number, shorten(&content, 40)) }</RouteLink>
                </h3>
                <p class="card-meta">
                    <span class={state_class}>{ n.state.label_zh() }</span>
                    if n.overdue {
                        <span class="flag flag-warn">{ "已逾期未答复" }</span>
                    }
                    { format!("　{}　答复期限：{}", n.unit.name, date_zh(n.answer_by)) }
                    if let Some(item) = &props.item {
                        { "　" }<LightBadge colour={item.light.colour} />
                    }
                </p>
            </header>
            <dl class="report-text">
                <dt>{ "督办事由" }</dt>
                <dd>{ &n.reason }<span class="by">{ format!("（{} 发于{}）", n.issued_by, time_zh(n.issued_at)) }</span></dd>
                if let Some(answer) = &n.answer {
                    <dt>{ "单位答复" }</dt>
                    <dd class="notice-answer">
                        { answer }
                        if let (Some(by), Some(at)) = (&n.answered_by, n.answered_at) {
                            <span class="by">{ format!("（{} 答复于{}）", by, time_zh(at)) }</span>
                        }
                    </dd>
                }
                if let (Some(by), Some(at)) = (&n.closed_by, n.closed_at) {
                    <dt>{ "办结" }</dt>
                    <dd>{ format!("{} 于{}办结", by, time_zh(at)) }</dd>
                }
            </dl>
            if n.state == NoticeState::Answered {
                <div class="card-actions">
                    <button type="button" class="button close-notice" onclick={close} disabled={*busy}>{ "审阅答复并办结" }</button>
                </div>
            }
        </li>
    }
}
