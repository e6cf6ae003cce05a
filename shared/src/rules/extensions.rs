//! A unit asking for a later due date (延期申请), and the office deciding it.

use chrono::{Datelike, NaiveDate};

use super::{field, refuse_if, text, Refusal};
use crate::error::FieldError;
use crate::supervision::ExtensionState;

/// The date a form may ask for: later than the current due date, within the plan's year.
pub fn requested_due_problem(requested_due: NaiveDate, due: NaiveDate, plan_year: i32) -> Option<FieldError> {
    if requested_due <= due {
        Some(field("requested_due", "延期后的日期须晚于现期限"))
    } else if requested_due.year() != plan_year {
        Some(field("requested_due", "延期后的日期须在计划年度内"))
    } else {
        None
    }
}

/// Asking, before the milestone falls due, to move its due date to `requested_due`.
pub fn request(
    completed: Option<NaiveDate>,
    due: NaiveDate,
    requested_due: NaiveDate,
    reason: &str,
    today: NaiveDate,
    plan_year: i32,
) -> Result<(), Refusal> {
    text("reason", reason, true)?;
    if completed.is_some() {
        return Err(Refusal::conflict("the milestone is complete"));
    }
    if today > due {
        return Err(Refusal::invalid("requested_due", "已过节点期限，不能再申请延期"));
    }
    refuse_if(requested_due_problem(requested_due, due, plan_year))
}

/// The office approving or refusing a pending request, with an optional reason.
pub fn decide(state: ExtensionState, reason: Option<&str>) -> Result<(), Refusal> {
    if let Some(r) = reason {
        text("reason", r, false)?;
    }
    if state != ExtensionState::Pending {
        return Err(Refusal::conflict("this request has been decided already"));
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
    fn a_request_moves_an_open_milestone_later_within_the_year() {
        assert!(request(None, d(6, 30), d(7, 31), "汛期", d(6, 1), 2024).is_ok());
        assert_eq!(
            request(None, d(6, 30), d(6, 30), "汛期", d(6, 1), 2024),
            Err(Refusal::invalid("requested_due", "延期后的日期须晚于现期限"))
        );
        assert_eq!(
            request(None, d(6, 30), d(7, 31), "汛期", d(7, 1), 2024),
            Err(Refusal::invalid("requested_due", "已过节点期限，不能再申请延期"))
        );
        assert!(matches!(
            request(Some(d(6, 1)), d(6, 30), d(7, 31), "汛期", d(6, 1), 2024),
            Err(Refusal::Conflict(_))
        ));
        assert!(decide(ExtensionState::Pending, None).is_ok());
        assert!(matches!(
            decide(ExtensionState::Approved, None),
            Err(Refusal::Conflict(_))
        ));
    }
}
