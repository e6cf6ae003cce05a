//! The message center, one's email address, the office's 一键催报 and the mail status.

use duban_shared::auth::User;
use duban_shared::messages::{EmailInput, MailStatus, MessagePage, ReminderRun};
use gloo_net::http::Method;

use super::client::{get_json, send_versioned, write_empty, ApiError, NO_BODY};

/// `GET /messages`: newest first, `limit` from before `before`.
pub async fn messages(before: Option<i64>, limit: i64) -> Result<MessagePage, ApiError> {
    let mut path = format!("/messages?limit={limit}");
    if let Some(b) = before {
        path.push_str(&format!("&before={b}"));
    }
    get_json(&path).await
}

/// `POST /messages/{id}/read`.
pub async fn mark_read(id: i64) -> Result<(), ApiError> {
    write_empty(Method::POST, &format!("/messages/{id}/read"), NO_BODY, None).await
}

/// `POST /messages/read-all`.
pub async fn mark_all_read() -> Result<(), ApiError> {
    write_empty(Method::POST, "/messages/read-all", NO_BODY, None).await
}

/// `PUT /me/email`.
pub async fn set_own_email(email: Option<String>) -> Result<User, ApiError> {
    send_versioned(Method::PUT, "/me/email", Some(&EmailInput { email }), None).await
}

/// `PUT /users/{id}/email`.
pub async fn set_user_email(id: i32, email: Option<String>) -> Result<User, ApiError> {
    send_versioned(
        Method::PUT,
        &format!("/users/{id}/email"),
        Some(&EmailInput { email }),
        None,
    )
    .await
}

/// `POST /plans/{year}/reminders` (一键催报).
pub async fn chase(year: i32) -> Result<ReminderRun, ApiError> {
    send_versioned(Method::POST, &format!("/plans/{year}/reminders"), NO_BODY, None).await
}

/// `GET /mail/status`.
pub async fn mail_status() -> Result<MailStatus, ApiError> {
    get_json("/mail/status").await
}
