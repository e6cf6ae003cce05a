//! Where every text, number and date sent to the API passes: the JSON body extractor
//! [`Json`] and the [`screen`] middleware for paths and query strings, both applying the
//! rules of `duban_shared::input`. Nothing refused here reaches PostgreSQL.
//!
//! A body is read and checked when the request arrives, but a handler gets it only with
//! the proof that it has authorized the caller ([`Authorized`]): an outsider hears 401/403,
//! never what was wrong with its body.

use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::CONTENT_LENGTH;
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, ResponseError};
use duban_shared::error::{ErrorCode, FieldError};
use duban_shared::input;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

use super::error::AppError;
use super::policy::Authorized;

/// Largest JSON body accepted anywhere (a monthly report is a few KB).
pub const JSON_LIMIT: usize = 256 * 1024;

/// A JSON body, held back until the handler has authorized the caller.
pub struct Json<T>(Result<T, AppError>);

impl<T> Json<T> {
    /// The body, for a caller that may do what it asks; else why the body is refused.
    pub fn read(self, _: Authorized) -> Result<T, AppError> {
        self.0
    }

    /// The body of a route anyone may call (signing in).
    pub fn read_public(self) -> Result<T, AppError> {
        self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = matches!(req.mime_type(), Ok(Some(m)) if m.subtype() == actix_web::mime::JSON || m.suffix() == Some(actix_web::mime::JSON));
        let declared: Option<usize> = req
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok());
        let payload = payload.take();
        Box::pin(async move {
            if !is_json {
                return Ok(Json(Err(AppError::new(
                    ErrorCode::UnsupportedMediaType,
                    "expected application/json",
                ))));
            }
            if declared.is_some_and(|n| n > JSON_LIMIT) {
                return Ok(Json(Err(too_large())));
            }
            Ok(Json(match read_limited(payload).await {
                Ok(bytes) => parse(&bytes),
                Err(e) => Err(e),
            }))
        })
    }
}

fn too_large() -> AppError {
    AppError::new(ErrorCode::PayloadTooLarge, format!("body over {JSON_LIMIT} bytes"))
}

/// Reads at most [`JSON_LIMIT`] bytes; a longer body is refused without reading the rest.
async fn read_limited(payload: Payload) -> Result<Vec<u8>, AppError> {
    read_at_most(payload, JSON_LIMIT).await
}

/// Reads at most `limit` bytes of a body; a longer one is refused (413) without reading the rest.
pub async fn read_at_most(mut payload: Payload, limit: usize) -> Result<Vec<u8>, AppError> {
    use futures_util::StreamExt;
    let mut body = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| AppError::bad_request(format!("body interrupted: {e}")))?;
        if body.len() + chunk.len() > limit {
            return Err(AppError::new(
                ErrorCode::PayloadTooLarge,
                format!("body over {limit} bytes"),
            ));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Syntax (400), then the text, number and date rules (422 naming each field), then the
/// shape the route expects (422).
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| AppError::new(ErrorCode::InvalidJson, e.to_string()))?;
    AppError::check(input::json_problems(&value))?;
    serde_json::from_value(value).map_err(|e| AppError::new(ErrorCode::Validation, e.to_string()))
}

/// Refuses a path or query string holding what no route accepts: control characters
/// anywhere, dates out of range and unreadable pairs in the query.
pub async fn screen(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<actix_web::body::EitherBody<impl MessageBody>>, actix_web::Error> {
    if let Err(e) = check_path_and_query(req.path(), req.query_string()) {
        let (req, _) = req.into_parts();
        return Ok(ServiceResponse::new(req, e.error_response()).map_into_right_body());
    }
    next.call(req).await.map(ServiceResponse::map_into_left_body)
}

fn check_path_and_query(path: &str, query: &str) -> Result<(), AppError> {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    if let Some(p) = input::text_problem(&decoded) {
        return Err(AppError::bad_request(format!("the path {}", p.message())));
    }
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query).map_err(|e| AppError::bad_request(format!("bad query string: {e}")))?;
    let problems = pairs
        .iter()
        .filter_map(|(key, value)| {
            let message = input::text_problem(key)
                .map(|p| p.message())
                .or_else(|| input::string_problem(value))?;
            Some(FieldError {
                field: key.chars().filter(|c| !c.is_control()).collect(),
                message,
            })
        })
        .collect();
    AppError::check(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_queries_are_screened() {
        assert!(check_path_and_query("/api/v1/items/5", "as_of=2024-06-30&name=%E9%AA%8C.pdf").is_ok());
        assert_eq!(
            check_path_and_query("/api/v1/units/a%00", "").unwrap_err().code,
            ErrorCode::BadRequest
        );
        let err = check_path_and_query("/api/v1/plans/2024/export.csv", "as_of=-9999-01-01").unwrap_err();
        assert_eq!(
            (err.code, err.fields[0].field.as_str()),
            (ErrorCode::Validation, "as_of")
        );
        let err = check_path_and_query("/x", "name=a%00.pdf").unwrap_err();
        assert_eq!(err.fields[0].field, "name");
    }

    #[test]
    fn bodies_are_screened_before_their_shape() {
        #[derive(serde::Deserialize, Debug)]
        struct Login {
            #[allow(dead_code)]
            username: String,
        }
        let err = parse::<Login>(br#"{"username":"a\u0000"}"#).unwrap_err();
        assert_eq!(
            (err.code, err.fields[0].field.as_str()),
            (ErrorCode::Validation, "username")
        );
        assert_eq!(parse::<Login>(b"{").unwrap_err().code, ErrorCode::InvalidJson);
        assert_eq!(
            parse::<Login>(b"{\"username\":1}").unwrap_err().code,
            ErrorCode::Validation
        );
        assert!(parse::<Login>(br#"{"username":"admin"}"#).is_ok());
    }
}
