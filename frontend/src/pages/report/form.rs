//! The report form and the views around it: the heading, the returned banner, the
//! read-only view once it is in (or not the user's), and the conflict panel.

use std::rc::Rc;

use duban_shared::api::ItemDetail;
use duban_shared::lights::Period;
use duban_shared::reporting::{Report, ReportState};
use yew::prelude::*;

use super::draft::{use_form_state, Draft, FormState, Notice};
use super::fields::{IndicatorField, TextField};
use super::read_only::ReportReadOnly;
use crate::components::co_notes::CoNotesForMonth;
use crate::components::form::ConflictPanel;
use crate::components::unit::ReportStateTag;
use crate::components::RouteLink;
use crate::format::{date_zh, period_zh, time_zh};
use crate::routes::Route;

#[derive(Properties, PartialEq)]
pub(super) struct ReportFormProps {
    pub item: Rc<ItemDetail>,
    pub report: Rc<Report>,
    pub period: Period,
    pub may_edit: bool,
}

#[component]
pub(super) fn ReportForm(props: &ReportFormProps) -> Html {
    let item = props.item.clone();
    let period = props.period;
    let state = use_form_state(&props.item, &props.report);
    let report = (*state.report).clone();
    let editable = props.may_edit && report.state.editable();
    let head = html! { <ReportHead item={item.clone()} report={report.clone()} {period} /> };
    if !editable || *state.notice == Notice::Submitted {
        return html! {
            <div class="unit-page report-page">
                { head }
                <DoneView item={item.clone()} report={report} {period} may_edit={props.may_edit}
                    submitted_now={*state.notice == Notice::Submitted} />
            </div>
        };
    }

    let shown = state.shown_problems(&item);
    let error_of = |field: &str| shown.iter().find(|f| f.field == field).map(|f| f.message.clone());
    let act = |submit: bool| {
        let (state, item) = (state.clone(), item.clone());
        move || state.act(&item, period, submit)
    };
    let onsubmit = {
        let act = act(true);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            act();
        })
    };
    let onsave = {
        let act = act(false);
        Callback::from(move |_: MouseEvent| act())
    };
    let indicator_fields = item.indicators.iter().enumerate().map(|(i, ind)| {
        let field = format!("values.{}", ind.id);
        let value = state.draft.values.get(i).map(|(_, v)| v.clone()).unwrap_or_default();
        let oninput = state.edit(field.clone(), move |d, text| {
            if let Some(slot) = d.values.get_mut(i) {
                slot.1 = text;
            }
        });
        html! {
            <IndicatorField key={ind.id} indicator={ind.clone()} {period} {value} error={error_of(&field)} {oninput} />
        }
    });
    let d = &*state.draft;
    let busy = *state.busy;
    html! {
        <div class="unit-page report-page">
            { head }
            if report.state == ReportState::Returned {
                <ReturnedBanner reason={report.return_reason.clone().unwrap_or_default()} />
            }
            if !item.co_units.is_empty() {
                <CoNotesForMonth item_id={item.id} {period} />
            }
            if let Some(latest) = &*state.conflict {
                <ReportConflict item={item.clone()} latest={latest.clone()} state={StateHandle(state.clone())} />
            }
            <form class="form report-form" id="report-form" novalidate=true {onsubmit} aria-labelledby="report-title"
                  data-version={report.version.to_string()}>
                <p class="form-intro">{ "表单已带入上月填报的内容，只需修改本月有变化的部分。数值填写自1月1日起的累计数。" }</p>
                <fieldset class="report-fieldset">
                    <legend>{ "工作情况" }</legend>
                    <TextField id="report-progress" field="progress" label="工作进展" hint="本月完成的主要工作和取得的进展。"
                        value={d.progress.clone()} required=true error={error_of("progress")}
                        oninput={state.edit("progress".into(), |d, v| d.progress = v)} />
                    <TextField id="report-problems" field="problems" label="存在问题" hint="推进中遇到的困难和问题，没有可不填。"
                        value={d.problems.clone()} error={error_of("problems")}
                        oninput={state.edit("problems".into(), |d, v| d.problems = v)} />
                    <TextField id="report-next-steps" field="next_steps" label="下步计划" hint="下月准备开展的工作。"
                        value={d.next_steps.clone()} error={error_of("next_steps")}
                        oninput={state.edit("next_steps".into(), |d, v| d.next_steps = v)} />
                </fieldset>
                if !item.indicators.is_empty() {
                    <fieldset class="report-fieldset">
                        <legend>{ "量化指标（报送时必填）" }</legend>
                        { for indicator_fields }
                    </fieldset>
                }
                <div class="report-actions">
                    <p class="form-status" role="status" aria-live="polite">{ notice_text(&state.notice) }</p>
                    <div class="form-actions">
                        <button type="button" id="report-save" class="button button-secondary" disabled={busy} onclick={onsave}>
                            { "保存草稿" }
                        </button>
                        <button type="submit" id="report-submit" class="button" disabled={busy}>
                            { if busy { "正在提交…" } else { "提交" } }
                        </button>
                    </div>
                </div>
            </form>
        </div>
    }
}

/// What the form says after the last action.
fn notice_text(notice: &Notice) -> Html {
    match notice {
        Notice::None | Notice::Submitted => Html::default(),
        Notice::Saved(text) => html! { <span class="status-ok">{ text }</span> },
        Notice::Merged => {
            html! { <span class="status-ok">{ "已载入最新版本，表单保留了您的修改，请检查后再次保存或报送。" }</span> }
        }
        Notice::Error(text) => html! { <span class="status-error">{ text }</span> },
    }
}

#[derive(Properties, PartialEq)]
struct ReportHeadProps {
    item: Rc<ItemDetail>,
    report: Rc<Report>,
    period: Period,
}

/// Where the report is, which month and item, its state and when it is due.
#[component]
fn ReportHead(props: &ReportHeadProps) -> Html {
    let (item, period) = (&props.item, props.period);
    html! {
        <div class="unit-head report-head">
            <nav class="breadcrumb" aria-label="当前位置">
                <ol>
                    <li><RouteLink to={Route::Item { id: item.id }}>{ format!("第{}项", item.number) }</RouteLink></li>
                    <li aria-current="page">{ format!("{}月报", period_zh(period)) }</li>
                </ol>
            </nav>
            <h1 id="report-title">{ format!("第{}项 · {}月报", item.number, period_zh(period)) }</h1>
            <p class="report-meta">
                <ReportStateTag state={(props.report.version > 0).then_some(props.report.state)} />
                <span>{ format!("应于{}前报送", date_zh(props.report.due_on)) }</span>
                <span class="muted">{ format!("责任单位：{}", item.lead_unit.name) }</span>
            </p>
            <p class="report-item-content">{ &item.content }</p>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ReturnedBannerProps {
    reason: AttrValue,
}

#[component]
fn ReturnedBanner(props: &ReturnedBannerProps) -> Html {
    html! {
        <section class="return-banner" id="return-reason" aria-labelledby="return-title">
            <h2 id="return-title">{ "督查室已退回本月报，请修改后重新报送" }</h2>
            <p class="return-reason"><strong>{ "退回意见：" }</strong>{ props.reason.clone() }</p>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct DoneViewProps {
    item: Rc<ItemDetail>,
    report: Rc<Report>,
    period: Period,
    may_edit: bool,
    /// Submitted a moment ago, in this form.
    submitted_now: bool,
}

/// A report the user cannot edit (any more): why, and what it says.
#[component]
fn DoneView(props: &DoneViewProps) -> Html {
    let item = &props.item;
    html! {
        <>
            if props.submitted_now {
                <section class="success-banner" id="report-submitted" role="status" aria-labelledby="submitted-title">
                    <h2 id="submitted-title">{ format!("{}月报已报送", period_zh(props.period)) }</h2>
                    <p>{ "督查室审核后，结果会显示在项目的报送记录中。" }</p>
                    <p>
                        <RouteLink to={Route::Item { id: item.id }} classes="button">{ "查看项目与报送记录" }</RouteLink>
                        { " " }
                        <RouteLink to={Route::Todo} classes="button button-secondary">{ "返回待办" }</RouteLink>
                    </p>
                </section>
            } else if !props.may_edit {
                <p class="readonly-note" id="report-readonly">
                    { format!("本项目由{}负责填报，您只能查看。", item.lead_unit.name) }
                </p>
            } else {
                <p class="readonly-note">{ "本月报已报送，不能再修改；如需更正，请联系督查室退回。" }</p>
            }
            <ReportReadOnly item={item.clone()} report={props.report.clone()} />
        </>
    }
}

/// [`FormState`] as a property: every render hands a fresh one, so it never compares equal
/// (the panel redraws with the form, as it did inside it).
#[derive(Clone)]
struct StateHandle(FormState);

impl PartialEq for StateHandle {
    fn eq(&self, _: &Self) -> bool {
        false
    }
}

#[derive(Properties, PartialEq)]
struct ReportConflictProps {
    item: Rc<ItemDetail>,
    /// The version someone else saved.
    latest: Rc<Report>,
    state: StateHandle,
}

/// What the user typed beside the newer version, with 保留我的修改 / 使用最新版本.
#[component]
fn ReportConflict(props: &ReportConflictProps) -> Html {
    let (item, latest, state) = (&props.item, &props.latest, &props.state.0);
    let mine = &*state.draft;
    let theirs = Draft::of(item, latest);
    let mut rows = vec![
        ("工作进展".to_string(), mine.progress.clone(), theirs.progress.clone()),
        ("存在问题".to_string(), mine.problems.clone(), theirs.problems.clone()),
        (
            "下步计划".to_string(),
            mine.next_steps.clone(),
            theirs.next_steps.clone(),
        ),
    ];
    for (i, ind) in item.indicators.iter().enumerate() {
        let value = |d: &Draft| d.values.get(i).map(|v| v.1.clone()).unwrap_or_default();
        rows.push((format!("{}（{}）", ind.name, ind.measure), value(mine), value(&theirs)));
    }
    let intro = format!(
        "在您填写期间，{}于{}保存了新的内容。",
        latest.updated_by,
        time_zh(latest.updated_at)
    );
    let closed = (!latest.state.editable()).then(|| {
        format!(
            "该月报已{}，不能再修改。您填写的内容仍在下方，可复制留存。",
            latest.state.label_zh()
        )
    });
    let on_keep_mine = {
        let state = state.clone();
        Callback::from(move |()| state.keep_mine())
    };
    let on_take_theirs = {
        let (state, item) = (state.clone(), item.clone());
        Callback::from(move |()| state.take_theirs(&item))
    };
    html! {
        <ConflictPanel id="report-conflict" what="此月报" differences={rows} intro={intro} closed={closed.map(AttrValue::from)}
            {on_keep_mine} {on_take_theirs} />
    }
}
