//! The report form's state: what the user typed, the checks, and saving / submitting.

use std::rc::Rc;

use duban_shared::api::{IndicatorKind, ItemDetail};
use duban_shared::error::{ErrorCode, FieldError};
use duban_shared::lights::Period;
use duban_shared::reporting::{content_problems, IndicatorValue, Report, ReportContent};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::api;
use crate::format::{figure, parse_figure, time_zh};

/// What the user has typed.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Draft {
    pub progress: String,
    pub problems: String,
    pub next_steps: String,
    /// (indicator id, text as typed), in the item's order.
    pub values: Vec<(i32, String)>,
}

impl Draft {
    pub fn of(item: &ItemDetail, report: &Report) -> Self {
        Draft {
            progress: report.progress.clone(),
            problems: report.problems.clone(),
            next_steps: report.next_steps.clone(),
            values: item
                .indicators
                .iter()
                .map(|ind| {
                    let v = report.values.iter().find(|v| v.indicator_id == ind.id);
                    (ind.id, v.map(|v| figure(v.value)).unwrap_or_default())
                })
                .collect(),
        }
    }

    /// The content to send, and the figures that are not numbers.
    pub fn content(&self) -> (ReportContent, Vec<FieldError>) {
        let mut values = Vec::new();
        let mut bad = Vec::new();
        for (id, text) in &self.values {
            match parse_figure(text) {
                Ok(None) => {}
                Ok(Some(value)) => values.push(IndicatorValue {
                    indicator_id: *id,
                    value,
                }),
                Err(()) => bad.push(FieldError {
                    field: format!("values.{id}"),
                    message: "请输入数字".to_string(),
                }),
            }
        }
        (
            ReportContent {
                progress: self.progress.clone(),
                problems: self.problems.clone(),
                next_steps: self.next_steps.clone(),
                values,
            },
            bad,
        )
    }

    /// Every problem, by the same rules as the server.
    pub fn problems(&self, item: &ItemDetail, submitting: bool) -> Vec<FieldError> {
        let (content, mut bad) = self.content();
        let kinds: Vec<(i32, IndicatorKind)> = item.indicators.iter().map(|i| (i.id, i.kind)).collect();
        let mut found = content_problems(&content, &kinds, submitting);
        // A figure that is not a number is reported once, as such.
        found.retain(|f| !bad.iter().any(|b| b.field == f.field));
        bad.append(&mut found);
        bad
    }
}

/// Where the form stands after the last action.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Notice {
    None,
    Saved(String),
    Submitted,
    Error(String),
    /// The user took the newer version's number and kept the typed text.
    Merged,
}

fn focus_first_error() {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector(".report-form .field-invalid textarea, .report-form .field-invalid input")
                .ok()
        })
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// The form's state, one handle per part, cloned into its callbacks.
#[derive(Clone)]
pub(super) struct FormState {
    pub report: UseStateHandle<Rc<Report>>,
    pub draft: UseStateHandle<Draft>,
    pub notice: UseStateHandle<Notice>,
    pub busy: UseStateHandle<bool>,
    /// Problems are shown once the user tried to save (`false`) or submit (`true`), and then
    /// follow the typing. (Not on leaving a field: a message appearing then would move the
    /// button being clicked.)
    checked: UseStateHandle<Option<bool>>,
    server_fields: UseStateHandle<Vec<FieldError>>,
    /// The newer version someone else saved, when a save met a stale version (412).
    pub conflict: UseStateHandle<Option<Rc<Report>>>,
}

#[hook]
pub(super) fn use_form_state(item: &ItemDetail, report: &Rc<Report>) -> FormState {
    FormState {
        report: use_state(|| report.clone()),
        draft: use_state(|| Draft::of(item, report)),
        notice: use_state(|| Notice::None),
        busy: use_state(|| false),
        checked: use_state(|| None::<bool>),
        server_fields: use_state(Vec::<FieldError>::new),
        conflict: use_state(|| None::<Rc<Report>>),
    }
}

impl FormState {
    /// The problems to show now: the form's own checks (once tried), then the server's.
    pub fn shown_problems(&self, item: &ItemDetail) -> Vec<FieldError> {
        let submitting = self.checked.unwrap_or(false);
        let mut local = if self.checked.is_some() {
            self.draft.problems(item, submitting)
        } else {
            Vec::new()
        };
        for f in self.server_fields.iter() {
            if !local.iter().any(|l| l.field == f.field) {
                local.push(f.clone());
            }
        }
        local
    }

    /// A field's input: changes the draft by `f`, and drops the server's problem with `field`.
    pub fn edit(&self, field: String, f: impl Fn(&mut Draft, String) + 'static) -> Callback<String> {
        let (draft, server_fields) = (self.draft.clone(), self.server_fields.clone());
        Callback::from(move |value: String| {
            let mut d = (*draft).clone();
            f(&mut d, value);
            draft.set(d);
            if server_fields.iter().any(|e| e.field == field) {
                server_fields.set(server_fields.iter().filter(|e| e.field != field).cloned().collect());
            }
        })
    }

    /// Saves (and, when `submit`, then submits).
    pub fn act(&self, item: &ItemDetail, period: Period, submit: bool) {
        if *self.busy {
            return;
        }
        self.checked.set(Some(submit || self.checked.unwrap_or(false)));
        let problems = self.draft.problems(item, submit);
        if !problems.is_empty() {
            self.notice.set(Notice::Error(format!(
                "有{}处需要修改，请按提示修改后再{}。",
                problems.len(),
                if submit { "报送" } else { "保存" }
            )));
            focus_first_error();
            return;
        }
        let (content, _) = self.draft.content();
        let item_id = item.id;
        let version = self.report.version;
        let state = self.clone();
        state.busy.set(true);
        spawn_local(async move {
            // Version 0: not on the server yet, so the first save creates the draft.
            let saved = if version == 0 {
                api::reports::create_report(item_id, period, &content).await
            } else {
                api::reports::save_report(item_id, period, &content, version).await
            };
            let result = match saved {
                Ok(saved) if submit => {
                    let version = saved.version;
                    state.report.set(Rc::new(saved));
                    api::reports::submit_report(item_id, period, version).await
                }
                other => other,
            };
            state.busy.set(false);
            match result {
                Ok(r) => {
                    let submitted = r.state.is_in();
                    let at = time_zh(r.updated_at);
                    state.report.set(Rc::new(r));
                    state.server_fields.set(Vec::new());
                    state.notice.set(if submitted {
                        Notice::Submitted
                    } else {
                        Notice::Saved(format!("草稿已保存（{at}）。"))
                    });
                }
                // Someone saved meanwhile; or, on a first save, started it in another tab.
                Err(e)
                    if e.code == Some(ErrorCode::PreconditionFailed)
                        || (version == 0 && e.code == Some(ErrorCode::Conflict)) =>
                {
                    match api::reports::report(item_id, period).await {
                        Ok(Some(latest)) => state.conflict.set(Some(Rc::new(latest))),
                        _ => state.notice.set(Notice::Error(e.message.clone())),
                    }
                    state.notice.set(Notice::None);
                }
                Err(e) => {
                    let message = if e.fields.is_empty() {
                        e.message.clone()
                    } else {
                        format!("{}请按提示修改。", e.message)
                    };
                    state.server_fields.set(e.fields.clone());
                    state.notice.set(Notice::Error(message));
                    focus_first_error();
                }
            }
        });
    }

    /// After a conflict: edit on from the newer version, keeping what was typed.
    pub fn keep_mine(&self) {
        if let Some(latest) = (*self.conflict).clone() {
            self.report.set(latest);
            self.conflict.set(None);
            self.notice.set(Notice::Merged);
        }
    }

    /// After a conflict: drop what was typed for the newer version.
    pub fn take_theirs(&self, item: &ItemDetail) {
        if let Some(latest) = (*self.conflict).clone() {
            self.draft.set(Draft::of(item, &latest));
            self.report.set(latest);
            self.conflict.set(None);
            self.notice.set(Notice::None);
        }
    }
}
