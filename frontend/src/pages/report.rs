//! `/items/:id/reports/:period`: the monthly report form. Opening it starts the month's
//! draft, pre-filled from last month (最多报一次). 保存草稿 sends the content with the version
//! it edits; 提交 saves, then submits. When someone else saved meanwhile (412), what the
//! user typed stays in the form and the newer version is shown beside it.

use std::rc::Rc;

use duban_shared::api::{IndicatorKind, ItemDetail};
use duban_shared::error::{ErrorCode, FieldError};
use duban_shared::lights::Period;
use duban_shared::reporting::{content_problems, IndicatorValue, Report, ReportContent, ReportState};
use duban_shared::supervision::TEXT_MAX_CHARS;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::access::may_work_on;
use crate::api::{self, ApiError};
use crate::components::form::ConflictPanel;
use crate::components::unit::ReportStateTag;
use crate::components::{ErrorPanel, RouteLink};
use crate::format::{date_zh, due_zh, figure, parse_figure, period_zh, time_zh};
use crate::hooks::{use_load, use_title, Load};
use crate::routes::Route;
use crate::session;

#[derive(Properties, PartialEq)]
pub struct ReportPageProps {
    pub id: i32,
    pub period: String,
}

/// The item, the month's report (started here when the user may), and whether the user may edit.
struct Loaded {
    item: Rc<ItemDetail>,
    report: Option<Report>,
    may_edit: bool,
}

async fn load(id: i32, period: Period) -> Result<Loaded, ApiError> {
    let item = api::items::item(id).await?;
    let may_edit = may_work_on(session::current().as_deref(), &item);
    let mut report = api::reports::report(id, period).await?;
    if report.is_none() && may_edit {
        report = match api::reports::start_report(id, period).await {
            Ok(r) => Some(r),
            // Started in another tab a moment ago.
            Err(e) if e.code == Some(ErrorCode::Conflict) => api::reports::report(id, period).await?,
            Err(e) => return Err(e),
        };
    }
    Ok(Loaded {
        item: Rc::new(item),
        report,
        may_edit,
    })
}

#[component]
pub fn ReportPage(props: &ReportPageProps) -> Html {
    let period = Period::parse(&props.period).ok();
    use_title(Some(match period {
        Some(p) => format!("{}月报", period_zh(p)),
        None => "月报".to_string(),
    }));
    let loaded = use_load((props.id, period), |(id, period)| async move {
        match period {
            Some(p) => load(id, p).await,
            None => Err(ApiError::not_found(ErrorCode::NotFound.message_zh())),
        }
    });
    match (&*loaded.state, period) {
        (Load::Loading, _) => html! {
            <div class="unit-page report-page" aria-busy="true">
                <div class="unit-head">
                    <h1>{ "月报" }</h1>
                    <p class="muted" role="status">{ "正在加载…" }</p>
                </div>
                <div class="report-skeleton">
                    <div class="bone bone-title"></div>
                    <div class="bone bone-field"></div>
                    <div class="bone bone-field"></div>
                </div>
            </div>
        },
        (Load::Failed(error), _) => html! {
            <ErrorPanel
                title="无法打开月报"
                error={error.clone()}
                not_found_message="未找到该项目或月份，请检查地址。"
                on_retry={loaded.retry.clone()}
            />
        },
        (Load::Ready(data), Some(period)) => match &data.report {
            Some(report) => html! {
                <ReportForm item={data.item.clone()} report={Rc::new(report.clone())} {period} may_edit={data.may_edit} />
            },
            None => html! {
                <section class="panel" aria-labelledby="report-none-title">
                    <h1 id="report-none-title">{ format!("第{}项 · {}月报", data.item.number, period_zh(period)) }</h1>
                    <p>{ format!("{}尚未填报本月月报。本项目由{}负责，您可以查看，但不能填报。", data.item.lead_unit.name, data.item.lead_unit.name) }</p>
                    <p><RouteLink to={Route::Item { id: data.item.id }} classes="button">{ "返回项目" }</RouteLink></p>
                </section>
            },
        },
        (Load::Ready(_), None) => Html::default(),
    }
}

#[derive(Properties, PartialEq)]
struct ReportFormProps {
    item: Rc<ItemDetail>,
    report: Rc<Report>,
    period: Period,
    may_edit: bool,
}

/// What the user has typed.
#[derive(Debug, Clone, PartialEq)]
struct Draft {
    progress: String,
    problems: String,
    next_steps: String,
    /// (indicator id, text as typed), in the item's order.
    values: Vec<(i32, String)>,
}

impl Draft {
    fn of(item: &ItemDetail, report: &Report) -> Self {
        Draft {
            progress: report.progress.clone(),
            problems: report.problems.clone(),
            next_steps: report.next_steps.clone(),
            values: item
                .indicators
                .iter()
                .map(|ind| {
                    let v = report.values.iter().find(|v| v.indicator_id == ind.id);
                    (ind.id, v.map(|v| figure(v.value)).unwrap_or_default())
                })
                .collect(),
        }
    }

    /// The content to send, and the figures that are not numbers.
    fn content(&self) -> (ReportContent, Vec<FieldError>) {
        let mut values = Vec::new();
        let mut bad = Vec::new();
        for (id, text) in &self.values {
            match parse_figure(text) {
                Ok(None) => {}
                Ok(Some(value)) => values.push(IndicatorValue {
                    indicator_id: *id,
                    value,
                }),
                Err(()) => bad.push(FieldError {
                    field: format!("values.{id}"),
                    message: "请输入数字".to_string(),
                }),
            }
        }
        (
            ReportContent {
                progress: self.progress.clone(),
                problems: self.problems.clone(),
                next_steps: self.next_steps.clone(),
                values,
            },
            bad,
        )
    }

    /// Every problem, by the same rules as the server.
    fn problems(&self, item: &ItemDetail, submitting: bool) -> Vec<FieldError> {
        let (content, mut bad) = self.content();
        let kinds: Vec<(i32, IndicatorKind)> = item.indicators.iter().map(|i| (i.id, i.kind)).collect();
        let mut found = content_problems(&content, &kinds, submitting);
        // A figure that is not a number is reported once, as such.
        found.retain(|f| !bad.iter().any(|b| b.field == f.field));
        bad.append(&mut found);
        bad
    }
}

/// Where the form stands after the last action.
#[derive(Debug, Clone, PartialEq)]
enum Notice {
    None,
    Saved(String),
    Submitted,
    Error(String),
    /// The user took the newer version's number and kept the typed text.
    Merged,
}

fn focus_first_error() {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector(".report-form .field-invalid textarea, .report-form .field-invalid input")
                .ok()
        })
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

#[component]
fn ReportForm(props: &ReportFormProps) -> Html {
    let item = props.item.clone();
    let period = props.period;
    let report = use_state(|| props.report.clone());
    let draft = use_state(|| Draft::of(&props.item, &props.report));
    let notice = use_state(|| Notice::None);
    let busy = use_state(|| false);
    // Problems are shown once the user tried to save or submit, and then follow the typing.
    // (Not on leaving a field: a message appearing then would move the button being clicked.)
    let checked = use_state(|| None::<bool>);
    let server_fields = use_state(Vec::<FieldError>::new);
    let conflict = use_state(|| None::<Rc<Report>>);

    let editable = props.may_edit && report.state.editable();
    let shown: Vec<FieldError> = {
        let submitting = checked.unwrap_or(false);
        let mut local = if checked.is_some() {
            draft.problems(&item, submitting)
        } else {
            Vec::new()
        };
        for f in server_fields.iter() {
            if !local.iter().any(|l| l.field == f.field) {
                local.push(f.clone());
            }
        }
        local
    };
    let error_of = |field: &str| shown.iter().find(|f| f.field == field).map(|f| f.message.clone());

    let edit = {
        let draft = draft.clone();
        let server_fields = server_fields.clone();
        move |f: fn(&mut Draft, String), field: String| {
            let draft = draft.clone();
            let server_fields = server_fields.clone();
            Callback::from(move |value: String| {
                let mut d = (*draft).clone();
                f(&mut d, value);
                draft.set(d);
                if server_fields.iter().any(|e| e.field == field) {
                    server_fields.set(server_fields.iter().filter(|e| e.field != field).cloned().collect());
                }
            })
        }
    };

    // Save (and, when `submit`, then submit).
    let act = {
        let item = item.clone();
        let report = report.clone();
        let draft = draft.clone();
        let notice = notice.clone();
        let busy = busy.clone();
        let checked = checked.clone();
        let server_fields = server_fields.clone();
        let conflict = conflict.clone();
        Callback::from(move |submit: bool| {
            if *busy {
                return;
            }
            checked.set(Some(submit || checked.unwrap_or(false)));
            let problems = draft.problems(&item, submit);
            if !problems.is_empty() {
                notice.set(Notice::Error(format!(
                    "有{}处需要修改，请按提示修改后再{}。",
                    problems.len(),
                    if submit { "报送" } else { "保存" }
                )));
                focus_first_error();
                return;
            }
            let (content, _) = draft.content();
            let item_id = item.id;
            let version = report.version;
            let (report, notice, busy, server_fields, conflict) = (
                report.clone(),
                notice.clone(),
                busy.clone(),
                server_fields.clone(),
                conflict.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                let saved = api::reports::save_report(item_id, period, &content, version).await;
                let result = match saved {
                    Ok(saved) if submit => {
                        let version = saved.version;
                        report.set(Rc::new(saved));
                        api::reports::submit_report(item_id, period, version).await
                    }
                    other => other,
                };
                busy.set(false);
                match result {
                    Ok(r) => {
                        let submitted = r.state.is_in();
                        let at = time_zh(r.updated_at);
                        report.set(Rc::new(r));
                        server_fields.set(Vec::new());
                        notice.set(if submitted {
                            Notice::Submitted
                        } else {
                            Notice::Saved(format!("草稿已保存（{at}）。"))
                        });
                    }
                    Err(e) if e.code == Some(ErrorCode::PreconditionFailed) => {
                        match api::reports::report(item_id, period).await {
                            Ok(Some(latest)) => conflict.set(Some(Rc::new(latest))),
                            _ => notice.set(Notice::Error(e.message.clone())),
                        }
                        notice.set(Notice::None);
                    }
                    Err(e) => {
                        let message = if e.fields.is_empty() {
                            e.message.clone()
                        } else {
                            format!("{}请按提示修改。", e.message)
                        };
                        server_fields.set(e.fields.clone());
                        notice.set(Notice::Error(message));
                        focus_first_error();
                    }
                }
            });
        })
    };
    let onsubmit = {
        let act = act.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            act.emit(true);
        })
    };
    let onsave = {
        let act = act.clone();
        Callback::from(move |_: MouseEvent| act.emit(false))
    };

    let keep_mine = {
        let conflict = conflict.clone();
        let report = report.clone();
        let notice = notice.clone();
        Callback::from(move |()| {
            if let Some(latest) = (*conflict).clone() {
                report.set(latest);
                conflict.set(None);
                notice.set(Notice::Merged);
            }
        })
    };
    let take_theirs = {
        let conflict = conflict.clone();
        let report = report.clone();
        let draft = draft.clone();
        let notice = notice.clone();
        let item = item.clone();
        Callback::from(move |()| {
            if let Some(latest) = (*conflict).clone() {
                draft.set(Draft::of(&item, &latest));
                report.set(latest);
                conflict.set(None);
                notice.set(Notice::None);
            }
        })
    };

    let due = report.due_on;
    let head = html! {
        <div class="unit-head report-head">
            <nav class="breadcrumb" aria-label="当前位置">
                <ol>
                    <li><RouteLink to={Route::Item { id: item.id }}>{ format!("第{}项", item.number) }</RouteLink></li>
                    <li aria-current="page">{ format!("{}月报", period_zh(period)) }</li>
                </ol>
            </nav>
            <h1 id="report-title">{ format!("第{}项 · {}月报", item.number, period_zh(period)) }</h1>
            <p class="report-meta">
                <ReportStateTag state={Some(report.state)} />
                <span>{ format!("应于{}前报送", date_zh(due)) }</span>
                <span class="muted">{ format!("责任单位：{}", item.lead_unit.name) }</span>
            </p>
            <p class="report-item-content">{ &item.content }</p>
        </div>
    };

    let returned_banner = (report.state == ReportState::Returned).then(|| {
        html! {
            <section class="return-banner" id="return-reason" aria-labelledby="return-title">
                <h2 id="return-title">{ "督查室已退回本月报，请修改后重新报送" }</h2>
                <p class="return-reason"><strong>{ "退回意见：" }</strong>{ report.return_reason.clone().unwrap_or_default() }</p>
            </section>
        }
    });

    if !editable || *notice == Notice::Submitted {
        let submitted_now = *notice == Notice::Submitted;
        return html! {
            <div class="unit-page report-page">
                { head }
                if submitted_now {
                    <section class="success-banner" id="report-submitted" role="status" aria-labelledby="submitted-title">
                        <h2 id="submitted-title">{ format!("{}月报已报送", period_zh(period)) }</h2>
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
                <ReportReadOnly item={item.clone()} report={(*report).clone()} />
            </div>
        };
    }

    let char_count = |text: &str| format!("{}/{}字", text.chars().count(), TEXT_MAX_CHARS);
    let text_field = |id: &str,
                      field: &str,
                      label: &str,
                      hint: &str,
                      value: &str,
                      required: bool,
                      cb: Callback<String>| {
        let error = error_of(field);
        let hint_id = format!("{id}-hint");
        let error_id = format!("{id}-error");
        let described = if error.is_some() {
            format!("{hint_id} {error_id}")
        } else {
            hint_id.clone()
        };
        html! {
            <div class={classes!("field", error.is_some().then_some("field-invalid"))}>
                <label for={id.to_string()}>
                    { label }
                    if required { <span class="required">{ "（报送时必填）" }</span> }
                </label>
                <p id={hint_id} class="field-hint">{ hint }</p>
                <textarea id={id.to_string()} name={field.to_string()} class="input textarea" rows="5"
                          value={value.to_string()} aria-describedby={described}
                          aria-invalid={error.is_some().then_some("true")}
                          oninput={Callback::from(move |e: InputEvent| cb.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value()))} />
                <p class="char-count" aria-hidden="true">{ char_count(value) }</p>
                if let Some(error) = error {
                    <p id={error_id} class="field-error">{ error }</p>
                }
            </div>
        }
    };

    let indicator_fields = item.indicators.iter().enumerate().map(|(i, ind)| {
        let field = format!("values.{}", ind.id);
        let id = format!("report-value-{}", ind.id);
        let value = draft.values.get(i).map(|(_, v)| v.clone()).unwrap_or_default();
        let error = error_of(&field);
        let next_target = ind
            .targets
            .iter()
            .filter(|t| t.due_date >= period.first_day())
            .min_by_key(|t| t.due_date);
        let mut hint = format!("全年目标 {} {}", figure(ind.final_target), ind.measure);
        if let Some(t) = next_target {
            hint.push_str(&format!(
                "；{}累计目标 {} {}",
                due_zh(t.due_date),
                figure(t.target),
                ind.measure
            ));
        }
        hint.push_str(match ind.kind {
            IndicatorKind::Cumulative => "；填写自1月1日起的累计数",
            IndicatorKind::Rate => "；填写百分比（0–100）",
        });
        let hint_id = format!("{id}-hint");
        let error_id = format!("{id}-error");
        let described = if error.is_some() {
            format!("{hint_id} {error_id}")
        } else {
            hint_id.clone()
        };
        let draft = draft.clone();
        let server_fields = server_fields.clone();
        let field_for_input = field.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            let mut d = (*draft).clone();
            if let Some(slot) = d.values.get_mut(i) {
                slot.1 = text;
            }
            draft.set(d);
            if server_fields.iter().any(|f| f.field == field_for_input) {
                server_fields.set(
                    server_fields
                        .iter()
                        .filter(|f| f.field != field_for_input)
                        .cloned()
                        .collect(),
                );
            }
        });
        html! {
            <div class={classes!("field", "value-field", error.is_some().then_some("field-invalid"))} key={ind.id}>
                <label for={id.clone()}>{ format!("{}（{}）", ind.name, ind.measure) }</label>
                <p id={hint_id} class="field-hint">{ hint }</p>
                <div class="value-input">
                    <input id={id.clone()} name={field.clone()} type="text" inputmode="decimal" autocomplete="off"
                           class="input" value={value} aria-describedby={described}
                           aria-invalid={error.is_some().then_some("true")}
                           {oninput} />
                    <span class="value-measure" aria-hidden="true">{ &ind.measure }</span>
                </div>
                if let Some(error) = error {
                    <p id={error_id} class="field-error">{ error }</p>
                }
            </div>
        }
    });

    let conflict_panel = conflict.as_ref().map(|latest| {
        let mine = &*draft;
        let theirs = Draft::of(&item, latest);
        let still_editable = latest.state.editable();
        let mut rows = vec![
            ("工作进展".to_string(), mine.progress.clone(), theirs.progress.clone()),
            ("存在问题".to_string(), mine.problems.clone(), theirs.problems.clone()),
            ("下步计划".to_string(), mine.next_steps.clone(), theirs.next_steps.clone()),
        ];
        for (i, ind) in item.indicators.iter().enumerate() {
            let value = |d: &Draft| d.values.get(i).map(|v| v.1.clone()).unwrap_or_default();
            rows.push((format!("{}（{}）", ind.name, ind.measure), value(mine), value(&theirs)));
        }
        let intro = format!("在您填写期间，{}于{}保存了新的内容。", latest.updated_by, time_zh(latest.updated_at));
        let closed = (!still_editable).then(|| {
            format!("该月报已{}，不能再修改。您填写的内容仍在下方，可复制留存。", latest.state.label_zh())
        });
        html! {
            <ConflictPanel id="report-conflict" what="此月报" differences={rows} intro={intro} closed={closed.map(AttrValue::from)}
                on_keep_mine={keep_mine.clone()} on_take_theirs={take_theirs.clone()} />
        }
    });

    let status = match &*notice {
        Notice::None | Notice::Submitted => Html::default(),
        Notice::Saved(text) => html! { <span class="status-ok">{ text }</span> },
        Notice::Merged => {
            html! { <span class="status-ok">{ "已载入最新版本，表单保留了您的修改，请检查后再次保存或报送。" }</span> }
        }
        Notice::Error(text) => html! { <span class="status-error">{ text }</span> },
    };

    let d = &*draft;
    html! {
        <div class="unit-page report-page">
            { head }
            { for returned_banner }
            { for conflict_panel }
            <form class="form report-form" id="report-form" novalidate=true {onsubmit} aria-labelledby="report-title"
                  data-version={report.version.to_string()}>
                <p class="form-intro">{ "表单已带入上月填报的内容，只需修改本月有变化的部分。数值填写自1月1日起的累计数。" }</p>
                <fieldset class="report-fieldset">
                    <legend>{ "工作情况" }</legend>
                    { text_field("report-progress", "progress", "工作进展", "本月完成的主要工作和取得的进展。", &d.progress, true,
                        edit(|d, v| d.progress = v, "progress".into())) }
                    { text_field("report-problems", "problems", "存在问题", "推进中遇到的困难和问题，没有可不填。", &d.problems, false,
                        edit(|d, v| d.problems = v, "problems".into())) }
                    { text_field("report-next-steps", "next_steps", "下步计划", "下月准备开展的工作。", &d.next_steps, false,
                        edit(|d, v| d.next_steps = v, "next_steps".into())) }
                </fieldset>
                if !item.indicators.is_empty() {
                    <fieldset class="report-fieldset">
                        <legend>{ "量化指标（报送时必填）" }</legend>
                        { for indicator_fields }
                    </fieldset>
                }
                <div class="report-actions">
                    <p class="form-status" role="status" aria-live="polite">{ status }</p>
                    <div class="form-actions">
                        <button type="button" id="report-save" class="button button-secondary" disabled={*busy} onclick={onsave}>
                            { "保存草稿" }
                        </button>
                        <button type="submit" id="report-submit" class="button" disabled={*busy}>
                            { if *busy { "正在提交…" } else { "提交" } }
                        </button>
                    </div>
                </div>
            </form>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ReportReadOnlyProps {
    item: Rc<ItemDetail>,
    report: Rc<Report>,
}

#[component]
fn ReportReadOnly(props: &ReportReadOnlyProps) -> Html {
    let r = &props.report;
    let text = |t: &str| {
        if t.trim().is_empty() {
            "（未填写）".to_string()
        } else {
            t.to_string()
        }
    };
    html! {
        <section class="unit-section report-readonly" aria-labelledby="readonly-title">
            <h2 id="readonly-title">{ "月报内容" }</h2>
            <dl class="report-dl">
                <dt>{ "工作进展" }</dt><dd>{ text(&r.progress) }</dd>
                <dt>{ "存在问题" }</dt><dd>{ text(&r.problems) }</dd>
                <dt>{ "下步计划" }</dt><dd>{ text(&r.next_steps) }</dd>
                { for props.item.indicators.iter().map(|ind| {
                    let v = r.values.iter().find(|v| v.indicator_id == ind.id);
                    html! {
                        <>
                            <dt>{ format!("{}（{}）", ind.name, ind.measure) }</dt>
                            <dd>{ v.map(|v| figure(v.value)).unwrap_or_else(|| "（未填写）".to_string()) }</dd>
                        </>
                    }
                }) }
            </dl>
            if let Some(at) = r.first_submitted_at {
                <p class="muted">{ format!("首次报送：{}{}", time_zh(at), if r.late { "（逾期报送）" } else { "" }) }</p>
            }
        </section>
    }
}
