//! Listens to the database's change feed (migration 7): every committed change to the
//! plan and its work is announced on `duban_content`, every ended session or changed
//! account on `duban_accounts`. Each announcement bumps a generation counter; a cached
//! answer is good only while the generation it was read under is still current.
//!
//! The listener waits on its connection (tokio-postgres delivers each notification as it
//! arrives; nothing polls). While the connection is down nothing may be trusted, so
//! [`Generations::live`] is false and callers skip their caches until it is back;
//! reconnecting retires everything. A cut connection is noticed at once; one that silently
//! stops answering, when the next heartbeat goes unanswered ([`HEARTBEAT`] plus
//! [`HEARTBEAT_TIMEOUT`], under 10 s). Changes committed in that moment may be served stale
//! until then.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

pub const CONTENT: &str = "duban_content";
pub const ACCOUNTS: &str = "duban_accounts";
/// Tests announce `duban_sync` with a number and wait until the feed has heard it: every
/// change committed before it has then been heard too (announcements arrive in commit order).
pub const SYNC: &str = "duban_sync";

/// How the listening connection shows in `pg_stat_activity`.
pub const APPLICATION_NAME: &str = "duban change feed";

const RECONNECT: Duration = Duration::from_secs(1);
/// How long the connection may be quiet before it is asked whether it is still there…
const HEARTBEAT: Duration = Duration::from_secs(4);
/// …and how long it has to answer.
const HEARTBEAT_TIMEOUT: Duration = Duration::from_secs(4);

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
        .batch_execute(&format!("LISTEN {CONTENT}; LISTEN {ACCOUNTS}; LISTEN {SYNC}"))
        .await?;
    // Whatever changed before we listened is unknown: start from fresh generations.
    gens.bump_all();
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
                // A connection cut without a word is only noticed by using it.
                match tokio::time::timeout(HEARTBEAT_TIMEOUT, client.simple_query("SELECT 1")).await {
                    Ok(Ok(_)) => {}
                    Ok(Err(e)) => return e.into(),
                    Err(_) => return Failure::from("no answer to the heartbeat"),
                }
            }
        }
    }
}
