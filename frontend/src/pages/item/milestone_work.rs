//! The lead unit's work on one open milestone: mark it complete, upload evidence, ask for
//! more time.

use chrono::{Datelike, NaiveDate};
use duban_shared::api::Milestone;
use duban_shared::error::FieldError;
use duban_shared::rules;
use duban_shared::supervision::{
    evidence_type, text_problem, CompleteMilestone, Evidence, NewExtensionRequest, EVIDENCE_MAX_BYTES,
};
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::api::{self, ApiError};
use crate::components::DateInput;
use crate::format::{date_value, date_zh, due_zh};

#[derive(Properties, PartialEq)]
pub(super) struct MilestoneWorkProps {
    pub milestone: Milestone,
    pub as_of: NaiveDate,
    pub has_pending: bool,
    pub reload: Callback<()>,
}

fn field_message(fields: &[FieldError], name: &str) -> Option<String> {
    fields.iter().find(|f| f.field == name).map(|f| f.message.clone())
}

/// A day typed into a date input, checked: the day when there is one, and the problem when
/// there is none (`missing`) or the server's own rule (`duban_shared::rules`) refuses it.
fn checked_day(
    field: &str,
    text: &str,
    missing: &str,
    rule: impl Fn(NaiveDate) -> Option<FieldError>,
) -> (Option<NaiveDate>, Option<FieldError>) {
    match text.parse::<NaiveDate>().ok() {
        None => (
            None,
            Some(FieldError {
                field: field.into(),
                message: missing.into(),
            }),
        ),
        Some(d) => (Some(d), rule(d)),
    }
}

/// One open milestone's work: mark complete, upload evidence, ask for more time.
#[component]
pub(super) fn MilestoneWork(props: &MilestoneWorkProps) -> Html {
    let m = &props.milestone;
    // Kept here, not in the extension form: it stays once the request makes the form go.
    let ext_message = use_state(|| None::<(bool, String)>);
    let on_ext_message = {
        let ext_message = ext_message.clone();
        Callback::from(move |m: (bool, String)| ext_message.set(Some(m)))
    };
    let can_extend = props.as_of <= m.due_date && !props.has_pending;
    let p = format!("m{}", m.id);
    html! {
        <details class="milestone-panel" data-milestone-work={m.seq.to_string()}>
            <summary>
                <span class="summary-due">{ due_zh(m.due_date) }</span>
                <span class="summary-text">{ &m.target_text }</span>
                <span class="summary-action">{ "标记完成 · 上传佐证 · 申请延期" }</span>
            </summary>
            <div class="milestone-panel-body">
                <CompleteForm id={m.id} version={m.version} as_of={props.as_of} plan_year={m.due_date.year()} prefix={p.clone()} reload={props.reload.clone()} />
                <EvidenceUpload id={m.id} prefix={p.clone()} reload={props.reload.clone()} />
                if can_extend {
                    <ExtensionForm id={m.id} due_date={m.due_date} prefix={p} reload={props.reload.clone()} on_message={on_ext_message} />
                } else if props.has_pending {
                    <p class="muted mini-form">{ "已提交延期申请，等待督查室审批。" }</p>
                } else {
                    <p class="muted mini-form">{ "已过节点期限，不能再申请延期。" }</p>
                }
                if let Some((ok, text)) = &*ext_message {
                    <p class={if *ok { "status-ok" } else { "field-error" }} role="status">{ text }</p>
                }
            </div>
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct CompleteFormProps {
    /// The milestone's.
    id: i32,
    version: i32,
    as_of: NaiveDate,
    plan_year: i32,
    /// Starts the fields' ids.
    prefix: String,
    reload: Callback<()>,
}

/// 标记完成: the day (today unless changed) and a note.
#[component]
fn CompleteForm(props: &CompleteFormProps) -> Html {
    let completed_on = use_state(|| date_value(props.as_of));
    let note = use_state(String::new);
    let fields = use_state(Vec::<FieldError>::new);
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let on_complete = {
        let (completed_on, note, fields, error, busy, reload) = (
            completed_on.clone(),
            note.clone(),
            fields.clone(),
            error.clone(),
            busy.clone(),
            props.reload.clone(),
        );
        let (id, version, as_of, plan_year) = (props.id, props.version, props.as_of, props.plan_year);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (date, date_problem) = checked_day("completed_on", &completed_on, "请选择完成日期", |d| {
                rules::milestones::completion_date_problem(d, as_of, plan_year)
            });
            let mut problems: Vec<FieldError> = date_problem.into_iter().collect();
            problems.extend(text_problem("note", &note, false));
            if !problems.is_empty() {
                fields.set(problems);
                return;
            }
            let body = CompleteMilestone {
                completed_on: date.unwrap_or(as_of),
                note: (*note).clone(),
            };
            let (fields, error, busy, reload) = (fields.clone(), error.clone(), busy.clone(), reload.clone());
            busy.set(true);
            spawn_local(async move {
                let result = api::milestones::complete_milestone(id, &body, version).await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        fields.set(Vec::new());
                        error.set(None);
                        reload.emit(());
                    }
                    Err(e) => {
                        fields.set(e.fields.clone());
                        error.set(Some(e.message.clone()));
                    }
                }
            });
        })
    };
    let p = &props.prefix;
    let date_error = field_message(&fields, "completed_on");
    let note_error = field_message(&fields, "note");
    html! {
        <form class="form mini-form" novalidate=true onsubmit={on_complete}>
            <h4>{ "标记完成" }</h4>
            <div class={classes!("field", date_error.is_some().then_some("field-invalid"))}>
                <label for={format!("{p}-done")}>{ "完成日期" }</label>
                <DateInput id={format!("{p}-done")} classes={classes!("input", "input-date")} value={(*completed_on).clone()}
                       max={date_value(props.as_of)}
                       oninput={let s = completed_on.clone(); Callback::from(move |v: String| s.set(v))} />
                if let Some(e) = date_error { <p class="field-error">{ e }</p> }
            </div>
            <div class={classes!("field", note_error.is_some().then_some("field-invalid"))}>
                <label for={format!("{p}-note")}>{ "完成情况说明" }</label>
                <textarea id={format!("{p}-note")} class="input textarea" rows="2" value={(*note).clone()}
                          oninput={let s = note.clone(); Callback::from(move |e: InputEvent| s.set(e.target_unchecked_into::<HtmlTextAreaElement>().value()))} />
                if let Some(e) = note_error { <p class="field-error">{ e }</p> }
            </div>
            if let Some(e) = &*error { <p class="field-error" role="alert">{ e }</p> }
            <button type="submit" class="button button-small" disabled={*busy}>{ "确认完成" }</button>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct EvidenceUploadProps {
    /// The milestone's.
    id: i32,
    prefix: String,
    reload: Callback<()>,
}

/// Why a chosen file cannot be evidence, checked before sending it.
fn file_problem(file: &web_sys::File) -> Option<String> {
    let name = file.name();
    if evidence_type(&name).is_none() {
        Some(format!(
            "“{name}”的格式不支持。可上传：jpg、png、pdf、doc、docx、xls、xlsx、ppt、pptx、wps、ofd。"
        ))
    } else if file.size() > EVIDENCE_MAX_BYTES as f64 {
        Some(format!("“{name}”超过20 MB，请压缩后再上传。"))
    } else if file.size() == 0.0 {
        Some(format!("“{name}”是空文件。"))
    } else {
        None
    }
}

/// 上传佐证材料: one file at a time, with its progress.
#[component]
fn EvidenceUpload(props: &EvidenceUploadProps) -> Html {
    let upload_progress = use_state(|| None::<u32>);
    let upload_message = use_state(|| None::<(bool, String)>);
    let on_file = {
        let (progress, message, reload) = (upload_progress.clone(), upload_message.clone(), props.reload.clone());
        let id = props.id;
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            if let Some(problem) = file_problem(&file) {
                message.set(Some((false, problem)));
                return;
            }
            progress.set(Some(0));
            message.set(Some((true, format!("正在上传“{}”…", file.name()))));
            let p = progress.clone();
            let on_progress = Callback::from(move |pct: u32| p.set(Some(pct)));
            let (progress, message, reload) = (progress.clone(), message.clone(), reload.clone());
            let on_done = Callback::from(move |result: Result<Evidence, ApiError>| {
                progress.set(None);
                match result {
                    Ok(ev) => {
                        message.set(Some((true, format!("已上传“{}”。", ev.file_name))));
                        reload.emit(());
                    }
                    Err(e) => message.set(Some((false, format!("上传失败：{}", e.message)))),
                }
            });
            api::evidence::upload_evidence(id, file, on_progress, on_done);
        })
    };
    let p = &props.prefix;
    html! {
        <div class="mini-form">
            <h4>{ "上传佐证材料" }</h4>
            <label for={format!("{p}-file")} class="file-label">
                { "选择文件" }
                <span class="field-hint">{ "jpg、png、pdf、Office、wps、ofd，单个不超过20 MB" }</span>
            </label>
            <input id={format!("{p}-file")} type="file" class="file-input"
                   accept=".jpg,.jpeg,.png,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.wps,.ofd"
                   onchange={on_file} disabled={upload_progress.is_some()} />
            <div class="upload-status">
                if let Some(pct) = *upload_progress {
                    <progress max="100" value={pct.to_string()} aria-label="上传进度"></progress>
                    <span>{ format!("{pct}%") }</span>
                }
                if let Some((ok, text)) = &*upload_message {
                    <p class={if *ok { "status-ok" } else { "field-error" }} role="status">{ text }</p>
                }
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ExtensionFormProps {
    /// The milestone's.
    id: i32,
    /// Its deadline now.
    due_date: NaiveDate,
    prefix: String,
    reload: Callback<()>,
    /// How the request went (ok, what to say).
    on_message: Callback<(bool, String)>,
}

/// 申请延期: the new deadline and why.
#[component]
fn ExtensionForm(props: &ExtensionFormProps) -> Html {
    let ext_due = use_state(String::new);
    let ext_reason = use_state(String::new);
    let fields = use_state(Vec::<FieldError>::new);
    let on_extend = {
        let (due, reason, fields, message, reload) = (
            ext_due.clone(),
            ext_reason.clone(),
            fields.clone(),
            props.on_message.clone(),
            props.reload.clone(),
        );
        let (id, current_due) = (props.id, props.due_date);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (date, date_problem) = checked_day("requested_due", &due, "请选择延期后的日期", |d| {
                rules::extensions::requested_due_problem(d, current_due, current_due.year())
            });
            let mut problems: Vec<FieldError> = date_problem.into_iter().collect();
            problems.extend(text_problem("reason", &reason, true));
            if !problems.is_empty() {
                fields.set(problems);
                return;
            }
            let body = NewExtensionRequest {
                requested_due: date.unwrap_or(current_due),
                reason: (*reason).clone(),
            };
            let (fields, message, reload) = (fields.clone(), message.clone(), reload.clone());
            spawn_local(async move {
                match api::extensions::request_extension(id, &body).await {
                    Ok(ext) => {
                        fields.set(Vec::new());
                        message.emit((
                            true,
                            format!("已申请延期至{}，等待督查室审批。", date_zh(ext.requested_due)),
                        ));
                        reload.emit(());
                    }
                    Err(e) => {
                        fields.set(e.fields.clone());
                        message.emit((false, e.message.clone()));
                    }
                }
            });
        })
    };
    let p = &props.prefix;
    let due_error = field_message(&fields, "requested_due");
    let reason_error = field_message(&fields, "reason");
    html! {
        <form class="form mini-form" novalidate=true onsubmit={on_extend}>
            <h4>{ "申请延期" }</h4>
            <div class={classes!("field", due_error.is_some().then_some("field-invalid"))}>
                <label for={format!("{p}-ext-due")}>{ "延期至" }</label>
                <DateInput id={format!("{p}-ext-due")} classes={classes!("input", "input-date")} value={(*ext_due).clone()}
                       oninput={let s = ext_due.clone(); Callback::from(move |v: String| s.set(v))} />
                if let Some(e) = due_error { <p class="field-error">{ e }</p> }
            </div>
            <div class={classes!("field", reason_error.is_some().then_some("field-invalid"))}>
                <label for={format!("{p}-ext-reason")}>{ "延期理由" }</label>
                <textarea id={format!("{p}-ext-reason")} class="input textarea" rows="2" value={(*ext_reason).clone()}
                          oninput={let s = ext_reason.clone(); Callback::from(move |e: InputEvent| s.set(e.target_unchecked_into::<HtmlTextAreaElement>().value()))} />
                if let Some(e) = reason_error { <p class="field-error">{ e }</p> }
            </div>
            <button type="submit" class="button button-small button-secondary">{ "提交延期申请" }</button>
        </form>
    }
}
