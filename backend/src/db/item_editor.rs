//! The office's edits to an item: the item with its milestones, indicators and targets,
//! saved whole in one transaction. Rows the input names by id are edited in place, so a
//! milestone keeps its completion and evidence and an indicator its reported values.
//!
//! The caller has checked the input (`ItemInput::problems`) and that every id it names
//! belongs to this item.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use duban_shared::ids::{ItemId, PlanId};
use duban_shared::plan_edit::ItemInput;

use super::schema::{indicator_targets, indicators, item_co_units, items, milestones};

/// The item, locked for an edit: (plan id, version).
pub fn lock(conn: &mut PgConnection, id: ItemId) -> QueryResult<Option<(i32, i32)>> {
    let id = id.get();
    items::table
        .find(id)
        .for_update()
        .select((items::plan_id, items::version))
        .first(conn)
        .optional()
}

pub fn create(conn: &mut PgConnection, plan_id: PlanId, input: &ItemInput) -> QueryResult<i32> {
    let plan_id = plan_id.get();
    defer_uniqueness(conn)?;
    let id = diesel::insert_into(items::table)
        .values((
            items::plan_id.eq(plan_id),
            items::category_id.eq(input.category_id),
            items::number.eq(input.number),
            items::content.eq(input.content.trim()),
            items::lead_unit_id.eq(input.lead_unit_id),
        ))
        .returning(items::id)
        .get_result(conn)?;
    save_parts(conn, id, input)?;
    Ok(id)
}

pub fn update(conn: &mut PgConnection, id: ItemId, input: &ItemInput) -> QueryResult<()> {
    let id = id.get();
    defer_uniqueness(conn)?;
    diesel::update(items::table.find(id))
        .set((
            items::category_id.eq(input.category_id),
            items::number.eq(input.number),
            items::content.eq(input.content.trim()),
            items::lead_unit_id.eq(input.lead_unit_id),
            items::version.eq(items::version + 1),
            items::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
    save_parts(conn, id, input)
}

/// Removes an item; the `_kept` constraints refuse it once reports or notices exist.
pub fn delete(conn: &mut PgConnection, id: ItemId) -> QueryResult<usize> {
    let id = id.get();
    diesel::delete(items::table.find(id)).execute(conn)
}

/// Milestones may trade dates and indicators names within one save; check at commit.
fn defer_uniqueness(conn: &mut PgConnection) -> QueryResult<()> {
    diesel::sql_query(
        "SET CONSTRAINTS milestones_item_id_seq_key, milestones_item_id_due_date_key, \
         indicators_item_id_seq_key, indicators_item_id_name_key DEFERRED",
    )
    .execute(conn)
    .map(|_| ())
}

#[derive(Queryable)]
struct MilestoneNow {
    id: i32,
    due_date: NaiveDate,
    original_due_date: NaiveDate,
    target_text: String,
    seq: i32,
}

fn save_parts(conn: &mut PgConnection, item_id: i32, input: &ItemInput) -> QueryResult<()> {
    diesel::delete(item_co_units::table.filter(item_co_units::item_id.eq(item_id))).execute(conn)?;
    let co: Vec<_> = input
        .co_unit_ids
        .iter()
        .map(|u| (item_co_units::item_id.eq(item_id), item_co_units::unit_id.eq(u)))
        .collect();
    diesel::insert_into(item_co_units::table).values(co).execute(conn)?;

    let milestone_ids = save_milestones(conn, item_id, input)?;

    let kept: Vec<i32> = input.indicators.iter().filter_map(|i| i.id).collect();
    diesel::delete(
        indicators::table
            .filter(indicators::item_id.eq(item_id))
            .filter(indicators::id.ne_all(&kept)),
    )
    .execute(conn)?;
    diesel::delete(indicator_targets::table.filter(indicator_targets::item_id.eq(item_id))).execute(conn)?;
    for (i, ind) in input.indicators.iter().enumerate() {
        let values = (
            indicators::seq.eq(i as i32 + 1),
            indicators::name.eq(ind.name.trim()),
            indicators::measure.eq(ind.measure.trim()),
            indicators::kind.eq(ind.kind.as_str()),
            indicators::final_target.eq(ind.final_target().unwrap_or(0.0)),
        );
        let indicator_id: i32 = match ind.id {
            Some(id) => diesel::update(indicators::table.find(id))
                .set(values)
                .returning(indicators::id)
                .get_result(conn)?,
            None => diesel::insert_into(indicators::table)
                .values((indicators::item_id.eq(item_id), values))
                .returning(indicators::id)
                .get_result(conn)?,
        };
        let targets: Vec<_> = ind
            .targets
            .iter()
            .zip(&milestone_ids)
            .filter_map(|(t, m)| t.map(|t| (*m, t)))
            .map(|(milestone_id, target)| {
                (
                    indicator_targets::indicator_id.eq(indicator_id),
                    indicator_targets::milestone_id.eq(milestone_id),
                    indicator_targets::item_id.eq(item_id),
                    indicator_targets::target.eq(target),
                )
            })
            .collect();
        diesel::insert_into(indicator_targets::table)
            .values(targets)
            .execute(conn)?;
    }
    Ok(())
}

/// Saves the milestones in the input's order; returns their ids in that order.
fn save_milestones(conn: &mut PgConnection, item_id: i32, input: &ItemInput) -> QueryResult<Vec<i32>> {
    let kept: Vec<i32> = input.milestones.iter().filter_map(|m| m.id).collect();
    diesel::delete(
        milestones::table
            .filter(milestones::item_id.eq(item_id))
            .filter(milestones::id.ne_all(&kept)),
    )
    .execute(conn)?;
    let now: HashMap<i32, MilestoneNow> = milestones::table
        .filter(milestones::item_id.eq(item_id))
        .select((
            milestones::id,
            milestones::due_date,
            milestones::original_due_date,
            milestones::target_text,
            milestones::seq,
        ))
        .load::<MilestoneNow>(conn)?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let mut ids = Vec::with_capacity(input.milestones.len());
    for (i, m) in input.milestones.iter().enumerate() {
        let seq = i as i32 + 1;
        let text = m.target_text.trim();
        let id = match m.id.and_then(|id| now.get(&id)) {
            Some(old) => {
                // An approved extension moved the date in force; a new notice date never
                // pulls it back before the extension.
                let extended = old.due_date != old.original_due_date;
                let due = if extended {
                    old.due_date.max(m.due_date)
                } else {
                    m.due_date
                };
                let changed = (old.original_due_date, old.due_date, old.target_text.as_str(), old.seq)
                    != (m.due_date, due, text, seq);
                if changed {
                    diesel::update(milestones::table.find(old.id))
                        .set((
                            milestones::seq.eq(seq),
                            milestones::original_due_date.eq(m.due_date),
                            milestones::due_date.eq(due),
                            milestones::target_text.eq(text),
                            milestones::version.eq(milestones::version + 1),
                        ))
                        .execute(conn)?;
                }
                old.id
            }
            None => diesel::insert_into(milestones::table)
                .values((
                    milestones::item_id.eq(item_id),
                    milestones::seq.eq(seq),
                    milestones::due_date.eq(m.due_date),
                    milestones::original_due_date.eq(m.due_date),
                    milestones::target_text.eq(text),
                ))
                .returning(milestones::id)
                .get_result(conn)?,
        };
        ids.push(id);
    }
    Ok(ids)
}
