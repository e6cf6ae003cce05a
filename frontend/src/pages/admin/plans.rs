//! `/admin/plans`: every year's plan (drafts too), a new year, and the import of a plan data
//! file. Each year leads to its editor.

use std::rc::Rc;

use duban_shared::api::PlanList;
use duban_shared::error::ErrorCode;
use duban_shared::plan_edit::PlanInput;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::form::{setter, Field, Problems};
use crate::components::office_frame::{use_flash, Flash, OfficeFrame, StatusLine};
use crate::components::{ErrorPanel, PlanStatusTag, RouteLink};
use crate::error_messages::{edit_error, field_errors};
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
                    <div class="office-columns">
                        <CreatePlan {next_year} on_error={on_error.clone()} />
                        <ImportPlan on_error={on_error.clone()} />
                    </div>
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
        return html! { <p class="panel-empty" id="plan-list-empty">{ "还没有任何年度计划。请在下方新建，或导入计划数据文件。" }</p> };
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
                            <td><PlanStatusTag status={p.status} /></td>
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

/// Reads the chosen file; `Err` says why it is not a plan file.
async fn read_plan_file(input: Option<HtmlInputElement>) -> Result<serde_json::Value, String> {
    let file = input
        .and_then(|i| i.files())
        .and_then(|f| f.get(0))
        .ok_or_else(|| "请选择计划数据文件（.json）".to_string())?;
    let text = JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| "无法读取所选文件".to_string())?;
    serde_json::from_str(&text).map_err(|_| "所选文件不是有效的 JSON 计划数据文件".to_string())
}

#[component]
fn ImportPlan(props: &ImportPlanProps) -> Html {
    let file = use_node_ref();
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let navigator = use_navigator();
    let onsubmit = {
        let (file, error, busy, navigator, on_error) = (
            file.clone(),
            error.clone(),
            busy.clone(),
            navigator.clone(),
            props.on_error.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            busy.set(true);
            let input = file.cast::<HtmlInputElement>();
            let (error, busy, navigator, on_error) = (error.clone(), busy.clone(), navigator.clone(), on_error.clone());
            spawn_local(async move {
                let data = match read_plan_file(input).await {
                    Ok(data) => data,
                    Err(problem) => {
                        error.set(Some(problem));
                        busy.set(false);
                        return;
                    }
                };
                let year = data["year"].as_i64().unwrap_or_default();
                match api::plans::import_plan(&data).await {
                    Ok(plan) => {
                        let items = plan.items().count();
                        if let Some(n) = &navigator {
                            n.push_with_state(
                                &Route::AdminPlan { year: plan.year },
                                Flash(format!(
                                    "已导入{}年计划（{}类{}项），现为草稿。请核对后发布。",
                                    plan.year,
                                    plan.categories.len(),
                                    items
                                )),
                            );
                        }
                    }
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) if e.code == Some(ErrorCode::Conflict) => error.set(Some(format!(
                        "{year}年已有计划，不能重复导入；如需重新导入，请先删除该年度的草稿。"
                    ))),
                    Err(e) if matches!(e.code, Some(ErrorCode::Validation) | Some(ErrorCode::InvalidJson)) => {
                        error.set(Some(format!("文件内容有误，未导入。服务器的说明：{}", e.detail)))
                    }
                    Err(e) => on_error.emit(edit_error(&e, "")),
                }
                busy.set(false);
            });
        })
    };
    let onchange = {
        let error = error.clone();
        Callback::from(move |_: Event| error.set(None))
    };
    html! {
        <section class="office-section form-card" aria-labelledby="import-plan-title">
            <h2 id="import-plan-title">{ "导入计划文件" }</h2>
            <form class="form" id="import-plan-form" {onsubmit} novalidate=true>
                <div class={classes!("field", error.is_some().then_some("field-invalid"))}>
                    <label for="import-file">{ "计划数据文件" }</label>
                    <p id="import-file-hint" class="field-hint">
                        { "JSON 格式，含计划信息、单位、分类和事项（格式同系统自带的 2024 年计划文件）。导入后为草稿，文件中的新单位一并加入单位清单。" }
                    </p>
                    <input id="import-file" type="file" class="input" accept=".json,application/json" ref={file} {onchange}
                        aria-invalid={error.is_some().then_some("true")}
                        aria-describedby={if error.is_some() { "import-file-hint import-file-error" } else { "import-file-hint" }} />
                    if let Some(e) = &*error { <p id="import-file-error" class="field-error">{ e.clone() }</p> }
                </div>
                <div class="form-actions">
                    <button id="import-submit" type="submit" class="button" disabled={*busy}>
                        { if *busy { "正在导入…" } else { "导入为草稿" } }
                    </button>
                </div>
            </form>
        </section>
    }
}
