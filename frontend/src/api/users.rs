//! User accounts, as the office manages them.

use duban_shared::auth::{NewUser, ResetPassword, User, UserList};
use gloo_net::http::Method;

use super::client::{get_json, send_versioned, write_empty, ApiError, NO_BODY};

/// `GET /users`.
pub async fn users() -> Result<UserList, ApiError> {
    get_json("/users").await
}

/// `POST /users`.
pub async fn create_user(body: NewUser) -> Result<User, ApiError> {
    send_versioned(Method::POST, "/users", Some(&body), None).await
}

/// `POST /users/{id}/disable`.
pub async fn disable_user(id: i32) -> Result<User, ApiError> {
    send_versioned(Method::POST, &format!("/users/{id}/disable"), NO_BODY, None).await
}

/// `POST /users/{id}/password`.
pub async fn reset_password(id: i32, new_password: String) -> Result<(), ApiError> {
    write_empty(
        Method::POST,
        &format!("/users/{id}/password"),
        Some(&ResetPassword { new_password }),
        None,
    )
    .await
}
