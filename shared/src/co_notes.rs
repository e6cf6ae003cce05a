//! 配合情况: what a co-unit (配合单位) did on an item in a month, a short note the lead unit
//! reads while it writes that month's report.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::api::UnitRef;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoNote {
    pub id: i32,
    pub item_id: i32,
    pub unit: UnitRef,
    /// The month, as `2024-06`.
    pub period: String,
    pub note: String,
    /// 单位 · 姓名 of who wrote it.
    pub written_by: String,
    pub written_at: DateTime<Utc>,
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoNoteList {
    pub notes: Vec<CoNote>,
}

/// `POST /api/v1/items/{id}/co-notes`: the co-unit's own note for a month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewCoNote {
    /// The month, as `2024-06`.
    pub period: String,
    pub note: String,
}

/// `PUT /api/v1/co-notes/{id}` (If-Match): the note rewritten.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CoNoteInput {
    pub note: String,
}

/// `2024-06` as its first day.
pub fn period_start(period: &str) -> Option<NaiveDate> {
    let (y, m) = period.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)
}
