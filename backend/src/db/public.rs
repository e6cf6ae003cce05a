//! The public view of a plan (主动公开): published, switched on, and counting only what the
//! office accepted.

use chrono::NaiveDate;
use diesel::prelude::*;
use duban_shared::api::PlanStatus;
use duban_shared::ids::PlanYear;
use duban_shared::public::{public_plan, PublicPlan};

use super::lights::Counted;
use super::plans;
use super::reports;

/// `None` when the year has no plan, a draft, or its public page is off.
pub fn plan(conn: &mut PgConnection, year: PlanYear, today: NaiveDate) -> QueryResult<Option<PublicPlan>> {
    let Some(row) = plans::find_by_year(conn, year)? else {
        return Ok(None);
    };
    if row.status != PlanStatus::Published || !row.public_page {
        return Ok(None);
    }
    view(conn, row, today).map(Some)
}

/// The public view of a published plan, whether its public page is on or not (what a deputy
/// grades in the evaluation).
pub fn view(conn: &mut PgConnection, row: plans::PlanRow, today: NaiveDate) -> QueryResult<PublicPlan> {
    // A past year stands as on its last day, for the lights and the progress alike.
    let as_of = duban_shared::lights::judged_on(row.year, today);
    let plan_id = row.plan_id();
    let detail = plans::detail_counting(conn, row, as_of, Counted::AcceptedOnly)?;
    let progress = reports::latest_accepted_progress(conn, plan_id, as_of)?;
    Ok(public_plan(&detail, &|id| progress.get(&id).cloned()))
}
