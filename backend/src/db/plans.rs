//! Queries on plans and their categories.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use duban_shared::api::{CategoryDetail, PlanDetail, PlanStatus, PlanSummary};
use duban_shared::lights::LightSettings;

use super::items::{self, ItemFilter};
use super::schema::{categories, items as items_t, plans};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = plans)]
pub struct PlanRow {
    pub id: i32,
    pub year: i32,
    pub title: String,
    pub notice_title: String,
    pub doc_number: String,
    pub issuer: String,
    pub issued_on: Option<NaiveDate>,
    pub status: String,
    pub first_report_due: Option<NaiveDate>,
    pub green_max_lag: f64,
    pub red_min_lag: f64,
    pub red_overdue_days: i32,
    pub version: i32,
}

impl PlanRow {
    fn status(&self) -> PlanStatus {
        PlanStatus::parse(&self.status).unwrap_or(PlanStatus::Draft)
    }

    pub fn settings(&self) -> LightSettings {
        LightSettings {
            green_max_lag: self.green_max_lag,
            red_min_lag: self.red_min_lag,
            red_overdue_days: self.red_overdue_days as i64,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = categories)]
pub struct CategoryRow {
    pub id: i32,
    pub plan_id: i32,
    pub ordinal: i32,
    pub title: String,
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
        })
        .collect())
}

pub fn find_by_year(conn: &mut PgConnection, year: i32) -> QueryResult<Option<PlanRow>> {
    plans::table
        .filter(plans::year.eq(year))
        .select(PlanRow::as_select())
        .first(conn)
        .optional()
}

/// The whole plan as the notice's table: categories in order, each with its items.
pub fn detail(conn: &mut PgConnection, year: i32, as_of: NaiveDate) -> QueryResult<Option<PlanDetail>> {
    let Some(plan) = find_by_year(conn, year)? else {
        return Ok(None);
    };
    let cats: Vec<CategoryRow> = categories::table
        .filter(categories::plan_id.eq(plan.id))
        .order(categories::ordinal)
        .select(CategoryRow::as_select())
        .load(conn)?;
    let mut by_category: BTreeMap<i32, Vec<_>> = BTreeMap::new();
    for item in items::load(conn, &ItemFilter::for_plan(plan.id), as_of)? {
        by_category.entry(item.category_ordinal).or_default().push(item);
    }
    let categories = cats
        .into_iter()
        .map(|c| CategoryDetail {
            items: by_category.remove(&c.ordinal).unwrap_or_default(),
            id: c.id,
            ordinal: c.ordinal,
            title: c.title,
        })
        .collect();
    Ok(Some(PlanDetail {
        as_of,
        settings: plan.settings(),
        id: plan.id,
        year: plan.year,
        status: plan.status(),
        title: plan.title,
        notice_title: plan.notice_title,
        doc_number: plan.doc_number,
        issuer: plan.issuer,
        issued_on: plan.issued_on,
        first_report_due: plan.first_report_due,
        categories,
    }))
}

/// The newest plan (the default when a request names no year).
pub fn latest(conn: &mut PgConnection) -> QueryResult<Option<PlanRow>> {
    plans::table
        .order(plans::year.desc())
        .select(PlanRow::as_select())
        .first(conn)
        .optional()
}

pub fn report_grace_days(conn: &mut PgConnection, plan_id: i32) -> QueryResult<i32> {
    plans::table.find(plan_id).select(plans::report_grace_days).first(conn)
}
