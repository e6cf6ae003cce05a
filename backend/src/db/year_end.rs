//! 年终销号: writing each item's final result and closing the plan, in one transaction.

use diesel::prelude::*;
use duban_shared::ids::PlanId;
use duban_shared::year_end::ItemResultInput;

use super::plans::PlanRow;
use super::schema::{items, plans};

/// The ids of the plan's items (what a close must give a result for).
pub fn item_ids(conn: &mut PgConnection, plan: PlanId) -> QueryResult<Vec<i32>> {
    items::table
        .filter(items::plan_id.eq(plan.get()))
        .select(items::id)
        .order(items::number)
        .load(conn)
}

/// Writes the results, then closes the plan: after this, migration 10's triggers refuse any
/// write to the plan or anything in it.
pub fn close(conn: &mut PgConnection, plan: PlanId, results: &[ItemResultInput], user_id: i32) -> QueryResult<PlanRow> {
    for r in results {
        diesel::update(items::table.find(r.item_id).filter(items::plan_id.eq(plan.get())))
            .set((
                items::final_result.eq(r.result.as_str()),
                items::final_note.eq(r.note.trim()),
                items::version.eq(items::version + 1),
                items::updated_at.eq(diesel::dsl::now),
            ))
            .execute(conn)?;
    }
    diesel::update(plans::table.find(plan.get()))
        .set((
            plans::closed_at.eq(diesel::dsl::now),
            plans::closed_by.eq(user_id),
            plans::version.eq(plans::version + 1),
            plans::updated_at.eq(diesel::dsl::now),
        ))
        .returning(PlanRow::as_returning())
        .get_result(conn)
}
