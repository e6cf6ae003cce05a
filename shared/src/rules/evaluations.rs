//! 满意度测评: a round is opened once per published plan and closed once; ballots are cast
//! while it is open.

use super::{text, Refusal};
use crate::api::PlanStatus;
use crate::evaluation::{BallotInput, NewEvaluation, COMMENT_MAX_CHARS};

/// A published plan without a round yet gets one, with a title of one line.
pub fn open(status: PlanStatus, exists: bool, input: &NewEvaluation) -> Result<(), Refusal> {
    if status != PlanStatus::Published {
        return Err(Refusal::conflict("计划尚未发布，不能组织测评"));
    }
    if exists {
        return Err(Refusal::conflict("该年度已组织过满意度测评"));
    }
    let title = input.title.trim();
    if title.is_empty() {
        return Err(Refusal::invalid("title", "不能为空"));
    }
    if title.chars().count() > 100 || title.contains(['\n', '\r', '\t']) {
        return Err(Refusal::invalid("title", "应为一行、不超过100字"));
    }
    Ok(())
}

/// A round closes once.
pub fn close(closed: bool) -> Result<(), Refusal> {
    if closed {
        return Err(Refusal::conflict("测评已结束"));
    }
    Ok(())
}

/// The results are counted once the round is closed (participation shows before).
pub fn results(closed: bool) -> Result<(), Refusal> {
    if !closed {
        return Err(Refusal::conflict("测评进行中，结束后公布结果"));
    }
    Ok(())
}

/// A ballot while the round is open, with a short comment at most.
pub fn cast(closed: bool, input: &BallotInput) -> Result<(), Refusal> {
    if closed {
        return Err(Refusal::conflict("测评已结束，不能再修改"));
    }
    text("comment", &input.comment, false)?;
    if input.comment.chars().count() > COMMENT_MAX_CHARS {
        return Err(Refusal::invalid("comment", format!("不能超过{COMMENT_MAX_CHARS}字")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::Score;

    #[test]
    fn a_round_for_a_published_plan_once_and_ballots_while_it_is_open() {
        let t = |s: &str| NewEvaluation { title: s.into() };
        assert!(open(PlanStatus::Published, false, &t("2024年民生实事满意度测评")).is_ok());
        assert!(matches!(
            open(PlanStatus::Draft, false, &t("x")),
            Err(Refusal::Conflict(_))
        ));
        assert!(matches!(
            open(PlanStatus::Published, true, &t("x")),
            Err(Refusal::Conflict(_))
        ));
        assert!(matches!(
            open(PlanStatus::Published, false, &t(" ")),
            Err(Refusal::Invalid(_))
        ));
        assert!(close(false).is_ok() && close(true).is_err());
        assert!(results(true).is_ok() && results(false).is_err());
        let b = |c: &str| BallotInput {
            score: Score::Satisfied,
            comment: c.into(),
        };
        assert!(cast(false, &b("")).is_ok());
        assert!(cast(false, &b(&"字".repeat(501))).is_err());
        assert!(matches!(cast(true, &b("")), Err(Refusal::Conflict(_))));
    }
}
