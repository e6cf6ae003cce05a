//! Monthly reports (月报): written by the lead unit, reviewed by the office.

use super::{text, Refusal};
use crate::lights::Period;
use crate::reporting::ReportState;

/// A month has one report: starting a second is refused.
pub fn start(existing: Option<ReportState>, period: Period) -> Result<(), Refusal> {
    match existing {
        Some(_) => Err(Refusal::conflict(format!("the report for {period} exists already"))),
        None => Ok(()),
    }
}

/// Last month's text as the start of this month's: without the month label it began with
/// (`2024年6月：`, `6月份，`, `六月：` …), which would be wrong in the new month.
pub fn carried_text(text: &str) -> String {
    let t = text.trim_start();
    let mut rest = t;
    // An optional year: four digits and 年.
    if let Some((year, after)) = rest.split_once('年') {
        if year.chars().count() == 4 && year.chars().all(|c| c.is_ascii_digit()) {
            rest = after;
        }
    }
    let digits: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
        .collect();
    let Some(after) = rest[digits.len()..].strip_prefix('月') else {
        return t.to_string();
    };
    if digits.is_empty() || digits.chars().count() > 2 {
        return t.to_string();
    }
    let after = after.strip_prefix('份').unwrap_or(after);
    match after.chars().next() {
        Some(c) if "：:，,、 ".contains(c) => after[c.len_utf8()..].trim_start().to_string(),
        _ => t.to_string(),
    }
}

/// The unit edits or submits a report only while it has it (draft, or returned to it).
pub fn editable(state: ReportState) -> Result<(), Refusal> {
    if !state.editable() {
        return Err(Refusal::conflict("a submitted or accepted report cannot be changed"));
    }
    Ok(())
}

/// The office accepts a submitted report, or returns it with a reason.
pub fn review(state: ReportState, reason: Option<&str>) -> Result<(), Refusal> {
    if let Some(r) = reason {
        text("reason", r, true)?;
    }
    if state != ReportState::Submitted {
        return Err(Refusal::conflict("only a submitted report can be reviewed"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_move_from_the_unit_to_the_office_and_back() {
        let june = Period::new(2024, 6).unwrap();
        assert!(start(None, june).is_ok());
        assert!(matches!(
            start(Some(ReportState::Draft), june),
            Err(Refusal::Conflict(_))
        ));
        assert!(editable(ReportState::Returned).is_ok());
        assert!(matches!(editable(ReportState::Submitted), Err(Refusal::Conflict(_))));
        assert!(review(ReportState::Submitted, Some("请补充数据")).is_ok());
        assert!(matches!(
            review(ReportState::Submitted, Some(" ")),
            Err(Refusal::Invalid(_))
        ));
        assert!(matches!(review(ReportState::Draft, None), Err(Refusal::Conflict(_))));
    }
}

#[cfg(test)]
mod carried_text_tests {
    use super::carried_text;

    #[test]
    fn drops_the_month_label_only() {
        assert_eq!(carried_text("2024年6月：新增就业520人。"), "新增就业520人。");
        assert_eq!(carried_text("6月份，完成招聘会2场。"), "完成招聘会2场。");
        assert_eq!(carried_text("六月：完成"), "完成");
        assert_eq!(carried_text("12月: 收尾"), "收尾");
        // Text that merely starts with a date, or a month in a sentence, stays as it is.
        assert_eq!(carried_text("6月30日前完成主体工程。"), "6月30日前完成主体工程。");
        assert_eq!(carried_text("累计新增就业3000人。"), "累计新增就业3000人。");
        assert_eq!(carried_text("2024年完成全部改造"), "2024年完成全部改造");
        assert_eq!(carried_text(""), "");
    }
}
