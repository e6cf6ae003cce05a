//! The responsible units (责任单位): the directory every plan's items point into.

use diesel::dsl::exists;
use diesel::prelude::*;
use duban_shared::api::UnitRef;
use duban_shared::ids::UnitId;
use duban_shared::plan_edit::{UnitEntry, UnitInput};

use super::schema::{item_co_units, items, notices, units, users};

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = units)]
pub struct UnitRow {
    pub id: i32,
    pub name: String,
    pub code: String,
    pub version: i32,
}

impl From<UnitRow> for UnitRef {
    fn from(u: UnitRow) -> Self {
        UnitRef {
            id: u.id,
            name: u.name,
            code: u.code,
        }
    }
}

/// Codes for a read plan's units: an existing unit of that name keeps its code, a new one
/// gets the first free `u1`, `u2` … (the office may rename it in 单位管理).
pub fn fill_codes(conn: &mut PgConnection, wanted: &mut [duban_shared::seed::UnitSeed]) -> QueryResult<()> {
    let known: std::collections::HashMap<String, String> = units::table
        .select((units::name, units::code))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let mut taken: std::collections::HashSet<String> = known.values().cloned().collect();
    let mut n = 0;
    for unit in wanted.iter_mut().filter(|u| u.code.is_empty()) {
        if let Some(code) = known.get(&unit.name) {
            unit.code = code.clone();
            continue;
        }
        unit.code = loop {
            n += 1;
            let code = format!("u{n}");
            if taken.insert(code.clone()) {
                break code;
            }
        };
    }
    Ok(())
}

/// A unit by its code, or by its id written as a number.
pub fn find_unit(conn: &mut PgConnection, code_or_id: &str) -> QueryResult<Option<UnitRow>> {
    let query = units::table.select(UnitRow::as_select()).into_boxed();
    let query = match code_or_id.parse::<i32>() {
        Ok(id) => query.filter(units::id.eq(id)),
        Err(_) => query.filter(units::code.eq(code_or_id)),
    };
    query.first(conn).optional()
}

pub fn list_refs(conn: &mut PgConnection) -> QueryResult<Vec<UnitRef>> {
    Ok(units::table
        .order(units::id)
        .select(UnitRow::as_select())
        .load(conn)?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Which of `ids` name a unit.
pub fn existing_ids(conn: &mut PgConnection, ids: &[i32]) -> QueryResult<Vec<i32>> {
    units::table.filter(units::id.eq_any(ids)).select(units::id).load(conn)
}

/// Every unit with how many items and accounts hang on it (the admin's directory).
pub fn list(conn: &mut PgConnection) -> QueryResult<Vec<UnitEntry>> {
    entries(conn, None)
}

pub fn entry(conn: &mut PgConnection, id: UnitId) -> QueryResult<Option<UnitEntry>> {
    let id = id.get();
    Ok(entries(conn, Some(id))?.pop())
}

fn entries(conn: &mut PgConnection, only: Option<i32>) -> QueryResult<Vec<UnitEntry>> {
    let mut query = units::table.order(units::id).into_boxed();
    if let Some(id) = only {
        query = query.filter(units::id.eq(id));
    }
    let rows: Vec<(UnitRow, i64, i64, i64, bool)> = query
        .select((
            UnitRow::as_select(),
            items::table
                .filter(items::lead_unit_id.eq(units::id))
                .count()
                .single_value()
                .assume_not_null(),
            item_co_units::table
                .filter(item_co_units::unit_id.eq(units::id))
                .count()
                .single_value()
                .assume_not_null(),
            users::table
                .filter(users::unit_id.eq(units::id.nullable()))
                .count()
                .single_value()
                .assume_not_null(),
            // Notices keep their unit after an item stops naming it.
            exists(notices::table.filter(notices::unit_id.eq(units::id))),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(u, item_count, co_item_count, user_count, noticed)| UnitEntry {
            id: u.id,
            name: u.name,
            code: u.code,
            version: u.version,
            item_count,
            co_item_count,
            user_count,
            in_use: item_count + co_item_count + user_count > 0 || noticed,
        })
        .collect())
}

pub fn lock(conn: &mut PgConnection, id: UnitId) -> QueryResult<Option<UnitRow>> {
    let id = id.get();
    units::table
        .find(id)
        .for_update()
        .select(UnitRow::as_select())
        .first(conn)
        .optional()
}

pub fn create(conn: &mut PgConnection, input: &UnitInput) -> QueryResult<UnitRow> {
    diesel::insert_into(units::table)
        .values((units::name.eq(input.name.trim()), units::code.eq(&input.code)))
        .returning(UnitRow::as_returning())
        .get_result(conn)
}

pub fn update(conn: &mut PgConnection, id: UnitId, input: &UnitInput) -> QueryResult<UnitRow> {
    let id = id.get();
    diesel::update(units::table.find(id))
        .set((
            units::name.eq(input.name.trim()),
            units::code.eq(&input.code),
            units::version.eq(units::version + 1),
        ))
        .returning(UnitRow::as_returning())
        .get_result(conn)
}

/// Removes a unit nothing points to; the foreign keys refuse one that items, co-items,
/// notices or accounts still name.
pub fn delete(conn: &mut PgConnection, id: UnitId) -> QueryResult<usize> {
    let id = id.get();
    diesel::delete(units::table.find(id)).execute(conn)
}
