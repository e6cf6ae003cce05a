//! Queries on plans and their categories.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use duban_shared::api::{CategoryDetail, PlanDetail, PlanStatus, PlanSummary};
use duban_shared::cases::CaseSettings;
use duban_shared::ids::{PlanId, PlanYear};
use duban_shared::lights::LightSettings;
use duban_shared::permissions::Action;
use duban_shared::plan_edit::PlanInput;
use duban_shared::reminders::ReminderRules;

use super::categories::CategoryRow;
use super::items::{self, ItemFilter};
use super::schema::{categories, items as items_t, plans};
use super::stored::Stored;

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = plans)]
pub struct PlanRow {
    pub id: i32,
    pub year: i32,
    pub title: String,
    pub notice_title: String,
    pub doc_number: String,
    pub issuer: String,
    pub issued_on: Option<NaiveDate>,
    #[diesel(deserialize_as = Stored<PlanStatus>)]
    pub status: PlanStatus,
    pub first_report_due: Option<NaiveDate>,
    pub green_max_lag: f64,
    pub red_min_lag: f64,
    pub red_overdue_days: i32,
    pub report_grace_days: i32,
    pub version: i32,
    pub case_days_blue: i32,
    pub case_days_yellow: i32,
    pub case_days_red: i32,
    pub case_number_format: String,
    pub closed_at: Option<chrono::DateTime<chrono::Utc>>,
    pub closed_by: Option<i32>,
    pub public_page: bool,
    pub remind_month_end_days: Option<i32>,
    pub remind_overdue: bool,
    pub remind_milestone_days: Option<i32>,
    pub remind_notice_days: Option<i32>,
}

/// A plan as the permission rules see it: which one, and whether it is out yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanRef {
    pub id: PlanId,
    pub published: bool,
}

/// Read as `(plans::id, plans::status)`.
impl diesel::Queryable<(diesel::sql_types::Integer, diesel::sql_types::Text), diesel::pg::Pg> for PlanRef {
    type Row = (i32, Stored<PlanStatus>);

    fn build((id, status): Self::Row) -> diesel::deserialize::Result<Self> {
        Ok(PlanRef::new(PlanId(id), status.0))
    }
}

impl PlanRef {
    pub fn new(id: PlanId, status: PlanStatus) -> Self {
        PlanRef {
            id,
            published: status == PlanStatus::Published,
        }
    }

    pub fn read(self) -> Action {
        Action::ReadPlan {
            plan_id: self.id,
            published: self.published,
        }
    }
}

impl PlanRow {
    pub fn plan_ref(&self) -> PlanRef {
        PlanRef::new(self.plan_id(), self.status)
    }

    pub fn plan_id(&self) -> PlanId {
        PlanId(self.id)
    }

    fn status(&self) -> PlanStatus {
        self.status
    }

    pub fn cases(&self) -> CaseSettings {
        CaseSettings {
            days_blue: self.case_days_blue,
            days_yellow: self.case_days_yellow,
            days_red: self.case_days_red,
            number_format: self.case_number_format.clone(),
        }
    }

    pub fn reminders(&self) -> ReminderRules {
        ReminderRules {
            month_end_days: self.remind_month_end_days,
            overdue: self.remind_overdue,
            milestone_days: self.remind_milestone_days,
            notice_days: self.remind_notice_days,
        }
    }

    pub fn settings(&self) -> LightSettings {
        LightSettings {
            green_max_lag: self.green_max_lag,
            red_min_lag: self.red_min_lag,
            red_overdue_days: self.red_overdue_days as i64,
        }
    }
}

pub fn list(conn: &mut PgConnection) -> QueryResult<Vec<PlanSummary>> {
    let rows: Vec<(PlanRow, i64)> = plans::table
        .left_join(items_t::table)
        .group_by(plans::id)
        .select((PlanRow::as_select(), diesel::dsl::count(items_t::id.nullable())))
        .order(plans::year.desc())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(p, item_count)| PlanSummary {
            id: p.id,
            year: p.year,
            status: p.status(),
            title: p.title,
            doc_number: p.doc_number,
            issued_on: p.issued_on,
            item_count,
            closed: p.closed_at.is_some(),
        })
        .collect())
}

pub fn find(conn: &mut PgConnection, id: PlanId) -> QueryResult<Option<PlanRow>> {
    plans::table
        .find(id.get())
        .select(PlanRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_year(conn: &mut PgConnection, year: PlanYear) -> QueryResult<Option<PlanRow>> {
    let year = year.get();
    plans::table
        .filter(plans::year.eq(year))
        .select(PlanRow::as_select())
        .first(conn)
        .optional()
}

/// The whole plan (a row the caller has read or written) as the notice's table: categories
/// in order, each with its items.
pub fn detail(conn: &mut PgConnection, plan: PlanRow, as_of: NaiveDate) -> QueryResult<PlanDetail> {
    detail_counting(conn, plan, as_of, super::lights::Counted::Submitted)
}

/// The plan as [`detail`] reads it, its lights counting the reports `counted` names.
pub fn detail_counting(
    conn: &mut PgConnection,
    plan: PlanRow,
    as_of: NaiveDate,
    counted: super::lights::Counted,
) -> QueryResult<PlanDetail> {
    let cats: Vec<CategoryRow> = categories::table
        .filter(categories::plan_id.eq(plan.id))
        .order(categories::ordinal)
        .select(CategoryRow::as_select())
        .load(conn)?;
    let mut by_category: BTreeMap<i32, Vec<_>> = BTreeMap::new();
    for item in items::load_counting(conn, &ItemFilter::for_plan(plan.plan_id()), as_of, counted)? {
        by_category.entry(item.category_ordinal).or_default().push(item);
    }
    let categories = cats
        .into_iter()
        .map(|c| CategoryDetail {
            items: by_category.remove(&c.ordinal).unwrap_or_default(),
            id: c.id,
            ordinal: c.ordinal,
            title: c.title,
            version: c.version,
        })
        .collect();
    Ok(PlanDetail {
        as_of,
        reminders: plan.reminders(),
        settings: plan.settings(),
        cases: plan.cases(),
        id: plan.id,
        year: plan.year,
        status: plan.status(),
        title: plan.title,
        notice_title: plan.notice_title,
        doc_number: plan.doc_number,
        issuer: plan.issuer,
        issued_on: plan.issued_on,
        first_report_due: plan.first_report_due,
        report_grace_days: plan.report_grace_days,
        version: plan.version,
        closed_at: plan.closed_at,
        public_page: plan.public_page,
        categories,
    })
}

/// The newest published plan, else the newest draft (the default when a request names no year).
pub fn latest(conn: &mut PgConnection) -> QueryResult<Option<PlanRow>> {
    plans::table
        .order(((plans::status.eq("published")).desc(), plans::year.desc()))
        .select(PlanRow::as_select())
        .first(conn)
        .optional()
}

pub fn plan_ref(conn: &mut PgConnection, plan_id: PlanId) -> QueryResult<Option<PlanRef>> {
    let plan_id = plan_id.get();
    plans::table
        .find(plan_id)
        .select((plans::id, plans::status))
        .first(conn)
        .optional()
}

/// The plan of `year`, locked for an edit.
pub fn lock_by_year(conn: &mut PgConnection, year: PlanYear) -> QueryResult<Option<PlanRow>> {
    let year = year.get();
    plans::table
        .filter(plans::year.eq(year))
        .for_update()
        .select(PlanRow::as_select())
        .first(conn)
        .optional()
}

/// A new year's plan, as a draft.
pub fn create(conn: &mut PgConnection, input: &PlanInput) -> QueryResult<PlanRow> {
    diesel::insert_into(plans::table)
        .values((
            plans::year.eq(input.year),
            header(input),
            case_settings(input),
            reminder_rules(&input.reminders),
        ))
        .returning(PlanRow::as_returning())
        .get_result(conn)
}

pub fn update(conn: &mut PgConnection, id: PlanId, input: &PlanInput) -> QueryResult<PlanRow> {
    let id = id.get();
    diesel::update(plans::table.find(id))
        .set((
            header(input),
            case_settings(input),
            plans::public_page.eq(input.public_page),
            reminder_rules(&input.reminders),
            plans::version.eq(plans::version + 1),
            plans::updated_at.eq(diesel::dsl::now),
        ))
        .returning(PlanRow::as_returning())
        .get_result(conn)
}

#[allow(clippy::type_complexity)]
fn header(
    input: &PlanInput,
) -> (
    diesel::dsl::Eq<plans::title, String>,
    diesel::dsl::Eq<plans::notice_title, String>,
    diesel::dsl::Eq<plans::doc_number, String>,
    diesel::dsl::Eq<plans::issuer, String>,
    diesel::dsl::Eq<plans::issued_on, Option<NaiveDate>>,
    diesel::dsl::Eq<plans::first_report_due, Option<NaiveDate>>,
    diesel::dsl::Eq<plans::report_grace_days, i32>,
    diesel::dsl::Eq<plans::green_max_lag, f64>,
    diesel::dsl::Eq<plans::red_min_lag, f64>,
    diesel::dsl::Eq<plans::red_overdue_days, i32>,
) {
    let s = &input.settings;
    (
        plans::title.eq(input.title.trim().to_string()),
        plans::notice_title.eq(input.notice_title.trim().to_string()),
        plans::doc_number.eq(input.doc_number.trim().to_string()),
        plans::issuer.eq(input.issuer.trim().to_string()),
        plans::issued_on.eq(input.issued_on),
        plans::first_report_due.eq(input.first_report_due),
        plans::report_grace_days.eq(input.report_grace_days),
        plans::green_max_lag.eq(s.green_max_lag),
        plans::red_min_lag.eq(s.red_min_lag),
        plans::red_overdue_days.eq(s.red_overdue_days as i32),
    )
}

#[allow(clippy::type_complexity)]
fn case_settings(
    input: &PlanInput,
) -> (
    diesel::dsl::Eq<plans::case_days_blue, i32>,
    diesel::dsl::Eq<plans::case_days_yellow, i32>,
    diesel::dsl::Eq<plans::case_days_red, i32>,
    diesel::dsl::Eq<plans::case_number_format, String>,
) {
    let c = &input.cases;
    (
        plans::case_days_blue.eq(c.days_blue),
        plans::case_days_yellow.eq(c.days_yellow),
        plans::case_days_red.eq(c.days_red),
        plans::case_number_format.eq(c.number_format.trim().to_string()),
    )
}

#[allow(clippy::type_complexity)]
fn reminder_rules(
    r: &ReminderRules,
) -> (
    diesel::dsl::Eq<plans::remind_month_end_days, Option<i32>>,
    diesel::dsl::Eq<plans::remind_overdue, bool>,
    diesel::dsl::Eq<plans::remind_milestone_days, Option<i32>>,
    diesel::dsl::Eq<plans::remind_notice_days, Option<i32>>,
) {
    (
        plans::remind_month_end_days.eq(r.month_end_days),
        plans::remind_overdue.eq(r.overdue),
        plans::remind_milestone_days.eq(r.milestone_days),
        plans::remind_notice_days.eq(r.notice_days),
    )
}

/// Why the plan cannot be published yet, in words for the office; empty when it can.
pub fn publish_problems(conn: &mut PgConnection, plan: &PlanRow) -> QueryResult<Vec<String>> {
    let mut out = Vec::new();
    if plan.first_report_due.is_none() {
        out.push("请填写首次报送日期".to_string());
    }
    let items: i64 = items_t::table
        .filter(items_t::plan_id.eq(plan.id))
        .count()
        .get_result(conn)?;
    if items == 0 {
        out.push("计划中还没有任何事项".to_string());
    }
    Ok(out)
}

pub fn publish(conn: &mut PgConnection, id: PlanId) -> QueryResult<PlanRow> {
    let id = id.get();
    diesel::update(plans::table.find(id))
        .set((
            plans::status.eq(PlanStatus::Published.as_str()),
            plans::version.eq(plans::version + 1),
            plans::updated_at.eq(diesel::dsl::now),
        ))
        .returning(PlanRow::as_returning())
        .get_result(conn)
}

/// Removes a plan with everything in it; the `_kept` constraints refuse it once any
/// report, evidence, extension request or notice exists.
pub fn delete(conn: &mut PgConnection, id: PlanId) -> QueryResult<usize> {
    let id = id.get();
    diesel::delete(plans::table.find(id)).execute(conn)
}
