//! Conditional GET for the API: every 200 answer to a GET carries an ETag (the row version
//! where the handler set one, else a digest of the body), and `If-None-Match` with the same
//! tag gets 304 with no body. Answers are `Cache-Control: private, no-cache`: a browser may
//! keep them but must ask again, and no shared cache may keep them at all — unless the
//! handler set its own (the public plan is `public, max-age=300`).

use actix_web::body::{to_bytes, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderValue, CACHE_CONTROL, ETAG, IF_NONE_MATCH};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse};
use sha2::{Digest, Sha256};

fn matches(if_none_match: &str, etag: &str) -> bool {
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_string();
    if_none_match.trim() == "*" || if_none_match.split(',').any(|t| bare(t) == bare(etag))
}

pub async fn conditional_get(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let api_get = req.method() == Method::GET && req.path().starts_with("/api/");
    let if_none_match = req
        .headers()
        .get(IF_NONE_MATCH)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned);
    let res = next.call(req).await?;
    if !api_get || res.status() != StatusCode::OK {
        return Ok(res.map_into_boxed_body());
    }
    let (req, res) = res.into_parts();
    let (mut head, body) = res.into_parts();
    let bytes = to_bytes(body)
        .await
        .map_err(|_| actix_web::error::ErrorInternalServerError("response body"))?;
    let etag = match head.headers().get(ETAG).and_then(|h| h.to_str().ok()) {
        Some(tag) => tag.to_string(),
        None => body_etag(&bytes),
    };
    let headers = head.headers_mut();
    headers.insert(ETAG, HeaderValue::from_str(&etag).expect("hex is a valid header"));
    // A handler that says its answer is public (主动公开) keeps its own rule.
    if !headers.contains_key(CACHE_CONTROL) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    }
    if if_none_match.is_some_and(|inm| matches(&inm, &etag)) {
        let mut not_modified = HttpResponse::NotModified();
        for (name, value) in head.headers().iter() {
            not_modified.insert_header((name.clone(), value.clone()));
        }
        return Ok(ServiceResponse::new(req, not_modified.finish()));
    }
    Ok(ServiceResponse::new(req, head.set_body(bytes).map_into_boxed_body()))
}

/// The weak ETag of a JSON body: its digest, so equal answers carry equal tags.
pub fn body_etag(body: &[u8]) -> String {
    format!("W/\"{}\"", &hex::encode(Sha256::digest(body))[..32])
}

#[cfg(test)]
mod tests {
    #[test]
    fn tags_match_weakly() {
        assert!(super::matches("W/\"abc\"", "W/\"abc\""));
        assert!(super::matches("\"abc\"", "W/\"abc\""));
        assert!(super::matches("\"x\", W/\"abc\"", "W/\"abc\""));
        assert!(super::matches("*", "\"1\""));
        assert!(!super::matches("\"abd\"", "W/\"abc\""));
    }
}
