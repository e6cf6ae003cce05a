//! What every handler can reach: the database pool and the settings.

use actix_web::web;
use diesel::PgConnection;

use super::error::AppError;
use crate::auth::jwt::JwtKeys;
use crate::db::availability::{Availability, BUSY_WAIT};
use crate::db::reader::{ReadError, Reader};
use crate::db::PgPool;

#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
    pub jwt: JwtKeys,
    pub settings: Settings,
    /// Read caches kept honest by the database's change feed (see `read_cache`).
    pub caches: std::sync::Arc<super::read_cache::Caches>,
    /// Whether PostgreSQL answered lately (see [`Availability`]).
    pub availability: std::sync::Arc<Availability>,
    /// The session and item reads on the serving thread's own connection (see `db::reader`).
    pub reader: Reader,
}

#[derive(Debug, Clone)]
pub struct Settings {
    /// Lifetime of an access token (and its session).
    pub token_ttl: chrono::Duration,
    /// Failed logins from one address (any accounts) within `login_window` before 429. One
    /// client's guesses at one account are slowed by `rules::accounts::login_wait_seconds`.
    pub login_max_failures_per_ip: i64,
    pub login_window: chrono::Duration,
    /// Fixes "now" for the supervision rules (report periods, deadlines, lateness): for
    /// tests and demonstrations of a past year. Sign-in and sessions always use the real clock.
    pub now_override: Option<chrono::DateTime<chrono::Utc>>,
    /// The mail server email goes through (password hidden), when DUBAN_SMTP_URL is set.
    pub mail_server: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            token_ttl: chrono::Duration::hours(2),
            login_max_failures_per_ip: 30,
            login_window: chrono::Duration::minutes(15),
            now_override: None,
            mail_server: None,
        }
    }
}

impl AppState {
    /// "Now" as the supervision rules see it.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.settings.now_override.unwrap_or_else(chrono::Utc::now)
    }

    /// Today's calendar day in China (UTC+8): deadlines are China days.
    pub fn today(&self) -> chrono::NaiveDate {
        duban_shared::lights::china_date(self.now())
    }

    /// Runs blocking diesel work on the blocking pool, inside the request's tracing span
    /// (so its log lines carry the request id).
    pub async fn db<T, F>(&self, work: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut PgConnection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        // A write that commits here, not in one `tx`, cannot name its transaction.
        super::read_cache::note_other_use();
        self.db_untracked(work).await
    }

    /// Like [`db`](Self::db), for work that writes nothing a cached answer shows (the
    /// caller's sign-in checks): it does not count as a write outside `tx`.
    pub async fn db_untracked<T, F>(&self, work: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut PgConnection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        if self.availability.refuse_now() {
            return Err(AppError::unavailable("the database was unreachable a moment ago"));
        }
        let pool = self.pool.clone();
        let availability = self.availability.clone();
        let span = tracing::Span::current();
        web::block(move || {
            let _entered = span.enter();
            let mut conn = match pool.get() {
                Ok(conn) => conn,
                // Every connection open and in use: the database answers, the server is busy.
                Err(_) if pool.state().connections >= pool.max_size() => pool.get_timeout(BUSY_WAIT)?,
                Err(e) => {
                    availability.found_down();
                    return Err(e.into());
                }
            };
            let result = work(&mut conn);
            // A failure on a connection that no longer answers is the database going away
            // mid-request: 503, as for a request that found it gone.
            if let Err(e) = &result {
                if e.code.status() >= 500 && !alive(&mut conn) {
                    conn.found_dead();
                    availability.found_down();
                    return Err(AppError::unavailable("the database went away")
                        .caused_by(e.cause.as_deref().unwrap_or(&e.message)));
                }
            }
            availability.found_up();
            result
        })
        .await?
    }

    /// Runs a read of [`Reader`] on this thread, answered as [`db`](Self::db) answers: 503
    /// while the database is (or was just found) down. It writes nothing.
    pub async fn read<T>(&self, read: impl AsyncFnOnce(&Reader) -> Result<T, ReadError>) -> Result<T, AppError> {
        if self.availability.refuse_now() {
            return Err(AppError::unavailable("the database was unreachable a moment ago"));
        }
        match read(&self.reader).await {
            Ok(value) => {
                self.availability.found_up();
                Ok(value)
            }
            Err(ReadError::Unreachable(why)) => {
                self.availability.found_down();
                Err(AppError::unavailable("the database went away").caused_by(&why))
            }
            Err(e @ ReadError::BadRow(_)) => Err(AppError::internal(e)),
        }
    }

    /// Like [`db`](Self::db), in one transaction: an error rolls back every write.
    pub async fn tx<T, F>(&self, work: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut PgConnection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        use diesel::Connection;
        // In a request that writes, the transaction's xid goes into the answer's token.
        let named = super::read_cache::tracking_writes();
        let (value, xid) = self
            .db_untracked(move |conn| {
                conn.transaction(|conn| {
                    let value = work(conn)?;
                    // Last: the announcement that says "all of this transaction has been
                    // heard" must come after the ones its writes made (see change_feed).
                    let xid = if named {
                        Some(crate::db::change_feed::announce_transaction(conn)?)
                    } else {
                        None
                    };
                    Ok((value, xid))
                })
            })
            .await?;
        super::read_cache::note_transaction(xid);
        Ok(value)
    }
}

fn alive(conn: &mut PgConnection) -> bool {
    use diesel::r2d2::R2D2Connection;
    conn.ping().is_ok()
}
