//! API tokens of other systems (stored as SHA-256 digests).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use duban_shared::auth::ApiToken;
use duban_shared::ids::ApiTokenId;

use super::schema::{api_tokens, plans, users};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_tokens)]
pub struct ApiTokenRow {
    pub id: i32,
    pub name: String,
    pub prefix: String,
    pub plan_id: Option<i32>,
    pub created_by: i32,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

pub fn create(
    conn: &mut PgConnection,
    name: &str,
    token_hash: &str,
    prefix: &str,
    plan_id: Option<i32>,
    created_by: i32,
) -> QueryResult<ApiTokenRow> {
    diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::name.eq(name),
            api_tokens::token_hash.eq(token_hash),
            api_tokens::prefix.eq(prefix),
            api_tokens::plan_id.eq(plan_id),
            api_tokens::created_by.eq(created_by),
        ))
        .returning(ApiTokenRow::as_returning())
        .get_result(conn)
}

/// The live token with this digest, marking it used (at most once a minute, to spare writes).
pub fn use_token(conn: &mut PgConnection, token_hash: &str) -> QueryResult<Option<ApiTokenRow>> {
    let row: Option<ApiTokenRow> = api_tokens::table
        .filter(api_tokens::token_hash.eq(token_hash))
        .filter(api_tokens::revoked_at.is_null())
        .select(ApiTokenRow::as_select())
        .first(conn)
        .optional()?;
    if let Some(row) = &row {
        let stale = row
            .last_used_at
            .is_none_or(|t| Utc::now() - t > chrono::Duration::minutes(1));
        if stale {
            diesel::update(api_tokens::table.find(row.id))
                .set(api_tokens::last_used_at.eq(diesel::dsl::now))
                .execute(conn)?;
        }
    }
    Ok(row)
}

pub fn find(conn: &mut PgConnection, id: ApiTokenId) -> QueryResult<Option<ApiTokenRow>> {
    let id = id.get();
    api_tokens::table
        .find(id)
        .select(ApiTokenRow::as_select())
        .first(conn)
        .optional()
}

pub fn revoke(conn: &mut PgConnection, id: ApiTokenId) -> QueryResult<ApiTokenRow> {
    let id = id.get();
    diesel::update(api_tokens::table.find(id))
        .set(api_tokens::revoked_at.eq(diesel::dsl::now))
        .returning(ApiTokenRow::as_returning())
        .get_result(conn)
}

/// Tokens as the API shows them, with the creator's username and the plan's year.
pub fn dtos(conn: &mut PgConnection, rows: Vec<ApiTokenRow>) -> QueryResult<Vec<ApiToken>> {
    let user_ids: Vec<i32> = rows.iter().map(|r| r.created_by).collect();
    let names: std::collections::HashMap<i32, String> = users::table
        .filter(users::id.eq_any(&user_ids))
        .select((users::id, users::username))
        .load(conn)?
        .into_iter()
        .collect();
    let years: std::collections::HashMap<i32, i32> = plans::table
        .select((plans::id, plans::year))
        .load(conn)?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| ApiToken {
            id: r.id,
            created_by: names.get(&r.created_by).cloned().unwrap_or_default(),
            plan_year: r.plan_id.and_then(|p| years.get(&p).copied()),
            name: r.name,
            prefix: r.prefix,
            created_at: r.created_at,
            last_used_at: r.last_used_at,
            revoked_at: r.revoked_at,
        })
        .collect())
}

pub fn list(conn: &mut PgConnection) -> QueryResult<Vec<ApiToken>> {
    let rows = api_tokens::table
        .order(api_tokens::id.desc())
        .select(ApiTokenRow::as_select())
        .load(conn)?;
    dtos(conn, rows)
}
