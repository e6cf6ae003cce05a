//! `/office/notices?item=…`: the 督办台账 — issue a 督查通知书 of a grade to an item's unit,
//! filter the cases by state, grade and lateness, export them, review answers (退回 or 销号).

use std::collections::HashMap;
use std::rc::Rc;

use chrono::NaiveDate;
use duban_shared::api::ItemDetail;
use duban_shared::cases::Grade;
use duban_shared::supervision::{NewNotice, NoticeState};
use serde::Deserialize;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::api::items::ItemFilter;
use crate::api::notices::NoticeFilter;
use crate::components::case_card::CaseCard;
use crate::components::office_frame::{OfficeFrame, StatusLine};
use crate::components::{DateInput, ErrorPanel};
use crate::error_messages::write_error;
use crate::format::{date_value, shorten};
use crate::hooks::{use_load, use_title, Load};
use crate::routes::Route;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
struct NoticesQuery {
    #[serde(default)]
    item: Option<i32>,
}

#[component]
pub fn NoticesPage() -> Html {
    use_title(Some("督办台账".to_string()));
    html! {
        <OfficeFrame current={Route::OfficeNotices}>
            <Notices />
        </OfficeFrame>
    }
}

const FILTERS: [(&str, &str); 5] = [
    ("", "全部"),
    ("open", "待签收"),
    ("open,acknowledged,returned", "待反馈"),
    ("answered", "待审核"),
    ("closed", "已销号"),
];

const GRADES: [(&str, &str); 4] = [
    ("", "全部等级"),
    ("red", "红色督办"),
    ("yellow", "黄色督办"),
    ("blue", "蓝色督办"),
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
    let filter = use_state(NoticeFilter::default);
    let notices = use_load((*filter).clone(), api::notices::notices);
    let status = use_state(|| None::<(bool, String)>);
    let on_done = {
        let (status, retry) = (status.clone(), notices.retry.clone());
        Callback::from(move |message: (bool, String)| {
            status.set(Some(message));
            retry.emit(());
        })
    };
    let on_change = {
        let on_done = on_done.clone();
        Callback::from(move |m: String| on_done.emit((true, m)))
    };
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
            html! { <ErrorPanel title="无法获取督办台账" error={e.clone()} on_retry={notices.retry.clone()} /> }
        }
        Load::Ready(list) if list.notices.is_empty() => {
            html! { <p class="panel-empty">{ "没有符合条件的督办件。" }</p> }
        }
        Load::Ready(list) => {
            let unsigned = list.notices.iter().filter(|n| n.state == NoticeState::Open).count();
            html! {
                <>
                    <p class="muted" id="ledger-count">
                        { format!("共{}件，其中{}件尚未签收、{}件逾期未反馈。", list.total, unsigned,
                            list.notices.iter().filter(|n| n.overdue).count()) }
                    </p>
                    <ul class="card-list case-list" id="notice-list">
                        { for list.notices.iter().map(|n| html! {
                            <CaseCard key={n.id} notice={Rc::new(n.clone())} may_review={true} show_item={true}
                                on_change={on_change.clone()} />
                        }) }
                    </ul>
                </>
            }
        }
    };
    let set = |f: fn(&mut NoticeFilter, String)| {
        let filter = filter.clone();
        move |value: String| {
            let mut next = (*filter).clone();
            f(&mut next, value);
            filter.set(next);
        }
    };
    let on_grade = {
        let set = set(|f, v| f.grade = (!v.is_empty()).then_some(v));
        Callback::from(move |e: Event| set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let on_overdue = {
        let set = set(|f, v| f.overdue = v == "true");
        Callback::from(move |e: Event| {
            set(e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .checked()
                .to_string())
        })
    };
    let export = {
        let (filter, status) = (filter.clone(), status.clone());
        Callback::from(move |_: MouseEvent| {
            let (filter, status) = ((*filter).clone(), status.clone());
            spawn_local(async move {
                if let Err(e) = api::notices::download_ledger(&filter).await {
                    status.set(Some((false, write_error(&e))));
                }
            });
        })
    };
    let current_state = filter.state.clone().unwrap_or_default();
    html! {
        <>
            <h1 id="notices-title">{ "督办台账" }</h1>
            <p class="muted">{ "督查通知书按等级设反馈时限（工作日，默认蓝色10日、黄色5日、红色3日，可在计划设置中调整）；逾期未反馈自动升一级。" }</p>
            <StatusLine message={(*status).clone()} />
            { form }
            <section class="office-section" aria-labelledby="notice-list-title">
                <h2 id="notice-list-title">{ "督办件" }</h2>
                <div class="ledger-filters">
                    <div class="segmented" role="group" aria-label="按状态筛选">
                        { for FILTERS.iter().map(|(value, label)| {
                            let pressed = current_state == *value;
                            let onclick = {
                                let set = set(|f, v| f.state = (!v.is_empty()).then_some(v));
                                let value = value.to_string();
                                Callback::from(move |_: MouseEvent| set(value.clone()))
                            };
                            html! {
                                <button type="button" class={classes!("seg", pressed.then_some("seg-on"))}
                                    aria-pressed={if pressed { "true" } else { "false" }} {onclick} data-filter={*value}>
                                    { *label }
                                </button>
                            }
                        }) }
                    </div>
                    <label class="inline-field">
                        <span class="visually-hidden">{ "督办等级" }</span>
                        <select id="ledger-grade" class="input" onchange={on_grade}>
                            { for GRADES.iter().map(|(v, l)| html! {
                                <option value={*v} selected={filter.grade.as_deref().unwrap_or("") == *v}>{ *l }</option>
                            }) }
                        </select>
                    </label>
                    <label class="inline-field">
                        <input id="ledger-overdue" type="checkbox" checked={filter.overdue} onchange={on_overdue} />
                        { " 只看逾期" }
                    </label>
                    <button type="button" id="ledger-export" class="button button-secondary button-small" onclick={export}>
                        { "导出台账（Excel）" }
                    </button>
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
    let grade = use_state(|| "blue".to_string());
    // Blank: the grade's working days (the server's rule).
    let answer_by = use_state(String::new);
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
        let (item, reason, answer_by, errors, busy, grade) = (
            item.clone(),
            reason.clone(),
            answer_by.clone(),
            errors.clone(),
            busy.clone(),
            grade.clone(),
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
            if !answer_by.is_empty() && date.is_none() {
                found.insert("answer_by", "请选择反馈时限，或留空按等级计算".to_string());
            }
            if !found.is_empty() {
                errors.set(found);
                return;
            }
            errors.set(HashMap::new());
            let Some(item_id) = item_id else {
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
                grade: Grade::parse(&grade),
                answer_by: date,
                instruction_id: None,
            };
            let (reason, errors, busy, on_done) = (reason.clone(), errors.clone(), busy.clone(), on_done.clone());
            spawn_local(async move {
                match api::notices::issue_notice(item_id, body).await {
                    Ok(n) => {
                        busy.set(false);
                        reason.set(String::new());
                        on_done.emit((
                            true,
                            format!("已向第{number}项责任单位发出{}（{}）。", n.number, n.grade.label_zh()),
                        ));
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
            <h2 id="issue-title">{ "发出督查通知书" }</h2>
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
                <div class="field">
                    <label for="notice-grade">{ "督办等级" }</label>
                    <select id="notice-grade" class="input" onchange={let g = grade.clone(); Callback::from(move |e: Event| g.set(e.target_unchecked_into::<HtmlSelectElement>().value()))}>
                        { for GRADES.iter().skip(1).rev().map(|(v, l)| html! { <option value={*v} selected={*grade == *v}>{ *l }</option> }) }
                    </select>
                </div>
                <div class={field_class("answer_by")}>
                    <label for="notice-answer-by">{ "反馈时限（留空按等级计算）" }</label>
                    <DateInput id="notice-answer-by" classes={classes!("input", "input-date")} value={(*answer_by).clone()}
                        onchange={on_answer_by} min={today.map(date_value)} invalid={errors.contains_key("answer_by")}
                        described_by={errors.contains_key("answer_by").then(|| "notice-answer-by-error".to_string())} />
                    if let Some(e) = err("answer_by") { <p id="notice-answer-by-error" class="field-error">{ e }</p> }
                </div>
                <div class="form-actions">
                    <button id="notice-submit" type="submit" class="button" disabled={*busy}>
                        { if *busy { "正在发出…" } else { "发出督查通知书" } }
                    </button>
                </div>
            </form>
        </section>
    }
}
