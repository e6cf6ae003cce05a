//! Evidence files (佐证材料) on a milestone.

use chrono::NaiveDate;

use super::{field, Refusal};
use crate::error::FieldError;

/// Longest file name kept, in characters.
pub const FILE_NAME_MAX_CHARS: usize = 255;

/// A file name that names one file: not empty, not too long, no folder in it, and no
/// character that makes it read as something else (controls, bidirectional overrides).
pub fn file_name_problem(name: &str) -> Option<FieldError> {
    let name = name.trim();
    if let Some(p) = crate::input::file_name_text_problem(name) {
        return Some(field("name", &format!("文件名{}", p.message())));
    }
    (name.is_empty() || name.chars().count() > FILE_NAME_MAX_CHARS || name.contains(['/', '\\']))
        .then(|| field("name", "文件名不合规"))
}

/// An uploaded file has content.
pub fn content(len: usize) -> Result<(), Refusal> {
    if len == 0 {
        return Err(Refusal::invalid("file", "文件为空"));
    }
    Ok(())
}

/// A file is removed only while its milestone is open.
pub fn removable(milestone_completed: Option<NaiveDate>) -> Result<(), Refusal> {
    if milestone_completed.is_some() {
        return Err(Refusal::conflict(
            "the milestone is complete; ask the office to reopen it",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_name_one_file() {
        assert_eq!(file_name_problem("验收报告.pdf"), None);
        assert!(file_name_problem(" ").is_some());
        assert!(file_name_problem("../etc/passwd").is_some());
        assert!(file_name_problem(&"字".repeat(256)).is_some());
        assert!(file_name_problem("invoice\u{202E}fdp.exe").is_some());
        assert!(content(0).is_err() && content(1).is_ok());
    }
}
