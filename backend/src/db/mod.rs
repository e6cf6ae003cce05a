//! The data layer: diesel models and queries on PostgreSQL. Nothing here knows about HTTP;
//! functions take a connection and return rows or the shared DTOs.

pub mod api_tokens;
pub mod audit;
pub mod availability;
pub mod briefings;
pub mod case_files;
pub mod categories;
pub mod change_feed;
pub mod co_notes;
pub mod evaluations;
pub mod evidence;
pub mod extensions;
pub mod fixed_sql;
pub mod inspections;
pub mod instructions;
pub mod item_editor;
pub mod item_statement;
pub mod items;
pub mod lights;
pub mod login_throttle;
pub mod messages;
pub mod milestones;
pub mod notices;
pub mod outbox;
pub mod plans;
pub mod public;
pub mod reader;
pub mod reminders;
pub mod reports;
pub mod schema;
pub mod seed;
pub mod sessions;
pub mod stored;
pub mod summary;
pub mod units;
pub mod users;
pub mod year_end;

use diesel::pg::PgConnection;
use diesel::r2d2::{ConnectionManager, ManageConnection, Pool, PooledConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

pub type PgPool = Pool<Manager>;
pub type PgConn = PooledConnection<Manager>;

/// How long a connection that answered stays trusted without being asked again.
const TRUSTED_FOR: std::time::Duration = std::time::Duration::from_secs(1);

/// Hands out connections, checking each with `SELECT 1` on its way out of the pool only when
/// it has not answered for [`TRUSTED_FOR`]: on a busy server the check was one round trip
/// in three of an item read. A connection found dead while in use is marked
/// ([`Conn::found_dead`]) and never handed out again.
#[derive(Debug)]
pub struct Manager(ConnectionManager<PgConnection>);

/// A pooled connection and when it last answered.
pub struct Conn {
    conn: PgConnection,
    answered: std::time::Instant,
    dead: bool,
}

impl Conn {
    /// It stopped answering: the pool drops it when it comes back.
    pub fn found_dead(&mut self) {
        self.dead = true;
    }
}

impl std::ops::Deref for Conn {
    type Target = PgConnection;
    fn deref(&self) -> &PgConnection {
        &self.conn
    }
}

impl std::ops::DerefMut for Conn {
    fn deref_mut(&mut self) -> &mut PgConnection {
        &mut self.conn
    }
}

impl ManageConnection for Manager {
    type Connection = Conn;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<Conn, Self::Error> {
        Ok(Conn {
            conn: self.0.connect()?,
            answered: std::time::Instant::now(),
            dead: false,
        })
    }

    fn is_valid(&self, conn: &mut Conn) -> Result<(), Self::Error> {
        if conn.answered.elapsed() < TRUSTED_FOR {
            return Ok(());
        }
        self.0.is_valid(&mut conn.conn)?;
        conn.answered = std::time::Instant::now();
        Ok(())
    }

    fn has_broken(&self, conn: &mut Conn) -> bool {
        conn.dead || self.0.has_broken(&mut conn.conn)
    }
}

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations");

#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("cannot connect to PostgreSQL at {url}: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("database migration failed: {0}")]
    Migration(String),
}

/// A pool that has proved it can reach the database (fails in seconds, not at first request).
/// A request waits at most [`availability::CONNECTION_WAIT`] for a connection; the pool
/// opens the rest of its connections as load asks for them.
pub fn connect(url: &str, max_size: u32) -> Result<PgPool, SetupError> {
    let manager = Manager(ConnectionManager::<PgConnection>::new(url));
    Pool::builder()
        .max_size(max_size)
        .min_idle(Some(max_size.min(2)))
        .connection_timeout(availability::CONNECTION_WAIT)
        .build(manager)
        .map_err(|e| SetupError::Unreachable {
            url: redact(url),
            reason: e.to_string(),
        })
}

/// Applies every pending migration; returns the versions applied.
pub fn migrate(conn: &mut PgConnection) -> Result<Vec<String>, SetupError> {
    conn.run_pending_migrations(MIGRATIONS)
        .map(|v| v.iter().map(|m| m.to_string()).collect())
        .map_err(|e| SetupError::Migration(e.to_string()))
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.find(':') {
                Some(colon) => format!("{}{}:***{}", &url[..scheme + 3], &creds[..colon], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_are_redacted() {
        assert_eq!(super::redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(super::redact("postgres://h/db"), "postgres://h/db");
        assert_eq!(super::redact("postgres://u@h/db"), "postgres://u@h/db");
    }
}
