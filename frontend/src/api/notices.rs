//! 督查通知书, 批示 and 实地督查: the office issues, returns and closes; a unit signs for
//! and answers; leaders write 批示.

use duban_shared::cases::{
    CaseFile, Inspection, InspectionList, Instruction, InstructionList, NewInspection, NewInstruction, NoticeClose,
    NoticeReturn,
};
use duban_shared::supervision::{NewNotice, Notice, NoticeAnswer, NoticeList};
use gloo_net::http::Method;
use yew::Callback;

use super::client::{get_json, send_versioned, ApiError, NO_BODY};
use super::evidence::upload_file;
use super::files::save_file;
use crate::query::{encode, query_string};

/// The notices sent to a unit (newest plan).
pub async fn unit_notices(unit: &str) -> Result<NoticeList, ApiError> {
    get_json(&format!("/notices?unit={}&per_page=500", encode(unit))).await
}

pub async fn item_notices(item_id: i32) -> Result<NoticeList, ApiError> {
    get_json(&format!("/notices?item={item_id}&per_page=500")).await
}

/// The 督办台账's filters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NoticeFilter {
    /// One state or several, comma-separated.
    pub state: Option<String>,
    pub grade: Option<String>,
    pub overdue: bool,
}

impl NoticeFilter {
    fn query(&self, paged: bool) -> String {
        query_string(&[
            ("state", self.state.clone()),
            ("grade", self.grade.clone()),
            ("overdue", self.overdue.then(|| "true".to_string())),
            ("per_page", paged.then(|| "500".to_string())),
        ])
    }
}

/// `GET /notices?state=&grade=&overdue=`.
pub async fn notices(filter: NoticeFilter) -> Result<NoticeList, ApiError> {
    get_json(&format!("/notices{}", filter.query(true))).await
}

/// The 督办台账 as .xlsx, with the same filters.
pub async fn download_ledger(filter: &NoticeFilter) -> Result<(), ApiError> {
    save_file(&format!("/notices/export.xlsx{}", filter.query(false)), "督办台账.xlsx").await
}

/// The printable 督查通知书.
pub async fn download_docx(notice: &Notice) -> Result<(), ApiError> {
    save_file(
        &format!("/notices/{}/docx", notice.id),
        &format!("{}.docx", notice.number),
    )
    .await
}

/// A file of a case (an attachment or a photo).
pub async fn download_case_file(file: &CaseFile) -> Result<(), ApiError> {
    save_file(&format!("/case-files/{}", file.id), &file.file_name).await
}

/// `POST /items/{id}/notices`.
pub async fn issue_notice(item_id: i32, body: NewNotice) -> Result<Notice, ApiError> {
    send_versioned(Method::POST, &format!("/items/{item_id}/notices"), Some(&body), None).await
}

/// `POST /notices/{id}/acknowledge` (签收).
pub async fn acknowledge(id: i32) -> Result<Notice, ApiError> {
    send_versioned(Method::POST, &format!("/notices/{id}/acknowledge"), NO_BODY, None).await
}

/// `POST /notices/{id}/answer`.
pub async fn answer_notice(id: i32, answer: String, version: i32) -> Result<Notice, ApiError> {
    send_versioned(
        Method::POST,
        &format!("/notices/{id}/answer"),
        Some(&NoticeAnswer { answer }),
        Some(version),
    )
    .await
}

/// `POST /notices/{id}/attachments?name=` (for the next answer).
pub fn attach(id: i32, file: web_sys::File, on_done: Callback<Result<CaseFile, ApiError>>) {
    upload_file(
        &format!("/notices/{id}/attachments"),
        file,
        Callback::from(|_: u32| ()),
        on_done,
    )
}

/// `POST /notices/{id}/return` (退回).
pub async fn return_notice(id: i32, reason: String, version: i32) -> Result<Notice, ApiError> {
    send_versioned(
        Method::POST,
        &format!("/notices/{id}/return"),
        Some(&NoticeReturn { reason }),
        Some(version),
    )
    .await
}

/// `POST /notices/{id}/close` (销号).
pub async fn close_notice(id: i32, note: String, version: i32) -> Result<Notice, ApiError> {
    send_versioned(
        Method::POST,
        &format!("/notices/{id}/close"),
        Some(&NoticeClose { note }),
        Some(version),
    )
    .await
}

pub async fn item_instructions(item_id: i32) -> Result<InstructionList, ApiError> {
    get_json(&format!("/items/{item_id}/instructions")).await
}

/// The 批示 the caller may see in the newest plan (a unit: its own items').
pub async fn instructions() -> Result<InstructionList, ApiError> {
    get_json("/instructions").await
}

pub async fn write_instruction(item_id: i32, text: String) -> Result<Instruction, ApiError> {
    send_versioned(
        Method::POST,
        &format!("/items/{item_id}/instructions"),
        Some(&NewInstruction { text }),
        None,
    )
    .await
}

pub async fn item_inspections(item_id: i32) -> Result<InspectionList, ApiError> {
    get_json(&format!("/items/{item_id}/inspections")).await
}

pub async fn record_inspection(item_id: i32, body: NewInspection) -> Result<Inspection, ApiError> {
    send_versioned(
        Method::POST,
        &format!("/items/{item_id}/inspections"),
        Some(&body),
        None,
    )
    .await
}

/// `POST /inspections/{id}/photos?name=`.
pub fn add_photo(id: i32, file: web_sys::File, on_done: Callback<Result<CaseFile, ApiError>>) {
    upload_file(
        &format!("/inspections/{id}/photos"),
        file,
        Callback::from(|_: u32| ()),
        on_done,
    )
}
