//! 督办件: what the office's levers leave behind, as the API speaks of them — the grade
//! (三色督办) and number of a 督查通知书, its rounds of 反馈 and 退回, its escalations, the
//! leaders' 批示 and the 实地督查 records, and the files attached to them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::api::UnitRef;
use crate::error::FieldError;

crate::named_enum! {
    /// 三色督办: how urgent a case is. A notice left unanswered past its date rises one grade.
    pub enum Grade {
        Blue,
        Yellow,
        Red,
    }
}

impl Grade {
    pub fn label_zh(self) -> &'static str {
        match self {
            Grade::Blue => "蓝色督办",
            Grade::Yellow => "黄色督办",
            Grade::Red => "红色督办",
        }
    }

    /// 0 for blue, 2 for red: for sorting the most urgent first.
    pub fn rank(self) -> u8 {
        match self {
            Grade::Blue => 0,
            Grade::Yellow => 1,
            Grade::Red => 2,
        }
    }

    /// The grade an ignored notice rises to; red is the top.
    pub fn next(self) -> Option<Grade> {
        match self {
            Grade::Blue => Some(Grade::Yellow),
            Grade::Yellow => Some(Grade::Red),
            Grade::Red => None,
        }
    }
}

/// The office's rules for 督查通知书, one set per plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CaseSettings {
    /// Working days (Monday to Friday) a unit has to answer, by grade.
    pub days_blue: i32,
    pub days_yellow: i32,
    pub days_red: i32,
    /// How a notice is numbered: `{year}` and `{n}` are replaced.
    pub number_format: String,
}

impl Default for CaseSettings {
    fn default() -> Self {
        CaseSettings {
            days_blue: 10,
            days_yellow: 5,
            days_red: 3,
            number_format: DEFAULT_NUMBER_FORMAT.to_string(),
        }
    }
}

pub const DEFAULT_NUMBER_FORMAT: &str = "督查通知书〔{year}〕第{n}号";

impl CaseSettings {
    pub fn days(&self, grade: Grade) -> i32 {
        match grade {
            Grade::Blue => self.days_blue,
            Grade::Yellow => self.days_yellow,
            Grade::Red => self.days_red,
        }
    }

    /// `督查通知书〔2024〕第3号`.
    pub fn number(&self, year: i32, n: i32) -> String {
        self.number_format
            .replace("{year}", &year.to_string())
            .replace("{n}", &n.to_string())
    }

    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        for (name, days) in [
            ("cases.days_blue", self.days_blue),
            ("cases.days_yellow", self.days_yellow),
            ("cases.days_red", self.days_red),
        ] {
            if !(1..=60).contains(&days) {
                out.push(FieldError {
                    field: name.to_string(),
                    message: "反馈时限应在1至60个工作日之间".to_string(),
                });
            }
        }
        if !(self.days_red <= self.days_yellow && self.days_yellow <= self.days_blue) {
            out.push(FieldError {
                field: "cases.days_red".to_string(),
                message: "等级越高，时限应越短（红 ≤ 黄 ≤ 蓝）".to_string(),
            });
        }
        let format = self.number_format.trim();
        if !format.contains("{n}") || format.chars().count() > 60 {
            out.push(FieldError {
                field: "cases.number_format".to_string(),
                message: "编号格式须含 {n}（序号），不超过60字".to_string(),
            });
        }
        out
    }
}

/// One step up: when it happened, to what, and the new date to answer by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Escalation {
    pub from: Grade,
    pub to: Grade,
    /// The first day past the date it was not answered by.
    pub on: NaiveDate,
    /// The answer-by date it missed.
    pub missed: NaiveDate,
    /// The answer-by date of the new grade.
    pub answer_by: NaiveDate,
    /// `逾期未反馈（期限2024年7月10日），由蓝色督办升为黄色督办`.
    pub reason: String,
}

/// A file attached to a case: an answer's attachment or an inspection's photo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseFile {
    pub id: i32,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i32,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

/// A photo of an inspection: at most this large, JPEG or PNG only.
pub const PHOTO_MAX_BYTES: usize = 10 * 1024 * 1024;

/// One 反馈 of the unit and what the office made of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeRound {
    /// 1 for the first answer.
    pub round: i32,
    pub answer: String,
    pub answered_by: String,
    pub answered_at: DateTime<Utc>,
    pub attachments: Vec<CaseFile>,
    /// Set when the office sent this answer back.
    pub return_reason: Option<String>,
    pub returned_by: Option<String>,
    pub returned_at: Option<DateTime<Utc>>,
}

/// Where a notice came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseSource {
    /// The 批示 it carries out.
    pub instruction_id: Option<i32>,
    /// The inspection whose 整改要求 it tracks.
    pub inspection_id: Option<i32>,
}

/// `POST /api/v1/notices/{id}/return`: the answer is not enough.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NoticeReturn {
    pub reason: String,
}

/// `POST /api/v1/notices/{id}/close`: 销号, with the office's note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NoticeClose {
    pub note: String,
}

/// A leader's 批示 on an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Instruction {
    pub id: i32,
    pub item_id: i32,
    pub item_number: i32,
    pub plan_year: i32,
    pub unit: UnitRef,
    pub text: String,
    /// The leader's name as shown (display name, else login).
    pub written_by: String,
    pub written_at: DateTime<Utc>,
    /// The 督查通知书 that carries it out, once the office has issued one.
    pub notice: Option<CaseLink>,
}

/// A notice as another record names it: its number and how far it has come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseLink {
    pub notice_id: i32,
    pub number: String,
    pub state: crate::supervision::NoticeState,
    pub closed_at: Option<DateTime<Utc>>,
    /// The office's 销号 note: what the leader is told back.
    pub close_note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstructionList {
    pub instructions: Vec<Instruction>,
}

/// `POST /api/v1/items/{id}/instructions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewInstruction {
    pub text: String,
}

/// A 实地督查 record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Inspection {
    pub id: i32,
    pub item_id: i32,
    pub item_number: i32,
    pub plan_year: i32,
    pub unit: UnitRef,
    pub inspected_on: NaiveDate,
    pub place: String,
    pub inspectors: String,
    pub findings: String,
    /// 整改要求, when the inspection asked for any: a notice tracks them.
    pub requirements: Option<String>,
    pub notice: Option<CaseLink>,
    pub photos: Vec<CaseFile>,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InspectionList {
    pub inspections: Vec<Inspection>,
}

/// `POST /api/v1/items/{id}/inspections`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewInspection {
    pub inspected_on: NaiveDate,
    pub place: String,
    pub inspectors: String,
    pub findings: String,
    /// 整改要求: when given, a 督查通知书 of `grade` goes to the item's unit.
    #[serde(default)]
    pub requirements: Option<String>,
    #[serde(default)]
    pub grade: Option<Grade>,
    #[serde(default)]
    pub answer_by: Option<NaiveDate>,
}
