//! Milestones: `POST /api/v1/milestones/{id}/complete` (the lead unit, with a date and a
//! note), `POST /api/v1/milestones/{id}/reopen` (the office, with a reason).

use actix_web::{web, HttpResponse};
use duban_shared::ids::{ItemId, MilestoneId};
use duban_shared::permissions::Action;
use duban_shared::rules;
use duban_shared::supervision::{CompleteMilestone, Reason};

use crate::db::audit::{self, Change};
use crate::db::items::{self, ItemContext, MilestoneRow};
use crate::db::milestones;
use crate::http::auth::Caller;
use crate::http::error::AppError;
use crate::http::input::Json;
use crate::http::policy::authorize;
use crate::http::route::ApiRoute;
use crate::http::state::AppState;
use crate::http::versioning::{with_etag, IfMatch};
use duban_shared::api::Milestone;

/// This file's routes (see [`crate::http::route`]).
pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::post(
            "/milestones/{id}/complete",
            complete,
            "milestones",
            "Mark a milestone complete (If-Match)",
        )
        .json::<Milestone>(200),
        ApiRoute::post(
            "/milestones/{id}/reopen",
            reopen,
            "milestones",
            "Reopen a milestone with a reason (If-Match)",
        )
        .json::<Milestone>(200),
    ]
}

/// The milestone (locked) and its item, or 404.
pub fn locked_with_item(
    conn: &mut diesel::PgConnection,
    id: MilestoneId,
) -> Result<(MilestoneRow, ItemContext), AppError> {
    let m = milestones::lock(conn, id)?;
    with_its_item(conn, m)
}

/// The milestone and its item, unlocked (to decide who may act before the real work), or 404.
pub fn with_item(conn: &mut diesel::PgConnection, id: MilestoneId) -> Result<(MilestoneRow, ItemContext), AppError> {
    let m = milestones::find(conn, id)?;
    with_its_item(conn, m)
}

fn with_its_item(
    conn: &mut diesel::PgConnection,
    m: Option<MilestoneRow>,
) -> Result<(MilestoneRow, ItemContext), AppError> {
    let m = m.ok_or_else(|| AppError::not_found("milestone"))?;
    let ctx = items::context(conn, ItemId(m.item_id))?.ok_or_else(|| AppError::not_found("item"))?;
    Ok((m, ctx))
}

pub async fn complete(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<MilestoneId>,
    if_match: IfMatch,
    body: Json<CompleteMilestone>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let today = state.today();
    let after = state
        .tx(move |conn| {
            let (m, ctx) = locked_with_item(conn, id)?;
            let CompleteMilestone { completed_on, note } = body.read(authorize(&caller, ctx.work())?)?;
            if_match.check(m.version)?;
            rules::milestones::complete(m.completed_on, completed_on, &note, today, ctx.plan_year)?;
            let after = milestones::complete(conn, id, completed_on, note.trim(), caller.user_id()?)?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("complete", "milestone", id, Some(&m), Some(&after)),
            )?;
            Ok(milestones::dto(conn, after)?)
        })
        .await?;
    Ok(with_etag(after.version, &after))
}

pub async fn reopen(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<MilestoneId>,
    if_match: IfMatch,
    body: Json<Reason>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let after = state
        .tx(move |conn| {
            let (m, ctx) = locked_with_item(conn, id)?;
            let reason = body
                .read(authorize(&caller, Action::SuperviseItem { plan_id: ctx.plan_id })?)?
                .reason;
            if_match.check(m.version)?;
            rules::milestones::reopen(m.completed_on, &reason)?;
            let after = milestones::reopen(conn, id, reason.trim())?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("reopen", "milestone", id, Some(&m), Some(&after)),
            )?;
            Ok(milestones::dto(conn, after)?)
        })
        .await?;
    Ok(with_etag(after.version, &after))
}
