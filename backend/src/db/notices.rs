//! Supervision notices (督办通知) from the office to an item's unit.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use duban_shared::ids::{ItemId, NoticeId, UnitId};
use duban_shared::supervision::{Notice, NoticeState};

use super::schema::{items, notices, plans, units, users};
use super::units::UnitRow;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = notices)]
pub struct NoticeRow {
    pub id: i32,
    pub item_id: i32,
    pub unit_id: i32,
    pub reason: String,
    pub answer_by: NaiveDate,
    pub issued_by: i32,
    pub issued_at: DateTime<Utc>,
    pub answer: Option<String>,
    pub answered_by: Option<i32>,
    pub answered_at: Option<DateTime<Utc>>,
    pub closed_by: Option<i32>,
    pub closed_at: Option<DateTime<Utc>>,
    pub version: i32,
}

impl NoticeRow {
    pub fn state(&self) -> NoticeState {
        match (self.closed_at, self.answered_at) {
            (Some(_), _) => NoticeState::Closed,
            (None, Some(_)) => NoticeState::Answered,
            (None, None) => NoticeState::Open,
        }
    }
}

pub fn create(
    conn: &mut PgConnection,
    item_id: ItemId,
    unit_id: UnitId,
    reason: &str,
    answer_by: NaiveDate,
    user_id: i32,
) -> QueryResult<NoticeRow> {
    let item_id = item_id.get();
    let unit_id = unit_id.get();
    diesel::insert_into(notices::table)
        .values((
            notices::item_id.eq(item_id),
            notices::unit_id.eq(unit_id),
            notices::reason.eq(reason),
            notices::answer_by.eq(answer_by),
            notices::issued_by.eq(user_id),
        ))
        .returning(NoticeRow::as_returning())
        .get_result(conn)
}

pub fn lock(conn: &mut PgConnection, id: NoticeId) -> QueryResult<Option<NoticeRow>> {
    let id = id.get();
    notices::table
        .find(id)
        .select(NoticeRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

pub fn answer(conn: &mut PgConnection, id: NoticeId, text: &str, user_id: i32) -> QueryResult<NoticeRow> {
    let id = id.get();
    diesel::update(notices::table.find(id))
        .set((
            notices::answer.eq(text),
            notices::answered_by.eq(user_id),
            notices::answered_at.eq(diesel::dsl::now),
            notices::version.eq(notices::version + 1),
        ))
        .returning(NoticeRow::as_returning())
        .get_result(conn)
}

pub fn close(conn: &mut PgConnection, id: NoticeId, user_id: i32) -> QueryResult<NoticeRow> {
    let id = id.get();
    diesel::update(notices::table.find(id))
        .set((
            notices::closed_by.eq(user_id),
            notices::closed_at.eq(diesel::dsl::now),
            notices::version.eq(notices::version + 1),
        ))
        .returning(NoticeRow::as_returning())
        .get_result(conn)
}

#[derive(Debug, Clone, Default)]
pub struct NoticeFilter {
    pub item_id: Option<i32>,
    pub unit_id: Option<i32>,
    pub state: Option<NoticeState>,
}

/// Notices, newest first; `today` (China) decides which are overdue.
pub fn list(conn: &mut PgConnection, filter: &NoticeFilter, today: NaiveDate) -> QueryResult<Vec<Notice>> {
    let mut query = notices::table
        .inner_join(items::table.inner_join(plans::table))
        .inner_join(units::table)
        .select((NoticeRow::as_select(), items::number, plans::year, UnitRow::as_select()))
        .order(notices::id.desc())
        .into_boxed();
    if let Some(item) = filter.item_id {
        query = query.filter(notices::item_id.eq(item));
    }
    if let Some(unit) = filter.unit_id {
        query = query.filter(notices::unit_id.eq(unit));
    }
    match filter.state {
        Some(NoticeState::Open) => {
            query = query
                .filter(notices::closed_at.is_null())
                .filter(notices::answered_at.is_null())
        }
        Some(NoticeState::Answered) => {
            query = query
                .filter(notices::closed_at.is_null())
                .filter(notices::answered_at.is_not_null())
        }
        Some(NoticeState::Closed) => query = query.filter(notices::closed_at.is_not_null()),
        None => {}
    }
    let rows: Vec<(NoticeRow, i32, i32, UnitRow)> = query.load(conn)?;
    let ids: Vec<i32> = rows
        .iter()
        .flat_map(|(n, ..)| [Some(n.issued_by), n.answered_by, n.closed_by])
        .flatten()
        .collect();
    let names: std::collections::HashMap<i32, String> = users::table
        .filter(users::id.eq_any(&ids))
        .select((users::id, users::username))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect();
    let name = |id: i32| names.get(&id).cloned().unwrap_or_default();
    Ok(rows
        .into_iter()
        .map(|(n, item_number, plan_year, unit)| {
            let state = n.state();
            Notice {
                id: n.id,
                item_id: n.item_id,
                item_number,
                plan_year,
                unit: unit.into(),
                overdue: state == NoticeState::Open && today > n.answer_by,
                reason: n.reason,
                answer_by: n.answer_by,
                issued_by: name(n.issued_by),
                issued_at: n.issued_at,
                answer: n.answer,
                answered_by: n.answered_by.map(name),
                answered_at: n.answered_at,
                closed_by: n.closed_by.map(name),
                closed_at: n.closed_at,
                state,
                version: n.version,
            }
        })
        .collect())
}

pub fn dto(conn: &mut PgConnection, id: NoticeId, today: NaiveDate) -> QueryResult<Notice> {
    let id = id.get();
    // The list query with an id filter would need one more filter field; this is as cheap.
    let item_id = notices::table.find(id).select(notices::item_id).first(conn)?;
    let all = list(
        conn,
        &NoticeFilter {
            item_id: Some(item_id),
            ..Default::default()
        },
        today,
    )?;
    all.into_iter()
        .find(|n| n.id == id)
        .ok_or(diesel::result::Error::NotFound)
}
