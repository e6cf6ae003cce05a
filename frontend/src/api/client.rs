//! The one request path to the JSON API under `/api/v1`; the resource modules beside
//! this one build their calls on it.
//!
//! Every request goes through [`send`], which adds the logged-in user's
//! `Authorization: Bearer …` and, when the server answers 401 (`unauthenticated`,
//! `token_expired`), ends the session so that the app goes to the login page.
//! Every failure becomes an [`ApiError`] whose `message` is ready to show in Chinese.

use duban_shared::error::{ErrorBody, ErrorCode, ErrorDetail, FieldError};
use gloo_net::http::{Method, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::session::{self, EndReason};

/// Where the API lives: same origin as the app.
pub(super) const API_BASE: &str = "/api/v1";

/// Shown when the request never got an answer (server down, network cut).
const MSG_NETWORK: &str = "无法连接服务器，请检查网络后重试。";
/// Shown when the server answered with something that is not the JSON we expect.
const MSG_BAD_RESPONSE: &str = "服务器返回的数据无法识别，请稍后重试。";

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
    /// The server's own message, as it sent it (often English; Chinese where it explains a
    /// refusal to the office, e.g. why a plan cannot be published). Empty when none came.
    pub detail: String,
}

impl ApiError {
    fn network() -> Self {
        ApiError {
            status: 0,
            code: None,
            message: MSG_NETWORK.to_string(),
            fields: Vec::new(),
            detail: String::new(),
        }
    }

    fn bad_response(status: u16) -> Self {
        ApiError {
            status,
            code: None,
            message: MSG_BAD_RESPONSE.to_string(),
            fields: Vec::new(),
            detail: String::new(),
        }
    }

    fn from_code(status: u16, code: ErrorCode, fields: Vec<FieldError>) -> Self {
        ApiError {
            status,
            code: Some(code),
            message: code.message_zh().to_string(),
            fields,
            detail: String::new(),
        }
    }

    /// A "not found" the app itself decides on, with what was missing.
    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError {
            message: message.into(),
            ..Self::from_code(404, ErrorCode::NotFound, Vec::new())
        }
    }

    /// The error of an answer whose body is the API's error JSON.
    fn from_body(status: u16, error: ErrorDetail) -> Self {
        ApiError {
            detail: error.message,
            ..Self::from_code(status, error.code, error.fields)
        }
    }

    pub fn is_not_found(&self) -> bool {
        self.code == Some(ErrorCode::NotFound)
    }

    /// The server refused the session (or there was none): the app is on its way to the
    /// login page, so the page need not offer 重试.
    pub fn is_unauthorized(&self) -> bool {
        self.status == 401
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

/// Whose token a request carries.
pub(super) enum Auth {
    /// The current session's, when there is one; a 401 ends that session.
    Session,
    /// None (login).
    Anonymous,
    /// This one, and a 401 changes nothing here (logout, which has already ended the session).
    Token(String),
}

/// Starts every request to the API.
fn request(method: Method, path: &str) -> RequestBuilder {
    RequestBuilder::new(&format!("{API_BASE}{path}"))
        .method(method)
        .header("Accept", "application/json")
}

fn with_token(builder: RequestBuilder, token: &str) -> RequestBuilder {
    builder.header("Authorization", &format!("Bearer {token}"))
}

/// Sends one request (with a JSON body when `body` is given, and `If-Match` with `version`
/// when given) and hands back any answer that came; error answers are the caller's to read.
/// A session the server refuses (401) is ended here, so every caller gets that for free.
pub(super) async fn send(
    method: Method,
    path: &str,
    body: Option<&impl Serialize>,
    version: Option<i32>,
    auth: Auth,
) -> Result<Response, ApiError> {
    dispatch(method, path, version, auth, |builder| match body {
        Some(body) => builder.json(body),
        None => builder.build(),
    })
    .await
}

/// A request whose body is a chosen file as it is (`content_type`), with the session's token.
pub(super) async fn send_file(
    method: Method,
    path: &str,
    content_type: &str,
    file: web_sys::File,
) -> Result<Response, ApiError> {
    dispatch(method, path, None, Auth::Session, |builder| {
        builder
            .header("Content-Type", content_type)
            .body(wasm_bindgen::JsValue::from(file))
    })
    .await
}

thread_local! {
    /// The `Duban-Write-Token` of this tab's last write: every request sends it back as
    /// `Duban-Read-After`, so whichever server instance answers shows that write.
    static LAST_WRITE: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// What every request shares: `If-Match`, the token, reading after this tab's last write,
/// and ending a session the server refuses.
async fn dispatch(
    method: Method,
    path: &str,
    version: Option<i32>,
    auth: Auth,
    finish: impl FnOnce(RequestBuilder) -> Result<gloo_net::http::Request, gloo_net::Error>,
) -> Result<Response, ApiError> {
    let mut builder = request(method, path);
    if let Some(token) = LAST_WRITE.with_borrow(Clone::clone) {
        builder = builder.header("Duban-Read-After", &token);
    }
    if let Some(version) = version {
        builder = builder.header("If-Match", &format!("\"{version}\""));
    }
    let mut session_token = None;
    match auth {
        Auth::Session => {
            if let Some(session) = session::current() {
                if session.is_expired() {
                    // No point asking: the server would answer `token_expired`.
                    session::end_if_current(&session.access_token, EndReason::Expired);
                    return Err(ApiError::from_code(401, ErrorCode::TokenExpired, Vec::new()));
                }
                builder = with_token(builder, &session.access_token);
                session_token = Some(session.access_token.clone());
            }
        }
        Auth::Anonymous => {}
        Auth::Token(token) => builder = with_token(builder, &token),
    }
    let request = finish(builder).map_err(|_| ApiError::network())?;
    let response = request.send().await.map_err(|_| ApiError::network())?;
    if let Some(token) = response.headers().get("Duban-Write-Token") {
        LAST_WRITE.with_borrow_mut(|last| *last = Some(token));
    }
    if response.status() == 401 {
        let error = read_error(response).await;
        if let Some(token) = session_token {
            let reason = match error.code {
                Some(ErrorCode::TokenExpired) => EndReason::Expired,
                _ => EndReason::Invalidated,
            };
            session::end_if_current(&token, reason);
        }
        return Err(error);
    }
    Ok(response)
}

/// The [`ApiError`] an unsuccessful answer stands for.
async fn read_error(response: Response) -> ApiError {
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    error_from_text(status, &body)
}

pub(super) async fn read_json<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    if response.ok() {
        let text = response.text().await.map_err(|_| ApiError::bad_response(status))?;
        return from_json(&text).ok_or_else(|| ApiError::bad_response(status));
    }
    Err(read_error(response).await)
}

/// JSON text as a `T`, `None` when it is not JSON or not a `T`. The browser's `JSON.parse`
/// reads the text: a JSON parser of our own would be compiled into the bundle once for
/// every type read.
pub fn from_json<T: DeserializeOwned>(text: &str) -> Option<T> {
    let value = js_sys::JSON::parse(text).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}

/// For calls that answer 204 No Content.
pub(super) async fn read_empty(response: Response) -> Result<(), ApiError> {
    if response.ok() {
        Ok(())
    } else {
        Err(read_error(response).await)
    }
}

/// No body to send.
pub(super) const NO_BODY: Option<&()> = None;

/// `GET {API_BASE}{path}` and decode the JSON answer.
pub(super) async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    read_json(send(Method::GET, path, NO_BODY, None, Auth::Session).await?).await
}

/// A request with an optional JSON body and, for writes to an existing row, `If-Match` with
/// the version edited (a stale one gets 412 `precondition_failed`). Same session handling as
/// every other call: the Bearer token is added and a 401 ends the session.
pub(super) async fn send_versioned<T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: Option<&impl Serialize>,
    version: Option<i32>,
) -> Result<T, ApiError> {
    read_json(send(method, path, body, version, Auth::Session).await?).await
}

/// The [`ApiError`] of an answer obtained outside [`send`] (a download, an upload by
/// `XMLHttpRequest`): `status` and the body's text.
pub(super) fn error_from_text(status: u16, body: &str) -> ApiError {
    if status == 0 {
        return ApiError::network();
    }
    if let Some(ErrorBody { error }) = from_json::<ErrorBody>(body) {
        return ApiError::from_body(status, error);
    }
    match code_for_status(status) {
        Some(code) => ApiError::from_code(status, code, Vec::new()),
        None => ApiError::bad_response(status),
    }
}

// ---------- calls that answer 204, and files ----------

/// Like [`send_versioned`], for calls that answer 204 No Content.
pub(super) async fn write_empty(
    method: Method,
    path: &str,
    body: Option<&impl Serialize>,
    version: Option<i32>,
) -> Result<(), ApiError> {
    read_empty(send(method, path, body, version, Auth::Session).await?).await
}

/// `GET {API_BASE}{path}` as the session user, for a file (xlsx, docx, a print page): the
/// answer as it came, for the caller to turn into a blob.
pub(super) async fn get_file(path: &str) -> Result<Response, ApiError> {
    let response = send(Method::GET, path, NO_BODY, None, Auth::Session).await?;
    if response.ok() {
        Ok(response)
    } else {
        Err(read_error(response).await)
    }
}

/// `POST {new}` a new row, or with an existing row's (id, version) `PUT {row}/{id}` with `If-Match`.
pub(super) async fn create_or_update<T: DeserializeOwned>(
    new: &str,
    row: &str,
    existing: Option<(i32, i32)>,
    body: &impl Serialize,
) -> Result<T, ApiError> {
    match existing {
        Some((id, version)) => send_versioned(Method::PUT, &format!("{row}/{id}"), Some(body), Some(version)).await,
        None => send_versioned(Method::POST, new, Some(body), None).await,
    }
}
