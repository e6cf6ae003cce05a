//! Briefings (通报): a preview; the office's drafts, their words, publishing, throwing away;
//! the list, one issue, its readers and files.

use chrono::NaiveDate;
use duban_shared::briefing::{Briefing, BriefingList, BriefingReaders, BriefingText, NewBriefing};
use gloo_net::http::Method;

use super::client::{get_json, send_versioned, write_empty, ApiError, NO_BODY};
use super::files::save_file;
use crate::query::query_string;

/// `GET /plans/{year}/briefing-preview?cut_off=`.
pub async fn briefing_preview(year: i32, cut_off: Option<NaiveDate>) -> Result<Briefing, ApiError> {
    let q = query_string(&[("cut_off", cut_off.map(|d| d.to_string()))]);
    get_json(&format!("/plans/{year}/briefing-preview{q}")).await
}

/// `POST /plans/{year}/briefings`: a new draft.
pub async fn create_draft(year: i32, cut_off: NaiveDate) -> Result<Briefing, ApiError> {
    send_versioned(
        Method::POST,
        &format!("/plans/{year}/briefings"),
        Some(&NewBriefing { cut_off }),
        None,
    )
    .await
}

/// `PUT /briefings/{id}` (a draft's words).
pub async fn save_draft(id: i32, version: i32, text: &BriefingText) -> Result<Briefing, ApiError> {
    send_versioned(Method::PUT, &format!("/briefings/{id}"), Some(text), Some(version)).await
}

/// `POST /briefings/{id}/publish`.
pub async fn publish(id: i32, version: i32) -> Result<Briefing, ApiError> {
    send_versioned(
        Method::POST,
        &format!("/briefings/{id}/publish"),
        NO_BODY,
        Some(version),
    )
    .await
}

/// `DELETE /briefings/{id}` (a draft).
pub async fn discard(id: i32, version: i32) -> Result<(), ApiError> {
    write_empty(Method::DELETE, &format!("/briefings/{id}"), NO_BODY, Some(version)).await
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
