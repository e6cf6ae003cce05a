//! The message center: `GET /api/v1/messages`, `POST /api/v1/messages/{id}/read`,
//! `POST /api/v1/messages/read-all`. A user reads and marks only their own; an API token
//! has no messages (403).

use actix_web::{web, HttpResponse};
use duban_shared::messages::MessagePage;
use duban_shared::permissions::Action;
use serde::Deserialize;

use crate::db::messages;
use crate::http::auth::Caller;
use crate::http::error::AppError;
use crate::http::policy::authorize;
use crate::http::route::ApiRoute;
use crate::http::state::AppState;

/// This file's routes (see [`crate::http::route`]).
pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::get(
            "/messages",
            list,
            "messages",
            "The signed-in user's messages, newest first, with the unread count",
        )
        .json::<MessagePage>(200),
        ApiRoute::post("/messages/{id}/read", read, "messages", "Mark one's own message read").empty(204),
        ApiRoute::post(
            "/messages/read-all",
            read_all,
            "messages",
            "Mark all one's messages read",
        )
        .empty(204),
    ]
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct MessageQuery {
    /// A message id: the page starts below it (`next_before` of the page before).
    pub before: Option<i64>,
    /// 1 to 200, default 50.
    pub limit: Option<i64>,
}

pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<MessageQuery>,
) -> Result<HttpResponse, AppError> {
    authorize(&caller, Action::ManageOwnAccount)?;
    let user_id = caller.user_id()?;
    let q = query.into_inner();
    let limit = q.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(AppError::invalid("limit", "每页条数应在1至200之间"));
    }
    let page = state
        .db(move |conn| Ok(messages::page(conn, user_id, q.before, limit)?))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

pub async fn read(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> Result<HttpResponse, AppError> {
    authorize(&caller, Action::ManageOwnAccount)?;
    let user_id = caller.user_id()?;
    let id = id.into_inner();
    // Another user's message is no more found than a missing one.
    let found = state
        .db(move |conn| Ok(messages::mark_read(conn, user_id, id)?))
        .await?;
    if !found {
        return Err(AppError::not_found("message"));
    }
    Ok(HttpResponse::NoContent().finish())
}

pub async fn read_all(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, AppError> {
    authorize(&caller, Action::ManageOwnAccount)?;
    let user_id = caller.user_id()?;
    state
        .db(move |conn| Ok(messages::mark_all_read(conn, user_id)?))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
