//! `/office/reviews`: the monthly reports waiting for the office — accept, or return with a
//! reason the unit then sees.

use std::collections::HashMap;
use std::rc::Rc;

use duban_shared::api::ItemDetail;
use duban_shared::reporting::Report;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::api;
use crate::api::items::ItemFilter;
use crate::components::office_frame::{OfficeFrame, StatusLine};
use crate::components::{ErrorPanel, RouteLink};
use crate::error_messages::write_error;
use crate::format::{date_zh, figure, period_zh, time_zh};
use crate::hooks::{after_render, use_load, use_title, Load};
use crate::routes::Route;

struct Queue {
    reports: Vec<Report>,
    items: HashMap<i32, ItemDetail>,
}

#[component]
pub fn ReviewsPage() -> Html {
    use_title(Some("月报审核".to_string()));
    html! {
        <OfficeFrame current={Route::OfficeReviews}>
            <Reviews />
        </OfficeFrame>
    }
}

#[component]
fn Reviews() -> Html {
    let loaded = use_load((), |()| async {
        let year = api::plans::year_or_current(None).await?;
        let queue = api::reports::review_queue(year).await?;
        let items = api::items::items(year, &ItemFilter::default()).await?;
        Ok::<_, crate::api::ApiError>(Queue {
            reports: queue.reports,
            items: items.items.into_iter().map(|i| (i.id, i)).collect(),
        })
    });
    let status = use_state(|| None::<(bool, String)>);
    let on_done = {
        let (status, retry) = (status.clone(), loaded.retry.clone());
        Callback::from(move |message: (bool, String)| {
            status.set(Some(message));
            retry.emit(());
        })
    };
    let body = match &*loaded.state {
        Load::Loading => html! { <p role="status">{ "正在加载…" }</p> },
        Load::Failed(error) => html! {
            <ErrorPanel title="无法获取待审核月报" error={error.clone()} on_retry={loaded.retry.clone()} />
        },
        Load::Ready(queue) if queue.reports.is_empty() => html! {
            <p class="panel-empty" id="reviews-empty">{ "目前没有待审核的月报。" }</p>
        },
        Load::Ready(queue) => html! {
            <ul class="card-list" id="review-list">
                { for queue.reports.iter().map(|r| html! {
                    <ReviewCard key={r.id} report={Rc::new(r.clone())}
                        item={queue.items.get(&r.item_id).cloned().map(Rc::new)} on_done={on_done.clone()} />
                }) }
            </ul>
        },
    };
    let count = match &*loaded.state {
        Load::Ready(q) => format!("（{}份）", q.reports.len()),
        _ => String::new(),
    };
    html! {
        <section aria-labelledby="reviews-title">
            <h1 id="reviews-title">{ format!("待审核月报{count}") }</h1>
            <p class="muted">{ "责任单位报送的月报在此审核：内容属实、数据完整的予以采纳；需要补充或更正的，写明原因退回，单位修改后重新报送。" }</p>
            <super::chase::ChasePanel />
            <StatusLine message={(*status).clone()} />
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ReviewCardProps {
    report: Rc<Report>,
    item: Option<Rc<ItemDetail>>,
    on_done: Callback<(bool, String)>,
}

#[component]
fn ReviewCard(props: &ReviewCardProps) -> Html {
    let r = &props.report;
    let returning = use_state(|| false);
    let reason = use_state(String::new);
    let reason_error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let reason_ref = use_node_ref();
    let short = props
        .item
        .as_ref()
        .map(|i| format!("第{}项", i.number))
        .unwrap_or_default();
    let period = r.period;
    let (item_id, version) = (r.item_id, r.version);

    let accept = {
        let (busy, on_done, short) = (busy.clone(), props.on_done.clone(), short.clone());
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            let (busy, on_done, short) = (busy.clone(), on_done.clone(), short.clone());
            spawn_local(async move {
                match api::reports::accept_report(item_id, period, version).await {
                    Ok(_) => on_done.emit((true, format!("已采纳{short}{}月报。", period_zh(period)))),
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) => {
                        busy.set(false);
                        on_done.emit((false, write_error(&e)));
                    }
                }
            });
        })
    };
    let start_return = {
        let (returning, reason_ref) = (returning.clone(), reason_ref.clone());
        Callback::from(move |_: MouseEvent| {
            returning.set(true);
            let reason_ref = reason_ref.clone();
            // Focus the reason once it is on the page.
            after_render(move || {
                if let Some(el) = reason_ref.cast::<HtmlTextAreaElement>() {
                    let _ = el.focus();
                }
            });
        })
    };
    let cancel_return = {
        let (returning, reason_error) = (returning.clone(), reason_error.clone());
        Callback::from(move |_: MouseEvent| {
            returning.set(false);
            reason_error.set(None);
        })
    };
    let on_reason = {
        let (reason, reason_error) = (reason.clone(), reason_error.clone());
        Callback::from(move |e: InputEvent| {
            reason.set(e.target_unchecked_into::<HtmlTextAreaElement>().value());
            reason_error.set(None);
        })
    };
    let submit_return = {
        let (busy, reason, reason_error, on_done, short) = (
            busy.clone(),
            reason.clone(),
            reason_error.clone(),
            props.on_done.clone(),
            short.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let text = reason.trim().to_string();
            if text.is_empty() {
                reason_error.set(Some("请写明退回原因，单位将据此修改".to_string()));
                return;
            }
            busy.set(true);
            let (busy, reason_error, on_done, short) =
                (busy.clone(), reason_error.clone(), on_done.clone(), short.clone());
            spawn_local(async move {
                match api::reports::return_report(item_id, period, version, text).await {
                    Ok(_) => on_done.emit((
                        true,
                        format!("已退回{short}{}月报，单位将看到退回原因。", period_zh(period)),
                    )),
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) => {
                        busy.set(false);
                        if e.fields.iter().any(|f| f.field == "reason") {
                            reason_error.set(e.fields.first().map(|f| f.message.clone()));
                        } else {
                            on_done.emit((false, write_error(&e)));
                        }
                    }
                }
            });
        })
    };

    let reason_id = format!("return-reason-{}", r.id);
    html! {
        <li class="card review-card" data-report={r.id.to_string()} data-item-id={r.item_id.to_string()} aria-labelledby={review_title_id(r.id)}>
            { review_head(r, props.item.as_deref()) }
            { report_text(r, props.item.as_deref()) }
            if *returning {
                <ReturnForm {reason_id} reason={(*reason).clone()} error={(*reason_error).clone()} busy={*busy}
                    node_ref={reason_ref} oninput={on_reason} onsubmit={submit_return} oncancel={cancel_return} />
            } else {
                <div class="card-actions">
                    <button type="button" class="button accept-button" onclick={accept} disabled={*busy}>{ "采纳" }</button>
                    <button type="button" class="button button-secondary return-button" onclick={start_return} disabled={*busy}>{ "退回…" }</button>
                </div>
            }
        </li>
    }
}

fn review_title_id(report_id: i32) -> String {
    format!("review-{report_id}-title")
}

/// The card's title (the item) and what is known of the report's sending.
fn review_head(r: &Report, item: Option<&ItemDetail>) -> Html {
    let label = match item {
        Some(i) => format!("第{}项　{}", i.number, i.content),
        None => format!("项目{}", r.item_id),
    };
    let unit = item.map(|i| i.lead_unit.name.clone()).unwrap_or_default();
    let submitted = r.versions.last().map(|v| (v.submitted_by.clone(), v.submitted_at));
    html! {
        <header class="card-head">
            <h2 id={review_title_id(r.id)} class="card-title">
                <RouteLink to={Route::Item { id: r.item_id }}>{ label }</RouteLink>
            </h2>
            <p class="card-meta">
                <span class="flag">{ format!("{}月报", period_zh(r.period)) }</span>
                { format!("　{}", unit) }
                if let Some((by, at)) = submitted {
                    { format!("　{} 报送于{}", by, time_zh(at)) }
                }
                if r.late {
                    <span class="flag flag-warn">{ format!("逾期报送（应于{}前）", date_zh(r.due_on)) }</span>
                }
                if r.versions.len() > 1 {
                    <span class="flag">{ format!("第{}次报送", r.versions.len()) }</span>
                }
            </p>
        </header>
    }
}

/// What the unit reported: the texts, and each indicator's cumulative value.
fn report_text(r: &Report, item: Option<&ItemDetail>) -> Html {
    let indicator_name = |id: i32| {
        item.and_then(|i| i.indicators.iter().find(|ind| ind.id == id))
            .map(|ind| (ind.name.clone(), ind.measure.clone()))
            .unwrap_or_else(|| (format!("指标{id}"), String::new()))
    };
    html! {
        <dl class="report-text">
            <dt>{ "工作进展" }</dt>
            <dd>{ &r.progress }</dd>
            if !r.problems.trim().is_empty() {
                <dt>{ "存在问题" }</dt>
                <dd>{ &r.problems }</dd>
            }
            if !r.next_steps.trim().is_empty() {
                <dt>{ "下步计划" }</dt>
                <dd>{ &r.next_steps }</dd>
            }
            if !r.values.is_empty() {
                <dt>{ "指标累计完成" }</dt>
                <dd>
                    <ul class="values">
                        { for r.values.iter().map(|v| {
                            let (name, measure) = indicator_name(v.indicator_id);
                            html! { <li>{ format!("{name}：{}{measure}", figure(v.value)) }</li> }
                        }) }
                    </ul>
                </dd>
            }
        </dl>
    }
}

#[derive(Properties, PartialEq)]
struct ReturnFormProps {
    reason_id: String,
    reason: String,
    error: Option<String>,
    busy: bool,
    node_ref: NodeRef,
    oninput: Callback<InputEvent>,
    onsubmit: Callback<SubmitEvent>,
    oncancel: Callback<MouseEvent>,
}

/// The reason asked for before a report goes back to its unit.
#[component]
fn ReturnForm(props: &ReturnFormProps) -> Html {
    let reason_id = &props.reason_id;
    let reason_err_id = format!("{reason_id}-error");
    let invalid = props.error.is_some();
    html! {
        <form class="form return-form" onsubmit={props.onsubmit.clone()} novalidate=true>
            <div class={classes!("field", invalid.then_some("field-invalid"))}>
                <label for={reason_id.clone()}>{ "退回原因" }</label>
                <textarea id={reason_id.clone()} class="input return-reason-input" rows="3" ref={props.node_ref.clone()}
                    value={props.reason.clone()} oninput={props.oninput.clone()}
                    aria-invalid={invalid.then_some("true")}
                    aria-describedby={invalid.then(|| reason_err_id.clone())} />
                if let Some(err) = &props.error {
                    <p id={reason_err_id.clone()} class="field-error">{ err.clone() }</p>
                }
            </div>
            <div class="form-actions">
                <button type="submit" class="button button-danger return-confirm" disabled={props.busy}>{ "确认退回" }</button>
                <button type="button" class="button button-secondary" onclick={props.oncancel.clone()} disabled={props.busy}>{ "取消" }</button>
            </div>
        </form>
    }
}
