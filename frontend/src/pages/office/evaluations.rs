//! `/evaluations`: the deputies' evaluation (满意度测评) for the office and the leaders — the
//! round's state and how many have voted; once closed, per item the counts and 满意率 with the
//! rule, the comments without names, the spreadsheet; the office opens the round and closes it.

use std::rc::Rc;

use duban_shared::evaluation::{Evaluation, EvaluationResults};
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::api;
use crate::components::office_frame::StatusLine;
use crate::components::{ErrorPanel, LoadingNotice, RouteLink};
use crate::error_messages::write_error;
use crate::format::time_zh;
use crate::hooks::{use_load, use_title, Load};
use crate::routes::Route;

/// Where the year's evaluation stands.
#[derive(Clone, PartialEq)]
enum Stage {
    NotOpened,
    /// Deputies are voting: participation only, the counts are sealed.
    Open(Evaluation),
    Closed(EvaluationResults),
}

async fn load() -> Result<(i32, Stage), api::ApiError> {
    let year = api::plans::year_or_current(None).await?;
    let stage = match api::evaluations::round(year).await {
        Err(e) if e.is_not_found() => Stage::NotOpened,
        Err(e) => return Err(e),
        Ok(e) if e.closed_at.is_none() => Stage::Open(e),
        Ok(_) => Stage::Closed(api::evaluations::results(year).await?),
    };
    Ok((year, stage))
}

fn rate(r: Option<f64>) -> String {
    r.map(|x| format!("{x:.1}%")).unwrap_or_else(|| "—".to_string())
}

#[component]
pub fn EvaluationsPage() -> Html {
    use_title(Some("满意度测评".to_string()));
    let loaded = use_load((), |()| load());
    let session = crate::session::use_session();
    let office = crate::access::is_office(session.session.as_deref());
    let status = use_state(|| None::<(bool, String)>);
    let body = match &*loaded.state {
        Load::Loading => html! { <LoadingNotice /> },
        Load::Failed(e) => {
            html! { <ErrorPanel title="无法获取测评结果" error={e.clone()} on_retry={loaded.retry.clone()} /> }
        }
        Load::Ready(r) => {
            let (year, stage) = (**r).clone();
            match stage {
                Stage::NotOpened if office => {
                    html! { <OpenForm {year} status={status.clone()} on_done={loaded.retry.clone()} /> }
                }
                Stage::NotOpened => html! { <p class="panel-empty">{ format!("{year}年度尚未组织满意度测评。") }</p> },
                Stage::Open(e) => html! {
                    <Round {year} evaluation={Rc::new(e)} overall={None::<f64>} rule={None::<String>} {office}
                        status={status.clone()} on_done={loaded.retry.clone()} />
                },
                Stage::Closed(r) => html! {
                    <>
                        <Round {year} evaluation={Rc::new(r.evaluation.clone())} overall={r.overall_rate} rule={Some(r.rule.clone())}
                            {office} status={status.clone()} on_done={loaded.retry.clone()} />
                        <ResultsTable results={Rc::new(r)} />
                    </>
                },
            }
        }
    };
    html! {
        <>
            <h1>{ "人大代表满意度测评" }</h1>
            <StatusLine message={(*status).clone()} />
            { body }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct OpenFormProps {
    year: i32,
    status: UseStateHandle<Option<(bool, String)>>,
    on_done: Callback<()>,
}

#[component]
fn OpenForm(props: &OpenFormProps) -> Html {
    let year = props.year;
    let input = use_node_ref();
    let busy = use_state(|| false);
    let onsubmit = {
        let (input, busy, status, on_done) = (input.clone(), busy.clone(), props.status.clone(), props.on_done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let title = input.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            busy.set(true);
            let (busy, status, on_done) = (busy.clone(), status.clone(), on_done.clone());
            spawn_local(async move {
                match api::evaluations::open(year, &title).await {
                    Ok(e) => {
                        status.set(Some((
                            true,
                            format!("已发起“{}”，人大代表登录后即可逐项评价。", e.title),
                        )));
                        on_done.emit(());
                    }
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) => status.set(Some((false, write_error(&e)))),
                }
                busy.set(false);
            });
        })
    };
    html! {
        <section class="office-section" aria-labelledby="open-title">
            <h2 id="open-title">{ format!("发起{year}年度测评") }</h2>
            <p class="muted">
                { "测评发起后，人大代表账号登录即可看到各项目的公开进展并逐项评价（满意、基本满意、不满意），测评结束前可以修改。代表账号请在" }
                <RouteLink to={Route::AdminUsers}>{ "用户管理" }</RouteLink>
                { "中以“人大代表”角色创建。" }
            </p>
            <form class="form" id="evaluation-open-form" {onsubmit}>
                <div class="field">
                    <label for="evaluation-title-input">{ "测评名称" }</label>
                    <input id="evaluation-title-input" class="input" ref={input}
                        value={format!("{year}年民生实事项目满意度测评")} />
                </div>
                <p class="form-actions">
                    <button type="submit" id="evaluation-open" class="button" disabled={*busy}>{ "发起测评" }</button>
                </p>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct RoundProps {
    year: i32,
    evaluation: Rc<Evaluation>,
    /// Once closed: the overall rate and the rule.
    overall: Option<f64>,
    rule: Option<String>,
    office: bool,
    status: UseStateHandle<Option<(bool, String)>>,
    on_done: Callback<()>,
}

/// The round: its state and participation; the spreadsheet once closed; 结束测评 for the office.
#[component]
fn Round(props: &RoundProps) -> Html {
    let e = &props.evaluation;
    let year = props.year;
    let closed = e.closed_at.is_some();
    let confirming = use_state(|| false);
    let ask = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(!*confirming))
    };
    let on_close = {
        let (status, on_done, version) = (props.status.clone(), props.on_done.clone(), e.version);
        Callback::from(move |_: MouseEvent| {
            let (status, on_done) = (status.clone(), on_done.clone());
            spawn_local(async move {
                match api::evaluations::close(year, version).await {
                    Ok(_) => {
                        status.set(Some((true, "测评已结束，结果已统计，不再变化。".to_string())));
                        on_done.emit(());
                    }
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) => status.set(Some((false, write_error(&e)))),
                }
            });
        })
    };
    let download = {
        let (status, name) = (props.status.clone(), format!("{}结果.xlsx", e.title));
        Callback::from(move |_: MouseEvent| {
            let (status, name) = (status.clone(), name.clone());
            spawn_local(async move {
                match api::evaluations::download_results(year, &name).await {
                    Ok(()) => status.set(Some((true, format!("已下载：{name}")))),
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) => status.set(Some((false, e.message))),
                }
            });
        })
    };
    let state = match e.closed_at {
        Some(t) => format!("已于{}结束", time_zh(t)),
        None => "进行中".to_string(),
    };
    html! {
        <section class="office-section" aria-labelledby="round-title" id="evaluation-round">
            <h2 id="round-title">{ &e.title }</h2>
            <p>
                { format!("状态：{state}。参评代表{}人，已投票{}人。", e.deputies, e.voted) }
                if closed {
                    { "总体满意率：" }<strong id="overall-rate">{ rate(props.overall) }</strong>
                }
            </p>
            if let Some(rule) = &props.rule {
                <p class="muted" id="evaluation-rule">{ format!("计算规则：{rule}") }</p>
            } else {
                <p class="muted">{ "测评进行中，各项目的票数和满意率在测评结束后统计公布，以免从票数变化推知代表的选择。" }</p>
            }
            <p class="form-actions">
                if closed {
                    <button type="button" id="evaluation-xlsx" class="button button-secondary" onclick={download}>{ "下载结果（Excel）" }</button>
                } else if props.office {
                    <button type="button" id="evaluation-close" class="button button-secondary" onclick={ask}>{ "结束测评…" }</button>
                }
            </p>
            if *confirming && !closed {
                <div class="confirm-box" id="evaluation-close-panel" role="alertdialog" aria-labelledby="close-q">
                    <p id="close-q">{ "结束后代表不能再评价或修改，结果即行统计并固定。确定结束本次测评吗？" }</p>
                    <p class="form-actions">
                        <button type="button" id="evaluation-close-confirm" class="button" onclick={on_close}>{ "确定结束" }</button>
                    </p>
                </div>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ResultsTableProps {
    results: Rc<EvaluationResults>,
}

#[component]
fn ResultsTable(props: &ResultsTableProps) -> Html {
    let r = &props.results;
    html! {
            <section class="office-section" aria-labelledby="results-title">
                <h2 id="results-title">{ "各项目测评结果" }</h2>
                <div class="table-wrap" tabindex="0" role="region" aria-labelledby="results-title">
                    <table class="data-table stack-table" id="evaluation-results">
                        <thead>
                            <tr>
                                <th scope="col" class="num">{ "序号" }</th>
                                <th scope="col">{ "项目" }</th>
                                <th scope="col">{ "牵头单位" }</th>
                                <th scope="col" class="num">{ "满意" }</th>
                                <th scope="col" class="num">{ "基本满意" }</th>
                                <th scope="col" class="num">{ "不满意" }</th>
                                <th scope="col" class="num">{ "有效票" }</th>
                                <th scope="col" class="num">{ "满意率" }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for r.items.iter().map(|i| html! {
                                <tr key={i.number} data-item={i.number.to_string()}>
                                    <td class="num" data-label="序号">{ i.number }</td>
                                    <th scope="row">
                                        { &i.content }
                                        if !i.comments.is_empty() {
                                            <details class="ballot-details">
                                                <summary>{ format!("代表意见（{}条）", i.comments.len()) }</summary>
                                                <ul>{ for i.comments.iter().map(|c| html! { <li>{ c }</li> }) }</ul>
                                            </details>
                                        }
                                    </th>
                                    <td data-label="牵头单位">{ &i.lead_unit }</td>
                                    <td class="num" data-label="满意">{ i.satisfied }</td>
                                    <td class="num" data-label="基本满意">{ i.basically_satisfied }</td>
                                    <td class="num" data-label="不满意">{ i.dissatisfied }</td>
                                    <td class="num" data-label="有效票">{ i.ballots }</td>
                                    <td class="num" data-label="满意率">{ rate(i.satisfaction_rate) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            </section>
    }
}
