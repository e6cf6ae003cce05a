//! Read caches of one server instance, kept honest by the database's change feed
//! (`db::change_feed`): the hot answers (an item, a plan's summary) as serialized JSON, and
//! the sessions behind access tokens. An entry carries the generation it was read under and
//! is used only while that generation is current and the feed is live, so a committed change
//! anywhere (this instance, another one, the command line, plain SQL) retires it. This
//! instance also retires its own entries as soon as one of its writes answers (see
//! [`retire_after_writes`]), so a client always reads its own writes.
//!
//! Permission checks are not cached: each hit is authorized against the plan it belongs to.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{ContentType, HeaderValue, ETAG};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use actix_web::HttpResponse;
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::auth::Caller;
use super::error::AppError;
use super::policy::authorize;
use super::state::AppState;
use crate::db::change_feed::Generations;
use crate::db::plans::PlanRef;
use crate::db::users::UserRow;

/// Past this many bytes of answers, or this many sessions, a cache starts again from empty
/// (simple, and rare: the keys are items and plans times the days asked about).
const MAX_ANSWER_BYTES: usize = 64 << 20;
const MAX_SESSIONS: usize = 50_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnswerKey {
    Item { id: i32, as_of: NaiveDate },
    Plan { year: i32, as_of: NaiveDate },
    Summary { year: i32, as_of: NaiveDate },
}

/// A serialized 200 answer and the plan it belongs to (for the permission check).
#[derive(Debug, Clone)]
pub struct Answer {
    generation: u64,
    pub plan: PlanRef,
    body: Bytes,
    etag: HeaderValue,
}

impl Answer {
    pub fn response(&self) -> HttpResponse {
        HttpResponse::Ok()
            .insert_header(ContentType::json())
            .insert_header((ETAG, self.etag.clone()))
            .body(self.body.clone())
    }
}

#[derive(Default)]
struct Answers {
    map: HashMap<AnswerKey, Answer>,
    bytes: usize,
}

#[derive(Debug, Clone)]
struct CachedSession {
    generation: u64,
    user: UserRow,
    expires_at: DateTime<Utc>,
}

pub struct Caches {
    gens: Arc<Generations>,
    answers: Mutex<Answers>,
    sessions: Mutex<HashMap<Uuid, CachedSession>>,
    answer_hits: AtomicU64,
    answer_misses: AtomicU64,
}

impl Caches {
    pub fn new(gens: Arc<Generations>) -> Arc<Self> {
        Arc::new(Caches {
            gens,
            answers: Mutex::default(),
            sessions: Mutex::default(),
            answer_hits: AtomicU64::new(0),
            answer_misses: AtomicU64::new(0),
        })
    }

    /// Caches that never hold anything (no change feed to keep them honest).
    pub fn off() -> Arc<Self> {
        Self::new(Generations::offline())
    }

    pub fn generations(&self) -> &Generations {
        &self.gens
    }

    /// The generation to tag a load with: read it BEFORE loading, so a change committed
    /// during the load retires what the load found.
    pub fn content_generation(&self) -> u64 {
        self.gens.content()
    }

    pub fn accounts_generation(&self) -> u64 {
        self.gens.accounts()
    }

    pub fn answer(&self, key: &AnswerKey) -> Option<Answer> {
        let current = self.gens.content();
        let hit = if self.gens.live() {
            let answers = self.answers.lock().expect("answers lock");
            answers.map.get(key).filter(|a| a.generation == current).cloned()
        } else {
            None
        };
        let counter = if hit.is_some() {
            &self.answer_hits
        } else {
            &self.answer_misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        hit
    }

    /// (hits, misses) of the answer cache so far.
    pub fn answer_stats(&self) -> (u64, u64) {
        (
            self.answer_hits.load(Ordering::Relaxed),
            self.answer_misses.load(Ordering::Relaxed),
        )
    }

    /// Serializes `value` into an answer and keeps it when `generation` is still current.
    pub fn keep<T: serde::Serialize>(
        &self,
        key: AnswerKey,
        generation: u64,
        plan: PlanRef,
        value: &T,
    ) -> Result<Answer, AppError> {
        let body = Bytes::from(serde_json::to_vec(value).map_err(AppError::internal)?);
        let etag = super::conditional::body_etag(&body);
        let answer = Answer {
            generation,
            plan,
            body,
            etag: HeaderValue::from_str(&etag).map_err(AppError::internal)?,
        };
        if self.gens.live() && self.gens.content() == generation {
            let mut answers = self.answers.lock().expect("answers lock");
            if answers.bytes + answer.body.len() > MAX_ANSWER_BYTES {
                *answers = Answers::default();
            }
            answers.bytes += answer.body.len();
            if let Some(old) = answers.map.insert(key, answer.clone()) {
                answers.bytes -= old.body.len();
            }
        }
        Ok(answer)
    }

    /// This instance ended a session or changed an account: its cached sessions are stale now,
    /// before the change feed says so.
    pub fn sessions_changed(&self) {
        self.gens.bump_accounts();
    }

    /// The user of a live session, as last read from the database.
    pub fn session(&self, session_id: Uuid, user_id: i32, now: DateTime<Utc>) -> Option<UserRow> {
        if !self.gens.live() {
            return None;
        }
        let current = self.gens.accounts();
        let sessions = self.sessions.lock().expect("sessions lock");
        sessions
            .get(&session_id)
            .filter(|s| s.generation == current && s.user.id == user_id && s.expires_at > now)
            .map(|s| s.user.clone())
    }

    pub fn keep_session(&self, session_id: Uuid, generation: u64, user: &UserRow, expires_at: DateTime<Utc>) {
        if !(self.gens.live() && self.gens.accounts() == generation) {
            return;
        }
        let mut sessions = self.sessions.lock().expect("sessions lock");
        if sessions.len() >= MAX_SESSIONS {
            sessions.clear();
        }
        sessions.insert(
            session_id,
            CachedSession {
                generation,
                user: user.clone(),
                expires_at,
            },
        );
    }
}

/// Middleware: when a request that wrote has been answered, the answers this instance cached
/// are retired before the client hears back. The change feed would tell us too, a moment
/// later; this makes a client's next read see its own write without waiting for it.
/// Cached sessions stay: the handlers that end sessions or change accounts retire those
/// themselves ([`Caches::sessions_changed`]), so a unit's report does not send every
/// signed-in user back to the database.
/// A refused request (4xx, 5xx) rolled its transaction back, and signing in changes nothing
/// that is cached, so neither retires anything: nobody can keep the caches cold by sending
/// bad requests. (Were one ever to commit and still fail, the feed retires it anyway.)
pub async fn retire_after_writes(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let writes =
        !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) && req.path() != "/api/v1/auth/login";
    let state = writes
        .then(|| req.app_data::<actix_web::web::Data<AppState>>().cloned())
        .flatten();
    let res = next.call(req).await?;
    let refused = res.status().is_client_error() || res.status().is_server_error();
    if let Some(state) = state.filter(|_| !refused) {
        state.caches.generations().bump_content();
    }
    Ok(res)
}

/// A hot read through the cache. A hit is authorized against its plan and answered from
/// memory; a miss runs `load` on the blocking pool (it returns the plan and the answer, and
/// may refuse early itself) and keeps the result for the next caller.
pub async fn cached_read<T, F>(
    state: &AppState,
    key: AnswerKey,
    caller: &Caller,
    load: F,
) -> Result<HttpResponse, AppError>
where
    F: FnOnce(&mut diesel::PgConnection) -> Result<(PlanRef, T), AppError> + Send + 'static,
    T: serde::Serialize + Send + 'static,
{
    if let Some(hit) = state.caches.answer(&key) {
        authorize(caller, hit.plan.read())?;
        return Ok(hit.response());
    }
    let generation = state.caches.content_generation();
    let (plan, value) = state.db(load).await?;
    authorize(caller, plan.read())?;
    Ok(state.caches.keep(key, generation, plan, &value)?.response())
}
