//! Milestone completion, reopening and moved deadlines.

use chrono::NaiveDate;
use diesel::prelude::*;

use duban_shared::api::Milestone;
use duban_shared::ids::MilestoneId;

use super::items::MilestoneRow;
use super::schema::milestones;

/// The milestone, locked for the rest of the transaction.
pub fn lock(conn: &mut PgConnection, id: MilestoneId) -> QueryResult<Option<MilestoneRow>> {
    let id = id.get();
    milestones::table
        .find(id)
        .select(MilestoneRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

pub fn find(conn: &mut PgConnection, id: MilestoneId) -> QueryResult<Option<MilestoneRow>> {
    let id = id.get();
    milestones::table
        .find(id)
        .select(MilestoneRow::as_select())
        .first(conn)
        .optional()
}

pub fn complete(
    conn: &mut PgConnection,
    id: MilestoneId,
    completed_on: NaiveDate,
    note: &str,
    user_id: i32,
) -> QueryResult<MilestoneRow> {
    let id = id.get();
    diesel::update(milestones::table.find(id))
        .set((
            milestones::completed_on.eq(completed_on),
            milestones::completion_note.eq(note),
            milestones::completed_by.eq(user_id),
            milestones::completed_at.eq(diesel::dsl::now),
            milestones::reopen_reason.eq(None::<String>),
            milestones::version.eq(milestones::version + 1),
        ))
        .returning(MilestoneRow::as_returning())
        .get_result(conn)
}

pub fn reopen(conn: &mut PgConnection, id: MilestoneId, reason: &str) -> QueryResult<MilestoneRow> {
    let id = id.get();
    diesel::update(milestones::table.find(id))
        .set((
            milestones::completed_on.eq(None::<NaiveDate>),
            milestones::completed_by.eq(None::<i32>),
            milestones::completed_at.eq(None::<chrono::DateTime<chrono::Utc>>),
            milestones::reopen_reason.eq(reason),
            milestones::version.eq(milestones::version + 1),
        ))
        .returning(MilestoneRow::as_returning())
        .get_result(conn)
}

/// Moves the deadline (an approved extension); the notice's date stays in `original_due_date`.
pub fn move_due_date(conn: &mut PgConnection, id: MilestoneId, due: NaiveDate) -> QueryResult<MilestoneRow> {
    let id = id.get();
    diesel::update(milestones::table.find(id))
        .set((
            milestones::due_date.eq(due),
            milestones::version.eq(milestones::version + 1),
        ))
        .returning(MilestoneRow::as_returning())
        .get_result(conn)
}

/// The milestone as the API shows it, with its evidence.
pub fn dto(conn: &mut PgConnection, row: MilestoneRow) -> QueryResult<Milestone> {
    let evidence = super::evidence::for_items(conn, &[row.item_id])?
        .into_iter()
        .filter(|e| e.milestone_id == row.id)
        .collect();
    Ok(Milestone {
        id: row.id,
        seq: row.seq,
        due_date: row.due_date,
        original_due_date: row.original_due_date,
        target_text: row.target_text,
        completed_on: row.completed_on,
        completion_note: row.completion_note,
        reopen_reason: row.reopen_reason,
        evidence,
        version: row.version,
    })
}
