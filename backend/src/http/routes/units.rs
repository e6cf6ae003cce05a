//! The unit directory: `GET /api/v1/units` for everyone signed in; `POST /api/v1/units`,
//! `PUT|DELETE /api/v1/units/{id}` for the office.

use actix_web::{web, HttpResponse};
use duban_shared::api::UnitList;
use duban_shared::ids::UnitId;
use duban_shared::permissions::Action;
use duban_shared::plan_edit::{UnitEntry, UnitInput};

use crate::db::audit::{self, Change};
use crate::db::units::{self, UnitRow};
use crate::http::auth::Caller;
use crate::http::error::AppError;
use crate::http::input::Json;
use crate::http::policy::authorize;
use crate::http::route::ApiRoute;
use crate::http::state::AppState;
use crate::http::versioning::{created_with_etag, with_etag, IfMatch};

/// This file's routes (see [`crate::http::route`]).
pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::get("/units", list, "plans", "The responsible units").json::<UnitList>(200),
        ApiRoute::post("/units", create, "editor", "Add a unit").json::<UnitEntry>(201),
        ApiRoute::put(
            "/units/{id}",
            update,
            "editor",
            "Rename a unit or change its code (If-Match)",
        )
        .json::<UnitEntry>(200),
        ApiRoute::delete(
            "/units/{id}",
            delete,
            "editor",
            "Remove a unit nothing names (If-Match)",
        )
        .empty(204),
    ]
}

pub async fn list(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, AppError> {
    authorize(&caller, Action::ReadDirectory)?;
    let units = state.db(|conn| Ok(units::list(conn)?)).await?;
    Ok(HttpResponse::Ok().json(UnitList { units }))
}

pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<UnitInput>,
) -> Result<HttpResponse, AppError> {
    let allowed = authorize(&caller, Action::Administer)?;
    let input = body.read(allowed)?;
    AppError::check(input.problems())?;
    let unit = state
        .tx(move |conn| {
            let unit = units::create(conn, &input)?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("create", "unit", unit.id, None, Some(&unit)),
            )?;
            entry(conn, UnitId(unit.id))
        })
        .await?;
    Ok(created_with_etag(unit.version, &unit))
}

fn entry(conn: &mut diesel::PgConnection, id: UnitId) -> Result<UnitEntry, AppError> {
    units::entry(conn, id)?.ok_or_else(|| AppError::not_found("unit"))
}

fn locked(conn: &mut diesel::PgConnection, id: UnitId, if_match: IfMatch) -> Result<UnitRow, AppError> {
    let unit = units::lock(conn, id)?.ok_or_else(|| AppError::not_found("unit"))?;
    if_match.check(unit.version)?;
    Ok(unit)
}

pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<UnitId>,
    if_match: IfMatch,
    body: Json<UnitInput>,
) -> Result<HttpResponse, AppError> {
    let allowed = authorize(&caller, Action::Administer)?;
    let id = id.into_inner();
    let input = body.read(allowed)?;
    AppError::check(input.problems())?;
    let unit = state
        .tx(move |conn| {
            let before = locked(conn, id, if_match)?;
            let after = units::update(conn, id, &input)?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("update", "unit", id, Some(&before), Some(&after)),
            )?;
            entry(conn, id)
        })
        .await?;
    Ok(with_etag(unit.version, &unit))
}

/// Only a unit nothing names (no items, co-items, notices or accounts) can go.
pub async fn delete(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<UnitId>,
    if_match: IfMatch,
) -> Result<HttpResponse, AppError> {
    authorize(&caller, Action::Administer)?;
    let id = id.into_inner();
    state
        .tx(move |conn| {
            let before = locked(conn, id, if_match)?;
            units::delete(conn, id).map_err(|e| AppError::in_use(e, "the unit"))?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("delete", "unit", id, Some(&before), None),
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
