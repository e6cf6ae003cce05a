//! `/admin/plans`: every year's plan (drafts too), the import of a year's notice (or a plan
//! data file) with a preview, and a new empty year. Each year leads to its editor.

use std::rc::Rc;

use chrono::Datelike;
use duban_shared::api::{ImportedPlan, PlanList};
use duban_shared::error::ErrorCode;
use duban_shared::plan_edit::PlanInput;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::form::{setter, Field, Problems};
use crate::components::office_frame::{use_flash, Flash, OfficeFrame, StatusLine};
use crate::components::{ErrorPanel, PlanStatusTag, RouteLink};
use crate::error_messages::{edit_error, field_errors};
use crate::format::figure;
use crate::hooks::{use_load, use_title, Load};
use crate::routes::Route;

#[component]
pub fn PlansPage() -> Html {
    use_title(Some("计划管理".to_string()));
    html! {
        <OfficeFrame current={Route::AdminPlans}>
            <Plans />
        </OfficeFrame>
    }
}

#[component]
fn Plans() -> Html {
    let plans = use_load((), |()| api::plans::plans());
    let flash = use_flash();
    let status = use_state(|| flash);
    let on_error = {
        let status = status.clone();
        Callback::from(move |m: String| status.set(Some((false, m))))
    };
    let body = match &*plans.state {
        Load::Loading => html! { <p role="status">{ "正在加载…" }</p> },
        Load::Failed(e) => {
            html! { <ErrorPanel title="无法获取年度计划" error={e.clone()} on_retry={plans.retry.clone()} /> }
        }
        Load::Ready(list) => {
            let next_year = list.plans.iter().map(|p| p.year + 1).max();
            html! {
                <>
                    <section class="office-section" aria-labelledby="plan-list-title">
                        <h2 id="plan-list-title">{ "全部年度计划" }</h2>
                        <PlanTable list={list.clone()} />
                    </section>
                    <ImportPlan on_error={on_error.clone()} />
                    <CreatePlan {next_year} on_error={on_error.clone()} />
                </>
            }
        }
    };
    html! {
        <>
            <h1 id="plans-title">{ "计划管理" }</h1>
            <p class="muted">
                { "每年的民生实事计划先建为草稿，只有督查室可见；录入计划信息、分类和事项并核对无误后发布，各责任单位即可查看并按月报送。" }
            </p>
            <StatusLine message={(*status).clone()} />
            { body }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct PlanTableProps {
    list: Rc<PlanList>,
}

#[component]
fn PlanTable(props: &PlanTableProps) -> Html {
    if props.list.plans.is_empty() {
        return html! { <p class="panel-empty" id="plan-list-empty">{ "还没有任何年度计划。请在下方从通知导入，或新建空白计划。" }</p> };
    }
    let mut plans = props.list.plans.clone();
    plans.sort_by_key(|p| std::cmp::Reverse(p.year));
    html! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="plan-list-title">
            <table class="data-table" id="plan-list">
                <thead>
                    <tr>
                        <th scope="col">{ "年度" }</th>
                        <th scope="col">{ "标题" }</th>
                        <th scope="col">{ "文号" }</th>
                        <th scope="col">{ "状态" }</th>
                        <th scope="col" class="num">{ "事项" }</th>
                        <th scope="col">{ "操作" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for plans.iter().map(|p| html! {
                        <tr key={p.year} data-year={p.year.to_string()} data-status={p.status.as_str()}>
                            <th scope="row">{ p.year }</th>
                            <td>{ &p.title }</td>
                            <td>{ &p.doc_number }</td>
                            <td><PlanStatusTag status={p.status} closed={p.closed} /></td>
                            <td class="num">{ p.item_count }</td>
                            <td class="cell-actions">
                                <RouteLink to={Route::AdminPlan { year: p.year }} classes="button button-small"
                                    aria_label={format!("编辑{}年计划", p.year)}>{ "编辑" }</RouteLink>
                                { " " }
                                <RouteLink to={Route::Plan { year: p.year }} classes="button button-secondary button-small"
                                    aria_label={format!("查看{}年计划", p.year)}>{ "查看" }</RouteLink>
                            </td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct CreatePlanProps {
    /// The year after the newest plan, offered as the new one.
    next_year: Option<i32>,
    on_error: Callback<String>,
}

#[component]
fn CreatePlan(props: &CreatePlanProps) -> Html {
    let year = use_state(|| props.next_year.map(|y| y.to_string()).unwrap_or_default());
    let title = use_state(String::new);
    let errors = use_state(Problems::new);
    let busy = use_state(|| false);
    let navigator = use_navigator();
    let onsubmit = {
        let (year, title, errors, busy, on_error) = (
            year.clone(),
            title.clone(),
            errors.clone(),
            busy.clone(),
            props.on_error.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let Ok(y) = year.trim().parse::<i32>() else {
                errors.set(Problems::from([(
                    "year".to_string(),
                    "请填写四位数的年度，如 2025".to_string(),
                )]));
                return;
            };
            let body = PlanInput {
                title: title.trim().to_string(),
                ..PlanInput::new(y)
            };
            busy.set(true);
            let (errors, busy, on_error, navigator) =
                (errors.clone(), busy.clone(), on_error.clone(), navigator.clone());
            spawn_local(async move {
                match api::plans::create_plan(&body).await {
                    Ok(plan) => {
                        if let Some(n) = &navigator {
                            n.push_with_state(
                                &Route::AdminPlan { year: plan.year },
                                Flash(format!(
                                    "已新建{}年计划草稿。请填写计划信息，再添加分类和事项。",
                                    plan.year
                                )),
                            );
                        }
                    }
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) if e.code == Some(ErrorCode::Conflict) => {
                        errors.set(Problems::from([("year".to_string(), format!("{y}年已有计划"))]));
                    }
                    Err(e) => {
                        errors.set(field_errors(&e));
                        on_error.emit(edit_error(&e, ""));
                    }
                }
                busy.set(false);
            });
        })
    };
    let err = |k: &str| errors.get(k).cloned();
    html! {
        <section class="office-section form-card" aria-labelledby="create-plan-title">
            <h2 id="create-plan-title">{ "新建年度计划" }</h2>
            <form class="form" id="create-plan-form" {onsubmit} novalidate=true>
                <Field id="new-plan-year" label="年度" value={(*year).clone()} oninput={setter(&year)}
                    inputmode="numeric" error={err("year")} />
                <Field id="new-plan-title" label="标题" value={(*title).clone()} oninput={setter(&title)}
                    hint="如：2025年开平市十件民生实事项目" error={err("title")} />
                <div class="form-actions">
                    <button id="create-plan-submit" type="submit" class="button" disabled={*busy}>{ "新建草稿" }</button>
                </div>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ImportPlanProps {
    on_error: Callback<String>,
}

/// The chosen file and the type it is sent as; `Err` says what is wrong with the choice.
fn chosen_file(input: Option<HtmlInputElement>) -> Result<(web_sys::File, &'static str), String> {
    let file = input
        .and_then(|i| i.files())
        .and_then(|f| f.get(0))
        .ok_or_else(|| "请选择通知文件（.docx 或 .txt）或计划数据文件（.json）".to_string())?;
    let kind = api::plans::import_type(&file.name()).ok_or_else(|| "只能导入 .docx、.txt 或 .json 文件".to_string())?;
    Ok((file, kind))
}

/// What the server said was wrong with the file, line by line when it could tell.
fn refusal_text(e: &api::ApiError) -> String {
    if e.fields.is_empty() {
        return format!("文件内容有误，未导入：{}", e.detail);
    }
    e.fields
        .iter()
        .map(|f| match f.field.strip_prefix("line ") {
            Some("0") | None => f.message.clone(),
            Some(n) => format!("第{n}行：{}", f.message),
        })
        .collect::<Vec<_>>()
        .join("；")
}

#[component]
fn ImportPlan(props: &ImportPlanProps) -> Html {
    let file = use_node_ref();
    let year = use_state(String::new);
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let preview = use_state(|| None::<Rc<ImportedPlan>>);
    let navigator = use_navigator();
    let run = {
        let (file, year, error, busy, preview, navigator, on_error) = (
            file.clone(),
            year.clone(),
            error.clone(),
            busy.clone(),
            preview.clone(),
            navigator.clone(),
            props.on_error.clone(),
        );
        Callback::from(move |dry_run: bool| {
            if *busy {
                return;
            }
            let (chosen, content_type) = match chosen_file(file.cast::<HtmlInputElement>()) {
                Ok(c) => c,
                Err(problem) => return error.set(Some(problem)),
            };
            let year_override = match year.trim() {
                "" => None,
                y => match y.parse::<i32>() {
                    Ok(y) if (2000..=2100).contains(&y) => Some(y),
                    _ => return error.set(Some("年度请填写四位数，如 2025；不填则按通知读出的年度".to_string())),
                },
            };
            busy.set(true);
            error.set(None);
            let (error, busy, preview, navigator, on_error) = (
                error.clone(),
                busy.clone(),
                preview.clone(),
                navigator.clone(),
                on_error.clone(),
            );
            spawn_local(async move {
                match api::plans::import_file(chosen, content_type, year_override, dry_run).await {
                    Ok(read) if dry_run => preview.set(Some(Rc::new(read))),
                    Ok(read) => {
                        let plan = &read.plan;
                        let checks = read.problems.len();
                        if let Some(n) = &navigator {
                            n.push_with_state(
                                &Route::AdminPlan { year: plan.year },
                                Flash(format!(
                                    "已导入{}年计划（{}类{}项），现为草稿。{}请核对后发布。",
                                    plan.year,
                                    plan.categories.len(),
                                    plan.items().count(),
                                    if checks > 0 {
                                        format!("导入时有{checks}处需要核对。")
                                    } else {
                                        String::new()
                                    }
                                )),
                            );
                        }
                    }
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) if e.code == Some(ErrorCode::Conflict) => error.set(Some(format!(
                        "该年度已有计划，不能重复导入；可在“年度”中填写其他年度，或先删除该年度的草稿。（{}）",
                        e.detail
                    ))),
                    Err(e)
                        if matches!(
                            e.code,
                            Some(ErrorCode::Validation)
                                | Some(ErrorCode::InvalidJson)
                                | Some(ErrorCode::PayloadTooLarge)
                                | Some(ErrorCode::UnsupportedMediaType)
                        ) =>
                    {
                        preview.set(None);
                        error.set(Some(refusal_text(&e)))
                    }
                    Err(e) => on_error.emit(edit_error(&e, "")),
                }
                busy.set(false);
            });
        })
    };
    let onsubmit = {
        let run = run.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(false)
        })
    };
    let on_preview = {
        let run = run.clone();
        Callback::from(move |_: MouseEvent| run.emit(true))
    };
    let onchange = {
        let (error, preview) = (error.clone(), preview.clone());
        Callback::from(move |_: Event| {
            error.set(None);
            preview.set(None);
        })
    };
    html! {
        <section class="office-section form-card" aria-labelledby="import-plan-title">
            <h2 id="import-plan-title">{ "从通知导入计划" }</h2>
            <form class="form" id="import-plan-form" {onsubmit} novalidate=true>
                <div class={classes!("field", error.is_some().then_some("field-invalid"))}>
                    <label for="import-file">{ "通知或计划文件" }</label>
                    <p id="import-file-hint" class="field-hint">
                        { "选择印发民生实事的通知（Word .docx，或复制出的文本 .txt），系统从通知的表格读出分类、事项、节点、责任单位和配合单位，并按节点中的数字建议指标；也可选择系统的计划数据文件（.json）。先预览核对，导入后为草稿。" }
                    </p>
                    <input id="import-file" type="file" class="input" accept=".docx,.txt,.json" ref={file} {onchange}
                        aria-invalid={error.is_some().then_some("true")}
                        aria-describedby={if error.is_some() { "import-file-hint import-file-error" } else { "import-file-hint" }} />
                    if let Some(e) = &*error { <p id="import-file-error" class="field-error" role="alert">{ e.clone() }</p> }
                </div>
                <Field id="import-year" label="年度（可不填）" value={(*year).clone()} oninput={{
                    // A preview shows one year: another year needs another preview.
                    let (year, preview) = (year.clone(), preview.clone());
                    Callback::from(move |v: String| {
                        year.set(v);
                        preview.set(None);
                    })
                }}
                    inputmode="numeric" hint="不填则按通知文号中的年度" />
                <div class="form-actions">
                    <button id="import-preview" type="button" class="button button-secondary" disabled={*busy} onclick={on_preview}>
                        { "预览" }
                    </button>
                    <button id="import-submit" type="submit" class="button" disabled={*busy}>
                        { if *busy { "正在读取…" } else { "导入为草稿" } }
                    </button>
                </div>
            </form>
            if let Some(read) = &*preview {
                <ImportPreview read={read.clone()} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ImportPreviewProps {
    read: Rc<ImportedPlan>,
}

/// What the dry run read: the header, what to check, and the items as the editor will hold them.
#[component]
fn ImportPreview(props: &ImportPreviewProps) -> Html {
    let read = &props.read;
    let plan = &read.plan;
    let items: Vec<_> = plan.items().collect();
    let milestones: usize = items.iter().map(|i| i.milestones.len()).sum();
    let indicators: usize = items.iter().map(|i| i.indicators.len()).sum();
    html! {
        <div class="import-preview" id="import-preview-result" role="region" aria-labelledby="import-preview-title">
            <h3 id="import-preview-title">{ format!("读出：{}", plan.title) }</h3>
            <p class="muted" id="import-preview-facts">
                { format!("{} · {}年 · {}类{}项 · {}个节点 · {}个建议指标（尚未保存）",
                    if plan.doc_number.is_empty() { "未读出文号" } else { plan.doc_number.as_str() },
                    plan.year, plan.categories.len(), items.len(), milestones, indicators) }
            </p>
            if read.problems.is_empty() {
                <p class="panel-ok">{ "未发现需要核对的地方。" }</p>
            } else {
                <div class="import-problems">
                    <h4>{ format!("请核对（{}处）", read.problems.len()) }</h4>
                    <ul id="import-problems">
                        { for read.problems.iter().map(|p| html! {
                            <li class={classes!(p.blocking.then_some("problem-blocking"))}>
                                if p.line > 0 { <span class="problem-line">{ format!("第{}行", p.line) }</span>{ " " } }
                                { &p.message }
                            </li>
                        }) }
                    </ul>
                </div>
            }
            <div class="table-wrap" tabindex="0" role="region" aria-label="读出的事项">
                <table class="data-table import-table stack-table" id="import-items">
                    <thead>
                        <tr>
                            <th scope="col" class="num">{ "序号" }</th>
                            <th scope="col">{ "具体内容" }</th>
                            <th scope="col">{ "责任单位" }</th>
                            <th scope="col">{ "节点" }</th>
                            <th scope="col">{ "建议指标" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for items.iter().map(|i| html! {
                            <tr key={i.number}>
                                <th scope="row" class="num">{ i.number }</th>
                                <td data-label="具体内容">{ &i.content }</td>
                                <td data-label="责任单位">
                                    { &i.lead_unit.name }
                                    if !i.co_units.is_empty() {
                                        <div class="muted small">{ format!("配合：{}", i.co_units.iter().map(|u| u.name.as_str()).collect::<Vec<_>>().join("、")) }</div>
                                    }
                                </td>
                                <td data-label="节点">{ i.milestones.iter().map(|m| format!("{}月{}日", m.due_date.month(), m.due_date.day())).collect::<Vec<_>>().join("、") }</td>
                                <td data-label="建议指标">{ i.indicators.iter().map(|x| format!("{}（{}{}）", x.name, figure(x.final_target), x.measure)).collect::<Vec<_>>().join("；") }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </div>
    }
}
