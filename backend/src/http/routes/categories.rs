//! A plan's categories, for the office: `POST /api/v1/plans/{year}/categories`,
//! `PUT|DELETE /api/v1/categories/{id}`.

use actix_web::{web, HttpResponse};
use duban_shared::ids::{CategoryId, PlanYear};
use duban_shared::permissions::Action;
use duban_shared::plan_edit::CategoryInput;

use crate::db::audit::{self, Change};
use crate::db::categories::{self, CategoryRow};
use crate::db::plans;
use crate::http::auth::Caller;
use crate::http::error::AppError;
use crate::http::input::Json;
use crate::http::policy::authorize;
use crate::http::route::ApiRoute;
use crate::http::state::AppState;
use crate::http::versioning::{created_with_etag, with_etag, IfMatch};
use duban_shared::plan_edit::Category;

/// This file's routes (see [`crate::http::route`]).
pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::post("/plans/{year}/categories", create, "editor", "Add a category").json::<Category>(201),
        ApiRoute::put("/categories/{id}", update, "editor", "Edit a category (If-Match)").json::<Category>(200),
        ApiRoute::delete(
            "/categories/{id}",
            delete,
            "editor",
            "Remove an empty category (If-Match)",
        )
        .empty(204),
    ]
}

pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    year: web::Path<PlanYear>,
    body: Json<CategoryInput>,
) -> Result<HttpResponse, AppError> {
    let allowed = authorize(&caller, Action::Administer)?;
    let year = year.into_inner();
    let input = body.read(allowed)?;
    AppError::check(input.problems())?;
    let category = state
        .tx(move |conn| {
            let plan = plans::lock_by_year(conn, year)?.ok_or_else(|| AppError::not_found("plan"))?;
            let row = categories::create(conn, plan.plan_id(), &input)?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("create", "category", row.id, None, Some(&row)),
            )?;
            Ok(row.dto(year.get()))
        })
        .await?;
    Ok(created_with_etag(category.version, &category))
}

fn locked(conn: &mut diesel::PgConnection, id: CategoryId, if_match: IfMatch) -> Result<(CategoryRow, i32), AppError> {
    let (row, year) = categories::lock(conn, id)?.ok_or_else(|| AppError::not_found("category"))?;
    if_match.check(row.version)?;
    Ok((row, year))
}

pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<CategoryId>,
    if_match: IfMatch,
    body: Json<CategoryInput>,
) -> Result<HttpResponse, AppError> {
    let allowed = authorize(&caller, Action::Administer)?;
    let id = id.into_inner();
    let input = body.read(allowed)?;
    AppError::check(input.problems())?;
    let category = state
        .tx(move |conn| {
            let (before, year) = locked(conn, id, if_match)?;
            let after = categories::update(conn, id, &input)?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("update", "category", id, Some(&before), Some(&after)),
            )?;
            Ok(after.dto(year))
        })
        .await?;
    Ok(with_etag(category.version, &category))
}

/// Only an empty category can go.
pub async fn delete(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<CategoryId>,
    if_match: IfMatch,
) -> Result<HttpResponse, AppError> {
    authorize(&caller, Action::Administer)?;
    let id = id.into_inner();
    state
        .tx(move |conn| {
            let (before, _) = locked(conn, id, if_match)?;
            categories::delete(conn, id).map_err(|e| AppError::in_use(e, "the category"))?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("delete", "category", id, Some(&before), None),
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
