//! Uploaded files (evidence, answers' attachments, inspection photos): the raw bytes as the
//! body, the name in `?name=`. One check for all: the name, the kind by its extension, the
//! size while reading, and the first bytes against the kind the name claims.

use actix_web::web;
use duban_shared::error::{ErrorCode, Refusal};
use duban_shared::rules;
use sha2::{Digest, Sha256};

use super::error::AppError;

/// A file that passed every check.
pub struct Upload {
    pub name: String,
    pub content_type: &'static str,
    pub sha256: String,
    pub bytes: Vec<u8>,
}

/// What a route accepts: the content type for a name, and the largest size.
pub struct Accepts {
    pub kind: fn(&str) -> Option<&'static str>,
    /// Said when the kind is refused: "allowed: jpg, png".
    pub allowed: &'static str,
    pub max_bytes: usize,
}

/// Reads and checks an upload. Call it only after the caller is authorized: the body may
/// be large, and an outsider must not learn what was wrong with it.
pub async fn read(payload: web::Payload, name: &str, accepts: &Accepts) -> Result<Upload, AppError> {
    let name = name.trim().to_string();
    if let Some(problem) = rules::evidence::file_name_problem(&name) {
        return Err(Refusal::from(problem).into());
    }
    let content_type =
        (accepts.kind)(&name).ok_or_else(|| AppError::new(ErrorCode::UnsupportedMediaType, accepts.allowed))?;
    let bytes = read_limited(payload, accepts.max_bytes).await?;
    rules::evidence::content(bytes.len())?;
    if !content_matches(content_type, &bytes) {
        return Err(AppError::new(
            ErrorCode::UnsupportedMediaType,
            "the file's content does not match its name",
        ));
    }
    Ok(Upload {
        sha256: hex::encode(Sha256::digest(&bytes)),
        name,
        content_type,
        bytes: bytes.to_vec(),
    })
}

/// The first bytes each allowed kind of file starts with: the name alone is not trusted.
fn content_matches(content_type: &str, bytes: &[u8]) -> bool {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    match content_type {
        "image/jpeg" => starts(&[0xFF, 0xD8, 0xFF]),
        "image/png" => starts(b"\x89PNG\r\n\x1a\n"),
        "application/pdf" => starts(b"%PDF-"),
        // OOXML and OFD are zip files; the old Office formats and WPS are OLE compound files.
        t if t.contains("openxmlformats") || t == "application/ofd" => starts(b"PK\x03\x04"),
        _ => starts(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
    }
}

/// The request body, refused with a JSON 413 as soon as it grows past `limit`.
async fn read_limited(mut payload: web::Payload, limit: usize) -> Result<web::BytesMut, AppError> {
    use futures_util::StreamExt;
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| AppError::bad_request(format!("upload interrupted: {e}")))?;
        if body.len() + chunk.len() > limit {
            return Err(AppError::new(
                ErrorCode::PayloadTooLarge,
                format!("files here are limited to {} MB", limit / (1024 * 1024)),
            ));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
