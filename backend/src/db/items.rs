//! Queries on items with their milestones, indicators and targets. Whatever the number of
//! items, a load is a fixed handful of queries (no query per item).

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use duban_shared::api::{Indicator, IndicatorKind, IndicatorTarget, ItemDetail, Milestone, PlanStatus, UnitRef};
use duban_shared::ids::{ItemId, PlanId, UnitId};
use duban_shared::lights;
use duban_shared::permissions::Action;

use super::plans::PlanRef;
use super::stored::Stored;
use super::units::UnitRow;
use duban_shared::supervision::Evidence;
use duban_shared::year_end::FinalResult;

use super::lights::Counted;
use super::schema::{categories, indicator_targets, indicators, item_co_units, items, milestones, plans, units};

/// Which items to load; all conditions must hold.
#[derive(Debug, Clone, Default)]
pub struct ItemFilter {
    pub plan_id: Option<i32>,
    pub item_id: Option<i32>,
    pub lead_unit_id: Option<i32>,
    /// Items this unit helps on (配合单位).
    pub co_unit_id: Option<i32>,
    pub category_ordinal: Option<i32>,
}

impl ItemFilter {
    pub fn for_plan(plan_id: PlanId) -> Self {
        let plan_id = plan_id.get();
        ItemFilter {
            plan_id: Some(plan_id),
            ..Default::default()
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = milestones)]
pub struct MilestoneRow {
    pub id: i32,
    pub item_id: i32,
    pub seq: i32,
    pub due_date: NaiveDate,
    pub original_due_date: NaiveDate,
    pub target_text: String,
    pub completed_on: Option<NaiveDate>,
    pub completion_note: Option<String>,
    pub reopen_reason: Option<String>,
    pub version: i32,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = indicators)]
pub struct IndicatorRow {
    pub id: i32,
    pub item_id: i32,
    pub seq: i32,
    pub name: String,
    pub measure: String,
    #[diesel(deserialize_as = Stored<IndicatorKind>)]
    pub kind: IndicatorKind,
    pub final_target: f64,
}

#[derive(Queryable)]
struct ItemHead {
    id: i32,
    number: i32,
    content: String,
    version: i32,
    category_ordinal: i32,
    category_title: String,
    plan_year: i32,
    first_report_due: Option<NaiveDate>,
    settings: (f64, f64, i32),
    unit: UnitRow,
    final_result: Option<String>,
    final_note: String,
}

/// Items in plan and number order, each complete with milestones, indicators and its light
/// on `as_of` (a China calendar day).
pub fn load(conn: &mut PgConnection, filter: &ItemFilter, as_of: NaiveDate) -> QueryResult<Vec<ItemDetail>> {
    load_counting(conn, filter, as_of, Counted::Submitted)
}

/// Items as [`load`] reads them, their lights counting the reports `counted` names.
pub fn load_counting(
    conn: &mut PgConnection,
    filter: &ItemFilter,
    as_of: NaiveDate,
    counted: Counted,
) -> QueryResult<Vec<ItemDetail>> {
    // One item, or one whole plan, are the hot reads: those queries keep a fixed text, so
    // the connection prepares them once (diesel caches them; a boxed query it plans anew).
    macro_rules! heads {
        () => {
            items::table
                .inner_join(categories::table)
                .inner_join(plans::table)
                .inner_join(units::table)
                .select((
                    items::id,
                    items::number,
                    items::content,
                    items::version,
                    categories::ordinal,
                    categories::title,
                    plans::year,
                    plans::first_report_due,
                    (plans::green_max_lag, plans::red_min_lag, plans::red_overdue_days),
                    UnitRow::as_select(),
                    items::final_result,
                    items::final_note,
                ))
                .order((plans::year.desc(), items::number))
        };
    }
    let heads: Vec<ItemHead> = match *filter {
        ItemFilter {
            item_id: Some(id),
            plan_id: None,
            lead_unit_id: None,
            co_unit_id: None,
            category_ordinal: None,
        } => heads!().filter(items::id.eq(id)).load(conn)?,
        ItemFilter {
            plan_id: Some(plan_id),
            item_id: None,
            lead_unit_id: None,
            co_unit_id: None,
            category_ordinal: None,
        } => heads!().filter(items::plan_id.eq(plan_id)).load(conn)?,
        _ => {
            let mut query = heads!().into_boxed();
            if let Some(plan_id) = filter.plan_id {
                query = query.filter(items::plan_id.eq(plan_id));
            }
            if let Some(item_id) = filter.item_id {
                query = query.filter(items::id.eq(item_id));
            }
            if let Some(unit_id) = filter.lead_unit_id {
                query = query.filter(items::lead_unit_id.eq(unit_id));
            }
            if let Some(unit_id) = filter.co_unit_id {
                let helped = item_co_units::table
                    .filter(item_co_units::unit_id.eq(unit_id))
                    .select(item_co_units::item_id);
                query = query.filter(items::id.eq_any(helped));
            }
            if let Some(ordinal) = filter.category_ordinal {
                query = query.filter(categories::ordinal.eq(ordinal));
            }
            query.load(conn)?
        }
    };
    let ids: Vec<i32> = heads.iter().map(|h| h.id).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }

    let mut evidence_by_milestone: HashMap<i32, Vec<Evidence>> = HashMap::new();
    for e in super::evidence::for_items(conn, &ids)? {
        evidence_by_milestone.entry(e.milestone_id).or_default().push(e);
    }
    let mut milestones_by_item: HashMap<i32, Vec<Milestone>> = HashMap::new();
    let mut due_by_milestone: HashMap<i32, NaiveDate> = HashMap::new();
    for m in milestones::table
        .filter(milestones::item_id.eq_any(&ids))
        .order((milestones::item_id, milestones::seq))
        .select(MilestoneRow::as_select())
        .load(conn)?
    {
        // Targets stay on the notice's dates: an extension moves the deadline, not the plan.
        due_by_milestone.insert(m.id, m.original_due_date);
        milestones_by_item.entry(m.item_id).or_default().push(Milestone {
            id: m.id,
            seq: m.seq,
            due_date: m.due_date,
            original_due_date: m.original_due_date,
            target_text: m.target_text,
            completed_on: m.completed_on,
            completion_note: m.completion_note,
            reopen_reason: m.reopen_reason,
            evidence: evidence_by_milestone.remove(&m.id).unwrap_or_default(),
            version: m.version,
        });
    }

    let mut targets_by_indicator: HashMap<i32, Vec<IndicatorTarget>> = HashMap::new();
    for (indicator_id, milestone_id, target) in indicator_targets::table
        .filter(indicator_targets::item_id.eq_any(&ids))
        .select((
            indicator_targets::indicator_id,
            indicator_targets::milestone_id,
            indicator_targets::target,
        ))
        .load::<(i32, i32, f64)>(conn)?
    {
        targets_by_indicator
            .entry(indicator_id)
            .or_default()
            .push(IndicatorTarget {
                milestone_id,
                due_date: due_by_milestone[&milestone_id],
                target,
            });
    }

    let mut indicators_by_item: HashMap<i32, Vec<Indicator>> = HashMap::new();
    for i in indicators::table
        .filter(indicators::item_id.eq_any(&ids))
        .order((indicators::item_id, indicators::seq))
        .select(IndicatorRow::as_select())
        .load(conn)?
    {
        let mut targets = targets_by_indicator.remove(&i.id).unwrap_or_default();
        targets.sort_by_key(|t| t.due_date);
        indicators_by_item.entry(i.item_id).or_default().push(Indicator {
            id: i.id,
            seq: i.seq,
            name: i.name,
            measure: i.measure,
            kind: i.kind,
            final_target: i.final_target,
            targets,
        });
    }

    let mut co_units_by_item: HashMap<i32, Vec<UnitRef>> = HashMap::new();
    for (item_id, unit) in item_co_units::table
        .inner_join(units::table)
        .filter(item_co_units::item_id.eq_any(&ids))
        .order(units::id)
        .select((item_co_units::item_id, UnitRow::as_select()))
        .load::<(i32, UnitRow)>(conn)?
    {
        co_units_by_item.entry(item_id).or_default().push(unit.into());
    }

    let mut reports = super::lights::reports_known_on(conn, &ids, as_of, counted)?;
    Ok(heads
        .into_iter()
        .map(|h| {
            let milestones = milestones_by_item.remove(&h.id).unwrap_or_default();
            let indicators = indicators_by_item.remove(&h.id).unwrap_or_default();
            let light = item_light(
                &h,
                &milestones,
                &indicators,
                &reports.remove(&h.id).unwrap_or_default(),
                as_of,
            );
            ItemDetail {
                id: h.id,
                plan_year: h.plan_year,
                number: h.number,
                category_ordinal: h.category_ordinal,
                category_title: h.category_title,
                content: h.content,
                lead_unit: h.unit.into(),
                co_units: co_units_by_item.remove(&h.id).unwrap_or_default(),
                milestones,
                indicators,
                light,
                as_of: lights::judged_on(h.plan_year, as_of),
                final_result: h.final_result.as_deref().and_then(FinalResult::parse),
                final_note: h.final_note,
                version: h.version,
            }
        })
        .collect())
}

fn item_light(
    head: &ItemHead,
    milestones: &[Milestone],
    indicators: &[Indicator],
    reports: &[lights::ReportState],
    as_of: NaiveDate,
) -> lights::Light {
    let (green_max_lag, red_min_lag, red_overdue_days) = head.settings;
    let milestones: Vec<lights::MilestoneState> = milestones
        .iter()
        .map(|m| lights::MilestoneState {
            id: m.id,
            due_date: m.due_date,
            completed_on: m.completed_on,
        })
        .collect();
    let indicators: Vec<lights::IndicatorState> = indicators
        .iter()
        .map(|i| lights::IndicatorState {
            id: i.id,
            name: i.name.clone(),
            measure: i.measure.clone(),
            final_target: i.final_target,
            targets: i.targets.iter().map(|t| (t.due_date, t.target)).collect(),
        })
        .collect();
    lights::light(&lights::LightInput {
        plan_year: head.plan_year,
        as_of,
        first_report_due: head.first_report_due,
        settings: lights::LightSettings {
            green_max_lag,
            red_min_lag,
            red_overdue_days: red_overdue_days as i64,
        },
        milestones: &milestones,
        indicators: &indicators,
        reports,
    })
}

pub fn find(conn: &mut PgConnection, id: ItemId, as_of: NaiveDate) -> QueryResult<Option<ItemDetail>> {
    let id = id.get();
    let filter = ItemFilter {
        item_id: Some(id),
        ..Default::default()
    };
    Ok(load(conn, &filter, as_of)?.into_iter().next())
}

/// The plan an item belongs to (what read permission looks at).
/// The item's 具体内容.
pub fn content_of(conn: &mut PgConnection, item_id: ItemId) -> QueryResult<Option<String>> {
    items::table
        .find(item_id.get())
        .select(items::content)
        .first(conn)
        .optional()
}

pub fn plan_of(conn: &mut PgConnection, item_id: ItemId) -> QueryResult<Option<PlanRef>> {
    let item_id = item_id.get();
    items::table
        .inner_join(plans::table)
        .filter(items::id.eq(item_id))
        .select((plans::id, plans::status))
        .first(conn)
        .optional()
}

/// What permission checks and report rules need to know about an item.
#[derive(Debug, Clone)]
pub struct ItemContext {
    pub item_id: ItemId,
    pub number: i32,
    pub plan_id: PlanId,
    pub plan_year: i32,
    pub plan_published: bool,
    pub lead_unit_id: UnitId,
    pub report_grace_days: i32,
    /// (indicator id, kind) of the item's indicators.
    pub indicators: Vec<(i32, IndicatorKind)>,
    /// The 配合单位 besides the lead unit.
    pub co_unit_ids: Vec<UnitId>,
}

impl ItemContext {
    pub fn plan(&self) -> PlanRef {
        PlanRef {
            id: self.plan_id,
            published: self.plan_published,
        }
    }

    /// A co-unit's 配合情况 on this item, asked by a caller of `unit` (none: not a unit).
    pub fn assist(&self, unit: Option<UnitId>) -> Action {
        Action::AssistItem {
            plan_id: self.plan_id,
            published: self.plan_published,
            co_unit: unit.is_some_and(|u| self.co_unit_ids.contains(&u)),
        }
    }

    /// Reading the co-units' notes: the lead unit and the co-units are involved.
    pub fn read_co_notes(&self, unit: Option<UnitId>) -> Action {
        Action::ReadCoNotes {
            plan_id: self.plan_id,
            published: self.plan_published,
            involved: unit.is_some_and(|u| u == self.lead_unit_id || self.co_unit_ids.contains(&u)),
        }
    }

    /// The lead unit's own work on this item.
    pub fn work(&self) -> Action {
        Action::WorkOnItem {
            plan_id: self.plan_id,
            lead_unit_id: self.lead_unit_id,
            published: self.plan_published,
        }
    }
}

pub fn context(conn: &mut PgConnection, item_id: ItemId) -> QueryResult<Option<ItemContext>> {
    let id = item_id.get();
    let head: Option<(i32, i32, i32, Stored<PlanStatus>, i32, i32)> = items::table
        .inner_join(plans::table)
        .filter(items::id.eq(id))
        .select((
            items::number,
            plans::id,
            plans::year,
            plans::status,
            items::lead_unit_id,
            plans::report_grace_days,
        ))
        .first(conn)
        .optional()?;
    let Some((number, plan_id, plan_year, status, lead_unit_id, report_grace_days)) = head else {
        return Ok(None);
    };
    let indicators = indicators::table
        .filter(indicators::item_id.eq(id))
        .select((indicators::id, indicators::kind))
        .load::<(i32, Stored<IndicatorKind>)>(conn)?
        .into_iter()
        .map(|(id, kind)| (id, kind.0))
        .collect();
    let co_unit_ids = item_co_units::table
        .filter(item_co_units::item_id.eq(id))
        .select(item_co_units::unit_id)
        .load::<i32>(conn)?
        .into_iter()
        .map(UnitId)
        .collect();
    Ok(Some(ItemContext {
        item_id,
        number,
        plan_id: PlanId(plan_id),
        plan_year,
        plan_published: PlanRef::new(PlanId(plan_id), status.0).published,
        lead_unit_id: UnitId(lead_unit_id),
        report_grace_days,
        indicators,
        co_unit_ids,
    }))
}
