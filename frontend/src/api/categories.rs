//! A plan's categories, as the office edits them.

use duban_shared::plan_edit::{Category, CategoryInput};
use gloo_net::http::Method;

use super::client::{create_or_update, write_empty, ApiError, NO_BODY};

/// `POST /plans/{year}/categories` or, with the category's id and version, `PUT /categories/{id}`.
pub async fn save_category(
    year: i32,
    existing: Option<(i32, i32)>,
    body: &CategoryInput,
) -> Result<Category, ApiError> {
    create_or_update(&format!("/plans/{year}/categories"), "/categories", existing, body).await
}

/// `DELETE /categories/{id}` (empty ones only).
pub async fn delete_category(id: i32, version: i32) -> Result<(), ApiError> {
    write_empty(Method::DELETE, &format!("/categories/{id}"), NO_BODY, Some(version)).await
}
