//! 实地督查 records of items, with their photos and the notice that tracks their 整改要求.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use duban_shared::cases::{Inspection, NewInspection};

use super::case_files;
use super::notices::{self, LinkBy};
use super::schema::{inspections, items, plans, units};
use super::units::UnitRow;

pub fn create(conn: &mut PgConnection, item_id: i32, new: &NewInspection, user_id: i32) -> QueryResult<i32> {
    let requirements = new.requirements.as_deref().map(str::trim).filter(|r| !r.is_empty());
    diesel::insert_into(inspections::table)
        .values((
            inspections::item_id.eq(item_id),
            inspections::inspected_on.eq(new.inspected_on),
            inspections::place.eq(new.place.trim()),
            inspections::inspectors.eq(new.inspectors.trim()),
            inspections::findings.eq(new.findings.trim()),
            inspections::requirements.eq(requirements),
            inspections::recorded_by.eq(user_id),
        ))
        .returning(inspections::id)
        .get_result(conn)
}

#[derive(Debug, Clone, Copy, Default)]
pub struct InspectionFilter {
    pub id: Option<i32>,
    pub item_id: Option<i32>,
}

/// Inspections, the latest visit first.
pub fn list(conn: &mut PgConnection, filter: InspectionFilter) -> QueryResult<Vec<Inspection>> {
    let mut query = inspections::table
        .inner_join(items::table.inner_join(plans::table).inner_join(units::table))
        .select((
            (
                inspections::id,
                inspections::item_id,
                inspections::inspected_on,
                inspections::place,
                inspections::inspectors,
                inspections::findings,
                inspections::requirements,
                inspections::recorded_by,
                inspections::recorded_at,
            ),
            items::number,
            plans::year,
            UnitRow::as_select(),
        ))
        .order((inspections::inspected_on.desc(), inspections::id.desc()))
        .into_boxed();
    if let Some(id) = filter.id {
        query = query.filter(inspections::id.eq(id));
    }
    if let Some(item) = filter.item_id {
        query = query.filter(inspections::item_id.eq(item));
    }
    type Row = (
        i32,
        i32,
        NaiveDate,
        String,
        String,
        String,
        Option<String>,
        i32,
        DateTime<Utc>,
    );
    let rows: Vec<(Row, i32, i32, UnitRow)> = query.load(conn)?;
    let ids: Vec<i32> = rows.iter().map(|r| r.0 .0).collect();
    let recorders: Vec<i32> = rows.iter().map(|r| r.0 .7).collect();
    let names = super::users::signatures(conn, &recorders)?;
    let mut links = notices::links(conn, LinkBy::Inspection, &ids)?;
    let mut photos = case_files::for_inspections(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(
            |(
                (id, item_id, inspected_on, place, inspectors, findings, requirements, recorded_by, recorded_at),
                item_number,
                plan_year,
                unit,
            )| {
                Inspection {
                    id,
                    item_id,
                    item_number,
                    plan_year,
                    unit: unit.into(),
                    inspected_on,
                    place,
                    inspectors,
                    findings,
                    requirements,
                    notice: links.remove(&id),
                    photos: photos.remove(&id).unwrap_or_default(),
                    recorded_by: names.get(&recorded_by).cloned().unwrap_or_default(),
                    recorded_at,
                }
            },
        )
        .collect())
}

pub fn dto(conn: &mut PgConnection, id: i32) -> QueryResult<Inspection> {
    let filter = InspectionFilter {
        id: Some(id),
        ..Default::default()
    };
    list(conn, filter)?
        .into_iter()
        .next()
        .ok_or(diesel::result::Error::NotFound)
}

/// The item an inspection is of, locking the inspection row.
pub fn lock_item_of(conn: &mut PgConnection, id: i32) -> QueryResult<Option<i32>> {
    inspections::table
        .find(id)
        .select(inspections::item_id)
        .for_update()
        .first(conn)
        .optional()
}

pub fn item_of(conn: &mut PgConnection, id: i32) -> QueryResult<Option<i32>> {
    inspections::table
        .find(id)
        .select(inspections::item_id)
        .first(conn)
        .optional()
}
