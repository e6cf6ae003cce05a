//! `/items/:id`: one item of a plan — its content, unit, milestones and indicator targets.

use std::rc::Rc;

use duban_shared::api::ItemDetail;
use yew::prelude::*;

use crate::api;
use crate::app::Route;
use crate::components::{ErrorPanel, LoadingNotice, RouteLink};
use crate::format::{date_zh, due_zh, figure, month_day_zh};
use crate::hooks::{use_load, use_title, Load};
use crate::pages::plan::category_label;

#[derive(Properties, PartialEq)]
pub struct ItemPageProps {
    pub id: i32,
}

#[component]
pub fn ItemPage(props: &ItemPageProps) -> Html {
    let loaded = use_load(props.id, api::item);
    use_title(Some(match &*loaded.state {
        Load::Ready(item) => format!("第{}项 · {}年民生实事", item.number, item.plan_year),
        _ => "民生实事项目".to_string(),
    }));
    match &*loaded.state {
        Load::Loading => html! { <div class="item-loading"><LoadingNotice /></div> },
        Load::Failed(error) => html! {
            <ErrorPanel
                title="无法获取项目详情"
                error={error.clone()}
                not_found_message="未找到该项目，可能地址有误或项目已被删除。"
                on_retry={loaded.retry.clone()}
            />
        },
        Load::Ready(item) => html! { <ItemView item={item.clone()} /> },
    }
}

#[derive(Properties, PartialEq)]
struct ItemViewProps {
    item: Rc<ItemDetail>,
}

#[component]
fn ItemView(props: &ItemViewProps) -> Html {
    let item = &props.item;
    let plan_route = Route::Plan { year: item.plan_year };
    let co_units = (!item.co_units.is_empty()).then(|| {
        let names: Vec<&str> = item.co_units.iter().map(|u| u.name.as_str()).collect();
        html! {
            <>
                <dt>{ "配合单位" }</dt>
                <dd>{ names.join("、") }</dd>
            </>
        }
    });
    html! {
        <>
            <nav class="breadcrumb" aria-label="当前位置">
                <ol>
                    <li>
                        <RouteLink to={plan_route.clone()}>{ format!("{}年民生实事", item.plan_year) }</RouteLink>
                    </li>
                    <li aria-current="page">{ format!("第{}项", item.number) }</li>
                </ol>
            </nav>
            <article class="item" aria-labelledby="item-title" data-item-page={item.number.to_string()}>
                <header class="item-head">
                    <p class="item-category">{ category_label(item.category_ordinal, &item.category_title) }</p>
                    <h1 id="item-title" class="item-title">{ format!("第{}项", item.number) }</h1>
                </header>
                <dl class="item-facts">
                    <dt>{ "具体内容" }</dt>
                    <dd class="item-content">{ &item.content }</dd>
                    <dt>{ "责任单位" }</dt>
                    <dd>{ &item.lead_unit.name }</dd>
                    { for co_units }
                </dl>

                <section class="item-section" aria-labelledby="milestones-title">
                    <h2 id="milestones-title">{ "节点计划" }</h2>
                    <div class="table-wrap">
                        <table class="data-table milestone-table" aria-labelledby="milestones-title">
                            <thead>
                                <tr>
                                    <th scope="col" class="col-due">{ "时限" }</th>
                                    <th scope="col">{ "节点目标" }</th>
                                    <th scope="col" class="col-state">{ "完成情况" }</th>
                                </tr>
                            </thead>
                            <tbody>
                                { for item.milestones.iter().map(|m| html! {
                                    <tr key={m.id} data-milestone={m.seq.to_string()}>
                                        <th scope="row">
                                            <time datetime={m.due_date.format("%Y-%m-%d").to_string()}>{ due_zh(m.due_date) }</time>
                                        </th>
                                        <td class="milestone-text">{ &m.target_text }</td>
                                        <td class="cell-state">
                                            { match m.completed_on {
                                                Some(d) => html! { <span class="state-done">{ format!("已完成（{}）", date_zh(d)) }</span> },
                                                None => html! { <span class="state-open">{ "未完成" }</span> },
                                            } }
                                        </td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                </section>

                <IndicatorTable item={item.clone()} />

                <p class="back-link">
                    <RouteLink to={plan_route}>{ format!("← 返回{}年民生实事计划表", item.plan_year) }</RouteLink>
                </p>
            </article>
        </>
    }
}

/// Each indicator against the milestones: the cumulative target each one sets, and the year's.
#[component]
fn IndicatorTable(props: &ItemViewProps) -> Html {
    let item = &props.item;
    let body = if item.indicators.is_empty() {
        html! { <p class="muted">{ "本项目的节点计划没有设定可量化的指标。" }</p> }
    } else {
        html! {
            // Focusable so that keyboard users can scroll it sideways on a phone.
            <div class="table-wrap" tabindex="0" role="region" aria-label="量化指标表">
                <table class="data-table indicator-table" aria-labelledby="indicators-title">
                    <thead>
                        <tr>
                            <th scope="col">{ "指标" }</th>
                            <th scope="col">{ "单位" }</th>
                            { for item.milestones.iter().map(|m| html! {
                                <th scope="col" class="num" key={m.id}>{ format!("{}前", month_day_zh(m.due_date)) }</th>
                            }) }
                            <th scope="col" class="num">{ "全年目标" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for item.indicators.iter().map(|ind| html! {
                            <tr key={ind.id} data-indicator={ind.seq.to_string()}>
                                <th scope="row">{ &ind.name }</th>
                                <td>{ &ind.measure }</td>
                                { for item.milestones.iter().map(|m| {
                                    let target = ind.targets.iter().find(|t| t.milestone_id == m.id);
                                    match target {
                                        Some(t) => html! { <td class="num" key={m.id}>{ figure(t.target) }</td> },
                                        None => html! {
                                            <td class="num muted" key={m.id}>
                                                <span aria-hidden="true">{ "—" }</span>
                                                <span class="visually-hidden">{ "无" }</span>
                                            </td>
                                        },
                                    }
                                }) }
                                <td class="num strong">{ figure(ind.final_target) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        }
    };
    html! {
        <section class="item-section" aria-labelledby="indicators-title">
            <h2 id="indicators-title">{ "量化指标（累计目标）" }</h2>
            { body }
        </section>
    }
}
