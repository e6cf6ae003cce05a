//! Failed logins, counted per account and client and per address over a window. Kept in
//! the database so every server instance sees the same counts.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;

use super::schema::login_failures;

/// What the last `window` holds against a login attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct RecentFailures {
    /// Of this username from this address, and when the last was.
    pub by_pair: i64,
    pub last_by_pair: Option<DateTime<Utc>>,
    /// From this address, whatever the username.
    pub by_ip: i64,
}

pub fn recent_failures(
    conn: &mut PgConnection,
    username: &str,
    ip: &str,
    window: Duration,
) -> QueryResult<RecentFailures> {
    let since = Utc::now() - window;
    let (by_pair, last_by_pair) = login_failures::table
        .filter(login_failures::username.eq(username))
        .filter(login_failures::ip.eq(ip))
        .filter(login_failures::at.gt(since))
        .select((diesel::dsl::count_star(), diesel::dsl::max(login_failures::at)))
        .get_result(conn)?;
    let by_ip = login_failures::table
        .filter(login_failures::ip.eq(ip))
        .filter(login_failures::at.gt(since))
        .count()
        .get_result(conn)?;
    Ok(RecentFailures {
        by_pair,
        last_by_pair,
        by_ip,
    })
}

pub fn record_failure(conn: &mut PgConnection, username: &str, ip: &str) -> QueryResult<()> {
    diesel::insert_into(login_failures::table)
        .values((login_failures::username.eq(username), login_failures::ip.eq(ip)))
        .execute(conn)
        .map(|_| ())
}

/// A successful login forgives the failures of that account from that client only (the
/// owner signing in elsewhere does not reset a guesser's wait).
pub fn clear_for_pair(conn: &mut PgConnection, username: &str, ip: &str) -> QueryResult<()> {
    diesel::delete(
        login_failures::table
            .filter(login_failures::username.eq(username))
            .filter(login_failures::ip.eq(ip)),
    )
    .execute(conn)
    .map(|_| ())
}
