//! Briefings (情况通报): the office's drafts, and published issues numbered per plan with
//! their content kept as published.

use chrono::NaiveDate;
use diesel::prelude::*;
use duban_shared::auth::Role;
use duban_shared::briefing::{Briefing, BriefingReader, BriefingReaders, BriefingStatus, BriefingText};
use duban_shared::ids::{BriefingId, PlanId};

use super::schema::{briefing_reads, briefings, units, users};
use super::stored::Stored;
use super::units::UnitRow;

/// A briefing's row as stored: a draft's figures are not stored (they are computed as of its
/// cut-off when it is read); a published one's `content` is the issue as it went out.
#[derive(Debug, Clone)]
pub struct BriefingRow {
    pub id: i32,
    pub plan_id: i32,
    pub number: Option<i32>,
    pub cut_off: NaiveDate,
    /// The issue as published (`None` for a draft), as stored.
    pub content: Option<serde_json::Value>,
    pub text: BriefingText,
    pub version: i32,
    /// Set together when published: who, when, and the 印发日期.
    pub published_by: Option<i32>,
    pub published_at: Option<chrono::DateTime<chrono::Utc>>,
    pub issued_on: Option<NaiveDate>,
}

impl BriefingRow {
    pub fn status(&self) -> BriefingStatus {
        if self.number.is_some() {
            BriefingStatus::Published
        } else {
            BriefingStatus::Draft
        }
    }
}

type Raw = (
    i32,
    i32,
    Option<i32>,
    NaiveDate,
    Option<serde_json::Value>,
    serde_json::Value,
    i32,
    Option<i32>,
    Option<chrono::DateTime<chrono::Utc>>,
    Option<NaiveDate>,
);

fn row(
    (id, plan_id, number, cut_off, content, text, version, published_by, published_at, issued_on): Raw,
) -> BriefingRow {
    BriefingRow {
        id,
        plan_id,
        number,
        cut_off,
        content,
        text: serde_json::from_value(text).unwrap_or_else(|_| BriefingText {
            title: String::new(),
            issuer: String::new(),
            sections: Default::default(),
        }),
        version,
        published_by,
        published_at,
        issued_on,
    }
}

macro_rules! columns {
    () => {
        (
            briefings::id,
            briefings::plan_id,
            briefings::number,
            briefings::cut_off,
            briefings::content,
            briefings::text,
            briefings::version,
            briefings::published_by,
            briefings::published_at,
            briefings::issued_on,
        )
    };
}

/// A new draft as of `cut_off`, starting from `text`.
pub fn create_draft(
    conn: &mut PgConnection,
    plan_id: PlanId,
    cut_off: NaiveDate,
    text: &BriefingText,
    user_id: i32,
) -> QueryResult<BriefingRow> {
    diesel::insert_into(briefings::table)
        .values((
            briefings::plan_id.eq(plan_id.get()),
            briefings::cut_off.eq(cut_off),
            briefings::text.eq(serde_json::to_value(text).expect("serialisable")),
            briefings::created_by.eq(user_id),
        ))
        .returning(columns!())
        .get_result::<Raw>(conn)
        .map(row)
}

/// The row, locked for a write.
pub fn lock(conn: &mut PgConnection, id: BriefingId) -> QueryResult<Option<BriefingRow>> {
    briefings::table
        .find(id.get())
        .select(columns!())
        .for_update()
        .first::<Raw>(conn)
        .optional()
        .map(|r| r.map(row))
}

/// The row, as it is.
pub fn get(conn: &mut PgConnection, id: BriefingId) -> QueryResult<Option<BriefingRow>> {
    briefings::table
        .find(id.get())
        .select(columns!())
        .first::<Raw>(conn)
        .optional()
        .map(|r| r.map(row))
}

/// The office's new words for a draft; the version goes up.
pub fn replace_text(conn: &mut PgConnection, id: BriefingId, text: &BriefingText) -> QueryResult<BriefingRow> {
    diesel::update(briefings::table.find(id.get()))
        .set((
            briefings::text.eq(serde_json::to_value(text).expect("serialisable")),
            briefings::version.eq(briefings::version + 1),
        ))
        .returning(columns!())
        .get_result::<Raw>(conn)
        .map(row)
}

/// Throws a draft away (a published issue is never deleted, so its number is never reused).
pub fn delete_draft(conn: &mut PgConnection, id: BriefingId) -> QueryResult<usize> {
    diesel::delete(briefings::table.find(id.get()).filter(briefings::number.is_null())).execute(conn)
}

/// Publishes the draft `id` with `content` (its figures, frozen) as the plan's next number,
/// dated `issued_on`. The number is taken under a lock so two publishers never share one.
pub fn publish(
    conn: &mut PgConnection,
    id: BriefingId,
    plan_id: PlanId,
    mut content: Briefing,
    issued_on: NaiveDate,
    user_id: i32,
) -> QueryResult<BriefingRow> {
    diesel::sql_query("SELECT pg_advisory_xact_lock(7301, $1)")
        .bind::<diesel::sql_types::Integer, _>(plan_id.get())
        .execute(conn)?;
    let last: Option<i32> = briefings::table
        .filter(briefings::plan_id.eq(plan_id.get()))
        .select(diesel::dsl::max(briefings::number))
        .first(conn)?;
    let number = last.unwrap_or(0) + 1;
    content.number = number;
    content.status = BriefingStatus::Published;
    content.issued_on = Some(issued_on);
    diesel::update(briefings::table.find(id.get()))
        .set((
            briefings::number.eq(number),
            briefings::content.eq(serde_json::to_value(&content).expect("serialisable")),
            briefings::issued_on.eq(issued_on),
            briefings::published_by.eq(user_id),
            briefings::published_at.eq(diesel::dsl::now),
            // Its ETag changes: what was a draft is now an issue.
            briefings::version.eq(briefings::version + 1),
        ))
        .returning(columns!())
        .get_result::<Raw>(conn)
        .map(row)
}

/// Drafts and at once publishes `content` (the demo's and the tests' issues).
pub fn publish_new(
    conn: &mut PgConnection,
    plan_id: PlanId,
    content: Briefing,
    issued_on: NaiveDate,
    user_id: i32,
) -> QueryResult<BriefingRow> {
    let text = duban_shared::briefing::text_of(&content);
    let draft = create_draft(conn, plan_id, content.cut_off, &text, user_id)?;
    publish(conn, BriefingId(draft.id), plan_id, content, issued_on, user_id)
}

/// A plan's published issues, newest first, as they went out; the drafts' rows (newest first)
/// when `with_drafts`.
pub fn list(conn: &mut PgConnection, plan_id: PlanId, with_drafts: bool) -> QueryResult<Vec<BriefingRow>> {
    let mut query = briefings::table
        .filter(briefings::plan_id.eq(plan_id.get()))
        .select(columns!())
        .order((briefings::number.desc().nulls_first(), briefings::id.desc()))
        .into_boxed();
    if !with_drafts {
        query = query.filter(briefings::number.is_not_null());
    }
    Ok(query.load::<Raw>(conn)?.into_iter().map(row).collect())
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
