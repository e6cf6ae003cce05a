//! The outbox: messages to send on a channel (email), written with their cause, taken by a
//! worker row by row (`FOR UPDATE SKIP LOCKED`, so two instances never take the same one)
//! and marked sent only when the server accepted it.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::schema::outbox;

#[derive(Debug, Clone, Queryable)]
pub struct Outgoing {
    pub id: i64,
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub link: String,
    pub attempts: i32,
}

/// Up to `limit` messages of `channel` due now, locked until the caller's transaction ends;
/// rows another worker holds are skipped.
pub fn take_due(conn: &mut PgConnection, channel: &str, limit: i64) -> QueryResult<Vec<Outgoing>> {
    outbox::table
        .filter(outbox::channel.eq(channel))
        .filter(outbox::sent_at.is_null())
        .filter(outbox::failed_at.is_null())
        .filter(outbox::next_attempt_at.le(diesel::dsl::now))
        .order(outbox::id)
        .limit(limit)
        .for_update()
        .skip_locked()
        .select((
            outbox::id,
            outbox::channel,
            outbox::recipient,
            outbox::subject,
            outbox::body,
            outbox::link,
            outbox::attempts,
        ))
        .load(conn)
}

pub fn mark_sent(conn: &mut PgConnection, id: i64) -> QueryResult<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::sent_at.eq(diesel::dsl::now),
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::last_error.eq(None::<String>),
        ))
        .execute(conn)
        .map(drop)
}

/// A failure that may pass (the server down, a 4xx answer): try again at `next`.
pub fn mark_retry(conn: &mut PgConnection, id: i64, error: &str, next: DateTime<Utc>) -> QueryResult<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::last_error.eq(Some(error)),
            outbox::next_attempt_at.eq(next),
        ))
        .execute(conn)
        .map(drop)
}

/// Not tried this time (the server failed just before): due again at `next`.
pub fn postpone(conn: &mut PgConnection, ids: &[i64], next: DateTime<Utc>) -> QueryResult<()> {
    diesel::update(outbox::table.filter(outbox::id.eq_any(ids)))
        .set(outbox::next_attempt_at.eq(next))
        .execute(conn)
        .map(drop)
}

/// Withdraws the user's mail not yet sent (the account was disabled, or its address changed
/// or removed): it is not sent to an address the user no longer stands by.
pub fn withdraw_for_user(conn: &mut PgConnection, user_id: i32) -> QueryResult<usize> {
    use super::schema::messages;
    diesel::delete(
        outbox::table
            .filter(outbox::sent_at.is_null())
            .filter(outbox::failed_at.is_null())
            .filter(
                outbox::message_id.eq_any(
                    messages::table
                        .filter(messages::user_id.eq(user_id))
                        .select(messages::id.nullable()),
                ),
            ),
    )
    .execute(conn)
}

/// Refused for good (a 5xx answer): not tried again.
pub fn mark_failed(conn: &mut PgConnection, id: i64, error: &str) -> QueryResult<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::last_error.eq(Some(error)),
            outbox::failed_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .map(drop)
}

/// (waiting, sent, failed, the latest error of one waiting).
pub fn counts(conn: &mut PgConnection, channel: &str) -> QueryResult<(i64, i64, i64, Option<String>)> {
    let of = outbox::table.filter(outbox::channel.eq(channel));
    let pending = of
        .filter(outbox::sent_at.is_null())
        .filter(outbox::failed_at.is_null())
        .count()
        .get_result(conn)?;
    let sent = of.filter(outbox::sent_at.is_not_null()).count().get_result(conn)?;
    let failed = of.filter(outbox::failed_at.is_not_null()).count().get_result(conn)?;
    let last_error = of
        .filter(outbox::sent_at.is_null())
        .filter(outbox::last_error.is_not_null())
        .order(outbox::id.desc())
        .select(outbox::last_error)
        .first::<Option<String>>(conn)
        .optional()?
        .flatten();
    Ok((pending, sent, failed, last_error))
}
