//! `POST /api/v1/auth/login`, `POST /api/v1/auth/logout`, `POST /api/v1/auth/password`.

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;
use duban_shared::auth::{ChangePassword, LoginRequest, LoginResponse};
use duban_shared::error::ErrorCode;
use duban_shared::permissions::Action;
use duban_shared::rules;
use serde_json::json;

use crate::accounts;
use crate::auth::password;
use crate::db::audit::{self, AuditActor, Change};
use crate::db::{login_throttle, sessions, users};
use crate::http::auth::{client_ip, Caller};
use crate::http::error::AppError;
use crate::http::input::Json;
use crate::http::policy::authorize;
use crate::http::route::ApiRoute;
use crate::http::state::AppState;

/// This file's routes (see [`crate::http::route`]).
pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::post("/auth/login", login, "auth", "Log in; answers a Bearer access token")
            .json::<LoginResponse>(200)
            .errors(&[
                (401, "Wrong username or password"),
                (
                    429,
                    "Too many failed logins from this client (for this account: growing waits) or this address; see Retry-After",
                ),
            ]),
        ApiRoute::post("/auth/logout", logout, "auth", "End this session").empty(204),
        ApiRoute::post(
            "/auth/password",
            change_password,
            "auth",
            "Change one's password (ends every session)",
        )
        .empty(204),
    ]
}

enum Outcome {
    Success(LoginResponse),
    Refused,
    /// Seconds to wait.
    Throttled(u64),
}

pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<LoginRequest>,
) -> Result<HttpResponse, AppError> {
    let LoginRequest {
        username,
        password: given,
    } = body.read_public()?;
    let username = username.trim().to_lowercase();
    let ip = client_ip(&req).unwrap_or_else(|| "unknown".into());
    let settings = state.settings.clone();
    let jwt = state.jwt.clone();
    let outcome = state
        .db(move |conn| {
            let recent = login_throttle::recent_failures(conn, &username, &ip, settings.login_window)?;
            if recent.by_ip >= settings.login_max_failures_per_ip {
                return Ok(Outcome::Throttled(settings.login_window.num_seconds().max(1) as u64));
            }
            let wait = rules::accounts::login_wait_seconds(recent.by_pair) as i64;
            if let Some(last) = recent.last_by_pair {
                let left = (last + chrono::Duration::seconds(wait) - Utc::now()).num_milliseconds();
                if left > 0 {
                    return Ok(Outcome::Throttled((left as u64).div_ceil(1000)));
                }
            }
            let user = users::find_by_username(conn, &username)?;
            let ok = match &user {
                Some(u) => password::verify(&given, &u.password_hash) && u.disabled_at.is_none(),
                None => {
                    password::verify_dummy(&given);
                    false
                }
            };
            use diesel::Connection;
            conn.transaction(|conn| {
                let actor = AuditActor {
                    user_id: user.as_ref().map(|u| u.id),
                    label: username.clone(),
                    ip: Some(ip.clone()),
                };
                let Some(user) = user.filter(|_| ok) else {
                    login_throttle::record_failure(conn, &username, &ip)?;
                    audit::record(
                        conn,
                        &actor,
                        Change {
                            action: "login_failed",
                            entity: "session",
                            entity_id: None,
                            before: None,
                            after: Some(json!({ "username": username })),
                        },
                    )?;
                    return Ok(Outcome::Refused);
                };
                login_throttle::clear_for_pair(conn, &username, &ip)?;
                let now = Utc::now();
                let expires_at = now + settings.token_ttl;
                let session_id = sessions::create(conn, user.id, expires_at, Some(&ip))?;
                audit::record(
                    conn,
                    &actor,
                    Change {
                        action: "login",
                        entity: "session",
                        entity_id: Some(session_id.to_string()),
                        before: None,
                        after: Some(json!({ "expires_at": expires_at })),
                    },
                )?;
                let token = jwt.issue(user.id, session_id, now.timestamp(), settings.token_ttl.num_seconds());
                Ok(Outcome::Success(LoginResponse {
                    access_token: token,
                    token_type: "Bearer".into(),
                    expires_in: settings.token_ttl.num_seconds(),
                    user: users::dto(conn, &user)?,
                }))
            })
        })
        .await?;
    match outcome {
        Outcome::Success(body) => Ok(HttpResponse::Ok().json(body)),
        // One message for unknown user, wrong password and disabled account alike.
        Outcome::Refused => Err(AppError::new(
            ErrorCode::InvalidCredentials,
            "wrong username or password",
        )),
        Outcome::Throttled(seconds) => Err(AppError::new(
            ErrorCode::TooManyRequests,
            format!("too many failed logins; try again in {seconds} s"),
        )
        .retry_after(seconds)),
    }
}

pub async fn logout(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, AppError> {
    authorize(&caller, Action::ManageOwnAccount)?;
    let me = caller.user()?.clone();
    state
        .tx(move |conn| {
            sessions::revoke(conn, me.session_id)?;
            audit::record(
                conn,
                &caller.audit,
                Change {
                    action: "logout",
                    entity: "session",
                    entity_id: Some(me.session_id.to_string()),
                    before: None,
                    after: None,
                },
            )?;
            Ok(())
        })
        .await?;
    state.caches.sessions_changed();
    Ok(HttpResponse::NoContent().finish())
}

/// Changing one's password ends every session of the account, this one included.
pub async fn change_password(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<ChangePassword>,
) -> Result<HttpResponse, AppError> {
    let allowed = authorize(&caller, Action::ManageOwnAccount)?;
    let me = caller.user()?.user.clone();
    let ChangePassword {
        current_password,
        new_password,
    } = body.read(allowed)?;
    rules::accounts::new_password(&current_password, &new_password)?;
    state
        .db(move |conn| {
            if !password::verify(&current_password, &me.password_hash) {
                return Err(AppError::invalid("current_password", "当前密码不正确"));
            }
            Ok(accounts::set_password(
                conn,
                &caller.audit,
                me.id,
                &new_password,
                "change_password",
            )?)
        })
        .await?;
    state.caches.sessions_changed();
    Ok(HttpResponse::NoContent().finish())
}
