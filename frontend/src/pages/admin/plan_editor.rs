//! `/admin/plans/:year`: one year's plan in the office's hands — the notice's header and the
//! light thresholds (saved with the plan's version), the categories, the items by category,
//! and for a draft 发布 and 删除草稿, each asked once more before it acts.

use std::rc::Rc;

use chrono::NaiveDate;
use duban_shared::api::{CategoryDetail, ItemDetail, PlanDetail, PlanStatus};
use duban_shared::cases::CaseSettings;
use duban_shared::lights::LightSettings;
use duban_shared::numerals::chinese_ordinal;
use duban_shared::plan_edit::{Category, CategoryInput, PlanInput};
use duban_shared::reminders::ReminderRules;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::form::{differences, use_save_state, ConflictPanel, Field, Problems};
use crate::components::office_frame::{use_flash, use_outcome, Flash, OfficeFrame, StatusLine};
use crate::components::record::{
    record_save, removal, Action, ConfirmButton, EditableRow, FieldSpec, PairForm, PairSave,
};
use crate::components::{ErrorPanel, LoadingNotice, PlanStatusTag, RouteLink};
use crate::error_messages::edit_error;
use crate::format::{category_label, date_value, date_words, date_zh, due_zh, figure, parse_figure, shorten};
use crate::hooks::{use_load, use_title, Load};
use crate::routes::Route;

use super::year_end::{ClosePanel, FinalResults};

#[derive(Properties, PartialEq)]
pub struct PlanEditorPageProps {
    pub year: i32,
}

#[component]
pub fn PlanEditorPage(props: &PlanEditorPageProps) -> Html {
    use_title(Some(format!("{}年计划编辑", props.year)));
    html! {
        <OfficeFrame current={Route::AdminPlan { year: props.year }}>
            <PlanEditor year={props.year} />
        </OfficeFrame>
    }
}

/// What a section tells the page: the plan a write answered with, or "fetch it again".
#[derive(Clone, PartialEq)]
struct PlanHandle {
    plan: Rc<PlanDetail>,
    /// Shows this plan (a write's answer) in place of the loaded one.
    show: Callback<PlanDetail>,
    /// Fetches the plan again, keeping the page as it is meanwhile.
    reload: Callback<()>,
}

#[component]
fn PlanEditor(props: &PlanEditorPageProps) -> Html {
    let year = props.year;
    let loaded = use_load(year, api::plans::plan);
    let flash = use_flash();
    let status = use_state(|| flash);
    let plan = match &*loaded.state {
        Load::Loading => return html! { <LoadingNotice /> },
        Load::Failed(e) => {
            return html! {
                <ErrorPanel title={format!("无法打开{year}年计划")} error={e.clone()}
                    not_found_message={format!("系统中没有{year}年的计划。")} on_retry={loaded.retry.clone()} />
            }
        }
        Load::Ready(plan) => plan.clone(),
    };
    let handle = PlanHandle {
        plan: plan.clone(),
        show: {
            let loaded = loaded.clone();
            Callback::from(move |p: PlanDetail| loaded.show(p))
        },
        reload: {
            let loaded = loaded.clone();
            Callback::from(move |()| loaded.refresh(api::plans::plan(year)))
        },
    };
    let on_status = {
        let status = status.clone();
        Callback::from(move |m: (bool, String)| status.set(Some(m)))
    };
    html! {
        <div class="plan-editor" data-plan-year={year.to_string()} data-plan-status={plan.status.as_str()}
            data-version={plan.version.to_string()}>
            <nav class="breadcrumb" aria-label="当前位置">
                <ol>
                    <li><RouteLink to={Route::AdminPlans}>{ "计划管理" }</RouteLink></li>
                    <li aria-current="page">{ format!("{year}年计划") }</li>
                </ol>
            </nav>
            <h1 id="plan-editor-title">{ &plan.title }<PlanStatusTag status={plan.status} closed={plan.closed_at.is_some()} /></h1>
            <StatusLine message={(*status).clone()} />
            if plan.closed_at.is_some() {
                <FinalResults plan={plan.clone()} />
                <p><RouteLink to={Route::Plan { year }}>{ "查看计划全文" }</RouteLink></p>
            } else if plan.status == PlanStatus::Draft {
                <PublishPanel handle={handle.clone()} on_status={on_status.clone()} />
            } else {
                <p class="readonly-note" id="plan-published-note">
                    { "本计划已发布，各责任单位正在按月报送。修改事项时，已有完成记录、佐证材料或月报数值的节点和指标会保留，不能删除。" }
                    { " " }
                    <RouteLink to={Route::Plan { year }}>{ "查看计划全文" }</RouteLink>
                </p>
            }
            if plan.closed_at.is_none() {
                <PlanHeaderForm handle={handle.clone()} />
                <Categories handle={handle.clone()} />
                <Items handle={handle.clone()} />
                if plan.status == PlanStatus::Published {
                    <ClosePanel plan={plan.clone()} on_closed={handle.show.clone()} on_status={on_status.clone()} />
                }
            }
        </div>
    }
}

// ---------- publish, delete ----------

#[derive(Properties, PartialEq)]
struct PublishPanelProps {
    handle: PlanHandle,
    on_status: Callback<(bool, String)>,
}

#[component]
fn PublishPanel(props: &PublishPanelProps) -> Html {
    let navigator = use_navigator();
    let plan = &props.handle.plan;
    let (year, version) = (plan.year, plan.version);
    let items = plan.items().count();
    let publish = {
        let (handle, on_status) = (props.handle.clone(), props.on_status.clone());
        Action::new(move |()| {
            let (handle, on_status) = (handle.clone(), on_status.clone());
            async move {
                match api::plans::publish_plan(year, version).await {
                    Ok(p) => {
                        handle.show.emit(p);
                        on_status.emit((
                            true,
                            format!("已发布{year}年计划。各责任单位现在可以查看本计划并按月报送。"),
                        ));
                    }
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) => {
                        on_status.emit((false, edit_error(&e, "该计划已经发布。")));
                        if e.status != 422 {
                            handle.reload.emit(());
                        }
                    }
                }
            }
        })
    };
    let delete = {
        let (handle, on_status) = (props.handle.clone(), props.on_status.clone());
        Action::new(move |()| {
            let (handle, on_status, navigator) = (handle.clone(), on_status.clone(), navigator.clone());
            async move {
                match api::plans::delete_plan(year, version).await {
                    Ok(()) => {
                        if let Some(n) = &navigator {
                            n.push_with_state(&Route::AdminPlans, Flash(format!("已删除{year}年计划草稿。")));
                        }
                    }
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) => {
                        on_status.emit((false, edit_error(&e, "该计划已发布或已有工作记录，不能删除。")));
                        handle.reload.emit(());
                    }
                }
            }
        })
    };
    html! {
        <section class="office-section publish-panel" id="publish-section" aria-labelledby="publish-title">
            <h2 id="publish-title">{ "草稿：发布前请核对" }</h2>
            <p>{ "草稿只有督查室可见。发布后，各责任单位即可查看本计划并按月报送，领导可在总览中查看进展；已发布的计划不能撤回，也不能删除。" }</p>
            <ul class="checklist">
                <li class={classes!(plan.first_report_due.is_none().then_some("check-missing"))}>
                    { "首次报送日期：" }
                    { plan.first_report_due.map(date_zh).unwrap_or_else(|| "未填写（请在下方“计划信息”中填写）".to_string()) }
                </li>
                <li class={classes!((items == 0).then_some("check-missing"))}>
                    { format!("分类{}个，事项{}项", plan.categories.len(), items) }
                    if items == 0 { { "（至少需要一项）" } }
                </li>
            </ul>
            <div class="form-actions">
                <ConfirmButton id="publish-plan" label="发布计划" danger={false}
                    question={format!("确认发布{year}年计划？发布后不能撤回。")} confirm_label="确认发布" action={publish} />
                <ConfirmButton id="delete-plan" label="删除草稿"
                    question={format!("确认删除{year}年计划草稿及其全部分类和事项？")} confirm_label="确认删除" action={delete} />
            </div>
        </section>
    }
}

// ---------- the header and thresholds ----------

/// The header form as typed.
#[derive(Debug, Clone, PartialEq)]
struct HeaderDraft {
    title: String,
    notice_title: String,
    doc_number: String,
    issuer: String,
    issued_on: String,
    first_report_due: String,
    report_grace_days: String,
    green_max_lag: String,
    red_min_lag: String,
    red_overdue_days: String,
    case_days_blue: String,
    case_days_yellow: String,
    case_days_red: String,
    case_number_format: String,
    /// "on" or "off": the public progress page.
    public_page: String,
    /// Reminder days; blank switches that reminder off.
    remind_month_end: String,
    /// "on" or "off".
    remind_overdue: String,
    remind_milestone: String,
    remind_notice: String,
}

impl HeaderDraft {
    fn of(p: &PlanDetail) -> Self {
        HeaderDraft {
            title: p.title.clone(),
            notice_title: p.notice_title.clone(),
            doc_number: p.doc_number.clone(),
            issuer: p.issuer.clone(),
            issued_on: p.issued_on.map(date_value).unwrap_or_default(),
            first_report_due: p.first_report_due.map(date_value).unwrap_or_default(),
            report_grace_days: p.report_grace_days.to_string(),
            green_max_lag: figure(p.settings.green_max_lag),
            red_min_lag: figure(p.settings.red_min_lag),
            red_overdue_days: p.settings.red_overdue_days.to_string(),
            public_page: if p.public_page { "on" } else { "off" }.to_string(),
            case_days_blue: p.cases.days_blue.to_string(),
            case_days_yellow: p.cases.days_yellow.to_string(),
            case_days_red: p.cases.days_red.to_string(),
            case_number_format: p.cases.number_format.clone(),
            remind_month_end: days_text(p.reminders.month_end_days),
            remind_overdue: if p.reminders.overdue { "on" } else { "off" }.to_string(),
            remind_milestone: days_text(p.reminders.milestone_days),
            remind_notice: days_text(p.reminders.notice_days),
        }
    }

    /// The body to send, or the fields that are not a date or a number.
    fn input(&self, year: i32) -> Result<PlanInput, Problems> {
        let mut bad = Problems::new();
        let mut date = |field: &str, text: &str| -> Option<NaiveDate> {
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            text.parse::<NaiveDate>()
                .map_err(|_| bad.insert(field.to_string(), "请填写日期，如 2025-03-31".to_string()))
                .ok()
        };
        let issued_on = date("issued_on", &self.issued_on);
        let first_report_due = date("first_report_due", &self.first_report_due);
        let mut number = |field: &str, text: &str, whole: bool| -> f64 {
            match parse_figure(text) {
                Ok(Some(v)) if !whole || v.fract() == 0.0 => v,
                _ => {
                    let what = if whole { "请填写整数" } else { "请填写数字" };
                    bad.insert(field.to_string(), what.to_string());
                    0.0
                }
            }
        };
        let report_grace_days = number("report_grace_days", &self.report_grace_days, true) as i32;
        let settings = LightSettings {
            green_max_lag: number("settings.green_max_lag", &self.green_max_lag, false),
            red_min_lag: number("settings.red_min_lag", &self.red_min_lag, false),
            red_overdue_days: number("settings.red_overdue_days", &self.red_overdue_days, true) as i64,
        };
        let cases = CaseSettings {
            days_blue: number("cases.days_blue", &self.case_days_blue, true) as i32,
            days_yellow: number("cases.days_yellow", &self.case_days_yellow, true) as i32,
            days_red: number("cases.days_red", &self.case_days_red, true) as i32,
            number_format: self.case_number_format.trim().to_string(),
        };
        let mut days = |field: &str, text: &str| -> Option<i32> {
            if text.trim().is_empty() {
                return None;
            }
            let n = number(field, text, true);
            Some(n as i32)
        };
        let reminders = ReminderRules {
            month_end_days: days("reminders.month_end_days", &self.remind_month_end),
            overdue: self.remind_overdue == "on",
            milestone_days: days("reminders.milestone_days", &self.remind_milestone),
            notice_days: days("reminders.notice_days", &self.remind_notice),
        };
        if !bad.is_empty() {
            return Err(bad);
        }
        Ok(PlanInput {
            year,
            title: self.title.trim().to_string(),
            notice_title: self.notice_title.trim().to_string(),
            doc_number: self.doc_number.trim().to_string(),
            issuer: self.issuer.trim().to_string(),
            issued_on,
            first_report_due,
            report_grace_days,
            settings,
            cases,
            public_page: self.public_page == "on",
            reminders,
        })
    }

    /// (label, value) of every field, for comparing two versions.
    fn labelled(&self) -> Vec<(&'static str, String)> {
        vec![
            ("标题", self.title.clone()),
            ("通知标题", self.notice_title.clone()),
            ("文号", self.doc_number.clone()),
            ("发文单位", self.issuer.clone()),
            ("印发日期", date_words(&self.issued_on)),
            ("首次报送日期", date_words(&self.first_report_due)),
            ("报送宽限天数", self.report_grace_days.clone()),
            ("黄灯起点", self.green_max_lag.clone()),
            ("红灯起点", self.red_min_lag.clone()),
            ("逾期红灯天数", self.red_overdue_days.clone()),
            ("蓝色督办时限", self.case_days_blue.clone()),
            ("黄色督办时限", self.case_days_yellow.clone()),
            ("红色督办时限", self.case_days_red.clone()),
            ("通知书编号格式", self.case_number_format.clone()),
            ("月底前提醒（天）", days_words(&self.remind_month_end)),
            (
                "逾期提醒",
                if self.remind_overdue == "on" {
                    "提醒"
                } else {
                    "不提醒"
                }
                .to_string(),
            ),
            ("节点到期前提醒（天）", days_words(&self.remind_milestone)),
            ("通知书答复前提醒（天）", days_words(&self.remind_notice)),
            (
                "公开进展页",
                if self.public_page == "on" {
                    "公开"
                } else {
                    "不公开"
                }
                .to_string(),
            ),
        ]
    }
}

fn days_text(days: Option<i32>) -> String {
    days.map(|n| n.to_string()).unwrap_or_default()
}

fn days_words(text: &str) -> String {
    if text.trim().is_empty() {
        "不提醒".to_string()
    } else {
        text.trim().to_string()
    }
}

#[derive(Properties, PartialEq)]
struct SectionProps {
    handle: PlanHandle,
}

#[component]
fn PlanHeaderForm(props: &SectionProps) -> Html {
    let plan = props.handle.plan.clone();
    let draft = use_state(|| HeaderDraft::of(&plan));
    let save = use_save_state::<PlanDetail>();
    let year = plan.year;

    let edit = |f: fn(&mut HeaderDraft, String)| {
        let draft = draft.clone();
        Callback::from(move |v: String| {
            let mut d = (*draft).clone();
            f(&mut d, v);
            draft.set(d);
        })
    };
    let onsubmit = {
        let (draft, save, handle, version) = (draft.clone(), save.clone(), props.handle.clone(), plan.version);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if !save.can_save() {
                return;
            }
            let body = match draft.input(year) {
                Ok(body) => body,
                Err(bad) => return save.refuse("plan-header-form", bad),
            };
            let (draft, status, handle) = (draft.clone(), save.status.clone(), handle.clone());
            save.send(
                "plan-header-form",
                async move { api::plans::update_plan(&body, version).await },
                api::plans::plan(year),
                |e| (Problems::new(), edit_error(e, "")),
                move |p: PlanDetail| {
                    draft.set(HeaderDraft::of(&p));
                    status.set(Some((true, "已保存计划信息。".to_string())));
                    handle.show.emit(p);
                },
            );
        })
    };
    let conflict_panel = save.conflict.as_ref().map(|latest| {
        let differences = differences(draft.labelled(), HeaderDraft::of(latest).labelled());
        let keep = {
            let (save, handle, latest) = (save.clone(), props.handle.clone(), latest.clone());
            Callback::from(move |()| {
                handle.show.emit((*latest).clone());
                save.resolve(true);
            })
        };
        let take = {
            let (save, draft, handle, latest) = (save.clone(), draft.clone(), props.handle.clone(), latest.clone());
            Callback::from(move |()| {
                draft.set(HeaderDraft::of(&latest));
                handle.show.emit((*latest).clone());
                save.resolve(false);
            })
        };
        html! {
            <ConflictPanel id="plan-conflict" what="计划信息" {differences}
                on_keep_mine={keep} on_take_theirs={take} />
        }
    });
    let errors = &save.errors;
    let err = |k: &str| errors.get(k).cloned();
    let d = &*draft;
    let settings_error = err("settings");
    html! {
        <section class="office-section" aria-labelledby="plan-header-title">
            <h2 id="plan-header-title">{ "计划信息" }</h2>
            { for conflict_panel }
            <form class="form grid-form" id="plan-header-form" novalidate=true {onsubmit}>
                <Field id="plan-title" label="标题" value={d.title.clone()} oninput={edit(|d, v| d.title = v)}
                    error={err("title")} classes="field-wide" />
                <Field id="plan-notice-title" label="通知标题" value={d.notice_title.clone()} oninput={edit(|d, v| d.notice_title = v)}
                    hint="如：开平市人民政府办公室关于印发2024年市十件民生实事的通知" error={err("notice_title")} classes="field-wide" />
                <Field id="plan-doc-number" label="文号" value={d.doc_number.clone()} oninput={edit(|d, v| d.doc_number = v)}
                    hint="如：开府办〔2024〕8号" error={err("doc_number")} />
                <Field id="plan-issuer" label="发文单位" value={d.issuer.clone()} oninput={edit(|d, v| d.issuer = v)}
                    error={err("issuer")} />
                <Field id="plan-issued-on" label="印发日期" kind="date" value={d.issued_on.clone()} oninput={edit(|d, v| d.issued_on = v)}
                    error={err("issued_on")} />
                <Field id="plan-first-report-due" label="首次报送日期" kind="date" value={d.first_report_due.clone()}
                    oninput={edit(|d, v| d.first_report_due = v)} hint="此后每月月底前报送；发布前必须填写"
                    error={err("first_report_due")} />
                <Field id="plan-grace-days" label="报送宽限天数" inputmode="numeric" value={d.report_grace_days.clone()}
                    oninput={edit(|d, v| d.report_grace_days = v)} hint="月底后几天内报送仍算按时（0至31）"
                    error={err("report_grace_days")} />
                <fieldset class="threshold-fieldset field-wide"
                    aria-describedby={if settings_error.is_some() { "plan-settings-hint plan-settings-error" } else { "plan-settings-hint" }}>
                    <legend>{ "亮灯阈值" }</legend>
                    <p id="plan-settings-hint" class="field-hint">
                        { "滞后 = 序时进度 − 实际进度（百分点）。滞后达到黄灯起点亮黄灯，超过红灯起点亮红灯；节点逾期超过所设天数亮红灯。" }
                    </p>
                    <div class="grid-form threshold-fields">
                        <Field id="plan-green-max-lag" label="黄灯起点（滞后百分点）" inputmode="decimal" value={d.green_max_lag.clone()}
                            oninput={edit(|d, v| d.green_max_lag = v)} error={err("settings.green_max_lag")} />
                        <Field id="plan-red-min-lag" label="红灯起点（滞后百分点）" inputmode="decimal" value={d.red_min_lag.clone()}
                            oninput={edit(|d, v| d.red_min_lag = v)} error={err("settings.red_min_lag")} />
                        <Field id="plan-red-overdue-days" label="逾期红灯天数" inputmode="numeric" value={d.red_overdue_days.clone()}
                            oninput={edit(|d, v| d.red_overdue_days = v)} error={err("settings.red_overdue_days")} />
                    </div>
                    if let Some(e) = settings_error { <p id="plan-settings-error" class="field-error">{ e }</p> }
                </fieldset>
                <fieldset class="threshold-fieldset field-wide">
                    <legend>{ "督查通知书" }</legend>
                    <p class="field-hint">{ "反馈时限按工作日（周一至周五）计；逾期未反馈升一级并重新计时。编号格式中 {year} 为年度、{n} 为序号。" }</p>
                    <div class="grid-form threshold-fields">
                        <Field id="plan-case-days-blue" label="蓝色督办时限（工作日）" inputmode="numeric" value={d.case_days_blue.clone()}
                            oninput={edit(|d, v| d.case_days_blue = v)} error={err("cases.days_blue")} />
                        <Field id="plan-case-days-yellow" label="黄色督办时限（工作日）" inputmode="numeric" value={d.case_days_yellow.clone()}
                            oninput={edit(|d, v| d.case_days_yellow = v)} error={err("cases.days_yellow")} />
                        <Field id="plan-case-days-red" label="红色督办时限（工作日）" inputmode="numeric" value={d.case_days_red.clone()}
                            oninput={edit(|d, v| d.case_days_red = v)} error={err("cases.days_red")} />
                        <Field id="plan-case-number-format" label="通知书编号格式" value={d.case_number_format.clone()}
                            oninput={edit(|d, v| d.case_number_format = v)} error={err("cases.number_format")} />
                    </div>
                </fieldset>
                <fieldset class="threshold-fieldset field-wide" id="plan-reminders">
                    <legend>{ "自动催报" }</legend>
                    <p class="field-hint">{ "系统每天自动提醒责任单位（站内消息，配置邮件后同时发邮件），同一提醒只发一次；计划销号或年度结束后不再提醒。天数留空即不提醒。" }</p>
                    <div class="grid-form threshold-fields">
                        <Field id="plan-remind-month-end" label="月底前几天提醒报送（1至15）" inputmode="numeric" value={d.remind_month_end.clone()}
                            oninput={edit(|d, v| d.remind_month_end = v)} error={err("reminders.month_end_days")} />
                        <div class="field">
                            <label for="plan-remind-overdue">{ "月报逾期次日再提醒" }</label>
                            <select id="plan-remind-overdue" class="input" onchange={
                                let cb = edit(|d, v| d.remind_overdue = v);
                                Callback::from(move |e: Event| cb.emit(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))
                            }>
                                <option value="on" selected={d.remind_overdue == "on"}>{ "提醒" }</option>
                                <option value="off" selected={d.remind_overdue == "off"}>{ "不提醒" }</option>
                            </select>
                        </div>
                        <Field id="plan-remind-milestone" label="节点到期前几天提醒（1至60）" inputmode="numeric" value={d.remind_milestone.clone()}
                            oninput={edit(|d, v| d.remind_milestone = v)} error={err("reminders.milestone_days")} />
                        <Field id="plan-remind-notice" label="通知书答复期限前几天提醒（1至30）" inputmode="numeric" value={d.remind_notice.clone()}
                            oninput={edit(|d, v| d.remind_notice = v)} error={err("reminders.notice_days")} />
                    </div>
                </fieldset>
                <div class="field field-wide">
                    <label for="plan-public-page">{ "公开进展页（主动公开）" }</label>
                    <p class="field-hint" id="plan-public-page-hint">
                        { "发布后，群众无需登录即可查看各事项的内容、责任单位、节点完成情况、亮灯和督查室已审核通过的最新进展；不公开草稿、未审核或退回的月报、存在问题、督办件、批示和人员信息。" }
                        if plan.status == PlanStatus::Published && plan.public_page {
                            { " " }<a id="plan-public-link" href={format!("/public/{year}")} target="_blank" rel="noopener">{ "查看公开页" }</a>
                        }
                    </p>
                    <select id="plan-public-page" class="input" aria-describedby="plan-public-page-hint" onchange={
                        let cb = edit(|d, v| d.public_page = v);
                        Callback::from(move |e: Event| cb.emit(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))
                    }>
                        <option value="on" selected={d.public_page == "on"}>{ "公开" }</option>
                        <option value="off" selected={d.public_page == "off"}>{ "不公开" }</option>
                    </select>
                </div>
                <div class="form-actions">
                    <StatusLine message={(*save.status).clone()} />
                    <button id="plan-save" type="submit" class="button" disabled={!save.can_save()}>
                        { if *save.busy { "正在保存…" } else { "保存计划信息" } }
                    </button>
                </div>
            </form>
        </section>
    }
}

// ---------- categories ----------

const CATEGORY_FIELDS: [FieldSpec; 2] = [
    FieldSpec {
        key: "ordinal",
        label: "序号",
        hint: Some("1 即“一”"),
        numeric: true,
    },
    FieldSpec {
        key: "title",
        label: "分类名称",
        hint: Some("如：提升医疗保障水平"),
        numeric: false,
    },
];

/// Every category's (id, ordinal, title).
type Taken = Rc<Vec<(i32, i32, String)>>;

/// A category's fields as typed: the body to send, or what is wrong. `own` is the id of the
/// one being edited.
fn category_input(
    values: &[String; 2],
    taken: &[(i32, i32, String)],
    own: Option<i32>,
) -> Result<CategoryInput, Problems> {
    let Ok(ordinal) = values[0].trim().parse::<i32>() else {
        return Err(Problems::from([(
            "ordinal".to_string(),
            "请填写阿拉伯数字，如 3".to_string(),
        )]));
    };
    if let Some((_, _, other)) = taken.iter().find(|(id, o, _)| *o == ordinal && Some(*id) != own) {
        return Err(Problems::from([(
            "ordinal".to_string(),
            format!("序号{ordinal}已由“{other}”使用"),
        )]));
    }
    Ok(CategoryInput {
        ordinal,
        title: values[1].trim().to_string(),
    })
}

/// Adds a category to the plan of `year`, or (with `existing`: id and version) changes one.
fn category_save(year: i32, existing: Option<(i32, i32)>, taken: Taken, on_done: Callback<(bool, String)>) -> PairSave {
    let verb = if existing.is_some() { "保存" } else { "添加" };
    record_save(
        move |values| category_input(values, &taken, existing.map(|e| e.0)),
        move |body: CategoryInput| async move { api::categories::save_category(year, existing, &body).await },
        move |c: &Category| format!("已{verb}分类“{}”。", category_label(c.ordinal, &c.title)),
        ("ordinal", "该序号已被其他分类使用"),
        on_done,
    )
}

#[component]
fn Categories(props: &SectionProps) -> Html {
    let plan = &props.handle.plan;
    let year = plan.year;
    let (status, on_done) = use_outcome(props.handle.reload.clone());
    let taken: Taken = Rc::new(
        plan.categories
            .iter()
            .map(|c| (c.id, c.ordinal, c.title.clone()))
            .collect(),
    );
    let next = plan.categories.iter().map(|c| c.ordinal).max().unwrap_or(0) + 1;
    let row = |c: &CategoryDetail| {
        let (id, version) = (c.id, c.version);
        let label = category_label(c.ordinal, &c.title);
        let remove = if c.items.is_empty() {
            Ok((
                removal(
                    move || api::categories::delete_category(id, version),
                    on_done.clone(),
                    format!("已删除分类“{label}”。"),
                    "该分类下还有事项，不能删除。".to_string(),
                ),
                AttrValue::from(format!("删除分类“{label}”？")),
            ))
        } else {
            Err(AttrValue::Static("有事项，不能删除"))
        };
        html! {
            <EditableRow key={id} id={format!("category-{id}")} data_key={c.ordinal.to_string()}
                name={format!("分类（{}）", c.title)} columns={4} fields={CATEGORY_FIELDS}
                values={[c.ordinal.to_string(), c.title.clone()]}
                save={category_save(year, Some((id, version)), taken.clone(), on_done.clone())} {remove}
                cells={html! {
                    <>
                        <td>{ chinese_ordinal(c.ordinal) }</td>
                        <th scope="row">{ &c.title }</th>
                        <td class="num">{ c.items.len() }</td>
                    </>
                }} />
        }
    };
    html! {
        <section class="office-section" id="category-section" aria-labelledby="category-title">
            <h2 id="category-title">{ "项目分类" }</h2>
            <StatusLine message={status} />
            if plan.categories.is_empty() {
                <p class="panel-empty" id="category-empty">{ "还没有分类。事项须归入分类，请先添加分类（如“一、提升医疗保障水平”）。" }</p>
            } else {
                <div class="table-wrap" tabindex="0" role="region" aria-labelledby="category-title">
                    <table class="data-table" id="category-table">
                        <thead>
                            <tr>
                                <th scope="col">{ "序号" }</th>
                                <th scope="col">{ "分类名称" }</th>
                                <th scope="col" class="num">{ "事项" }</th>
                                <th scope="col">{ "操作" }</th>
                            </tr>
                        </thead>
                        <tbody>{ for plan.categories.iter().map(row) }</tbody>
                    </table>
                </div>
            }
            // Keyed by the next ordinal, so that it starts afresh once a category is added.
            <PairForm key={next} id="new-category" title="添加分类" fields={CATEGORY_FIELDS}
                initial={[next.to_string(), String::new()]} submit_label="添加分类"
                save={category_save(year, None, taken.clone(), on_done.clone())} classes="add-row-form" />
        </section>
    }
}

// ---------- items ----------

#[component]
fn Items(props: &SectionProps) -> Html {
    let plan = &props.handle.plan;
    let (status, on_done) = use_outcome(props.handle.reload.clone());
    let count = plan.items().count();
    html! {
        <section class="office-section" id="item-section" aria-labelledby="item-title">
            <div class="section-head">
                <h2 id="item-title">{ format!("事项（{count}项）") }</h2>
                if !plan.categories.is_empty() {
                    <RouteLink id="new-item-link" to={Route::AdminItemNew { year: plan.year }} classes="button">{ "新增事项" }</RouteLink>
                }
            </div>
            <StatusLine message={status} />
            if plan.categories.is_empty() {
                <p class="panel-empty">{ "请先在上方添加分类，再新增事项。" }</p>
            }
            { for plan.categories.iter().map(|c| {
                let heading = format!("items-of-{}", c.id);
                html! {
                    <div class="item-group" key={c.id} data-category={c.ordinal.to_string()}>
                        <h3 id={heading.clone()}>{ category_label(c.ordinal, &c.title) }</h3>
                        if c.items.is_empty() {
                            <p class="muted">{ "本类暂无事项。" }</p>
                        } else {
                            <div class="table-wrap" tabindex="0" role="region" aria-labelledby={heading.clone()}>
                                <table class="data-table editor-item-table">
                                    <thead>
                                        <tr>
                                            <th scope="col">{ "序号" }</th>
                                            <th scope="col">{ "具体内容" }</th>
                                            <th scope="col">{ "责任单位" }</th>
                                            <th scope="col">{ "节点" }</th>
                                            <th scope="col">{ "指标" }</th>
                                            <th scope="col">{ "操作" }</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        { for c.items.iter().map(|item| item_row(item, &on_done)) }
                                    </tbody>
                                </table>
                            </div>
                        }
                    </div>
                }
            }) }
        </section>
    }
}

fn item_row(item: &ItemDetail, on_done: &Callback<(bool, String)>) -> Html {
    let (n, id, version) = (item.number, item.id, item.version);
    let remove = removal(
        move || api::items::delete_item(id, version),
        on_done.clone(),
        format!("已删除第{n}项。"),
        format!("第{n}项已有月报、佐证材料或督办通知，不能删除。"),
    );
    let milestones: Vec<String> = item.milestones.iter().map(|m| due_zh(m.due_date)).collect();
    let indicators: Vec<String> = item
        .indicators
        .iter()
        .map(|i| format!("{} {}{}", i.name, figure(i.final_target), i.measure))
        .collect();
    html! {
        <tr key={id} data-item={n.to_string()} data-item-id={id.to_string()}>
            <th scope="row">{ n }</th>
            <td class="cell-content">{ shorten(&item.content, 80) }</td>
            <td>
                { &item.lead_unit.name }
                if !item.co_units.is_empty() {
                    <span class="co-units">
                        { format!("配合：{}", item.co_units.iter().map(|u| u.name.as_str()).collect::<Vec<_>>().join("、")) }
                    </span>
                }
            </td>
            <td>{ milestones.join("、") }</td>
            <td>{ if indicators.is_empty() { "—".to_string() } else { indicators.join("；") } }</td>
            <td class="cell-actions">
                <RouteLink id={format!("item-{id}-edit")} to={Route::AdminItemEdit { id }}
                    classes="button button-secondary button-small" aria_label={format!("编辑第{n}项")}>{ "编辑" }</RouteLink>
                <ConfirmButton id={format!("item-{id}-delete")} label="删除" small=true
                    aria_label={format!("删除第{n}项")} question={format!("删除第{n}项及其节点和指标？")}
                    confirm_label="确认删除" action={remove} />
            </td>
        </tr>
    }
}
