//! The `/todo` page's cards: one per report month, returned report, open notice and
//! milestone due soon.

use chrono::{Duration, NaiveDate};
use duban_shared::api::{ItemDetail, Milestone};
use duban_shared::cases::Instruction;
use duban_shared::lights::Period;
use duban_shared::reporting::{Report, ReportState};
use duban_shared::supervision::{Notice, NoticeState};

use crate::components::case_card::grade_class;
use yew::prelude::*;

use crate::components::unit::ReportStateTag;
use crate::components::RouteLink;
use crate::format::{date_zh, due_zh, month_day_zh, month_zh, time_zh};
use crate::routes::Route;
use crate::workspace::Workspace;

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

/// An item's card: the due month not yet in, and this month's state.
pub(super) fn report_card(
    ws: &Workspace,
    item: &ItemDetail,
    as_of: NaiveDate,
    due_month: Option<Period>,
    this_month: Option<Period>,
) -> Html {
    html! {
        <li class="todo-card" key={item.id}>
            <p class="todo-card-title">
                <RouteLink to={Route::Item { id: item.id }}>{ item_short(item) }</RouteLink>
            </p>
            <ul class="todo-months">
                { for due_month.map(|p| report_month_line(ws, item, as_of, p, true)) }
                { for this_month.map(|p| report_month_line(ws, item, as_of, p, false)) }
            </ul>
        </li>
    }
}

fn report_month_line(ws: &Workspace, item: &ItemDetail, as_of: NaiveDate, p: Period, is_due: bool) -> Html {
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
}

/// A report the office returned, with its reason.
pub(super) fn returned_card(item: &ItemDetail, r: &Report) -> Html {
    html! {
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
    }
}

/// A 督查通知书 to sign for or answer.
pub(super) fn notice_card(n: &Notice, as_of: NaiveDate) -> Html {
    let (left, _) = countdown(as_of, n.answer_by);
    let action = if n.state == NoticeState::Open {
        "去签收"
    } else {
        "去反馈"
    };
    html! {
        <li class={classes!("todo-card", n.overdue.then_some("is-overdue"))} key={n.id} data-notice={n.id.to_string()}>
            <p class="todo-card-title">
                <span class={grade_class(n.grade)}>{ n.grade.label_zh() }</span>
                { format!(" 第{}项 {}", n.item_number, n.number) }
                if n.overdue { <span class="tag tag-overdue">{ "已逾期" }</span> }
            </p>
            <p>{ &n.reason }</p>
            <p class={classes!("todo-when", n.overdue.then_some("overdue-text"))}>
                { format!("{}　请于{}前反馈（{}）", n.state.label_zh(), date_zh(n.answer_by), left) }
            </p>
            <p>
                <RouteLink to={Route::Item { id: n.item_id }} classes="button button-small">
                    { action }
                    <span class="visually-hidden">{ format!("（第{}项的督查通知书）", n.item_number) }</span>
                </RouteLink>
            </p>
        </li>
    }
}

/// A leader's 批示 on one of the unit's items.
pub(super) fn instruction_card(i: &Instruction) -> Html {
    html! {
        <li class="todo-card" key={format!("i{}", i.id)} data-instruction={i.id.to_string()}>
            <p class="todo-card-title">{ format!("第{}项 领导批示", i.item_number) }</p>
            <p class="instruction-text">{ format!("“{}”", i.text) }</p>
            <p class="muted">{ format!("{}　{}", i.written_by, time_zh(i.written_at)) }</p>
            <p>
                <RouteLink to={Route::Item { id: i.item_id }} classes="button button-small button-secondary">{ "查看项目" }</RouteLink>
            </p>
        </li>
    }
}

/// Milestones due within 30 days or overdue, not complete, soonest first.
pub(super) fn due_milestones(ws: &Workspace, as_of: NaiveDate) -> Vec<(&ItemDetail, &Milestone)> {
    let horizon = as_of + Duration::days(30);
    let mut milestones: Vec<(&ItemDetail, &Milestone)> = ws
        .items
        .iter()
        .flat_map(|i| i.milestones.iter().map(move |m| (i, m)))
        .filter(|(_, m)| m.completed_on.is_none() && m.due_date <= horizon)
        .collect();
    milestones.sort_by_key(|(_, m)| m.due_date);
    milestones
}

pub(super) fn milestone_card(item: &ItemDetail, m: &Milestone, as_of: NaiveDate) -> Html {
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
}
