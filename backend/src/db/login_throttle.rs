//! Failed logins, counted per account and per address over a window. Kept in the database
//! so every server instance sees the same counts.

use chrono::{Duration, Utc};
use diesel::prelude::*;

use super::schema::login_failures;

/// Failures in the last `window` for this username and for this address.
pub fn recent_failures(conn: &mut PgConnection, username: &str, ip: &str, window: Duration) -> QueryResult<(i64, i64)> {
    let since = Utc::now() - window;
    let by_user = login_failures::table
        .filter(login_failures::username.eq(username))
        .filter(login_failures::at.gt(since))
        .count()
        .get_result(conn)?;
    let by_ip = login_failures::table
        .filter(login_failures::ip.eq(ip))
        .filter(login_failures::at.gt(since))
        .count()
        .get_result(conn)?;
    Ok((by_user, by_ip))
}

pub fn record_failure(conn: &mut PgConnection, username: &str, ip: &str) -> QueryResult<()> {
    diesel::insert_into(login_failures::table)
        .values((login_failures::username.eq(username), login_failures::ip.eq(ip)))
        .execute(conn)
        .map(|_| ())
}

/// A successful login forgives the account's earlier failures.
pub fn clear_for_user(conn: &mut PgConnection, username: &str) -> QueryResult<()> {
    diesel::delete(login_failures::table.filter(login_failures::username.eq(username)))
        .execute(conn)
        .map(|_| ())
}
