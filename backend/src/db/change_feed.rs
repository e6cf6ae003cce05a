//! Listens to the database's change feed (migrations 7, 17 and 19): every committed change
//! to a plan and its work is announced on `duban_content` as `<xid>:<scopes>`, each scope a
//! plan (`12`: the plan itself changed) or one item's work in a plan (`12/345`), or `*` (any
//! plan); every ended session or changed account on `duban_accounts`. Each announcement
//! bumps the generations of what it names (or of everything); a cached answer is good only
//! while the generations it was read under are still current. The xids heard let a
//! reader ask "has this instance heard of that write yet?" ([`Generations::seen`]).
//!
//! The listener waits on its connection (tokio-postgres delivers each notification as it
//! arrives; nothing polls). While the connection is down nothing may be trusted, so
//! [`Generations::live`] is false and callers skip their caches until it is back;
//! reconnecting retires everything. A cut connection is noticed at once; one that silently
//! stops answering, when the next heartbeat goes unanswered ([`HEARTBEAT`] plus
//! [`HEARTBEAT_TIMEOUT`], under 10 s). Changes committed in that moment may be served stale
//! until then.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const CONTENT: &str = "duban_content";
pub const ACCOUNTS: &str = "duban_accounts";
/// Tests announce `duban_sync` with a number and wait until the feed has heard it: every
/// change committed before it has then been heard too (announcements arrive in commit order).
pub const SYNC: &str = "duban_sync";
/// Each feed's heartbeat announces, on `duban_feed`, the oldest transaction still running
/// then: once a listener hears it, it has heard every commit of an older transaction.
pub const FEED: &str = "duban_feed";

/// How the listening connection shows in `pg_stat_activity`.
pub const APPLICATION_NAME: &str = "duban change feed";

const RECONNECT: Duration = Duration::from_secs(1);
/// How long the connection may be quiet before it is asked whether it is still there…
const HEARTBEAT: Duration = Duration::from_secs(4);
/// …and how long it has to answer.
const HEARTBEAT_TIMEOUT: Duration = Duration::from_secs(4);

#[derive(Debug, Default)]
pub struct Generations {
    /// Bumped when a change may touch any plan (and when the feed reconnects).
    content: AtomicU64,
    /// Per plan and item: bumped when a change names them.
    scopes: Mutex<Scopes>,
    /// Bumped at every change to any plan or to all of them.
    changes: AtomicU64,
    accounts: AtomicU64,
    live: AtomicBool,
    synced: AtomicU64,
    /// Every transaction with an xid below this has been heard of (or never committed).
    heard_below: AtomicU64,
    /// The xids heard at or above `heard_below`.
    heard: Mutex<HashSet<u64>>,
    /// Woken at each announcement, for writers waiting to hear their own.
    wake: tokio::sync::Notify,
}

#[derive(Debug, Default)]
struct Scopes {
    /// Bumped by every change in the plan: for answers that count all its items.
    plans: HashMap<i32, u64>,
    /// Bumped by a change to the plan itself (not to one item's work).
    plan_shapes: HashMap<i32, u64>,
    /// Bumped by a change to the item's work.
    items: HashMap<i32, u64>,
}

/// What a client that wrote asks its next read to include: its own transaction (`x<xid>`,
/// from a write in one transaction), or every transaction older than a point (`s<xid>`,
/// from a write that committed otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteToken {
    Transaction(u64),
    Before(u64),
}

impl WriteToken {
    pub fn parse(text: &str) -> Option<WriteToken> {
        let (kind, number) = text.split_at_checked(1)?;
        let number = number.parse().ok()?;
        match kind {
            "x" => Some(WriteToken::Transaction(number)),
            "s" => Some(WriteToken::Before(number)),
            _ => None,
        }
    }
}

impl std::fmt::Display for WriteToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteToken::Transaction(x) => write!(f, "x{x}"),
            WriteToken::Before(x) => write!(f, "s{x}"),
        }
    }
}

impl Generations {
    /// Counters that never become live (no listener): every cache stays empty.
    pub fn offline() -> Arc<Self> {
        Arc::new(Generations::default())
    }

    pub fn live(&self) -> bool {
        self.live.load(Ordering::Acquire)
    }

    pub fn content(&self) -> u64 {
        self.content.load(Ordering::Acquire)
    }

    /// How many changes have been heard of so far (any plan).
    pub fn changes(&self) -> u64 {
        self.changes.load(Ordering::Acquire)
    }

    /// The generation of the answers that count every item of a plan.
    pub fn plan(&self, plan_id: i32) -> u64 {
        let scopes = self.scopes.lock().expect("scopes lock");
        scopes.plans.get(&plan_id).copied().unwrap_or(0)
    }

    /// The generation of one item's answers: it moves with the item's work and with its
    /// plan itself, not with the plan's other items. (Both counts only grow, so their sum
    /// moves whenever either does.)
    pub fn item(&self, plan_id: i32, item_id: i32) -> u64 {
        let scopes = self.scopes.lock().expect("scopes lock");
        scopes.plan_shapes.get(&plan_id).copied().unwrap_or(0) + scopes.items.get(&item_id).copied().unwrap_or(0)
    }

    /// Whether this instance has heard of the write `token` stands for.
    pub fn seen(&self, token: WriteToken) -> bool {
        let below = self.heard_below.load(Ordering::Acquire);
        match token {
            WriteToken::Transaction(x) => x < below || self.heard.lock().expect("heard lock").contains(&x),
            WriteToken::Before(x) => x <= below,
        }
    }

    /// Waits until this instance has heard of `token`'s write, at most `limit`; answers
    /// whether it has.
    pub async fn wait_seen(&self, token: WriteToken, limit: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let woken = self.wake.notified();
            tokio::pin!(woken);
            woken.as_mut().enable();
            if self.seen(token) {
                return true;
            }
            if !self.live() || tokio::time::timeout_at(deadline, woken).await.is_err() {
                return false;
            }
        }
    }

    pub fn accounts(&self) -> u64 {
        self.accounts.load(Ordering::Acquire)
    }

    /// Something changed (or may have): every cached answer is stale.
    pub fn bump_all(&self) {
        self.bump_content();
        self.bump_accounts();
    }

    /// The plan or the work on it changed: cached answers are stale.
    pub fn bump_content(&self) {
        self.content.fetch_add(1, Ordering::AcqRel);
        self.changes.fetch_add(1, Ordering::AcqRel);
    }

    /// A session ended or an account changed: cached sessions are stale.
    pub fn bump_accounts(&self) {
        self.accounts.fetch_add(1, Ordering::AcqRel);
    }

    /// The highest `duban_sync` number heard.
    pub fn synced(&self) -> u64 {
        self.synced.load(Ordering::Acquire)
    }

    /// A change to the plan itself, or (`item`) to the work of one of its items.
    fn bump_scope(&self, plan_id: i32, item: Option<i32>) {
        let mut scopes = self.scopes.lock().expect("scopes lock");
        *scopes.plans.entry(plan_id).or_default() += 1;
        match item {
            Some(item_id) => *scopes.items.entry(item_id).or_default() += 1,
            None => *scopes.plan_shapes.entry(plan_id).or_default() += 1,
        }
        drop(scopes);
        self.changes.fetch_add(1, Ordering::AcqRel);
    }

    /// Every xid below `below` has been heard of: forget those kept one by one.
    fn heard_all_below(&self, below: u64) {
        if self.heard_below.fetch_max(below, Ordering::AcqRel) < below {
            self.heard.lock().expect("heard lock").retain(|&x| x >= below);
        }
    }

    /// `<xid>:<scopes>` (`12,13/345`), `<xid>:*` or `<xid>:`; anything else retires
    /// everything.
    fn heard_content(&self, payload: &str) {
        let Some((xid, scope)) = payload.split_once(':') else {
            return self.bump_content();
        };
        // Empty: a transaction naming itself, with nothing to retire.
        let scopes: Option<Vec<(i32, Option<i32>)>> = match scope {
            "*" => None,
            "" => Some(Vec::new()),
            _ => scope.split(',').map(parse_scope).collect(),
        };
        match scopes {
            Some(scopes) => scopes.into_iter().for_each(|(p, i)| self.bump_scope(p, i)),
            None => self.bump_content(),
        }
        // Only a transaction's own closing announcement (`<xid>:`, its last) says all of it
        // has been heard: one of several plan announcements does not.
        if scope.is_empty() {
            if let Ok(xid) = xid.parse::<u64>() {
                if xid >= self.heard_below.load(Ordering::Acquire) {
                    self.heard.lock().expect("heard lock").insert(xid);
                }
            }
        }
    }

    fn heard(&self, channel: &str, payload: &str) {
        match channel {
            CONTENT => self.heard_content(payload),
            FEED => {
                if let Ok(below) = payload.parse() {
                    self.heard_all_below(below);
                }
            }
            ACCOUNTS => self.bump_accounts(),
            SYNC => {
                if let Ok(n) = payload.parse() {
                    self.synced.fetch_max(n, Ordering::AcqRel);
                }
            }
            _ => {}
        }
        self.wake.notify_waiters();
    }
}

/// `12` (a plan) or `12/345` (an item's work in it).
fn parse_scope(text: &str) -> Option<(i32, Option<i32>)> {
    match text.split_once('/') {
        Some((plan, item)) => Some((plan.parse().ok()?, Some(item.parse().ok()?))),
        None => Some((text.parse().ok()?, None)),
    }
}

/// Announces the transaction `conn` is in (giving it an xid), as its last announcement, so
/// that a listener that hears it has heard all the transaction's changes, even when it
/// touched nothing cached; answers its xid.
pub fn announce_transaction(conn: &mut diesel::PgConnection) -> diesel::QueryResult<u64> {
    xid_of(conn, "announce_transaction()")
}

/// An xid above every transaction that has finished by now.
pub fn finished_below(conn: &mut diesel::PgConnection) -> diesel::QueryResult<u64> {
    xid_of(conn, "pg_snapshot_xmax(pg_current_snapshot())::text")
}

/// `SELECT <sql>` for an xid as text, read as a number (a statement kept prepared).
fn xid_of(conn: &mut diesel::PgConnection, sql: &'static str) -> diesel::QueryResult<u64> {
    use diesel::prelude::*;
    let xid: String = diesel::select(super::fixed_sql::fixed_sql::<diesel::sql_types::Text>(sql)).get_result(conn)?;
    xid.parse()
        .map_err(|e: std::num::ParseIntError| diesel::result::Error::DeserializationError(e.into()))
}

/// Starts the listener thread for the database at `url`; it runs for the life of the process.
pub fn listen(url: String) -> Arc<Generations> {
    let gens = Arc::new(Generations::default());
    let feed = gens.clone();
    std::thread::Builder::new()
        .name("change-feed".into())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime for the change feed");
            loop {
                let Err(e) = runtime.block_on(follow(&url, &feed));
                tracing::warn!(error = %e, "change feed lost; read caches are off until it is back");
                feed.live.store(false, Ordering::Release);
                feed.bump_all();
                feed.wake.notify_waiters();
                std::thread::sleep(RECONNECT);
            }
        })
        .expect("spawn the change-feed thread");
    gens
}

type Failure = Box<dyn std::error::Error + Send + Sync>;

/// Listens until the connection fails or stops answering; answers why.
async fn follow(url: &str, gens: &Arc<Generations>) -> Result<std::convert::Infallible, Failure> {
    let mut config: tokio_postgres::Config = url.parse()?;
    config
        .application_name(APPLICATION_NAME)
        .connect_timeout(HEARTBEAT_TIMEOUT)
        .keepalives(true)
        .keepalives_idle(HEARTBEAT);
    let (client, mut connection) = config.connect(tokio_postgres::NoTls).await?;
    // The connection hands over each notification as it arrives, in commit order.
    let heard = gens.clone();
    let mut reader = tokio::spawn(async move {
        loop {
            match std::future::poll_fn(|cx| connection.poll_message(cx)).await {
                Some(Ok(tokio_postgres::AsyncMessage::Notification(n))) => heard.heard(n.channel(), n.payload()),
                Some(Ok(_)) => {}
                Some(Err(e)) => return Failure::from(e),
                None => return Failure::from("the connection closed"),
            }
        }
    });
    client
        .batch_execute(&format!(
            "LISTEN {CONTENT}; LISTEN {ACCOUNTS}; LISTEN {SYNC}; LISTEN {FEED}"
        ))
        .await?;
    // Whatever changed before we listened is unknown: start from fresh generations; and
    // every transaction finished by now is as good as heard (what it wrote is read afresh).
    gens.bump_all();
    let below = client
        .query_one("SELECT pg_snapshot_xmin(pg_current_snapshot())::text", &[])
        .await?
        .get::<_, String>(0);
    gens.heard_all_below(below.parse()?);
    gens.live.store(true, Ordering::Release);
    let why = watch(&client, &mut reader).await;
    // A connection given up on (no answer) is dropped with its reader, not left to linger.
    reader.abort();
    Err(why)
}

/// Asks the connection whether it is still there whenever it has been quiet; answers why it
/// is not.
async fn watch(client: &tokio_postgres::Client, reader: &mut tokio::task::JoinHandle<Failure>) -> Failure {
    loop {
        tokio::select! {
            ended = &mut *reader => return ended.unwrap_or_else(|e| Failure::from(e.to_string())),
            () = tokio::time::sleep(HEARTBEAT) => {
                // A connection cut without a word is only noticed by using it. The heartbeat
                // also tells every listener which transactions are all finished by now.
                let announce = format!("SELECT pg_notify('{FEED}', pg_snapshot_xmin(pg_current_snapshot())::text)");
                match tokio::time::timeout(HEARTBEAT_TIMEOUT, client.simple_query(&announce)).await {
                    Ok(Ok(_)) => {}
                    Ok(Err(e)) => return e.into(),
                    Err(_) => return Failure::from("no answer to the heartbeat"),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_announcement_moves_that_item_and_its_plan_a_plan_announcement_every_item() {
        let gens = Generations::default();
        gens.heard_content("5:12/345,12/346");
        assert_eq!((gens.item(12, 345), gens.item(12, 346), gens.item(12, 347)), (1, 1, 0));
        assert_eq!(
            (gens.plan(12), gens.plan(13)),
            (2, 0),
            "the plan's counts move with each item"
        );
        gens.heard_content("6:12");
        assert_eq!((gens.item(12, 345), gens.item(12, 347), gens.plan(12)), (2, 1, 3));
        assert_eq!(gens.content(), 0);
        for unreadable in ["7:12/x", "7:/3", "7:1,,2", "nothing"] {
            let before = gens.content();
            gens.heard_content(unreadable);
            assert_eq!(gens.content(), before + 1, "{unreadable} retires everything");
        }
    }
}
