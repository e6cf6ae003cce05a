//! The append-only audit log. Hashing and chaining happen in the database (a trigger that
//! links each event when its transaction commits, so the chain lock is held only then), so
//! every writer, whatever its language, extends the same chain; `verify` walks it in the
//! chain's own order (`seq`, taken under the chain lock). What the database alone cannot
//! show — a superuser rewriting the chain — checkpoints kept outside it do
//! (`crate::audit_checkpoint`).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};
use duban_shared::auth::{AuditEvent, AuditPage};
use serde_json::Value;

use super::schema::{audit_chain_head, audit_events};

/// Who did it, as the log records it.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditActor {
    pub user_id: Option<i32>,
    /// `username`, `token:<name>`, `cli` or `system`.
    pub label: String,
    pub ip: Option<String>,
}

impl AuditActor {
    pub fn cli() -> Self {
        AuditActor {
            user_id: None,
            label: "cli".into(),
            ip: None,
        }
    }
}

/// One change: what, to which row, and the row before and after.
pub struct Change<'a> {
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

pub fn record(conn: &mut PgConnection, actor: &AuditActor, change: Change<'_>) -> QueryResult<()> {
    // seq, prev_hash and hash are set at commit by the link trigger; until then the event is
    // unlinked and the values here are placeholders.
    diesel::insert_into(audit_events::table)
        .values((
            audit_events::actor_user_id.eq(actor.user_id),
            audit_events::actor.eq(&actor.label),
            audit_events::action.eq(change.action),
            audit_events::entity.eq(change.entity),
            audit_events::entity_id.eq(change.entity_id),
            audit_events::before.eq(change.before),
            audit_events::after.eq(change.after),
            audit_events::ip.eq(&actor.ip),
            audit_events::prev_hash.eq(""),
            audit_events::hash.eq(""),
        ))
        .execute(conn)
        .map(|_| ())
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub action: Option<String>,
    pub actor: Option<String>,
    /// Only events older than this id (the cursor of the previous page).
    pub before: Option<i64>,
    pub limit: i64,
}

#[derive(Queryable)]
struct Row {
    id: i64,
    at: DateTime<Utc>,
    actor: String,
    action: String,
    entity: String,
    entity_id: Option<String>,
    before: Option<Value>,
    after: Option<Value>,
    ip: Option<String>,
}

/// Newest first.
pub fn list(conn: &mut PgConnection, filter: &AuditFilter) -> QueryResult<AuditPage> {
    let mut query = audit_events::table
        .select((
            audit_events::id,
            audit_events::at,
            audit_events::actor,
            audit_events::action,
            audit_events::entity,
            audit_events::entity_id,
            audit_events::before,
            audit_events::after,
            audit_events::ip,
        ))
        .order(audit_events::id.desc())
        .limit(filter.limit + 1)
        .into_boxed();
    if let Some(e) = &filter.entity {
        query = query.filter(audit_events::entity.eq(e));
    }
    if let Some(e) = &filter.entity_id {
        query = query.filter(audit_events::entity_id.eq(e));
    }
    if let Some(a) = &filter.action {
        query = query.filter(audit_events::action.eq(a));
    }
    if let Some(a) = &filter.actor {
        query = query.filter(audit_events::actor.eq(a));
    }
    if let Some(b) = filter.before {
        query = query.filter(audit_events::id.lt(b));
    }
    let mut rows: Vec<Row> = query.load(conn)?;
    let more = rows.len() as i64 > filter.limit;
    rows.truncate(filter.limit as usize);
    let next_before = if more { rows.last().map(|r| r.id) } else { None };
    Ok(AuditPage {
        events: rows
            .into_iter()
            .map(|r| AuditEvent {
                id: r.id,
                at: r.at,
                actor: r.actor,
                action: r.action,
                entity: r.entity,
                entity_id: r.entity_id,
                before: r.before,
                after: r.after,
                ip: r.ip,
            })
            .collect(),
        next_before,
    })
}

#[derive(QueryableByName)]
struct ChainRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    seq: Option<i64>,
    #[diesel(sql_type = Text)]
    hash: String,
    #[diesel(sql_type = Text)]
    prev_hash: String,
    #[diesel(sql_type = Text)]
    recomputed: String,
    #[diesel(sql_type = Nullable<Text>)]
    previous: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChainReport {
    pub rows: i64,
    /// Empty when the chain is whole.
    pub problems: Vec<String>,
}

pub fn verify(conn: &mut PgConnection) -> QueryResult<ChainReport> {
    let rows: Vec<ChainRow> = diesel::sql_query(
        "SELECT id, seq, hash, prev_hash, \
         audit_row_hash(prev_hash, at, actor_user_id, actor, action, entity, entity_id, before, after, ip) AS recomputed, \
         lag(hash) OVER (ORDER BY seq) AS previous \
         FROM audit_events ORDER BY seq",
    )
    .load(conn)?;
    let (head_hash, head_count): (String, i64) = audit_chain_head::table
        .select((audit_chain_head::hash, audit_chain_head::row_count))
        .first(conn)?;
    let genesis = "0".repeat(64);
    let mut problems = Vec::new();
    let mut moved = false;
    // A committed event is always linked; one that is not was written past the trigger.
    let mut linked = Vec::new();
    for r in &rows {
        match r.seq {
            Some(seq) => linked.push((seq, r)),
            None => problems.push(format!("event {} was never linked into the chain", r.id)),
        }
    }
    let rows: Vec<&ChainRow> = linked.iter().map(|(_, r)| *r).collect();
    for (position, (seq, r)) in (1..).zip(&linked) {
        if *seq != position && !moved {
            moved = true;
            problems.push(format!(
                "event {} stands at position {seq} of the chain, not {position} (an event was removed or moved)",
                r.id
            ));
        }
        if r.recomputed != r.hash {
            problems.push(format!(
                "event {} was altered (its hash no longer matches its content)",
                r.id
            ));
        }
        let expected_prev = r.previous.as_deref().unwrap_or(&genesis);
        if r.prev_hash != expected_prev {
            problems.push(format!(
                "the chain breaks before event {} (an event was removed or altered)",
                r.id
            ));
        }
    }
    let last = rows.last().map(|r| r.hash.as_str()).unwrap_or(&genesis);
    if head_count != rows.len() as i64 || head_hash != last {
        problems.push(format!(
            "the log holds {} events but {} were written (events were removed at the end)",
            rows.len(),
            head_count
        ));
    }
    Ok(ChainReport {
        rows: rows.len() as i64,
        problems,
    })
}

/// The chain's last position and hash (0 and the genesis hash when empty).
pub fn head(conn: &mut PgConnection) -> QueryResult<(i64, String)> {
    audit_chain_head::table
        .select((audit_chain_head::row_count, audit_chain_head::hash))
        .first(conn)
}

/// The hash of the event at position `seq`, if there is one.
pub fn hash_at(conn: &mut PgConnection, seq: i64) -> QueryResult<Option<String>> {
    audit_events::table
        .filter(audit_events::seq.eq(seq))
        .select(audit_events::hash)
        .first(conn)
        .optional()
}

impl<'a> Change<'a> {
    /// A change of one row, its before and after taken as JSON.
    pub fn of<T: serde::Serialize>(
        action: &'a str,
        entity: &'a str,
        id: impl ToString,
        before: Option<&T>,
        after: Option<&T>,
    ) -> Self {
        Change {
            action,
            entity,
            entity_id: Some(id.to_string()),
            before: before.and_then(|b| serde_json::to_value(b).ok()),
            after: after.and_then(|a| serde_json::to_value(a).ok()),
        }
    }
}
