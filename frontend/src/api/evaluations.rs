//! 满意度测评: the office opens and closes a round; the office and leaders read the results;
//! a deputy reads its ballot sheet and grades items.

use duban_shared::evaluation::{BallotInput, BallotSheet, Evaluation, EvaluationResults, MyBallot, NewEvaluation};
use gloo_net::http::Method;

use super::client::{get_json, send_versioned, ApiError, NO_BODY};
use super::files::save_file;

/// `POST /plans/{year}/evaluations`.
pub async fn open(year: i32, title: &str) -> Result<Evaluation, ApiError> {
    let body = NewEvaluation {
        title: title.to_string(),
    };
    send_versioned(Method::POST, &format!("/plans/{year}/evaluations"), Some(&body), None).await
}

/// `GET /plans/{year}/evaluations` (404 when the year has no round).
pub async fn round(year: i32) -> Result<Evaluation, ApiError> {
    get_json(&format!("/plans/{year}/evaluations")).await
}

/// `POST /plans/{year}/evaluations/close`.
pub async fn close(year: i32, version: i32) -> Result<Evaluation, ApiError> {
    send_versioned(
        Method::POST,
        &format!("/plans/{year}/evaluations/close"),
        NO_BODY,
        Some(version),
    )
    .await
}

/// `GET /plans/{year}/evaluations/results` (409 while the round is open).
pub async fn results(year: i32) -> Result<EvaluationResults, ApiError> {
    get_json(&format!("/plans/{year}/evaluations/results")).await
}

/// `GET /plans/{year}/evaluations/results.xlsx`, saved as `file_name`.
pub async fn download_results(year: i32, file_name: &str) -> Result<(), ApiError> {
    save_file(&format!("/plans/{year}/evaluations/results.xlsx"), file_name).await
}

/// `GET /plans/{year}/evaluations/ballot` (a deputy's).
pub async fn ballot(year: i32) -> Result<BallotSheet, ApiError> {
    get_json(&format!("/plans/{year}/evaluations/ballot")).await
}

/// `PUT /plans/{year}/evaluations/ballots/{number}`.
pub async fn cast(year: i32, number: i32, ballot: &BallotInput) -> Result<MyBallot, ApiError> {
    send_versioned(
        Method::PUT,
        &format!("/plans/{year}/evaluations/ballots/{number}"),
        Some(ballot),
        None,
    )
    .await
}

/// The sheet of the newest published year that has a round, if any.
pub async fn newest_ballot() -> Result<Option<BallotSheet>, ApiError> {
    let list = super::plans::plans().await?;
    let mut years: Vec<i32> = list
        .plans
        .iter()
        .filter(|p| p.status == duban_shared::api::PlanStatus::Published)
        .map(|p| p.year)
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    for year in years {
        match ballot(year).await {
            Ok(sheet) => return Ok(Some(sheet)),
            Err(e) if e.is_not_found() => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(None)
}
