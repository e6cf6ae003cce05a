//! The briefing as a print-ready HTML page and as a Word document (.docx). Chinese text is
//! stored as text with East Asian fonts named, so it survives any viewer.

use docx_rs::{AlignmentType, Docx, Paragraph, Run, RunFonts, Table, TableCell, TableRow};
use duban_shared::briefing::{chinese_date, Briefing};

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The page's own stylesheet (inline; the page's CSP allows exactly this text by its hash).
pub const PRINT_CSS: &str = "body{font-family:'FangSong','仿宋','仿宋_GB2312','STFangsong','Noto Serif CJK SC',serif;\
max-width:210mm;margin:0 auto;padding:20mm 18mm;color:#000;line-height:1.8;font-size:16pt}\
h1{font-family:'SimHei','黑体','Noto Sans CJK SC',sans-serif;text-align:center;font-size:22pt;color:#c00;\
border-bottom:2px solid #c00;padding-bottom:8pt}.meta{text-align:center}h2{font-size:16pt;font-family:'SimHei','黑体',sans-serif}\
table{border-collapse:collapse;width:100%;font-size:12pt}th,td{border:1px solid #000;padding:4pt;vertical-align:top}\
p{text-indent:2em;margin:0 0 6pt}@page{size:A4;margin:20mm}";

pub fn html(b: &Briefing) -> String {
    let mut rows = String::new();
    for (i, l) in b.lagging.iter().enumerate() {
        rows.push_str(&format!(
            "<tr><td>{}</td><td>第{}项</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            i + 1,
            l.number,
            esc(&l.unit.name),
            esc(l.colour.label_zh()),
            esc(&l.reasons.join("；"))
        ));
    }
    let mut late = String::new();
    for u in &b.late_units {
        late.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&u.unit.name),
            u.expected,
            u.late,
            u.missing
        ));
    }
    let overview: String = b.overview.iter().map(|p| format!("<p>{}</p>", esc(p))).collect();
    format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{title}</title>\
<style>{css}</style></head><body><h1>{title}</h1><p class=\"meta\">截至{cut}</p>{overview}\
<h2>一、进度滞后事项</h2>{lag}\
<h2>二、月报报送情况</h2>{late}</body></html>",
        title = esc(&b.title),
        css = PRINT_CSS,
        cut = chinese_date(b.cut_off),
        lag = if rows.is_empty() {
            "<p>无。</p>".to_string()
        } else {
            format!("<table><thead><tr><th>序</th><th>事项</th><th>责任单位</th><th>亮灯</th><th>原因</th></tr></thead><tbody>{rows}</tbody></table>")
        },
        late = if late.is_empty() {
            "<p>各单位均按时报送。</p>".to_string()
        } else {
            format!("<table><thead><tr><th>责任单位</th><th>应报</th><th>逾期</th><th>未报</th></tr></thead><tbody>{late}</tbody></table>")
        },
    )
}

fn run(text: &str, size_half_points: usize, heading: bool) -> Run {
    let font = if heading { "黑体" } else { "仿宋" };
    Run::new().add_text(text).size(size_half_points).fonts(
        RunFonts::new()
            .east_asia(font)
            .ascii("Times New Roman")
            .hi_ansi("Times New Roman"),
    )
}

fn cell(text: &str) -> TableCell {
    TableCell::new().add_paragraph(Paragraph::new().add_run(run(text, 24, false)))
}

pub fn docx(b: &Briefing) -> Result<Vec<u8>, docx_rs::DocxError> {
    let mut doc = Docx::new()
        .add_paragraph(
            Paragraph::new()
                .add_run(run(&b.title, 44, true).color("C00000"))
                .align(AlignmentType::Center),
        )
        .add_paragraph(
            Paragraph::new()
                .add_run(run(&format!("截至{}", chinese_date(b.cut_off)), 32, false))
                .align(AlignmentType::Center),
        );
    for p in &b.overview {
        doc = doc.add_paragraph(Paragraph::new().add_run(run(&format!("　　{p}"), 32, false)));
    }
    doc = doc.add_paragraph(Paragraph::new().add_run(run("一、进度滞后事项", 32, true)));
    if b.lagging.is_empty() {
        doc = doc.add_paragraph(Paragraph::new().add_run(run("　　无。", 32, false)));
    } else {
        let mut rows = vec![TableRow::new(
            ["序", "事项", "责任单位", "亮灯", "原因"]
                .iter()
                .map(|h| cell(h))
                .collect(),
        )];
        for (i, l) in b.lagging.iter().enumerate() {
            rows.push(TableRow::new(vec![
                cell(&(i + 1).to_string()),
                cell(&format!("第{}项", l.number)),
                cell(&l.unit.name),
                cell(l.colour.label_zh()),
                cell(&l.reasons.join("；")),
            ]));
        }
        doc = doc.add_table(Table::new(rows));
    }
    doc = doc.add_paragraph(Paragraph::new().add_run(run("二、月报报送情况", 32, true)));
    if b.late_units.is_empty() {
        doc = doc.add_paragraph(Paragraph::new().add_run(run("　　各单位均按时报送。", 32, false)));
    } else {
        let mut rows = vec![TableRow::new(
            ["责任单位", "应报", "逾期", "未报"].iter().map(|h| cell(h)).collect(),
        )];
        for u in &b.late_units {
            rows.push(TableRow::new(vec![
                cell(&u.unit.name),
                cell(&u.expected.to_string()),
                cell(&u.late.to_string()),
                cell(&u.missing.to_string()),
            ]));
        }
        doc = doc.add_table(Table::new(rows));
    }
    let mut buf = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut buf)?;
    Ok(buf.into_inner())
}
