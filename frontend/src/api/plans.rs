//! The yearly plans: the list, one year, and the office's edits of a plan's header.

use duban_shared::api::{ImportedPlan, PlanDetail, PlanList, PlanStatus};
use duban_shared::plan_edit::PlanInput;
use duban_shared::year_end::CloseInput;
use gloo_net::http::Method;

use super::client::{get_json, read_json, send_file, send_versioned, write_empty, ApiError, NO_BODY};

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// The type the server reads a chosen file as, by its name: a plan data file (.json), the
/// notice's text (.txt) or the notice as a Word document (.docx).
pub fn import_type(file_name: &str) -> Option<&'static str> {
    let lower = file_name.to_lowercase();
    if lower.ends_with(".json") {
        Some("application/json")
    } else if lower.ends_with(".txt") {
        Some("text/plain; charset=utf-8")
    } else if lower.ends_with(".docx") {
        Some(DOCX)
    } else {
        None
    }
}

/// `POST /plans/import?dry_run=…&year=…` with the chosen file as it is.
pub async fn import_file(
    file: web_sys::File,
    content_type: &str,
    year: Option<i32>,
    dry_run: bool,
) -> Result<ImportedPlan, ApiError> {
    let mut path = format!("/plans/import?dry_run={dry_run}");
    if let Some(year) = year {
        path.push_str(&format!("&year={year}"));
    }
    read_json(send_file(Method::POST, &path, content_type, file).await?).await
}

/// `POST /plans/{year}/close` (年终销号).
pub async fn close_plan(year: i32, version: i32, body: &CloseInput) -> Result<PlanDetail, ApiError> {
    send_versioned(Method::POST, &format!("/plans/{year}/close"), Some(body), Some(version)).await
}

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
