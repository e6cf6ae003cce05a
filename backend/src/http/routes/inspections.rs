//! 实地督查: `POST /api/v1/items/{id}/inspections` (the office; 整改要求 become a
//! 督查通知书), `GET /api/v1/items/{id}/inspections`, `POST /api/v1/inspections/{id}/photos`
//! (images only), and `GET /api/v1/case-files/{id}` for any file of a case.

use actix_web::{web, HttpResponse};
use duban_shared::cases::{CaseFile, Grade, Inspection, InspectionList, NewInspection};
use duban_shared::ids::{ItemId, NoticeId};
use duban_shared::permissions::Action;
use duban_shared::rules;
use serde::Deserialize;

use super::exports::attachment;
use super::notices::{issue, save_file, Issue, PHOTOS};
use crate::db::audit::{self, Change};
use crate::db::case_files::{self, Owner};
use crate::db::inspections::{self, InspectionFilter};
use crate::db::{items, notices};
use crate::http::auth::Caller;
use crate::http::error::AppError;
use crate::http::input::Json;
use crate::http::policy::authorize;
use crate::http::route::ApiRoute;
use crate::http::state::AppState;
use crate::http::upload;

/// This file's routes (see [`crate::http::route`]).
pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::post(
            "/items/{id}/inspections",
            create,
            "inspections",
            "Record a 实地督查 (the office); 整改要求 become a 督查通知书",
        )
        .json::<Inspection>(201),
        ApiRoute::get(
            "/items/{id}/inspections",
            for_item,
            "inspections",
            "An item's inspections, the latest first",
        )
        .json::<InspectionList>(200),
        ApiRoute::post(
            "/inspections/{id}/photos",
            add_photo,
            "inspections",
            "Add a photo to an inspection (jpg or png, ≤ 10 MB)",
        )
        .json::<CaseFile>(201),
        ApiRoute::get(
            "/case-files/{id}",
            download,
            "inspections",
            "Download a case file (an answer's attachment or an inspection's photo)",
        )
        .file("application/octet-stream"),
    ]
}

fn read_case(ctx: &items::ItemContext) -> Action {
    Action::ReadCase {
        plan_id: ctx.plan_id,
        published: ctx.plan_published,
        unit_id: ctx.lead_unit_id,
    }
}

pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
    body: Json<NewInspection>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let today = state.today();
    let inspection = state
        .tx(move |conn| {
            let ctx = items::context(conn, id)?.ok_or_else(|| AppError::not_found("item"))?;
            let new = body.read(authorize(&caller, Action::SuperviseItem { plan_id: ctx.plan_id })?)?;
            let requirements = new.requirements.as_deref().map(str::trim).filter(|r| !r.is_empty());
            rules::inspections::record(
                new.inspected_on,
                &new.place,
                &new.inspectors,
                &new.findings,
                requirements,
                today,
            )?;
            if requirements.is_some() {
                rules::notices::issue("整改要求", new.answer_by, today)?;
            }
            let new_id = inspections::create(conn, id.get(), &new, caller.user_id()?)?;
            if let Some(r) = requirements {
                issue(
                    conn,
                    &caller,
                    &ctx,
                    Issue {
                        reason: &format!("实地督查（{}，{}）整改要求：{r}", new.inspected_on, new.place.trim()),
                        grade: new.grade.unwrap_or(Grade::Blue),
                        answer_by: new.answer_by,
                        instruction_id: None,
                        inspection_id: Some(new_id),
                    },
                    today,
                )?;
            }
            let dto = inspections::dto(conn, new_id)?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("record", "inspection", new_id, None, Some(&dto)),
            )?;
            Ok(dto)
        })
        .await?;
    Ok(HttpResponse::Created().json(inspection))
}

pub async fn for_item(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let list = state
        .db(move |conn| {
            let ctx = items::context(conn, id)?.ok_or_else(|| AppError::not_found("item"))?;
            authorize(&caller, read_case(&ctx))?;
            let filter = InspectionFilter {
                item_id: Some(id.get()),
                ..Default::default()
            };
            Ok(inspections::list(conn, filter)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(InspectionList { inspections: list }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PhotoQuery {
    /// The photo's file name (现场.jpg).
    pub name: String,
}

pub async fn add_photo(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
    query: web::Query<PhotoQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let checker = caller.clone();
    let supervise = move |conn: &mut diesel::PgConnection, caller: &Caller, lock: bool| -> Result<(), AppError> {
        let item = if lock {
            inspections::lock_item_of(conn, id)?
        } else {
            inspections::item_of(conn, id)?
        }
        .ok_or_else(|| AppError::not_found("inspection"))?;
        let ctx = items::context(conn, ItemId(item))?.ok_or_else(|| AppError::not_found("item"))?;
        authorize(caller, Action::SuperviseItem { plan_id: ctx.plan_id }).map(drop)
    };
    state.db(move |conn| supervise(conn, &checker, false)).await?;
    let file = upload::read(payload, &query.into_inner().name, &PHOTOS).await?;
    let saved = state
        .tx(move |conn| {
            supervise(conn, &caller, true)?;
            save_file(conn, &caller, Owner::Inspection(id), &file)
        })
        .await?;
    Ok(HttpResponse::Created().json(saved))
}

/// A file of a case, to those who may read the case.
pub async fn download(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let (meta, bytes) = state
        .db(move |conn| {
            let (owner, meta, bytes) = case_files::content(conn, id)?.ok_or_else(|| AppError::not_found("file"))?;
            let item = match owner {
                Owner::Notice(n) => notices::find(conn, NoticeId(n))?.map(|n| n.item_id),
                Owner::Inspection(i) => inspections::item_of(conn, i)?,
            }
            .ok_or_else(|| AppError::not_found("file"))?;
            let ctx = items::context(conn, ItemId(item))?.ok_or_else(|| AppError::not_found("item"))?;
            authorize(&caller, read_case(&ctx))?;
            Ok((meta, bytes))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type(meta.content_type)
        .insert_header(attachment(&meta.file_name))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(bytes))
}
