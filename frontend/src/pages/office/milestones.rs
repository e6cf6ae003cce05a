//! `/office/milestones`: milestones the units marked complete; the office reopens one (with
//! a reason the unit sees) when an on-site check finds it is not done.

use std::rc::Rc;

use duban_shared::api::{ItemDetail, Milestone};
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::api;
use crate::api::items::ItemFilter;
use crate::components::office_frame::{OfficeFrame, StatusLine};
use crate::components::{ErrorPanel, RouteLink};
use crate::error_messages::write_error;
use crate::format::{date_zh, due_zh, shorten};
use crate::hooks::{use_load, use_title, Load};
use crate::routes::Route;

#[component]
pub fn MilestonesPage() -> Html {
    use_title(Some("节点重开".to_string()));
    html! {
        <OfficeFrame current={Route::OfficeMilestones}>
            <Milestones />
        </OfficeFrame>
    }
}

#[component]
fn Milestones() -> Html {
    let loaded = use_load((), |()| async {
        let year = api::plans::year_or_current(None).await?;
        api::items::items(year, &ItemFilter::default()).await
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
            html! { <ErrorPanel title="无法获取项目节点" error={e.clone()} on_retry={loaded.retry.clone()} /> }
        }
        Load::Ready(list) => {
            let done: Vec<(Rc<ItemDetail>, Milestone)> = list
                .items
                .iter()
                .flat_map(|i| {
                    let item = Rc::new(i.clone());
                    i.milestones
                        .iter()
                        .filter(|m| m.completed_on.is_some())
                        .map(move |m| (item.clone(), m.clone()))
                })
                .collect();
            if done.is_empty() {
                html! { <p class="panel-empty">{ "目前没有已完成的节点。" }</p> }
            } else {
                html! {
                    <ul class="card-list" id="milestone-list">
                        { for done.into_iter().map(|(item, m)| html! {
                            <MilestoneCard key={m.id} {item} milestone={Rc::new(m.clone())} on_done={on_done.clone()} />
                        }) }
                    </ul>
                }
            }
        }
    };
    html! {
        <section aria-labelledby="milestones-title">
            <h1 id="milestones-title">{ "已完成节点（可重开）" }</h1>
            <p class="muted">{ "现场核查发现节点实际未完成的，可重新打开并写明原因；该节点恢复为未完成，责任单位将看到原因。" }</p>
            <StatusLine message={(*status).clone()} />
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct MilestoneCardProps {
    item: Rc<ItemDetail>,
    milestone: Rc<Milestone>,
    on_done: Callback<(bool, String)>,
}

#[component]
fn MilestoneCard(props: &MilestoneCardProps) -> Html {
    let (item, m) = (&props.item, &props.milestone);
    let open = use_state(|| false);
    let reason = use_state(String::new);
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let reason_id = format!("reopen-{}-reason", m.id);
    let error_id = format!("{reason_id}-error");
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let on_reason = {
        let (reason, error) = (reason.clone(), error.clone());
        Callback::from(move |e: InputEvent| {
            reason.set(e.target_unchecked_into::<HtmlTextAreaElement>().value());
            error.set(None);
        })
    };
    let onsubmit = {
        let (reason, error, busy, on_done) = (reason.clone(), error.clone(), busy.clone(), props.on_done.clone());
        let (id, version, number) = (m.id, m.version, item.number);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let text = reason.trim().to_string();
            if text.is_empty() {
                error.set(Some("请写明重新打开的原因".to_string()));
                return;
            }
            busy.set(true);
            let (busy, on_done) = (busy.clone(), on_done.clone());
            spawn_local(async move {
                match api::milestones::reopen_milestone(id, version, text).await {
                    Ok(_) => on_done.emit((true, format!("已重新打开第{number}项的节点。"))),
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) => {
                        busy.set(false);
                        on_done.emit((false, write_error(&e)));
                    }
                }
            });
        })
    };
    let title_id = format!("milestone-{}-title", m.id);
    html! {
        <li class="card" data-milestone-id={m.id.to_string()} aria-labelledby={title_id.clone()}>
            <header class="card-head">
                <h2 id={title_id} class="card-title">
                    <RouteLink to={Route::Item { id: item.id }}>{ format!("第{}项　{}", item.number, shorten(&item.content, 40)) }</RouteLink>
                </h2>
                <p class="card-meta">{ &item.lead_unit.name }</p>
            </header>
            <dl class="report-text">
                <dt>{ "节点" }</dt>
                <dd>{ format!("{}：{}", due_zh(m.due_date), m.target_text) }</dd>
                <dt>{ "完成情况" }</dt>
                <dd>
                    { m.completed_on.map(|d| format!("{}完成", date_zh(d))).unwrap_or_default() }
                    if let Some(note) = &m.completion_note { { format!("，{note}") } }
                    { format!("（佐证材料{}份）", m.evidence.len()) }
                </dd>
            </dl>
            if *open {
                <form class="form" {onsubmit} novalidate=true>
                    <div class={classes!("field", error.is_some().then_some("field-invalid"))}>
                        <label for={reason_id.clone()}>{ "重开原因" }</label>
                        <textarea id={reason_id} class="input" rows="2" value={(*reason).clone()} oninput={on_reason}
                            aria-invalid={error.is_some().then_some("true")} aria-describedby={error.is_some().then(|| error_id.clone())} />
                        if let Some(e) = &*error { <p id={error_id.clone()} class="field-error">{ e.clone() }</p> }
                    </div>
                    <div class="form-actions">
                        <button type="submit" class="button button-danger" disabled={*busy}>{ "确认重开" }</button>
                        <button type="button" class="button button-secondary" onclick={toggle}>{ "取消" }</button>
                    </div>
                </form>
            } else {
                <div class="card-actions">
                    <button type="button" class="button button-secondary" onclick={toggle}>{ "重新打开…" }</button>
                </div>
            }
        </li>
    }
}
