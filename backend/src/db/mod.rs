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
use diesel::r2d2::{ConnectionManager, Pool, PooledConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

pub type PgPool = Pool<ConnectionManager<PgConnection>>;
pub type PgConn = PooledConnection<ConnectionManager<PgConnection>>;

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
    let manager = ConnectionManager::<PgConnection>::new(url);
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
