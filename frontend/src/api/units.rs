//! The unit directory.

use duban_shared::api::UnitList;
use duban_shared::plan_edit::{UnitEntry, UnitInput};
use gloo_net::http::Method;

use super::client::{create_or_update, get_json, write_empty, ApiError, NO_BODY};

/// `GET /units`: every unit, with the items and accounts that name it.
pub async fn units() -> Result<UnitList, ApiError> {
    get_json("/units").await
}

/// `POST /units` or, with the unit's id and version, `PUT /units/{id}`.
pub async fn save_unit(existing: Option<(i32, i32)>, body: &UnitInput) -> Result<UnitEntry, ApiError> {
    create_or_update("/units", "/units", existing, body).await
}

/// `DELETE /units/{id}` (refused while items or accounts name it).
pub async fn delete_unit(id: i32, version: i32) -> Result<(), ApiError> {
    write_empty(Method::DELETE, &format!("/units/{id}"), NO_BODY, Some(version)).await
}
