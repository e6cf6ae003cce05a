//! Queries on monthly reports, their figures and their submitted versions.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use duban_shared::ids::{ItemId, PlanId};
use duban_shared::lights::{china_date, Period};
use duban_shared::permissions::DraftsSeen;
use duban_shared::reporting::{IndicatorValue, Report, ReportContent, ReportState, ReportVersion};

use super::schema::{items, report_values, report_versions, reports};
use super::stored::Stored;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = reports)]
pub struct ReportRow {
    pub id: i32,
    pub item_id: i32,
    pub period: String,
    #[diesel(deserialize_as = Stored<ReportState>)]
    pub state: ReportState,
    pub progress: String,
    pub problems: String,
    pub next_steps: String,
    pub return_reason: Option<String>,
    pub due_on: NaiveDate,
    pub created_by: i32,
    pub updated_by: i32,
    pub updated_at: DateTime<Utc>,
    pub first_submitted_at: Option<DateTime<Utc>>,
    pub version: i32,
}

impl ReportRow {
    pub fn state(&self) -> ReportState {
        self.state
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = report_versions)]
struct VersionRow {
    report_id: i32,
    number: i32,
    progress: String,
    problems: String,
    next_steps: String,
    indicator_values: serde_json::Value,
    submitted_by: i32,
    submitted_at: DateTime<Utc>,
    late: bool,
    decision: Option<String>,
    reason: Option<String>,
    decided_by: Option<i32>,
    decided_at: Option<DateTime<Utc>>,
}

/// The report of an item for a month, locked for the rest of the transaction.
pub fn lock(conn: &mut PgConnection, item_id: ItemId, period: Period) -> QueryResult<Option<ReportRow>> {
    let item_id = item_id.get();
    reports::table
        .filter(reports::item_id.eq(item_id))
        .filter(reports::period.eq(period.to_string()))
        .select(ReportRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

pub fn find(conn: &mut PgConnection, item_id: ItemId, period: Period) -> QueryResult<Option<ReportRow>> {
    let item_id = item_id.get();
    reports::table
        .filter(reports::item_id.eq(item_id))
        .filter(reports::period.eq(period.to_string()))
        .select(ReportRow::as_select())
        .first(conn)
        .optional()
}

/// A month's report as it stands (`own`, when there is one) and the latest earlier report with
/// its figures (`before`, for pre-filling), read together in one statement.
pub struct MonthAndBefore {
    pub own: Option<ReportRow>,
    pub before: Option<(ReportRow, Vec<IndicatorValue>)>,
}

/// The item's report for `period` and its latest report before it (see [`MonthAndBefore`]).
/// The month's own row is not locked: a report is started only where there is none, and two
/// clients starting the same month meet at the unique key.
pub fn month_and_before(conn: &mut PgConnection, item_id: ItemId, period: Period) -> QueryResult<MonthAndBefore> {
    use super::fixed_sql::fixed_sql;
    use diesel::sql_types::{Array, Double, Integer};
    let item_id = item_id.get();
    let month = period.to_string();
    // The values come in the same statement, ordered as `values_of` orders them.
    let rows: Vec<(ReportRow, Vec<i32>, Vec<f64>)> = reports::table
        .filter(reports::item_id.eq(item_id))
        .filter(reports::period.le(&month))
        .order(reports::period.desc())
        .limit(2)
        .select((
            ReportRow::as_select(),
            fixed_sql::<Array<Integer>>(
                "ARRAY(SELECT v.indicator_id FROM report_values v WHERE v.report_id = reports.id ORDER BY v.indicator_id)",
            ),
            fixed_sql::<Array<Double>>(
                "ARRAY(SELECT v.value FROM report_values v WHERE v.report_id = reports.id ORDER BY v.indicator_id)",
            ),
        ))
        .load(conn)?;
    let mut rows = rows.into_iter();
    let first = rows.next();
    let (own, before) = match first {
        Some(r) if r.0.period == month => (Some(r.0), rows.next()),
        other => (None, other),
    };
    Ok(MonthAndBefore {
        own,
        before: before.map(|(row, indicators, values)| {
            let values = indicators
                .into_iter()
                .zip(values)
                .map(|(indicator_id, value)| IndicatorValue { indicator_id, value })
                .collect();
            (row, values)
        }),
    })
}

fn values_of(conn: &mut PgConnection, report_ids: &[i32]) -> QueryResult<HashMap<i32, Vec<IndicatorValue>>> {
    let mut out: HashMap<i32, Vec<IndicatorValue>> = HashMap::new();
    for (report_id, indicator_id, value) in report_values::table
        .filter(report_values::report_id.eq_any(report_ids))
        .order((report_values::report_id, report_values::indicator_id))
        .select((
            report_values::report_id,
            report_values::indicator_id,
            report_values::value,
        ))
        .load::<(i32, i32, f64)>(conn)?
    {
        out.entry(report_id)
            .or_default()
            .push(IndicatorValue { indicator_id, value });
    }
    Ok(out)
}

pub struct NewReportRow<'a> {
    pub item_id: i32,
    pub period: Period,
    pub due_on: NaiveDate,
    pub content: &'a ReportContent,
    pub user_id: i32,
}

pub fn create(conn: &mut PgConnection, new: &NewReportRow<'_>) -> QueryResult<ReportRow> {
    let row: ReportRow = diesel::insert_into(reports::table)
        .values((
            reports::item_id.eq(new.item_id),
            reports::period.eq(new.period.to_string()),
            reports::progress.eq(&new.content.progress),
            reports::problems.eq(&new.content.problems),
            reports::next_steps.eq(&new.content.next_steps),
            reports::due_on.eq(new.due_on),
            reports::created_by.eq(new.user_id),
            reports::updated_by.eq(new.user_id),
        ))
        .returning(ReportRow::as_returning())
        .get_result(conn)?;
    // A new report has no values to replace.
    insert_values(conn, &row, &new.content.values)?;
    Ok(row)
}

fn replace_values(conn: &mut PgConnection, row: &ReportRow, values: &[IndicatorValue]) -> QueryResult<()> {
    diesel::delete(report_values::table.filter(report_values::report_id.eq(row.id))).execute(conn)?;
    insert_values(conn, row, values)
}

fn insert_values(conn: &mut PgConnection, row: &ReportRow, values: &[IndicatorValue]) -> QueryResult<()> {
    if values.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = values
        .iter()
        .map(|v| {
            (
                report_values::report_id.eq(row.id),
                report_values::item_id.eq(row.item_id),
                report_values::indicator_id.eq(v.indicator_id),
                report_values::value.eq(v.value),
            )
        })
        .collect();
    diesel::insert_into(report_values::table).values(rows).execute(conn)?;
    Ok(())
}

pub fn update_content(
    conn: &mut PgConnection,
    row: &ReportRow,
    content: &ReportContent,
    user_id: i32,
) -> QueryResult<ReportRow> {
    let updated: ReportRow = diesel::update(reports::table.find(row.id))
        .set((
            reports::progress.eq(&content.progress),
            reports::problems.eq(&content.problems),
            reports::next_steps.eq(&content.next_steps),
            reports::updated_by.eq(user_id),
            reports::updated_at.eq(diesel::dsl::now),
            reports::version.eq(reports::version + 1),
        ))
        .returning(ReportRow::as_returning())
        .get_result(conn)?;
    replace_values(conn, &updated, &content.values)?;
    Ok(updated)
}

/// Marks the report submitted and keeps a copy of what was sent.
pub fn submit(conn: &mut PgConnection, row: &ReportRow, user_id: i32, now: DateTime<Utc>) -> QueryResult<ReportRow> {
    let first = row.first_submitted_at.unwrap_or(now);
    let late = china_date(first) > row.due_on;
    let values = values_of(conn, &[row.id])?.remove(&row.id).unwrap_or_default();
    let json: serde_json::Map<String, serde_json::Value> = values
        .iter()
        .map(|v| (v.indicator_id.to_string(), serde_json::json!(v.value)))
        .collect();
    let number: i64 = report_versions::table
        .filter(report_versions::report_id.eq(row.id))
        .count()
        .get_result(conn)?;
    diesel::insert_into(report_versions::table)
        .values((
            report_versions::report_id.eq(row.id),
            report_versions::number.eq(number as i32 + 1),
            report_versions::progress.eq(&row.progress),
            report_versions::problems.eq(&row.problems),
            report_versions::next_steps.eq(&row.next_steps),
            report_versions::indicator_values.eq(serde_json::Value::Object(json)),
            report_versions::submitted_by.eq(user_id),
            report_versions::submitted_at.eq(now),
            report_versions::late.eq(late),
        ))
        .execute(conn)?;
    diesel::update(reports::table.find(row.id))
        .set((
            reports::state.eq(ReportState::Submitted.as_str()),
            reports::return_reason.eq(None::<String>),
            reports::first_submitted_at.eq(first),
            reports::updated_by.eq(user_id),
            reports::updated_at.eq(now),
            reports::version.eq(reports::version + 1),
        ))
        .returning(ReportRow::as_returning())
        .get_result(conn)
}

/// The office accepts or returns the submitted report; the decision is kept on its version.
pub fn decide(
    conn: &mut PgConnection,
    row: &ReportRow,
    decision: ReportState,
    reason: Option<&str>,
    user_id: i32,
    now: DateTime<Utc>,
) -> QueryResult<ReportRow> {
    let latest: i32 = report_versions::table
        .filter(report_versions::report_id.eq(row.id))
        .select(diesel::dsl::max(report_versions::number))
        .first::<Option<i32>>(conn)?
        .unwrap_or(0);
    diesel::update(
        report_versions::table
            .filter(report_versions::report_id.eq(row.id))
            .filter(report_versions::number.eq(latest)),
    )
    .set((
        report_versions::decision.eq(decision.as_str()),
        report_versions::reason.eq(reason),
        report_versions::decided_by.eq(user_id),
        report_versions::decided_at.eq(now),
    ))
    .execute(conn)?;
    let return_reason = (decision == ReportState::Returned).then_some(reason).flatten();
    diesel::update(reports::table.find(row.id))
        .set((
            reports::state.eq(decision.as_str()),
            reports::return_reason.eq(return_reason),
            reports::updated_by.eq(user_id),
            reports::updated_at.eq(diesel::dsl::now),
            reports::version.eq(reports::version + 1),
        ))
        .returning(ReportRow::as_returning())
        .get_result(conn)
}

/// Which reports to list; all conditions must hold.
#[derive(Debug, Clone, Default)]
pub struct ReportFilter {
    pub item_id: Option<i32>,
    pub plan_id: Option<i32>,
    pub state: Option<ReportState>,
    pub period: Option<Period>,
    pub lead_unit_id: Option<i32>,
    /// Whose drafts are listed (none unless said).
    pub drafts: DraftsSeen,
}

/// Reports with figures and versions, newest period first, in a fixed number of queries.
pub fn list(conn: &mut PgConnection, filter: &ReportFilter) -> QueryResult<Vec<Report>> {
    let mut query = reports::table
        .inner_join(items::table)
        .select(ReportRow::as_select())
        .order((reports::period.desc(), items::number))
        .into_boxed();
    if let Some(id) = filter.item_id {
        query = query.filter(reports::item_id.eq(id));
    }
    if let Some(id) = filter.plan_id {
        query = query.filter(items::plan_id.eq(id));
    }
    if let Some(state) = filter.state {
        query = query.filter(reports::state.eq(state.as_str()));
    }
    if let Some(p) = filter.period {
        query = query.filter(reports::period.eq(p.to_string()));
    }
    if let Some(u) = filter.lead_unit_id {
        query = query.filter(items::lead_unit_id.eq(u));
    }
    let draft = ReportState::Draft.as_str();
    query = match filter.drafts {
        DraftsSeen::All => query,
        DraftsSeen::OfUnit(u) => query.filter(reports::state.ne(draft).or(items::lead_unit_id.eq(u.get()))),
        DraftsSeen::None => query.filter(reports::state.ne(draft)),
    };
    let rows: Vec<ReportRow> = query.load(conn)?;
    dtos(conn, rows)
}

pub fn dto(conn: &mut PgConnection, row: ReportRow) -> QueryResult<Report> {
    Ok(dtos(conn, vec![row])?.remove(0))
}

/// The report [`create`] just wrote, with the values it was given: it has no versions yet,
/// so only the names are read, and not even those when the caller gives its author's
/// signature (`author`).
pub fn created_dto(
    conn: &mut PgConnection,
    row: ReportRow,
    mut values: Vec<IndicatorValue>,
    author: Option<String>,
) -> QueryResult<Report> {
    // In the order a read gives them.
    values.sort_by_key(|v| v.indicator_id);
    let values = HashMap::from([(row.id, values)]);
    match author {
        Some(author) if row.created_by == row.updated_by => {
            let names = HashMap::from([(row.created_by, author)]);
            Ok(named(vec![row], values, HashMap::new(), &names).remove(0))
        }
        _ => Ok(assemble(conn, vec![row], values, HashMap::new())?.remove(0)),
    }
}

fn dtos(conn: &mut PgConnection, rows: Vec<ReportRow>) -> QueryResult<Vec<Report>> {
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let values = values_of(conn, &ids)?;
    let mut versions: HashMap<i32, Vec<VersionRow>> = HashMap::new();
    for v in report_versions::table
        .filter(report_versions::report_id.eq_any(&ids))
        .order((report_versions::report_id, report_versions::number))
        .select(VersionRow::as_select())
        .load::<VersionRow>(conn)?
    {
        versions.entry(v.report_id).or_default().push(v);
    }
    assemble(conn, rows, values, versions)
}

/// The reports of `rows`, given their values and versions; reads the names they show.
fn assemble(
    conn: &mut PgConnection,
    rows: Vec<ReportRow>,
    values: HashMap<i32, Vec<IndicatorValue>>,
    versions: HashMap<i32, Vec<VersionRow>>,
) -> QueryResult<Vec<Report>> {
    let mut user_ids: Vec<i32> = rows.iter().flat_map(|r| [r.created_by, r.updated_by]).collect();
    for v in versions.values().flatten() {
        user_ids.push(v.submitted_by);
        user_ids.extend(v.decided_by);
    }
    let names = super::users::signatures(conn, &user_ids)?;
    Ok(named(rows, values, versions, &names))
}

/// The reports of `rows` with the names of the accounts they show.
fn named(
    rows: Vec<ReportRow>,
    mut values: HashMap<i32, Vec<IndicatorValue>>,
    mut versions: HashMap<i32, Vec<VersionRow>>,
    names: &HashMap<i32, String>,
) -> Vec<Report> {
    let name = |id: i32| names.get(&id).cloned().unwrap_or_default();
    rows.into_iter()
        .map(|r| {
            let versions = versions
                .remove(&r.id)
                .unwrap_or_default()
                .into_iter()
                .map(|v| ReportVersion {
                    number: v.number,
                    progress: v.progress,
                    problems: v.problems,
                    next_steps: v.next_steps,
                    values: parse_values(&v.indicator_values),
                    submitted_by: name(v.submitted_by),
                    submitted_at: v.submitted_at,
                    late: v.late,
                    decision: v.decision.as_deref().and_then(ReportState::parse),
                    reason: v.reason,
                    decided_by: v.decided_by.map(name),
                    decided_at: v.decided_at,
                })
                .collect();
            Report {
                id: r.id,
                item_id: r.item_id,
                period: r.period.parse().unwrap_or(Period { year: 1970, month: 1 }),
                state: r.state(),
                values: values.remove(&r.id).unwrap_or_default(),
                late: r.first_submitted_at.is_some_and(|t| china_date(t) > r.due_on),
                progress: r.progress,
                problems: r.problems,
                next_steps: r.next_steps,
                return_reason: r.return_reason,
                due_on: r.due_on,
                first_submitted_at: r.first_submitted_at,
                created_by: name(r.created_by),
                updated_by: name(r.updated_by),
                updated_at: r.updated_at,
                version: r.version,
                versions,
            }
        })
        .collect()
}

fn parse_values(json: &serde_json::Value) -> Vec<IndicatorValue> {
    let mut out: Vec<IndicatorValue> = json
        .as_object()
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| {
                    Some(IndicatorValue {
                        indicator_id: k.parse().ok()?,
                        value: v.as_f64()?,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort_by_key(|v| v.indicator_id);
    out
}

#[derive(QueryableByName)]
struct LatestProgress {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    item_id: i32,
    #[diesel(sql_type = diesel::sql_types::Text)]
    period: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    progress: String,
}

/// Each item's latest progress text submitted by the end of `as_of` (China), with its month.
pub fn latest_progress(
    conn: &mut PgConnection,
    plan_id: PlanId,
    as_of: NaiveDate,
) -> QueryResult<HashMap<i32, (String, String)>> {
    progress_counting(conn, plan_id, as_of, false)
}

/// Each item's latest progress text the office accepted by the end of `as_of` (the public page).
pub fn latest_accepted_progress(
    conn: &mut PgConnection,
    plan_id: PlanId,
    as_of: NaiveDate,
) -> QueryResult<HashMap<i32, (String, String)>> {
    progress_counting(conn, plan_id, as_of, true)
}

fn progress_counting(
    conn: &mut PgConnection,
    plan_id: PlanId,
    as_of: NaiveDate,
    accepted_only: bool,
) -> QueryResult<HashMap<i32, (String, String)>> {
    let plan_id = plan_id.get();
    // The end of a China day is 16:00 UTC of the same date.
    let end = as_of.and_hms_opt(16, 0, 0).expect("valid time").and_utc();
    let rows: Vec<LatestProgress> = diesel::sql_query(
        "SELECT DISTINCT ON (r.item_id) r.item_id, r.period, v.progress \
         FROM report_versions v JOIN reports r ON r.id = v.report_id JOIN items i ON i.id = r.item_id \
         WHERE i.plan_id = $1 AND v.submitted_at < $2 \
           AND (NOT $3 OR (v.decision = 'accepted' AND v.decided_at < $2)) \
         ORDER BY r.item_id, r.period DESC, v.number DESC",
    )
    .bind::<diesel::sql_types::Integer, _>(plan_id)
    .bind::<diesel::sql_types::Timestamptz, _>(end)
    .bind::<diesel::sql_types::Bool, _>(accepted_only)
    .load(conn)?;
    Ok(rows.into_iter().map(|r| (r.item_id, (r.period, r.progress))).collect())
}
