//! Documents made from the API's data: the plan as a spreadsheet or CSV in the notice's own
//! table layout, and the briefing as a print page or a Word document. Pure: data in, bytes out.

pub mod briefing;
pub mod cases;
pub mod plan_table;
pub mod public_page;

use duban_shared::api::{ItemDetail, Milestone};

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
