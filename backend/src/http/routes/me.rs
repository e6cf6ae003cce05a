//! `GET /api/v1/me`: who the caller is.

use actix_web::{web, HttpResponse};
use duban_shared::auth::Me;
use duban_shared::ids::ApiTokenId;

use crate::db::{api_tokens, users};
use crate::http::auth::{Caller, Who};
use crate::http::error::AppError;
use crate::http::route::ApiRoute;
use crate::http::state::AppState;

/// This file's routes (see [`crate::http::route`]).
pub fn routes() -> Vec<ApiRoute> {
    vec![ApiRoute::get("/me", show, "auth", "Who is asking").json::<Me>(200)]
}

pub async fn show(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, AppError> {
    let me = state
        .db(move |conn| {
            Ok(match &caller.who {
                Who::User(s) => Me {
                    principal: "user".into(),
                    user: Some(users::dto(conn, &s.user)?),
                    api_token: None,
                },
                Who::ApiToken(t) => {
                    let row = api_tokens::find(conn, ApiTokenId(t.id))?.ok_or_else(|| AppError::not_found("token"))?;
                    Me {
                        principal: "api_token".into(),
                        user: None,
                        api_token: api_tokens::dtos(conn, vec![row])?.pop(),
                    }
                }
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(me))
}
