//! 督查通知书: issued by the office with a grade, signed for (签收) and answered by the unit,
//! then closed (销号) or sent back (退回) by the office. An answer not given by its date
//! raises the grade one step per missed date (蓝 → 黄 → 红).
//!
//! Dates to answer by count working days, Monday to Friday. Public holidays and the
//! weekend days worked in their place (调休) are not known to Duban; the office moves a date
//! by hand when a holiday falls inside it.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::{field, refuse_if, text, Refusal};
use crate::cases::{CaseSettings, Escalation, Grade};
use crate::error::FieldError;
use crate::supervision::NoticeState;

/// The day `n` working days (Monday to Friday) after `from`.
pub fn add_working_days(from: NaiveDate, n: i32) -> NaiveDate {
    let mut day = from;
    let mut left = n.max(0);
    while left > 0 {
        day += Duration::days(1);
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    day
}

/// The answer-by date of a notice issued today with `grade`, unless the office gave one.
pub fn default_answer_by(grade: Grade, today: NaiveDate, settings: &CaseSettings) -> NaiveDate {
    add_working_days(today, settings.days(grade))
}

fn date_zh(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// The rises of a notice's grade from `grade` while its answer-by date passes unanswered,
/// as of `today`: one per missed date, each giving the new grade its own working days.
pub fn escalations(grade: Grade, answer_by: NaiveDate, today: NaiveDate, settings: &CaseSettings) -> Vec<Escalation> {
    let mut out = Vec::new();
    let (mut grade, mut by) = (grade, answer_by);
    while today > by {
        let Some(next) = grade.next() else { break };
        let new_by = add_working_days(by, settings.days(next));
        out.push(Escalation {
            from: grade,
            to: next,
            on: by + Duration::days(1),
            missed: by,
            answer_by: new_by,
            reason: escalation_reason(grade, next, by),
        });
        grade = next;
        by = new_by;
    }
    out
}

/// `逾期未反馈（反馈时限2024年7月10日），由蓝色督办升为黄色督办`.
pub fn escalation_reason(from: Grade, to: Grade, missed: NaiveDate) -> String {
    format!(
        "逾期未反馈（反馈时限{}），由{}升为{}",
        date_zh(missed),
        from.label_zh(),
        to.label_zh()
    )
}

/// The answer-by date a form may offer: today or later.
pub fn answer_by_problem(answer_by: NaiveDate, today: NaiveDate) -> Option<FieldError> {
    (answer_by < today).then(|| field("answer_by", "反馈时限不能早于今天"))
}

/// The office issuing a notice with its reason and (when given) answer-by date.
pub fn issue(reason: &str, answer_by: Option<NaiveDate>, today: NaiveDate) -> Result<(), Refusal> {
    text("reason", reason, true)?;
    refuse_if(answer_by.and_then(|d| answer_by_problem(d, today)))
}

/// The unit signing for a notice it has not signed for yet.
pub fn acknowledge(state: NoticeState) -> Result<(), Refusal> {
    match state {
        NoticeState::Open => Ok(()),
        NoticeState::Closed => Err(Refusal::conflict("this notice is closed")),
        _ => Err(Refusal::conflict("this notice is signed for already")),
    }
}

/// The unit answering a notice that waits for its answer (signing for it, if not yet).
pub fn answer(state: NoticeState, answer: &str) -> Result<(), Refusal> {
    text("answer", answer, true)?;
    match state {
        s if s.awaits_unit() => Ok(()),
        NoticeState::Closed => Err(Refusal::conflict("this notice is closed")),
        _ => Err(Refusal::conflict(
            "answered already: the office is reviewing the answer",
        )),
    }
}

/// The office sending an answer back with its reason.
pub fn send_back(state: NoticeState, reason: &str) -> Result<(), Refusal> {
    text("reason", reason, true)?;
    under_review(state)
}

/// The office closing (销号) a notice the unit has answered, with its note.
pub fn close(state: NoticeState, note: &str) -> Result<(), Refusal> {
    text("note", note, true)?;
    under_review(state)
}

fn under_review(state: NoticeState) -> Result<(), Refusal> {
    match state {
        NoticeState::Answered => Ok(()),
        NoticeState::Closed => Err(Refusal::conflict("this notice is closed already")),
        _ => Err(Refusal::conflict("the unit has not answered yet")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, d).unwrap()
    }

    #[test]
    fn a_notice_goes_from_issue_to_close_through_answer_and_return() {
        let today = day(7, 15);
        assert!(issue("进度滞后", Some(today), today).is_ok());
        assert!(issue("进度滞后", None, today).is_ok());
        assert_eq!(
            issue("进度滞后", today.pred_opt(), today),
            Err(Refusal::invalid("answer_by", "反馈时限不能早于今天"))
        );
        assert!(acknowledge(NoticeState::Open).is_ok());
        assert!(matches!(
            acknowledge(NoticeState::Acknowledged),
            Err(Refusal::Conflict(_))
        ));
        for s in [NoticeState::Open, NoticeState::Acknowledged, NoticeState::Returned] {
            assert!(answer(s, "已整改").is_ok(), "{s:?}");
        }
        for s in [NoticeState::Answered, NoticeState::Closed] {
            assert!(matches!(answer(s, "已整改"), Err(Refusal::Conflict(_))), "{s:?}");
        }
        assert!(close(NoticeState::Answered, "整改到位").is_ok());
        assert!(matches!(close(NoticeState::Answered, " "), Err(Refusal::Invalid(_))));
        assert!(send_back(NoticeState::Answered, "未附佐证").is_ok());
        for s in [NoticeState::Open, NoticeState::Returned, NoticeState::Closed] {
            assert!(matches!(close(s, "整改到位"), Err(Refusal::Conflict(_))), "{s:?}");
            assert!(matches!(send_back(s, "未附佐证"), Err(Refusal::Conflict(_))), "{s:?}");
        }
    }

    #[test]
    fn working_days_skip_weekends() {
        // 2024-07-12 is a Friday.
        assert_eq!(add_working_days(day(7, 12), 1), day(7, 15));
        assert_eq!(add_working_days(day(7, 12), 10), day(7, 26));
        assert_eq!(add_working_days(day(7, 13), 3), day(7, 17));
        let s = CaseSettings::default();
        assert_eq!(default_answer_by(Grade::Red, day(7, 15), &s), day(7, 18));
        assert_eq!(default_answer_by(Grade::Blue, day(7, 15), &s), day(7, 29));
    }

    #[test]
    fn an_ignored_notice_rises_one_grade_per_missed_date() {
        let s = CaseSettings::default();
        // Answer by Wednesday 10 July; on that day nothing has happened yet.
        assert!(escalations(Grade::Blue, day(7, 10), day(7, 10), &s).is_empty());
        let once = escalations(Grade::Blue, day(7, 10), day(7, 11), &s);
        assert_eq!(once.len(), 1);
        assert_eq!(
            (once[0].from, once[0].to, once[0].on),
            (Grade::Blue, Grade::Yellow, day(7, 11))
        );
        // Yellow gives 5 working days: Wednesday 17 July.
        assert_eq!(once[0].answer_by, day(7, 17));
        assert_eq!(
            once[0].reason,
            "逾期未反馈（反馈时限2024年7月10日），由蓝色督办升为黄色督办"
        );
        assert_eq!(escalations(Grade::Blue, day(7, 10), day(7, 17), &s).len(), 1);
        let twice = escalations(Grade::Blue, day(7, 10), day(7, 18), &s);
        assert_eq!(twice.len(), 2);
        assert_eq!((twice[1].to, twice[1].answer_by), (Grade::Red, day(7, 22)));
        // Red is the top: a year later it is still two steps.
        assert_eq!(escalations(Grade::Blue, day(7, 10), day(12, 31), &s).len(), 2);
        assert!(escalations(Grade::Red, day(7, 10), day(12, 31), &s).is_empty());
    }
}
