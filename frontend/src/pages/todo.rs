//! `/todo` (待办): what a unit must do and by when — reports to submit, reports returned by
//! the office, notices to answer, milestones due soon or overdue — each one click away.

use chrono::{Duration, NaiveDate};
use duban_shared::api::ItemDetail;
use duban_shared::lights::Period;
use duban_shared::reporting::ReportState;
use duban_shared::supervision::NoticeState;
use yew::prelude::*;

use crate::access::own_unit_code;
use crate::components::unit::ReportStateTag;
use crate::components::{ErrorPanel, RouteLink};
use crate::format::{date_zh, due_zh, month_day_zh, month_zh};
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

fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// "还有5天" / "今天截止" / "已逾期3天".
fn countdown(as_of: NaiveDate, due: NaiveDate) -> (String, bool) {
    let d = days_between(as_of, due);
    match d {
        d if d < 0 => (format!("已逾期{}天", -d), true),
        0 => ("今天截止".to_string(), false),
        d => (format!("还有{d}天"), false),
    }
}

fn item_short(item: &ItemDetail) -> String {
    format!("第{}项 {}", item.number, crate::format::shorten(&item.content, 24))
}

#[component]
fn TodoView(props: &TodoViewProps) -> Html {
    let ws = &props.ws;
    let (Some(year), Some(as_of)) = (ws.year, ws.as_of()) else {
        return html! {
            <section class="panel" aria-labelledby="todo-title">
                <h1 id="todo-title">{ "待办事项" }</h1>
                <p>{ "本单位在当前年度计划中没有牵头负责的项目。" }</p>
            </section>
        };
    };
    let (due_month, this_month) = report_months(year, as_of);

    // Reports: the due month not yet in, and this month's state.
    let report_rows: Vec<Html> = ws
        .items
        .iter()
        .map(|item| {
            let month_line = |p: Period, is_due: bool| {
                let report = ws.report(item.id, p);
                let state = report.map(|r| r.state);
                let due = report.map(|r| r.due_on).unwrap_or_else(|| p.last_day());
                let (left, late) = countdown(as_of, due);
                let done = state.is_some_and(|s| s.is_in());
                let action = match state {
                    None => "开始填写",
                    Some(ReportState::Draft) => "继续填写",
                    Some(ReportState::Returned) => "修改后重新报送",
                    Some(_) => "查看",
                };
                let to = Route::ReportForm {
                    id: item.id,
                    period: p.to_string(),
                };
                html! {
                    <li class={classes!("todo-month", (late && !done).then_some("is-overdue"))}
                        data-report-month={p.to_string()} data-item={item.number.to_string()}>
                        <span class="todo-month-name">
                            { format!("{}月报", month_zh(p)) }
                            <span class="muted">{ format!("（{}截止）", month_day_zh(due)) }</span>
                        </span>
                        <ReportStateTag {state} />
                        if !done {
                            <span class={classes!("todo-when", late.then_some("overdue-text"))}>
                                { if is_due || late { left } else { format!("本月底截止，{left}") } }
                            </span>
                        }
                        <RouteLink to={to} classes={classes!("button", "button-small", done.then_some("button-secondary"))}>
                            { action }
                            <span class="visually-hidden">{ format!("（{}{}月报）", item_short(item), month_zh(p)) }</span>
                        </RouteLink>
                    </li>
                }
            };
            html! {
                <li class="todo-card" key={item.id}>
                    <p class="todo-card-title">
                        <RouteLink to={Route::Item { id: item.id }}>{ item_short(item) }</RouteLink>
                    </p>
                    <ul class="todo-months">
                        { for due_month.map(|p| month_line(p, true)) }
                        { for this_month.map(|p| month_line(p, false)) }
                    </ul>
                </li>
            }
        })
        .collect();
    let reports_open = ws
        .items
        .iter()
        .filter(|i| due_month.is_some_and(|p| !ws.report(i.id, p).is_some_and(|r| r.state.is_in())))
        .count();

    // Returned reports, with the office's reason.
    let returned: Vec<Html> = ws
        .reports
        .iter()
        .filter(|r| r.state == ReportState::Returned)
        .filter_map(|r| {
            let item = ws.items.iter().find(|i| i.id == r.item_id)?;
            Some(html! {
                <li class="todo-card todo-returned" key={r.id} data-returned={r.period.to_string()}>
                    <p class="todo-card-title">{ format!("{} · {}月报", item_short(item), month_zh(r.period)) }</p>
                    <p class="return-reason">
                        <strong>{ "督查室退回意见：" }</strong>
                        { r.return_reason.clone().unwrap_or_default() }
                    </p>
                    <p>
                        <RouteLink to={Route::ReportForm { id: item.id, period: r.period.to_string() }} classes="button button-small">
                            { "修改后重新报送" }
                        </RouteLink>
                    </p>
                </li>
            })
        })
        .collect();

    // Notices to answer.
    let mut open_notices: Vec<_> = ws.notices.iter().filter(|n| n.state == NoticeState::Open).collect();
    open_notices.sort_by_key(|n| n.answer_by);
    let notices: Vec<Html> = open_notices
        .iter()
        .map(|n| {
            let (left, _) = countdown(as_of, n.answer_by);
            html! {
                <li class={classes!("todo-card", n.overdue.then_some("is-overdue"))} key={n.id} data-notice={n.id.to_string()}>
                    <p class="todo-card-title">
                        { format!("第{}项 督办通知", n.item_number) }
                        if n.overdue { <span class="tag tag-overdue">{ "已逾期" }</span> }
                    </p>
                    <p>{ &n.reason }</p>
                    <p class={classes!("todo-when", n.overdue.then_some("overdue-text"))}>
                        { format!("请于{}前答复（{}）", date_zh(n.answer_by), left) }
                    </p>
                    <p>
                        <RouteLink to={Route::Item { id: n.item_id }} classes="button button-small">
                            { "去答复" }
                            <span class="visually-hidden">{ format!("（第{}项的督办通知）", n.item_number) }</span>
                        </RouteLink>
                    </p>
                </li>
            }
        })
        .collect();

    // Milestones due within 30 days or overdue, not complete.
    let horizon = as_of + Duration::days(30);
    let mut milestones: Vec<(&ItemDetail, &duban_shared::api::Milestone)> = ws
        .items
        .iter()
        .flat_map(|i| i.milestones.iter().map(move |m| (i, m)))
        .filter(|(_, m)| m.completed_on.is_none() && m.due_date <= horizon)
        .collect();
    milestones.sort_by_key(|(_, m)| m.due_date);
    let milestone_rows: Vec<Html> = milestones
        .iter()
        .map(|(item, m)| {
            let (left, late) = countdown(as_of, m.due_date);
            html! {
                <li class={classes!("todo-card", late.then_some("is-overdue"))} key={m.id} data-milestone-due={m.id.to_string()}>
                    <p class="todo-card-title">
                        { format!("{} · {}", item_short(item), due_zh(m.due_date)) }
                        if late { <span class="tag tag-overdue">{ "已逾期" }</span> }
                    </p>
                    <p>{ &m.target_text }</p>
                    <p class={classes!("todo-when", late.then_some("overdue-text"))}>{ left }</p>
                    <p>
                        <RouteLink to={Route::Item { id: item.id }} classes="button button-small button-secondary">
                            { "标记完成或上传佐证" }
                            <span class="visually-hidden">{ format!("（{}，{}）", item_short(item), due_zh(m.due_date)) }</span>
                        </RouteLink>
                    </p>
                </li>
            }
        })
        .collect();

    let counts = [
        ("月报待报送", reports_open, "#todo-reports"),
        ("月报被退回", returned.len(), "#todo-returned"),
        ("督办通知待答复", notices.len(), "#todo-notices"),
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
                <h2 id="todo-notices-title">{ "督办通知" }</h2>
                if notices.is_empty() {
                    <p class="muted">{ "没有待答复的督办通知。" }</p>
                } else {
                    <ul class="todo-list">{ for notices }</ul>
                }
            </section>

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
