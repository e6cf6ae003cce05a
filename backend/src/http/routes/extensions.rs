//! Extension requests: `POST /api/v1/milestones/{id}/extensions` (the lead unit, before the
//! due date), `GET /api/v1/extensions` (`?item=`, `?state=`), `POST /api/v1/extensions/{id}/decide`.

use actix_web::{web, HttpResponse};
use duban_shared::ids::{ExtensionId, ItemId, MilestoneId};
use duban_shared::permissions::Action;
use duban_shared::rules;
use duban_shared::supervision::{ExtensionDecision, ExtensionList, ExtensionState, NewExtensionRequest};
use serde::Deserialize;

use super::milestones::locked_with_item;
use crate::db::audit::{self, Change};
use crate::db::extensions::{self, ExtensionFilter};
use crate::db::{items, milestones, plans};
use crate::http::auth::Caller;
use crate::http::error::AppError;
use crate::http::input::Json;
use crate::http::policy::authorize;
use crate::http::route::ApiRoute;
use crate::http::state::AppState;
use crate::http::versioning::{with_etag, IfMatch};
use duban_shared::supervision::ExtensionRequest;

/// This file's routes (see [`crate::http::route`]).
pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::post(
            "/milestones/{id}/extensions",
            create,
            "milestones",
            "Ask for a later due date",
        )
        .json::<ExtensionRequest>(201),
        ApiRoute::get("/extensions", list, "milestones", "Extension requests").json::<ExtensionList>(200),
        ApiRoute::post(
            "/extensions/{id}/decide",
            decide,
            "milestones",
            "Approve or refuse an extension (If-Match)",
        )
        .json::<ExtensionRequest>(200),
    ]
}

pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<MilestoneId>,
    body: Json<NewExtensionRequest>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let today = state.today();
    let created = state
        .tx(move |conn| {
            let (m, ctx) = locked_with_item(conn, id)?;
            let new = body.read(authorize(&caller, ctx.work())?)?;
            rules::extensions::request(
                m.completed_on,
                m.due_date,
                new.requested_due,
                &new.reason,
                today,
                ctx.plan_year,
            )?;
            let row = extensions::create(
                conn,
                id,
                m.due_date,
                new.requested_due,
                new.reason.trim(),
                caller.user_id()?,
            )?;
            let dto = extensions::dto(conn, row)?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("request", "extension", dto.id, None, Some(&dto)),
            )?;
            Ok(dto)
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    pub item: Option<i32>,
    pub state: Option<String>,
}

pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let wanted = match &q.state {
        Some(s) => Some(ExtensionState::parse(s).ok_or_else(|| AppError::bad_request(format!("unknown state {s}")))?),
        None => None,
    };
    let list = state
        .db(move |conn| {
            let plan = match q.item {
                Some(item) => items::plan_of(conn, ItemId(item))?.ok_or_else(|| AppError::not_found("item"))?,
                None => plans::latest(conn)?
                    .ok_or_else(|| AppError::not_found("plan"))?
                    .plan_ref(),
            };
            authorize(&caller, plan.read())?;
            let filter = ExtensionFilter {
                item_id: q.item,
                state: wanted,
            };
            Ok(extensions::list(conn, &filter)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(ExtensionList { extensions: list }))
}

/// The office approves (the milestone's due date moves; the old one stays on record) or refuses.
pub async fn decide(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ExtensionId>,
    if_match: IfMatch,
    body: Json<ExtensionDecision>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let after = state
        .tx(move |conn| {
            let row = extensions::lock(conn, id)?.ok_or_else(|| AppError::not_found("extension request"))?;
            let (m, ctx) = locked_with_item(conn, MilestoneId(row.milestone_id))?;
            let decision = body.read(authorize(&caller, Action::SuperviseItem { plan_id: ctx.plan_id })?)?;
            if_match.check(row.version)?;
            rules::extensions::decide(row.state, decision.reason.as_deref())?;
            let before = extensions::dto(conn, row)?;
            let new_state = if decision.approve {
                ExtensionState::Approved
            } else {
                ExtensionState::Refused
            };
            let decided = extensions::decide(conn, id, new_state, decision.reason.as_deref(), caller.user_id()?)?;
            if decision.approve {
                let moved = milestones::move_due_date(conn, MilestoneId(m.id), before.requested_due)?;
                audit::record(
                    conn,
                    &caller.audit,
                    Change::of("extend", "milestone", m.id, Some(&m), Some(&moved)),
                )?;
            }
            let after = extensions::dto(conn, decided)?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("decide", "extension", id, Some(&before), Some(&after)),
            )?;
            Ok(after)
        })
        .await?;
    Ok(with_etag(after.version, &after))
}
