//! The briefing as a print-ready HTML page and as a Word document (.docx), both in the
//! layout of a 公文 (GB/T 9704—2012): the red 版头 with the 期号, the issuer and the date over
//! a red line, the title in 小标宋, the text in 仿宋_GB2312 三号 with 黑体 headings, the
//! 版记 with the issuer and 印发日期 at the foot. Fonts are named, not embedded: Chinese
//! text is stored as text, so any viewer shows it with the fonts it has.

use docx_rs::{
    AlignmentType, BorderType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, PageNum, Paragraph,
    ParagraphBorder, ParagraphBorderPosition, Run, RunFonts, SpecialIndentType, Tab, TabValueType, Table, TableCell,
    TableRow,
};
use duban_shared::briefing::{chinese_date, Briefing, BriefingStatus};

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The figures behind the text, as 附表: (caption, header, rows).
type Annex = (String, Vec<&'static str>, Vec<Vec<String>>);

fn annexes(b: &Briefing) -> Vec<Annex> {
    let pct = |x: f64| format!("{x:.0}%");
    let mut out: Vec<Annex> = Vec::new();
    if !b.by_category.is_empty() {
        out.push((
            "各类项目推进情况".into(),
            vec![
                "类别",
                "项目数",
                "已完成",
                "正常",
                "滞后",
                "严重滞后",
                "平均完成度",
                "序时进度",
            ],
            b.by_category
                .iter()
                .map(|c| {
                    vec![
                        c.title.clone(),
                        c.counts.total.to_string(),
                        c.counts.blue.to_string(),
                        c.counts.green.to_string(),
                        c.counts.yellow.to_string(),
                        c.counts.red.to_string(),
                        pct(c.progress_pct),
                        pct(c.expected_pct),
                    ]
                })
                .collect(),
        ));
    }
    if !b.lagging.is_empty() {
        out.push((
            "进度滞后项目".into(),
            vec!["项目", "责任单位", "亮灯", "原因"],
            b.lagging
                .iter()
                .map(|l| {
                    vec![
                        format!("第{}项 {}", l.number, l.content),
                        l.unit.name.clone(),
                        l.colour.label_zh().to_string(),
                        l.reasons.join("；"),
                    ]
                })
                .collect(),
        ));
    }
    if let Some(p) = b.report_period {
        out.push((
            format!("{}年{}月月报逾期或未报单位", p.year, p.month),
            vec!["责任单位", "应报", "逾期报送", "未报送"],
            b.late_units
                .iter()
                .map(|u| {
                    vec![
                        u.unit.name.clone(),
                        u.expected.to_string(),
                        u.late.to_string(),
                        u.missing.to_string(),
                    ]
                })
                .collect(),
        ));
    }
    if !b.ranking.is_empty() {
        out.push((
            "责任单位推进排名".into(),
            vec!["名次", "责任单位", "严重滞后", "滞后", "平均完成度"],
            b.ranking
                .iter()
                .map(|r| {
                    vec![
                        r.rank.to_string(),
                        r.unit.name.clone(),
                        r.red.to_string(),
                        r.yellow.to_string(),
                        pct(r.progress_pct),
                    ]
                })
                .collect(),
        ));
    }
    out
}

/// The page's own stylesheet (inline; the page's CSP allows exactly this text by its hash).
pub const PRINT_CSS: &str = "body{font-family:'仿宋_GB2312','FangSong_GB2312','FangSong','仿宋','STFangsong','Noto Serif CJK SC',serif;\
max-width:156mm;margin:0 auto;padding:37mm 26mm 35mm 28mm;color:#000;line-height:28pt;font-size:16pt}\
.head{font-family:'方正小标宋简体','FZXiaoBiaoSong-B05S','STZhongsong','Noto Serif CJK SC',serif;text-align:center;color:#e00;font-size:36pt;line-height:1.4;margin:0}\
.issue{text-align:center;margin:8pt 0 0}.line{display:flex;justify-content:space-between;border-bottom:2.25pt solid #e00;padding-bottom:4pt;margin-bottom:28pt}\
h1{font-family:'方正小标宋简体','FZXiaoBiaoSong-B05S','STZhongsong','Noto Serif CJK SC',serif;font-weight:normal;text-align:center;font-size:22pt;line-height:1.5;margin:0}\
.cut{text-align:center;font-family:'楷体_GB2312','KaiTi','楷体',serif;margin:0 0 16pt}\
h2{font-family:'黑体','SimHei','Noto Sans CJK SC',sans-serif;font-weight:normal;font-size:16pt;margin:0;text-indent:2em}\
h3{font-family:'楷体_GB2312','KaiTi','楷体',serif;font-weight:normal;font-size:16pt;margin:12pt 0 4pt}\
p{text-indent:2em;margin:0}table{border-collapse:collapse;width:100%;font-size:12pt;line-height:1.5}\
th,td{border:1px solid #000;padding:2pt 4pt;vertical-align:top;font-weight:normal}\
.foot{margin-top:28pt;border-top:1pt solid #000;border-bottom:1pt solid #000;display:flex;justify-content:space-between;font-size:14pt;padding:0 1em}\
.draft{color:#e00}@page{size:A4;margin:0}";

/// The text as printed: the office's sections with their headings, or, for an issue with none
/// written, its opening sentences.
fn printed(b: &Briefing) -> Vec<(Option<String>, Vec<&str>)> {
    let written = b.sections.written();
    if written.is_empty() {
        return vec![(None, b.overview.iter().map(String::as_str).collect())];
    }
    written.into_iter().map(|(h, ps)| (Some(h), ps)).collect()
}

pub fn html(b: &Briefing) -> String {
    let mut body = String::new();
    for (heading, paras) in printed(b) {
        if let Some(heading) = heading {
            body.push_str(&format!("<h2>{}</h2>", esc(&heading)));
        }
        for p in paras {
            body.push_str(&format!("<p>{}</p>", esc(p)));
        }
    }
    let annexes = annexes(b);
    if !annexes.is_empty() {
        body.push_str("<h2>附表</h2>");
    }
    for (i, (caption, head, rows)) in annexes.iter().enumerate() {
        body.push_str(&format!("<h3>{}. {}</h3>", i + 1, esc(caption)));
        if rows.is_empty() {
            body.push_str("<p>无。</p>");
            continue;
        }
        let th: String = head.iter().map(|h| format!("<th>{h}</th>")).collect();
        let trs: String = rows
            .iter()
            .map(|r| {
                format!(
                    "<tr>{}</tr>",
                    r.iter().map(|c| format!("<td>{}</td>", esc(c))).collect::<String>()
                )
            })
            .collect();
        body.push_str(&format!(
            "<table><thead><tr>{th}</tr></thead><tbody>{trs}</tbody></table>"
        ));
    }
    format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{file}</title>\
<style>{css}</style></head><body><p class=\"head\">情况通报</p><p class=\"issue{draft}\">{issue}</p>\
<div class=\"line\"><span>{issuer}</span><span>{date}</span></div><h1>{title}</h1><p class=\"cut\">（截至{cut}）</p>{body}\
<div class=\"foot\"><span>{issuer}</span><span>{date}印发</span></div></body></html>",
        file = esc(&b.file_title()),
        css = PRINT_CSS,
        draft = if b.status == BriefingStatus::Draft { " draft" } else { "" },
        issue = esc(&b.issue_label()),
        issuer = esc(&b.issuer),
        date = esc(&b.issue_date_zh()),
        title = esc(&b.title),
        cut = chinese_date(b.cut_off),
    )
}

/// The fonts GB/T 9704 names, and their sizes in half-points (三号 16 pt, 二号 22 pt, 四号 14 pt).
const XIAOBIAOSONG: &str = "方正小标宋简体";
const FANGSONG: &str = "仿宋_GB2312";
const HEITI: &str = "黑体";
const KAITI: &str = "楷体_GB2312";
const SANHAO: usize = 32;
const ERHAO: usize = 44;
const SIHAO: usize = 28;
const XIAOSI: usize = 24;
/// A4, with the margins of GB/T 9704 (天头 37 mm, 订口 28 mm, 26 mm right, 35 mm foot), in twips.
const TEXT_WIDTH: usize = 11906 - 1587 - 1474;
/// 28 pt lines: 22 lines to a page.
const LINE: i32 = 560;

fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new().add_text(text).size(size).fonts(
        RunFonts::new()
            .east_asia(font)
            .ascii("Times New Roman")
            .hi_ansi("Times New Roman"),
    )
}

fn lines(p: Paragraph) -> Paragraph {
    p.line_spacing(LineSpacing::new().line_rule(LineSpacingType::Exact).line(LINE))
}

/// A body paragraph: 仿宋_GB2312 三号, the first line indented two characters.
fn para(text: &str) -> Paragraph {
    lines(Paragraph::new().add_run(run(text, FANGSONG, SANHAO))).indent(
        None,
        Some(SpecialIndentType::FirstLine(640)),
        None,
        None,
    )
}

fn bordered(mut p: Paragraph, positions: &[ParagraphBorderPosition], colour: &str, size: usize) -> Paragraph {
    for pos in positions {
        p.property = p.property.set_border(
            ParagraphBorder::new(pos.clone())
                .val(BorderType::Single)
                .size(size)
                .space(1)
                .color(colour),
        );
    }
    p
}

/// "left …… right" on one line (the issuer and a date).
fn spread(left: &str, right: &str, size: usize) -> Paragraph {
    Paragraph::new()
        .add_tab(Tab::new().val(TabValueType::Right).pos(TEXT_WIDTH))
        .add_run(run(left, FANGSONG, size))
        .add_run(run(right, FANGSONG, size).add_tab())
}

fn cell(text: &str) -> TableCell {
    TableCell::new().add_paragraph(Paragraph::new().add_run(run(text, FANGSONG, XIAOSI)))
}

pub fn docx(b: &Briefing) -> Result<Vec<u8>, docx_rs::DocxError> {
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(run("— ", "宋体", SIHAO))
            .add_page_num(PageNum::new())
            .add_run(run(" —", "宋体", SIHAO)),
    );
    let mut doc = Docx::new()
        .page_size(11906, 16838)
        .page_margin(PageMargin {
            top: 2098,
            left: 1587,
            bottom: 1984,
            right: 1474,
            header: 851,
            footer: 992,
            gutter: 0,
        })
        .footer(footer)
        // 版头: 发文机关标志, 期号, then the issuer and the date over the red line.
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(run("情况通报", XIAOBIAOSONG, 72).color("FF0000")),
        )
        .add_paragraph(lines(Paragraph::new()).align(AlignmentType::Center).add_run(run(
            &b.issue_label(),
            FANGSONG,
            SANHAO,
        )))
        .add_paragraph(bordered(
            spread(&b.issuer, &b.issue_date_zh(), SANHAO),
            &[ParagraphBorderPosition::Bottom],
            "FF0000",
            18,
        ))
        .add_paragraph(lines(Paragraph::new()))
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(run(&b.title, XIAOBIAOSONG, ERHAO)),
        )
        .add_paragraph(lines(Paragraph::new()).align(AlignmentType::Center).add_run(run(
            &format!("（截至{}）", chinese_date(b.cut_off)),
            KAITI,
            SANHAO,
        )));
    for (heading, paras) in printed(b) {
        if let Some(heading) = heading {
            doc = doc.add_paragraph(lines(Paragraph::new().add_run(run(&heading, HEITI, SANHAO))).indent(
                None,
                Some(SpecialIndentType::FirstLine(640)),
                None,
                None,
            ));
        }
        for p in paras {
            doc = doc.add_paragraph(para(p));
        }
    }
    let annexes = annexes(b);
    if !annexes.is_empty() {
        doc = doc.add_paragraph(lines(Paragraph::new().add_run(run("附表", HEITI, SANHAO))));
    }
    for (i, (caption, head, rows)) in annexes.iter().enumerate() {
        doc = doc.add_paragraph(lines(Paragraph::new().add_run(run(
            &format!("{}. {caption}", i + 1),
            KAITI,
            SANHAO,
        ))));
        if rows.is_empty() {
            doc = doc.add_paragraph(para("无。"));
            continue;
        }
        let mut table = vec![TableRow::new(head.iter().map(|h| cell(h)).collect())];
        table.extend(rows.iter().map(|r| TableRow::new(r.iter().map(|c| cell(c)).collect())));
        doc = doc.add_table(Table::new(table));
    }
    // 版记: the issuer and 印发日期 between two lines.
    doc = doc.add_paragraph(lines(Paragraph::new())).add_paragraph(bordered(
        spread(
            &format!("　{}", b.issuer),
            &format!("{}印发　", b.issue_date_zh()),
            SIHAO,
        ),
        &[ParagraphBorderPosition::Top, ParagraphBorderPosition::Bottom],
        "000000",
        8,
    ));
    let mut buf = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut buf)?;
    Ok(buf.into_inner())
}
