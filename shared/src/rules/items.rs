//! An item saved whole by the plan editor: what it names must exist and be its own.

use std::collections::HashSet;

use super::Refusal;
use crate::plan_edit::ItemInput;

/// What the database knows of the rows an item names.
pub struct Known<'a> {
    /// The category is one of the plan's.
    pub category_in_plan: bool,
    /// The named units (lead and co-units) that exist.
    pub units: &'a HashSet<i32>,
    /// The ids of the item's own milestones and indicators (none for a new item).
    pub own_milestones: &'a HashSet<i32>,
    pub own_indicators: &'a HashSet<i32>,
}

/// The category must be the plan's, the units must exist, and every milestone or indicator
/// named by id must be this item's own: each a 422 naming the field.
pub fn references(input: &ItemInput, known: &Known) -> Result<(), Refusal> {
    if !known.category_in_plan {
        return Err(Refusal::invalid("category_id", "分类不属于该计划"));
    }
    if !known.units.contains(&input.lead_unit_id) {
        return Err(Refusal::invalid("lead_unit_id", "责任单位不存在"));
    }
    if input.co_unit_ids.iter().any(|u| !known.units.contains(u)) {
        return Err(Refusal::invalid("co_unit_ids", "配合单位不存在"));
    }
    if input
        .milestones
        .iter()
        .filter_map(|m| m.id)
        .any(|id| !known.own_milestones.contains(&id))
    {
        return Err(Refusal::invalid("milestones", "节点不属于该事项"));
    }
    if input
        .indicators
        .iter()
        .filter_map(|i| i.id)
        .any(|id| !known.own_indicators.contains(&id))
    {
        return Err(Refusal::invalid("indicators", "指标不属于该事项"));
    }
    Ok(())
}
