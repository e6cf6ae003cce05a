//! The format of a plan data file (`data/plans/*.json`) and the checks a file must pass
//! before anything of it is written to the database.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::api::IndicatorKind;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
pub struct UnitSeed {
    pub name: String,
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategorySeed {
    pub ordinal: i32,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
pub struct MilestoneSeed {
    pub due: NaiveDate,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
        self.targets.iter().rev().find_map(|t| *t)
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
            if item.milestones.is_empty() {
                out.push(format!("{at}: no milestones"));
            }
            for pair in item.milestones.windows(2) {
                if pair[0].due >= pair[1].due {
                    out.push(format!("{at}: milestones not in date order"));
                }
            }
            for m in &item.milestones {
                if m.due.year() != self.year {
                    out.push(format!("{at}: milestone {} outside the plan year", m.due));
                }
            }
            for ind in &item.indicators {
                let at = format!("{at} indicator {}", ind.name);
                if ind.targets.len() != item.milestones.len() {
                    out.push(format!("{at}: targets do not line up with the milestones"));
                }
                let given: Vec<f64> = ind.targets.iter().flatten().copied().collect();
                if given.is_empty() {
                    out.push(format!("{at}: no target"));
                }
                if given.iter().any(|t| !t.is_finite() || *t < 0.0) {
                    out.push(format!("{at}: negative or invalid target"));
                }
                if ind.kind == IndicatorKind::Rate && given.iter().any(|t| *t > 100.0) {
                    out.push(format!("{at}: rate over 100"));
                }
                if given.windows(2).any(|w| w[0] > w[1]) {
                    out.push(format!("{at}: cumulative targets go down"));
                }
            }
        }
        out
    }
}
