//! One 督查通知书 as a card: its number, grade and course (escalations, 签收, each round of
//! 反馈 and 退回, 销号), with the controls of whoever may act on it now — the unit signs for
//! and answers it (with attachments), the office sends it back or closes it.

use std::rc::Rc;

use duban_shared::cases::{CaseFile, Grade};
use duban_shared::supervision::{text_problem, Notice, NoticeState};
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::api;
use crate::components::RouteLink;
use crate::error_messages::write_error;
use crate::format::{date_zh, time_zh};
use crate::routes::Route;

pub fn grade_class(grade: Grade) -> &'static str {
    match grade {
        Grade::Blue => "grade grade-blue",
        Grade::Yellow => "grade grade-yellow",
        Grade::Red => "grade grade-red",
    }
}

#[derive(Properties, PartialEq)]
pub struct CaseCardProps {
    pub notice: Rc<Notice>,
    /// The signed-in user is of the notice's unit: may sign for and answer it.
    #[prop_or_default]
    pub may_answer: bool,
    /// The office: may send the answer back or close it.
    #[prop_or_default]
    pub may_review: bool,
    /// Name the item (lists across items).
    #[prop_or_default]
    pub show_item: bool,
    /// After any change: the notice as it now stands, and what to tell the user.
    pub on_change: Callback<String>,
}

fn files(list: &[CaseFile]) -> Html {
    html! {
        <ul class="case-files">
            { for list.iter().map(|f| {
                let file = f.clone();
                let onclick = Callback::from(move |_: MouseEvent| {
                    let file = file.clone();
                    spawn_local(async move { let _ = api::notices::download_case_file(&file).await; });
                });
                html! { <li><button type="button" class="link-button" {onclick}>{ format!("附件：{}", f.file_name) }</button></li> }
            }) }
        </ul>
    }
}

#[component]
pub fn CaseCard(props: &CaseCardProps) -> Html {
    let n = &props.notice;
    let text = use_state(String::new);
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let id = n.id;
    let version = n.version;

    // Runs one step and reports it; field errors go under the text box.
    let run = {
        let (error, busy, on_change, text) = (error.clone(), busy.clone(), props.on_change.clone(), text.clone());
        Rc::new(
            move |step: std::pin::Pin<Box<dyn std::future::Future<Output = Result<Notice, api::ApiError>>>>,
                  done: String| {
                let (error, busy, on_change, text) = (error.clone(), busy.clone(), on_change.clone(), text.clone());
                busy.set(true);
                spawn_local(async move {
                    let result = step.await;
                    busy.set(false);
                    match result {
                        Ok(_) => {
                            error.set(None);
                            text.set(String::new());
                            on_change.emit(done);
                        }
                        Err(e) if e.is_unauthorized() => {}
                        Err(e) => error.set(Some(crate::error_messages::first_problem(&e))),
                    }
                });
            },
        )
    };
    let number = n.number.clone();
    let acknowledge = {
        let (run, number) = (run.clone(), number.clone());
        Callback::from(move |_: MouseEvent| run(Box::pin(api::notices::acknowledge(id)), format!("已签收{number}。")))
    };
    let needs_text = {
        let (text, error) = (text.clone(), error.clone());
        move |what: &str| -> Option<String> {
            if let Some(p) = text_problem("text", &text, true) {
                error.set(Some(format!("{what}{}", p.message)));
                return None;
            }
            Some(text.trim().to_string())
        }
    };
    let answer = {
        let (run, number, needs_text) = (run.clone(), number.clone(), needs_text.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(t) = needs_text("反馈内容") {
                run(
                    Box::pin(api::notices::answer_notice(id, t, version)),
                    format!("{number}已反馈，等待督查室审核。"),
                );
            }
        })
    };
    let send_back = {
        let (run, number, needs_text) = (run.clone(), number.clone(), needs_text.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(t) = needs_text("退回理由") {
                run(
                    Box::pin(api::notices::return_notice(id, t, version)),
                    format!("{number}已退回责任单位。"),
                );
            }
        })
    };
    let close = {
        let (run, number, needs_text) = (run.clone(), number.clone(), needs_text.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(t) = needs_text("销号意见") {
                run(
                    Box::pin(api::notices::close_notice(id, t, version)),
                    format!("{number}已销号。"),
                );
            }
        })
    };
    let attach = {
        let (error, on_change) = (error.clone(), props.on_change.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|l| l.get(0)) else {
                return;
            };
            input.set_value("");
            let (error, on_change) = (error.clone(), on_change.clone());
            api::notices::attach(
                id,
                file,
                Callback::from(move |r: Result<CaseFile, api::ApiError>| match r {
                    Ok(f) => on_change.emit(format!("已添加附件 {}。", f.file_name)),
                    Err(e) => error.set(Some(write_error(&e))),
                }),
            );
        })
    };
    let docx = {
        let n = n.clone();
        Callback::from(move |_: MouseEvent| {
            let n = n.clone();
            spawn_local(async move {
                let _ = api::notices::download_docx(&n).await;
            });
        })
    };
    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| text.set(e.target_unchecked_into::<HtmlTextAreaElement>().value()))
    };
    let field_id = format!("case-{id}-text");
    let source = match (n.source.instruction_id, n.source.inspection_id) {
        (Some(_), _) => Some("落实领导批示"),
        (None, Some(_)) => Some("实地督查整改"),
        _ => None,
    };
    let state_class = match n.state {
        NoticeState::Open => "flag flag-warn",
        NoticeState::Acknowledged | NoticeState::Returned => "flag",
        NoticeState::Answered => "flag flag-info",
        NoticeState::Closed => "flag flag-done",
    };
    let text_box = |label: &str| {
        html! {
            <div class={classes!("field", error.is_some().then_some("field-invalid"))}>
                <label for={field_id.clone()}>{ label.to_string() }</label>
                <textarea id={field_id.clone()} class="input textarea" rows="3" value={(*text).clone()} oninput={on_text.clone()}
                    aria-invalid={error.is_some().then_some("true")} />
                if let Some(e) = &*error { <p class="field-error" role="alert">{ e }</p> }
            </div>
        }
    };
    html! {
        <li class={classes!("case-card", n.overdue.then_some("is-overdue"))} data-notice={n.id.to_string()}
            data-state={n.state.as_str()} data-grade={n.grade.as_str()}>
            <header class="case-head">
                <span class={grade_class(n.grade)}>{ n.grade.label_zh() }</span>
                <strong class="case-number">{ &n.number }</strong>
                <span class={state_class}>{ n.state.label_zh() }</span>
                if n.overdue { <span class="flag flag-warn">{ "逾期未反馈" }</span> }
            </header>
            <p class="case-meta">
                if props.show_item {
                    <RouteLink to={Route::Item { id: n.item_id }}>{ format!("第{}项", n.item_number) }</RouteLink>{ "　" }
                }
                { format!("{}　反馈时限：{}", n.unit.name, date_zh(n.answer_by)) }
                if let Some(s) = source { { "　" }<span class="flag">{ s }</span> }
            </p>
            <p class="case-reason">{ &n.reason }<span class="by">{ format!("（{} 交办于{}）", n.issued_by, time_zh(n.issued_at)) }</span></p>
            if !n.escalations.is_empty() {
                <ul class="case-escalations">
                    { for n.escalations.iter().map(|e| html! { <li>{ format!("{}：{}", date_zh(e.on), e.reason) }</li> }) }
                </ul>
            }
            <p class="case-signed muted">
                { match (&n.acknowledged_by, n.acknowledged_at) {
                    (Some(by), Some(at)) => format!("{by} 于{}签收", time_zh(at)),
                    _ => "尚未签收".to_string(),
                } }
            </p>
            if !n.rounds.is_empty() {
                <ol class="case-rounds">
                    { for n.rounds.iter().map(|r| html! {
                        <li class="case-round">
                            <p><strong>{ format!("第{}次反馈：", r.round) }</strong>{ &r.answer }
                                <span class="by">{ format!("（{}，{}）", r.answered_by, time_zh(r.answered_at)) }</span></p>
                            { files(&r.attachments) }
                            if let Some(reason) = &r.return_reason {
                                <p class="case-returned"><strong>{ "退回理由：" }</strong>{ reason }
                                    if let Some(by) = &r.returned_by { <span class="by">{ format!("（{by}）") }</span> }
                                </p>
                            }
                        </li>
                    }) }
                </ol>
            }
            if let (Some(note), Some(at)) = (&n.close_note, n.closed_at) {
                <p class="case-closed"><strong>{ "销号意见：" }</strong>{ note }<span class="by">{ format!("（{}）", time_zh(at)) }</span></p>
            }
            if props.may_answer && n.state == NoticeState::Open {
                <div class="card-actions">
                    <button type="button" class="button button-small acknowledge" onclick={acknowledge} disabled={*busy}>{ "签收" }</button>
                </div>
            }
            if props.may_answer && n.state.awaits_unit() {
                <form class="form mini-form case-answer" novalidate=true onsubmit={answer}>
                    { text_box("反馈内容") }
                    if !n.pending_attachments.is_empty() {
                        <p class="muted">{ "将随本次反馈提交的附件：" }</p>
                        { files(&n.pending_attachments) }
                    }
                    <div class="form-actions">
                        <label class="button button-secondary button-small">
                            { "添加附件" }
                            <input type="file" class="visually-hidden case-attach" onchange={attach} />
                        </label>
                        <button type="submit" class="button button-small" disabled={*busy}>{ "提交反馈" }</button>
                    </div>
                </form>
            }
            if props.may_review && n.state == NoticeState::Answered {
                <div class="form mini-form case-review">
                    { text_box("审核意见（退回理由或销号意见）") }
                    <div class="form-actions">
                        <button type="button" class="button button-small close-notice" onclick={close} disabled={*busy}>{ "审核通过，销号" }</button>
                        <button type="button" class="button button-secondary button-small return-notice" onclick={send_back} disabled={*busy}>{ "退回重新反馈" }</button>
                    </div>
                </div>
            }
            <div class="case-tools">
                <button type="button" class="link-button notice-docx" onclick={docx}>{ "下载督查通知书（Word）" }</button>
            </div>
        </li>
    }
}
