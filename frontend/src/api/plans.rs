//! The yearly plans: the list, one year, and the office's edits of a plan's header.

use duban_shared::api::{PlanDetail, PlanList, PlanStatus};
use duban_shared::plan_edit::PlanInput;
use gloo_net::http::Method;

use super::client::{get_json, send_versioned, write_empty, ApiError, NO_BODY};

/// `GET /plans`.
pub async fn plans() -> Result<PlanList, ApiError> {
    get_json("/plans").await
}

/// `GET /plans/{year}`.
pub async fn plan(year: i32) -> Result<PlanDetail, ApiError> {
    get_json(&format!("/plans/{year}")).await
}

/// The plan year everyone works on: the newest published plan (an office's new draft does
/// not take over), else the newest draft.
pub async fn current_year() -> Result<Option<i32>, ApiError> {
    let list = plans().await?;
    let published = list
        .plans
        .iter()
        .filter(|p| p.status == PlanStatus::Published)
        .map(|p| p.year)
        .max();
    Ok(published.or_else(|| list.plans.iter().map(|p| p.year).max()))
}

/// The year asked for, else [`current_year`].
pub async fn year_or_current(year: Option<i32>) -> Result<i32, ApiError> {
    if let Some(year) = year {
        return Ok(year);
    }
    current_year()
        .await?
        .ok_or_else(|| ApiError::not_found("系统中还没有录入任何年度的民生实事计划。"))
}

/// `POST /plans`: a new year, as a draft.
pub async fn create_plan(body: &PlanInput) -> Result<PlanDetail, ApiError> {
    send_versioned(Method::POST, "/plans", Some(body), None).await
}

/// `POST /plans/import` with a plan data file as it was read (the server checks it).
pub async fn import_plan(file: &serde_json::Value) -> Result<PlanDetail, ApiError> {
    send_versioned(Method::POST, "/plans/import", Some(file), None).await
}

/// `PUT /plans/{year}`: the header and thresholds.
pub async fn update_plan(body: &PlanInput, version: i32) -> Result<PlanDetail, ApiError> {
    send_versioned(Method::PUT, &format!("/plans/{}", body.year), Some(body), Some(version)).await
}

/// `POST /plans/{year}/publish`.
pub async fn publish_plan(year: i32, version: i32) -> Result<PlanDetail, ApiError> {
    send_versioned(Method::POST, &format!("/plans/{year}/publish"), NO_BODY, Some(version)).await
}

/// `DELETE /plans/{year}` (drafts only).
pub async fn delete_plan(year: i32, version: i32) -> Result<(), ApiError> {
    write_empty(Method::DELETE, &format!("/plans/{year}"), NO_BODY, Some(version)).await
}
