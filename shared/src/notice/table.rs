//! The notice's table: categories, numbered items, their milestones and units.

use chrono::NaiveDate;

use super::milestones;
use super::text::{normalize, ordinal, paragraphs};
use super::{indicators, Block, ImportProblem, NoticeDocument};
use crate::plan_edit::milestone_problems;
use crate::seed::{CategorySeed, ItemSeed, MilestoneSeed};

pub struct Tables {
    pub units: Vec<String>,
    pub categories: Vec<CategorySeed>,
    pub items: Vec<ItemSeed>,
}

/// Which cell holds what, found from the header row's words.
#[derive(Debug, Default)]
struct Columns {
    category: Option<usize>,
    number: Option<usize>,
    content: Option<usize>,
    milestones: Option<usize>,
    lead: Option<usize>,
    co: Option<usize>,
}

fn columns(cells: &[String]) -> Option<Columns> {
    let mut c = Columns::default();
    // Header cells are short words; a content row is not a header even if it says "牵头".
    if cells.iter().any(|c| c.chars().count() > 12) {
        return None;
    }
    for (i, cell) in cells.iter().enumerate() {
        let h: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
        let set = |slot: &mut Option<usize>| {
            if slot.is_none() {
                *slot = Some(i)
            }
        };
        if h.contains("分类") || h.contains("类别") || h == "类型" {
            set(&mut c.category);
        } else if h.contains("序号") || h.contains("编号") {
            set(&mut c.number);
        } else if h.contains("配合") || h.contains("协办") || h.contains("协助") {
            set(&mut c.co);
        } else if h.contains("责任单位") || h.contains("牵头") || h.contains("主办") || h.contains("责任部门")
        {
            set(&mut c.lead);
        } else if h.contains("节点") || h.contains("进度") || h.contains("时间") || h.contains("计划") {
            set(&mut c.milestones);
        } else if h.contains("内容") || h.contains("项目名称") || h.contains("任务") {
            set(&mut c.content);
        }
    }
    // A header names at least the content and its units; 序号 may be missing (reported).
    (c.content.is_some() && c.lead.is_some()).then_some(c)
}

/// "一、提升医疗保障水平" → (Some(1), "提升医疗保障水平").
fn category_cell(s: &str) -> (Option<i32>, String) {
    for sep in ['、', '.', '．', ' '] {
        if let Some((n, title)) = s.split_once(sep) {
            if let Some(n) = ordinal(n) {
                return (Some(n), title.trim().to_string());
            }
        }
    }
    (None, s.trim().to_string())
}

/// "市住建局、各镇（街）" → ["市住建局", "各镇（街）"]; "（牵头）" marks dropped.
fn unit_names(s: &str) -> Vec<String> {
    s.split(['、', '，', ',', '；', ';', '\n', '/'])
        .map(|n| {
            n.replace("（牵头）", "")
                .replace("(牵头)", "")
                .replace("牵头", "")
                .trim()
                .to_string()
        })
        .filter(|n| !n.is_empty())
        .collect()
}

/// Whether the notice has a table header at all (before anything else is asked of it).
pub fn has_header(doc: &NoticeDocument) -> bool {
    doc.blocks
        .iter()
        .any(|b| matches!(b, Block::Row { cells, .. } if columns(cells).is_some()))
}

pub const NO_TABLE: &str = "未找到事项表格：需要有“序号”“具体内容”“节点计划”“责任单位”等列的表头";

pub fn read(doc: &NoticeDocument, year: i32, problems: &mut Vec<ImportProblem>) -> Result<Tables, Vec<ImportProblem>> {
    let mut cols: Option<Columns> = None;
    let mut units: Vec<String> = Vec::new();
    let mut categories: Vec<CategorySeed> = Vec::new();
    let mut items: Vec<ItemSeed> = Vec::new();
    let mut renumber = false;
    let mut saw_header = false;
    let add_unit = |units: &mut Vec<String>, name: &str| {
        if !units.iter().any(|u| u == name) {
            units.push(name.to_string());
        }
    };
    for block in &doc.blocks {
        let Block::Row { line, cells } = block else { continue };
        let line = *line;
        let cells: Vec<String> = cells.iter().map(|c| normalize(c)).collect();
        if let Some(c) = columns(&cells) {
            saw_header = true;
            if c.number.is_none() {
                return Err(vec![ImportProblem::blocking(
                    line,
                    "表格没有“序号”列，无法确定事项编号",
                )]);
            }
            cols = Some(c);
            continue;
        }
        let Some(c) = &cols else { continue };
        let cell = |i: Option<usize>| i.and_then(|i| cells.get(i)).map(|s| s.trim()).unwrap_or("");
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let category = cell(c.category);
        if !category.is_empty() {
            let (n, title) = category_cell(category);
            let last = categories.last();
            // A merged cell exported onto every row repeats the category: still the same one.
            let repeated = last.is_some_and(|l| l.title == title && n.is_none_or(|n| n == l.ordinal));
            if !repeated {
                let ordinal = n.unwrap_or(categories.len() as i32 + 1);
                if categories.iter().any(|c| c.ordinal == ordinal) {
                    problems.push(ImportProblem::blocking(line, format!("项目分类序号“{ordinal}”重复")));
                }
                categories.push(CategorySeed { ordinal, title });
            }
        }
        let content = paragraphs(cell(c.content));
        if content.is_empty() && cell(c.milestones).is_empty() {
            continue; // a category's own row
        }
        let Some(category) = categories.last().map(|c| c.ordinal) else {
            problems.push(ImportProblem::blocking(line, "该行之前没有项目分类"));
            continue;
        };
        let expected = items.last().map_or(1, |i| i.number + 1);
        let written = ordinal(cell(c.number));
        // Numbered inside each category (1, 2, 1, 2 …): number the items through the plan.
        if !renumber && written == Some(1) && expected > 1 && !category.eq(&items.last().map_or(0, |i| i.category)) {
            renumber = true;
        }
        let number = match written {
            _ if renumber => expected,
            Some(n) => n,
            None => {
                problems.push(ImportProblem::blocking(
                    line,
                    format!("序号“{}”无法识别，暂按第{expected}项", cell(c.number)),
                ));
                expected
            }
        };
        if items.iter().any(|i| i.number == number) {
            problems.push(ImportProblem::blocking(line, format!("序号{number}重复")));
        }
        let at = format!("第{number}项");
        if content.is_empty() {
            problems.push(ImportProblem::blocking(line, format!("{at}：具体内容为空")));
        }
        let mut named = unit_names(cell(c.lead));
        let lead_unit = if named.is_empty() {
            problems.push(ImportProblem::blocking(line, format!("{at}：没有责任单位")));
            String::new()
        } else {
            named.remove(0)
        };
        let mut co_units: Vec<String> = Vec::new();
        for u in named.into_iter().chain(unit_names(cell(c.co))) {
            if u != lead_unit && !co_units.contains(&u) {
                co_units.push(u);
            }
        }
        if !lead_unit.is_empty() {
            add_unit(&mut units, &lead_unit);
        }
        for u in &co_units {
            add_unit(&mut units, u);
        }

        let split = milestones::split(&paragraphs(cell(c.milestones)), year);
        if !split.preamble.is_empty() {
            let level = if split.milestones.is_empty() {
                ImportProblem::blocking
            } else {
                ImportProblem::check
            };
            let short: String = split.preamble.chars().take(20).collect();
            problems.push(level(
                line,
                format!("{at}：节点计划中“{short}…”没有可识别的时间（如“6月30日前：”“二季度：”）"),
            ));
        }
        let mut ms = Vec::new();
        for (due, text) in split.milestones {
            match due {
                Ok(due) => ms.push(MilestoneSeed { due, text }),
                Err(written) => problems.push(ImportProblem::blocking(line, format!("{at}：“{written}”不是有效日期"))),
            }
        }
        let dues: Vec<NaiveDate> = ms.iter().map(|m| m.due).collect();
        for f in milestone_problems(year, &dues) {
            problems.push(ImportProblem::blocking(line, format!("{at}：{}", f.message)));
        }
        let indicators = indicators::propose(&content, &ms, line, &at, problems);
        items.push(ItemSeed {
            number,
            category,
            content,
            lead_unit,
            co_units,
            milestones: ms,
            indicators,
        });
    }
    if !saw_header {
        return Err(vec![ImportProblem::blocking(0, NO_TABLE)]);
    }
    if items.is_empty() {
        return Err(vec![ImportProblem::blocking(0, "表格中没有事项")]);
    }
    Ok(Tables {
        units,
        categories,
        items,
    })
}
