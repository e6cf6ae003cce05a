//! The briefing (情况通报): a numbered notice of where the plan stands on a cut-off day,
//! composed from the summary so that its figures are the dashboard's figures.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::lights::Period;
use crate::summary::{LaggingItem, Summary, UnitCompliance};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BriefingTotals {
    pub total: i64,
    /// Blue.
    pub done: i64,
    /// Green.
    pub on_pace: i64,
    /// Yellow.
    pub lagging: i64,
    /// Red.
    pub seriously_lagging: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Briefing {
    /// Set once published.
    pub id: Option<i32>,
    pub plan_year: i32,
    /// 第N期; 0 for a preview.
    pub number: i32,
    pub title: String,
    /// 截至: the day the figures stand on.
    pub cut_off: NaiveDate,
    pub published_at: Option<DateTime<Utc>>,
    pub published_by: Option<String>,
    pub totals: BriefingTotals,
    /// The opening paragraphs, ready to print.
    pub overview: Vec<String>,
    pub lagging: Vec<LaggingItem>,
    pub report_period: Option<Period>,
    /// Units with reports late or missing for `report_period`.
    pub late_units: Vec<UnitCompliance>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewBriefing {
    pub cut_off: NaiveDate,
}

/// An account a briefing is sent to, and when it first read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BriefingReader {
    pub user_id: i32,
    /// 单位 · 姓名, or 市领导 · 姓名.
    pub name: String,
    pub role: crate::auth::Role,
    pub unit: Option<crate::api::UnitRef>,
    pub read_at: Option<DateTime<Utc>>,
}

/// `GET /api/v1/briefings/{id}/readers`: every active unit and leader account, read or not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BriefingReaders {
    pub read: i64,
    pub total: i64,
    /// Unread first, then by unit.
    pub readers: Vec<BriefingReader>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BriefingList {
    pub briefings: Vec<Briefing>,
}

/// "2024年7月1日".
pub fn chinese_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

pub fn compose(summary: &Summary, plan_title: &str, number: i32) -> Briefing {
    let c = &summary.counts;
    let totals = BriefingTotals {
        total: c.total,
        done: c.blue,
        on_pace: c.green,
        lagging: c.yellow,
        seriously_lagging: c.red,
    };
    let mut overview = vec![format!(
        "截至{}，{}共{}项，其中已完成{}项，进度正常{}项，滞后{}项，严重滞后{}项。",
        chinese_date(summary.as_of),
        plan_title,
        totals.total,
        totals.done,
        totals.on_pace,
        totals.lagging,
        totals.seriously_lagging
    )];
    let comp = &summary.compliance;
    if let Some(p) = comp.period {
        overview.push(format!(
            "{}年{}月月报应报{}项，按时报送{}项，逾期报送{}项，未报送{}项。",
            p.year,
            p.month,
            comp.on_time + comp.late + comp.missing,
            comp.on_time,
            comp.late,
            comp.missing
        ));
    }
    let late_units = comp
        .by_unit
        .iter()
        .filter(|u| u.late > 0 || u.missing > 0)
        .cloned()
        .collect();
    let title = if number > 0 {
        format!("{}推进情况通报（第{}期）", plan_title, number)
    } else {
        format!("{}推进情况通报（预览）", plan_title)
    };
    Briefing {
        id: None,
        plan_year: summary.year,
        number,
        title,
        cut_off: summary.as_of,
        published_at: None,
        published_by: None,
        totals,
        overview,
        lagging: summary.lagging.clone(),
        report_period: comp.period,
        late_units,
    }
}
