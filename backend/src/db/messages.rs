//! The message center: messages written for users (with their email in the outbox, in the
//! same transaction as whatever caused them), read and marked read by their owner.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use duban_shared::messages::{Message, MessageKind, MessagePage};

use super::schema::{messages, outbox, users};
use super::stored::Stored;

/// Who a message goes to.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct Recipient {
    pub user_id: i32,
    pub email: Option<String>,
}

/// What is said.
#[derive(Debug, Clone)]
pub struct Note<'a> {
    pub kind: MessageKind,
    pub title: &'a str,
    pub body: &'a str,
    /// A path of the app (`/items/5`), or empty.
    pub link: &'a str,
}

/// The active accounts of a unit.
pub fn unit_recipients(conn: &mut PgConnection, unit_id: i32) -> QueryResult<Vec<Recipient>> {
    users::table
        .filter(users::unit_id.eq(unit_id))
        .filter(users::disabled_at.is_null())
        .order(users::id)
        .select((users::id, users::email))
        .load(conn)
}

/// The active accounts with one of `roles` (`admin`, `leader`, `unit`).
pub fn role_recipients(conn: &mut PgConnection, roles: &[&str]) -> QueryResult<Vec<Recipient>> {
    users::table
        .filter(users::role.eq_any(roles))
        .filter(users::disabled_at.is_null())
        .order(users::id)
        .select((users::id, users::email))
        .load(conn)
}

/// Writes the message for each recipient, and an email to each who has an address. Call
/// it inside the transaction of the cause: both stand or fall together. Answers the number
/// of messages written.
pub fn deliver(conn: &mut PgConnection, to: &[Recipient], note: &Note<'_>) -> QueryResult<usize> {
    let mut to: Vec<&Recipient> = to.iter().collect();
    to.sort_by_key(|r| r.user_id);
    to.dedup_by_key(|r| r.user_id);
    if to.is_empty() {
        return Ok(0);
    }
    let title: String = note.title.chars().take(200).collect();
    let rows: Vec<_> = to
        .iter()
        .map(|r| {
            (
                messages::user_id.eq(r.user_id),
                messages::kind.eq(note.kind.as_str()),
                messages::title.eq(&title),
                messages::body.eq(note.body),
                messages::link.eq(note.link),
            )
        })
        .collect();
    let written: Vec<(i64, i32)> = diesel::insert_into(messages::table)
        .values(&rows)
        .returning((messages::id, messages::user_id))
        .get_results(conn)?;
    let mails: Vec<_> = written
        .iter()
        .filter_map(|(message_id, user_id)| {
            let email = to.iter().find(|r| r.user_id == *user_id)?.email.as_ref()?;
            Some((
                outbox::channel.eq("email"),
                outbox::recipient.eq(email.clone()),
                outbox::subject.eq(format!("【督办】{title}")),
                outbox::body.eq(note.body),
                outbox::link.eq(note.link),
                outbox::message_id.eq(Some(*message_id)),
            ))
        })
        .collect();
    if !mails.is_empty() {
        diesel::insert_into(outbox::table).values(&mails).execute(conn)?;
    }
    Ok(written.len())
}

/// Who is told of an event.
#[derive(Debug, Clone, Copy)]
pub enum Audience<'a> {
    /// Every active account of the unit.
    Unit(i32),
    /// Every active account with one of these roles (`admin`, `leader`, `unit`).
    Roles(&'a [&'a str]),
}

/// Tells an audience (in the caller's transaction): `words` are the title and the text.
pub fn tell(
    conn: &mut PgConnection,
    audience: Audience<'_>,
    kind: MessageKind,
    words: &(String, String),
    link: &str,
) -> QueryResult<usize> {
    let to = match audience {
        Audience::Unit(unit_id) => unit_recipients(conn, unit_id)?,
        Audience::Roles(roles) => role_recipients(conn, roles)?,
    };
    let note = Note {
        kind,
        title: &words.0,
        body: &words.1,
        link,
    };
    deliver(conn, &to, &note)
}

#[derive(Queryable)]
struct MessageRow {
    id: i64,
    kind: Stored<MessageKind>,
    title: String,
    body: String,
    link: String,
    created_at: DateTime<Utc>,
    read_at: Option<DateTime<Utc>>,
}

/// A user's messages, newest first, `limit` at a time from before `before`.
pub fn page(conn: &mut PgConnection, user_id: i32, before: Option<i64>, limit: i64) -> QueryResult<MessagePage> {
    let mut query = messages::table
        .filter(messages::user_id.eq(user_id))
        .order(messages::id.desc())
        .limit(limit + 1)
        .select((
            messages::id,
            messages::kind,
            messages::title,
            messages::body,
            messages::link,
            messages::created_at,
            messages::read_at,
        ))
        .into_boxed();
    if let Some(before) = before {
        query = query.filter(messages::id.lt(before));
    }
    let mut rows: Vec<MessageRow> = query.load(conn)?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let unread = unread(conn, user_id)?;
    Ok(MessagePage {
        unread,
        next_before: if more { rows.last().map(|r| r.id) } else { None },
        messages: rows
            .into_iter()
            .map(|r| Message {
                id: r.id,
                kind: r.kind.0,
                title: r.title,
                body: r.body,
                link: r.link,
                created_at: r.created_at,
                read_at: r.read_at,
            })
            .collect(),
    })
}

pub fn unread(conn: &mut PgConnection, user_id: i32) -> QueryResult<i64> {
    messages::table
        .filter(messages::user_id.eq(user_id))
        .filter(messages::read_at.is_null())
        .count()
        .get_result(conn)
}

/// Marks the user's own message read (reading it twice changes nothing). `false` when the
/// user has no such message.
pub fn mark_read(conn: &mut PgConnection, user_id: i32, id: i64) -> QueryResult<bool> {
    let owned = diesel::update(
        messages::table
            .filter(messages::id.eq(id))
            .filter(messages::user_id.eq(user_id)),
    )
    .set(messages::read_at.eq(diesel::dsl::sql::<
        diesel::sql_types::Nullable<diesel::sql_types::Timestamptz>,
    >("coalesce(read_at, now())")))
    .execute(conn)?;
    Ok(owned == 1)
}

/// Marks every message of the user read; answers how many were unread.
pub fn mark_all_read(conn: &mut PgConnection, user_id: i32) -> QueryResult<usize> {
    diesel::update(
        messages::table
            .filter(messages::user_id.eq(user_id))
            .filter(messages::read_at.is_null()),
    )
    .set(messages::read_at.eq(diesel::dsl::now))
    .execute(conn)
}
