//! Milestone completion with evidence, extension requests (延期申请) and supervision
//! notices (督办通知), as the API speaks of them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::api::UnitRef;
use crate::cases::{CaseFile, CaseSource, Escalation, Grade, NoticeRound};
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
    /// A 督办件's course: 交办 → 签收 → 反馈 → 审核 → 销号, with 退回 sending it back.
    pub enum NoticeState {
        /// Issued, not yet signed for by the unit.
        Open,
        /// Signed for (签收), waiting for the unit's answer.
        Acknowledged,
        /// Answered, waiting for the office to close it or send it back.
        Answered,
        /// Sent back by the office: the unit must answer again.
        Returned,
        /// 销号.
        Closed,
    }
}

impl NoticeState {
    pub fn label_zh(self) -> &'static str {
        match self {
            NoticeState::Open => "待签收",
            NoticeState::Acknowledged => "已签收待反馈",
            NoticeState::Answered => "已反馈待审核",
            NoticeState::Returned => "已退回待重新反馈",
            NoticeState::Closed => "已销号",
        }
    }

    /// The unit owes an answer: its date runs and an ignored notice escalates.
    pub fn awaits_unit(self) -> bool {
        matches!(
            self,
            NoticeState::Open | NoticeState::Acknowledged | NoticeState::Returned
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notice {
    pub id: i32,
    /// `督查通知书〔2024〕第3号`: sequential per plan year, never reused.
    pub number: String,
    pub item_id: i32,
    pub item_number: i32,
    pub plan_year: i32,
    pub unit: UnitRef,
    /// The grade in force today (escalations included).
    pub grade: Grade,
    /// The grade it was issued with.
    pub issued_grade: Grade,
    /// Each rise of its grade, oldest first, with the reason.
    pub escalations: Vec<Escalation>,
    pub reason: String,
    /// The date the unit must answer by now (moved by an escalation or a return).
    pub answer_by: NaiveDate,
    pub issued_by: String,
    pub issued_at: DateTime<Utc>,
    pub acknowledged_by: Option<String>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// The latest answer (also the last of `rounds`).
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    /// Every answer and what became of it, oldest first.
    pub rounds: Vec<NoticeRound>,
    /// Files uploaded for the next answer, not yet sent.
    pub pending_attachments: Vec<CaseFile>,
    pub closed_by: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub close_note: Option<String>,
    pub source: CaseSource,
    pub state: NoticeState,
    /// The unit owes an answer and its date has passed (China time).
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

/// `POST /api/v1/items/{id}/notices`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewNotice {
    pub reason: String,
    /// Blue unless given.
    #[serde(default)]
    pub grade: Option<Grade>,
    /// Unless given: today plus the grade's working days (the plan's case settings).
    #[serde(default)]
    pub answer_by: Option<NaiveDate>,
    /// The 批示 this notice carries out.
    #[serde(default)]
    pub instruction_id: Option<i32>,
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
