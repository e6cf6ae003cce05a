//! `GET /api/v1/items/{id}`.

use actix_web::{web, HttpResponse};
use duban_shared::permissions::Action;

use crate::db::items;
use crate::http::auth::Principal;
use crate::http::error::AppError;
use crate::http::policy::authorize;
use crate::http::state::AppState;

/// `?as_of=YYYY-MM-DD`: see the lights as they stood on that day (default: today).
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AsOfQuery {
    pub as_of: Option<chrono::NaiveDate>,
}

pub async fn show(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<i32>,
    query: web::Query<AsOfQuery>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let as_of = query.as_of.unwrap_or_else(|| state.today());
    let item = state
        .db(move |conn| {
            let plan_id = items::plan_of(conn, id)?.ok_or_else(|| AppError::not_found("item"))?;
            authorize(&principal, Action::ReadPlan { plan_id })?;
            items::find(conn, id, as_of)?.ok_or_else(|| AppError::not_found("item"))
        })
        .await?;
    Ok(HttpResponse::Ok().json(item))
}
