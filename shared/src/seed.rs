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
    /// Every problem with the file, in words; empty when it may be loaded.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let units: HashSet<&str> = self.units.iter().map(|u| u.name.as_str()).collect();
        if units.len() != self.units.len() {
            out.push("duplicate unit names".to_string());
        }
        let categories: HashSet<i32> = self.categories.iter().map(|c| c.ordinal).collect();
        if categories.len() != self.categories.len() {
            out.push("duplicate category ordinals".to_string());
        }
        if self.first_report_due.year() != self.year {
            out.push("first_report_due is outside the plan year".to_string());
        }
        let mut numbers = HashSet::new();
        for item in &self.items {
            let at = format!("item {}", item.number);
            if !numbers.insert(item.number) {
                out.push(format!("{at}: number used twice"));
            }
            if !categories.contains(&item.category) {
                out.push(format!("{at}: unknown category {}", item.category));
            }
            if !units.contains(item.lead_unit.as_str()) {
                out.push(format!("{at}: unknown unit {}", item.lead_unit));
            }
            if item.content.trim().is_empty() {
                out.push(format!("{at}: empty content"));
            }
            let dues: Vec<NaiveDate> = item.milestones.iter().map(|m| m.due).collect();
            for f in milestone_problems(self.year, &dues) {
                out.push(format!("{at}: {}", f.message));
            }
            for ind in &item.indicators {
                for message in target_problems(ind.kind, &ind.targets, dues.len()) {
                    out.push(format!("{at} indicator {}: {message}", ind.name));
                }
            }
        }
        out
    }
}
