//! The format of a plan data file (`data/plans/*.json`) and the checks a file must pass
//! before anything of it is written to the database.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::api::IndicatorKind;
use crate::plan_edit::{final_target, milestone_problems, target_problems};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanSeed {
    pub year: i32,
    pub title: String,
    pub notice_title: String,
    pub doc_number: String,
    pub issuer: String,
    pub issued_on: NaiveDate,
    /// The first monthly report is due on this day (the notice: "首次报送时间为 3 月 31 日").
    pub first_report_due: NaiveDate,
    pub units: Vec<UnitSeed>,
    pub categories: Vec<CategorySeed>,
    pub items: Vec<ItemSeed>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitSeed {
    pub name: String,
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategorySeed {
    pub ordinal: i32,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemSeed {
    pub number: i32,
    /// The category's ordinal.
    pub category: i32,
    pub content: String,
    pub lead_unit: String,
    /// 配合单位: units that help and add their 配合情况, besides the lead unit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub co_units: Vec<String>,
    pub milestones: Vec<MilestoneSeed>,
    #[serde(default)]
    pub indicators: Vec<IndicatorSeed>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MilestoneSeed {
    pub due: NaiveDate,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorSeed {
    pub name: String,
    pub measure: String,
    pub kind: IndicatorKind,
    /// One entry per milestone of the item, `null` where that milestone sets no figure.
    pub targets: Vec<Option<f64>>,
}

impl IndicatorSeed {
    /// The last target the milestones set: what the year must reach.
    pub fn final_target(&self) -> Option<f64> {
        final_target(&self.targets)
    }
}

impl PlanSeed {
    /// Every problem with the file, in words for the office (Chinese); empty when it may be loaded.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let units: HashSet<&str> = self.units.iter().map(|u| u.name.as_str()).collect();
        if units.len() != self.units.len() {
            out.push("单位名称有重复".to_string());
        }
        let categories: HashSet<i32> = self.categories.iter().map(|c| c.ordinal).collect();
        if categories.len() != self.categories.len() {
            out.push("分类序号有重复".to_string());
        }
        if self.first_report_due.year() != self.year {
            out.push("首次报送日期不在计划年度内".to_string());
        }
        let mut numbers = HashSet::new();
        for item in &self.items {
            let at = format!("第{}项", item.number);
            if !numbers.insert(item.number) {
                out.push(format!("{at}：序号重复"));
            }
            if !categories.contains(&item.category) {
                out.push(format!("{at}：没有第{}类", item.category));
            }
            if !units.contains(item.lead_unit.as_str()) {
                out.push(format!("{at}：单位“{}”不在单位清单中", item.lead_unit));
            }
            let distinct: HashSet<&str> = item.co_units.iter().map(String::as_str).collect();
            if distinct.len() != item.co_units.len() {
                out.push(format!("{at}：配合单位有重复"));
            }
            for co in &item.co_units {
                if !units.contains(co.as_str()) {
                    out.push(format!("{at}：配合单位“{co}”不在单位清单中"));
                } else if co == &item.lead_unit {
                    out.push(format!("{at}：配合单位“{co}”就是责任单位"));
                }
            }
            if item.content.trim().is_empty() {
                out.push(format!("{at}：事项内容为空"));
            }
            let dues: Vec<NaiveDate> = item.milestones.iter().map(|m| m.due).collect();
            for f in milestone_problems(self.year, &dues) {
                out.push(format!("{at}：{}", f.message));
            }
            for ind in &item.indicators {
                for message in target_problems(ind.kind, &ind.targets, dues.len()) {
                    out.push(format!("{at}指标“{}”：{message}", ind.name));
                }
            }
        }
        out
    }
}
