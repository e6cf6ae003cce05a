//! The one statement that reads items whole: each row is an item with its plan, unit and
//! category, and its milestones (with evidence), indicators (with targets), co-units and
//! report versions as JSON, from the item's document (migration 20: kept in step with those
//! rows by triggers in the writing transaction, so a read joins a few rows by key). One round
//! trip for one item or a whole plan; each filter shape (and each plan) keeps its own text,
//! so the connection prepares and plans it once.

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{Integer, Untyped};

use super::items::ItemFilter;

const SELECT: &str = r#"SELECT i.id, i.number, i.content, i.version, i.final_result, i.final_note,
    c.ordinal AS category_ordinal, c.title AS category_title,
    p.id AS plan_id, p.status AS plan_status, p.year AS plan_year, p.first_report_due,
    p.green_max_lag, p.red_min_lag, p.red_overdue_days,
    u.id AS unit_id, u.name AS unit_name, u.code AS unit_code,
    d.milestones, d.indicators, d.co_units, d.versions
FROM items i
JOIN categories c ON c.id = i.category_id
JOIN plans p ON p.id = i.plan_id
JOIN units u ON u.id = i.lead_unit_id
JOIN item_documents d ON d.item_id = i.id"#;

/// The statement for one item by id (`$1`), for readers that are not diesel
/// ([`super::reader`]); [`ItemStatement`] writes the same text for that filter.
pub fn by_id_text() -> String {
    format!("{SELECT} WHERE i.id = $1")
}

/// A row of the statement; the JSON columns are parsed by [`super::items`].
#[derive(Debug, QueryableByName)]
pub struct ItemRow {
    #[diesel(sql_type = Integer)]
    pub id: i32,
    #[diesel(sql_type = Integer)]
    pub number: i32,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub content: String,
    #[diesel(sql_type = Integer)]
    pub version: i32,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    pub final_result: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub final_note: String,
    #[diesel(sql_type = Integer)]
    pub category_ordinal: i32,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub category_title: String,
    #[diesel(sql_type = Integer)]
    pub plan_id: i32,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub plan_status: String,
    #[diesel(sql_type = Integer)]
    pub plan_year: i32,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Date>)]
    pub first_report_due: Option<chrono::NaiveDate>,
    #[diesel(sql_type = diesel::sql_types::Double)]
    pub green_max_lag: f64,
    #[diesel(sql_type = diesel::sql_types::Double)]
    pub red_min_lag: f64,
    #[diesel(sql_type = Integer)]
    pub red_overdue_days: i32,
    #[diesel(sql_type = Integer)]
    pub unit_id: i32,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub unit_name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub unit_code: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub milestones: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub indicators: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub co_units: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub versions: String,
}

/// The statement for the items `filter` names, in plan (newest first) and number order.
pub struct ItemStatement<'a> {
    pub filter: &'a ItemFilter,
}

impl QueryId for ItemStatement<'_> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl Query for ItemStatement<'_> {
    type SqlType = Untyped;
}

impl<Conn> RunQueryDsl<Conn> for ItemStatement<'_> {}

impl QueryFragment<Pg> for ItemStatement<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql(SELECT);
        let f = self.filter;
        let mut first = true;
        // The plan is written into the text, not bound: plans differ in size (25 items or
        // 20,000), so with a bound plan PostgreSQL found no generic plan good for all and
        // planned this five-table join again on every call (half the cost of a summary).
        // Written in, each plan's text is planned once per connection for that plan; there
        // is one plan a year, so the texts stay few. An i32 printed is digits only.
        let plan_id = f.plan_id.map(|id| id.to_string());
        if let Some(plan_id) = &plan_id {
            out.push_sql(" WHERE i.plan_id = ");
            out.push_sql(plan_id);
            first = false;
        }
        // Only the conditions given are written, so each shape is its own prepared text
        // and PostgreSQL plans it for what it is (an index lookup by id or by plan).
        let conditions = [
            ("i.id = ", &f.item_id, ""),
            ("i.lead_unit_id = ", &f.lead_unit_id, ""),
            (
                "i.id IN (SELECT item_id FROM item_co_units WHERE unit_id = ",
                &f.co_unit_id,
                ")",
            ),
            ("c.ordinal = ", &f.category_ordinal, ""),
        ];
        for (sql, value, close) in conditions {
            if let Some(value) = value {
                out.push_sql(if first { " WHERE " } else { " AND " });
                out.push_sql(sql);
                out.push_bind_param::<Integer, i32>(value)?;
                out.push_sql(close);
                first = false;
            }
        }
        // One item needs no order (and its plan then has no sort to start).
        if f.item_id.is_none() {
            out.push_sql(" ORDER BY p.year DESC, i.number");
        }
        Ok(())
    }
}
