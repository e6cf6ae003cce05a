//! A plan's categories (项目分类: 一 … 十).

use diesel::prelude::*;
use duban_shared::ids::{CategoryId, PlanId};
use duban_shared::plan_edit::{Category, CategoryInput};

use super::schema::{categories, plans};

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = categories)]
pub struct CategoryRow {
    pub id: i32,
    pub plan_id: i32,
    pub ordinal: i32,
    pub title: String,
    pub version: i32,
}

impl CategoryRow {
    pub fn dto(&self, plan_year: i32) -> Category {
        Category {
            id: self.id,
            plan_year,
            ordinal: self.ordinal,
            title: self.title.clone(),
            version: self.version,
        }
    }
}

/// The category, locked for an edit, with its plan's year.
pub fn lock(conn: &mut PgConnection, id: CategoryId) -> QueryResult<Option<(CategoryRow, i32)>> {
    let id = id.get();
    let Some(row) = categories::table
        .find(id)
        .for_update()
        .select(CategoryRow::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let year = plans::table.find(row.plan_id).select(plans::year).first(conn)?;
    Ok(Some((row, year)))
}

pub fn create(conn: &mut PgConnection, plan_id: PlanId, input: &CategoryInput) -> QueryResult<CategoryRow> {
    let plan_id = plan_id.get();
    diesel::insert_into(categories::table)
        .values((
            categories::plan_id.eq(plan_id),
            categories::ordinal.eq(input.ordinal),
            categories::title.eq(input.title.trim()),
        ))
        .returning(CategoryRow::as_returning())
        .get_result(conn)
}

pub fn update(conn: &mut PgConnection, id: CategoryId, input: &CategoryInput) -> QueryResult<CategoryRow> {
    let id = id.get();
    diesel::update(categories::table.find(id))
        .set((
            categories::ordinal.eq(input.ordinal),
            categories::title.eq(input.title.trim()),
            categories::version.eq(categories::version + 1),
        ))
        .returning(CategoryRow::as_returning())
        .get_result(conn)
}

/// Removes an empty category; the items' foreign key refuses one that still has items.
pub fn delete(conn: &mut PgConnection, id: CategoryId) -> QueryResult<usize> {
    let id = id.get();
    diesel::delete(categories::table.find(id)).execute(conn)
}

pub fn belongs_to(conn: &mut PgConnection, id: CategoryId, plan_id: PlanId) -> QueryResult<bool> {
    let id = id.get();
    let plan_id = plan_id.get();
    diesel::select(diesel::dsl::exists(
        categories::table.filter(categories::id.eq(id).and(categories::plan_id.eq(plan_id))),
    ))
    .get_result(conn)
}
