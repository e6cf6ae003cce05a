//! Briefings (情况通报) are published as of a cut-off day.

use chrono::NaiveDate;

use super::{field, refuse_if, Refusal};
use crate::error::FieldError;

/// A briefing reports what is known: its cut-off is not after today.
pub fn cut_off_problem(cut_off: NaiveDate, today: NaiveDate) -> Option<FieldError> {
    (cut_off > today).then(|| field("cut_off", "截至日期不能晚于今天"))
}

pub fn publish(cut_off: NaiveDate, today: NaiveDate) -> Result<(), Refusal> {
    refuse_if(cut_off_problem(cut_off, today))
}
