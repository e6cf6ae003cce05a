//! `/plans/:year`: the plan as the notice prints it — heading, then the table
//! 项目分类 | 序号 | 具体内容 | 节点计划 | 责任单位.

use std::collections::BTreeSet;
use std::rc::Rc;

use duban_shared::api::{CategoryDetail, ItemDetail, PlanDetail, PlanStatus};
use yew::prelude::*;

use crate::api;
use crate::components::FinalResultTag;
use crate::components::{ErrorPanel, RouteLink};
use crate::format::{category_label, date_value, date_zh, due_zh};
use crate::hooks::{use_load, use_title, Load};
use crate::routes::Route;

#[derive(Properties, PartialEq)]
pub struct PlanPageProps {
    pub year: i32,
}

#[component]
pub fn PlanPage(props: &PlanPageProps) -> Html {
    let year = props.year;
    let loaded = use_load(year, api::plans::plan);
    use_title(Some(match &*loaded.state {
        Load::Ready(plan) => plan.title.clone(),
        _ => format!("{year}年民生实事"),
    }));
    match &*loaded.state {
        Load::Loading => html! { <PlanSkeleton {year} /> },
        Load::Failed(error) => html! {
            <ErrorPanel
                title={format!("无法获取{year}年民生实事计划")}
                error={error.clone()}
                not_found_message={format!("系统中没有{year}年的民生实事计划。")}
                on_retry={loaded.retry.clone()}
            />
        },
        Load::Ready(plan) => html! { <PlanView plan={plan.clone()} /> },
    }
}

#[derive(Properties, PartialEq)]
struct PlanViewProps {
    plan: Rc<PlanDetail>,
}

#[component]
fn PlanView(props: &PlanViewProps) -> Html {
    let plan = &props.plan;
    let item_count = plan.items().count();
    let unit_count = plan.items().map(|i| i.lead_unit.id).collect::<BTreeSet<_>>().len();
    html! {
        <article class="notice" aria-labelledby="notice-title">
            <NoticeHead plan={plan.clone()} />
            <section class="plan-section" aria-labelledby="plan-title">
                <h2 id="plan-title" class="plan-title">{ &plan.title }</h2>
                <p class="plan-counts" data-testid="plan-counts">
                    { format!("共{}类 {}项，牵头单位{}个", plan.categories.len(), item_count, unit_count) }
                </p>
                <div class="table-wrap">
                    <table id="plan-table" class="plan-table" aria-labelledby="plan-title">
                        <TableHead />
                        { for plan.categories.iter().map(category_rows) }
                    </table>
                </div>
            </section>
        </article>
    }
}

#[derive(Properties, PartialEq)]
struct NoticeHeadProps {
    plan: Rc<PlanDetail>,
}

#[component]
fn NoticeHead(props: &NoticeHeadProps) -> Html {
    let plan = &props.plan;
    let issued = plan.issued_on.map(|d| {
        html! {
            <>
                { "　" }
                <time datetime={date_value(d)}>{ date_zh(d) }</time>
            </>
        }
    });
    html! {
        <header class="notice-head">
            <p class="notice-issuer-mast">{ &plan.issuer }</p>
            <p class="notice-doc-number">{ &plan.doc_number }</p>
            <h1 id="notice-title" class="notice-title">
                { &plan.notice_title }
                if plan.status == PlanStatus::Draft {
                    <span class="badge badge-draft">{ PlanStatus::Draft.label_zh() }</span>
                }
                if plan.closed_at.is_some() {
                    <span class="badge badge-closed" id="plan-closed">{ "已年终销号" }</span>
                }
            </h1>
            <p class="notice-meta">
                <span class="notice-issuer">{ &plan.issuer }</span>
                { for issued }
            </p>
        </header>
    }
}

#[component]
fn TableHead() -> Html {
    html! {
        <>
            <colgroup>
                <col class="col-category" />
                <col class="col-number" />
                <col class="col-content" />
                <col class="col-milestones" />
                <col class="col-unit" />
            </colgroup>
            <thead>
                <tr>
                    <th scope="col">{ "项目分类" }</th>
                    <th scope="col">{ "序号" }</th>
                    <th scope="col">{ "具体内容" }</th>
                    <th scope="col">{ "节点计划" }</th>
                    <th scope="col">{ "责任单位" }</th>
                </tr>
            </thead>
        </>
    }
}

fn category_rows(category: &CategoryDetail) -> Html {
    let ordinal = category.ordinal.to_string();
    let label = category_label(category.ordinal, &category.title);
    let rows = category.items.len().max(1);
    let head = html! {
        <th scope="rowgroup" rowspan={rows.to_string()} class="cell-category" data-category={ordinal.clone()}>
            { label }
        </th>
    };
    if category.items.is_empty() {
        return html! {
            <tbody class="category-group" data-category={ordinal} key={category.id}>
                <tr>
                    { head }
                    <td colspan="4" class="cell-empty">{ "（本类暂无项目）" }</td>
                </tr>
            </tbody>
        };
    }
    html! {
        <tbody class="category-group" data-category={ordinal} key={category.id}>
            { for category.items.iter().enumerate().map(|(i, item)| item_row(item, (i == 0).then(|| head.clone()))) }
        </tbody>
    }
}

fn item_row(item: &ItemDetail, category_head: Option<Html>) -> Html {
    let to = Route::Item { id: item.id };
    let co_units = (!item.co_units.is_empty()).then(|| {
        let names: Vec<&str> = item.co_units.iter().map(|u| u.name.as_str()).collect();
        html! { <span class="co-units">{ format!("配合：{}", names.join("、")) }</span> }
    });
    html! {
        <tr data-item={item.number.to_string()} key={item.id}>
            { for category_head }
            <td class="cell-number" data-label="序号">
                <RouteLink to={to.clone()} tabindex="-1" aria_label={format!("第{}项", item.number)}>
                    { item.number }
                </RouteLink>
            </td>
            <td class="cell-content" data-label="具体内容">
                <RouteLink to={to}>{ &item.content }</RouteLink>
            </td>
            <td class="cell-milestones" data-label="节点计划">
                <ol class="milestones">
                    { for item.milestones.iter().map(|m| html! {
                        <li key={m.id}>
                            <span class="milestone-due">{ format!("{}：", due_zh(m.due_date)) }</span>
                            <span class="milestone-text">{ &m.target_text }</span>
                            if m.completed_on.is_some() {
                                <span class="milestone-done">{ "（已完成）" }</span>
                            }
                        </li>
                    }) }
                </ol>
            </td>
            <td class="cell-unit" data-label="责任单位">
                <span class="lead-unit">{ &item.lead_unit.name }</span>
                { for co_units }
                if item.final_result.is_some() {
                    <span class="final-result" title={item.final_note.clone()}>
                        { "年终：" }<FinalResultTag result={item.final_result} />
                    </span>
                }
            </td>
        </tr>
    }
}

#[derive(Properties, PartialEq)]
struct PlanSkeletonProps {
    year: i32,
}

/// The page's shape while the plan loads, so nothing jumps when it arrives.
#[component]
fn PlanSkeleton(props: &PlanSkeletonProps) -> Html {
    let rows = (0..6).map(|i| {
        html! {
            <tr key={i}>
                <td class="cell-category"><span class="bone bone-short"></span></td>
                <td class="cell-number"><span class="bone bone-tiny"></span></td>
                <td class="cell-content"><span class="bone"></span><span class="bone bone-short"></span></td>
                <td class="cell-milestones">
                    <span class="bone"></span><span class="bone"></span><span class="bone"></span><span class="bone bone-short"></span>
                </td>
                <td class="cell-unit"><span class="bone bone-short"></span></td>
            </tr>
        }
    });
    html! {
        <div class="notice plan-skeleton" aria-busy="true">
            <h1 class="visually-hidden">{ format!("{}年民生实事计划", props.year) }</h1>
            <div class="notice-head" aria-hidden="true">
                <p class="notice-issuer-mast"><span class="bone bone-mast"></span></p>
                <p class="notice-doc-number"><span class="bone bone-docno"></span></p>
                <p class="notice-title"><span class="bone bone-title"></span></p>
                <p class="notice-meta"><span class="bone bone-meta"></span></p>
            </div>
            <div class="plan-section">
                <p class="plan-title" aria-hidden="true"><span class="bone bone-title"></span></p>
                <p class="plan-counts" role="status">{ "正在加载…" }</p>
                <div class="table-wrap" aria-hidden="true">
                    <table class="plan-table skeleton-table">
                        <TableHead />
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
            </div>
        </div>
    }
}
