//! Small records the office keeps in tables (a plan's categories, the units): a form of two
//! fields to add or change one, a row that turns into that form in place, and a button that
//! asks once more before it removes something. The pages say what a save or a removal does
//! ([`Action`]); these pieces keep the typing, the busy state and the problems.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::ApiError;
use crate::components::form::{focus, setter, Field, Problems};
use crate::error_messages::{edit_error, field_errors};
use crate::hooks::after_render;

/// An asynchronous step a control starts (a save, a removal); what it does with the answer is
/// its own affair. Equal only to itself, so a new one re-renders the control.
pub struct Action<A, R = ()>(Rc<dyn Fn(A) -> Running<R>>);

/// An [`Action`] under way.
type Running<R> = Pin<Box<dyn Future<Output = R>>>;

impl<A, R> Action<A, R> {
    pub fn new<F, Fut>(f: F) -> Self
    where
        F: Fn(A) -> Fut + 'static,
        Fut: Future<Output = R> + 'static,
    {
        Action(Rc::new(move |a| Box::pin(f(a))))
    }

    fn run(&self, a: A) -> Running<R> {
        (self.0)(a)
    }
}

impl<A, R> Clone for Action<A, R> {
    fn clone(&self) -> Self {
        Action(self.0.clone())
    }
}

impl<A, R> PartialEq for Action<A, R> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The save of a [`PairForm`]: the two values in, the problems to show out (`None` when the
/// save went through, or was answered elsewhere, and the form is done).
pub type PairSave = Action<[String; 2], Option<Problems>>;

/// The usual save of a small record: `check` the typed values, `send` the body; when it is
/// saved `on_done` hears `saved(answer)`; a stale version is told there too (the list
/// reloads and shows the newer one); other refusals become the form's problems, a 409 as
/// `conflict` (field, message).
pub fn record_save<B, T, Fut>(
    check: impl Fn(&[String; 2]) -> Result<B, Problems> + 'static,
    send: impl Fn(B) -> Fut + 'static,
    saved: impl Fn(&T) -> String + 'static,
    conflict: (&'static str, &'static str),
    on_done: Callback<(bool, String)>,
) -> PairSave
where
    B: 'static,
    T: 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let send = Rc::new(send);
    let saved = Rc::new(saved);
    Action::new(move |values: [String; 2]| {
        let checked = check(&values);
        let (send, saved, on_done) = (send.clone(), saved.clone(), on_done.clone());
        async move {
            let body = match checked {
                Ok(body) => body,
                Err(problems) => return Some(problems),
            };
            match send(body).await {
                Ok(answer) => {
                    on_done.emit((true, saved(&answer)));
                    None
                }
                Err(e) if e.is_unauthorized() => None,
                Err(e) => {
                    use duban_shared::error::ErrorCode;
                    match e.code {
                        Some(ErrorCode::PreconditionFailed) => {
                            on_done.emit((false, edit_error(&e, "")));
                            None
                        }
                        Some(ErrorCode::Validation) if !e.fields.is_empty() => Some(field_errors(&e)),
                        Some(ErrorCode::Conflict) => {
                            Some(Problems::from([(conflict.0.to_string(), conflict.1.to_string())]))
                        }
                        _ => Some(Problems::from([(String::new(), edit_error(&e, ""))])),
                    }
                }
            }
        }
    })
}

/// The removal behind a [`ConfirmButton`]: `remove`, then tell `on_done` — `done` when it
/// went, `refused` when the server keeps it (409).
pub fn removal<Fut>(
    remove: impl Fn() -> Fut + 'static,
    on_done: Callback<(bool, String)>,
    done: String,
    refused: String,
) -> Action<()>
where
    Fut: Future<Output = Result<(), ApiError>> + 'static,
{
    Action::new(move |()| {
        let (answer, on_done, done, refused) = (remove(), on_done.clone(), done.clone(), refused.clone());
        async move {
            match answer.await {
                Ok(()) => on_done.emit((true, done)),
                Err(e) if e.is_unauthorized() => {}
                Err(e) => on_done.emit((false, edit_error(&e, &refused))),
            }
        }
    })
}

#[derive(Properties, PartialEq)]
pub struct ConfirmButtonProps {
    /// The first button's id; the second step's are `{id}-confirm` and `{id}-cancel`.
    pub id: AttrValue,
    pub label: AttrValue,
    /// The first button's accessible name where its text alone is ambiguous (删除 in a row).
    #[prop_or_default]
    pub aria_label: Option<AttrValue>,
    /// The question of the second step: what will happen.
    pub question: AttrValue,
    pub confirm_label: AttrValue,
    /// Red (removing) rather than the ordinary colour (publishing).
    #[prop_or(true)]
    pub danger: bool,
    #[prop_or_default]
    pub small: bool,
    pub action: Action<()>,
}

/// A button that first asks, in the page (not a browser dialog), and acts on the second
/// click; it stays disabled while the action runs.
#[component]
pub fn ConfirmButton(props: &ConfirmButtonProps) -> Html {
    let asking = use_state(|| false);
    let busy = use_state(|| false);
    let id = props.id.to_string();
    let size = props.small.then_some("button-small");
    let ask = {
        let (asking, confirm_id) = (asking.clone(), format!("{id}-confirm"));
        Callback::from(move |_: MouseEvent| {
            asking.set(true);
            let confirm_id = confirm_id.clone();
            after_render(move || focus(&confirm_id));
        })
    };
    if !*asking {
        return html! {
            <button type="button" id={id.clone()} disabled={*busy} onclick={ask} aria-label={props.aria_label.clone()}
                class={classes!("button", if props.danger { "button-danger" } else { "button-secondary" }, size)}>
                { props.label.clone() }
            </button>
        };
    }
    let confirm = {
        let (asking, busy, action) = (asking.clone(), busy.clone(), props.action.clone());
        Callback::from(move |_: MouseEvent| {
            asking.set(false);
            busy.set(true);
            let (busy, run) = (busy.clone(), action.run(()));
            spawn_local(async move {
                run.await;
                busy.set(false);
            });
        })
    };
    let cancel = {
        let (asking, first) = (asking.clone(), id.clone());
        Callback::from(move |_: MouseEvent| {
            asking.set(false);
            let first = first.clone();
            after_render(move || focus(&first));
        })
    };
    let question_id = format!("{id}-question");
    html! {
        <span class="confirm-step" role="group" aria-labelledby={question_id.clone()}>
            <span id={question_id} class="confirm-question">{ props.question.clone() }</span>
            <button type="button" id={format!("{id}-confirm")} onclick={confirm}
                class={classes!("button", props.danger.then_some("button-danger"), size)}>
                { props.confirm_label.clone() }
            </button>
            <button type="button" id={format!("{id}-cancel")} onclick={cancel}
                class={classes!("button", "button-secondary", size)}>{ "取消" }</button>
        </span>
    }
}

/// One field of a [`PairForm`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldSpec {
    /// The server's name for it (its problems come back under this name).
    pub key: &'static str,
    pub label: &'static str,
    pub hint: Option<&'static str>,
    /// A short number (a 序号): a narrow box with a numeric keyboard.
    pub numeric: bool,
}

#[derive(Properties, PartialEq)]
pub struct PairFormProps {
    /// The form's id; its fields are `{id}-{key}`, its button `{id}-save`.
    pub id: AttrValue,
    pub fields: [FieldSpec; 2],
    pub initial: [String; 2],
    pub submit_label: AttrValue,
    /// A heading above the fields (the add forms).
    #[prop_or_default]
    pub title: Option<AttrValue>,
    /// The form's name when it has no heading (editing in a row).
    #[prop_or_default]
    pub aria_label: Option<AttrValue>,
    pub save: PairSave,
    /// After a save went through.
    #[prop_or_default]
    pub on_saved: Option<Callback<()>>,
    /// Offers 取消 (editing in a row).
    #[prop_or_default]
    pub on_cancel: Option<Callback<()>>,
    #[prop_or_default]
    pub classes: Classes,
}

/// Two fields and a button, with each field's problem beside it and the whole's above.
#[component]
pub fn PairForm(props: &PairFormProps) -> Html {
    // A state per field, so that typing in one never rewrites the other.
    let first = use_state(|| props.initial[0].clone());
    let second = use_state(|| props.initial[1].clone());
    let values = [first, second];
    let errors = use_state(Problems::new);
    let busy = use_state(|| false);
    let id = props.id.to_string();
    let onsubmit = {
        let (values, errors, busy, save, on_saved, initial) = (
            values.clone(),
            errors.clone(),
            busy.clone(),
            props.save.clone(),
            props.on_saved.clone(),
            props.initial.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            busy.set(true);
            let run = save.run([(*values[0]).clone(), (*values[1]).clone()]);
            let (values, errors, busy, on_saved, initial) = (
                values.clone(),
                errors.clone(),
                busy.clone(),
                on_saved.clone(),
                initial.clone(),
            );
            spawn_local(async move {
                match run.await {
                    Some(problems) => errors.set(problems),
                    None => {
                        errors.set(Problems::new());
                        for (state, value) in values.iter().zip(initial) {
                            state.set(value);
                        }
                        if let Some(cb) = on_saved {
                            cb.emit(());
                        }
                    }
                }
                busy.set(false);
            });
        })
    };
    let fields = props.fields.iter().zip(values.iter()).map(|(f, state)| {
        html! {
            <Field id={format!("{id}-{}", f.key)} label={f.label} value={(**state).clone()} oninput={setter(state)}
                hint={f.hint.map(AttrValue::Static)} inputmode={f.numeric.then_some("numeric")}
                error={errors.get(f.key).cloned()} classes={classes!(f.numeric.then_some("field-narrow"))} />
        }
    });
    let cancel = props.on_cancel.clone().map(|cb| {
        html! {
            <button type="button" class="button button-secondary" onclick={Callback::from(move |_: MouseEvent| cb.emit(()))}>
                { "取消" }
            </button>
        }
    });
    let title_id = format!("{id}-heading");
    html! {
        <form class={classes!("pair-form", props.classes.clone())} id={id.clone()} {onsubmit} novalidate=true
            aria-labelledby={props.title.is_some().then(|| title_id.clone())} aria-label={props.aria_label.clone()}>
            if let Some(title) = &props.title { <h3 id={title_id.clone()}>{ title.clone() }</h3> }
            if let Some(e) = errors.get("") { <p class="field-error" role="alert">{ e.clone() }</p> }
            <div class="pair-fields">
                { for fields }
                <div class="form-actions">
                    <button id={format!("{id}-save")} type="submit" class="button" disabled={*busy}>{ props.submit_label.clone() }</button>
                    { for cancel }
                </div>
            </div>
        </form>
    }
}

#[derive(Properties, PartialEq)]
pub struct EditableRowProps {
    /// The row's buttons are `{id}-edit` and `{id}-delete`; its form is `{id}` (fields `{id}-{key}`).
    pub id: AttrValue,
    /// `data-key` of the row (a category's ordinal, a unit's code), for finding it.
    pub data_key: AttrValue,
    /// What the row is called in its buttons' names: "分类（就业创业）".
    pub name: AttrValue,
    /// The cells before 操作.
    pub cells: Html,
    /// How many columns the table has (the form spans them all).
    pub columns: usize,
    pub fields: [FieldSpec; 2],
    pub values: [String; 2],
    pub save: PairSave,
    /// Removing it, asked once more with this question; or why it stays.
    pub remove: Result<(Action<()>, AttrValue), AttrValue>,
}

/// A row of a table with 修改 (the row becomes the form) and 删除.
#[component]
pub fn EditableRow(props: &EditableRowProps) -> Html {
    let editing = use_state(|| false);
    let id = props.id.to_string();
    if *editing {
        let close = {
            let (editing, edit_button) = (editing.clone(), format!("{id}-edit"));
            Callback::from(move |()| {
                editing.set(false);
                let edit_button = edit_button.clone();
                after_render(move || focus(&edit_button));
            })
        };
        return html! {
            <tr data-key={props.data_key.clone()} class="row-editing">
                <td colspan={props.columns.to_string()}>
                    <PairForm id={id.clone()} fields={props.fields} initial={props.values.clone()} submit_label="保存"
                        aria_label={format!("修改{}", props.name)} save={props.save.clone()}
                        on_saved={close.clone()} on_cancel={close} classes="inline-edit" />
                </td>
            </tr>
        };
    }
    let start = {
        let (editing, first_field) = (editing.clone(), format!("{id}-{}", props.fields[0].key));
        Callback::from(move |_: MouseEvent| {
            editing.set(true);
            let first_field = first_field.clone();
            after_render(move || focus(&first_field));
        })
    };
    html! {
        <tr data-key={props.data_key.clone()}>
            { props.cells.clone() }
            <td class="cell-actions">
                <button type="button" id={format!("{id}-edit")} class="button button-secondary button-small" onclick={start}
                    aria-label={format!("修改{}", props.name)}>{ "修改" }</button>
                { match &props.remove {
                    Ok((action, question)) => html! {
                        <ConfirmButton id={format!("{id}-delete")} label="删除" small=true aria_label={format!("删除{}", props.name)}
                            question={question.clone()} confirm_label="确认删除" action={action.clone()} />
                    },
                    Err(why) => html! { <span class="muted cell-note">{ why.clone() }</span> },
                } }
            </td>
        </tr>
    }
}
