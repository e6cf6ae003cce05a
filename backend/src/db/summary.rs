//! The leaders' summary of a plan on a day: the items with their lights and each item's
//! report status for the month that is due, folded by the shared rules. One statement.

use chrono::NaiveDate;
use diesel::prelude::*;
use duban_shared::lights;
use duban_shared::reporting;
use duban_shared::summary::{self, report_status, ReportStatus, Summary};

use super::items;
use super::plans::PlanRow;

pub fn load(conn: &mut PgConnection, plan: &PlanRow, as_of: NaiveDate) -> QueryResult<Summary> {
    let period = lights::required_report(plan.year, plan.first_report_due, as_of);
    let due_on = period.map(|p| reporting::due_on(p, plan.report_grace_days));
    let (items, firsts) = items::load_with_first_submissions(conn, plan.plan_id(), as_of, period)?;
    let status = |item_id: i32| match due_on {
        Some(due) => report_status(firsts.get(&item_id).copied(), due, as_of),
        None => ReportStatus::OnTime,
    };
    // A year that is over reads as it stood on its last day (its December report may still come).
    let judged = lights::judged_on(plan.year, as_of);
    Ok(summary::summarize(plan.year, judged, &items, period, due_on, &status))
}
