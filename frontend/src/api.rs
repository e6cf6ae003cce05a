//! The one client of the JSON API under `/api/v1`.
//!
//! Every request is built by [`request`], so headers that all calls need (the
//! `Authorization: Bearer …` of a logged-in user, once there is login) are added in one place.
//! Every failure becomes an [`ApiError`] whose `message` is ready to show in Chinese.

use duban_shared::api::{ItemDetail, PlanDetail, PlanList};
use duban_shared::error::{ErrorBody, ErrorCode, FieldError};
use gloo_net::http::{Method, RequestBuilder, Response};
use serde::de::DeserializeOwned;

/// Where the API lives: same origin as the app.
pub const API_BASE: &str = "/api/v1";

/// Shown when the request never got an answer (server down, network cut).
pub const MSG_NETWORK: &str = "无法连接服务器，请检查网络后重试。";
/// Shown when the server answered with something that is not the JSON we expect.
pub const MSG_BAD_RESPONSE: &str = "服务器返回的数据无法识别，请稍后重试。";

/// A failed API call, as the UI needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status; 0 when no answer came.
    pub status: u16,
    /// The API's error code, when the server sent one (or the status implies one).
    pub code: Option<ErrorCode>,
    /// What to show the user, in Chinese.
    pub message: String,
    /// Field-level problems of a `validation` error.
    pub fields: Vec<FieldError>,
}

impl ApiError {
    fn network() -> Self {
        ApiError {
            status: 0,
            code: None,
            message: MSG_NETWORK.to_string(),
            fields: Vec::new(),
        }
    }

    fn bad_response(status: u16) -> Self {
        ApiError {
            status,
            code: None,
            message: MSG_BAD_RESPONSE.to_string(),
            fields: Vec::new(),
        }
    }

    fn from_code(status: u16, code: ErrorCode, fields: Vec<FieldError>) -> Self {
        ApiError {
            status,
            code: Some(code),
            message: code.message_zh().to_string(),
            fields,
        }
    }

    pub fn is_not_found(&self) -> bool {
        self.code == Some(ErrorCode::NotFound)
    }
}

/// The code a bare status stands for, when the body carries none (a proxy's error page).
fn code_for_status(status: u16) -> Option<ErrorCode> {
    Some(match status {
        400 => ErrorCode::BadRequest,
        401 => ErrorCode::Unauthenticated,
        403 => ErrorCode::Forbidden,
        404 => ErrorCode::NotFound,
        409 => ErrorCode::Conflict,
        412 => ErrorCode::PreconditionFailed,
        413 => ErrorCode::PayloadTooLarge,
        415 => ErrorCode::UnsupportedMediaType,
        422 => ErrorCode::Validation,
        428 => ErrorCode::PreconditionRequired,
        429 => ErrorCode::TooManyRequests,
        502..=504 => ErrorCode::Unavailable,
        500..=599 => ErrorCode::Internal,
        _ => return None,
    })
}

/// Starts every request to the API. Add the bearer token here once the app has login:
/// `builder.header("Authorization", &format!("Bearer {token}"))`.
fn request(method: Method, path: &str) -> RequestBuilder {
    RequestBuilder::new(&format!("{API_BASE}{path}"))
        .method(method)
        .header("Accept", "application/json")
}

async fn read_json<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    if response.ok() {
        return response
            .json::<T>()
            .await
            .map_err(|_| ApiError::bad_response(status));
    }
    let body = response.text().await.unwrap_or_default();
    if let Ok(ErrorBody { error }) = serde_json::from_str::<ErrorBody>(&body) {
        return Err(ApiError::from_code(status, error.code, error.fields));
    }
    Err(match code_for_status(status) {
        Some(code) => ApiError::from_code(status, code, Vec::new()),
        None => ApiError::bad_response(status),
    })
}

/// `GET {API_BASE}{path}` and decode the JSON answer.
pub async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let response = request(Method::GET, path)
        .send()
        .await
        .map_err(|_| ApiError::network())?;
    read_json(response).await
}

/// `GET /api/v1/plans`.
pub async fn plans() -> Result<PlanList, ApiError> {
    get_json("/plans").await
}

/// `GET /api/v1/plans/{year}`.
pub async fn plan(year: i32) -> Result<PlanDetail, ApiError> {
    get_json(&format!("/plans/{year}")).await
}

/// `GET /api/v1/items/{id}`.
pub async fn item(id: i32) -> Result<ItemDetail, ApiError> {
    get_json(&format!("/items/{id}")).await
}
