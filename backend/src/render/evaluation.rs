//! The deputies' evaluation results (满意度测评结果) as a spreadsheet: per item the counts and
//! 满意率, the comments without their writers, and the rule.

use duban_shared::evaluation::EvaluationResults;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

const HEADERS: [&str; 9] = [
    "序号",
    "项目",
    "牵头单位",
    "满意",
    "基本满意",
    "不满意",
    "有效票数",
    "满意率",
    "代表意见",
];

fn rate(r: Option<f64>) -> String {
    r.map(|x| format!("{x:.1}%")).unwrap_or_else(|| "—".to_string())
}

pub fn results_xlsx(r: &EvaluationResults) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("满意度测评结果")?;
    let super::SheetFormats { title, head, cell } = super::sheet_formats();
    let note = Format::new().set_font_name("宋体").set_text_wrap();
    let last = (HEADERS.len() - 1) as u16;
    let state = if r.evaluation.closed_at.is_some() {
        "已结束"
    } else {
        "进行中"
    };
    ws.merge_range(0, 0, 0, last, &format!("{}（{state}）", r.evaluation.title), &title)?;
    for (col, h) in HEADERS.iter().enumerate() {
        ws.write_string_with_format(1, col as u16, *h, &head)?;
    }
    for (col, width) in [6.0, 44.0, 22.0, 8.0, 10.0, 8.0, 10.0, 10.0, 48.0]
        .into_iter()
        .enumerate()
    {
        ws.set_column_width(col as u16, width)?;
    }
    let mut row = 2u32;
    for i in &r.items {
        ws.write_number_with_format(row, 0, i.number as f64, &cell)?;
        ws.write_string_with_format(row, 1, &i.content, &cell)?;
        ws.write_string_with_format(row, 2, &i.lead_unit, &cell)?;
        for (col, n) in [
            (3, i.satisfied),
            (4, i.basically_satisfied),
            (5, i.dissatisfied),
            (6, i.ballots),
        ] {
            ws.write_number_with_format(row, col, n as f64, &cell)?;
        }
        ws.write_string_with_format(row, 7, rate(i.satisfaction_rate), &cell)?;
        ws.write_string_with_format(row, 8, i.comments.join("\n"), &cell)?;
        row += 1;
    }
    ws.merge_range(row, 0, row, 6, "总体满意率", &head)?;
    ws.write_string_with_format(row, 7, rate(r.overall_rate), &cell)?;
    ws.write_string_with_format(row, 8, "", &cell)?;
    row += 2;
    ws.merge_range(row, 0, row, last, &format!("计算规则：{}", r.rule), &note)?;
    ws.set_row_height(row, 36)?;
    row += 1;
    ws.merge_range(
        row,
        0,
        row,
        last,
        &format!(
            "参评代表{}人，已投票{}人；个人投票情况不对外公开。",
            r.evaluation.deputies, r.evaluation.voted
        ),
        &note,
    )?;
    wb.save_to_buffer()
}
