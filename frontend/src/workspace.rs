//! A unit's whole workload in the current plan, as `/todo` and `/my-items` show it.

use chrono::NaiveDate;
use duban_shared::api::ItemDetail;
use duban_shared::cases::Instruction;
use duban_shared::lights::Period;
use duban_shared::reporting::Report;
use duban_shared::supervision::Notice;

use crate::api::{items, notices, plans, reports, ApiError};

/// What `/todo` and `/my-items` show: a unit's items, reports and notices in the current plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Workspace {
    pub year: Option<i32>,
    pub items: Vec<ItemDetail>,
    pub reports: Vec<Report>,
    pub notices: Vec<Notice>,
    /// Leaders' 批示 on the unit's items.
    pub instructions: Vec<Instruction>,
    /// Items the unit helps on as a co-unit (配合单位).
    pub assisting: Vec<ItemDetail>,
}

impl Workspace {
    /// The supervision day (China time) the server judged the lights on.
    pub fn as_of(&self) -> Option<NaiveDate> {
        self.items.first().or(self.assisting.first()).map(|i| i.as_of)
    }

    pub fn report(&self, item_id: i32, period: Period) -> Option<&Report> {
        self.reports.iter().find(|r| r.item_id == item_id && r.period == period)
    }
}

pub async fn load_workspace(unit: String) -> Result<Workspace, ApiError> {
    let Some(year) = plans::current_year().await? else {
        return Ok(Workspace {
            year: None,
            items: Vec::new(),
            reports: Vec::new(),
            notices: Vec::new(),
            instructions: Vec::new(),
            assisting: Vec::new(),
        });
    };
    let items = items::unit_items(year, &unit).await?.items;
    let reports = reports::unit_reports(year, &unit).await?.reports;
    let notices = notices::unit_notices(&unit)
        .await?
        .notices
        .into_iter()
        .filter(|n| n.plan_year == year)
        .collect();
    let instructions = notices::instructions().await?.instructions;
    let assisting = items::co_unit_items(year, &unit).await?.items;
    Ok(Workspace {
        assisting,
        year: Some(year),
        items,
        reports,
        notices,
        instructions,
    })
}

/// The month whose report is due now (last month) and the month being worked on, within
/// the plan year; the former is `None` in January.
pub fn report_months(year: i32, as_of: NaiveDate) -> (Option<Period>, Option<Period>) {
    let current = Period::of(as_of);
    let due = current.prev();
    (
        (due.year == year).then_some(due),
        (current.year == year).then_some(current),
    )
}
