//! Co-units' 配合情况: one note per item, unit and month.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use duban_shared::co_notes::CoNote;

use super::schema::{co_unit_notes, units};
use super::units::UnitRow;
use super::users;

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = co_unit_notes)]
pub struct CoNoteRow {
    pub id: i32,
    pub item_id: i32,
    pub unit_id: i32,
    pub period: NaiveDate,
    pub note: String,
    pub written_by: i32,
    pub written_at: DateTime<Utc>,
    pub version: i32,
}

/// An item's notes, newest month first, each unit in its order.
pub fn list(conn: &mut PgConnection, item_id: i32) -> QueryResult<Vec<CoNote>> {
    load(conn, Some(item_id), None)
}

/// One note as the API shows it.
pub fn note(conn: &mut PgConnection, id: i32) -> QueryResult<Option<CoNote>> {
    Ok(load(conn, None, Some(id))?.pop())
}

fn load(conn: &mut PgConnection, item_id: Option<i32>, id: Option<i32>) -> QueryResult<Vec<CoNote>> {
    let mut query = co_unit_notes::table
        .inner_join(units::table)
        .order((co_unit_notes::period.desc(), units::id))
        .select((CoNoteRow::as_select(), UnitRow::as_select()))
        .into_boxed();
    if let Some(item_id) = item_id {
        query = query.filter(co_unit_notes::item_id.eq(item_id));
    }
    if let Some(id) = id {
        query = query.filter(co_unit_notes::id.eq(id));
    }
    let rows: Vec<(CoNoteRow, UnitRow)> = query.load(conn)?;
    let writers: Vec<i32> = rows.iter().map(|(n, _)| n.written_by).collect();
    let names = users::signatures(conn, &writers)?;
    Ok(rows
        .into_iter()
        .map(|(n, u)| CoNote {
            id: n.id,
            item_id: n.item_id,
            period: n.period.format("%Y-%m").to_string(),
            note: n.note,
            written_by: names.get(&n.written_by).cloned().unwrap_or_default(),
            written_at: n.written_at,
            version: n.version,
            unit: u.into(),
        })
        .collect())
}

/// Whether the unit has written its note for the month already.
pub fn exists(conn: &mut PgConnection, item_id: i32, unit_id: i32, period: NaiveDate) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        co_unit_notes::table
            .filter(co_unit_notes::item_id.eq(item_id))
            .filter(co_unit_notes::unit_id.eq(unit_id))
            .filter(co_unit_notes::period.eq(period)),
    ))
    .get_result(conn)
}

/// A note, locked (to check its version before replacing it).
pub fn lock(conn: &mut PgConnection, id: i32) -> QueryResult<Option<CoNoteRow>> {
    co_unit_notes::table
        .find(id)
        .select(CoNoteRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

pub fn create(
    conn: &mut PgConnection,
    item_id: i32,
    unit_id: i32,
    period: NaiveDate,
    note: &str,
    user_id: i32,
) -> QueryResult<CoNoteRow> {
    diesel::insert_into(co_unit_notes::table)
        .values((
            co_unit_notes::item_id.eq(item_id),
            co_unit_notes::unit_id.eq(unit_id),
            co_unit_notes::period.eq(period),
            co_unit_notes::note.eq(note),
            co_unit_notes::written_by.eq(user_id),
        ))
        .returning(CoNoteRow::as_returning())
        .get_result(conn)
}

pub fn replace(conn: &mut PgConnection, id: i32, note: &str, user_id: i32) -> QueryResult<CoNoteRow> {
    diesel::update(co_unit_notes::table.find(id))
        .set((
            co_unit_notes::note.eq(note),
            co_unit_notes::written_by.eq(user_id),
            co_unit_notes::written_at.eq(diesel::dsl::now),
            co_unit_notes::version.eq(co_unit_notes::version + 1),
        ))
        .returning(CoNoteRow::as_returning())
        .get_result(conn)
}
