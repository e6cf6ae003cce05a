//! What the reminder rules look at (open plans, missing reports, milestones and notices
//! falling due) and the key that sends each reminder once.

use chrono::NaiveDate;
use diesel::prelude::*;
use duban_shared::cases::Grade;
use duban_shared::lights::Period;
use duban_shared::reminders::ReminderRule;

use super::plans::PlanRow;
use super::schema::{items, milestones, notices, plans, reminders_sent, reports, units};
use super::stored::Stored;

/// Published plans not closed: the only ones that remind.
pub fn open_plans(conn: &mut PgConnection) -> QueryResult<Vec<PlanRow>> {
    plans::table
        .filter(plans::status.eq("published"))
        .filter(plans::closed_at.is_null())
        .order(plans::year)
        .select(PlanRow::as_select())
        .load(conn)
}

/// A unit whose report for a month is not in, for some of its items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitMissing {
    pub unit_id: i32,
    pub unit_name: String,
    pub unit_code: String,
    /// (item id, item number), by number.
    pub items: Vec<(i32, i32)>,
}

/// The lead units of the plan's items without a submitted or accepted report for `period`.
pub fn missing_reports(conn: &mut PgConnection, plan_id: i32, period: Period) -> QueryResult<Vec<UnitMissing>> {
    let in_states = ["submitted", "accepted"];
    let rows: Vec<(i32, String, String, i32, i32)> = items::table
        .inner_join(units::table.on(units::id.eq(items::lead_unit_id)))
        .filter(items::plan_id.eq(plan_id))
        .filter(diesel::dsl::not(diesel::dsl::exists(
            reports::table
                .filter(reports::item_id.eq(items::id))
                .filter(reports::period.eq(period.to_string()))
                .filter(reports::state.eq_any(in_states)),
        )))
        .order((units::id, items::number))
        .select((units::id, units::name, units::code, items::id, items::number))
        .load(conn)?;
    let mut out: Vec<UnitMissing> = Vec::new();
    for (unit_id, unit_name, unit_code, item_id, number) in rows {
        match out.last_mut() {
            Some(u) if u.unit_id == unit_id => u.items.push((item_id, number)),
            _ => out.push(UnitMissing {
                unit_id,
                unit_name,
                unit_code,
                items: vec![(item_id, number)],
            }),
        }
    }
    Ok(out)
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct MilestoneDue {
    pub milestone_id: i32,
    pub item_id: i32,
    pub item_number: i32,
    pub unit_id: i32,
    pub due_date: NaiveDate,
    pub target_text: String,
}

/// The plan's milestones not completed whose due date is within `from..=to`.
pub fn milestones_due(
    conn: &mut PgConnection,
    plan_id: i32,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<MilestoneDue>> {
    milestones::table
        .inner_join(items::table)
        .filter(items::plan_id.eq(plan_id))
        .filter(milestones::completed_on.is_null())
        .filter(milestones::due_date.between(from, to))
        .order((milestones::due_date, items::number, milestones::seq))
        .select((
            milestones::id,
            items::id,
            items::number,
            items::lead_unit_id,
            milestones::due_date,
            milestones::target_text,
        ))
        .load(conn)
}

#[derive(Debug, Clone, Queryable)]
pub struct NoticeAwaiting {
    pub id: i32,
    pub item_id: i32,
    pub unit_id: i32,
    pub number: String,
    pub grade: Stored<Grade>,
    /// The end of the current wait, before any rise of grade since.
    pub answer_by: NaiveDate,
}

/// The plan's notices waiting for the unit's answer.
pub fn notices_awaiting(conn: &mut PgConnection, plan_id: i32) -> QueryResult<Vec<NoticeAwaiting>> {
    notices::table
        .filter(notices::plan_id.eq(plan_id))
        .filter(notices::state.eq_any(["open", "acknowledged", "returned"]))
        .order(notices::id)
        .select((
            notices::id,
            notices::item_id,
            notices::unit_id,
            notices::number,
            notices::grade,
            notices::answer_by,
        ))
        .load(conn)
}

/// Whether this reminder has gone out already (for the dry run).
pub fn already_sent(conn: &mut PgConnection, rule: ReminderRule, target_id: i32, period: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        reminders_sent::table
            .filter(reminders_sent::rule.eq(rule.as_str()))
            .filter(reminders_sent::target_id.eq(target_id))
            .filter(reminders_sent::period.eq(period)),
    ))
    .get_result(conn)
}

/// Takes the reminder's key: `true` for the one caller that may send it, `false` for every
/// other (it went out before, or another instance is sending it now and will commit first).
pub fn claim(
    conn: &mut PgConnection,
    rule: ReminderRule,
    target_id: i32,
    period: &str,
    plan_id: i32,
    unit_id: i32,
) -> QueryResult<bool> {
    let inserted = diesel::insert_into(reminders_sent::table)
        .values((
            reminders_sent::rule.eq(rule.as_str()),
            reminders_sent::target_id.eq(target_id),
            reminders_sent::period.eq(period),
            reminders_sent::plan_id.eq(plan_id),
            reminders_sent::unit_id.eq(unit_id),
        ))
        .on_conflict_do_nothing()
        .execute(conn)?;
    Ok(inserted == 1)
}
