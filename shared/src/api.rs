//! The JSON bodies of `/api/v1`. Field names are English and stable: other systems read them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

crate::named_enum! {
    pub enum PlanStatus {
        Draft,
        Published,
    }
}

impl PlanStatus {
    pub fn label_zh(self) -> &'static str {
        match self {
            PlanStatus::Draft => "草稿",
            PlanStatus::Published => "已发布",
        }
    }
}

crate::named_enum! {
    /// How an indicator adds up: a running count (people, km, batches) or a rate in percent.
    pub enum IndicatorKind {
        Cumulative,
        Rate,
    }
}

/// One line of `GET /api/v1/plans`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanSummary {
    pub id: i32,
    pub year: i32,
    pub title: String,
    pub doc_number: String,
    pub issued_on: Option<NaiveDate>,
    pub status: PlanStatus,
    pub item_count: i64,
    /// Closed at year end (年终销号): read-only.
    pub closed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanList {
    pub plans: Vec<PlanSummary>,
}

/// `GET /api/v1/plans/{year}`: the notice and its table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanDetail {
    pub id: i32,
    pub year: i32,
    pub title: String,
    pub notice_title: String,
    pub doc_number: String,
    pub issuer: String,
    pub issued_on: Option<NaiveDate>,
    pub status: PlanStatus,
    pub first_report_due: Option<NaiveDate>,
    /// Days after a month's end that still count as on time.
    pub report_grace_days: i32,
    /// The plan's version (its ETag): the editor sends it back with `If-Match`.
    pub version: i32,
    /// The day the items' lights are computed for.
    pub as_of: NaiveDate,
    pub settings: crate::lights::LightSettings,
    /// Grades' answer times and the numbering of 督查通知书.
    pub cases: crate::cases::CaseSettings,
    /// When the office closed the year (年终销号); a closed plan is read-only.
    pub closed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The public progress page (`/public/{year}`) is on (主动公开).
    pub public_page: bool,
    /// When Duban reminds units by itself (催报).
    pub reminders: crate::reminders::ReminderRules,
    pub categories: Vec<CategoryDetail>,
}

impl PlanDetail {
    pub fn items(&self) -> impl Iterator<Item = &ItemDetail> {
        self.categories.iter().flat_map(|c| c.items.iter())
    }
}

/// `POST /api/v1/plans/import`: the plan as `GET /api/v1/plans/{year}` shows it, and what the
/// reader of the notice was unsure of (empty for a plan file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportedPlan {
    #[serde(flatten)]
    pub plan: PlanDetail,
    pub problems: Vec<crate::notice::ImportProblem>,
    /// True when nothing was saved (`?dry_run=true`).
    pub dry_run: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryDetail {
    pub id: i32,
    /// 1 for "一", 10 for "十".
    pub ordinal: i32,
    pub title: String,
    pub version: i32,
    pub items: Vec<ItemDetail>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitRef {
    pub id: i32,
    pub name: String,
    pub code: String,
}

/// `GET /api/v1/items/{id}` and each entry of the item lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemDetail {
    pub id: i32,
    pub plan_year: i32,
    pub number: i32,
    pub category_ordinal: i32,
    pub category_title: String,
    pub content: String,
    pub lead_unit: UnitRef,
    pub co_units: Vec<UnitRef>,
    pub milestones: Vec<Milestone>,
    pub indicators: Vec<Indicator>,
    /// The progress light on `as_of`, with its reasons (SPEC §4).
    pub light: crate::lights::Light,
    /// The China calendar day the light is computed for.
    pub as_of: NaiveDate,
    /// The year's final result, once the plan is closed (年终销号).
    pub final_result: Option<crate::year_end::FinalResult>,
    pub final_note: String,
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Milestone {
    pub id: i32,
    pub seq: i32,
    /// The date in force (moved only by an approved extension).
    pub due_date: NaiveDate,
    /// The date the notice set.
    pub original_due_date: NaiveDate,
    /// The target as the notice words it.
    pub target_text: String,
    pub completed_on: Option<NaiveDate>,
    pub completion_note: Option<String>,
    /// Why the office reopened it, when it did.
    pub reopen_reason: Option<String>,
    pub evidence: Vec<crate::supervision::Evidence>,
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Indicator {
    pub id: i32,
    pub seq: i32,
    pub name: String,
    /// 人, 个, 户, 公里, 批次, % …
    pub measure: String,
    pub kind: IndicatorKind,
    pub final_target: f64,
    /// Cumulative targets at the milestones that give one, in date order.
    pub targets: Vec<IndicatorTarget>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorTarget {
    pub milestone_id: i32,
    pub due_date: NaiveDate,
    pub target: f64,
}

/// `GET /api/v1/plans/{year}/items`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemList {
    pub items: Vec<ItemDetail>,
    /// Items matching the filters, on all pages.
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// `?page=` (from 1) and `?per_page=` (1 to [`MAX_PER_PAGE`], default [`DEFAULT_PER_PAGE`]).
pub const DEFAULT_PER_PAGE: i64 = 100;
pub const MAX_PER_PAGE: i64 = 500;

/// The slice of `all` for a page, or why the paging parameters are wrong.
pub fn page_of<T>(
    all: Vec<T>,
    page: Option<i64>,
    per_page: Option<i64>,
) -> Result<(Vec<T>, i64, i64, i64), &'static str> {
    let page = page.unwrap_or(1);
    let per_page = per_page.unwrap_or(DEFAULT_PER_PAGE);
    if page < 1 {
        return Err("page starts at 1");
    }
    if !(1..=MAX_PER_PAGE).contains(&per_page) {
        return Err("per_page must be between 1 and 500");
    }
    let total = all.len() as i64;
    let start = ((page - 1) * per_page).min(total) as usize;
    let items = all.into_iter().skip(start).take(per_page as usize).collect();
    Ok((items, total, page, per_page))
}

/// `GET /api/v1/units`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitList {
    pub units: Vec<crate::plan_edit::UnitEntry>,
}

/// `GET /healthz`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: String,
    pub database: String,
    pub version: String,
}
