//! Evidence files of a milestone: `POST /api/v1/milestones/{id}/evidence?name=…` (the raw
//! file as the body), `GET /api/v1/evidence/{id}` (download), `DELETE /api/v1/evidence/{id}`.

use actix_web::http::header::{Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue};
use actix_web::{web, HttpResponse};
use duban_shared::ids::{EvidenceId, ItemId, MilestoneId};
use duban_shared::rules;
use duban_shared::supervision::{evidence_type, EVIDENCE_MAX_BYTES};
use serde::Deserialize;

use super::milestones::{locked_with_item, with_item};
use crate::db::audit::{self, Change};
use crate::db::evidence::{self, NewEvidence};
use crate::db::{items, milestones};
use crate::http::auth::Caller;
use crate::http::error::AppError;
use crate::http::policy::authorize;
use crate::http::route::ApiRoute;
use crate::http::state::AppState;
use crate::http::upload::{self, Accepts};
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

/// Evidence: the documents and photos a unit shows its work with.
const EVIDENCE: Accepts = Accepts {
    kind: evidence_type,
    allowed: "allowed: jpg, png, pdf, doc(x), xls(x), ppt(x), wps, ofd",
    max_bytes: EVIDENCE_MAX_BYTES,
};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct UploadQuery {
    /// The file's name, with its extension (验收照片.jpg).
    pub name: String,
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
    let file = upload::read(payload, &query.into_inner().name, &EVIDENCE).await?;
    let saved = state
        .tx(move |conn| {
            let (_, ctx) = locked_with_item(conn, id)?;
            authorize(&caller, ctx.work())?;
            let saved = evidence::create(
                conn,
                &NewEvidence {
                    milestone_id: id.get(),
                    file_name: &file.name,
                    content_type: file.content_type,
                    sha256: &file.sha256,
                    content: &file.bytes,
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
