//! `GET /api/v1/items/{id}`.

use actix_web::{web, HttpResponse};
use duban_shared::permissions::Action;

use crate::db::items;
use crate::http::auth::Principal;
use crate::http::error::AppError;
use crate::http::policy::authorize;
use crate::http::state::AppState;

pub async fn show(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let item = state
        .db(move |conn| {
            let plan_id = items::plan_of(conn, id)?.ok_or_else(|| AppError::not_found("item"))?;
            authorize(&principal, Action::ReadPlan { plan_id })?;
            items::find(conn, id)?.ok_or_else(|| AppError::not_found("item"))
        })
        .await?;
    Ok(HttpResponse::Ok().json(item))
}
