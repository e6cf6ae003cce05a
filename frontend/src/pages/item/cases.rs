//! The item page's 督办 sections: its 督查通知书 (signed for and answered by the unit, reviewed
//! by the office), leaders' 批示 (a leader writes one here; the office turns it into a
//! notice), and 实地督查 records with their photos (the office records them).

use std::rc::Rc;

use chrono::NaiveDate;
use duban_shared::api::ItemDetail;
use duban_shared::cases::{CaseFile, Grade, Instruction, NewInspection};
use duban_shared::supervision::{text_problem, NewNotice};
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::api;
use crate::components::case_card::CaseCard;
use crate::components::DateInput;
use crate::error_messages::write_error;
use crate::format::{date_value, date_zh, time_zh};
use crate::hooks::use_fetch;

#[derive(Properties, PartialEq)]
pub struct CaseSectionProps {
    pub item: Rc<ItemDetail>,
    /// The signed-in user is of the item's unit.
    pub can_work: bool,
    pub is_office: bool,
    pub is_leader: bool,
    /// Bumped whenever any of the three sections changes a case: a 批示 or an inspection can
    /// issue a notice, and closing a notice changes what the 批示 and inspection show.
    pub revision: u32,
    pub on_changed: Callback<()>,
}

fn text_input(state: &UseStateHandle<String>) -> Callback<InputEvent> {
    let state = state.clone();
    Callback::from(move |e: InputEvent| state.set(e.target_unchecked_into::<HtmlTextAreaElement>().value()))
}

fn line_input(state: &UseStateHandle<String>) -> Callback<InputEvent> {
    let state = state.clone();
    Callback::from(move |e: InputEvent| state.set(e.target_unchecked_into::<HtmlInputElement>().value()))
}

#[component]
pub fn NoticesSection(props: &CaseSectionProps) -> Html {
    let notices = use_fetch((props.item.id, props.revision), |(id, _)| {
        api::notices::item_notices(id)
    });
    let status = use_state(|| None::<String>);
    let on_change = {
        let (changed, status) = (props.on_changed.clone(), status.clone());
        Callback::from(move |m: String| {
            status.set(Some(m));
            changed.emit(());
        })
    };
    html! {
        <section class="item-section" aria-labelledby="notices-title" id="item-notices">
            <h2 id="notices-title">{ "督查通知书" }</h2>
            if let Some(m) = &*status { <p class="status-ok" role="status">{ m }</p> }
            { match &notices.data {
                None => html! { <p class="muted section-loading" role="status">{ "正在加载督查通知书…" }</p> },
                Some(Err(e)) if e.status == 403 => html! { <p class="muted">{ "督查通知书仅责任单位、市领导和督查室可见。" }</p> },
                Some(Err(e)) => html! { <p class="field-error">{ format!("无法获取督查通知书：{}", e.message) }</p> },
                Some(Ok(list)) if list.notices.is_empty() => html! { <p class="muted">{ "本项目没有督查通知书。" }</p> },
                Some(Ok(list)) => html! {
                    <ul class="case-list">
                        { for list.notices.iter().map(|n| html! {
                            <CaseCard key={n.id} notice={Rc::new(n.clone())} may_answer={props.can_work}
                                may_review={props.is_office} on_change={on_change.clone()} />
                        }) }
                    </ul>
                },
            } }
        </section>
    }
}

#[component]
pub fn InstructionsSection(props: &CaseSectionProps) -> Html {
    let list = use_fetch((props.item.id, props.revision), |(id, _)| {
        api::notices::item_instructions(id)
    });
    let text = use_state(String::new);
    let error = use_state(|| None::<String>);
    let status = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let item_id = props.item.id;
    let onsubmit = {
        let (text, error, status, busy, reload) = (
            text.clone(),
            error.clone(),
            status.clone(),
            busy.clone(),
            props.on_changed.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(p) = text_problem("text", &text, true) {
                error.set(Some(format!("批示内容{}", p.message)));
                return;
            }
            let body = text.trim().to_string();
            let (text, error, status, busy, reload) = (
                text.clone(),
                error.clone(),
                status.clone(),
                busy.clone(),
                reload.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                let result = api::notices::write_instruction(item_id, body).await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        text.set(String::new());
                        error.set(None);
                        status.set(Some("批示已送达责任单位和督查室。".into()));
                        reload.emit(());
                    }
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) => error.set(Some(write_error(&e))),
                }
            });
        })
    };
    let may_write = props.is_leader || props.is_office;
    html! {
        <section class="item-section" aria-labelledby="instructions-title" id="item-instructions">
            <h2 id="instructions-title">{ "领导批示" }</h2>
            if let Some(m) = &*status { <p class="status-ok" role="status">{ m }</p> }
            { match &list.data {
                None => html! { <p class="muted section-loading" role="status">{ "正在加载批示…" }</p> },
                Some(Err(e)) if e.status == 403 => html! { <p class="muted">{ "领导批示仅责任单位、市领导和督查室可见。" }</p> },
                Some(Err(e)) => html! { <p class="field-error">{ format!("无法获取批示：{}", e.message) }</p> },
                Some(Ok(l)) if l.instructions.is_empty() => html! { <p class="muted">{ "本项目暂无领导批示。" }</p> },
                Some(Ok(l)) => html! {
                    <ul class="instruction-list">
                        { for l.instructions.iter().map(|i| html! {
                            <InstructionEntry key={i.id} instruction={Rc::new(i.clone())} is_office={props.is_office}
                                on_change={props.on_changed.clone()} />
                        }) }
                    </ul>
                },
            } }
            if may_write {
                <form class="form mini-form instruction-form" novalidate=true {onsubmit}>
                    <div class={classes!("field", error.is_some().then_some("field-invalid"))}>
                        <label for="instruction-text">{ "写批示" }</label>
                        <textarea id="instruction-text" class="input textarea" rows="3" value={(*text).clone()} oninput={text_input(&text)}
                            placeholder="如：请责任单位倒排工期，确保按期完成。" />
                        if let Some(e) = &*error { <p class="field-error" role="alert">{ e }</p> }
                    </div>
                    <button id="instruction-submit" type="submit" class="button button-small" disabled={*busy}>{ "提交批示" }</button>
                </form>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct InstructionEntryProps {
    instruction: Rc<Instruction>,
    is_office: bool,
    on_change: Callback<()>,
}

#[component]
fn InstructionEntry(props: &InstructionEntryProps) -> Html {
    let i = &props.instruction;
    let busy = use_state(|| false);
    let error = use_state(|| None::<String>);
    let to_notice = {
        let (i, busy, error, on_change) = (i.clone(), busy.clone(), error.clone(), props.on_change.clone());
        Callback::from(move |_: MouseEvent| {
            let body = NewNotice {
                reason: format!("落实领导批示：{}", i.text),
                grade: Some(Grade::Yellow),
                answer_by: None,
                instruction_id: Some(i.id),
            };
            let (item_id, busy, error, on_change) = (i.item_id, busy.clone(), error.clone(), on_change.clone());
            busy.set(true);
            spawn_local(async move {
                match api::notices::issue_notice(item_id, body).await {
                    Ok(_) => on_change.emit(()),
                    Err(e) => {
                        busy.set(false);
                        error.set(Some(write_error(&e)));
                    }
                }
            });
        })
    };
    html! {
        <li class="instruction" data-instruction={i.id.to_string()}>
            <p class="instruction-text">{ format!("“{}”", i.text) }</p>
            <p class="muted">{ format!("{}　{}", i.written_by, time_zh(i.written_at)) }</p>
            { match &i.notice {
                Some(link) => html! {
                    <p class="instruction-followup">
                        { format!("已转{}，{}", link.number, link.state.label_zh()) }
                        if let Some(note) = &link.close_note { { format!("：{note}") } }
                    </p>
                },
                None if props.is_office => html! {
                    <p><button type="button" class="button button-small button-secondary to-notice" onclick={to_notice} disabled={*busy}>
                        { "转督查通知书（黄色督办）" }
                    </button></p>
                },
                None => html! { <p class="muted">{ "督查室尚未交办。" }</p> },
            } }
            if let Some(e) = &*error { <p class="field-error" role="alert">{ e }</p> }
        </li>
    }
}

#[component]
pub fn InspectionsSection(props: &CaseSectionProps) -> Html {
    let list = use_fetch((props.item.id, props.revision), |(id, _)| {
        api::notices::item_inspections(id)
    });
    let photo_status = use_state(|| None::<(bool, String)>);
    html! {
        <section class="item-section" aria-labelledby="inspections-title" id="item-inspections">
            <h2 id="inspections-title">{ "实地督查" }</h2>
            { match &*photo_status {
                Some((true, m)) => html! { <p class="status-ok" role="status">{ m }</p> },
                Some((false, m)) => html! { <p class="field-error" role="alert">{ m }</p> },
                None => html! {},
            } }
            { match &list.data {
                None => html! { <p class="muted section-loading" role="status">{ "正在加载督查记录…" }</p> },
                Some(Err(e)) if e.status == 403 => html! { <p class="muted">{ "督查记录仅责任单位、市领导和督查室可见。" }</p> },
                Some(Err(e)) => html! { <p class="field-error">{ format!("无法获取督查记录：{}", e.message) }</p> },
                Some(Ok(l)) if l.inspections.is_empty() => html! { <p class="muted">{ "本项目暂无实地督查记录。" }</p> },
                Some(Ok(l)) => html! {
                    <ul class="inspection-list">
                        { for l.inspections.iter().map(|i| {
                            let id = i.id;
                            let (reload, photo_status) = (list.reload.clone(), photo_status.clone());
                            let add_photo = Callback::from(move |e: Event| {
                                let input: HtmlInputElement = e.target_unchecked_into();
                                let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
                                input.set_value("");
                                let (reload, photo_status) = (reload.clone(), photo_status.clone());
                                api::notices::add_photo(id, file, Callback::from(move |r: Result<CaseFile, api::ApiError>| match r {
                                    Ok(f) => {
                                        photo_status.set(Some((true, format!("已添加现场照片 {}。", f.file_name))));
                                        reload.emit(());
                                    }
                                    Err(e) => photo_status.set(Some((false, format!("照片未能添加：{}", write_error(&e))))),
                                }));
                            });
                            html! {
                                <li class="inspection" data-inspection={i.id.to_string()}>
                                    <p><strong>{ format!("{}　{}", date_zh(i.inspected_on), i.place) }</strong>
                                        <span class="muted">{ format!("　督查人员：{}", i.inspectors) }</span></p>
                                    <p><strong>{ "发现问题：" }</strong>{ &i.findings }</p>
                                    if let Some(r) = &i.requirements {
                                        <p><strong>{ "整改要求：" }</strong>{ r }
                                            if let Some(link) = &i.notice { <span class="muted">{ format!("（{}，{}）", link.number, link.state.label_zh()) }</span> }
                                        </p>
                                    }
                                    <ul class="case-files">
                                        { for i.photos.iter().map(|p| {
                                            let file = p.clone();
                                            let onclick = Callback::from(move |_: MouseEvent| {
                                                let file = file.clone();
                                                spawn_local(async move { let _ = api::notices::download_case_file(&file).await; });
                                            });
                                            html! { <li><button type="button" class="link-button" {onclick}>{ format!("现场照片：{}", p.file_name) }</button></li> }
                                        }) }
                                    </ul>
                                    if props.is_office {
                                        <label class="button button-secondary button-small">
                                            { "添加现场照片" }
                                            <input type="file" accept="image/jpeg,image/png" class="visually-hidden inspection-photo" onchange={add_photo} />
                                        </label>
                                    }
                                </li>
                            }
                        }) }
                    </ul>
                },
            } }
            if props.is_office {
                <InspectionForm item={props.item.clone()} on_done={props.on_changed.clone()} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct InspectionFormProps {
    item: Rc<ItemDetail>,
    on_done: Callback<()>,
}

#[component]
fn InspectionForm(props: &InspectionFormProps) -> Html {
    let today = props.item.as_of;
    let day = use_state(|| date_value(today));
    let place = use_state(String::new);
    let inspectors = use_state(String::new);
    let findings = use_state(String::new);
    let requirements = use_state(String::new);
    let grade = use_state(|| "blue".to_string());
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let item_id = props.item.id;
    let onsubmit = {
        let (day, place, inspectors, findings, requirements, grade, error, busy, on_done) = (
            day.clone(),
            place.clone(),
            inspectors.clone(),
            findings.clone(),
            requirements.clone(),
            grade.clone(),
            error.clone(),
            busy.clone(),
            props.on_done.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Ok(inspected_on) = day.parse::<NaiveDate>() else {
                error.set(Some("请选择督查日期".into()));
                return;
            };
            if place.trim().is_empty() || inspectors.trim().is_empty() || findings.trim().is_empty() {
                error.set(Some("请填写督查地点、督查人员和发现问题".into()));
                return;
            }
            let body = NewInspection {
                inspected_on,
                place: place.trim().to_string(),
                inspectors: inspectors.trim().to_string(),
                findings: findings.trim().to_string(),
                requirements: Some(requirements.trim().to_string()).filter(|r| !r.is_empty()),
                grade: Grade::parse(&grade),
                answer_by: None,
            };
            let (place, findings, requirements, error, busy, on_done) = (
                place.clone(),
                findings.clone(),
                requirements.clone(),
                error.clone(),
                busy.clone(),
                on_done.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                let result = api::notices::record_inspection(item_id, body).await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        place.set(String::new());
                        findings.set(String::new());
                        requirements.set(String::new());
                        error.set(None);
                        on_done.emit(());
                    }
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) => error.set(Some(crate::error_messages::first_problem(&e))),
                }
            });
        })
    };
    let on_day = {
        let day = day.clone();
        Callback::from(move |v: String| day.set(v))
    };
    html! {
        <form class="form mini-form inspection-form" novalidate=true {onsubmit}>
            <h3>{ "记录实地督查" }</h3>
            <div class="grid-form">
                <div class="field">
                    <label for="inspection-date">{ "督查日期" }</label>
                    <DateInput id="inspection-date" value={(*day).clone()} max={Some(AttrValue::from(date_value(today)))} onchange={on_day} />
                </div>
                <div class="field">
                    <label for="inspection-place">{ "督查地点" }</label>
                    <input id="inspection-place" class="input" value={(*place).clone()} oninput={line_input(&place)} />
                </div>
                <div class="field">
                    <label for="inspection-inspectors">{ "督查人员" }</label>
                    <input id="inspection-inspectors" class="input" value={(*inspectors).clone()} oninput={line_input(&inspectors)} />
                </div>
            </div>
            <div class="field">
                <label for="inspection-findings">{ "发现问题" }</label>
                <textarea id="inspection-findings" class="input textarea" rows="3" value={(*findings).clone()} oninput={text_input(&findings)} />
            </div>
            <div class="field">
                <label for="inspection-requirements">{ "整改要求（填写后自动向责任单位发出督查通知书）" }</label>
                <textarea id="inspection-requirements" class="input textarea" rows="2" value={(*requirements).clone()} oninput={text_input(&requirements)} />
            </div>
            <div class="field">
                <label for="inspection-grade">{ "督办等级" }</label>
                <select id="inspection-grade" class="input" onchange={let g = grade.clone(); Callback::from(move |e: Event| g.set(e.target_unchecked_into::<HtmlSelectElement>().value()))}>
                    <option value="blue" selected={*grade == "blue"}>{ "蓝色督办" }</option>
                    <option value="yellow" selected={*grade == "yellow"}>{ "黄色督办" }</option>
                    <option value="red" selected={*grade == "red"}>{ "红色督办" }</option>
                </select>
            </div>
            if let Some(e) = &*error { <p class="field-error" role="alert">{ e }</p> }
            <button id="inspection-submit" type="submit" class="button button-small" disabled={*busy}>{ "保存督查记录" }</button>
        </form>
    }
}
