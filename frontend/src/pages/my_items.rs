//! `/my-items` (我的事项): the items the user's unit leads, each with its light, its next
//! deadline and the state of this month's report.

use duban_shared::api::ItemDetail;
use yew::prelude::*;

use crate::access::own_unit_code;
use crate::components::unit::no_items_panel;
use crate::components::unit::{LightBadge, ReportStateTag};
use crate::components::{ErrorPanel, RouteLink};
use crate::format::{date_zh, due_zh, month_zh};
use crate::hooks::{use_load, use_title, Load};
use crate::routes::Route;
use crate::session::use_session;
use crate::workspace::{load_workspace, report_months, Workspace};

#[component]
pub fn MyItemsPage() -> Html {
    use_title(Some("我的事项".to_string()));
    let session = use_session();
    let unit = own_unit_code(session.session.as_deref());
    let loaded = use_load(unit, |unit| async move {
        match unit {
            Some(unit) => load_workspace(unit).await.map(Some),
            None => Ok(None),
        }
    });
    match &*loaded.state {
        Load::Loading => html! {
            <div class="unit-page" aria-busy="true">
                <div class="unit-head">
                    <h1>{ "我的事项" }</h1>
                    <p class="muted" role="status">{ "正在加载…" }</p>
                </div>
                <div class="todo-skeleton">
                    <div class="bone bone-title"></div>
                    <div class="bone"></div>
                    <div class="bone bone-short"></div>
                </div>
            </div>
        },
        Load::Failed(error) => html! {
            <ErrorPanel title="无法获取本单位的项目" error={error.clone()} on_retry={loaded.retry.clone()} />
        },
        Load::Ready(ws) => match ws.as_ref() {
            None => html! {
                <section class="panel" aria-labelledby="my-items-title">
                    <h1 id="my-items-title">{ "我的事项" }</h1>
                    <p>{ "“我的事项”面向责任单位账号。" }</p>
                    <p><RouteLink to={Route::Home} classes="button">{ "查看民生实事" }</RouteLink></p>
                </section>
            },
            Some(ws) => html! { <MyItemsView ws={ws.clone()} /> },
        },
    }
}

#[derive(Properties, PartialEq)]
struct MyItemsViewProps {
    ws: Workspace,
}

fn next_milestone(item: &ItemDetail) -> Option<&duban_shared::api::Milestone> {
    item.milestones
        .iter()
        .filter(|m| m.completed_on.is_none())
        .min_by_key(|m| m.due_date)
}

#[component]
fn MyItemsView(props: &MyItemsViewProps) -> Html {
    let ws = &props.ws;
    let (Some(year), Some(as_of)) = (ws.year, ws.as_of()) else {
        return no_items_panel("my-items-title", "我的事项");
    };
    let (due_month, this_month) = report_months(year, as_of);
    html! {
        <div class="unit-page" id="my-items">
            <div class="unit-head">
                <h1>{ "我的事项" }</h1>
                <p class="muted">
                    { format!("{}年民生实事中本单位牵头的{}个项目 · 截至{}", year, ws.items.len(), date_zh(as_of)) }
                </p>
            </div>
            <ul class="item-cards">
                { for ws.items.iter().map(|item| {
                    let next = next_milestone(item);
                    let overdue = next.is_some_and(|m| m.due_date < as_of);
                    let month_state = |p: duban_shared::lights::Period| html! {
                        <span class="month-state" key={p.to_string()}>
                            { format!("{}：", month_zh(p)) }
                            <ReportStateTag state={ws.report(item.id, p).map(|r| r.state)} />
                        </span>
                    };
                    let form_month = due_month
                        .filter(|p| !ws.report(item.id, *p).is_some_and(|r| r.state.is_in()))
                        .or(this_month);
                    html! {
                        <li class="item-card" key={item.id} data-my-item={item.number.to_string()}>
                            <div class="item-card-head">
                                <h2 class="item-card-title">
                                    <RouteLink to={Route::Item { id: item.id }}>{ format!("第{}项", item.number) }</RouteLink>
                                </h2>
                                <LightBadge light={item.light.clone()} />
                            </div>
                            <p class="item-card-content">{ &item.content }</p>
                            <dl class="item-card-facts">
                                <dt>{ "下一节点" }</dt>
                                <dd class={classes!(overdue.then_some("overdue-text"))}>
                                    { match next {
                                        Some(m) => format!("{}{}：{}", due_zh(m.due_date), if overdue { "（已逾期）" } else { "" }, m.target_text),
                                        None => "全部节点已完成".to_string(),
                                    } }
                                </dd>
                                <dt>{ "月报" }</dt>
                                <dd class="month-states">
                                    { for due_month.map(month_state) }
                                    { for this_month.map(month_state) }
                                </dd>
                            </dl>
                            <p class="item-card-actions">
                                if let Some(p) = form_month {
                                    <RouteLink to={Route::ReportForm { id: item.id, period: p.to_string() }} classes="button button-small">
                                        { format!("填报{}月报", month_zh(p)) }
                                        <span class="visually-hidden">{ format!("（第{}项）", item.number) }</span>
                                    </RouteLink>
                                }
                                <RouteLink to={Route::Item { id: item.id }} classes="button button-small button-secondary">
                                    { "查看详情" }
                                    <span class="visually-hidden">{ format!("（第{}项）", item.number) }</span>
                                </RouteLink>
                            </p>
                        </li>
                    }
                }) }
            </ul>
            if !ws.assisting.is_empty() {
                <section class="unit-section" aria-labelledby="assisting-title" id="assisting">
                    <h2 id="assisting-title">{ format!("本单位配合的项目（{}项）", ws.assisting.len()) }</h2>
                    <p class="muted">{ "本单位是这些项目的配合单位：请每月在项目页填写配合情况，牵头单位填报月报时可以看到。" }</p>
                    <ul class="item-cards">
                        { for ws.assisting.iter().map(|item| html! {
                            <li class="item-card" key={item.id} data-assist-item={item.number.to_string()}>
                                <div class="item-card-head">
                                    <h3 class="item-card-title">
                                        <RouteLink to={Route::Item { id: item.id }}>{ format!("第{}项", item.number) }</RouteLink>
                                        <span class="badge badge-assist">{ "配合" }</span>
                                    </h3>
                                    <LightBadge light={item.light.clone()} />
                                </div>
                                <p class="item-card-content">{ &item.content }</p>
                                <p class="muted small">{ format!("牵头单位：{}", item.lead_unit.name) }</p>
                                <p class="item-card-actions">
                                    <RouteLink to={Route::Item { id: item.id }} classes="button button-small">
                                        { "填写配合情况" }
                                        <span class="visually-hidden">{ format!("（第{}项）", item.number) }</span>
                                    </RouteLink>
                                </p>
                            </li>
                        }) }
                    </ul>
                </section>
            }
            <p class="back-link">
                <RouteLink to={Route::Plan { year }}>{ format!("查看{year}年全部民生实事项目（其他单位的项目只能查看）") }</RouteLink>
            </p>
        </div>
    }
}
