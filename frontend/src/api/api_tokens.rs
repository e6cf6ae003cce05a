//! API tokens for other systems.

use duban_shared::auth::{ApiTokenList, CreatedApiToken, NewApiToken};
use gloo_net::http::Method;

use super::client::{get_json, send_versioned, write_empty, ApiError, NO_BODY};

/// `GET /api-tokens`.
pub async fn api_tokens() -> Result<ApiTokenList, ApiError> {
    get_json("/api-tokens").await
}

/// `POST /api-tokens`: the answer holds the secret, shown once.
pub async fn create_api_token(body: NewApiToken) -> Result<CreatedApiToken, ApiError> {
    send_versioned(Method::POST, "/api-tokens", Some(&body), None).await
}

/// `DELETE /api-tokens/{id}`.
pub async fn revoke_api_token(id: i32) -> Result<(), ApiError> {
    write_empty(Method::DELETE, &format!("/api-tokens/{id}"), NO_BODY, None).await
}
