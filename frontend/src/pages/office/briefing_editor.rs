//! A draft briefing in the office's editor: its title, issuer and six sections (总体情况 …
//! 下步工作要求), saved with the version it was edited from; the page as it will print,
//! updated as one types; publishing (after a confirmation) and throwing the draft away.

use std::rc::Rc;

use duban_shared::briefing::{text_of, Briefing, BriefingSections, BriefingStatus, BriefingText};
use duban_shared::error::Refusal;
use duban_shared::rules;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;
use yew_router::prelude::use_navigator;

use super::briefings::BriefingView;
use crate::api;
use crate::components::form::{differences, use_save_state, ConflictPanel, Field, Problems};
use crate::components::office_frame::StatusLine;
use crate::error_messages::{edit_error, write_error};
use crate::format::date_zh;
use crate::routes::Route;

/// The sections' labels and hints, in the order they print.
const SECTION_HINTS: [&str; 6] = [
    "已按截至日数据生成，可改写",
    "各类项目的进展和亮点",
    "滞后项目及原因",
    "推进有力的单位",
    "月报未按时报送或推进不力的单位",
    "对各责任单位的要求",
];

fn labelled(t: &BriefingText) -> Vec<(&'static str, String)> {
    let mut rows = vec![("标题", t.title.clone()), ("发文机关", t.issuer.clone())];
    rows.extend(t.sections.parts().map(|(_, heading, text)| (heading, text.to_string())));
    rows
}

fn set_section(s: &mut BriefingSections, field: &str, value: String) {
    match field {
        "overall" => s.overall = value,
        "progress" => s.progress = value,
        "problems" => s.problems = value,
        "praise" => s.praise = value,
        "criticism" => s.criticism = value,
        _ => s.next_steps = value,
    }
}

/// The page's own check, the server's rule: problems by field.
fn problems_of(text: &BriefingText) -> Option<Problems> {
    match rules::briefings::edit(BriefingStatus::Draft, text) {
        Err(Refusal::Invalid(fields)) => Some(fields.into_iter().map(|f| (f.field, f.message)).collect()),
        _ => None,
    }
}

/// What one field's input does to the text.
type Edit = dyn Fn(&mut BriefingText, String);

#[derive(Properties, PartialEq)]
pub struct BriefingEditorProps {
    pub briefing: Rc<Briefing>,
    /// A save or the publication: the page shows the answer from then on.
    pub on_changed: Callback<Rc<Briefing>>,
}

/// The editor as the briefing page takes it ([`super::briefings::DraftEditor`]).
pub fn edit_draft(briefing: Rc<Briefing>, on_changed: Callback<Rc<Briefing>>) -> Html {
    let key = briefing.id.unwrap_or_default();
    html! { <BriefingEditor {key} {briefing} {on_changed} /> }
}

#[component]
pub fn BriefingEditor(props: &BriefingEditorProps) -> Html {
    let base = props.briefing.clone();
    let id = base.id.unwrap_or_default();
    let text = use_state(|| text_of(&base));
    let save = use_save_state::<Briefing>();
    let confirming = use_state(|| None::<&'static str>);
    let navigator = use_navigator();
    let dirty = *text != text_of(&base);

    let edit = |f: Box<Edit>| {
        let text = text.clone();
        let f = Rc::new(f);
        Callback::from(move |v: String| {
            let mut t = (*text).clone();
            f(&mut t, v);
            text.set(t);
        })
    };
    let onsubmit = {
        let (text, save, on_changed, version) = (text.clone(), save.clone(), props.on_changed.clone(), base.version);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if !save.can_save() {
                return;
            }
            let body = (*text).clone();
            if let Some(problems) = problems_of(&body) {
                return save.refuse("briefing-editor", problems);
            }
            let (status, on_changed, text) = (save.status.clone(), on_changed.clone(), text.clone());
            save.send(
                "briefing-editor",
                async move { api::briefings::save_draft(id, version, &body).await },
                api::briefings::briefing(id),
                |e| (Problems::new(), edit_error(e, "")),
                move |b: Briefing| {
                    // The form shows what was saved (the server trims the title and issuer).
                    text.set(text_of(&b));
                    status.set(Some((true, "已保存草稿。".to_string())));
                    on_changed.emit(Rc::new(b));
                },
            );
        })
    };
    let conflict_panel = save.conflict.as_ref().map(|latest| {
        let differences = differences(labelled(&text), labelled(&text_of(latest)));
        let keep = {
            let (save, on_changed, latest) = (save.clone(), props.on_changed.clone(), latest.clone());
            Callback::from(move |()| {
                on_changed.emit(latest.clone());
                save.resolve(true);
            })
        };
        let take = {
            let (save, text, on_changed, latest) = (save.clone(), text.clone(), props.on_changed.clone(), latest.clone());
            Callback::from(move |()| {
                text.set(text_of(&latest));
                on_changed.emit(latest.clone());
                save.resolve(false);
            })
        };
        html! {
            <ConflictPanel id="briefing-conflict" what="通报草稿" {differences} on_keep_mine={keep} on_take_theirs={take} />
        }
    });
    // 发布 and 删除草稿 each ask once more, in the page.
    let ask = |what: &'static str| {
        let (confirming, status) = (confirming.clone(), save.status.clone());
        Callback::from(move |_: MouseEvent| {
            if what == "publish" && dirty {
                status.set(Some((false, "草稿有未保存的修改，请先保存再发布。".to_string())));
                return;
            }
            confirming.set(Some(what));
        })
    };
    let cancel = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(None))
    };
    let on_publish = {
        let (save, confirming, on_changed, version) =
            (save.clone(), confirming.clone(), props.on_changed.clone(), base.version);
        Callback::from(move |_: MouseEvent| {
            if *save.busy {
                return;
            }
            save.busy.set(true);
            let (save, confirming, on_changed) = (save.clone(), confirming.clone(), on_changed.clone());
            spawn_local(async move {
                match api::briefings::publish(id, version).await {
                    Ok(b) => {
                        confirming.set(None);
                        save.status.set(Some((
                            true,
                            format!("已发布第{}期，已发送给各责任单位和市领导。", b.number),
                        )));
                        on_changed.emit(Rc::new(b));
                    }
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) => {
                        confirming.set(None);
                        save.status.set(Some((false, write_error(&e))));
                    }
                }
                save.busy.set(false);
            });
        })
    };
    let on_discard = {
        let (save, version) = (save.clone(), base.version);
        Callback::from(move |_: MouseEvent| {
            let (save, navigator) = (save.clone(), navigator.clone());
            spawn_local(async move {
                match api::briefings::discard(id, version).await {
                    Ok(()) => {
                        if let Some(nav) = &navigator {
                            nav.push(&Route::OfficeBriefings);
                        }
                    }
                    Err(e) if e.is_unauthorized() => {}
                    Err(e) => save.status.set(Some((false, write_error(&e)))),
                }
            });
        })
    };
    let errors = &save.errors;
    let err = |k: &str| errors.get(k).cloned();
    let t = &*text;
    let mut shown = (*base).clone();
    shown.title = t.title.clone();
    shown.issuer = t.issuer.clone();
    shown.sections = t.sections.clone();
    let confirm_panel = match *confirming {
        Some("publish") => html! {
            <div class="confirm-box" id="briefing-publish-panel" role="alertdialog" aria-labelledby="briefing-publish-q">
                <p id="briefing-publish-q">
                    { "发布后将编为下一期，印发日期为今天，数据固定为此刻的数据，并发送给各责任单位和市领导；发布后不能再修改或删除。确定发布吗？" }
                </p>
                <p class="form-actions">
                    <button type="button" id="briefing-publish-confirm" class="button" onclick={on_publish} disabled={*save.busy}>
                        { if *save.busy { "正在发布…" } else { "确定发布" } }
                    </button>
                    <button type="button" class="button button-secondary" onclick={cancel.clone()}>{ "取消" }</button>
                </p>
            </div>
        },
        Some(_) => html! {
            <div class="confirm-box" id="briefing-discard-panel" role="alertdialog" aria-labelledby="briefing-discard-q">
                <p id="briefing-discard-q">{ "删除后草稿中撰写的内容将无法恢复。确定删除这份草稿吗？" }</p>
                <p class="form-actions">
                    <button type="button" id="briefing-discard-confirm" class="button button-danger" onclick={on_discard}>{ "确定删除" }</button>
                    <button type="button" class="button button-secondary" onclick={cancel}>{ "取消" }</button>
                </p>
            </div>
        },
        None => Html::default(),
    };
    html! {
        <>
            <h1 id="briefing-editor-title">{ "编辑情况通报草稿" }</h1>
            <p class="muted">
                { format!("截至{}的数据。草稿只有督查室能看到；保存后可随时继续编辑，发布时编号并发送。", date_zh(base.cut_off)) }
            </p>
            <StatusLine message={(*save.status).clone()} />
            { for conflict_panel }
            <form class="form grid-form" id="briefing-editor" novalidate=true {onsubmit}>
                <Field id="briefing-title-input" label="标题" value={t.title.clone()}
                    oninput={edit(Box::new(|t, v| t.title = v))} error={err("title")} classes="field-wide" />
                <Field id="briefing-issuer-input" label="发文机关" value={t.issuer.clone()}
                    oninput={edit(Box::new(|t, v| t.issuer = v))} error={err("issuer")}
                    hint="印在版头和版记，如：开平市人民政府办公室" classes="field-wide" />
                { for t.sections.parts().into_iter().zip(SECTION_HINTS).map(|((field, heading, value), hint)| {
                    let key = format!("sections.{field}");
                    html! {
                        <Field id={format!("briefing-{field}")} label={heading} value={value.to_string()}
                            oninput={edit(Box::new(move |t, v| set_section(&mut t.sections, field, v)))}
                            error={err(&key)} hint={AttrValue::from(format!("{hint}；每行一段，留空则不印此部分"))}
                            rows={6} classes="field-wide" />
                    }
                }) }
                <p class="form-actions field-wide">
                    <button type="submit" id="briefing-save" class="button" disabled={!save.can_save()}>
                        { if *save.busy { "正在保存…" } else { "保存草稿" } }
                    </button>
                    <button type="button" id="briefing-publish" class="button button-secondary" onclick={ask("publish")}
                        disabled={!save.can_save()}>{ "发布…" }</button>
                    <button type="button" id="briefing-discard" class="button button-secondary" onclick={ask("discard")}
                        disabled={!save.can_save()}>{ "删除草稿…" }</button>
                    if dirty {
                        <span class="muted" id="briefing-dirty">{ "有未保存的修改" }</span>
                    }
                </p>
            </form>
            { confirm_panel }
            <section class="office-section" aria-labelledby="briefing-preview-title">
                <h2 id="briefing-preview-title">{ "印发效果预览" }</h2>
                <div class="briefing-sheet" id="briefing-preview"><BriefingView briefing={Rc::new(shown)} /></div>
            </section>
        </>
    }
}
