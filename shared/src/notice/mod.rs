//! Reading a plan from the notice's own text (开府办〔2024〕8号 and notices like it).
//!
//! The notice arrives as plain text (the seed's form: the heading, the 文号, the date, then the
//! table with one row per line and tabs between cells) or as a .docx whose table the server turns
//! into the same [`NoticeDocument`]. What is read becomes a [`PlanSeed`] the office checks in the
//! plan editor; what the reader is unsure of goes into `problems` instead of being guessed silently.

mod header;
mod indicators;
mod milestones;
mod table;
mod text;

use serde::{Deserialize, Serialize};

use crate::seed::PlanSeed;

/// The notice as lines of text and table rows, in document order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NoticeDocument {
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph outside the table; `line` counts from 1 (the text file's line, or the
    /// document's paragraph/row number for a .docx).
    Text { line: usize, text: String },
    /// A table row, its cells in order; a cell's paragraphs are joined with `\n`.
    Row { line: usize, cells: Vec<String> },
}

impl NoticeDocument {
    /// The seed's text form: a line with a tab is a table row, any other non-empty line a paragraph.
    pub fn from_text(text: &str) -> NoticeDocument {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let blocks = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| {
                let line = i + 1;
                if l.contains('\t') {
                    Block::Row {
                        line,
                        cells: l.split('\t').map(|c| c.trim().to_string()).collect(),
                    }
                } else {
                    Block::Text {
                        line,
                        text: l.trim().to_string(),
                    }
                }
            })
            .collect();
        NoticeDocument { blocks }
    }
}

/// Something the reader could not read for sure, at a line of the notice (0: the whole notice).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportProblem {
    pub line: usize,
    /// In Chinese, for the office.
    pub message: String,
    /// True when the plan cannot be saved until the notice is mended (a missing date, unit,
    /// number); false for what the office should check in the editor (a proposed indicator).
    pub blocking: bool,
}

impl ImportProblem {
    pub fn blocking(line: usize, message: impl Into<String>) -> Self {
        ImportProblem {
            line,
            message: message.into(),
            blocking: true,
        }
    }
    pub fn check(line: usize, message: impl Into<String>) -> Self {
        ImportProblem {
            line,
            message: message.into(),
            blocking: false,
        }
    }
}

/// What was read: the plan (its units' codes left empty, for the server to match by name) and
/// the problems found on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct NoticeReading {
    pub plan: PlanSeed,
    pub problems: Vec<ImportProblem>,
}

impl NoticeReading {
    pub fn is_blocked(&self) -> bool {
        self.problems.iter().any(|p| p.blocking)
    }
}

/// Reads the plan out of a notice. `year` overrides the year the notice names. `Err` when there
/// is no plan to show at all (no table, no items, no year).
pub fn read_notice(doc: &NoticeDocument, year: Option<i32>) -> Result<NoticeReading, Vec<ImportProblem>> {
    if !table::has_header(doc) {
        return Err(vec![ImportProblem::blocking(0, table::NO_TABLE)]);
    }
    let header = header::read(doc);
    let Some(year) = year.or(header.year) else {
        return Err(vec![ImportProblem::blocking(
            0,
            "未能从通知中读出年度，请在导入时指定年度（?year=）",
        )]);
    };
    if !(2000..=2100).contains(&year) {
        return Err(vec![ImportProblem::blocking(
            0,
            format!("读出的年度{year}不在2000至2100之间，请在导入时指定年度（?year=）"),
        )]);
    }
    let mut problems = Vec::new();
    if let Some(other) = header.doc_year.filter(|y| *y != year) {
        problems.push(ImportProblem::check(
            0,
            format!("计划年度为{year}年，文号中的年度为{other}年，请核对"),
        ));
    }
    let tables = table::read(doc, year, &mut problems)?;
    let plan = header.into_plan(year, tables, &mut problems);
    problems.extend(plan.problems().into_iter().map(|m| ImportProblem::blocking(0, m)));
    problems.sort_by_key(|p| p.line);
    Ok(NoticeReading { plan, problems })
}

#[cfg(test)]
mod tests;
