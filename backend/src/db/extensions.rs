//! Extension requests (延期申请) for milestones.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use duban_shared::ids::{ExtensionId, MilestoneId};
use duban_shared::supervision::{ExtensionRequest, ExtensionState};

use super::schema::{extension_requests, milestones};
use super::stored::Stored;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = extension_requests)]
pub struct ExtensionRow {
    pub id: i32,
    pub milestone_id: i32,
    pub original_due: NaiveDate,
    pub requested_due: NaiveDate,
    pub reason: String,
    #[diesel(deserialize_as = Stored<ExtensionState>)]
    pub state: ExtensionState,
    pub requested_by: i32,
    pub requested_at: DateTime<Utc>,
    pub decided_by: Option<i32>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_reason: Option<String>,
    pub version: i32,
}

pub fn create(
    conn: &mut PgConnection,
    milestone_id: MilestoneId,
    original_due: NaiveDate,
    requested_due: NaiveDate,
    reason: &str,
    user_id: i32,
) -> QueryResult<ExtensionRow> {
    let milestone_id = milestone_id.get();
    diesel::insert_into(extension_requests::table)
        .values((
            extension_requests::milestone_id.eq(milestone_id),
            extension_requests::original_due.eq(original_due),
            extension_requests::requested_due.eq(requested_due),
            extension_requests::reason.eq(reason),
            extension_requests::requested_by.eq(user_id),
        ))
        .returning(ExtensionRow::as_returning())
        .get_result(conn)
}

pub fn lock(conn: &mut PgConnection, id: ExtensionId) -> QueryResult<Option<ExtensionRow>> {
    let id = id.get();
    extension_requests::table
        .find(id)
        .select(ExtensionRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

pub fn decide(
    conn: &mut PgConnection,
    id: ExtensionId,
    state: ExtensionState,
    reason: Option<&str>,
    user_id: i32,
) -> QueryResult<ExtensionRow> {
    let id = id.get();
    diesel::update(extension_requests::table.find(id))
        .set((
            extension_requests::state.eq(state.as_str()),
            extension_requests::decision_reason.eq(reason),
            extension_requests::decided_by.eq(user_id),
            extension_requests::decided_at.eq(diesel::dsl::now),
            extension_requests::version.eq(extension_requests::version + 1),
        ))
        .returning(ExtensionRow::as_returning())
        .get_result(conn)
}

#[derive(Debug, Clone, Default)]
pub struct ExtensionFilter {
    pub item_id: Option<i32>,
    pub state: Option<ExtensionState>,
}

pub fn list(conn: &mut PgConnection, filter: &ExtensionFilter) -> QueryResult<Vec<ExtensionRequest>> {
    let mut query = extension_requests::table
        .inner_join(milestones::table)
        .select((ExtensionRow::as_select(), milestones::item_id))
        .order(extension_requests::id.desc())
        .into_boxed();
    if let Some(item) = filter.item_id {
        query = query.filter(milestones::item_id.eq(item));
    }
    if let Some(state) = filter.state {
        query = query.filter(extension_requests::state.eq(state.as_str()));
    }
    let rows: Vec<(ExtensionRow, i32)> = query.load(conn)?;
    dtos(conn, rows)
}

pub fn dto(conn: &mut PgConnection, row: ExtensionRow) -> QueryResult<ExtensionRequest> {
    let item_id = milestones::table
        .find(row.milestone_id)
        .select(milestones::item_id)
        .first(conn)?;
    Ok(dtos(conn, vec![(row, item_id)])?.remove(0))
}

fn dtos(conn: &mut PgConnection, rows: Vec<(ExtensionRow, i32)>) -> QueryResult<Vec<ExtensionRequest>> {
    let ids: Vec<i32> = rows
        .iter()
        .flat_map(|(r, _)| std::iter::once(r.requested_by).chain(r.decided_by))
        .collect();
    let names = super::users::signatures(conn, &ids)?;
    let name = |id: i32| names.get(&id).cloned().unwrap_or_default();
    Ok(rows
        .into_iter()
        .map(|(r, item_id)| ExtensionRequest {
            id: r.id,
            milestone_id: r.milestone_id,
            item_id,
            original_due: r.original_due,
            requested_due: r.requested_due,
            reason: r.reason,
            state: r.state,
            requested_by: name(r.requested_by),
            requested_at: r.requested_at,
            decided_by: r.decided_by.map(name),
            decided_at: r.decided_at,
            decision_reason: r.decision_reason,
            version: r.version,
        })
        .collect())
}
