//! The deputies' evaluation rounds (满意度测评) and their ballots.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use duban_shared::evaluation::{Evaluation, MyBallot, Score};
use duban_shared::ids::PlanId;

use super::schema::{evaluation_ballots, evaluation_rounds, items, plans, units, users};

/// A round as stored.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = evaluation_rounds)]
pub struct RoundRow {
    pub id: i32,
    pub plan_id: i32,
    pub title: String,
    pub opened_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub version: i32,
}

impl RoundRow {
    pub fn closed(&self) -> bool {
        self.closed_at.is_some()
    }
}

pub fn open(conn: &mut PgConnection, plan_id: PlanId, title: &str, user_id: i32) -> QueryResult<RoundRow> {
    diesel::insert_into(evaluation_rounds::table)
        .values((
            evaluation_rounds::plan_id.eq(plan_id.get()),
            evaluation_rounds::title.eq(title),
            evaluation_rounds::opened_by.eq(user_id),
        ))
        .returning(RoundRow::as_returning())
        .get_result(conn)
}

/// The plan's round, if it has one.
pub fn of_plan(conn: &mut PgConnection, plan_id: PlanId) -> QueryResult<Option<RoundRow>> {
    evaluation_rounds::table
        .filter(evaluation_rounds::plan_id.eq(plan_id.get()))
        .select(RoundRow::as_select())
        .first(conn)
        .optional()
}

/// The plan's round, share-locked for a ballot: ballots go side by side, and a close under
/// way makes them wait (and then refuses them).
pub fn lock_for_ballot(conn: &mut PgConnection, plan_id: PlanId) -> QueryResult<Option<RoundRow>> {
    evaluation_rounds::table
        .filter(evaluation_rounds::plan_id.eq(plan_id.get()))
        .select(RoundRow::as_select())
        .for_share()
        .first(conn)
        .optional()
}

/// The plan's round, locked for closing: it waits for the ballots being cast.
pub fn lock_for_close(conn: &mut PgConnection, plan_id: PlanId) -> QueryResult<Option<RoundRow>> {
    evaluation_rounds::table
        .filter(evaluation_rounds::plan_id.eq(plan_id.get()))
        .select(RoundRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

pub fn close(conn: &mut PgConnection, round_id: i32, user_id: i32) -> QueryResult<RoundRow> {
    diesel::update(evaluation_rounds::table.find(round_id))
        .set((
            evaluation_rounds::closed_by.eq(user_id),
            evaluation_rounds::closed_at.eq(diesel::dsl::now),
            evaluation_rounds::version.eq(evaluation_rounds::version + 1),
        ))
        .returning(RoundRow::as_returning())
        .get_result(conn)
}

/// The round as the API shows it: with how many deputies there are and how many have voted.
pub fn shown(conn: &mut PgConnection, round: &RoundRow) -> QueryResult<Evaluation> {
    let year: i32 = plans::table.find(round.plan_id).select(plans::year).first(conn)?;
    let voters = evaluation_ballots::table
        .filter(evaluation_ballots::round_id.eq(round.id))
        .select(evaluation_ballots::deputy_id);
    let deputies: i64 = users::table
        .filter(users::role.eq("deputy"))
        .filter(users::disabled_at.is_null().or(users::id.eq_any(voters)))
        .count()
        .get_result(conn)?;
    let voted: i64 = evaluation_ballots::table
        .filter(evaluation_ballots::round_id.eq(round.id))
        .select(diesel::dsl::count(evaluation_ballots::deputy_id).aggregate_distinct())
        .first(conn)?;
    Ok(Evaluation {
        id: round.id,
        plan_year: year,
        title: round.title.clone(),
        opened_at: round.opened_at,
        closed_at: round.closed_at,
        version: round.version,
        deputies,
        voted,
    })
}

/// The item of `plan_id` numbered `number`, if there is one.
pub fn item_numbered(conn: &mut PgConnection, plan_id: PlanId, number: i32) -> QueryResult<Option<i32>> {
    items::table
        .filter(items::plan_id.eq(plan_id.get()))
        .filter(items::number.eq(number))
        .select(items::id)
        .first(conn)
        .optional()
}

/// Casts or changes `deputy_id`'s ballot on one item: one row per (round, item, deputy).
pub fn cast(
    conn: &mut PgConnection,
    round_id: i32,
    item_id: i32,
    deputy_id: i32,
    score: Score,
    comment: &str,
) -> QueryResult<()> {
    diesel::insert_into(evaluation_ballots::table)
        .values((
            evaluation_ballots::round_id.eq(round_id),
            evaluation_ballots::item_id.eq(item_id),
            evaluation_ballots::deputy_id.eq(deputy_id),
            evaluation_ballots::score.eq(score.code()),
            evaluation_ballots::comment.eq(comment),
        ))
        .on_conflict((
            evaluation_ballots::round_id,
            evaluation_ballots::item_id,
            evaluation_ballots::deputy_id,
        ))
        .do_update()
        .set((
            evaluation_ballots::score.eq(score.code()),
            evaluation_ballots::comment.eq(comment),
            evaluation_ballots::cast_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .map(drop)
}

/// `deputy_id`'s ballots in the round, by item number.
pub fn ballots_of(conn: &mut PgConnection, round_id: i32, deputy_id: i32) -> QueryResult<Vec<MyBallot>> {
    let rows: Vec<(i32, String, String)> = evaluation_ballots::table
        .inner_join(items::table)
        .filter(evaluation_ballots::round_id.eq(round_id))
        .filter(evaluation_ballots::deputy_id.eq(deputy_id))
        .order(items::number)
        .select((items::number, evaluation_ballots::score, evaluation_ballots::comment))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(number, score, comment)| {
            Some(MyBallot {
                number,
                score: Score::from_code(&score)?,
                comment,
            })
        })
        .collect())
}

/// Every item of the plan as (number, content, lead unit), in order.
pub fn items_of(conn: &mut PgConnection, plan_id: PlanId) -> QueryResult<Vec<(i32, String, String)>> {
    items::table
        .inner_join(units::table.on(units::id.eq(items::lead_unit_id)))
        .filter(items::plan_id.eq(plan_id.get()))
        .order(items::number)
        .select((items::number, items::content, units::name))
        .load(conn)
}

/// Every ballot of the round as (item number, score, comment): no deputy named.
pub fn all_ballots(conn: &mut PgConnection, round_id: i32) -> QueryResult<Vec<(i32, Score, String)>> {
    let rows: Vec<(i32, String, String)> = evaluation_ballots::table
        .inner_join(items::table)
        .filter(evaluation_ballots::round_id.eq(round_id))
        .order((items::number, evaluation_ballots::comment))
        .select((items::number, evaluation_ballots::score, evaluation_ballots::comment))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(n, s, c)| Some((n, Score::from_code(&s)?, c)))
        .collect())
}
