//! An item: `GET /api/v1/items/{id}` for readers of its plan; `POST
//! /api/v1/plans/{year}/items`, `PUT|DELETE /api/v1/items/{id}` for the office's plan editor.

use std::collections::HashSet;

use actix_web::{web, HttpResponse};
use duban_shared::api::ItemDetail;
use duban_shared::ids::{CategoryId, ItemId, PlanId, PlanYear};
use duban_shared::permissions::Action;
use duban_shared::plan_edit::ItemInput;
use duban_shared::rules;

use crate::db::audit::{self, Change};
use crate::db::item_statement::ItemRow;
use crate::db::{categories, item_editor, items, plans, units};
use crate::http::auth::{Caller, ItemAlongside};
use crate::http::error::AppError;
use crate::http::input::Json;
use crate::http::policy::authorize;
use crate::http::read_cache::{cached_read_with, Answer, AnswerKey, ReadAfter};
use crate::http::route::ApiRoute;
use crate::http::state::AppState;
use crate::http::versioning::{created_with_etag, with_etag, IfMatch};

/// This file's routes (see [`crate::http::route`]).
pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::post(
            "/plans/{year}/items",
            create,
            "editor",
            "Add an item with its milestones and indicators",
        )
        .json::<ItemDetail>(201),
        ApiRoute::get(
            "/items/{id}",
            show,
            "plans",
            "An item with milestones, indicators and its light",
        )
        .json::<ItemDetail>(200),
        ApiRoute::put(
            "/items/{id}",
            update,
            "editor",
            "Edit an item whole: milestones and indicators by id are kept (If-Match)",
        )
        .json::<ItemDetail>(200),
        ApiRoute::delete(
            "/items/{id}",
            delete,
            "editor",
            "Remove an item no report or notice depends on (If-Match)",
        )
        .empty(204),
    ]
}

/// `?as_of=YYYY-MM-DD`: see the lights as they stood on that day (default: today).
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AsOfQuery {
    pub as_of: Option<chrono::NaiveDate>,
}

pub async fn show(
    state: web::Data<AppState>,
    caller: Caller,
    alongside: ItemAlongside,
    after: ReadAfter,
    id: web::Path<ItemId>,
    query: web::Query<AsOfQuery>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let as_of = query.as_of.unwrap_or_else(|| state.today());
    // The item answered from its row, permission checked on the plan the row names.
    let readable = |row: Option<ItemRow>| {
        let row = row.ok_or_else(|| AppError::not_found("item"))?;
        let (plan, item) = items::with_plan_of(row, as_of)?;
        authorize(&caller, plan.read())?;
        Ok::<_, AppError>((plan, item))
    };
    // Read with the caller's session (caches off): answered as read, never kept, since
    // the row was read before any cache generation was taken.
    if let ItemAlongside(Some(row)) = alongside {
        let (plan, item) = readable(row)?;
        return Ok(Answer::unkept(plan, &item)?.response());
    }
    // Read on this thread's connection (`db::reader`), before anything is answered or kept.
    cached_read_with(
        &state,
        AnswerKey::Item { id: id.get(), as_of },
        &caller,
        after,
        async || readable(state.read(async |reader| reader.item(id.get()).await).await?),
    )
    .await
}

/// `POST /api/v1/plans/{year}/items`: the office adds an item with its milestones and
/// indicators.
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    year: web::Path<PlanYear>,
    body: Json<ItemInput>,
) -> Result<HttpResponse, AppError> {
    let allowed = authorize(&caller, Action::Administer)?;
    let year = year.into_inner();
    let input = body.read(allowed)?;
    AppError::check(input.problems(year.get()))?;
    let today = state.today();
    let item = state
        .tx(move |conn| {
            let plan = plans::lock_by_year(conn, year)?.ok_or_else(|| AppError::not_found("plan"))?;
            check_references(conn, plan.plan_id(), None, &input)?;
            let id = item_editor::create(conn, plan.plan_id(), &input)?;
            let after = items::find(conn, ItemId(id), today)?.ok_or_else(|| AppError::not_found("item"))?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("create", "item", id, None, Some(&after)),
            )?;
            Ok(after)
        })
        .await?;
    Ok(created_with_etag(item.version, &item))
}

/// `PUT /api/v1/items/{id}`: the office edits an item whole (see `ItemInput`).
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
    if_match: IfMatch,
    body: Json<ItemInput>,
) -> Result<HttpResponse, AppError> {
    let allowed = authorize(&caller, Action::Administer)?;
    let id = id.into_inner();
    let input = body.read(allowed)?;
    let today = state.today();
    let item = state
        .tx(move |conn| {
            let (plan_id, version) = item_editor::lock(conn, id)?.ok_or_else(|| AppError::not_found("item"))?;
            if_match.check(version)?;
            let before = items::find(conn, id, today)?.ok_or_else(|| AppError::not_found("item"))?;
            AppError::check(input.problems(before.plan_year))?;
            check_references(conn, PlanId(plan_id), Some(&before), &input)?;
            item_editor::update(conn, id, &input)?;
            let after = items::find(conn, id, today)?.ok_or_else(|| AppError::not_found("item"))?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("update", "item", id, Some(&before), Some(&after)),
            )?;
            Ok(after)
        })
        .await?;
    Ok(with_etag(item.version, &item))
}

/// `DELETE /api/v1/items/{id}`: refused (409) once reports or notices exist for it.
pub async fn delete(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
    if_match: IfMatch,
) -> Result<HttpResponse, AppError> {
    authorize(&caller, Action::Administer)?;
    let id = id.into_inner();
    let today = state.today();
    state
        .tx(move |conn| {
            let (_, version) = item_editor::lock(conn, id)?.ok_or_else(|| AppError::not_found("item"))?;
            if_match.check(version)?;
            let before = items::find(conn, id, today)?;
            item_editor::delete(conn, id)?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("delete", "item", id, before.as_ref(), None),
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// What the item names, as the database knows it, checked by `rules::items::references`.
fn check_references(
    conn: &mut diesel::PgConnection,
    plan_id: PlanId,
    before: Option<&ItemDetail>,
    input: &ItemInput,
) -> Result<(), AppError> {
    let named: Vec<i32> = std::iter::once(input.lead_unit_id)
        .chain(input.co_unit_ids.iter().copied())
        .collect();
    let units: HashSet<i32> = units::existing_ids(conn, &named)?.into_iter().collect();
    let own_milestones: HashSet<i32> = before.iter().flat_map(|b| b.milestones.iter().map(|m| m.id)).collect();
    let own_indicators: HashSet<i32> = before.iter().flat_map(|b| b.indicators.iter().map(|i| i.id)).collect();
    let known = rules::items::Known {
        category_in_plan: categories::belongs_to(conn, CategoryId(input.category_id), plan_id)?,
        units: &units,
        own_milestones: &own_milestones,
        own_indicators: &own_indicators,
    };
    Ok(rules::items::references(input, &known)?)
}
