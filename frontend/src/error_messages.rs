//! What a failed call says on screen, beyond [`ApiError::message`].

use std::collections::HashMap;

use duban_shared::error::ErrorCode;

use crate::api::ApiError;

/// What a failed write says: a stale version gets its own sentence.
pub fn write_error(e: &ApiError) -> String {
    match e.code {
        Some(ErrorCode::PreconditionFailed) => "该记录已被他人修改，列表已刷新，请核对后重新操作。".to_string(),
        Some(ErrorCode::Conflict) => "该记录的状态已变化（可能已被他人处理），列表已刷新。".to_string(),
        _ => e
            .fields
            .first()
            .map(|f| f.message.clone())
            .unwrap_or_else(|| e.message.clone()),
    }
}

/// The first field's problem, else what the refusal means: for one-field forms.
pub fn first_problem(e: &ApiError) -> String {
    e.fields
        .first()
        .map(|f| f.message.clone())
        .unwrap_or_else(|| write_error(e))
}

/// What a failed edit of the plan or the unit directory says: a stale version and a refusal
/// (`conflict`: what it was refused for, in the page's words) each get their sentence; a
/// refusal the server explains in Chinese (publishing) is shown as it says.
pub fn edit_error(e: &ApiError, conflict: &str) -> String {
    match e.code {
        Some(ErrorCode::PreconditionFailed) => {
            "保存未成功：该记录已被他人修改，已载入最新内容，请核对后重新操作。".to_string()
        }
        Some(ErrorCode::Conflict) => conflict.to_string(),
        Some(ErrorCode::Validation) if e.fields.is_empty() && has_chinese(&e.detail) => e.detail.clone(),
        Some(ErrorCode::Validation) if !e.fields.is_empty() => "有内容不符合要求，请按提示修改。".to_string(),
        _ => e.message.clone(),
    }
}

fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// A 422's field problems, by field (several for one field joined).
pub fn field_errors(e: &ApiError) -> HashMap<String, String> {
    let mut out: HashMap<String, String> = HashMap::new();
    for f in &e.fields {
        out.entry(f.field.clone())
            .and_modify(|m| {
                m.push('；');
                m.push_str(&f.message);
            })
            .or_insert_with(|| f.message.clone());
    }
    out
}
