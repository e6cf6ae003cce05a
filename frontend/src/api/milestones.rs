//! Milestones: a unit completes one, the office reopens one.

use duban_shared::api::Milestone;
use duban_shared::supervision::{CompleteMilestone, Reason};
use gloo_net::http::Method;

use super::client::{send_versioned, ApiError};

pub async fn complete_milestone(
    id: i32,
    body: &CompleteMilestone,
    version: i32,
) -> Result<serde_json::Value, ApiError> {
    send_versioned(
        Method::POST,
        &format!("/milestones/{id}/complete"),
        Some(body),
        Some(version),
    )
    .await
}

/// `POST /milestones/{id}/reopen`.
pub async fn reopen_milestone(id: i32, version: i32, reason: String) -> Result<Milestone, ApiError> {
    send_versioned(
        Method::POST,
        &format!("/milestones/{id}/reopen"),
        Some(&Reason { reason }),
        Some(version),
    )
    .await
}
