//! 督办件 as documents: the printable 督查通知书 (.docx, in 公文 layout) and the office's
//! 督办台账 (.xlsx).

use chrono::NaiveDate;
use docx_rs::{AlignmentType, Docx, Paragraph, Run, RunFonts};
use duban_shared::briefing::chinese_date;
use duban_shared::lights::china_date;
use duban_shared::supervision::Notice;
use rust_xlsxwriter::{Workbook, XlsxError};

/// A run in a 公文 font: 方正小标宋 for the title, 仿宋_GB2312 for the text (named, not
/// embedded: the reader's Word supplies them). Sizes in half points (三号 = 16 pt = 32).
fn run(text: &str, size_half_points: usize, font: &str) -> Run {
    Run::new().add_text(text).size(size_half_points).fonts(
        RunFonts::new()
            .east_asia(font)
            .ascii("Times New Roman")
            .hi_ansi("Times New Roman"),
    )
}

const TITLE_FONT: &str = "方正小标宋简体";
const TEXT_FONT: &str = "仿宋_GB2312";
const HEAD_FONT: &str = "黑体";

fn body(text: &str) -> Paragraph {
    Paragraph::new().add_run(run(&format!("　　{text}"), 32, TEXT_FONT))
}

/// The 督查通知书: 发文机关, 文号, 标题, 主送单位, 事由, 要求, 反馈时限, 落款日期.
pub fn notice_docx(n: &Notice, issuer: &str, item_content: &str) -> Result<Vec<u8>, docx_rs::DocxError> {
    let issuer = if issuer.trim().is_empty() {
        "市人民政府办公室"
    } else {
        issuer.trim()
    };
    let issued_on = china_date(n.issued_at);
    let mut doc = Docx::new()
        .add_paragraph(
            Paragraph::new()
                .add_run(run(&format!("{issuer}督查室"), 52, TITLE_FONT).color("C00000"))
                .align(AlignmentType::Center),
        )
        .add_paragraph(
            Paragraph::new()
                .add_run(run(&n.number, 32, TEXT_FONT))
                .align(AlignmentType::Center),
        )
        .add_paragraph(
            Paragraph::new()
                .add_run(run("━━━━━━━━━━━━━━━━━━━━━━━━", 24, TEXT_FONT).color("C00000"))
                .align(AlignmentType::Center),
        )
        .add_paragraph(
            Paragraph::new()
                .add_run(run("督查通知书", 44, TITLE_FONT))
                .align(AlignmentType::Center),
        )
        .add_paragraph(
            Paragraph::new()
                .add_run(run(&format!("（{}）", n.grade.label_zh()), 32, TEXT_FONT))
                .align(AlignmentType::Center),
        )
        .add_paragraph(Paragraph::new().add_run(run(&format!("{}：", n.unit.name), 32, TEXT_FONT)))
        .add_paragraph(body(&format!(
            "根据{}年民生实事督查工作安排，现就你单位牵头负责的第{}项“{}”督办如下。",
            n.plan_year, n.item_number, item_content
        )))
        .add_paragraph(Paragraph::new().add_run(run("　　一、督办事由", 32, HEAD_FONT)));
    for line in n.reason.lines().filter(|l| !l.trim().is_empty()) {
        doc = doc.add_paragraph(body(line.trim()));
    }
    doc = doc
        .add_paragraph(Paragraph::new().add_run(run("　　二、办理要求", 32, HEAD_FONT)))
        .add_paragraph(body(
            "请你单位收到本通知书后即时签收，认真研究，明确责任人和整改措施，按期完成整改。",
        ))
        .add_paragraph(Paragraph::new().add_run(run("　　三、反馈时限", 32, HEAD_FONT)))
        .add_paragraph(body(&format!(
            "请于{}前将办理情况书面反馈{}督查室；逾期未反馈的，督办等级依次提升并在情况通报中通报。",
            chinese_date(n.answer_by),
            issuer
        )))
        .add_paragraph(Paragraph::new())
        .add_paragraph(
            Paragraph::new()
                .add_run(run(&format!("{issuer}督查室"), 32, TEXT_FONT))
                .align(AlignmentType::Right),
        )
        .add_paragraph(
            Paragraph::new()
                .add_run(run(&chinese_date(issued_on), 32, TEXT_FONT))
                .align(AlignmentType::Right),
        );
    let mut buf = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut buf)?;
    Ok(buf.into_inner())
}

pub const LEDGER_HEADERS: [&str; 13] = [
    "编号",
    "督办等级",
    "项目",
    "责任单位",
    "督办事由",
    "来源",
    "交办日期",
    "反馈时限",
    "签收",
    "状态",
    "逾期",
    "最近反馈",
    "销号意见",
];

/// The 督办台账: one row per notice, in the list's order.
pub fn ledger_xlsx(notices: &[Notice], year: i32, today: NaiveDate) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("督办台账")?;
    let super::SheetFormats { title, head, cell } = super::sheet_formats();
    let last = (LEDGER_HEADERS.len() - 1) as u16;
    ws.merge_range(
        0,
        0,
        0,
        last,
        &format!("{year}年民生实事督办台账（截至{}）", chinese_date(today)),
        &title,
    )?;
    for (col, h) in LEDGER_HEADERS.iter().enumerate() {
        ws.write_string_with_format(1, col as u16, *h, &head)?;
    }
    for (col, width) in [
        24.0, 10.0, 8.0, 20.0, 40.0, 10.0, 12.0, 12.0, 18.0, 14.0, 8.0, 40.0, 30.0,
    ]
    .into_iter()
    .enumerate()
    {
        ws.set_column_width(col as u16, width)?;
    }
    ws.set_freeze_panes(2, 0)?;
    for (i, n) in notices.iter().enumerate() {
        let row = i as u32 + 2;
        let source = match (n.source.instruction_id, n.source.inspection_id) {
            (Some(_), _) => "领导批示",
            (None, Some(_)) => "实地督查",
            (None, None) => "督查室",
        };
        let signed = match (&n.acknowledged_by, n.acknowledged_at) {
            (Some(by), Some(at)) => format!("{by} {}", chinese_date(china_date(at))),
            _ => "未签收".to_string(),
        };
        let cells = [
            n.number.clone(),
            n.grade.label_zh().to_string(),
            format!("第{}项", n.item_number),
            n.unit.name.clone(),
            n.reason.clone(),
            source.to_string(),
            chinese_date(china_date(n.issued_at)),
            chinese_date(n.answer_by),
            signed,
            n.state.label_zh().to_string(),
            if n.overdue { "是" } else { "" }.to_string(),
            n.answer.clone().unwrap_or_default(),
            n.close_note.clone().unwrap_or_default(),
        ];
        for (col, text) in cells.iter().enumerate() {
            ws.write_string_with_format(row, col as u16, text, &cell)?;
        }
    }
    wb.save_to_buffer()
}
