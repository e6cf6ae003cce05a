//! Logging in and out, the password, and who is logged in.

use duban_shared::auth::{ChangePassword, LoginRequest, LoginResponse, Me};
use gloo_net::http::Method;

use super::client::{get_json, read_empty, read_json, send, ApiError, Auth, NO_BODY};

/// `POST /auth/login`. A 401 here is `invalid_credentials`, not an ended session.
pub async fn login(body: &LoginRequest) -> Result<LoginResponse, ApiError> {
    read_json(send(Method::POST, "/auth/login", Some(body), None, Auth::Anonymous).await?).await
}

/// `POST /auth/logout` with the token of the session being left.
pub async fn logout(token: String) -> Result<(), ApiError> {
    read_empty(send(Method::POST, "/auth/logout", NO_BODY, None, Auth::Token(token)).await?).await
}

/// `POST /auth/password`; on success the server has ended every session of the user.
pub async fn change_password(body: &ChangePassword) -> Result<(), ApiError> {
    read_empty(send(Method::POST, "/auth/password", Some(body), None, Auth::Session).await?).await
}

/// `GET /me`.
pub async fn me() -> Result<Me, ApiError> {
    get_json("/me").await
}
