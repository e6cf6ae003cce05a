//! The office editors' form pieces: a labelled field with its hint and its problem (wired
//! for screen readers), a select, and the panel shown when someone else saved the record first.

use std::collections::HashMap;
use std::future::Future;
use std::rc::Rc;

use duban_shared::error::ErrorCode;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::api::ApiError;
use crate::components::DateInput;
use crate::error_messages::{edit_error, field_errors};
use crate::hooks::after_render;

/// Sets a text state from a field's input.
pub fn setter(state: &UseStateHandle<String>) -> Callback<String> {
    let state = state.clone();
    Callback::from(move |v: String| state.set(v))
}

/// Problems by field name (`title`, `milestones[0].target_text` …), from the page or the server.
pub type Problems = HashMap<String, String>;

/// `aria-describedby` of a control with an optional hint and an optional error.
fn described_by(id: &str, hint: bool, error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{id}-hint"));
    }
    if error {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

#[derive(Properties, PartialEq)]
pub struct FieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub oninput: Callback<String>,
    #[prop_or_default]
    pub error: Option<String>,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// The input's type: "text", "date" …
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    /// A textarea of this many rows instead of a one-line input.
    #[prop_or_default]
    pub rows: Option<u32>,
    /// More classes for the field's box (e.g. one that makes it span the form's width).
    #[prop_or_default]
    pub classes: Classes,
}

/// A label, the hint, the control and its problem.
#[component]
pub fn Field(props: &FieldProps) -> Html {
    let id = props.id.to_string();
    let invalid = props.error.is_some();
    let described = described_by(&id, props.hint.is_some(), invalid);
    let control = match props.rows {
        Some(rows) => {
            let cb = props.oninput.clone();
            html! {
                <textarea id={id.clone()} class="input textarea" rows={rows.to_string()} value={props.value.clone()}
                    aria-invalid={invalid.then_some("true")} aria-describedby={described}
                    oninput={Callback::from(move |e: InputEvent| cb.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value()))} />
            }
        }
        None if props.kind == "date" => html! {
            <DateInput id={id.clone()} value={props.value.clone()} oninput={props.oninput.clone()}
                {invalid} described_by={described} />
        },
        None => {
            let cb = props.oninput.clone();
            html! {
                <input id={id.clone()} class="input" type={props.kind.clone()} inputmode={props.inputmode.clone()}
                    autocomplete="off" value={props.value.clone()}
                    aria-invalid={invalid.then_some("true")} aria-describedby={described}
                    oninput={Callback::from(move |e: InputEvent| cb.emit(e.target_unchecked_into::<HtmlInputElement>().value()))} />
            }
        }
    };
    html! {
        <div class={classes!("field", invalid.then_some("field-invalid"), props.classes.clone())}>
            <label for={id.clone()}>{ props.label.clone() }</label>
            if let Some(hint) = &props.hint {
                <p id={format!("{id}-hint")} class="field-hint">{ hint.clone() }</p>
            }
            { control }
            if let Some(error) = &props.error {
                <p id={format!("{id}-error")} class="field-error">{ error.clone() }</p>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct SelectFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    /// The chosen option's value ("" for none).
    pub value: AttrValue,
    /// (value, text) of each option.
    pub options: Vec<(String, String)>,
    /// The first option, for "nothing chosen yet" (value "").
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    pub onchange: Callback<String>,
    #[prop_or_default]
    pub error: Option<String>,
}

#[component]
pub fn SelectField(props: &SelectFieldProps) -> Html {
    let id = props.id.to_string();
    let invalid = props.error.is_some();
    let cb = props.onchange.clone();
    let onchange = Callback::from(move |e: Event| cb.emit(e.target_unchecked_into::<HtmlSelectElement>().value()));
    html! {
        <div class={classes!("field", invalid.then_some("field-invalid"))}>
            <label for={id.clone()}>{ props.label.clone() }</label>
            <select id={id.clone()} class="input" {onchange}
                aria-invalid={invalid.then_some("true")} aria-describedby={described_by(&id, false, invalid)}>
                if let Some(p) = &props.placeholder {
                    <option value="" selected={props.value.is_empty()}>{ p.clone() }</option>
                }
                { for props.options.iter().map(|(value, text)| html! {
                    <option value={value.clone()} selected={props.value == value.as_str()}>{ text.clone() }</option>
                }) }
            </select>
            if let Some(error) = &props.error {
                <p id={format!("{id}-error")} class="field-error">{ error.clone() }</p>
            }
        </div>
    }
}

/// After a refused save: brings the first problem in the element `within` into view, focusing
/// it when it is a control (the message may sit far above the button that was pressed).
pub fn reveal_first_problem(within: &str) {
    let within = within.to_string();
    after_render(move || {
        let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| {
                d.query_selector(&format!("#{within} [aria-invalid='true'], #{within} .field-error"))
                    .ok()
            })
            .flatten()
        else {
            return;
        };
        el.scroll_into_view_with_bool(false);
        if let Ok(control) = el.dyn_into::<HtmlElement>() {
            if control.get_attribute("aria-invalid").is_some() {
                let _ = control.focus();
            }
        }
    });
}

/// Focuses the element with this id, if it is there.
pub fn focus(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

#[derive(Properties, PartialEq)]
pub struct ConflictPanelProps {
    pub id: AttrValue,
    /// What was being saved: "计划信息", "事项".
    pub what: AttrValue,
    /// (label, what the user typed, what was saved meanwhile), for every part that differs.
    pub differences: Vec<(String, String, String)>,
    /// Go on from the newer version with what the user typed.
    pub on_keep_mine: Callback<()>,
    /// Drop what the user typed and show the newer version.
    pub on_take_theirs: Callback<()>,
    /// Who saved meanwhile, and when, where that is known.
    #[prop_or_default]
    pub intro: Option<AttrValue>,
    /// Why the record can no longer be edited at all, when that is so (then only the newer
    /// version can be looked at).
    #[prop_or_default]
    pub closed: Option<AttrValue>,
}

/// Shown when a save met a newer version (412): the user's text stays in the form, the
/// differences are listed, and the user chooses how to go on.
#[component]
pub fn ConflictPanel(props: &ConflictPanelProps) -> Html {
    // It appears above the form, away from the button that was pressed: bring it into view.
    use_effect_with(props.id.clone(), |id| {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
        {
            el.scroll_into_view();
        }
    });
    let title_id = format!("{}-title", props.id);
    let keep = {
        let cb = props.on_keep_mine.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let take = {
        let cb = props.on_take_theirs.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    html! {
        <section class="conflict-panel" id={props.id.clone()} role="alert" aria-labelledby={title_id.clone()}>
            <h2 id={title_id}>{ format!("保存未成功：{}已被他人修改", props.what) }</h2>
            <p>
                { props.intro.clone().unwrap_or(AttrValue::Static("在您编辑期间，有人保存了新的内容。")) }
                <strong>{ "您填写的内容仍保留在下方表单中，没有丢失。" }</strong>
            </p>
            if !props.differences.is_empty() {
                <ComparisonTable rows={props.differences.clone()} mine="您填写的内容（未保存）" theirs="他人保存的最新内容" />
            }
            if let Some(closed) = &props.closed {
                <p>{ closed.clone() }</p>
                <p class="form-actions">
                    <button type="button" id={format!("{}-take-theirs", props.id)} class="button button-secondary" onclick={take}>
                        { "查看最新内容" }
                    </button>
                </p>
            } else {
                <p class="form-actions">
                    <button type="button" id={format!("{}-keep-mine", props.id)} class="button" onclick={keep}>
                        { "载入最新版本并保留我的修改" }
                    </button>
                    <button type="button" id={format!("{}-take-theirs", props.id)} class="button button-secondary" onclick={take}>
                        { "改用最新内容（放弃我的修改）" }
                    </button>
                </p>
                <p class="field-hint">{ "选择“保留我的修改”后，表单仍是您填写的内容，再次保存将以您的内容为准。" }</p>
            }
        </section>
    }
}

/// A table of (label, one version, another) rows, differing cells marked.
#[derive(Properties, PartialEq)]
pub struct ComparisonTableProps {
    pub rows: Vec<(String, String, String)>,
    pub mine: AttrValue,
    pub theirs: AttrValue,
}

#[component]
pub fn ComparisonTable(props: &ComparisonTableProps) -> Html {
    let shown = |t: &str| {
        if t.is_empty() {
            "（空）".to_string()
        } else {
            t.to_string()
        }
    };
    html! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="内容对比">
            <table class="data-table conflict-table">
                <thead>
                    <tr>
                        <th scope="col">{ "栏目" }</th>
                        <th scope="col">{ props.mine.clone() }</th>
                        <th scope="col">{ props.theirs.clone() }</th>
                    </tr>
                </thead>
                <tbody>
                    { for props.rows.iter().map(|(label, a, b)| {
                        let differs = classes!((a != b).then_some("differs"));
                        html! {
                            <tr>
                                <th scope="row">{ label.clone() }</th>
                                <td class={differs.clone()}>{ shown(a) }</td>
                                <td class={differs}>{ shown(b) }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// (label, mine, theirs) for each part that differs between two versions, each given as
/// (label, value) in the same order.
pub fn differences(mine: Vec<(&str, String)>, theirs: Vec<(&str, String)>) -> Vec<(String, String, String)> {
    mine.into_iter()
        .zip(theirs)
        .filter(|((_, a), (_, b))| a != b)
        .map(|((label, a), (_, b))| (label.to_string(), a, b))
        .collect()
}

/// Where a form that saves a record whole (with its version) stands: the problems by field,
/// the outcome line, whether a save is under way, and the newer record a save met (412) until
/// the user chooses how to go on.
pub struct SaveState<T: 'static> {
    pub errors: UseStateHandle<Problems>,
    pub status: UseStateHandle<Option<(bool, String)>>,
    pub busy: UseStateHandle<bool>,
    pub conflict: UseStateHandle<Option<Rc<T>>>,
}

impl<T> Clone for SaveState<T> {
    fn clone(&self) -> Self {
        SaveState {
            errors: self.errors.clone(),
            status: self.status.clone(),
            busy: self.busy.clone(),
            conflict: self.conflict.clone(),
        }
    }
}

#[hook]
pub fn use_save_state<T: 'static>() -> SaveState<T> {
    SaveState {
        errors: use_state(Problems::new),
        status: use_state(|| None),
        busy: use_state(|| false),
        conflict: use_state(|| None),
    }
}

impl<T: 'static> SaveState<T> {
    /// Not while a save runs, nor while a conflict waits for the user's choice.
    pub fn can_save(&self) -> bool {
        !*self.busy && self.conflict.is_none()
    }

    /// Problems the page found itself, before sending: shown, the first brought into view.
    pub fn refuse(&self, form: &str, problems: Problems) {
        self.status.set(Some((
            false,
            format!("有{}处需要修改，请按提示修改后再保存。", problems.len()),
        )));
        self.errors.set(problems);
        reveal_first_problem(form);
    }

    /// Sends `save` and shows how it went: `saved` gets the answer; a stale version fetches
    /// `latest` for the conflict panel; a 409 shows what `refused` makes of it (problems and
    /// a sentence); other refusals show at the fields of `form`.
    pub fn send<R: 'static>(
        &self,
        form: &'static str,
        save: impl Future<Output = Result<R, ApiError>> + 'static,
        latest: impl Future<Output = Result<T, ApiError>> + 'static,
        refused: impl FnOnce(&ApiError) -> (Problems, String) + 'static,
        saved: impl FnOnce(R) + 'static,
    ) {
        let s = self.clone();
        s.busy.set(true);
        spawn_local(async move {
            match save.await {
                Ok(answer) => {
                    s.errors.set(Problems::new());
                    saved(answer);
                }
                Err(e) if e.is_unauthorized() => {}
                Err(e) if e.code == Some(ErrorCode::PreconditionFailed) => match latest.await {
                    Ok(latest) => {
                        s.status.set(None);
                        s.conflict.set(Some(Rc::new(latest)));
                    }
                    Err(e) => s.status.set(Some((false, e.message))),
                },
                Err(e) => {
                    let (problems, sentence) = if e.code == Some(ErrorCode::Conflict) {
                        refused(&e)
                    } else {
                        (field_errors(&e), edit_error(&e, ""))
                    };
                    s.errors.set(problems);
                    s.status.set(Some((false, sentence)));
                    reveal_first_problem(form);
                }
            }
            s.busy.set(false);
        });
    }

    /// The user chose: go on from the newer version keeping what they typed, or not.
    pub fn resolve(&self, kept_mine: bool) {
        self.conflict.set(None);
        self.status.set(kept_mine.then(|| {
            (
                true,
                "已载入最新版本，表单保留了您的修改，请核对后再次保存。".to_string(),
            )
        }));
    }
}
