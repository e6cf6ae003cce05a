//! Accounts, for admins: `GET|POST /api/v1/users`, `POST /api/v1/users/{id}/disable`,
//! `POST /api/v1/users/{id}/password`, `PUT /api/v1/users/{id}/email`.

use actix_web::{web, HttpResponse};
use duban_shared::auth::{NewUser, ResetPassword, UserList};
use duban_shared::ids::UserId;
use duban_shared::messages::EmailInput;
use duban_shared::permissions::Action;

use crate::accounts;
use crate::db::users;
use crate::http::auth::Caller;
use crate::http::error::AppError;
use crate::http::input::Json;
use crate::http::policy::authorize;
use crate::http::route::ApiRoute;
use crate::http::state::AppState;
use duban_shared::auth::User;

/// This file's routes (see [`crate::http::route`]).
pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::get("/users", list, "admin", "Accounts").json::<UserList>(200),
        ApiRoute::post("/users", create, "admin", "Create an account").json::<User>(201),
        ApiRoute::post(
            "/users/{id}/disable",
            disable,
            "admin",
            "Disable an account (ends its sessions)",
        )
        .json::<User>(200),
        ApiRoute::post(
            "/users/{id}/password",
            reset_password,
            "admin",
            "Set an account's password (ends its sessions)",
        )
        .empty(204),
        ApiRoute::put(
            "/users/{id}/email",
            set_email,
            "admin",
            "Set or remove an account's email address (null removes it)",
        )
        .json::<User>(200),
    ]
}

/// The address messages are also mailed to.
pub async fn set_email(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<UserId>,
    body: Json<EmailInput>,
) -> Result<HttpResponse, AppError> {
    let allowed = authorize(&caller, Action::Administer)?;
    let id = id.into_inner();
    let email = body.read(allowed)?.email;
    let user = state
        .db(move |conn| Ok(accounts::set_email(conn, &caller.audit, id.get(), email.as_deref())?))
        .await?;
    state.caches.sessions_changed();
    Ok(HttpResponse::Ok().json(user))
}

pub async fn list(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, AppError> {
    authorize(&caller, Action::Administer)?;
    let users = state.db(|conn| Ok(users::list(conn)?)).await?;
    Ok(HttpResponse::Ok().json(UserList { users }))
}

pub async fn create(state: web::Data<AppState>, caller: Caller, body: Json<NewUser>) -> Result<HttpResponse, AppError> {
    let allowed = authorize(&caller, Action::Administer)?;
    let new = body.read(allowed)?;
    let user = state
        .db(move |conn| Ok(accounts::create_user(conn, &caller.audit, &new)?))
        .await?;
    Ok(HttpResponse::Created().json(user))
}

/// Disabling ends every session of the account at once.
pub async fn disable(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<UserId>,
) -> Result<HttpResponse, AppError> {
    authorize(&caller, Action::Administer)?;
    let id = id.into_inner();
    let user = state
        .db(move |conn| Ok(accounts::disable_user(conn, &caller.audit, id.get())?))
        .await?;
    state.caches.sessions_changed();
    Ok(HttpResponse::Ok().json(user))
}

/// An admin sets a new password; the account's sessions end.
pub async fn reset_password(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<UserId>,
    body: Json<ResetPassword>,
) -> Result<HttpResponse, AppError> {
    let allowed = authorize(&caller, Action::Administer)?;
    let id = id.into_inner();
    let new_password = body.read(allowed)?.new_password;
    state
        .db(move |conn| {
            Ok(accounts::set_password(
                conn,
                &caller.audit,
                id.get(),
                &new_password,
                "reset_password",
            )?)
        })
        .await?;
    state.caches.sessions_changed();
    Ok(HttpResponse::NoContent().finish())
}
