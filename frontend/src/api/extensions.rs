//! Requests to move a milestone's deadline: a unit asks, the office decides.

use duban_shared::supervision::{ExtensionDecision, ExtensionList, ExtensionRequest, NewExtensionRequest};
use gloo_net::http::Method;

use super::client::{get_json, send_versioned, ApiError};
use crate::query::query_string;

pub async fn item_extensions(item_id: i32) -> Result<ExtensionList, ApiError> {
    get_json(&format!("/extensions?item={item_id}")).await
}

/// `GET /extensions?state=`.
pub async fn extensions(state: Option<String>) -> Result<ExtensionList, ApiError> {
    let q = query_string(&[("state", state)]);
    get_json(&format!("/extensions{q}")).await
}

/// `POST /milestones/{id}/extensions`.
pub async fn request_extension(milestone_id: i32, body: &NewExtensionRequest) -> Result<ExtensionRequest, ApiError> {
    send_versioned(
        Method::POST,
        &format!("/milestones/{milestone_id}/extensions"),
        Some(body),
        None,
    )
    .await
}

/// `POST /extensions/{id}/decide`.
pub async fn decide_extension(id: i32, version: i32, body: ExtensionDecision) -> Result<ExtensionRequest, ApiError> {
    send_versioned(
        Method::POST,
        &format!("/extensions/{id}/decide"),
        Some(&body),
        Some(version),
    )
    .await
}
