//! The one auth extractor. A handler that takes a [`Caller`] is reachable only with a
//! valid `Authorization: Bearer …`: a live session's JWT, or an API token.

use std::future::Future;
use std::pin::Pin;

use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use duban_shared::auth::Role;
use duban_shared::error::ErrorCode;
use duban_shared::ids::{PlanId, UnitId};
use duban_shared::permissions::Actor;
use uuid::Uuid;

use super::error::AppError;
use super::state::AppState;
use crate::auth::{api_token, jwt::TokenError};
use crate::db::item_statement::ItemRow;
use crate::db::{api_tokens, audit::AuditActor, users::UserRow};

/// Who is asking, resolved once by the auth extractor, in the three forms a handler needs:
/// what the permission rules see (`actor`), what the audit log records (`audit`), and the
/// account a write records as its author ([`Caller::user_id`]; an API token only reads).
#[derive(Debug, Clone)]
pub struct Caller {
    pub who: Who,
    pub actor: Actor,
    pub audit: AuditActor,
}

#[derive(Debug, Clone)]
pub enum Who {
    User(SessionUser),
    ApiToken(TokenHolder),
}

#[derive(Debug, Clone)]
pub struct SessionUser {
    pub user: UserRow,
    pub session_id: Uuid,
    pub ip: Option<String>,
}

#[derive(Debug, Clone)]
pub struct TokenHolder {
    pub id: i32,
    pub name: String,
    pub plan_id: Option<PlanId>,
    pub ip: Option<String>,
}

impl Caller {
    fn new(who: Who) -> Self {
        let (actor, audit) = match &who {
            Who::User(s) => (
                match (s.user.role(), s.user.unit_id) {
                    (Role::Admin, _) => Actor::Admin,
                    (Role::Leader, _) => Actor::Leader,
                    (Role::Deputy, _) => Actor::Deputy,
                    (Role::Unit, Some(unit_id)) => Actor::Unit {
                        unit_id: UnitId(unit_id),
                    },
                    // A unit user without a unit cannot exist (CHECK); treat as a leader: read only.
                    (Role::Unit, None) => Actor::Leader,
                },
                AuditActor {
                    user_id: Some(s.user.id),
                    label: s.user.username.clone(),
                    ip: s.ip.clone(),
                },
            ),
            Who::ApiToken(t) => (
                Actor::ApiToken { plan_id: t.plan_id },
                AuditActor {
                    user_id: None,
                    label: format!("token:{}", t.name),
                    ip: t.ip.clone(),
                },
            ),
        };
        Caller { who, actor, audit }
    }

    /// The signed-in user, or 403 for an API token.
    pub fn user(&self) -> Result<&SessionUser, AppError> {
        match &self.who {
            Who::User(s) => Ok(s),
            Who::ApiToken(_) => Err(AppError::new(ErrorCode::Forbidden, "API tokens are read-only")),
        }
    }

    /// The account a write records as created_by / updated_by (403 for an API token).
    pub fn user_id(&self) -> Result<i32, AppError> {
        Ok(self.user()?.user.id)
    }
}

/// The caller's address as the socket sees it (a proxy's X-Forwarded-For is not trusted).
pub fn client_ip(req: &HttpRequest) -> Option<String> {
    req.peer_addr().map(|a| a.ip().to_string())
}

fn bearer(req: &HttpRequest) -> Result<String, AppError> {
    let header = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .ok_or_else(|| AppError::new(ErrorCode::Unauthenticated, "sign in first"))?;
    let value = header
        .to_str()
        .map_err(|_| AppError::new(ErrorCode::Unauthenticated, "malformed Authorization header"))?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() => {
            Ok(token.trim().to_string())
        }
        _ => Err(AppError::new(ErrorCode::Unauthenticated, "expected a Bearer token")),
    }
}

impl FromRequest for Caller {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer(req);
        let ip = client_ip(req);
        let span = super::access_log::request_span(req);
        // Read when polled: by then every extractor of the handler has been made, and an
        // [`ItemAlongside`] among them has left its wish.
        let req = req.clone();
        Box::pin(async move {
            let state = state.ok_or_else(|| AppError::internal("AppState missing"))?;
            let caller = authenticate(&state, token?, ip, &req).await?;
            super::access_log::record_caller(span, &caller);
            Ok(caller)
        })
    }
}

/// The caller behind a bearer token: an API token, or a live session's user.
async fn authenticate(
    state: &web::Data<AppState>,
    token: String,
    ip: Option<String>,
    req: &HttpRequest,
) -> Result<Caller, AppError> {
    // Taken out whatever happens: a wish left in the request would keep its handler waiting.
    let wish = req.extensions_mut().remove::<ItemWish>();
    if api_token::looks_like_api_token(&token) {
        let digest = api_token::digest(&token);
        let row = state
            .db_untracked(move |conn| Ok(api_tokens::use_token(conn, &digest)?))
            .await?;
        let row = row.ok_or_else(|| AppError::new(ErrorCode::Unauthenticated, "unknown or revoked API token"))?;
        return Ok(Caller::new(Who::ApiToken(TokenHolder {
            id: row.id,
            name: row.name,
            plan_id: row.plan_id.map(PlanId),
            ip,
        })));
    }
    let claims = state.jwt.verify(&token).map_err(|e| match e {
        TokenError::Expired => AppError::new(ErrorCode::TokenExpired, "the session has expired"),
        TokenError::Invalid => AppError::new(ErrorCode::Unauthenticated, "invalid token"),
    })?;
    let user_id: i32 = claims
        .sub
        .parse()
        .map_err(|_| AppError::new(ErrorCode::Unauthenticated, "invalid token"))?;
    let session_id = claims.sid;
    if let Some(user) = state.caches.session(session_id, user_id, chrono::Utc::now()) {
        return Ok(Caller::new(Who::User(SessionUser { user, session_id, ip })));
    }
    let generation = state.caches.accounts_generation();
    let ended = || AppError::new(ErrorCode::Unauthenticated, "the session has ended");
    let (user, expires_at) = match wish {
        None => state
            .read(async |reader| reader.live_user(session_id, user_id).await)
            .await?
            .ok_or_else(ended)?,
        Some(wish) => {
            let read = state
                .read(async |reader| reader.live_user_with_item(session_id, user_id, wish.item_id).await)
                .await?;
            let (user, expires_at, item) = read.ok_or_else(ended)?;
            // The handler has not run yet; it takes the row after its permission check.
            let _ = wish.answer.send(item);
            (user, expires_at)
        }
    };
    state.caches.keep_session(session_id, generation, &user, expires_at);
    Ok(Caller::new(Who::User(SessionUser { user, session_id, ip })))
}

/// One item's row, read in the statement that checks the caller's session when that check
/// goes to the database (with the read caches off, every request's does): one round trip
/// where there were two. A handler asks for it by taking an `ItemAlongside` after its
/// [`Caller`]. The row is only handed over; permission on it is the handler's, as for any
/// row it reads. `Some(None)`: read, and there is no such item. `None`: nothing was read
/// alongside (the caches live, an API token, or a session kept in memory), and the handler
/// reads the item itself.
pub struct ItemAlongside(pub Option<Option<ItemRow>>);

/// What an [`ItemAlongside`] leaves in the request for the caller's session check.
struct ItemWish {
    item_id: i32,
    answer: tokio::sync::oneshot::Sender<Option<ItemRow>>,
}

impl FromRequest for ItemAlongside {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let caches_off = req
            .app_data::<web::Data<AppState>>()
            .is_some_and(|state| !state.caches.generations().live());
        let id = req.match_info().get("id").and_then(|id| id.parse::<i32>().ok());
        let wanted = match id {
            // With the caches live, most answers come from memory: no read ahead of them.
            Some(item_id) if caches_off => {
                let (answer, row) = tokio::sync::oneshot::channel();
                req.extensions_mut().insert(ItemWish { item_id, answer });
                Some(row)
            }
            _ => None,
        };
        Box::pin(async move {
            // A check that did not take the wish drops it, and the row never comes.
            let row = match wanted {
                Some(row) => row.await.ok(),
                None => None,
            };
            Ok(ItemAlongside(row))
        })
    }
}
