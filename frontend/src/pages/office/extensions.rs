//! `/office/extensions`: units' requests to move a milestone's deadline (延期申请) —
//! approve (the deadline moves; the old one stays on record) or refuse, with a reason.

use std::collections::HashMap;
use std::rc::Rc;

use duban_shared::api::ItemDetail;
use duban_shared::supervision::{ExtensionDecision, ExtensionRequest, ExtensionState};
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::api;
use crate::api::items::ItemFilter;
use crate::components::office_frame::{OfficeFrame, StatusLine};
use crate::components::{ErrorPanel, RouteLink};
use crate::error_messages::write_error;
use crate::format::{date_zh, due_zh, shorten, time_zh};
use crate::hooks::{use_load, use_title, Load};
use crate::routes::Route;

#[component]
pub fn ExtensionsPage() -> Html {
    use_title(Some("延期申请".to_string()));
    html! {
        <OfficeFrame current={Route::OfficeExtensions}>
            <Extensions />
        </OfficeFrame>
    }
}

const FILTERS: [(&str, &str); 4] = [
    ("pending", "待审批"),
    ("approved", "已批准"),
    ("refused", "未批准"),
    ("", "全部"),
];

#[component]
fn Extensions() -> Html {
    let filter = use_state(|| "pending".to_string());
    let loaded = use_load((*filter).clone(), |f: String| async move {
        let year = api::plans::year_or_current(None).await?;
        let list = api::extensions::extensions((!f.is_empty()).then_some(f)).await?;
        let items = api::items::items(year, &ItemFilter::default()).await?;
        let items: HashMap<i32, ItemDetail> = items.items.into_iter().map(|i| (i.id, i)).collect();
        Ok::<_, crate::api::ApiError>((list.extensions, items))
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
        Load::Failed(e) => {
            html! { <ErrorPanel title="无法获取延期申请" error={e.clone()} on_retry={loaded.retry.clone()} /> }
        }
        Load::Ready(ready) if ready.0.is_empty() => html! { <p class="panel-empty">{ "没有符合条件的延期申请。" }</p> },
        Load::Ready(ready) => html! {
            <ul class="card-list" id="extension-list">
                { for ready.0.iter().map(|x| html! {
                    <ExtensionCard key={x.id} request={Rc::new(x.clone())}
                        item={ready.1.get(&x.item_id).cloned().map(Rc::new)} on_done={on_done.clone()} />
                }) }
            </ul>
        },
    };
    html! {
        <section aria-labelledby="extensions-title">
            <h1 id="extensions-title">{ "延期申请" }</h1>
            <p class="muted">{ "批准后节点时限改为申请的日期，原时限留档备查；不批准的，节点仍按原时限考核。" }</p>
            <StatusLine message={(*status).clone()} />
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
                            aria-pressed={if pressed { "true" } else { "false" }} {onclick}>{ *label }</button>
                    }
                }) }
            </div>
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ExtensionCardProps {
    request: Rc<ExtensionRequest>,
    item: Option<Rc<ItemDetail>>,
    on_done: Callback<(bool, String)>,
}

#[component]
fn ExtensionCard(props: &ExtensionCardProps) -> Html {
    let x = &props.request;
    let reason = use_state(String::new);
    let busy = use_state(|| false);
    let decide = |approve: bool| {
        let (reason, busy, on_done) = (reason.clone(), busy.clone(), props.on_done.clone());
        let (id, version) = (x.id, x.version);
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            let text = reason.trim().to_string();
            let body = ExtensionDecision {
                approve,
                reason: (!text.is_empty()).then_some(text),
            };
            let (busy, on_done) = (busy.clone(), on_done.clone());
            spawn_local(async move {
                match api::extensions::decide_extension(id, version, body).await {
                    Ok(_) => on_done.emit((
                        true,
                        if approve {
                            "已批准延期申请。"
                        } else {
                            "已决定不批准该延期申请。"
                        }
                        .to_string(),
                    )),
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) => {
                        busy.set(false);
                        on_done.emit((false, write_error(&e)));
                    }
                }
            });
        })
    };
    let on_reason = {
        let reason = reason.clone();
        Callback::from(move |e: InputEvent| reason.set(e.target_unchecked_into::<HtmlTextAreaElement>().value()))
    };
    let milestone = props
        .item
        .as_ref()
        .and_then(|i| i.milestones.iter().find(|m| m.id == x.milestone_id))
        .map(|m| m.target_text.clone())
        .unwrap_or_default();
    let label = match &props.item {
        Some(i) => format!("第{}项　{}", i.number, shorten(&i.content, 40)),
        None => format!("项目{}", x.item_id),
    };
    let title_id = format!("extension-{}-title", x.id);
    let reason_id = format!("extension-{}-reason", x.id);
    html! {
        <li class="card" data-extension={x.id.to_string()} aria-labelledby={title_id.clone()}>
            <header class="card-head">
                <h2 id={title_id} class="card-title"><RouteLink to={Route::Item { id: x.item_id }}>{ label }</RouteLink></h2>
                <p class="card-meta">
                    <span class={if x.state == ExtensionState::Pending { "flag flag-warn" } else { "flag" }}>{ x.state.label_zh() }</span>
                    { format!("　{} 申请于{}", x.requested_by, time_zh(x.requested_at)) }
                </p>
            </header>
            <dl class="report-text">
                <dt>{ "节点" }</dt>
                <dd>{ format!("{}：{}", due_zh(x.original_due), milestone) }</dd>
                <dt>{ "申请延至" }</dt>
                <dd class="strong">{ format!("{}（原定{}）", date_zh(x.requested_due), date_zh(x.original_due)) }</dd>
                <dt>{ "申请理由" }</dt>
                <dd>{ &x.reason }</dd>
                if let Some(by) = &x.decided_by {
                    <dt>{ "审批" }</dt>
                    <dd>
                        { format!("{} {}", by, x.decided_at.map(time_zh).unwrap_or_default()) }
                        if let Some(r) = &x.decision_reason { { format!("：{r}") } }
                    </dd>
                }
            </dl>
            if x.state == ExtensionState::Pending {
                <div class="form">
                    <div class="field">
                        <label for={reason_id.clone()}>{ "审批意见（选填）" }</label>
                        <textarea id={reason_id} class="input" rows="2" value={(*reason).clone()} oninput={on_reason} />
                    </div>
                    <div class="card-actions">
                        <button type="button" class="button" onclick={decide(true)} disabled={*busy}>{ "批准延期" }</button>
                        <button type="button" class="button button-danger" onclick={decide(false)} disabled={*busy}>{ "不批准" }</button>
                    </div>
                </div>
            }
        </li>
    }
}
