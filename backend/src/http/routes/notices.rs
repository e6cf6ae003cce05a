//! Supervision notices: `POST /api/v1/items/{id}/notices` (the office), `GET /api/v1/notices`
//! (`?item=`, `?unit=`, `?state=`), `POST /api/v1/notices/{id}/answer` (the item's unit),
//! `POST /api/v1/notices/{id}/close` (the office).

use actix_web::{web, HttpResponse};
use duban_shared::api::page_of;
use duban_shared::ids::{ItemId, NoticeId, UnitId};
use duban_shared::permissions::Action;
use duban_shared::rules;
use duban_shared::supervision::{NewNotice, NoticeAnswer, NoticeList, NoticeState};
use serde::Deserialize;

use crate::db::audit::{self, Change};
use crate::db::notices::{self, NoticeFilter, NoticeRow};
use crate::db::plans::PlanRef;
use crate::db::{items, plans, units};
use crate::http::auth::Caller;
use crate::http::error::AppError;
use crate::http::input::Json;
use crate::http::policy::authorize;
use crate::http::route::ApiRoute;
use crate::http::state::AppState;
use crate::http::versioning::{with_etag, IfMatch};
use duban_shared::supervision::Notice;

/// This file's routes (see [`crate::http::route`]).
pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::post("/items/{id}/notices", create, "notices", "Issue a supervision notice").json::<Notice>(201),
        ApiRoute::get("/notices", list, "notices", "Supervision notices; paginated").json::<NoticeList>(200),
        ApiRoute::post("/notices/{id}/answer", answer, "notices", "Answer a notice (If-Match)").json::<Notice>(200),
        ApiRoute::post(
            "/notices/{id}/close",
            close,
            "notices",
            "Close an answered notice (If-Match)",
        )
        .json::<Notice>(200),
    ]
}

pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
    body: Json<NewNotice>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let today = state.today();
    let notice = state
        .tx(move |conn| {
            let ctx = items::context(conn, id)?.ok_or_else(|| AppError::not_found("item"))?;
            let new = body.read(authorize(&caller, Action::SuperviseItem { plan_id: ctx.plan_id })?)?;
            rules::notices::issue(&new.reason, new.answer_by, today)?;
            let row = notices::create(
                conn,
                id,
                ctx.lead_unit_id,
                new.reason.trim(),
                new.answer_by,
                caller.user_id()?,
            )?;
            let dto = notices::dto(conn, NoticeId(row.id), today)?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("issue", "notice", dto.id, None, Some(&dto)),
            )?;
            Ok(dto)
        })
        .await?;
    Ok(HttpResponse::Created().json(notice))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    pub item: Option<i32>,
    /// A unit's code or id.
    pub unit: Option<String>,
    pub state: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let wanted = match q.state.as_deref() {
        None => None,
        Some(s) => Some(NoticeState::parse(s).ok_or_else(|| AppError::bad_request(format!("unknown state {s}")))?),
    };
    let today = state.today();
    let (page, per_page) = (q.page, q.per_page);
    let notices = state
        .db(move |conn| {
            let plan = match q.item {
                Some(item) => items::plan_of(conn, ItemId(item))?.ok_or_else(|| AppError::not_found("item"))?,
                None => plans::latest(conn)?
                    .ok_or_else(|| AppError::not_found("plan"))?
                    .plan_ref(),
            };
            authorize(&caller, plan.read())?;
            let unit_id = match &q.unit {
                Some(u) => Some(
                    units::find_unit(conn, u)?
                        .ok_or_else(|| AppError::bad_request(format!("unknown unit {u}")))?
                        .id,
                ),
                None => None,
            };
            let filter = NoticeFilter {
                item_id: q.item,
                unit_id,
                state: wanted,
            };
            Ok(notices::list(conn, &filter, today)?)
        })
        .await?;
    let (notices, total, page, per_page) = page_of(notices, page, per_page).map_err(AppError::bad_request)?;
    Ok(HttpResponse::Ok().json(NoticeList {
        notices,
        total,
        page,
        per_page,
    }))
}

fn locked(conn: &mut diesel::PgConnection, id: NoticeId) -> Result<(NoticeRow, PlanRef), AppError> {
    let row = notices::lock(conn, id)?.ok_or_else(|| AppError::not_found("notice"))?;
    let plan = items::plan_of(conn, ItemId(row.item_id))?.ok_or_else(|| AppError::not_found("item"))?;
    Ok((row, plan))
}

/// The unit the notice was sent to answers it.
pub async fn answer(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<NoticeId>,
    if_match: IfMatch,
    body: Json<NoticeAnswer>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let today = state.today();
    let notice = state
        .tx(move |conn| {
            let (row, plan) = locked(conn, id)?;
            let allowed = authorize(
                &caller,
                Action::WorkOnItem {
                    plan_id: plan.id,
                    lead_unit_id: UnitId(row.unit_id),
                    published: plan.published,
                },
            )?;
            let text = body.read(allowed)?.answer;
            if_match.check(row.version)?;
            rules::notices::answer(row.state(), &text)?;
            let before = notices::dto(conn, id, today)?;
            notices::answer(conn, id, text.trim(), caller.user_id()?)?;
            let after = notices::dto(conn, id, today)?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("answer", "notice", id, Some(&before), Some(&after)),
            )?;
            Ok(after)
        })
        .await?;
    Ok(with_etag(notice.version, &notice))
}

pub async fn close(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<NoticeId>,
    if_match: IfMatch,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let today = state.today();
    let notice = state
        .tx(move |conn| {
            let (row, plan) = locked(conn, id)?;
            authorize(&caller, Action::SuperviseItem { plan_id: plan.id })?;
            if_match.check(row.version)?;
            rules::notices::close(row.state())?;
            let before = notices::dto(conn, id, today)?;
            notices::close(conn, id, caller.user_id()?)?;
            let after = notices::dto(conn, id, today)?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("close", "notice", id, Some(&before), Some(&after)),
            )?;
            Ok(after)
        })
        .await?;
    Ok(with_etag(notice.version, &notice))
}
