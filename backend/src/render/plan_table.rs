//! The plan as the notice's table (项目分类, 序号, 具体内容, 节点计划, 责任单位) plus the
//! supervision columns (最新进展, 完成度, 序时进度, 亮灯, 原因), as .xlsx and as CSV.

use std::collections::HashMap;

use duban_shared::api::PlanDetail;
use duban_shared::briefing::chinese_date;
use duban_shared::numerals::chinese_ordinal;
use duban_shared::quantity::{points, round1};
use duban_shared::summary::{item_expected, item_progress};
use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

use super::{light_text, milestone_lines};

pub const HEADERS: [&str; 10] = [
    "项目分类",
    "序号",
    "具体内容",
    "节点计划",
    "责任单位",
    "最新进展",
    "完成度",
    "序时进度",
    "亮灯",
    "原因",
];

/// A closed year (年终销号) adds each item's final result and its note.
pub const YEAR_END_HEADERS: [&str; 2] = ["年终结果", "销号说明"];

fn headers(plan: &PlanDetail) -> Vec<&'static str> {
    let mut h = HEADERS.to_vec();
    if plan.closed_at.is_some() {
        h.extend(YEAR_END_HEADERS);
    }
    h
}

fn final_result(item: &duban_shared::api::ItemDetail) -> (&'static str, &str) {
    (item.final_result.map_or("", |r| r.label_zh()), &item.final_note)
}

/// "23.6%": the figure the dashboard's bars show, to one decimal.
fn percent(x: f64) -> String {
    format!("{}%", points(x))
}

/// item id → (period, progress text) of its latest report.
pub type Progress = HashMap<i32, (String, String)>;

fn progress_text(progress: &Progress, item_id: i32) -> String {
    progress
        .get(&item_id)
        .map(|(period, text)| format!("【{period}】{text}"))
        .unwrap_or_default()
}

pub fn xlsx(plan: &PlanDetail, progress: &Progress) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("民生实事")?;
    let font = "宋体";
    let super::SheetFormats { title, head, cell } = super::sheet_formats();
    let note = Format::new().set_font_name(font).set_align(FormatAlign::Center);
    let centre = cell
        .clone()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let pct = centre.clone().set_num_format("0.0%");

    let headers = headers(plan);
    let last_col = (headers.len() - 1) as u16;
    ws.merge_range(0, 0, 0, last_col, &plan.title, &title)?;
    let sub = format!("{}　截至{}", plan.doc_number, chinese_date(plan.as_of));
    ws.merge_range(1, 0, 1, last_col, &sub, &note)?;
    for (col, h) in headers.iter().enumerate() {
        ws.write_string_with_format(2, col as u16, *h, &head)?;
    }
    for (col, width) in [16.0, 6.0, 40.0, 60.0, 16.0, 40.0, 9.0, 9.0, 10.0, 40.0, 10.0, 40.0]
        .into_iter()
        .take(headers.len())
        .enumerate()
    {
        ws.set_column_width(col as u16, width)?;
    }
    ws.set_freeze_panes(3, 0)?;

    let mut row: u32 = 3;
    for cat in &plan.categories {
        let label = format!("{}、{}", chinese_ordinal(cat.ordinal), cat.title);
        let first = row;
        for item in &cat.items {
            let (light, reasons) = light_text(item);
            ws.write_number_with_format(row, 1, item.number as f64, &centre)?;
            ws.write_string_with_format(row, 2, &item.content, &cell)?;
            ws.write_string_with_format(row, 3, milestone_lines(&item.milestones), &cell)?;
            ws.write_string_with_format(row, 4, &item.lead_unit.name, &centre)?;
            ws.write_string_with_format(row, 5, progress_text(progress, item.id), &cell)?;
            // Numbers with a percent format, so the sheet can sort and sum them.
            ws.write_number_with_format(row, 6, round1(item_progress(item)) / 100.0, &pct)?;
            ws.write_number_with_format(row, 7, round1(item_expected(item)) / 100.0, &pct)?;
            ws.write_string_with_format(row, 8, &light, &centre)?;
            ws.write_string_with_format(row, 9, &reasons, &cell)?;
            if plan.closed_at.is_some() {
                let (result, note) = final_result(item);
                ws.write_string_with_format(row, 10, result, &centre)?;
                ws.write_string_with_format(row, 11, note, &cell)?;
            }
            row += 1;
        }
        // The category spans its items, as in the notice.
        match cat.items.len() {
            0 => {}
            1 => {
                ws.write_string_with_format(first, 0, &label, &centre)?;
            }
            _ => {
                ws.merge_range(first, 0, row - 1, 0, &label, &centre)?;
            }
        }
    }
    wb.save_to_buffer()
}

/// CSV with a UTF-8 byte-order mark, so Excel opens the Chinese text correctly.
pub fn csv(plan: &PlanDetail, progress: &Progress) -> Result<Vec<u8>, csv::Error> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(headers(plan))?;
        for cat in &plan.categories {
            let label = format!("{}、{}", chinese_ordinal(cat.ordinal), cat.title);
            for item in &cat.items {
                let (light, reasons) = light_text(item);
                let (result, note) = final_result(item);
                let mut record = vec![
                    label.as_str(),
                    &item.number.to_string(),
                    &item.content,
                    &milestone_lines(&item.milestones),
                    &item.lead_unit.name,
                    &progress_text(progress, item.id),
                    &percent(item_progress(item)),
                    &percent(item_expected(item)),
                    &light,
                    &reasons,
                ]
                .into_iter()
                .map(str::to_string)
                .collect::<Vec<_>>();
                if plan.closed_at.is_some() {
                    record.extend([result.to_string(), note.to_string()]);
                }
                w.write_record(&record)?;
            }
        }
        w.flush()?;
    }
    Ok(out)
}
