//! Optimistic concurrency: every editable row has a version, sent as a strong ETag
//! (`"7"`). A write must say which version it edits with `If-Match`; a stale one gets 412
//! and changes nothing, so two people editing the same report never overwrite each other.
//!
//! The header is read when the request arrives but judged only by [`IfMatch::check`], which
//! the handler calls once it has authorized the caller against the row: someone who may not
//! touch the row hears 403, never 428 or 400 about a header they need not have sent.

use std::future::{ready, Ready};

use actix_web::http::header::{ETAG, IF_MATCH};
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use duban_shared::error::ErrorCode;
use serde::Serialize;

use super::error::AppError;

/// The version the client last saw, from `If-Match`, as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IfMatch(Sent);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sent {
    Missing,
    Malformed,
    Version(i32),
}

impl IfMatch {
    /// 428 when the header was not sent, 400 when it is not an ETag, 412 unless the row is
    /// still at the version the client edited.
    pub fn check(self, current: i32) -> Result<(), AppError> {
        match self.0 {
            Sent::Missing => Err(AppError::new(
                ErrorCode::PreconditionRequired,
                "send If-Match with the ETag of the version you edited",
            )),
            Sent::Malformed => Err(AppError::bad_request("If-Match must be an ETag such as \"3\"")),
            Sent::Version(v) if v == current => Ok(()),
            Sent::Version(v) => Err(AppError::new(
                ErrorCode::PreconditionFailed,
                format!("the record changed (now version {current}, you edited {v}); reload it"),
            )),
        }
    }
}

pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

fn parse(value: &str) -> Option<i32> {
    let v = value.trim();
    let v = v.strip_prefix("W/").unwrap_or(v);
    v.strip_prefix('"')?.strip_suffix('"')?.parse().ok()
}

impl FromRequest for IfMatch {
    type Error = AppError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let sent = match req.headers().get(IF_MATCH) {
            None => Sent::Missing,
            Some(h) => h.to_str().ok().and_then(parse).map_or(Sent::Malformed, Sent::Version),
        };
        ready(Ok(IfMatch(sent)))
    }
}

/// 200 with the body and its ETag.
pub fn with_etag<T: Serialize>(version: i32, body: &T) -> HttpResponse {
    HttpResponse::Ok().insert_header((ETAG, etag(version))).json(body)
}

/// 201 with the new row and its ETag, so the next edit can send If-Match at once.
pub fn created_with_etag<T: Serialize>(version: i32, body: &T) -> HttpResponse {
    HttpResponse::Created().insert_header((ETAG, etag(version))).json(body)
}

#[cfg(test)]
mod tests {
    #[test]
    fn etags_parse() {
        assert_eq!(super::parse("\"7\""), Some(7));
        assert_eq!(super::parse("W/\"7\""), Some(7));
        assert_eq!(super::parse("7"), None);
        assert_eq!(super::parse("*"), None);
    }
}
