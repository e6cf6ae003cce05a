//! A date field: the browser's own picker, and the chosen day in Chinese beside it, since
//! the picker writes the day in the browser's locale whatever `lang` says.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::format::typed_date_zh;

#[derive(Properties, PartialEq)]
pub struct DateInputProps {
    pub id: AttrValue,
    /// The day as the input holds it (`2024-06-30`, or "" for none).
    #[prop_or_default]
    pub value: AttrValue,
    #[prop_or(classes!("input"))]
    pub classes: Classes,
    #[prop_or_default]
    pub min: Option<AttrValue>,
    #[prop_or_default]
    pub max: Option<AttrValue>,
    /// For forms that read the input when submitted.
    #[prop_or_default]
    pub node_ref: NodeRef,
    #[prop_or_default]
    pub oninput: Option<Callback<String>>,
    #[prop_or_default]
    pub onchange: Option<Callback<String>>,
    #[prop_or_default]
    pub invalid: bool,
    #[prop_or_default]
    pub described_by: Option<String>,
    /// For an input without a `<label>` (a table cell).
    #[prop_or_default]
    pub label: Option<String>,
}

#[component]
pub fn DateInput(props: &DateInputProps) -> Html {
    // What the input holds now: its value as given, then whatever the user picks. The input
    // shows this, not `value`: Yew resets an input to its `value` on every render, which
    // would undo a pick in the forms that read the input only when submitted.
    let typed = use_state(|| props.value.to_string());
    {
        let typed = typed.clone();
        use_effect_with(props.value.clone(), move |value| typed.set(value.to_string()));
    }
    let oninput = {
        let (typed, cb) = (typed.clone(), props.oninput.clone());
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            typed.set(value.clone());
            if let Some(cb) = &cb {
                cb.emit(value);
            }
        })
    };
    let onchange = {
        let (typed, cb) = (typed.clone(), props.onchange.clone());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            typed.set(value.clone());
            if let Some(cb) = &cb {
                cb.emit(value);
            }
        })
    };
    html! {
        <>
            <input id={props.id.clone()} class={props.classes.clone()} type="date" lang="zh-CN"
                ref={props.node_ref.clone()} value={(*typed).clone()}
                min={props.min.clone()} max={props.max.clone()}
                aria-label={props.label.clone()} aria-invalid={props.invalid.then_some("true")}
                aria-describedby={props.described_by.clone()} {oninput} {onchange} />
            if let Some(text) = typed_date_zh(&typed) {
                <span class="date-chosen">{ text }</span>
            }
        </>
    }
}
