//! `GET /api/v1/items/{id}`.

use actix_web::{get, web, HttpResponse};

use crate::db::items;
use crate::http::error::AppError;
use crate::http::state::AppState;

#[get("/items/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let item = state
        .db(move |conn| items::find(conn, id)?.ok_or_else(|| AppError::not_found("item")))
        .await?;
    Ok(HttpResponse::Ok().json(item))
}
