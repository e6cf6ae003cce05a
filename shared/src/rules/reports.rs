//! Monthly reports (月报): written by the lead unit, reviewed by the office.

use super::{text, Refusal};
use crate::lights::Period;
use crate::reporting::ReportState;

/// A month has one report: starting a second is refused.
pub fn start(existing: Option<ReportState>, period: Period) -> Result<(), Refusal> {
    match existing {
        Some(_) => Err(Refusal::conflict(format!("the report for {period} exists already"))),
        None => Ok(()),
    }
}

/// The unit edits or submits a report only while it has it (draft, or returned to it).
pub fn editable(state: ReportState) -> Result<(), Refusal> {
    if !state.editable() {
        return Err(Refusal::conflict("a submitted or accepted report cannot be changed"));
    }
    Ok(())
}

/// The office accepts a submitted report, or returns it with a reason.
pub fn review(state: ReportState, reason: Option<&str>) -> Result<(), Refusal> {
    if let Some(r) = reason {
        text("reason", r, true)?;
    }
    if state != ReportState::Submitted {
        return Err(Refusal::conflict("only a submitted report can be reviewed"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_move_from_the_unit_to_the_office_and_back() {
        let june = Period::new(2024, 6).unwrap();
        assert!(start(None, june).is_ok());
        assert!(matches!(
            start(Some(ReportState::Draft), june),
            Err(Refusal::Conflict(_))
        ));
        assert!(editable(ReportState::Returned).is_ok());
        assert!(matches!(editable(ReportState::Submitted), Err(Refusal::Conflict(_))));
        assert!(review(ReportState::Submitted, Some("请补充数据")).is_ok());
        assert!(matches!(
            review(ReportState::Submitted, Some(" ")),
            Err(Refusal::Invalid(_))
        ));
        assert!(matches!(review(ReportState::Draft, None), Err(Refusal::Conflict(_))));
    }
}
