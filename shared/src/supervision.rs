//! Milestone completion with evidence, extension requests (延期申请) and supervision
//! notices (督办通知), as the API speaks of them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::api::UnitRef;
use crate::error::FieldError;

/// Evidence files: at most this large, and of these kinds only.
pub const EVIDENCE_MAX_BYTES: usize = 20 * 1024 * 1024;
/// (file extension, content type) pairs accepted as evidence.
pub const EVIDENCE_TYPES: &[(&str, &str)] = &[
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("png", "image/png"),
    ("pdf", "application/pdf"),
    ("doc", "application/msword"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("xls", "application/vnd.ms-excel"),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("ppt", "application/vnd.ms-powerpoint"),
    (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    ("wps", "application/vnd.ms-works"),
    ("ofd", "application/ofd"),
];

pub const TEXT_MAX_CHARS: usize = 5000;

/// The content type for an evidence file name, when its kind is allowed.
pub fn evidence_type(file_name: &str) -> Option<&'static str> {
    let ext = file_name.rsplit_once('.')?.1.to_ascii_lowercase();
    EVIDENCE_TYPES.iter().find(|(e, _)| *e == ext).map(|(_, t)| *t)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Evidence {
    pub id: i32,
    pub milestone_id: i32,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i32,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CompleteMilestone {
    pub completed_on: NaiveDate,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Reason {
    pub reason: String,
}

crate::named_enum! {
    pub enum ExtensionState {
        Pending,
        Approved,
        Refused,
    }
}

impl ExtensionState {
    pub fn label_zh(self) -> &'static str {
        match self {
            ExtensionState::Pending => "待审批",
            ExtensionState::Approved => "已批准",
            ExtensionState::Refused => "未批准",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExtensionRequest {
    pub id: i32,
    pub milestone_id: i32,
    pub item_id: i32,
    pub original_due: NaiveDate,
    pub requested_due: NaiveDate,
    pub reason: String,
    pub state: ExtensionState,
    pub requested_by: String,
    pub requested_at: DateTime<Utc>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_reason: Option<String>,
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExtensionList {
    pub extensions: Vec<ExtensionRequest>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewExtensionRequest {
    pub requested_due: NaiveDate,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ExtensionDecision {
    pub approve: bool,
    #[serde(default)]
    pub reason: Option<String>,
}

crate::named_enum! {
    pub enum NoticeState {
        /// Waiting for the unit's answer.
        Open,
        /// Answered, waiting for the office to close it.
        Answered,
        Closed,
    }
}

impl NoticeState {
    pub fn label_zh(self) -> &'static str {
        match self {
            NoticeState::Open => "待答复",
            NoticeState::Answered => "已答复",
            NoticeState::Closed => "已办结",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notice {
    pub id: i32,
    pub item_id: i32,
    pub item_number: i32,
    pub plan_year: i32,
    pub unit: UnitRef,
    pub reason: String,
    pub answer_by: NaiveDate,
    pub issued_by: String,
    pub issued_at: DateTime<Utc>,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    pub closed_by: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub state: NoticeState,
    /// Not answered and past its answer-by day (China time).
    pub overdue: bool,
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeList {
    pub notices: Vec<Notice>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewNotice {
    pub reason: String,
    pub answer_by: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NoticeAnswer {
    pub answer: String,
}

/// A required text of at most [`TEXT_MAX_CHARS`] characters.
pub fn text_problem(field: &str, text: &str, required: bool) -> Option<FieldError> {
    let message = if required && text.trim().is_empty() {
        "不能为空".to_string()
    } else if text.chars().count() > TEXT_MAX_CHARS {
        format!("不能超过{TEXT_MAX_CHARS}字")
    } else {
        return None;
    };
    Some(FieldError {
        field: field.to_string(),
        message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_kinds_by_extension() {
        assert_eq!(evidence_type("照片.JPG"), Some("image/jpeg"));
        assert_eq!(evidence_type("验收报告.pdf"), Some("application/pdf"));
        assert_eq!(evidence_type("run.exe"), None);
        assert_eq!(evidence_type("noext"), None);
    }

    #[test]
    fn texts_are_bounded() {
        assert!(text_problem("answer", "", true).is_some());
        assert!(text_problem("note", "", false).is_none());
        assert!(text_problem("note", &"字".repeat(5001), false).is_some());
        assert!(text_problem("note", &"字".repeat(5000), false).is_none());
    }
}
