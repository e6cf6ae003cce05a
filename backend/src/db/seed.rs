//! Loads a plan data file into the database, once: a plan whose year is already there is
//! left as it is (it may have been edited since), so running the loader twice changes nothing.

use diesel::prelude::*;
use duban_shared::api::PlanStatus;
use duban_shared::seed::PlanSeed;

use super::schema::{categories, indicator_targets, indicators, item_co_units, items, milestones, plans, units};

/// The 2024 Kaiping plan (开府办〔2024〕8号), carried inside the binary.
pub const PLAN_2024_JSON: &str = include_str!("../../../data/plans/2024-kaiping.json");

pub fn plan_2024() -> PlanSeed {
    serde_json::from_str(PLAN_2024_JSON).expect("the bundled 2024 plan is valid JSON")
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeedOutcome {
    Loaded {
        items: usize,
        milestones: usize,
        indicators: usize,
    },
    AlreadyPresent,
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("计划文件有误：{0}")]
    Invalid(String),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

/// Loads a plan as published (the command line's `duban seed`).
pub fn load_plan(conn: &mut PgConnection, seed: &PlanSeed) -> Result<SeedOutcome, SeedError> {
    load_plan_as(conn, seed, PlanStatus::Published)
}

/// Loads a plan with the given status (an import through the API makes a draft).
pub fn load_plan_as(conn: &mut PgConnection, seed: &PlanSeed, status: PlanStatus) -> Result<SeedOutcome, SeedError> {
    let problems = seed.problems();
    if !problems.is_empty() {
        return Err(SeedError::Invalid(problems.join("；")));
    }
    conn.transaction(|conn| {
        for u in &seed.units {
            diesel::insert_into(units::table)
                .values((units::name.eq(&u.name), units::code.eq(&u.code)))
                // A unit of that name is already in the directory; a code another unit holds
                // is a conflict (409), not a unit silently left out.
                .on_conflict(units::name)
                .do_nothing()
                .execute(conn)?;
        }
        let inserted: Option<i32> = diesel::insert_into(plans::table)
            .values((
                plans::year.eq(seed.year),
                plans::title.eq(&seed.title),
                plans::notice_title.eq(&seed.notice_title),
                plans::doc_number.eq(&seed.doc_number),
                plans::issuer.eq(&seed.issuer),
                plans::issued_on.eq(seed.issued_on),
                plans::status.eq(status.as_str()),
                plans::first_report_due.eq(seed.first_report_due),
            ))
            .on_conflict(plans::year)
            .do_nothing()
            .returning(plans::id)
            .get_result(conn)
            .optional()?;
        let Some(plan_id) = inserted else {
            return Ok(SeedOutcome::AlreadyPresent);
        };

        let unit_ids: std::collections::HashMap<String, i32> = units::table
            .select((units::name, units::id))
            .load::<(String, i32)>(conn)?
            .into_iter()
            .collect();
        let unit_id = |name: &str| {
            unit_ids
                .get(name)
                .copied()
                .ok_or_else(|| SeedError::Invalid(format!("单位“{name}”不在单位清单中")))
        };
        let mut category_ids = std::collections::HashMap::new();
        for c in &seed.categories {
            let id: i32 = diesel::insert_into(categories::table)
                .values((
                    categories::plan_id.eq(plan_id),
                    categories::ordinal.eq(c.ordinal),
                    categories::title.eq(&c.title),
                ))
                .returning(categories::id)
                .get_result(conn)?;
            category_ids.insert(c.ordinal, id);
        }

        let (mut n_milestones, mut n_indicators) = (0, 0);
        for item in &seed.items {
            let item_id: i32 = diesel::insert_into(items::table)
                .values((
                    items::plan_id.eq(plan_id),
                    items::category_id.eq(category_ids[&item.category]),
                    items::number.eq(item.number),
                    items::content.eq(&item.content),
                    items::lead_unit_id.eq(unit_id(&item.lead_unit)?),
                ))
                .returning(items::id)
                .get_result(conn)?;
            let co = item
                .co_units
                .iter()
                .map(|name| {
                    Ok((
                        item_co_units::item_id.eq(item_id),
                        item_co_units::unit_id.eq(unit_id(name)?),
                    ))
                })
                .collect::<Result<Vec<_>, SeedError>>()?;
            diesel::insert_into(item_co_units::table).values(co).execute(conn)?;
            let mut milestone_ids = Vec::with_capacity(item.milestones.len());
            for (seq, m) in item.milestones.iter().enumerate() {
                let id: i32 = diesel::insert_into(milestones::table)
                    .values((
                        milestones::item_id.eq(item_id),
                        milestones::seq.eq(seq as i32 + 1),
                        milestones::due_date.eq(m.due),
                        milestones::original_due_date.eq(m.due),
                        milestones::target_text.eq(&m.text),
                    ))
                    .returning(milestones::id)
                    .get_result(conn)?;
                milestone_ids.push(id);
            }
            n_milestones += milestone_ids.len();
            for (seq, ind) in item.indicators.iter().enumerate() {
                let indicator_id: i32 = diesel::insert_into(indicators::table)
                    .values((
                        indicators::item_id.eq(item_id),
                        indicators::seq.eq(seq as i32 + 1),
                        indicators::name.eq(&ind.name),
                        indicators::measure.eq(&ind.measure),
                        indicators::kind.eq(ind.kind.as_str()),
                        indicators::final_target.eq(ind.final_target().unwrap_or(0.0)),
                    ))
                    .returning(indicators::id)
                    .get_result(conn)?;
                let rows: Vec<_> = ind
                    .targets
                    .iter()
                    .zip(&milestone_ids)
                    .filter_map(|(t, m)| t.map(|t| (m, t)))
                    .map(|(milestone_id, target)| {
                        (
                            indicator_targets::indicator_id.eq(indicator_id),
                            indicator_targets::milestone_id.eq(*milestone_id),
                            indicator_targets::item_id.eq(item_id),
                            indicator_targets::target.eq(target),
                        )
                    })
                    .collect();
                diesel::insert_into(indicator_targets::table)
                    .values(rows)
                    .execute(conn)?;
            }
            n_indicators += item.indicators.len();
        }
        Ok(SeedOutcome::Loaded {
            items: seed.items.len(),
            milestones: n_milestones,
            indicators: n_indicators,
        })
    })
}
