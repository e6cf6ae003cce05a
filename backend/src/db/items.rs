//! Queries on items with their milestones, indicators and targets. Whatever the number of
//! items, a load is one statement ([`super::item_statement`]).

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use duban_shared::api::{Indicator, IndicatorKind, ItemDetail, Milestone, PlanStatus, UnitRef};
use duban_shared::ids::{ItemId, PlanId, UnitId};
use duban_shared::lights;
use duban_shared::permissions::Action;

use duban_shared::year_end::FinalResult;

use super::item_statement::{ItemRow, ItemStatement};
use super::lights::{Counted, VersionFact};
use super::plans::PlanRef;
use super::schema::{items, milestones, plans};
use super::stored::Stored;

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

/// An item as the statement read it, before its light is worked out for a day.
struct LoadedItem {
    row: ItemRow,
    unit: UnitRef,
    co_units: Vec<UnitRef>,
    milestones: Vec<Milestone>,
    indicators: Vec<Indicator>,
    versions: Vec<VersionFact>,
}

impl LoadedItem {
    fn plan(&self) -> QueryResult<PlanRef> {
        let status = self
            .row
            .plan_status
            .parse::<PlanStatus>()
            .map_err(|_| bad_row(format!("unknown plan status {:?}", self.row.plan_status)))?;
        Ok(PlanRef::new(PlanId(self.row.plan_id), status))
    }

    fn detail(self, as_of: NaiveDate, counted: Counted) -> ItemDetail {
        let reports = super::lights::known_on(&self.versions, as_of, counted);
        let light = item_light(&self.row, &self.milestones, &self.indicators, &reports, as_of);
        let row = self.row;
        ItemDetail {
            id: row.id,
            plan_year: row.plan_year,
            number: row.number,
            category_ordinal: row.category_ordinal,
            category_title: row.category_title,
            content: row.content,
            lead_unit: self.unit,
            co_units: self.co_units,
            milestones: self.milestones,
            indicators: self.indicators,
            light,
            as_of: lights::judged_on(row.plan_year, as_of),
            final_result: row.final_result.as_deref().and_then(FinalResult::parse),
            final_note: row.final_note,
            version: row.version,
        }
    }
}

fn bad_row(why: String) -> diesel::result::Error {
    diesel::result::Error::DeserializationError(why.into())
}

fn parse_json<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> QueryResult<T> {
    serde_json::from_str(text).map_err(|e| bad_row(format!("{what}: {e}")))
}

impl LoadedItem {
    fn of(row: ItemRow) -> QueryResult<LoadedItem> {
        Ok(LoadedItem {
            unit: UnitRef {
                id: row.unit_id,
                name: row.unit_name.clone(),
                code: row.unit_code.clone(),
            },
            co_units: parse_json(&row.co_units, "co-units")?,
            milestones: parse_json(&row.milestones, "milestones")?,
            indicators: parse_json(&row.indicators, "indicators")?,
            versions: parse_json(&row.versions, "report versions")?,
            row,
        })
    }
}

/// The items `filter` names, read by one statement ([`ItemStatement`]).
fn load_rows(conn: &mut PgConnection, filter: &ItemFilter) -> QueryResult<Vec<LoadedItem>> {
    ItemStatement { filter }
        .load::<ItemRow>(conn)?
        .into_iter()
        .map(LoadedItem::of)
        .collect()
}

fn load_one(conn: &mut PgConnection, id: ItemId) -> QueryResult<Option<LoadedItem>> {
    let filter = ItemFilter {
        item_id: Some(id.get()),
        ..Default::default()
    };
    Ok(load_rows(conn, &filter)?.pop())
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
    Ok(load_rows(conn, filter)?
        .into_iter()
        .map(|item| item.detail(as_of, counted))
        .collect())
}

/// One item with the plan it belongs to (what read permission looks at), from its row of
/// the item statement as [`super::reader`] reads it.
pub fn with_plan_of(row: ItemRow, as_of: NaiveDate) -> QueryResult<(PlanRef, ItemDetail)> {
    let item = LoadedItem::of(row)?;
    Ok((item.plan()?, item.detail(as_of, Counted::Submitted)))
}

/// A plan's items on `as_of`, with the day each item's report for `period` was first
/// submitted (for the summary's on-time count), in one statement.
pub fn load_with_first_submissions(
    conn: &mut PgConnection,
    plan_id: PlanId,
    as_of: NaiveDate,
    period: Option<lights::Period>,
) -> QueryResult<(Vec<ItemDetail>, HashMap<i32, NaiveDate>)> {
    let period = period.map(|p| p.to_string());
    let mut firsts = HashMap::new();
    let mut details = Vec::new();
    for item in load_rows(conn, &ItemFilter::for_plan(plan_id))? {
        if let Some(first) = period
            .as_deref()
            .and_then(|p| super::lights::first_submitted(&item.versions, p))
        {
            firsts.insert(item.row.id, first);
        }
        details.push(item.detail(as_of, Counted::Submitted));
    }
    Ok((details, firsts))
}

/// One item with its plan and the reports known on `as_of` (what its charts plot), in one
/// statement.
pub fn find_with_reports(
    conn: &mut PgConnection,
    id: ItemId,
    as_of: NaiveDate,
) -> QueryResult<Option<(PlanRef, ItemDetail, Vec<lights::ReportState>)>> {
    let Some(item) = load_one(conn, id)? else {
        return Ok(None);
    };
    let reports = super::lights::known_on(&item.versions, as_of, Counted::Submitted);
    Ok(Some((item.plan()?, item.detail(as_of, Counted::Submitted), reports)))
}

/// One item's lights on each of `days`, from one read of the item (empty: no such item).
pub fn lights_on(conn: &mut PgConnection, id: ItemId, days: &[NaiveDate]) -> QueryResult<Vec<lights::Light>> {
    let Some(item) = load_one(conn, id)? else {
        return Ok(Vec::new());
    };
    Ok(days
        .iter()
        .map(|&day| {
            let reports = super::lights::known_on(&item.versions, day, Counted::Submitted);
            item_light(&item.row, &item.milestones, &item.indicators, &reports, day)
        })
        .collect())
}

fn item_light(
    head: &ItemRow,
    milestones: &[Milestone],
    indicators: &[Indicator],
    reports: &[lights::ReportState],
    as_of: NaiveDate,
) -> lights::Light {
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
            green_max_lag: head.green_max_lag,
            red_min_lag: head.red_min_lag,
            red_overdue_days: i64::from(head.red_overdue_days),
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
    /// The lead unit's name (how its users sign).
    pub lead_unit_name: String,
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
    use super::fixed_sql::fixed_sql;
    use diesel::sql_types::{Array, Integer, Text};
    let id = item_id.get();
    // One statement: the indicators and co-units come as arrays beside the item and plan.
    type Head = (
        i32,
        i32,
        i32,
        Stored<PlanStatus>,
        i32,
        String,
        i32,
        Vec<i32>,
        Vec<Stored<IndicatorKind>>,
        Vec<i32>,
    );
    let head: Option<Head> = items::table
        .inner_join(plans::table)
        .filter(items::id.eq(id))
        .select((
            items::number,
            plans::id,
            plans::year,
            plans::status,
            items::lead_unit_id,
            fixed_sql::<Text>("(SELECT u.name FROM units u WHERE u.id = items.lead_unit_id)"),
            plans::report_grace_days,
            fixed_sql::<Array<Integer>>(
                "ARRAY(SELECT d.id FROM indicators d WHERE d.item_id = items.id ORDER BY d.id)",
            ),
            fixed_sql::<Array<Text>>("ARRAY(SELECT d.kind FROM indicators d WHERE d.item_id = items.id ORDER BY d.id)"),
            fixed_sql::<Array<Integer>>(
                "ARRAY(SELECT c.unit_id FROM item_co_units c WHERE c.item_id = items.id ORDER BY c.unit_id)",
            ),
        ))
        .first(conn)
        .optional()?;
    let Some((
        number,
        plan_id,
        plan_year,
        status,
        lead_unit_id,
        lead_unit_name,
        report_grace_days,
        indicator_ids,
        kinds,
        co_units,
    )) = head
    else {
        return Ok(None);
    };
    let indicators = indicator_ids.into_iter().zip(kinds.into_iter().map(|k| k.0)).collect();
    let co_unit_ids = co_units.into_iter().map(UnitId).collect();
    Ok(Some(ItemContext {
        item_id,
        number,
        plan_id: PlanId(plan_id),
        plan_year,
        plan_published: PlanRef::new(PlanId(plan_id), status.0).published,
        lead_unit_id: UnitId(lead_unit_id),
        lead_unit_name,
        report_grace_days,
        indicators,
        co_unit_ids,
    }))
}
