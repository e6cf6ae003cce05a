//! Monthly reports: a unit's and an item's, one month's, the unit's writes, and the
//! office's review.

use duban_shared::lights::Period;
use duban_shared::reporting::{NewReport, Report, ReportContent, ReportList, ReportPrefill};
use duban_shared::supervision::Reason;
use gloo_net::http::Method;

use super::client::{get_json, send_versioned, ApiError, NO_BODY};
use crate::query::encode;

/// Every report of a unit in a plan.
pub async fn unit_reports(year: i32, unit: &str) -> Result<ReportList, ApiError> {
    get_json(&format!("/reports?year={year}&unit={}&per_page=500", encode(unit))).await
}

pub async fn item_reports(item_id: i32) -> Result<ReportList, ApiError> {
    get_json(&format!("/items/{item_id}/reports")).await
}

/// A month's report, or `None` when it has not been started.
pub async fn report(item_id: i32, period: Period) -> Result<Option<Report>, ApiError> {
    match get_json(&format!("/items/{item_id}/reports/{period}")).await {
        Ok(report) => Ok(Some(report)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e),
    }
}

/// What a month's form starts with (carried from the latest earlier report); writes nothing.
pub async fn prefill(item_id: i32, period: Period) -> Result<ReportPrefill, ApiError> {
    get_json(&format!("/items/{item_id}/reports/{period}/prefill")).await
}

/// The first save of a month's report: creates its draft with this content.
pub async fn create_report(item_id: i32, period: Period, content: &ReportContent) -> Result<Report, ApiError> {
    let body = NewReport {
        period: period.to_string(),
        progress: Some(content.progress.clone()),
        problems: Some(content.problems.clone()),
        next_steps: Some(content.next_steps.clone()),
        values: Some(content.values.clone()),
    };
    send_versioned(Method::POST, &format!("/items/{item_id}/reports"), Some(&body), None).await
}

pub async fn save_report(
    item_id: i32,
    period: Period,
    content: &ReportContent,
    version: i32,
) -> Result<Report, ApiError> {
    send_versioned(
        Method::PUT,
        &format!("/items/{item_id}/reports/{period}"),
        Some(content),
        Some(version),
    )
    .await
}

pub async fn submit_report(item_id: i32, period: Period, version: i32) -> Result<Report, ApiError> {
    send_versioned(
        Method::POST,
        &format!("/items/{item_id}/reports/{period}/submit"),
        NO_BODY,
        Some(version),
    )
    .await
}

/// `GET /reports?state=submitted&year=`: the review queue.
pub async fn review_queue(year: i32) -> Result<ReportList, ApiError> {
    get_json(&format!("/reports?state=submitted&year={year}&per_page=500")).await
}

/// `POST /items/{item}/reports/{period}/accept`.
pub async fn accept_report(item_id: i32, period: Period, version: i32) -> Result<Report, ApiError> {
    let path = format!("/items/{item_id}/reports/{period}/accept");
    send_versioned(Method::POST, &path, NO_BODY, Some(version)).await
}

/// `POST /items/{item}/reports/{period}/return` with the reason.
pub async fn return_report(item_id: i32, period: Period, version: i32, reason: String) -> Result<Report, ApiError> {
    let path = format!("/items/{item_id}/reports/{period}/return");
    send_versioned(Method::POST, &path, Some(&Reason { reason }), Some(version)).await
}
