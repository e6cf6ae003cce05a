//! Leaders' 批示 on items, with the notice that carries each out.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use duban_shared::cases::Instruction;

use super::notices::{self, LinkBy};
use super::schema::{instructions, items, plans, units};
use super::units::UnitRow;

pub fn create(conn: &mut PgConnection, item_id: i32, text: &str, user_id: i32) -> QueryResult<i32> {
    diesel::insert_into(instructions::table)
        .values((
            instructions::item_id.eq(item_id),
            instructions::text.eq(text),
            instructions::written_by.eq(user_id),
        ))
        .returning(instructions::id)
        .get_result(conn)
}

#[derive(Debug, Clone, Copy, Default)]
pub struct InstructionFilter {
    pub id: Option<i32>,
    pub item_id: Option<i32>,
    pub plan_id: Option<i32>,
    pub unit_id: Option<i32>,
}

/// 批示, newest first.
pub fn list(conn: &mut PgConnection, filter: InstructionFilter) -> QueryResult<Vec<Instruction>> {
    let mut query = instructions::table
        .inner_join(items::table.inner_join(plans::table).inner_join(units::table))
        .select((
            (
                instructions::id,
                instructions::item_id,
                instructions::text,
                instructions::written_by,
                instructions::written_at,
            ),
            items::number,
            plans::year,
            UnitRow::as_select(),
        ))
        .order(instructions::id.desc())
        .into_boxed();
    if let Some(id) = filter.id {
        query = query.filter(instructions::id.eq(id));
    }
    if let Some(item) = filter.item_id {
        query = query.filter(instructions::item_id.eq(item));
    }
    if let Some(plan) = filter.plan_id {
        query = query.filter(items::plan_id.eq(plan));
    }
    if let Some(unit) = filter.unit_id {
        query = query.filter(items::lead_unit_id.eq(unit));
    }
    type Loaded = ((i32, i32, String, i32, DateTime<Utc>), i32, i32, UnitRow);
    let rows: Vec<Loaded> = query.load(conn)?;
    let ids: Vec<i32> = rows.iter().map(|r| r.0 .0).collect();
    let writers: Vec<i32> = rows.iter().map(|r| r.0 .3).collect();
    let names = super::users::signatures(conn, &writers)?;
    let mut links = notices::links(conn, LinkBy::Instruction, &ids)?;
    Ok(rows
        .into_iter()
        .map(
            |((id, item_id, text, written_by, written_at), item_number, plan_year, unit)| Instruction {
                id,
                item_id,
                item_number,
                plan_year,
                unit: unit.into(),
                text,
                written_by: names.get(&written_by).cloned().unwrap_or_default(),
                written_at,
                notice: links.remove(&id),
            },
        )
        .collect())
}

pub fn dto(conn: &mut PgConnection, id: i32) -> QueryResult<Instruction> {
    let filter = InstructionFilter {
        id: Some(id),
        ..Default::default()
    };
    list(conn, filter)?
        .into_iter()
        .next()
        .ok_or(diesel::result::Error::NotFound)
}

/// The item a 批示 is on.
pub fn item_of(conn: &mut PgConnection, id: i32) -> QueryResult<Option<i32>> {
    instructions::table
        .find(id)
        .select(instructions::item_id)
        .first(conn)
        .optional()
}
