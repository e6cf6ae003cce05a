//! 督查通知书 from the office to an item's unit: numbered per plan, graded, signed for,
//! answered in rounds, sent back or closed (销号).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use duban_shared::cases::{CaseLink, CaseSettings, CaseSource, Escalation, Grade, NoticeRound};
use duban_shared::ids::{NoticeId, PlanId};
use duban_shared::rules;
use duban_shared::supervision::{Notice, NoticeState};

use super::case_files;
use super::schema::{items, notice_escalations, notice_rounds, notices, plans, units};
use super::stored::Stored;
use super::units::UnitRow;

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = notices)]
pub struct NoticeRow {
    pub id: i32,
    pub item_id: i32,
    pub unit_id: i32,
    pub plan_id: i32,
    pub number: String,
    pub reason: String,
    /// The date the current wait for an answer ends.
    pub answer_by: NaiveDate,
    #[diesel(deserialize_as = Stored<Grade>)]
    pub issued_grade: Grade,
    /// The grade at the start of the current wait.
    #[diesel(deserialize_as = Stored<Grade>)]
    pub grade: Grade,
    #[diesel(deserialize_as = Stored<NoticeState>)]
    pub state: NoticeState,
    pub issued_by: i32,
    pub issued_at: DateTime<Utc>,
    pub acknowledged_by: Option<i32>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub closed_by: Option<i32>,
    pub closed_at: Option<DateTime<Utc>>,
    pub close_note: Option<String>,
    pub instruction_id: Option<i32>,
    pub inspection_id: Option<i32>,
    pub version: i32,
}

impl NoticeRow {
    /// The rises of its grade in the current wait, as of `today` (none once answered).
    pub fn live_escalations(&self, today: NaiveDate, settings: &CaseSettings) -> Vec<Escalation> {
        if self.state.awaits_unit() {
            rules::notices::escalations(self.grade, self.answer_by, today, settings)
        } else {
            Vec::new()
        }
    }
}

/// What the office sends: a notice is always to the item's lead unit.
pub struct NewNotice<'a> {
    pub item_id: i32,
    pub unit_id: i32,
    pub plan_id: PlanId,
    pub reason: &'a str,
    pub grade: Grade,
    pub answer_by: NaiveDate,
    pub issued_by: i32,
    pub instruction_id: Option<i32>,
    pub inspection_id: Option<i32>,
}

/// Issues a notice with the plan's next number. The plan row's counter is raised in the
/// same transaction, so two notices issued at once wait for each other and a number is
/// never given twice, nor again after a rollback leaves a gap.
pub fn create(conn: &mut PgConnection, new: &NewNotice) -> QueryResult<NoticeRow> {
    let (seq, year, format): (i32, i32, String) = diesel::update(plans::table.find(new.plan_id.get()))
        .set(plans::notices_numbered.eq(plans::notices_numbered + 1))
        .returning((plans::notices_numbered, plans::year, plans::case_number_format))
        .get_result(conn)?;
    let settings = CaseSettings {
        number_format: format,
        ..CaseSettings::default()
    };
    diesel::insert_into(notices::table)
        .values((
            notices::item_id.eq(new.item_id),
            notices::unit_id.eq(new.unit_id),
            notices::plan_id.eq(new.plan_id.get()),
            notices::seq.eq(seq),
            notices::number.eq(settings.number(year, seq)),
            notices::reason.eq(new.reason),
            notices::issued_grade.eq(new.grade.as_str()),
            notices::grade.eq(new.grade.as_str()),
            notices::answer_by.eq(new.answer_by),
            notices::issued_by.eq(new.issued_by),
            notices::instruction_id.eq(new.instruction_id),
            notices::inspection_id.eq(new.inspection_id),
        ))
        .returning(NoticeRow::as_returning())
        .get_result(conn)
}

pub fn lock(conn: &mut PgConnection, id: NoticeId) -> QueryResult<Option<NoticeRow>> {
    notices::table
        .find(id.get())
        .select(NoticeRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

pub fn find(conn: &mut PgConnection, id: NoticeId) -> QueryResult<Option<NoticeRow>> {
    notices::table
        .find(id.get())
        .select(NoticeRow::as_select())
        .first(conn)
        .optional()
}

/// The notice carrying out a 批示, if the office has issued one.
pub fn for_instruction(conn: &mut PgConnection, instruction_id: i32) -> QueryResult<Option<NoticeRow>> {
    notices::table
        .filter(notices::instruction_id.eq(instruction_id))
        .select(NoticeRow::as_select())
        .first(conn)
        .optional()
}

pub fn acknowledge(conn: &mut PgConnection, id: NoticeId, user_id: i32) -> QueryResult<()> {
    diesel::update(notices::table.find(id.get()))
        .set((
            notices::state.eq(NoticeState::Acknowledged.as_str()),
            notices::acknowledged_by.eq(user_id),
            notices::acknowledged_at.eq(diesel::dsl::now),
            notices::version.eq(notices::version + 1),
        ))
        .execute(conn)
        .map(drop)
}

/// The unit's answer as a new round, with the files uploaded for it. The wait ends: the
/// grades it rose by are written down, and an unsigned notice counts as signed for.
pub fn answer(
    conn: &mut PgConnection,
    row: &NoticeRow,
    text: &str,
    user_id: i32,
    risen: &[Escalation],
) -> QueryResult<()> {
    let round: i64 = notice_rounds::table
        .filter(notice_rounds::notice_id.eq(row.id))
        .count()
        .get_result(conn)?;
    let round = round as i32 + 1;
    diesel::insert_into(notice_rounds::table)
        .values((
            notice_rounds::notice_id.eq(row.id),
            notice_rounds::round.eq(round),
            notice_rounds::answer.eq(text),
            notice_rounds::answered_by.eq(user_id),
        ))
        .execute(conn)?;
    case_files::bind_pending(conn, row.id, round)?;
    let written: i64 = notice_escalations::table
        .filter(notice_escalations::notice_id.eq(row.id))
        .count()
        .get_result(conn)?;
    for (i, e) in risen.iter().enumerate() {
        diesel::insert_into(notice_escalations::table)
            .values((
                notice_escalations::notice_id.eq(row.id),
                notice_escalations::step.eq(written as i32 + i as i32 + 1),
                notice_escalations::from_grade.eq(e.from.as_str()),
                notice_escalations::to_grade.eq(e.to.as_str()),
                notice_escalations::on_day.eq(e.on),
                notice_escalations::missed.eq(e.missed),
                notice_escalations::answer_by.eq(e.answer_by),
            ))
            .execute(conn)?;
    }
    let (grade, answer_by) = risen.last().map_or((row.grade, row.answer_by), |e| (e.to, e.answer_by));
    diesel::update(notices::table.find(row.id))
        .set((
            notices::state.eq(NoticeState::Answered.as_str()),
            notices::grade.eq(grade.as_str()),
            notices::answer_by.eq(answer_by),
            notices::acknowledged_by.eq(row.acknowledged_by.unwrap_or(user_id)),
            notices::acknowledged_at.eq(row.acknowledged_at.unwrap_or_else(Utc::now)),
            notices::version.eq(notices::version + 1),
        ))
        .execute(conn)
        .map(drop)
}

/// The office sends the latest answer back; the unit has until `answer_by` to answer again.
pub fn send_back(
    conn: &mut PgConnection,
    id: NoticeId,
    reason: &str,
    user_id: i32,
    answer_by: NaiveDate,
) -> QueryResult<()> {
    let id = id.get();
    let last: i32 = notice_rounds::table
        .filter(notice_rounds::notice_id.eq(id))
        .select(diesel::dsl::max(notice_rounds::round))
        .first::<Option<i32>>(conn)?
        .ok_or(diesel::result::Error::NotFound)?;
    diesel::update(notice_rounds::table.find((id, last)))
        .set((
            notice_rounds::return_reason.eq(reason),
            notice_rounds::returned_by.eq(user_id),
            notice_rounds::returned_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
    diesel::update(notices::table.find(id))
        .set((
            notices::state.eq(NoticeState::Returned.as_str()),
            notices::answer_by.eq(answer_by),
            notices::version.eq(notices::version + 1),
        ))
        .execute(conn)
        .map(drop)
}

pub fn close(conn: &mut PgConnection, id: NoticeId, note: &str, user_id: i32) -> QueryResult<()> {
    diesel::update(notices::table.find(id.get()))
        .set((
            notices::state.eq(NoticeState::Closed.as_str()),
            notices::close_note.eq(note),
            notices::closed_by.eq(user_id),
            notices::closed_at.eq(diesel::dsl::now),
            notices::version.eq(notices::version + 1),
        ))
        .execute(conn)
        .map(drop)
}

#[derive(Debug, Clone, Default)]
pub struct NoticeFilter {
    pub id: Option<i32>,
    pub plan_id: Option<i32>,
    pub item_id: Option<i32>,
    pub unit_id: Option<i32>,
    /// Any of these states; all when empty.
    pub states: Vec<NoticeState>,
    /// The grade in force today.
    pub grade: Option<Grade>,
    pub overdue: Option<bool>,
}

/// Notices, most urgent first — waiting for the unit before the rest, red before yellow
/// before blue, the earliest answer-by date first — as of `today` (China).
pub fn list(conn: &mut PgConnection, filter: &NoticeFilter, today: NaiveDate) -> QueryResult<Vec<Notice>> {
    let mut query = notices::table
        .inner_join(items::table)
        .inner_join(plans::table)
        .inner_join(units::table)
        .select((
            NoticeRow::as_select(),
            items::number,
            plans::year,
            (
                plans::case_days_blue,
                plans::case_days_yellow,
                plans::case_days_red,
                plans::case_number_format,
            ),
            UnitRow::as_select(),
        ))
        .order(notices::id.desc())
        .into_boxed();
    if let Some(id) = filter.id {
        query = query.filter(notices::id.eq(id));
    }
    if let Some(plan) = filter.plan_id {
        query = query.filter(notices::plan_id.eq(plan));
    }
    if let Some(item) = filter.item_id {
        query = query.filter(notices::item_id.eq(item));
    }
    if let Some(unit) = filter.unit_id {
        query = query.filter(notices::unit_id.eq(unit));
    }
    if !filter.states.is_empty() {
        let names: Vec<&str> = filter.states.iter().map(|s| s.as_str()).collect();
        query = query.filter(notices::state.eq_any(names));
    }
    type Loaded = (NoticeRow, i32, i32, (i32, i32, i32, String), UnitRow);
    let rows: Vec<Loaded> = query.load(conn)?;
    let ids: Vec<i32> = rows.iter().map(|(n, ..)| n.id).collect();
    let mut rounds: HashMap<i32, Vec<RoundRow>> = HashMap::new();
    for r in notice_rounds::table
        .filter(notice_rounds::notice_id.eq_any(&ids))
        .order((notice_rounds::notice_id, notice_rounds::round))
        .select(RoundRow::as_select())
        .load::<RoundRow>(conn)?
    {
        rounds.entry(r.notice_id).or_default().push(r);
    }
    let mut frozen: HashMap<i32, Vec<Escalation>> = HashMap::new();
    for (notice_id, from, to, on, missed, answer_by) in notice_escalations::table
        .filter(notice_escalations::notice_id.eq_any(&ids))
        .order((notice_escalations::notice_id, notice_escalations::step))
        .select((
            notice_escalations::notice_id,
            notice_escalations::from_grade,
            notice_escalations::to_grade,
            notice_escalations::on_day,
            notice_escalations::missed,
            notice_escalations::answer_by,
        ))
        .load::<(i32, Stored<Grade>, Stored<Grade>, NaiveDate, NaiveDate, NaiveDate)>(conn)?
    {
        let reason = rules::notices::escalation_reason(from.0, to.0, missed);
        frozen.entry(notice_id).or_default().push(Escalation {
            from: from.0,
            to: to.0,
            on,
            missed,
            answer_by,
            reason,
        });
    }
    let mut files = case_files::for_notices(conn, &ids)?;
    let user_ids: Vec<i32> = rows
        .iter()
        .flat_map(|(n, ..)| [Some(n.issued_by), n.acknowledged_by, n.closed_by])
        .flatten()
        .chain(
            rounds
                .values()
                .flatten()
                .flat_map(|r| [Some(r.answered_by), r.returned_by])
                .flatten(),
        )
        .collect();
    let names = super::users::signatures(conn, &user_ids)?;
    let name = |id: i32| names.get(&id).cloned().unwrap_or_default();
    let mut out: Vec<Notice> = rows
        .into_iter()
        .map(
            |(n, item_number, plan_year, (days_blue, days_yellow, days_red, number_format), unit)| {
                let settings = CaseSettings {
                    days_blue,
                    days_yellow,
                    days_red,
                    number_format,
                };
                let live = n.live_escalations(today, &settings);
                let overdue = n.state.awaits_unit() && today > n.answer_by;
                let answer_by = live.last().map_or(n.answer_by, |e| e.answer_by);
                let grade = live.last().map_or(n.grade, |e| e.to);
                let mut escalations = frozen.remove(&n.id).unwrap_or_default();
                escalations.extend(live);
                let mut own_files = files.remove(&n.id).unwrap_or_default();
                let rounds: Vec<NoticeRound> = rounds
                    .remove(&n.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|r| NoticeRound {
                        round: r.round,
                        attachments: own_files.remove(&Some(r.round)).unwrap_or_default(),
                        answer: r.answer,
                        answered_by: name(r.answered_by),
                        answered_at: r.answered_at,
                        return_reason: r.return_reason,
                        returned_by: r.returned_by.map(name),
                        returned_at: r.returned_at,
                    })
                    .collect();
                let last = rounds.last();
                Notice {
                    id: n.id,
                    number: n.number,
                    item_id: n.item_id,
                    item_number,
                    plan_year,
                    unit: unit.into(),
                    grade,
                    issued_grade: n.issued_grade,
                    escalations,
                    reason: n.reason,
                    answer_by,
                    issued_by: name(n.issued_by),
                    issued_at: n.issued_at,
                    acknowledged_by: n.acknowledged_by.map(name),
                    acknowledged_at: n.acknowledged_at,
                    answer: last.map(|r| r.answer.clone()),
                    answered_by: last.map(|r| r.answered_by.clone()),
                    answered_at: last.map(|r| r.answered_at),
                    pending_attachments: own_files.remove(&None).unwrap_or_default(),
                    rounds,
                    closed_by: n.closed_by.map(name),
                    closed_at: n.closed_at,
                    close_note: n.close_note,
                    source: CaseSource {
                        instruction_id: n.instruction_id,
                        inspection_id: n.inspection_id,
                    },
                    state: n.state,
                    overdue,
                    version: n.version,
                }
            },
        )
        .filter(|n| filter.grade.is_none_or(|g| n.grade == g))
        .filter(|n| filter.overdue.is_none_or(|o| n.overdue == o))
        .collect();
    out.sort_by_key(urgency);
    Ok(out)
}

/// The sort key of [`list`]: what the unit owes first, then by grade and date; newest
/// first among equals.
fn urgency(n: &Notice) -> (bool, std::cmp::Reverse<u8>, NaiveDate, std::cmp::Reverse<i32>) {
    (
        !n.state.awaits_unit(),
        std::cmp::Reverse(n.grade.rank()),
        n.answer_by,
        std::cmp::Reverse(n.id),
    )
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = notice_rounds)]
struct RoundRow {
    notice_id: i32,
    round: i32,
    answer: String,
    answered_by: i32,
    answered_at: DateTime<Utc>,
    return_reason: Option<String>,
    returned_by: Option<i32>,
    returned_at: Option<DateTime<Utc>>,
}

pub fn dto(conn: &mut PgConnection, id: NoticeId, today: NaiveDate) -> QueryResult<Notice> {
    let filter = NoticeFilter {
        id: Some(id.get()),
        ..Default::default()
    };
    list(conn, &filter, today)?
        .into_iter()
        .next()
        .ok_or(diesel::result::Error::NotFound)
}

/// The notices that carry out these 批示 or inspections, as links, by their source's id.
pub fn links(conn: &mut PgConnection, by: LinkBy, ids: &[i32]) -> QueryResult<HashMap<i32, CaseLink>> {
    let mut query = notices::table
        .select((
            notices::instruction_id,
            notices::inspection_id,
            notices::id,
            notices::number,
            notices::state,
            notices::closed_at,
            notices::close_note,
        ))
        .into_boxed();
    query = match by {
        LinkBy::Instruction => query.filter(notices::instruction_id.eq_any(ids)),
        LinkBy::Inspection => query.filter(notices::inspection_id.eq_any(ids)),
    };
    type Linked = (
        Option<i32>,
        Option<i32>,
        i32,
        String,
        Stored<NoticeState>,
        Option<DateTime<Utc>>,
        Option<String>,
    );
    Ok(query
        .load::<Linked>(conn)?
        .into_iter()
        .filter_map(
            |(instruction, inspection, notice_id, number, state, closed_at, close_note)| {
                let key = match by {
                    LinkBy::Instruction => instruction?,
                    LinkBy::Inspection => inspection?,
                };
                let link = CaseLink {
                    notice_id,
                    number,
                    state: state.0,
                    closed_at,
                    close_note,
                };
                Some((key, link))
            },
        )
        .collect())
}

#[derive(Debug, Clone, Copy)]
pub enum LinkBy {
    Instruction,
    Inspection,
}
