//! `/todo` (待办): what a unit must do and by when — reports to submit, reports returned by
//! the office, notices to answer, milestones due soon or overdue — each one click away.

mod cards;

use duban_shared::reporting::ReportState;
use yew::prelude::*;

use self::cards::{due_milestones, instruction_card, milestone_card, notice_card, report_card, returned_card};
use crate::access::own_unit_code;
use crate::components::unit::no_items_panel;
use crate::components::{ErrorPanel, RouteLink};
use crate::format::date_zh;
use crate::hooks::{use_load, use_title, Load};
use crate::routes::Route;
use crate::session::use_session;
use crate::workspace::{load_workspace, report_months, Workspace};

#[component]
pub fn TodoPage() -> Html {
    use_title(Some("待办事项".to_string()));
    let session = use_session();
    let unit = own_unit_code(session.session.as_deref());
    let unit_name = session
        .session
        .as_ref()
        .and_then(|s| s.user.unit.as_ref().map(|u| u.name.clone()))
        .unwrap_or_default();
    let loaded = use_load(unit.clone(), |unit| async move {
        match unit {
            Some(unit) => load_workspace(unit).await.map(Some),
            None => Ok(None),
        }
    });
    match &*loaded.state {
        Load::Loading => html! { <TodoSkeleton /> },
        Load::Failed(error) => html! {
            <ErrorPanel title="无法获取待办事项" error={error.clone()} on_retry={loaded.retry.clone()} />
        },
        Load::Ready(ws) => match ws.as_ref() {
            None => html! {
                <section class="panel" aria-labelledby="todo-title">
                    <h1 id="todo-title">{ "待办事项" }</h1>
                    <p>{ "待办事项面向责任单位账号。您可以在民生实事计划表中查看各项目的进展。" }</p>
                    <p><RouteLink to={Route::Home} classes="button">{ "查看民生实事" }</RouteLink></p>
                </section>
            },
            Some(ws) => html! { <TodoView ws={ws.clone()} {unit_name} /> },
        },
    }
}

/// The page's frame while the data comes, as tall as a typical answer.
#[component]
fn TodoSkeleton() -> Html {
    html! {
        <div class="unit-page" aria-busy="true">
            <div class="unit-head">
                <h1>{ "待办事项" }</h1>
                <p class="muted" role="status">{ "正在加载…" }</p>
            </div>
            <div class="todo-skeleton">
                <div class="bone bone-title"></div>
                <div class="bone"></div>
                <div class="bone bone-short"></div>
                <div class="bone"></div>
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct TodoViewProps {
    ws: Workspace,
    unit_name: String,
}

#[component]
fn TodoView(props: &TodoViewProps) -> Html {
    let ws = &props.ws;
    let (Some(year), Some(as_of)) = (ws.year, ws.as_of()) else {
        return no_items_panel("todo-title", "待办事项");
    };
    let (due_month, this_month) = report_months(year, as_of);

    let report_rows: Vec<Html> = ws
        .items
        .iter()
        .map(|item| report_card(ws, item, as_of, due_month, this_month))
        .collect();
    // One per month line below that is not yet in: last month's (due) and this month's.
    let reports_open = ws
        .items
        .iter()
        .flat_map(|i| [due_month, this_month].into_iter().flatten().map(move |p| (i.id, p)))
        .filter(|(id, p)| !ws.report(*id, *p).is_some_and(|r| r.state.is_in()))
        .count();

    // Returned reports, with the office's reason.
    let returned: Vec<Html> = ws
        .reports
        .iter()
        .filter(|r| r.state == ReportState::Returned)
        .filter_map(|r| {
            let item = ws.items.iter().find(|i| i.id == r.item_id)?;
            Some(returned_card(item, r))
        })
        .collect();

    // The server sends them most urgent first: red before yellow before blue, earliest date first.
    let notices: Vec<Html> = ws
        .notices
        .iter()
        .filter(|n| n.state.awaits_unit())
        .map(|n| notice_card(n, as_of))
        .collect();
    let instructions: Vec<Html> = ws.instructions.iter().map(instruction_card).collect();

    let milestone_rows: Vec<Html> = due_milestones(ws, as_of)
        .iter()
        .map(|(item, m)| milestone_card(item, m, as_of))
        .collect();

    let counts = [
        ("月报待报送", reports_open, "#todo-reports"),
        ("月报被退回", returned.len(), "#todo-returned"),
        ("督查通知书待签收或反馈", notices.len(), "#todo-notices"),
        ("节点临近或逾期", milestone_rows.len(), "#todo-milestones"),
    ];

    html! {
        <div class="unit-page" id="todo">
            <div class="unit-head">
                <h1>{ "待办事项" }</h1>
                <p class="muted">{ format!("{} · 截至{}", props.unit_name, date_zh(as_of)) }</p>
            </div>
            <ul class="todo-counts" aria-label="待办概况">
                { for counts.iter().map(|(label, n, href)| html! {
                    <li class={classes!((*n > 0).then_some("has-todo"))}>
                        <a href={*href}><span class="count">{ n }</span><span class="count-label">{ *label }</span></a>
                    </li>
                }) }
            </ul>

            if !returned.is_empty() {
                <section class="unit-section section-alert" id="todo-returned" aria-labelledby="todo-returned-title">
                    <h2 id="todo-returned-title">{ "被退回的月报" }</h2>
                    <ul class="todo-list">{ for returned }</ul>
                </section>
            }

            <section class="unit-section" id="todo-reports" aria-labelledby="todo-reports-title">
                <h2 id="todo-reports-title">{ "月报" }</h2>
                <p class="section-hint">{ "每月月底前报送当月工作进展；上月数据会自动带入，只需修改变化的内容。" }</p>
                <ul class="todo-list">{ for report_rows }</ul>
            </section>

            <section class="unit-section" id="todo-notices" aria-labelledby="todo-notices-title">
                <h2 id="todo-notices-title">{ "督查通知书" }</h2>
                if notices.is_empty() {
                    <p class="muted">{ "没有待签收或待反馈的督查通知书。" }</p>
                } else {
                    <ul class="todo-list">{ for notices }</ul>
                }
            </section>

            if !instructions.is_empty() {
                <section class="unit-section" id="todo-instructions" aria-labelledby="todo-instructions-title">
                    <h2 id="todo-instructions-title">{ "领导批示" }</h2>
                    <ul class="todo-list">{ for instructions }</ul>
                </section>
            }

            <section class="unit-section" id="todo-milestones" aria-labelledby="todo-milestones-title">
                <h2 id="todo-milestones-title">{ "节点（30天内到期或已逾期）" }</h2>
                if milestone_rows.is_empty() {
                    <p class="muted">{ "30天内没有到期的节点。" }</p>
                } else {
                    <ul class="todo-list">{ for milestone_rows }</ul>
                }
            </section>

            <p class="back-link">
                <RouteLink to={Route::MyItems}>{ "查看本单位全部项目 →" }</RouteLink>
            </p>
        </div>
    }
}
