//! Read caches of one server instance, kept honest by the database's change feed
//! (`db::change_feed`): the hot answers (an item, a plan's summary) as serialized JSON, and
//! the sessions behind access tokens. An answer carries the generations it was read under
//! (its scope's, and the one for changes to any plan) and is used only while they are
//! current and the feed is live, so a committed change anywhere (this instance, another
//! one, the command line, plain SQL) retires the answers it may touch, and only those: a
//! report on one item retires that item's answer and its plan's summary and list, not the
//! answers of the plan's other items. A write answers once this instance has heard of it (see [`retire_after_writes`]),
//! and hands the client a token ([`WRITE_TOKEN`]) that its next read, on any instance,
//! sends back ([`READ_AFTER`]): an instance that has not heard of that write yet reads from
//! the database. So a client always reads its own writes.
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
use crate::db::change_feed::{Generations, WriteToken};
use crate::db::plans::PlanRef;
use crate::db::users::UserRow;

/// Past this many bytes of answers, or this many sessions, a cache starts again from empty
/// (simple, and rare: the keys are items and plans times the days asked about).
const MAX_ANSWER_BYTES: usize = 64 << 20;
const MAX_SESSIONS: usize = 50_000;
/// How long a write waits for this instance's feed to hear of it before retiring every
/// cached answer instead.
const HEAR_OWN_WRITE: std::time::Duration = std::time::Duration::from_secs(2);

/// The response header a write's token comes in…
pub const WRITE_TOKEN: &str = "duban-write-token";
/// …and the request header a later read sends it back in.
pub const READ_AFTER: &str = "duban-read-after";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnswerKey {
    Item { id: i32, as_of: NaiveDate },
    Plan { year: i32, as_of: NaiveDate },
    Summary { year: i32, as_of: NaiveDate },
}

impl AnswerKey {
    /// What the plan of the answer is known by before it is loaded.
    fn scope(&self) -> Scope {
        match *self {
            AnswerKey::Item { id, .. } => Scope::Item(id),
            AnswerKey::Plan { year, .. } | AnswerKey::Summary { year, .. } => Scope::Year(year),
        }
    }

    /// The generation the answer is good under, in its plan: an item's own, or (for the
    /// answers that count every item) the whole plan's.
    fn generation(&self, gens: &Generations, plan_id: i32) -> u64 {
        match *self {
            AnswerKey::Item { id, .. } => gens.item(plan_id, id),
            AnswerKey::Plan { .. } | AnswerKey::Summary { .. } => gens.plan(plan_id),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Scope {
    Item(i32),
    Year(i32),
}

/// The generations a load ran under, read before it started: a change committed during the
/// load then retires what it found.
#[derive(Debug, Clone, Copy)]
pub struct Stamp {
    any: u64,
    /// The plan the answer was expected to belong to (learnt from an earlier load) and the
    /// answer's generation in it.
    plan: Option<(i32, u64)>,
    /// Changes heard so far: a first load (plan not known yet) is kept only if none came
    /// while it ran.
    changes: u64,
}

/// A serialized 200 answer and the plan it belongs to (for the permission check).
#[derive(Debug, Clone)]
pub struct Answer {
    any: u64,
    /// Its generation in its plan ([`AnswerKey::generation`]).
    generation: u64,
    pub plan: PlanRef,
    body: Bytes,
    etag: HeaderValue,
}

impl Answer {
    /// `value`'s answer, serialized and tagged, belonging to no generation (never kept).
    pub fn unkept<T: serde::Serialize>(plan: PlanRef, value: &T) -> Result<Answer, AppError> {
        let body = Bytes::from(serde_json::to_vec(value).map_err(AppError::internal)?);
        let etag = super::conditional::body_etag(&body);
        Ok(Answer {
            any: 0,
            generation: 0,
            plan,
            body,
            etag: HeaderValue::from_str(&etag).map_err(AppError::internal)?,
        })
    }

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
    /// The plan each item and year was last loaded from.
    plans_of: Mutex<HashMap<Scope, i32>>,
    sessions: Mutex<HashMap<Uuid, CachedSession>>,
    answer_hits: AtomicU64,
    answer_misses: AtomicU64,
}

impl Caches {
    pub fn new(gens: Arc<Generations>) -> Arc<Self> {
        Arc::new(Caches {
            gens,
            answers: Mutex::default(),
            plans_of: Mutex::default(),
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

    /// The generations to tag a load of `key` with: read them BEFORE loading.
    pub fn stamp(&self, key: &AnswerKey) -> Stamp {
        let changes = self.gens.changes();
        let any = self.gens.content();
        let plan = self.plans_of.lock().expect("plans lock").get(&key.scope()).copied();
        Stamp {
            any,
            plan: plan.map(|p| (p, key.generation(&self.gens, p))),
            changes,
        }
    }

    pub fn accounts_generation(&self) -> u64 {
        self.gens.accounts()
    }

    pub fn answer(&self, key: &AnswerKey) -> Option<Answer> {
        let current = self.gens.content();
        let hit = if self.gens.live() {
            let answers = self.answers.lock().expect("answers lock");
            answers.map.get(key).cloned()
        } else {
            None
        };
        let hit = hit.filter(|a| a.any == current && a.generation == key.generation(&self.gens, a.plan.id.get()));
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

    /// Serializes `value` into an answer and keeps it when the generations of `stamp` are
    /// still current (and it was taken for this plan).
    pub fn keep<T: serde::Serialize>(
        &self,
        key: AnswerKey,
        stamp: Stamp,
        plan: PlanRef,
        value: &T,
    ) -> Result<Answer, AppError> {
        let plan_id = plan.id.get();
        // Its generation as of the load: from the stamp, or, when the stamp expected no plan
        // or another, read now and good only if nothing changed since the stamp.
        let generation = match stamp.plan {
            Some((p, g)) if p == plan_id => Some(g),
            _ => {
                self.plans_of.lock().expect("plans lock").insert(key.scope(), plan_id);
                let g = key.generation(&self.gens, plan_id);
                (self.gens.changes() == stamp.changes).then_some(g)
            }
        };
        let answer = Answer {
            any: stamp.any,
            generation: generation.unwrap_or(0),
            ..Answer::unkept(plan, value)?
        };
        let current = generation.is_some_and(|g| key.generation(&self.gens, plan_id) == g);
        if self.gens.live() && self.gens.content() == stamp.any && current {
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

tokio::task_local! {
    /// What the transactions of the write being answered were (see [`note_transaction`]).
    static WRITES: std::cell::RefCell<WriteLog>;
}

#[derive(Debug, Default)]
struct WriteLog {
    /// The xid of the last transaction [`crate::http::state::AppState::tx`] committed.
    last_transaction: Option<u64>,
    /// The request also used the database outside `tx` (it may have committed there).
    other: bool,
}

/// Whether the request being answered is a write whose transactions are noted.
pub fn tracking_writes() -> bool {
    WRITES.try_with(|_| ()).is_ok()
}

/// `tx` committed the transaction `xid` (none: it wrote nothing) for the request being answered.
pub fn note_transaction(xid: Option<u64>) {
    let _ = WRITES.try_with(|log| {
        let mut log = log.borrow_mut();
        if xid.is_some() {
            log.last_transaction = xid;
        }
    });
}

/// The request being answered used the database outside `tx`.
pub fn note_other_use() {
    let _ = WRITES.try_with(|log| log.borrow_mut().other = true);
}

/// Middleware: a request that wrote is answered once this instance has heard of its
/// transaction on the change feed (which retired the answers of the plans it touched), so
/// the client's next read here sees its write; the answer carries [`WRITE_TOKEN`] for reads
/// elsewhere. A write that committed outside one `tx` retires every answer here at once and
/// gets a token for everything finished by then. Cached sessions stay: the handlers that
/// end sessions or change accounts retire those themselves ([`Caches::sessions_changed`]),
/// so a unit's report does not send every signed-in user back to the database.
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
    let Some(state) = state else {
        return next.call(req).await;
    };
    let (res, log) = WRITES
        .scope(std::cell::RefCell::new(WriteLog::default()), async move {
            let res = next.call(req).await;
            (res, WRITES.with(|log| std::mem::take(&mut *log.borrow_mut())))
        })
        .await;
    let mut res = res?;
    if res.status().is_client_error() || res.status().is_server_error() {
        return Ok(res);
    }
    let gens = state.caches.generations();
    let token = match log {
        WriteLog {
            last_transaction: Some(xid),
            other: false,
        } => {
            let token = WriteToken::Transaction(xid);
            if !gens.wait_seen(token, HEAR_OWN_WRITE).await {
                tracing::warn!(%token, "a write went unheard on the change feed; every cached answer retired");
                gens.bump_content();
            }
            Some(token)
        }
        WriteLog {
            last_transaction: None,
            other: false,
        } => None,
        _ => {
            gens.bump_content();
            state
                .db(|conn| Ok(crate::db::change_feed::finished_below(conn)?))
                .await
                .ok()
                .map(WriteToken::Before)
        }
    };
    if let Some(value) = token.and_then(|t| HeaderValue::from_str(&t.to_string()).ok()) {
        res.headers_mut()
            .insert(actix_web::http::header::HeaderName::from_static(WRITE_TOKEN), value);
    }
    Ok(res)
}

/// The [`READ_AFTER`] token a request carries, if any (an unreadable one counts as none).
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadAfter(pub Option<WriteToken>);

impl actix_web::FromRequest for ReadAfter {
    type Error = std::convert::Infallible;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(req: &actix_web::HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let token = req
            .headers()
            .get(READ_AFTER)
            .and_then(|h| h.to_str().ok())
            .and_then(WriteToken::parse);
        std::future::ready(Ok(ReadAfter(token)))
    }
}

/// A hot read through the cache. A hit is authorized against its plan and answered from
/// memory; a miss runs `load` on the blocking pool (it returns the plan and the answer, and
/// may refuse early itself) and keeps the result for the next caller. A read after a write
/// this instance has not heard of yet goes to the database.
pub async fn cached_read<T, F>(
    state: &AppState,
    key: AnswerKey,
    caller: &Caller,
    after: ReadAfter,
    load: F,
) -> Result<HttpResponse, AppError>
where
    F: FnOnce(&mut diesel::PgConnection) -> Result<(PlanRef, T), AppError> + Send + 'static,
    T: serde::Serialize + Send + 'static,
{
    cached_read_with(state, key, caller, after, async || state.db(load).await).await
}

/// [`cached_read`] with the answer loaded by any reader, not only diesel's pool.
pub async fn cached_read_with<T: serde::Serialize>(
    state: &AppState,
    key: AnswerKey,
    caller: &Caller,
    after: ReadAfter,
    load: impl AsyncFnOnce() -> Result<(PlanRef, T), AppError>,
) -> Result<HttpResponse, AppError> {
    let gens = state.caches.generations();
    if after.0.is_some_and(|t| !gens.seen(t)) {
        let (plan, value) = load().await?;
        authorize(caller, plan.read())?;
        return Ok(HttpResponse::Ok().json(value));
    }
    if let Some(hit) = state.caches.answer(&key) {
        authorize(caller, hit.plan.read())?;
        return Ok(hit.response());
    }
    let stamp = state.caches.stamp(&key);
    let (plan, value) = load().await?;
    authorize(caller, plan.read())?;
    Ok(state.caches.keep(key, stamp, plan, &value)?.response())
}
