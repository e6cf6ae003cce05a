//! 主动公开: what the public progress page shows of a published plan — the items, their lead
//! units, milestones done or not, lights with their reasons, and the progress text of each
//! item's latest report the office accepted. Never drafts, reports not yet accepted or returned,
//! problems, internal notes, notices, 批示, or anyone's name or account.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::api::{ItemDetail, PlanDetail};
use crate::lights::Colour;
use crate::year_end::FinalResult;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicPlan {
    pub year: i32,
    pub title: String,
    pub notice_title: String,
    pub doc_number: String,
    pub issuer: String,
    pub issued_on: Option<NaiveDate>,
    /// The day the lights stand on.
    pub as_of: NaiveDate,
    pub closed: bool,
    pub categories: Vec<PublicCategory>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicCategory {
    pub ordinal: i32,
    pub title: String,
    pub items: Vec<PublicItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicItem {
    pub number: i32,
    pub content: String,
    pub lead_unit: String,
    pub co_units: Vec<String>,
    pub milestones: Vec<PublicMilestone>,
    pub light: Colour,
    pub reasons: Vec<String>,
    /// The latest accepted report: its month (`2024-06`) and progress text.
    pub progress: Option<PublicProgress>,
    pub final_result: Option<FinalResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicMilestone {
    pub due: NaiveDate,
    pub text: String,
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicProgress {
    pub period: String,
    pub text: String,
}

fn item(i: &ItemDetail, progress: Option<(String, String)>) -> PublicItem {
    PublicItem {
        number: i.number,
        content: i.content.clone(),
        lead_unit: i.lead_unit.name.clone(),
        co_units: i.co_units.iter().map(|u| u.name.clone()).collect(),
        milestones: i
            .milestones
            .iter()
            .map(|m| PublicMilestone {
                due: m.due_date,
                text: m.target_text.clone(),
                done: m.completed_on.is_some(),
            })
            .collect(),
        light: i.light.colour,
        // A report missing is the office's business, not the public's: the public sees only
        // what was accepted.
        reasons: {
            let missing = i.light.report_missing.map(crate::lights::missing_report_line);
            i.light
                .reasons
                .iter()
                .filter(|r| Some(*r) != missing.as_ref())
                .cloned()
                .collect()
        },
        progress: progress.map(|(period, text)| PublicProgress { period, text }),
        final_result: i.final_result,
    }
}

/// The public view of `plan` (whose lights count accepted reports only), with each item's
/// latest accepted progress from `progress` (item id → (month, text)).
pub fn public_plan(plan: &PlanDetail, progress: &dyn Fn(i32) -> Option<(String, String)>) -> PublicPlan {
    PublicPlan {
        year: plan.year,
        title: plan.title.clone(),
        notice_title: plan.notice_title.clone(),
        doc_number: plan.doc_number.clone(),
        issuer: plan.issuer.clone(),
        issued_on: plan.issued_on,
        as_of: plan.as_of,
        closed: plan.closed_at.is_some(),
        categories: plan
            .categories
            .iter()
            .map(|c| PublicCategory {
                ordinal: c.ordinal,
                title: c.title.clone(),
                items: c.items.iter().map(|i| item(i, progress(i.id))).collect(),
            })
            .collect(),
    }
}
