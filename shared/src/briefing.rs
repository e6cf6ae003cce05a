//! The briefing (情况通报): a numbered notice of where the plan stands on a cut-off day,
//! composed from the summary so that its figures are the dashboard's figures.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::lights::Period;
use crate::summary::{CategoryProgress, LaggingItem, RankedUnit, Summary, UnitCompliance};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BriefingTotals {
    pub total: i64,
    /// Blue.
    pub done: i64,
    /// Green.
    pub on_pace: i64,
    /// Yellow.
    pub lagging: i64,
    /// Red.
    pub seriously_lagging: i64,
}

/// A briefing is the office's draft until it is published; then it is numbered and frozen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BriefingStatus {
    Draft,
    /// Issues published before drafts existed carry no status: they are published.
    #[default]
    Published,
}

/// The office's own words, one text per section (paragraphs split by line breaks).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BriefingSections {
    /// 总体情况.
    #[serde(default)]
    pub overall: String,
    /// 主要进展.
    #[serde(default)]
    pub progress: String,
    /// 存在问题.
    #[serde(default)]
    pub problems: String,
    /// 表扬.
    #[serde(default)]
    pub praise: String,
    /// 通报批评.
    #[serde(default)]
    pub criticism: String,
    /// 下步工作要求.
    #[serde(default)]
    pub next_steps: String,
}

impl BriefingSections {
    /// (field, heading, text) in the order a briefing reads.
    pub fn parts(&self) -> [(&'static str, &'static str, &str); 6] {
        [
            ("overall", "总体情况", &self.overall),
            ("progress", "主要进展", &self.progress),
            ("problems", "存在问题", &self.problems),
            ("praise", "表扬", &self.praise),
            ("criticism", "通报批评", &self.criticism),
            ("next_steps", "下步工作要求", &self.next_steps),
        ]
    }

    /// The sections with something written in them, numbered 一、二、… as printed.
    pub fn written(&self) -> Vec<(String, Vec<&str>)> {
        self.parts()
            .into_iter()
            .map(|(_, heading, text)| (heading, paragraphs(text)))
            .filter(|(_, ps)| !ps.is_empty())
            .enumerate()
            .map(|(i, (heading, ps))| {
                (
                    format!("{}、{heading}", crate::numerals::chinese_ordinal(i as i32 + 1)),
                    ps,
                )
            })
            .collect()
    }
}

/// A text's paragraphs: its non-blank lines, trimmed.
pub fn paragraphs(text: &str) -> Vec<&str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
}

/// `PUT /api/v1/briefings/{id}`: what the office writes in a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BriefingText {
    pub title: String,
    /// 发文机关 as printed in the head and at the foot.
    pub issuer: String,
    pub sections: BriefingSections,
}

fn published() -> BriefingStatus {
    BriefingStatus::Published
}

fn first_version() -> i32 {
    1
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Briefing {
    /// None only for a preview.
    pub id: Option<i32>,
    pub plan_year: i32,
    #[serde(default = "published")]
    pub status: BriefingStatus,
    /// 第N期, fixed when published; 0 for a draft or a preview.
    pub number: i32,
    pub title: String,
    /// 发文机关.
    #[serde(default)]
    pub issuer: String,
    /// 截至: the day the figures stand on.
    pub cut_off: NaiveDate,
    /// 印发日期, fixed when published.
    #[serde(default)]
    pub issued_on: Option<NaiveDate>,
    /// The draft's version (its ETag); a published issue stays at the version it had.
    #[serde(default = "first_version")]
    pub version: i32,
    pub published_at: Option<DateTime<Utc>>,
    pub published_by: Option<String>,
    #[serde(default)]
    pub sections: BriefingSections,
    pub totals: BriefingTotals,
    /// The computed opening sentences (the draft's 总体情况 starts from them).
    pub overview: Vec<String>,
    #[serde(default)]
    pub by_category: Vec<CategoryProgress>,
    pub lagging: Vec<LaggingItem>,
    pub report_period: Option<Period>,
    /// Units with reports late or missing for `report_period`.
    pub late_units: Vec<UnitCompliance>,
    /// The units in the summary's ranking order.
    #[serde(default)]
    pub ranking: Vec<RankedUnit>,
}

impl Briefing {
    /// 期号 as printed under the 版头: "第3期", or that a draft has none yet.
    pub fn issue_label(&self) -> String {
        match self.status {
            BriefingStatus::Published => format!("第{}期", self.number),
            BriefingStatus::Draft => "（草稿，未编号）".to_string(),
        }
    }

    /// 印发日期 in words; a draft's is still to come.
    pub fn issue_date_zh(&self) -> String {
        self.issued_on.map(chinese_date).unwrap_or_else(|| "待印发".to_string())
    }

    /// "…推进情况通报（第3期）", or "（草稿）" for a draft: the name a saved file gets (a title
    /// that already names its number keeps it once).
    pub fn file_title(&self) -> String {
        match self.status {
            BriefingStatus::Published if self.title.contains(&format!("第{}期", self.number)) => self.title.clone(),
            BriefingStatus::Published => format!("{}（第{}期）", self.title, self.number),
            BriefingStatus::Draft => format!("{}（草稿）", self.title),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewBriefing {
    pub cut_off: NaiveDate,
}

/// An account a briefing is sent to, and when it first read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BriefingReader {
    pub user_id: i32,
    /// 单位 · 姓名, or 市领导 · 姓名.
    pub name: String,
    pub role: crate::auth::Role,
    pub unit: Option<crate::api::UnitRef>,
    pub read_at: Option<DateTime<Utc>>,
}

/// `GET /api/v1/briefings/{id}/readers`: every active unit and leader account, read or not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BriefingReaders {
    pub read: i64,
    pub total: i64,
    /// Unread first, then by unit.
    pub readers: Vec<BriefingReader>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BriefingList {
    pub briefings: Vec<Briefing>,
}

/// "2024年7月1日".
pub fn chinese_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// The default title of a plan's briefings; the number is printed beside it (第N期).
pub fn default_title(plan_title: &str) -> String {
    format!("{plan_title}推进情况通报")
}

/// A preview or a new draft: the figures of `summary`, and sections the office starts from.
pub fn compose(summary: &Summary, plan_title: &str, issuer: &str) -> Briefing {
    let c = &summary.counts;
    let totals = BriefingTotals {
        total: c.total,
        done: c.blue,
        on_pace: c.green,
        lagging: c.yellow,
        seriously_lagging: c.red,
    };
    let mut overview = vec![format!(
        "截至{}，{}共{}项，其中已完成{}项，进度正常{}项，滞后{}项，严重滞后{}项。",
        chinese_date(summary.as_of),
        plan_title,
        totals.total,
        totals.done,
        totals.on_pace,
        totals.lagging,
        totals.seriously_lagging
    )];
    let comp = &summary.compliance;
    if let Some(p) = comp.period {
        overview.push(format!(
            "{}年{}月月报应报{}项，按时报送{}项，逾期报送{}项，未报送{}项。",
            p.year,
            p.month,
            comp.on_time + comp.late + comp.missing,
            comp.on_time,
            comp.late,
            comp.missing
        ));
    }
    let late_units: Vec<UnitCompliance> = comp
        .by_unit
        .iter()
        .filter(|u| u.late > 0 || u.missing > 0)
        .cloned()
        .collect();
    let mut b = Briefing {
        id: None,
        plan_year: summary.year,
        status: BriefingStatus::Draft,
        number: 0,
        title: default_title(plan_title),
        issuer: issuer.to_string(),
        cut_off: summary.as_of,
        issued_on: None,
        version: 1,
        published_at: None,
        published_by: None,
        sections: BriefingSections::default(),
        totals,
        overview,
        by_category: summary.by_category.clone(),
        lagging: summary.lagging.clone(),
        report_period: comp.period,
        late_units,
        ranking: summary.ranking.units.clone(),
    };
    b.sections = first_sections(&b);
    b
}

/// What a new draft says before the office writes: the figures in sentences, the units the
/// figures single out, and the usual requirements. The office edits all of it.
pub fn first_sections(b: &Briefing) -> BriefingSections {
    let progress = b
        .by_category
        .iter()
        .map(|c| {
            format!(
                "{}：{}项，平均完成{:.0}%，序时进度{:.0}%。",
                c.title, c.counts.total, c.progress_pct, c.expected_pct
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let problems = if b.lagging.is_empty() {
        "截至目前，暂无进度滞后的项目。".to_string()
    } else {
        let mut lines = vec![format!(
            "有{}个项目进度滞后（其中严重滞后{}项）：",
            b.lagging.len(),
            b.totals.seriously_lagging
        )];
        lines.extend(b.lagging.iter().map(|l| {
            format!(
                "第{}项（{}，{}）：{}。",
                l.number,
                l.unit.name,
                l.colour.label_zh(),
                l.reasons.join("；")
            )
        }));
        lines.join("\n")
    };
    let late: Vec<&str> = b.late_units.iter().map(|u| u.unit.name.as_str()).collect();
    let praise: Vec<&str> = b
        .ranking
        .iter()
        .filter(|r| r.red == 0 && r.yellow == 0 && !late.contains(&r.unit.name.as_str()))
        .map(|r| r.unit.name.as_str())
        .collect();
    let praise = if praise.is_empty() {
        String::new()
    } else {
        format!("{}牵头的项目进度正常、月报按时报送，予以表扬。", praise.join("、"))
    };
    let criticism = match b.report_period {
        Some(p) if !b.late_units.is_empty() => {
            let named: Vec<String> = b
                .late_units
                .iter()
                .map(|u| match (u.missing, u.late) {
                    (0, late) => format!("{}（逾期报送{late}项）", u.unit.name),
                    (missing, 0) => format!("{}（未报送{missing}项）", u.unit.name),
                    (missing, late) => format!("{}（未报送{missing}项、逾期报送{late}项）", u.unit.name),
                })
                .collect();
            format!(
                "{}年{}月月报未按时报送：{}，予以通报批评。",
                p.year,
                p.month,
                named.join("、")
            )
        }
        _ => String::new(),
    };
    BriefingSections {
        overall: b.overview.join("\n"),
        progress,
        problems,
        praise,
        criticism,
        next_steps: "各责任单位要对照年度目标和序时进度倒排工期、挂图作战，确保按期完成。\n\
进度滞后的项目，责任单位要分析原因、制定整改措施，在下月月报中报告整改情况。\n\
各责任单位要按时、如实报送月报，如实反映进展和问题。"
            .to_string(),
    }
}

/// The office's text as a draft holds it.
pub fn text_of(b: &Briefing) -> BriefingText {
    BriefingText {
        title: b.title.clone(),
        issuer: b.issuer.clone(),
        sections: b.sections.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_written_sections_print_numbered_in_order() {
        let s = BriefingSections {
            overall: "总体平稳。\n\n  稳中有进。 ".into(),
            praise: "表扬甲单位。".into(),
            next_steps: "   ".into(),
            ..Default::default()
        };
        let written = s.written();
        assert_eq!(written.len(), 2);
        assert_eq!(written[0].0, "一、总体情况");
        assert_eq!(written[0].1, ["总体平稳。", "稳中有进。"]);
        assert_eq!(written[1].0, "二、表扬");
    }

    #[test]
    fn old_issues_without_status_read_as_published() {
        let old = serde_json::json!({
            "id": null, "plan_year": 2024, "number": 1, "title": "通报（第1期）",
            "cut_off": "2024-07-01", "published_at": null, "published_by": null,
            "totals": {"total": 25, "done": 0, "on_pace": 20, "lagging": 3, "seriously_lagging": 2},
            "overview": ["截至2024年7月1日……"], "lagging": [], "report_period": null, "late_units": []
        });
        let b: Briefing = serde_json::from_value(old).unwrap();
        assert_eq!(b.status, BriefingStatus::Published);
        assert_eq!(b.version, 1);
        assert!(b.sections.written().is_empty());
    }
}
