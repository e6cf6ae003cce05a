//! Co-units' 配合情况 on an item.

use duban_shared::co_notes::{CoNote, CoNoteInput, CoNoteList, NewCoNote};
use gloo_net::http::Method;

use super::client::{get_json, send_versioned, ApiError};

/// `GET /items/{id}/co-notes`.
pub async fn co_notes(item_id: i32) -> Result<CoNoteList, ApiError> {
    get_json(&format!("/items/{item_id}/co-notes")).await
}

/// `POST /items/{id}/co-notes`: the caller's unit's note for a month.
pub async fn add_co_note(item_id: i32, body: &NewCoNote) -> Result<CoNote, ApiError> {
    send_versioned(Method::POST, &format!("/items/{item_id}/co-notes"), Some(body), None).await
}

/// `PUT /co-notes/{id}` with the version edited.
pub async fn update_co_note(id: i32, version: i32, body: &CoNoteInput) -> Result<CoNote, ApiError> {
    send_versioned(Method::PUT, &format!("/co-notes/{id}"), Some(body), Some(version)).await
}
