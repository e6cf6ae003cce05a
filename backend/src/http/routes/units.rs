//! `GET /api/v1/units`: the responsible units.

use actix_web::{web, HttpResponse};
use duban_shared::api::UnitList;
use duban_shared::permissions::Action;

use crate::db::items;
use crate::http::auth::Principal;
use crate::http::error::AppError;
use crate::http::policy::authorize;
use crate::http::state::AppState;

pub async fn list(state: web::Data<AppState>, principal: Principal) -> Result<HttpResponse, AppError> {
    authorize(&principal, Action::ReadDirectory)?;
    let units = state.db(|conn| Ok(items::list_units(conn)?)).await?;
    Ok(HttpResponse::Ok().json(UnitList { units }))
}
