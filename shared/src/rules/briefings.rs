//! Briefings (情况通报): drafted as of a cut-off day, written by the office, then published.

use chrono::NaiveDate;

use super::{field, refuse_if, text, Refusal};
use crate::briefing::{BriefingStatus, BriefingText};
use crate::error::FieldError;

/// A title or an issuer's name: one line.
pub const LINE_MAX_CHARS: usize = 100;

/// A briefing reports what is known: its cut-off is not after today.
pub fn cut_off_problem(cut_off: NaiveDate, today: NaiveDate) -> Option<FieldError> {
    (cut_off > today).then(|| field("cut_off", "截至日期不能晚于今天"))
}

/// A draft is made for a cut-off that has come.
pub fn draft(cut_off: NaiveDate, today: NaiveDate) -> Result<(), Refusal> {
    refuse_if(cut_off_problem(cut_off, today))
}

fn line_problem(name: &str, value: &str) -> Option<FieldError> {
    if value.trim().is_empty() {
        Some(field(name, "不能为空"))
    } else if value.chars().count() > LINE_MAX_CHARS {
        Some(FieldError {
            field: name.to_string(),
            message: format!("不能超过{LINE_MAX_CHARS}字"),
        })
    } else if value.contains(['\n', '\r', '\t']) {
        Some(field(name, "应为一行文字"))
    } else {
        None
    }
}

/// The office's words: a title and an issuer of one line each, sections of ordinary length;
/// only a draft is edited.
pub fn edit(status: BriefingStatus, input: &BriefingText) -> Result<(), Refusal> {
    if status == BriefingStatus::Published {
        return Err(Refusal::conflict("该期通报已发布，不能再修改"));
    }
    let mut problems: Vec<FieldError> = [
        line_problem("title", &input.title),
        line_problem("issuer", &input.issuer),
    ]
    .into_iter()
    .flatten()
    .collect();
    for (name, _, value) in input.sections.parts() {
        if let Err(Refusal::Invalid(fs)) = text(&format!("sections.{name}"), value, false) {
            problems.extend(fs);
        }
    }
    Refusal::check(problems)
}

/// Publishing: once, and not before the cut-off day.
pub fn publish(status: BriefingStatus, cut_off: NaiveDate, today: NaiveDate) -> Result<(), Refusal> {
    if status == BriefingStatus::Published {
        return Err(Refusal::conflict("该期通报已发布"));
    }
    refuse_if(cut_off_problem(cut_off, today))
}

/// Readers are counted for a published issue: a draft has been sent to nobody.
pub fn readers(status: BriefingStatus) -> Result<(), Refusal> {
    match status {
        BriefingStatus::Published => Ok(()),
        BriefingStatus::Draft => Err(Refusal::conflict("该期通报尚未发布，还没有读者")),
    }
}

/// Only a draft is thrown away; a published number stays taken.
pub fn discard(status: BriefingStatus) -> Result<(), Refusal> {
    match status {
        BriefingStatus::Draft => Ok(()),
        BriefingStatus::Published => Err(Refusal::conflict("已发布的通报不能删除")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::BriefingSections;

    fn text_with(title: &str, overall: &str) -> BriefingText {
        BriefingText {
            title: title.into(),
            issuer: "开平市人民政府办公室".into(),
            sections: BriefingSections {
                overall: overall.into(),
                ..Default::default()
            },
        }
    }

    #[test]
    fn a_draft_takes_a_one_line_title_and_sections_of_ordinary_length() {
        let draft = BriefingStatus::Draft;
        assert!(edit(draft, &text_with("民生实事推进情况通报", "总体平稳。\n稳中有进。")).is_ok());
        assert!(edit(draft, &text_with("  ", "x")).is_err());
        assert!(edit(draft, &text_with("两行\n标题", "x")).is_err());
        assert!(edit(draft, &text_with(&"长".repeat(101), "x")).is_err());
        let Err(Refusal::Invalid(fs)) = edit(draft, &text_with("标题", &"字".repeat(5001))) else {
            panic!("a long section is refused");
        };
        assert_eq!(fs[0].field, "sections.overall");
        assert!(matches!(
            edit(BriefingStatus::Published, &text_with("标题", "x")),
            Err(Refusal::Conflict(_))
        ));
    }

    #[test]
    fn an_issue_is_published_once_and_not_before_its_cut_off() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert!(publish(BriefingStatus::Draft, d("2024-07-01"), d("2024-07-15")).is_ok());
        assert!(publish(BriefingStatus::Draft, d("2024-07-16"), d("2024-07-15")).is_err());
        assert!(matches!(
            publish(BriefingStatus::Published, d("2024-07-01"), d("2024-07-15")),
            Err(Refusal::Conflict(_))
        ));
        assert!(discard(BriefingStatus::Draft).is_ok());
        assert!(readers(BriefingStatus::Published).is_ok() && readers(BriefingStatus::Draft).is_err());
        assert!(discard(BriefingStatus::Published).is_err());
    }
}
