//! Supervision notices (督办通知): issued by the office, answered by the unit, closed by the office.

use chrono::NaiveDate;

use super::{field, refuse_if, text, Refusal};
use crate::error::FieldError;
use crate::supervision::NoticeState;

/// The answer-by date a form may offer: today or later.
pub fn answer_by_problem(answer_by: NaiveDate, today: NaiveDate) -> Option<FieldError> {
    (answer_by < today).then(|| field("answer_by", "答复期限不能早于今天"))
}

/// The office issuing a notice with its reason and answer-by date.
pub fn issue(reason: &str, answer_by: NaiveDate, today: NaiveDate) -> Result<(), Refusal> {
    text("reason", reason, true)?;
    refuse_if(answer_by_problem(answer_by, today))
}

/// The unit answering (or answering again) a notice that is not closed.
pub fn answer(state: NoticeState, answer: &str) -> Result<(), Refusal> {
    text("answer", answer, true)?;
    if state == NoticeState::Closed {
        return Err(Refusal::conflict("this notice is closed"));
    }
    Ok(())
}

/// The office closing a notice the unit has answered.
pub fn close(state: NoticeState) -> Result<(), Refusal> {
    match state {
        NoticeState::Closed => Err(Refusal::conflict("this notice is closed already")),
        NoticeState::Open => Err(Refusal::conflict("the unit has not answered yet")),
        NoticeState::Answered => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_is_answered_until_closed_and_closed_once_answered() {
        let today = NaiveDate::from_ymd_opt(2024, 7, 15).unwrap();
        assert!(issue("进度滞后", today, today).is_ok());
        assert_eq!(
            issue("进度滞后", today.pred_opt().unwrap(), today),
            Err(Refusal::invalid("answer_by", "答复期限不能早于今天"))
        );
        assert!(answer(NoticeState::Open, "已整改").is_ok());
        assert!(answer(NoticeState::Answered, "补充说明").is_ok());
        assert!(matches!(
            answer(NoticeState::Closed, "已整改"),
            Err(Refusal::Conflict(_))
        ));
        assert!(close(NoticeState::Answered).is_ok());
        assert!(matches!(close(NoticeState::Open), Err(Refusal::Conflict(_))));
    }
}
