//! The office's briefings (通报): a preview, publishing one, the list, one to print.

use chrono::NaiveDate;
use duban_shared::briefing::{Briefing, BriefingList, BriefingReaders, NewBriefing};
use gloo_net::http::Method;

use super::client::{get_json, send_versioned, ApiError};
use super::files::save_file;
use crate::query::query_string;

/// `GET /plans/{year}/briefing-preview?cut_off=`.
pub async fn briefing_preview(year: i32, cut_off: Option<NaiveDate>) -> Result<Briefing, ApiError> {
    let q = query_string(&[("cut_off", cut_off.map(|d| d.to_string()))]);
    get_json(&format!("/plans/{year}/briefing-preview{q}")).await
}

/// `POST /plans/{year}/briefings`.
pub async fn publish_briefing(year: i32, cut_off: NaiveDate) -> Result<Briefing, ApiError> {
    send_versioned(
        Method::POST,
        &format!("/plans/{year}/briefings"),
        Some(&NewBriefing { cut_off }),
        None,
    )
    .await
}

/// `GET /plans/{year}/briefings`.
pub async fn briefings(year: i32) -> Result<BriefingList, ApiError> {
    get_json(&format!("/plans/{year}/briefings")).await
}

/// `GET /briefings/{id}/readers` (the office).
pub async fn readers(id: i32) -> Result<BriefingReaders, ApiError> {
    get_json(&format!("/briefings/{id}/readers")).await
}

/// `GET /briefings/{id}`.
pub async fn briefing(id: i32) -> Result<Briefing, ApiError> {
    get_json(&format!("/briefings/{id}")).await
}

/// `GET /briefings/{id}/{file}` (`file` is `docx` for Word or `print` for a page to print),
/// saved as `file_name`.
pub async fn download_briefing(id: i32, file: &str, file_name: &str) -> Result<(), ApiError> {
    save_file(&format!("/briefings/{id}/{file}"), file_name).await
}
