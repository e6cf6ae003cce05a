//! `/items/:id`: one item of a plan — its content, light with reasons, milestones with
//! completion and evidence, indicators with a target-vs-actual chart, report history and
//! notices. The lead unit also works on it here: tick milestones, upload evidence, ask for
//! an extension, answer notices. Everyone else reads it, with no edit controls shown.

use std::rc::Rc;

use duban_shared::api::ItemDetail;
use duban_shared::reporting::ReportState;
use duban_shared::supervision::{Evidence, ExtensionState};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::access::{is_office, may_assist, may_read_co_notes, may_work_on, own_unit_code};
use crate::api;
use crate::components::chart::TargetChart;
use crate::components::co_notes::CoNotesSection;
use crate::components::unit::{LightBadge, ReportStateTag};
use crate::components::FinalResultTag;
use crate::components::{ErrorPanel, RouteLink};
use crate::format::{
    category_label, date_value, date_zh, due_zh, figure, month_day_zh, month_zh, period_zh, points, quantity, time_zh,
};
use crate::hooks::{use_fetch, use_title};
use crate::routes::Route;
use crate::session::use_session;
use crate::workspace::report_months;

mod cases;
mod milestone_work;

use cases::{InspectionsSection, InstructionsSection, NoticesSection};
use milestone_work::MilestoneWork;

#[derive(Properties, PartialEq)]
pub struct ItemPageProps {
    pub id: i32,
}

#[component]
pub fn ItemPage(props: &ItemPageProps) -> Html {
    let fetched = use_fetch(props.id, api::items::item);
    use_title(Some(match &fetched.data {
        Some(Ok(item)) => format!("第{}项 · {}年民生实事", item.number, item.plan_year),
        _ => "民生实事项目".to_string(),
    }));
    match &fetched.data {
        None => html! { <ItemSkeleton /> },
        Some(Err(error)) => html! {
            <ErrorPanel
                title="无法获取项目详情"
                error={error.clone()}
                not_found_message="未找到该项目，可能地址有误或项目已被删除。"
                on_retry={fetched.reload.clone()}
            />
        },
        Some(Ok(item)) => html! { <ItemView item={item.clone()} reload={fetched.reload.clone()} /> },
    }
}

/// The page's outline while it loads, so nothing jumps when the item arrives.
#[component]
fn ItemSkeleton() -> Html {
    html! {
        <div class="item item-loading" aria-busy="true">
            <div class="item-head">
                <h1 class="item-title">{ "民生实事项目" }</h1>
                <p class="muted" role="status">{ "正在加载…" }</p>
            </div>
            <div class="bone bone-title"></div>
            <div class="bone"></div>
            <div class="bone bone-short"></div>
            <div class="bone bone-block"></div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ItemViewProps {
    item: Rc<ItemDetail>,
    reload: Callback<()>,
}

#[component]
fn ItemView(props: &ItemViewProps) -> Html {
    let item = &props.item;
    let session = use_session();
    let can_work = may_work_on(session.session.as_deref(), item);
    let is_unit_user = session.session.as_ref().is_some_and(|s| s.user.unit.is_some());
    let reports = use_fetch(item.id, api::reports::item_reports);
    let is_office = is_office(session.session.as_deref());
    let is_leader = session
        .session
        .as_ref()
        .is_some_and(|s| s.user.role == duban_shared::auth::Role::Leader);
    let extensions = use_fetch(item.id, api::extensions::item_extensions);
    let cases_revision = use_state(|| 0u32);
    let on_cases_changed = {
        let revision = cases_revision.clone();
        Callback::from(move |()| revision.set(*revision + 1))
    };
    let reload_all = {
        let (a, b, d) = (props.reload.clone(), reports.reload.clone(), extensions.reload.clone());
        Callback::from(move |()| {
            a.emit(());
            b.emit(());
            d.emit(());
        })
    };
    // A closed year (年终销号) is read-only for the office and leaders too.
    let open = item.final_result.is_none();
    let (supervise, instruct) = (is_office && open, is_leader && open);
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

    // The lead unit's report buttons: the month due (unless in) and this month.
    let (due_month, this_month) = report_months(item.plan_year, item.as_of);
    let report_of = |p| match &reports.data {
        Some(Ok(list)) => list.reports.iter().find(|r| r.period == p).map(|r| r.state),
        _ => None,
    };
    let report_buttons = can_work.then(|| {
        let months: Vec<_> = due_month.into_iter().chain(this_month).collect();
        html! {
            <div class="work-bar" data-edit-control="report">
                { for months.into_iter().map(|p| {
                    let state = report_of(p);
                    let label = match state {
                        Some(s) if s.is_in() => format!("查看{}月报", month_zh(p)),
                        Some(ReportState::Returned) => format!("修改{}月报", month_zh(p)),
                        Some(_) => format!("继续填写{}月报", month_zh(p)),
                        None => format!("填报{}月报", month_zh(p)),
                    };
                    let class = if state.is_some_and(|s| s.is_in()) { "button button-secondary" } else { "button" };
                    html! {
                        <RouteLink to={Route::ReportForm { id: item.id, period: p.to_string() }} classes={class}>{ label }</RouteLink>
                    }
                }) }
            </div>
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
                <section class="item-light" aria-labelledby="light-title">
                    <h2 id="light-title" class="visually-hidden">{ "亮灯情况" }</h2>
                    <p class="light-as-of muted">{ format!("亮灯情况（截至{}）", date_zh(item.as_of)) }</p>
                    <LightBadge light={item.light.clone()} all_reasons=true />
                </section>
                <dl class="item-facts">
                    <dt>{ "具体内容" }</dt>
                    <dd class="item-content">{ &item.content }</dd>
                    <dt>{ "责任单位" }</dt>
                    <dd>{ &item.lead_unit.name }</dd>
                    { for co_units }
                    if item.final_result.is_some() {
                        <dt>{ "年终结果" }</dt>
                        <dd id="item-final-result">
                            <FinalResultTag result={item.final_result} />
                            if !item.final_note.is_empty() { { " " }{ &item.final_note } }
                        </dd>
                    }
                </dl>
                if item.final_result.is_some() {
                    <p class="readonly-note" id="item-closed">{ format!("{}年计划已年终销号，本事项只能查看。", item.plan_year) }</p>
                }
                { for report_buttons }
                if !can_work && is_unit_user && item.final_result.is_none() {
                    <p class="readonly-note" id="item-readonly">
                        if may_assist(session.session.as_deref(), item) {
                            { format!("本单位是本项目的配合单位：可在下方填写每月配合情况；月报和节点由{}填报。", item.lead_unit.name) }
                        } else {
                            { format!("本项目由{}牵头负责，您可以查看，但不能填报或修改。", item.lead_unit.name) }
                        }
                    </p>
                }

                <MilestoneSection item={item.clone()} can_work={can_work}
                    extensions={match &extensions.data { Some(Ok(l)) => l.extensions.clone(), _ => Vec::new() }}
                    reload={reload_all.clone()} />

                <IndicatorTable item={item.clone()} />
                <ChartSection item={item.clone()} />
                if may_read_co_notes(session.session.as_deref(), item) {
                    <CoNotesSection item={item.clone()} may_assist={may_assist(session.session.as_deref(), item)}
                        own_unit={own_unit_code(session.session.as_deref())} />
                }

                <section class="item-section" aria-labelledby="history-title" id="report-history">
                    <h2 id="history-title">{ "月报记录" }</h2>
                    { match &reports.data {
                        None => html! { <p class="muted section-loading" role="status">{ "正在加载月报记录…" }</p> },
                        Some(Err(e)) => html! { <p class="field-error">{ format!("无法获取月报记录：{}", e.message) }</p> },
                        Some(Ok(list)) => html! { <ReportHistory item={item.clone()} reports={list.reports.clone()} can_work={can_work} /> },
                    } }
                </section>

                <NoticesSection item={item.clone()} can_work={can_work} is_office={supervise} is_leader={instruct}
                    revision={*cases_revision} on_changed={on_cases_changed.clone()} />
                <InstructionsSection item={item.clone()} can_work={can_work} is_office={supervise} is_leader={instruct}
                    revision={*cases_revision} on_changed={on_cases_changed.clone()} />
                <InspectionsSection item={item.clone()} can_work={can_work} is_office={supervise} is_leader={instruct}
                    revision={*cases_revision} on_changed={on_cases_changed} />

                <p class="back-link">
                    <RouteLink to={plan_route}>{ format!("← 返回{}年民生实事计划表", item.plan_year) }</RouteLink>
                </p>
            </article>
        </>
    }
}

// ---------- milestones ----------

#[derive(Properties, PartialEq)]
struct MilestoneSectionProps {
    item: Rc<ItemDetail>,
    can_work: bool,
    extensions: Vec<duban_shared::supervision::ExtensionRequest>,
    reload: Callback<()>,
}

#[component]
fn MilestoneSection(props: &MilestoneSectionProps) -> Html {
    let item = &props.item;
    let as_of = item.as_of;
    html! {
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
                        { for item.milestones.iter().map(|m| {
                            let extended = m.due_date != m.original_due_date;
                            let overdue = m.completed_on.is_none() && m.due_date < as_of;
                            let pending = props.extensions.iter().find(|e| e.milestone_id == m.id && e.state == ExtensionState::Pending);
                            html! {
                                <tr key={m.id} data-milestone={m.seq.to_string()}>
                                    <th scope="row">
                                        <time datetime={date_value(m.due_date)}>{ due_zh(m.due_date) }</time>
                                        if extended {
                                            <span class="extended-note">{ format!("（已延期，原定{}）", due_zh(m.original_due_date)) }</span>
                                        }
                                    </th>
                                    <td class="milestone-text">
                                        { &m.target_text }
                                        if let Some(e) = pending {
                                            <span class="extended-note">{ format!("已申请延期至{}，待审批", date_zh(e.requested_due)) }</span>
                                        }
                                    </td>
                                    <td class="cell-state">
                                        { match m.completed_on {
                                            Some(d) => html! { <span class="state-done">{ format!("已完成（{}）", date_zh(d)) }</span> },
                                            None if overdue => html! { <span class="state-overdue">{ format!("已逾期{}天", (as_of - m.due_date).num_days()) }</span> },
                                            None => html! { <span class="state-open">{ "未完成" }</span> },
                                        } }
                                        if let Some(note) = m.completion_note.as_ref().filter(|n| !n.is_empty()) {
                                            <span class="completion-note">{ note }</span>
                                        }
                                        if !m.evidence.is_empty() {
                                            <EvidenceList evidence={m.evidence.clone()} />
                                        }
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            if props.can_work {
                <div class="milestone-work" data-edit-control="milestones">
                    <h3>{ "节点办理" }</h3>
                    <p class="section-hint">{ "完成节点后请标记完成并上传佐证材料（照片、验收报告等）；确需延期的，请在期限前申请。" }</p>
                    { for item.milestones.iter().filter(|m| m.completed_on.is_none()).map(|m| html! {
                        <MilestoneWork key={m.id} milestone={m.clone()} as_of={as_of} reload={props.reload.clone()}
                            has_pending={props.extensions.iter().any(|e| e.milestone_id == m.id && e.state == ExtensionState::Pending)} />
                    }) }
                    if item.milestones.iter().all(|m| m.completed_on.is_some()) {
                        <p class="muted">{ "全部节点已完成。" }</p>
                    }
                </div>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct EvidenceListProps {
    evidence: Vec<Evidence>,
}

fn size_zh(bytes: i32) -> String {
    let b = bytes as f64;
    if b >= 1024.0 * 1024.0 {
        format!("{:.1} MB", b / 1024.0 / 1024.0)
    } else {
        format!("{:.0} KB", (b / 1024.0).max(1.0))
    }
}

/// Evidence files, each downloaded with the session's token.
#[component]
fn EvidenceList(props: &EvidenceListProps) -> Html {
    let error = use_state(|| None::<String>);
    html! {
        <div class="evidence">
            <span class="evidence-label">{ "佐证材料：" }</span>
            <ul class="evidence-list">
                { for props.evidence.iter().map(|ev| {
                    let (id, name) = (ev.id, ev.file_name.clone());
                    let error = error.clone();
                    let onclick = Callback::from(move |_: MouseEvent| {
                        let (name, error) = (name.clone(), error.clone());
                        spawn_local(async move {
                            match api::evidence::download_evidence(id, &name).await {
                                Ok(()) => error.set(None),
                                Err(e) => error.set(Some(format!("下载失败：{}", e.message))),
                            }
                        });
                    });
                    html! {
                        <li key={ev.id}>
                            <button type="button" class="link-button" {onclick} data-evidence={ev.id.to_string()}>
                                { &ev.file_name }
                            </button>
                            <span class="muted">{ format!(" {}", size_zh(ev.size_bytes)) }</span>
                        </li>
                    }
                }) }
            </ul>
            if let Some(e) = &*error {
                <p class="field-error" role="alert">{ e }</p>
            }
        </div>
    }
}

// ---------- indicators ----------

#[derive(Properties, PartialEq)]
struct ItemOnlyProps {
    item: Rc<ItemDetail>,
}

/// Each indicator against the milestones: the cumulative target each one sets, and the year's.
#[component]
fn IndicatorTable(props: &ItemOnlyProps) -> Html {
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
                            <th scope="col" class="num">{ "已完成" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for item.indicators.iter().map(|ind| {
                            let progress = item.light.indicators.iter().find(|p| p.indicator_id == ind.id);
                            html! {
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
                                    <td class="num">
                                        { progress.map(|p| format!("{}（{}%）", quantity(p.actual, &ind.measure), points(p.actual_pct))).unwrap_or_default() }
                                    </td>
                                </tr>
                            }
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

/// Target vs actual, one chart per indicator.
#[component]
fn ChartSection(props: &ItemOnlyProps) -> Html {
    let item = &props.item;
    let series = use_fetch(item.id, api::items::item_series);
    if item.indicators.is_empty() {
        return Html::default();
    }
    html! {
        <section class="item-section" aria-labelledby="charts-title">
            <h2 id="charts-title">{ "目标与实际进度" }</h2>
            <div class="charts">
                { match &series.data {
                    None => html! { <div class="chart-placeholder" role="status"><span class="muted">{ "正在加载图表…" }</span></div> },
                    Some(Err(e)) => html! { <p class="field-error">{ format!("无法获取进度数据：{}", e.message) }</p> },
                    Some(Ok(s)) => html! {
                        { for s.indicators.iter().map(|ind| html! {
                            <TargetChart key={ind.indicator_id} series={ind.clone()} year={item.plan_year} as_of={s.as_of} />
                        }) }
                    },
                } }
            </div>
        </section>
    }
}

// ---------- reports ----------

#[derive(Properties, PartialEq)]
struct ReportHistoryProps {
    item: Rc<ItemDetail>,
    reports: Vec<duban_shared::reporting::Report>,
    can_work: bool,
}

#[component]
fn ReportHistory(props: &ReportHistoryProps) -> Html {
    if props.reports.is_empty() {
        return html! { <p class="muted">{ "本项目还没有月报。" }</p> };
    }
    let mut reports = props.reports.clone();
    reports.sort_by_key(|r| std::cmp::Reverse(r.period));
    html! {
        <ol class="history-list">
            { for reports.iter().map(|r| html! {
                <li class="history-entry" key={r.id} data-report={r.period.to_string()} data-report-state={r.state.as_str()}>
                    <div class="history-head">
                        <h3 class="history-month">{ format!("{}月报", period_zh(r.period)) }</h3>
                        <ReportStateTag state={Some(r.state)} />
                        if r.late { <span class="tag tag-overdue">{ "逾期报送" }</span> }
                        <RouteLink to={Route::ReportForm { id: props.item.id, period: r.period.to_string() }} classes="history-link">
                            { if props.can_work && r.state.editable() { "继续填写" } else { "查看内容" } }
                            <span class="visually-hidden">{ format!("（{}月报）", period_zh(r.period)) }</span>
                        </RouteLink>
                    </div>
                    if let Some(reason) = r.return_reason.as_ref().filter(|_| r.state == ReportState::Returned) {
                        <p class="return-reason"><strong>{ "退回意见：" }</strong>{ reason }</p>
                    }
                    if r.versions.is_empty() {
                        <p class="muted history-line">{ format!("草稿，{}于{}保存", r.updated_by, time_zh(r.updated_at)) }</p>
                    } else {
                        <ul class="version-list">
                            { for r.versions.iter().map(|v| html! {
                                <li key={v.number}>
                                    { format!("第{}次报送：{}，{}", v.number, v.submitted_by, time_zh(v.submitted_at)) }
                                    if v.late { { "（逾期）" } }
                                    { match (v.decision, &v.decided_by, v.decided_at) {
                                        (Some(d), Some(by), Some(at)) => html! {
                                            <span class={classes!("decision", (d == ReportState::Returned).then_some("decision-returned"))}>
                                                { format!("；{}于{}{}", by, time_zh(at), d.label_zh()) }
                                                if let Some(reason) = &v.reason { { format!("：{reason}") } }
                                            </span>
                                        },
                                        _ => html! { <span class="muted">{ "；待督查室审核" }</span> },
                                    } }
                                </li>
                            }) }
                        </ul>
                    }
                </li>
            }) }
        </ol>
    }
}
