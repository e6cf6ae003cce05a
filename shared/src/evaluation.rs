//! 人大代表满意度测评: the people's congress voted the list, and at year end its deputies grade
//! each item 满意 / 基本满意 / 不满意. A round per plan, opened and closed by the office; a deputy
//! sees only what the public sees and writes only its own ballots (one per item, changeable
//! until the round closes); the results count ballots and never show who cast them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::public::PublicPlan;

/// At most this many characters of comment on a ballot.
pub const COMMENT_MAX_CHARS: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Score {
    /// 满意.
    Satisfied,
    /// 基本满意.
    BasicallySatisfied,
    /// 不满意.
    Dissatisfied,
}

impl Score {
    pub const ALL: [Score; 3] = [Score::Satisfied, Score::BasicallySatisfied, Score::Dissatisfied];

    pub fn label_zh(self) -> &'static str {
        match self {
            Score::Satisfied => "满意",
            Score::BasicallySatisfied => "基本满意",
            Score::Dissatisfied => "不满意",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Score::Satisfied => "satisfied",
            Score::BasicallySatisfied => "basically_satisfied",
            Score::Dissatisfied => "dissatisfied",
        }
    }

    pub fn from_code(code: &str) -> Option<Score> {
        Score::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// `POST /api/v1/plans/{year}/evaluations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewEvaluation {
    /// Such as "2024年市十件民生实事项目满意度测评".
    pub title: String,
}

/// A round, as the office, the leaders and the deputies see it: open or closed, and how many
/// deputies have voted (never who).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Evaluation {
    pub id: i32,
    pub plan_year: i32,
    pub title: String,
    pub opened_at: DateTime<Utc>,
    /// Once closed, no ballot changes.
    pub closed_at: Option<DateTime<Utc>>,
    /// The round's ETag (closing sends it back).
    pub version: i32,
    /// Deputy accounts: the active ones, and any since disabled that voted in the round.
    pub deputies: i64,
    /// Deputies who have cast at least one ballot.
    pub voted: i64,
}

/// `PUT /api/v1/plans/{year}/evaluations/ballots/{number}`: a deputy's grade of one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BallotInput {
    pub score: Score,
    #[serde(default)]
    pub comment: String,
}

/// One's own ballot on an item (by the item's number in the plan).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyBallot {
    pub number: i32,
    pub score: Score,
    pub comment: String,
}

/// `GET /api/v1/plans/{year}/evaluations/ballot`: what a deputy grades — the public view of the
/// plan, and the deputy's own ballots so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BallotSheet {
    pub evaluation: Evaluation,
    pub plan: PublicPlan,
    pub ballots: Vec<MyBallot>,
}

/// How one item was graded: counts only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemResult {
    pub number: i32,
    pub content: String,
    pub lead_unit: String,
    pub satisfied: i64,
    pub basically_satisfied: i64,
    pub dissatisfied: i64,
    pub ballots: i64,
    /// 满意率 in percent (see [`SATISFACTION_RULE`]); none without ballots.
    pub satisfaction_rate: Option<f64>,
    /// The comments written, without their writers, in no particular order of person.
    pub comments: Vec<String>,
}

/// `GET /api/v1/plans/{year}/evaluations/results`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvaluationResults {
    pub evaluation: Evaluation,
    /// The rule in words, as the answer states it.
    pub rule: String,
    pub items: Vec<ItemResult>,
    /// Over all ballots of the round.
    pub overall_rate: Option<f64>,
}

pub const SATISFACTION_RULE: &str = "满意率 =（满意票数 + 基本满意票数）÷ 该项目有效票数 × 100%，保留一位小数；\
每位代表对每个项目只计一票，以测评结束时的最后选择为准；未投票的项目不计入。";

/// 满意率 of the counts, in percent to one decimal; none without ballots.
pub fn satisfaction_rate(satisfied: i64, basically: i64, dissatisfied: i64) -> Option<f64> {
    let total = satisfied + basically + dissatisfied;
    (total > 0).then(|| ((satisfied + basically) as f64 * 1000.0 / total as f64).round() / 10.0)
}

/// The results of `evaluation` from (item number, content, lead unit) and each ballot's
/// (item number, score, comment).
pub fn tally(
    evaluation: Evaluation,
    items: &[(i32, String, String)],
    ballots: &[(i32, Score, String)],
) -> EvaluationResults {
    let mut out: Vec<ItemResult> = items
        .iter()
        .map(|(number, content, unit)| ItemResult {
            number: *number,
            content: content.clone(),
            lead_unit: unit.clone(),
            satisfied: 0,
            basically_satisfied: 0,
            dissatisfied: 0,
            ballots: 0,
            satisfaction_rate: None,
            comments: Vec::new(),
        })
        .collect();
    for (number, score, comment) in ballots {
        let Some(r) = out.iter_mut().find(|r| r.number == *number) else {
            continue;
        };
        match score {
            Score::Satisfied => r.satisfied += 1,
            Score::BasicallySatisfied => r.basically_satisfied += 1,
            Score::Dissatisfied => r.dissatisfied += 1,
        }
        r.ballots += 1;
        if !comment.trim().is_empty() {
            r.comments.push(comment.trim().to_string());
        }
    }
    for r in &mut out {
        r.satisfaction_rate = satisfaction_rate(r.satisfied, r.basically_satisfied, r.dissatisfied);
        r.comments.sort();
    }
    let sum = |f: fn(&ItemResult) -> i64| out.iter().map(f).sum::<i64>();
    let overall_rate = satisfaction_rate(
        sum(|r| r.satisfied),
        sum(|r| r.basically_satisfied),
        sum(|r| r.dissatisfied),
    );
    EvaluationResults {
        evaluation,
        rule: SATISFACTION_RULE.to_string(),
        items: out,
        overall_rate,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round() -> Evaluation {
        Evaluation {
            id: 1,
            plan_year: 2024,
            title: "测评".into(),
            opened_at: DateTime::<Utc>::from_timestamp(1_735_000_000, 0).unwrap(),
            closed_at: None,
            version: 1,
            deputies: 3,
            voted: 3,
        }
    }

    #[test]
    fn the_rate_counts_satisfied_and_basically_satisfied_over_all_ballots() {
        assert_eq!(satisfaction_rate(2, 1, 0), Some(100.0));
        assert_eq!(satisfaction_rate(1, 1, 1), Some(66.7));
        assert_eq!(satisfaction_rate(0, 0, 3), Some(0.0));
        assert_eq!(satisfaction_rate(0, 0, 0), None);
    }

    #[test]
    fn a_tally_counts_each_ballot_once_and_keeps_no_names() {
        let items = [
            (1, "甲".to_string(), "市教育局".to_string()),
            (2, "乙".to_string(), "市民政局".to_string()),
        ];
        let ballots = [
            (1, Score::Satisfied, "很好".to_string()),
            (1, Score::Dissatisfied, " ".to_string()),
            (1, Score::BasicallySatisfied, "还可以".to_string()),
            (9, Score::Satisfied, String::new()),
        ];
        let r = tally(round(), &items, &ballots);
        assert_eq!(r.items[0].ballots, 3);
        assert_eq!(
            (
                r.items[0].satisfied,
                r.items[0].basically_satisfied,
                r.items[0].dissatisfied
            ),
            (1, 1, 1)
        );
        assert_eq!(r.items[0].satisfaction_rate, Some(66.7));
        assert_eq!(r.items[0].comments, ["很好", "还可以"]);
        assert_eq!(r.items[1].ballots, 0);
        assert_eq!(r.items[1].satisfaction_rate, None);
        assert_eq!(
            r.overall_rate,
            Some(66.7),
            "a ballot on no item of the plan counts nowhere"
        );
        assert!(r.rule.contains("基本满意"));
    }

    #[test]
    fn scores_read_and_write_their_codes() {
        for s in Score::ALL {
            assert_eq!(Score::from_code(s.code()), Some(s));
        }
        assert_eq!(Score::from_code("meh"), None);
    }
}
