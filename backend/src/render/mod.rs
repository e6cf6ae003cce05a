//! Documents made from the API's data: the plan as a spreadsheet or CSV in the notice's own
//! table layout, and the briefing as a print page or a Word document. Pure: data in, bytes out.

pub mod briefing;
pub mod cases;
pub mod evaluation;
pub mod plan_table;
pub mod public_page;

use duban_shared::api::{ItemDetail, Milestone};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder};

/// The formats of Duban's spreadsheets: the title row, the header row, a body cell (宋体, thin
/// borders, wrapped).
pub struct SheetFormats {
    pub title: Format,
    pub head: Format,
    pub cell: Format,
}

pub fn sheet_formats() -> SheetFormats {
    let font = "宋体";
    SheetFormats {
        title: Format::new()
            .set_bold()
            .set_font_size(16)
            .set_font_name(font)
            .set_align(FormatAlign::Center),
        head: Format::new()
            .set_bold()
            .set_font_name(font)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color("#F2F2F2"),
        cell: Format::new()
            .set_font_name(font)
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::Top),
    }
}

/// "3月31日前：…" lines, as the notice writes its 节点计划.
pub fn milestone_lines(milestones: &[Milestone]) -> String {
    milestones
        .iter()
        .map(|m| {
            use chrono::Datelike;
            let d = m.original_due_date;
            let mut line = format!("{}月{}日前：{}", d.month(), d.day(), m.target_text);
            if m.due_date != m.original_due_date {
                line.push_str(&format!(
                    "（经批准延期至{}月{}日）",
                    m.due_date.month(),
                    m.due_date.day()
                ));
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The item's light and reasons in one cell: "滞后：…；…".
pub fn light_text(item: &ItemDetail) -> (String, String) {
    (item.light.colour.label_zh().to_string(), item.light.reasons.join("；"))
}
