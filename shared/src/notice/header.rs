//! The notice's heading: issuer, 文号, title, date, and when the first report is due.

use chrono::NaiveDate;

use super::table::Tables;
use super::text::{normalize, without_spaces};
use super::{Block, ImportProblem, NoticeDocument};
use crate::seed::{PlanSeed, UnitSeed};

#[derive(Debug, Default)]
pub struct Header {
    issuer: Option<String>,
    doc_number: Option<String>,
    notice_title: Option<String>,
    issued_on: Option<(i32, u32, u32)>,
    first_report: Option<(u32, u32)>,
    title: Option<String>,
    /// The plan's year: the title's ("2025年…项目"), else the 文号's, else the date's.
    pub year: Option<i32>,
    /// The 文号's year (the year of issue, which may be the year before the plan's).
    pub doc_year: Option<i32>,
}

/// "2024年2月29日" (a whole line, not "…印发").
fn full_date(s: &str) -> Option<(i32, u32, u32)> {
    let (y, rest) = s.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest.strip_suffix('日')?;
    Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?))
}

/// The year inside a 文号: "开府办〔2024〕8号" → 2024 (also with [ ] or 【 】).
fn doc_number_year(s: &str) -> Option<i32> {
    let open = s.find(['〔', '[', '【', '（', '('])?;
    let digits: String = s[open..].chars().skip(1).take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok().filter(|y| (2000..=2100).contains(y))
}

fn leading_year(s: &str) -> Option<i32> {
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    (digits.len() == 4 && s[4..].starts_with('年'))
        .then(|| digits.parse().ok())
        .flatten()
}

/// "…（首次报送时间为 3 月 31 日）" → (3, 31).
fn first_report(s: &str) -> Option<(u32, u32)> {
    let at = s.find("首次报送")?;
    let rest = &s[at..];
    let rest = &rest[rest.find(|c: char| c.is_ascii_digit())?..];
    // "首次报送时间为2024年3月31日": the year is the plan's.
    let rest = match rest.split_once('年') {
        Some((y, after)) if y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()) => after,
        _ => rest,
    };
    let (m, rest) = rest.split_once('月')?;
    let d: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    Some((m.parse().ok()?, d.parse().ok()?))
}

/// The plan's title without the count in brackets: "2024年…项目 (共10件, 25项)".
fn plan_title(s: &str) -> String {
    let s = match s.rfind(['(', '（']) {
        Some(i) if s[i..].contains('共') => &s[..i],
        _ => s,
    };
    without_spaces(s)
}

pub fn read(doc: &NoticeDocument) -> Header {
    let mut h = Header::default();
    let mut last_text = None;
    for block in &doc.blocks {
        let text = match block {
            Block::Text { text, .. } => without_spaces(&normalize(text)),
            Block::Row { .. } => {
                // The line just before the table names the plan.
                if h.title.is_none() {
                    h.title = last_text.take().map(|t: String| plan_title(&t));
                }
                continue;
            }
        };
        if h.issuer.is_none() {
            if let Some(issuer) = text.strip_suffix("文件") {
                h.issuer = Some(issuer.to_string());
            }
        }
        if h.doc_number.is_none()
            && text.ends_with('号')
            && doc_number_year(&text).is_some()
            && text.chars().count() <= 30
        {
            h.doc_number = Some(text.clone());
        }
        if h.notice_title.is_none() && text.contains("关于") && text.ends_with("通知") {
            h.notice_title = Some(text.clone());
        }
        if h.issued_on.is_none() {
            h.issued_on = full_date(&text);
        }
        if h.first_report.is_none() {
            h.first_report = first_report(&text);
        }
        last_text = Some(text);
    }
    h.doc_year = h.doc_number.as_deref().and_then(doc_number_year);
    h.year = h
        .title
        .as_deref()
        .and_then(leading_year)
        .or(h.doc_year)
        .or(h.issued_on.map(|d| d.0))
        .filter(|y| (2000..=2100).contains(y));
    h
}

impl Header {
    pub fn into_plan(self, year: i32, tables: Tables, problems: &mut Vec<ImportProblem>) -> PlanSeed {
        let issuer = self
            .issuer
            .or_else(|| {
                self.notice_title
                    .as_deref()
                    .and_then(|t| t.split_once("关于"))
                    .map(|(i, _)| i.to_string())
            })
            .unwrap_or_default();
        if issuer.is_empty() {
            problems.push(ImportProblem::check(0, "未找到发文机关，请在计划编辑中填写"));
        }
        let doc_number = self.doc_number.unwrap_or_else(|| {
            problems.push(ImportProblem::check(0, "未找到文号，请在计划编辑中填写"));
            String::new()
        });
        let notice_title = self.notice_title.unwrap_or_else(|| {
            problems.push(ImportProblem::check(0, "未找到通知标题，请在计划编辑中填写"));
            String::new()
        });
        let title = self
            .title
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| format!("{year}年民生实事项目"));
        let issued_on = self
            .issued_on
            .and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
            .unwrap_or_else(|| {
                problems.push(ImportProblem::check(0, "未找到印发日期，暂定为1月1日"));
                NaiveDate::from_ymd_opt(year, 1, 1).expect("1 January")
            });
        let first_report_due = match self.first_report.and_then(|(m, d)| NaiveDate::from_ymd_opt(year, m, d)) {
            Some(day) => day,
            None => {
                let first_due = tables
                    .items
                    .iter()
                    .flat_map(|i| i.milestones.first())
                    .map(|m| m.due)
                    .min();
                let day = first_due.unwrap_or_else(|| NaiveDate::from_ymd_opt(year, 3, 31).expect("31 March"));
                problems.push(ImportProblem::check(
                    0,
                    format!(
                        "未找到首次报送时间，暂定为{}月{}日",
                        chrono::Datelike::month(&day),
                        chrono::Datelike::day(&day)
                    ),
                ));
                day
            }
        };
        PlanSeed {
            year,
            title,
            notice_title,
            doc_number,
            issuer,
            issued_on,
            first_report_due,
            units: tables
                .units
                .into_iter()
                .map(|name| UnitSeed {
                    name,
                    code: String::new(),
                })
                .collect(),
            categories: tables.categories,
            items: tables.items,
        }
    }
}
