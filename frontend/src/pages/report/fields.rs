//! The report form's fields: a text with its count, and an indicator's figure.

use duban_shared::api::{Indicator, IndicatorKind};
use duban_shared::lights::Period;
use duban_shared::supervision::TEXT_MAX_CHARS;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::format::{due_zh, figure};

/// `aria-describedby` of a field with a hint, and its problem when it has one.
fn described_by(hint_id: &str, error_id: &str, has_error: bool) -> String {
    if has_error {
        format!("{hint_id} {error_id}")
    } else {
        hint_id.to_string()
    }
}

#[derive(Properties, PartialEq)]
pub(super) struct TextFieldProps {
    pub id: AttrValue,
    /// The content's field name, as the server names it in its problems.
    pub field: AttrValue,
    pub label: AttrValue,
    pub hint: AttrValue,
    pub value: AttrValue,
    /// Required to submit (not to save a draft).
    #[prop_or_default]
    pub required: bool,
    #[prop_or_default]
    pub error: Option<String>,
    pub oninput: Callback<String>,
}

#[component]
pub(super) fn TextField(props: &TextFieldProps) -> Html {
    let id = props.id.to_string();
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = described_by(&hint_id, &error_id, props.error.is_some());
    let cb = props.oninput.clone();
    let count = format!("{}/{}字", props.value.chars().count(), TEXT_MAX_CHARS);
    html! {
        <div class={classes!("field", props.error.is_some().then_some("field-invalid"))}>
            <label for={id.clone()}>
                { props.label.clone() }
                if props.required { <span class="required">{ "（报送时必填）" }</span> }
            </label>
            <p id={hint_id} class="field-hint">{ props.hint.clone() }</p>
            <textarea id={id} name={props.field.clone()} class="input textarea" rows="5"
                      value={props.value.clone()} aria-describedby={described}
                      aria-invalid={props.error.is_some().then_some("true")}
                      oninput={Callback::from(move |e: InputEvent| cb.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value()))} />
            <p class="char-count" aria-hidden="true">{ count }</p>
            if let Some(error) = &props.error {
                <p id={error_id} class="field-error">{ error.clone() }</p>
            }
        </div>
    }
}

/// What an indicator's field says to fill in: the year's target, the next milestone's, and
/// how the figure is counted.
fn indicator_hint(ind: &Indicator, period: Period) -> String {
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
    hint
}

#[derive(Properties, PartialEq)]
pub(super) struct IndicatorFieldProps {
    pub indicator: Indicator,
    pub period: Period,
    /// The figure as typed.
    pub value: AttrValue,
    #[prop_or_default]
    pub error: Option<String>,
    pub oninput: Callback<String>,
}

#[component]
pub(super) fn IndicatorField(props: &IndicatorFieldProps) -> Html {
    let ind = &props.indicator;
    let field = format!("values.{}", ind.id);
    let id = format!("report-value-{}", ind.id);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = described_by(&hint_id, &error_id, props.error.is_some());
    let cb = props.oninput.clone();
    html! {
        <div class={classes!("field", "value-field", props.error.is_some().then_some("field-invalid"))}>
            <label for={id.clone()}>{ format!("{}（{}）", ind.name, ind.measure) }</label>
            <p id={hint_id} class="field-hint">{ indicator_hint(ind, props.period) }</p>
            <div class="value-input">
                <input id={id} name={field} type="text" inputmode="decimal" autocomplete="off"
                       class="input" value={props.value.clone()} aria-describedby={described}
                       aria-invalid={props.error.is_some().then_some("true")}
                       oninput={Callback::from(move |e: InputEvent| cb.emit(e.target_unchecked_into::<HtmlInputElement>().value()))} />
                <span class="value-measure" aria-hidden="true">{ &ind.measure }</span>
            </div>
            if let Some(error) = &props.error {
                <p id={error_id} class="field-error">{ error.clone() }</p>
            }
        </div>
    }
}
