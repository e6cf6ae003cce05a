//! `GET /api/v1/me`: who the caller is; `PUT /api/v1/me/email`: their own email address.

use actix_web::{web, HttpResponse};
use duban_shared::auth::{Me, User};
use duban_shared::messages::EmailInput;
use duban_shared::permissions::Action;

use crate::accounts;
use crate::http::input::Json;
use crate::http::policy::authorize;
use duban_shared::ids::ApiTokenId;

use crate::db::{api_tokens, users};
use crate::http::auth::{Caller, Who};
use crate::http::error::AppError;
use crate::http::route::ApiRoute;
use crate::http::state::AppState;

/// This file's routes (see [`crate::http::route`]).
pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::get("/me", show, "auth", "Who is asking").json::<Me>(200),
        ApiRoute::put(
            "/me/email",
            set_email,
            "auth",
            "Set or remove one's own email address (null removes it)",
        )
        .json::<User>(200),
    ]
}

/// A user changes the address their messages are also mailed to.
pub async fn set_email(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<EmailInput>,
) -> Result<HttpResponse, AppError> {
    let allowed = authorize(&caller, Action::ManageOwnAccount)?;
    let id = caller.user_id()?;
    let email = body.read(allowed)?.email;
    let user = state
        .db(move |conn| Ok(accounts::set_email(conn, &caller.audit, id, email.as_deref())?))
        .await?;
    state.caches.sessions_changed();
    Ok(HttpResponse::Ok().json(user))
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
