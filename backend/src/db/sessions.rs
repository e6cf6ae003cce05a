//! Login sessions: one row per access token issued. A token is good only while its row is
//! neither revoked nor expired and its user is not disabled.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use super::schema::sessions;

pub fn create(conn: &mut PgConnection, user_id: i32, expires_at: DateTime<Utc>, ip: Option<&str>) -> QueryResult<Uuid> {
    let id = Uuid::new_v4();
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(id),
            sessions::user_id.eq(user_id),
            sessions::expires_at.eq(expires_at),
            sessions::ip.eq(ip),
        ))
        .execute(conn)?;
    Ok(id)
}

pub fn revoke(conn: &mut PgConnection, session_id: Uuid) -> QueryResult<usize> {
    diesel::update(sessions::table.find(session_id).filter(sessions::revoked_at.is_null()))
        .set(sessions::revoked_at.eq(diesel::dsl::now))
        .execute(conn)
}

pub fn revoke_all_for_user(conn: &mut PgConnection, user_id: i32) -> QueryResult<usize> {
    diesel::update(
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::revoked_at.is_null()),
    )
    .set(sessions::revoked_at.eq(diesel::dsl::now))
    .execute(conn)
}
