//! Listens to the database's change feed (migration 7): every committed change to the
//! plan and its work is announced on `duban_content`, every ended session or changed
//! account on `duban_accounts`. Each announcement bumps a generation counter; a cached
//! answer is good only while the generation it was read under is still current.
//!
//! While the listening connection is down nothing may be trusted, so [`Generations::live`]
//! is false and callers skip their caches until it is back; reconnecting retires everything.
//! A cut connection is noticed within one poll ([`POLL`]); one that silently stops answering,
//! at the next heartbeat. Changes committed in that moment may be served stale until then.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

pub const CONTENT: &str = "duban_content";
pub const ACCOUNTS: &str = "duban_accounts";
/// Tests announce `duban_sync` with a number and wait until the feed has heard it: every
/// change committed before it has then been heard too (announcements arrive in commit order).
pub const SYNC: &str = "duban_sync";

/// How the listening connection shows in `pg_stat_activity`.
pub const APPLICATION_NAME: &str = "duban change feed";

/// How often the listener looks for announcements (diesel offers no blocking wait).
const POLL: Duration = Duration::from_millis(2);
const RECONNECT: Duration = Duration::from_secs(1);
const HEARTBEAT: Duration = Duration::from_secs(5);

#[derive(Debug, Default)]
pub struct Generations {
    content: AtomicU64,
    accounts: AtomicU64,
    live: AtomicBool,
    synced: AtomicU64,
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
    }

    /// A session ended or an account changed: cached sessions are stale.
    pub fn bump_accounts(&self) {
        self.accounts.fetch_add(1, Ordering::AcqRel);
    }

    /// The highest `duban_sync` number heard.
    pub fn synced(&self) -> u64 {
        self.synced.load(Ordering::Acquire)
    }

    fn heard(&self, channel: &str, payload: &str) {
        match channel {
            CONTENT => self.bump_content(),
            ACCOUNTS => self.bump_accounts(),
            SYNC => {
                if let Ok(n) = payload.parse() {
                    self.synced.fetch_max(n, Ordering::AcqRel);
                }
            }
            _ => {}
        }
    }
}

/// Starts the listener thread for the database at `url`; it runs for the life of the process.
pub fn listen(url: String) -> Arc<Generations> {
    let gens = Arc::new(Generations::default());
    let feed = gens.clone();
    std::thread::Builder::new()
        .name("change-feed".into())
        .spawn(move || loop {
            match follow(&url, &feed) {
                Ok(never) => match never {},
                Err(e) => tracing::warn!(error = %e, "change feed lost; read caches are off until it is back"),
            }
            feed.live.store(false, Ordering::Release);
            feed.bump_all();
            std::thread::sleep(RECONNECT);
        })
        .expect("spawn the change-feed thread");
    gens
}

/// Listens until the connection fails; answers why.
fn follow(url: &str, gens: &Generations) -> Result<std::convert::Infallible, Box<dyn std::error::Error>> {
    let mut conn = PgConnection::establish(url)?;
    conn.batch_execute(&format!(
        "SET application_name = '{APPLICATION_NAME}'; LISTEN {CONTENT}; LISTEN {ACCOUNTS}; LISTEN {SYNC}"
    ))?;
    // Whatever changed before we listened is unknown: start from fresh generations.
    gens.bump_all();
    gens.live.store(true, Ordering::Release);
    let mut since_heartbeat = Duration::ZERO;
    loop {
        for n in conn.notifications_iter() {
            let n = n?;
            gens.heard(&n.channel, &n.payload);
        }
        std::thread::sleep(POLL);
        since_heartbeat += POLL;
        // A connection cut without a word is only noticed by using it.
        if since_heartbeat >= HEARTBEAT {
            conn.batch_execute("SELECT 1")?;
            since_heartbeat = Duration::ZERO;
        }
    }
}
