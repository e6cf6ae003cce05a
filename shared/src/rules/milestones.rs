//! Completing and reopening a milestone (节点).

use chrono::{Datelike, NaiveDate};

use super::{field, refuse_if, text, Refusal};
use crate::error::FieldError;

/// The completion date a form may offer: not after today, and within the plan's year.
pub fn completion_date_problem(completed_on: NaiveDate, today: NaiveDate, plan_year: i32) -> Option<FieldError> {
    if completed_on > today {
        Some(field("completed_on", "完成日期不能晚于今天"))
    } else if completed_on.year() != plan_year {
        Some(field("completed_on", "完成日期不在计划年度内"))
    } else {
        None
    }
}

/// Marking a milestone complete on `completed_on`, with a note.
pub fn complete(
    completed: Option<NaiveDate>,
    completed_on: NaiveDate,
    note: &str,
    today: NaiveDate,
    plan_year: i32,
) -> Result<(), Refusal> {
    text("note", note, false)?;
    if completed.is_some() {
        return Err(Refusal::conflict("this milestone is complete already"));
    }
    refuse_if(completion_date_problem(completed_on, today, plan_year))
}

/// The office reopening a completed milestone, saying why.
pub fn reopen(completed: Option<NaiveDate>, reason: &str) -> Result<(), Refusal> {
    text("reason", reason, true)?;
    if completed.is_none() {
        return Err(Refusal::conflict("this milestone is not complete"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, day).unwrap()
    }

    #[test]
    fn a_completion_is_dated_in_the_plan_year_and_not_ahead() {
        let today = d(7, 15);
        assert!(complete(None, d(7, 15), "", today, 2024).is_ok());
        assert_eq!(
            complete(None, d(7, 16), "", today, 2024),
            Err(Refusal::invalid("completed_on", "完成日期不能晚于今天"))
        );
        assert_eq!(
            complete(None, NaiveDate::from_ymd_opt(2023, 12, 31).unwrap(), "", today, 2024),
            Err(Refusal::invalid("completed_on", "完成日期不在计划年度内"))
        );
        assert!(matches!(
            complete(Some(d(6, 1)), d(7, 1), "", today, 2024),
            Err(Refusal::Conflict(_))
        ));
    }

    #[test]
    fn only_a_completed_milestone_reopens_and_a_reason_is_needed() {
        assert!(reopen(Some(d(6, 1)), "材料不全").is_ok());
        assert!(matches!(reopen(None, "材料不全"), Err(Refusal::Conflict(_))));
        assert!(matches!(reopen(Some(d(6, 1)), " "), Err(Refusal::Invalid(_))));
    }
}
