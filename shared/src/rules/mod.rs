//! The rules a request must keep before anything is written, one file per resource. Each is
//! a pure function of the request and the row's state, answering a typed [`Refusal`]: the
//! server calls it after it has authorized the caller, and the browser's forms call the same
//! function before they send, so both refuse alike and in the same words.

pub mod accounts;
pub mod briefings;
pub mod co_notes;
pub mod evaluations;
pub mod evidence;
pub mod extensions;
pub mod inspections;
pub mod instructions;
pub mod items;
pub mod milestones;
pub mod notices;
pub mod plans;
pub mod reports;
pub mod year_end;

pub use crate::error::Refusal;

use crate::error::FieldError;
use crate::supervision::text_problem;

/// A text field's own limits (required or not, at most `TEXT_MAX_CHARS`).
fn text(field: &str, value: &str, required: bool) -> Result<(), Refusal> {
    match text_problem(field, value, required) {
        Some(f) => Err(f.into()),
        None => Ok(()),
    }
}

/// Ok unless there is a problem.
fn refuse_if(problem: Option<FieldError>) -> Result<(), Refusal> {
    problem.map_or(Ok(()), |f| Err(f.into()))
}

fn field(field: &str, message: &str) -> FieldError {
    FieldError {
        field: field.to_string(),
        message: message.to_string(),
    }
}
