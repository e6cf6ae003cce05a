//! Evidence files of a milestone: `POST /api/v1/milestones/{id}/evidence?name=…` (the raw
//! file as the body), `GET /api/v1/evidence/{id}` (download), `DELETE /api/v1/evidence/{id}`.

use actix_web::http::header::{Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue};
use actix_web::{web, HttpResponse};
use duban_shared::error::ErrorCode;
use duban_shared::error::Refusal;
use duban_shared::ids::{EvidenceId, ItemId, MilestoneId};
use duban_shared::rules;
use duban_shared::supervision::{evidence_type, EVIDENCE_MAX_BYTES};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::milestones::{locked_with_item, with_item};
use crate::db::audit::{self, Change};
use crate::db::evidence::{self, NewEvidence};
use crate::db::{items, milestones};
use crate::http::auth::Caller;
use crate::http::error::AppError;
use crate::http::policy::authorize;
use crate::http::route::ApiRoute;
use crate::http::state::AppState;
use duban_shared::supervision::Evidence;

/// This file's routes (see [`crate::http::route`]).
pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::post(
            "/milestones/{id}/evidence",
            upload,
            "milestones",
            "Upload an evidence file (the raw bytes; ≤ 20 MB)",
        )
        .json::<Evidence>(201),
        ApiRoute::get("/evidence/{id}", download, "milestones", "Download an evidence file")
            .file("application/octet-stream"),
        ApiRoute::delete(
            "/evidence/{id}",
            delete,
            "milestones",
            "Remove an evidence file of an open milestone",
        )
        .empty(204),
    ]
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct UploadQuery {
    /// The file's name, with its extension (验收照片.jpg).
    pub name: String,
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
                "evidence files are limited to 20 MB",
            ));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

pub async fn upload(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<MilestoneId>,
    query: web::Query<UploadQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    // Who may add to this milestone is settled before a byte of the (up to 20 MB) body is
    // read; the write below checks again under the row lock.
    let checker = caller.clone();
    state
        .db(move |conn| {
            let (_, ctx) = with_item(conn, id)?;
            authorize(&checker, ctx.work())
        })
        .await?;
    let name = query.into_inner().name.trim().to_string();
    if let Some(problem) = rules::evidence::file_name_problem(&name) {
        return Err(Refusal::from(problem).into());
    }
    let content_type = evidence_type(&name).ok_or_else(|| {
        AppError::new(
            ErrorCode::UnsupportedMediaType,
            "allowed: jpg, png, pdf, doc(x), xls(x), ppt(x), wps, ofd",
        )
    })?;
    let body = read_limited(payload, EVIDENCE_MAX_BYTES).await?;
    rules::evidence::content(body.len())?;
    if !content_matches(content_type, &body) {
        return Err(AppError::new(
            ErrorCode::UnsupportedMediaType,
            "the file's content does not match its name",
        ));
    }
    let sha = hex::encode(Sha256::digest(&body));
    let saved = state
        .tx(move |conn| {
            let (_, ctx) = locked_with_item(conn, id)?;
            authorize(&caller, ctx.work())?;
            let saved = evidence::create(
                conn,
                &NewEvidence {
                    milestone_id: id.get(),
                    file_name: &name,
                    content_type,
                    sha256: &sha,
                    content: &body,
                    uploaded_by: caller.user_id()?,
                },
            )?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("upload", "evidence", saved.id, None, Some(&saved)),
            )?;
            Ok(saved)
        })
        .await?;
    Ok(HttpResponse::Created().json(saved))
}

pub async fn download(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<EvidenceId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let (meta, bytes) = state
        .db(move |conn| {
            let (item_id, bytes) = evidence::content(conn, id)?.ok_or_else(|| AppError::not_found("evidence"))?;
            let plan = items::plan_of(conn, ItemId(item_id))?.ok_or_else(|| AppError::not_found("item"))?;
            authorize(&caller, plan.read())?;
            let meta = evidence::find(conn, id)?.ok_or_else(|| AppError::not_found("evidence"))?;
            Ok((meta, bytes))
        })
        .await?;
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![DispositionParam::FilenameExt(ExtendedValue {
            charset: Charset::Ext("UTF-8".into()),
            language_tag: None,
            value: meta.file_name.clone().into_bytes(),
        })],
    };
    Ok(HttpResponse::Ok()
        .content_type(meta.content_type)
        .insert_header(disposition)
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(bytes))
}

/// The lead unit removes a file it uploaded by mistake, while the milestone is open.
pub async fn delete(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<EvidenceId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    state
        .tx(move |conn| {
            let meta = evidence::find(conn, id)?.ok_or_else(|| AppError::not_found("evidence"))?;
            let (m, ctx) = locked_with_item(conn, MilestoneId(meta.milestone_id))?;
            authorize(&caller, ctx.work())?;
            rules::evidence::removable(m.completed_on)?;
            evidence::delete(conn, id)?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("delete", "evidence", id, Some(&meta), None),
            )?;
            let _ = milestones::find(conn, MilestoneId(meta.milestone_id))?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
