//! The office's edits to a plan and to the unit directory: the request bodies of the plan
//! editor and the checks they must pass. The same checks vet a plan data file
//! ([`crate::seed::PlanSeed`]), so an imported plan and an edited one obey one rule set.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::api::{IndicatorKind, ItemDetail};
use crate::error::FieldError;
use crate::lights::LightSettings;

/// Longest plan title, category title, milestone text or indicator name, in characters.
pub const SHORT_TEXT_MAX: usize = 200;
/// Longest item content (the notice's 具体内容), in characters.
pub const CONTENT_MAX: usize = 2000;

/// `POST /api/v1/plans` (a new year, as a draft) and `PUT /api/v1/plans/{year}`: the
/// notice's header and the plan's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanInput {
    pub year: i32,
    /// 2024年开平市十件民生实事
    pub title: String,
    #[serde(default)]
    pub notice_title: String,
    /// 开府办〔2024〕8号
    #[serde(default)]
    pub doc_number: String,
    #[serde(default)]
    pub issuer: String,
    #[serde(default)]
    pub issued_on: Option<NaiveDate>,
    /// Monthly reports are due by each month's end from this day on.
    #[serde(default)]
    pub first_report_due: Option<NaiveDate>,
    /// Days after a month's end that still count as on time.
    #[serde(default)]
    pub report_grace_days: i32,
    #[serde(default)]
    pub settings: LightSettings,
    /// Grades' answer times and the numbering of 督查通知书.
    #[serde(default)]
    pub cases: crate::cases::CaseSettings,
    /// The public progress page once published (主动公开); on unless switched off.
    #[serde(default = "yes")]
    pub public_page: bool,
    /// When Duban reminds units by itself (催报).
    #[serde(default)]
    pub reminders: crate::reminders::ReminderRules,
}

fn yes() -> bool {
    true
}

impl PlanInput {
    /// A blank plan for `year` with the SPEC's default thresholds.
    pub fn new(year: i32) -> Self {
        PlanInput {
            year,
            title: format!("{year}年民生实事"),
            notice_title: String::new(),
            doc_number: String::new(),
            issuer: String::new(),
            issued_on: None,
            first_report_due: None,
            report_grace_days: 0,
            settings: LightSettings::default(),
            cases: crate::cases::CaseSettings::default(),
            public_page: true,
            reminders: crate::reminders::ReminderRules::default(),
        }
    }

    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        if !(2000..=2100).contains(&self.year) {
            out.push(field("year", "年度应在2000至2100之间"));
        }
        short_text(&mut out, "title", &self.title, true);
        short_text(&mut out, "notice_title", &self.notice_title, false);
        short_text(&mut out, "doc_number", &self.doc_number, false);
        short_text(&mut out, "issuer", &self.issuer, false);
        if self.first_report_due.is_some_and(|d| d.year() != self.year) {
            out.push(field("first_report_due", "首次报送日期应在计划年度内"));
        }
        if !(0..=31).contains(&self.report_grace_days) {
            out.push(field("report_grace_days", "宽限天数应在0至31之间"));
        }
        let s = &self.settings;
        let finite = s.green_max_lag.is_finite() && s.red_min_lag.is_finite();
        if !(finite && 0.0 <= s.green_max_lag && s.green_max_lag <= s.red_min_lag && s.red_min_lag <= 100.0) {
            out.push(field("settings", "阈值应满足 0 ≤ 黄灯起点 ≤ 红灯起点 ≤ 100"));
        }
        if !(0..=366).contains(&s.red_overdue_days) {
            out.push(field("settings.red_overdue_days", "逾期天数应在0至366之间"));
        }
        out.extend(self.cases.problems());
        out.extend(self.reminders.problems());
        out
    }
}

/// `POST /api/v1/plans/{year}/categories`, `PUT /api/v1/categories/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CategoryInput {
    /// 1 for "一".
    pub ordinal: i32,
    pub title: String,
}

impl CategoryInput {
    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        if !(1..=99).contains(&self.ordinal) {
            out.push(field("ordinal", "序号应在1至99之间"));
        }
        short_text(&mut out, "title", &self.title, true);
        out
    }
}

/// A category as the editor answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Category {
    pub id: i32,
    pub plan_year: i32,
    pub ordinal: i32,
    pub title: String,
    pub version: i32,
}

/// `POST /api/v1/plans/{year}/items` and `PUT /api/v1/items/{id}`: an item whole, with its
/// milestones and indicators, saved at once. Milestones and indicators that carry an `id`
/// are edited in place (their completion, evidence and reported values stay); those
/// without are added; those left out are removed, which is refused once work hangs on them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ItemInput {
    pub category_id: i32,
    pub number: i32,
    pub content: String,
    pub lead_unit_id: i32,
    #[serde(default)]
    pub co_unit_ids: Vec<i32>,
    pub milestones: Vec<MilestoneInput>,
    #[serde(default)]
    pub indicators: Vec<IndicatorInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MilestoneInput {
    #[serde(default)]
    pub id: Option<i32>,
    /// The date the notice sets (an approved extension still moves the date in force).
    pub due_date: NaiveDate,
    /// The target as the notice words it: "6月30日前，完成3000人".
    pub target_text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct IndicatorInput {
    #[serde(default)]
    pub id: Option<i32>,
    pub name: String,
    /// 人, 个, 户, 公里, % …
    pub measure: String,
    pub kind: IndicatorKind,
    /// One entry per milestone, in the same order; `null` where that milestone sets no figure.
    /// The last figure given is the year's target.
    pub targets: Vec<Option<f64>>,
}

impl IndicatorInput {
    pub fn final_target(&self) -> Option<f64> {
        final_target(&self.targets)
    }
}

impl ItemInput {
    /// The item as it stands, ready to edit: every milestone and indicator by id, each
    /// indicator's targets lined up with the milestones (`None` where one sets no figure).
    /// `ItemDetail` names its category by ordinal, so the caller gives the category's id.
    pub fn from_detail(item: &ItemDetail, category_id: i32) -> Self {
        ItemInput {
            category_id,
            number: item.number,
            content: item.content.clone(),
            lead_unit_id: item.lead_unit.id,
            co_unit_ids: item.co_units.iter().map(|u| u.id).collect(),
            milestones: item
                .milestones
                .iter()
                .map(|m| MilestoneInput {
                    id: Some(m.id),
                    due_date: m.original_due_date,
                    target_text: m.target_text.clone(),
                })
                .collect(),
            indicators: item
                .indicators
                .iter()
                .map(|ind| IndicatorInput {
                    id: Some(ind.id),
                    name: ind.name.clone(),
                    measure: ind.measure.clone(),
                    kind: ind.kind,
                    targets: item
                        .milestones
                        .iter()
                        .map(|m| ind.targets.iter().find(|t| t.milestone_id == m.id).map(|t| t.target))
                        .collect(),
                })
                .collect(),
        }
    }

    /// Every problem of the item for a plan of `year`; empty when it may be saved.
    pub fn problems(&self, year: i32) -> Vec<FieldError> {
        let mut out = Vec::new();
        if !(1..=999).contains(&self.number) {
            out.push(field("number", "序号应在1至999之间"));
        }
        if self.content.trim().is_empty() {
            out.push(field("content", "不能为空"));
        } else if self.content.chars().count() > CONTENT_MAX {
            out.push(field("content", format!("不能超过{CONTENT_MAX}字")));
        }
        let co: HashSet<i32> = self.co_unit_ids.iter().copied().collect();
        if co.len() != self.co_unit_ids.len() || co.contains(&self.lead_unit_id) {
            out.push(field("co_unit_ids", "配合单位不能重复，也不能是责任单位"));
        }
        let dues: Vec<NaiveDate> = self.milestones.iter().map(|m| m.due_date).collect();
        out.extend(milestone_problems(year, &dues));
        for (i, m) in self.milestones.iter().enumerate() {
            short_text(&mut out, &format!("milestones[{i}].target_text"), &m.target_text, true);
        }
        let mut names = HashSet::new();
        for (i, ind) in self.indicators.iter().enumerate() {
            let at = format!("indicators[{i}]");
            short_text(&mut out, &format!("{at}.name"), &ind.name, true);
            if !names.insert(ind.name.trim()) {
                out.push(field(&format!("{at}.name"), "指标名称重复"));
            }
            if ind.measure.chars().count() > 20 {
                out.push(field(&format!("{at}.measure"), "计量单位不能超过20字"));
            }
            for message in target_problems(ind.kind, &ind.targets, dues.len()) {
                out.push(field(&format!("{at}.targets"), message));
            }
        }
        out
    }
}

/// `POST /api/v1/units`, `PUT /api/v1/units/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UnitInput {
    /// 市医疗保障局
    pub name: String,
    /// A short code for URLs and files: lower-case letters, digits, `_` or `-`.
    pub code: String,
}

impl UnitInput {
    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        short_text(&mut out, "name", &self.name, true);
        let code_ok = (1..=32).contains(&self.code.len())
            && self
                .code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
        if !code_ok {
            out.push(field("code", "代码为1至32位小写字母、数字、下划线或连字符"));
        }
        out
    }
}

/// One unit in `GET /api/v1/units`, with what hangs on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitEntry {
    pub id: i32,
    pub name: String,
    pub code: String,
    pub version: i32,
    /// Items it leads, in all plans.
    pub item_count: i64,
    /// Items it works on as a co-unit (配合单位), in all plans.
    pub co_item_count: i64,
    /// Accounts that belong to it.
    pub user_count: i64,
    /// Whether anything names it (items, accounts, notices), so that it cannot be deleted.
    pub in_use: bool,
}

impl UnitEntry {
    pub fn unit_ref(&self) -> crate::api::UnitRef {
        crate::api::UnitRef {
            id: self.id,
            name: self.name.clone(),
            code: self.code.clone(),
        }
    }
}

/// The last figure the milestones give: what the year must reach.
pub fn final_target(targets: &[Option<f64>]) -> Option<f64> {
    targets.iter().rev().find_map(|t| *t)
}

/// Milestones: at least one, in the plan's year, in date order, no day twice.
pub fn milestone_problems(year: i32, dues: &[NaiveDate]) -> Vec<FieldError> {
    let mut out = Vec::new();
    if dues.is_empty() {
        out.push(field("milestones", "至少需要一个节点"));
    }
    if dues.iter().any(|d| d.year() != year) {
        out.push(field("milestones", format!("节点日期应在{year}年内")));
    }
    if dues.windows(2).any(|w| w[0] >= w[1]) {
        out.push(field("milestones", "节点应按日期先后排列，且日期不能重复"));
    }
    out
}

/// An indicator's targets: one per milestone, at least one given, none negative, rates at
/// most 100, and a running total never going down.
pub fn target_problems(kind: IndicatorKind, targets: &[Option<f64>], milestones: usize) -> Vec<&'static str> {
    let mut out = Vec::new();
    if targets.len() != milestones {
        out.push("目标值应与节点一一对应");
    }
    let given: Vec<f64> = targets.iter().flatten().copied().collect();
    if given.is_empty() {
        out.push("至少填写一个目标值");
    }
    if given.iter().any(|t| !t.is_finite() || *t < 0.0) {
        out.push("目标值不能为负数");
    }
    if kind == IndicatorKind::Rate && given.iter().any(|t| *t > 100.0) {
        out.push("比率不能超过100");
    }
    if given.windows(2).any(|w| w[0] > w[1]) {
        out.push("累计目标值不能减少");
    }
    out
}

fn field(name: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: name.to_string(),
        message: message.into(),
    }
}

fn short_text(out: &mut Vec<FieldError>, name: &str, text: &str, required: bool) {
    if required && text.trim().is_empty() {
        out.push(field(name, "不能为空"));
    } else if text.chars().count() > SHORT_TEXT_MAX {
        out.push(field(name, format!("不能超过{SHORT_TEXT_MAX}字")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, day).unwrap()
    }

    fn item() -> ItemInput {
        ItemInput {
            category_id: 1,
            number: 1,
            content: "新增城镇就业".into(),
            lead_unit_id: 3,
            co_unit_ids: vec![4],
            milestones: vec![
                MilestoneInput {
                    id: None,
                    due_date: d(6, 30),
                    target_text: "6月30日前完成3000人".into(),
                },
                MilestoneInput {
                    id: None,
                    due_date: d(12, 10),
                    target_text: "12月10日前完成6000人".into(),
                },
            ],
            indicators: vec![IndicatorInput {
                id: None,
                name: "就业人数".into(),
                measure: "人".into(),
                kind: IndicatorKind::Cumulative,
                targets: vec![Some(3000.0), Some(6000.0)],
            }],
        }
    }

    fn fields(p: Vec<FieldError>) -> Vec<String> {
        p.into_iter().map(|f| f.field).collect()
    }

    #[test]
    fn a_sound_item_passes() {
        assert!(item().problems(2025).is_empty());
        assert_eq!(item().indicators[0].final_target(), Some(6000.0));
    }

    #[test]
    fn milestones_must_be_in_the_year_and_in_order() {
        assert_eq!(fields(item().problems(2024)), ["milestones"]);
        let mut i = item();
        i.milestones.swap(0, 1);
        assert_eq!(fields(i.problems(2025)), ["milestones"]);
        i.milestones.clear();
        assert!(fields(i.problems(2025)).contains(&"milestones".to_string()));
    }

    #[test]
    fn targets_line_up_and_never_fall() {
        let mut i = item();
        i.indicators[0].targets = vec![Some(6000.0), Some(3000.0)];
        assert_eq!(fields(i.problems(2025)), ["indicators[0].targets"]);
        i.indicators[0].targets = vec![Some(3000.0)];
        assert_eq!(fields(i.problems(2025)), ["indicators[0].targets"]);
        i.indicators[0].targets = vec![None, None];
        assert_eq!(fields(i.problems(2025)), ["indicators[0].targets"]);
        i.indicators[0].kind = IndicatorKind::Rate;
        i.indicators[0].targets = vec![Some(50.0), Some(101.0)];
        assert_eq!(fields(i.problems(2025)), ["indicators[0].targets"]);
        i.indicators[0].targets = vec![None, Some(-1.0)];
        assert_eq!(fields(i.problems(2025)), ["indicators[0].targets"]);
    }

    #[test]
    fn units_and_text() {
        let mut i = item();
        i.co_unit_ids = vec![3];
        i.content = " ".into();
        i.number = 0;
        assert_eq!(fields(i.problems(2025)), ["number", "content", "co_unit_ids"]);
        assert!(UnitInput {
            name: "市医疗保障局".into(),
            code: "ybj".into()
        }
        .problems()
        .is_empty());
        assert_eq!(
            fields(
                UnitInput {
                    name: "".into(),
                    code: "YB J".into()
                }
                .problems()
            ),
            ["name", "code"]
        );
    }

    #[test]
    fn plan_header_and_thresholds() {
        assert!(PlanInput::new(2025).problems().is_empty());
        let mut p = PlanInput::new(2025);
        p.first_report_due = Some(NaiveDate::from_ymd_opt(2024, 3, 31).unwrap());
        p.settings.green_max_lag = 40.0;
        p.title = String::new();
        assert_eq!(fields(p.problems()), ["title", "first_report_due", "settings"]);
        p = PlanInput::new(1999);
        p.settings.red_overdue_days = -1;
        assert_eq!(fields(p.problems()), ["year", "settings.red_overdue_days"]);
    }
}
