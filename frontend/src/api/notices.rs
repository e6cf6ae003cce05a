//! Supervision notices: the office issues and closes them, a unit answers.

use duban_shared::supervision::{NewNotice, Notice, NoticeAnswer, NoticeList};
use gloo_net::http::Method;

use super::client::{get_json, send_versioned, ApiError, NO_BODY};
use crate::query::{encode, query_string};

/// The notices sent to a unit (newest plan).
pub async fn unit_notices(unit: &str) -> Result<NoticeList, ApiError> {
    get_json(&format!("/notices?unit={}&per_page=500", encode(unit))).await
}

pub async fn item_notices(item_id: i32) -> Result<NoticeList, ApiError> {
    get_json(&format!("/notices?item={item_id}&per_page=500")).await
}

/// `GET /notices?state=`.
pub async fn notices(state: Option<String>) -> Result<NoticeList, ApiError> {
    let q = query_string(&[("state", state), ("per_page", Some("500".to_string()))]);
    get_json(&format!("/notices{q}")).await
}

/// `POST /items/{id}/notices`.
pub async fn issue_notice(item_id: i32, body: NewNotice) -> Result<Notice, ApiError> {
    send_versioned(Method::POST, &format!("/items/{item_id}/notices"), Some(&body), None).await
}

/// `POST /notices/{id}/close`.
pub async fn close_notice(id: i32, version: i32) -> Result<Notice, ApiError> {
    send_versioned(Method::POST, &format!("/notices/{id}/close"), NO_BODY, Some(version)).await
}

/// `POST /notices/{id}/answer`.
pub async fn answer_notice(id: i32, answer: String, version: i32) -> Result<serde_json::Value, ApiError> {
    send_versioned(
        Method::POST,
        &format!("/notices/{id}/answer"),
        Some(&NoticeAnswer { answer }),
        Some(version),
    )
    .await
}
