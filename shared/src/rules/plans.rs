//! A year's plan: edited as a draft, then published.

use super::Refusal;
use crate::plan_edit::PlanInput;

/// Editing the header of the plan of `year`: the year itself stays.
pub fn update(year: i32, input: &PlanInput) -> Result<(), Refusal> {
    if input.year != year {
        return Err(Refusal::invalid("year", "年度不能修改"));
    }
    Refusal::check(input.problems())
}

/// Publishing a draft (what it must contain is checked against the database, see
/// `db::plans::publish_problems`).
pub fn publish(published: bool) -> Result<(), Refusal> {
    if published {
        return Err(Refusal::conflict("the plan is published already"));
    }
    Ok(())
}

/// Only a draft can be removed.
pub fn delete(published: bool) -> Result<(), Refusal> {
    if published {
        return Err(Refusal::conflict("a published plan cannot be removed"));
    }
    Ok(())
}
