//! Published briefings: numbered per plan, their content kept as published.

use diesel::prelude::*;
use duban_shared::briefing::Briefing;
use duban_shared::ids::{BriefingId, PlanId};

use duban_shared::auth::Role;
use duban_shared::briefing::{BriefingReader, BriefingReaders};

use super::schema::{briefing_reads, briefings, units, users};
use super::stored::Stored;
use super::units::UnitRow;

/// Publishes `content` as the plan's next number; the number is taken under a lock so two
/// publishers never get the same one.
pub fn publish(conn: &mut PgConnection, plan_id: PlanId, mut content: Briefing, user_id: i32) -> QueryResult<Briefing> {
    let plan_id = plan_id.get();
    conn.transaction(|conn| {
        diesel::sql_query("SELECT pg_advisory_xact_lock(7301, $1)")
            .bind::<diesel::sql_types::Integer, _>(plan_id)
            .execute(conn)?;
        let last: Option<i32> = briefings::table
            .filter(briefings::plan_id.eq(plan_id))
            .select(diesel::dsl::max(briefings::number))
            .first(conn)?;
        let number = last.unwrap_or(0) + 1;
        content.number = number;
        content.title = content.title.replace("（预览）", &format!("（第{number}期）"));
        let id: i32 = diesel::insert_into(briefings::table)
            .values((
                briefings::plan_id.eq(plan_id),
                briefings::number.eq(number),
                briefings::cut_off.eq(content.cut_off),
                briefings::content.eq(serde_json::to_value(&content).expect("serialisable")),
                briefings::published_by.eq(user_id),
            ))
            .returning(briefings::id)
            .get_result(conn)?;
        Ok(find(conn, BriefingId(id))?.expect("just inserted").1)
    })
}

type Row = (i32, i32, serde_json::Value, i32, chrono::DateTime<chrono::Utc>);

fn load(conn: &mut PgConnection, plan_id: Option<i32>, id: Option<i32>) -> QueryResult<Vec<(i32, Briefing)>> {
    let mut query = briefings::table
        .select((
            briefings::id,
            briefings::plan_id,
            briefings::content,
            briefings::published_by,
            briefings::published_at,
        ))
        .order(briefings::number.desc())
        .into_boxed();
    if let Some(p) = plan_id {
        query = query.filter(briefings::plan_id.eq(p));
    }
    if let Some(i) = id {
        query = query.filter(briefings::id.eq(i));
    }
    let rows: Vec<Row> = query.load(conn)?;
    let publishers: Vec<i32> = rows.iter().map(|r| r.3).collect();
    let names = super::users::signatures(conn, &publishers)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, plan_id, content, by, at)| {
            let mut b: Briefing = serde_json::from_value(content).ok()?;
            b.id = Some(id);
            b.published_by = names.get(&by).cloned();
            b.published_at = Some(at);
            Some((plan_id, b))
        })
        .collect())
}

/// (plan id, briefing) by id.
pub fn find(conn: &mut PgConnection, id: BriefingId) -> QueryResult<Option<(i32, Briefing)>> {
    let id = id.get();
    Ok(load(conn, None, Some(id))?.pop())
}

/// A plan's briefings, newest first.
pub fn list(conn: &mut PgConnection, plan_id: PlanId) -> QueryResult<Vec<Briefing>> {
    let plan_id = plan_id.get();
    Ok(load(conn, Some(plan_id), None)?.into_iter().map(|(_, b)| b).collect())
}

/// Notes that `user_id` has read the briefing (the first time counts; later reads change nothing).
pub fn mark_read(conn: &mut PgConnection, id: BriefingId, user_id: i32) -> QueryResult<()> {
    diesel::insert_into(briefing_reads::table)
        .values((
            briefing_reads::briefing_id.eq(id.get()),
            briefing_reads::user_id.eq(user_id),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .map(drop)
}

/// (user id, role, unit, first read).
type ReaderRow = (
    i32,
    Stored<Role>,
    Option<UnitRow>,
    Option<chrono::DateTime<chrono::Utc>>,
);

/// Every active unit and leader account (those it is sent to) and when each read it.
pub fn readers(conn: &mut PgConnection, id: BriefingId) -> QueryResult<BriefingReaders> {
    let rows: Vec<ReaderRow> = users::table
        .left_join(units::table)
        .left_join(
            briefing_reads::table.on(briefing_reads::user_id
                .eq(users::id)
                .and(briefing_reads::briefing_id.eq(id.get()))),
        )
        .filter(users::role.eq_any(["unit", "leader"]))
        .filter(users::disabled_at.is_null())
        .order((users::role.desc(), units::id.nullable(), users::username))
        .select((
            users::id,
            users::role,
            Option::<UnitRow>::as_select(),
            briefing_reads::read_at.nullable(),
        ))
        .load(conn)?;
    let ids: Vec<i32> = rows.iter().map(|r| r.0).collect();
    let names = super::users::signatures(conn, &ids)?;
    let mut readers: Vec<BriefingReader> = rows
        .into_iter()
        .map(|(user_id, role, unit, read_at)| BriefingReader {
            name: names.get(&user_id).cloned().unwrap_or_default(),
            user_id,
            role: role.0,
            unit: unit.map(Into::into),
            read_at,
        })
        .collect();
    // Unread first (the office chases those), the order above kept within each group.
    readers.sort_by_key(|r| r.read_at.is_some());
    Ok(BriefingReaders {
        read: readers.iter().filter(|r| r.read_at.is_some()).count() as i64,
        total: readers.len() as i64,
        readers,
    })
}
