//! A fixed piece of SQL inside a query built with the DSL. Diesel's `dsl::sql` may hold any
//! text, so a statement with one is never kept prepared: PostgreSQL parses and plans it at
//! every call. A `&'static str` cannot vary, so the statement around it is kept (diesel's
//! cache then goes by the statement's text).

use std::marker::PhantomData;

use diesel::expression::{
    is_aggregate, AppearsOnTable, Expression, SelectableExpression, TypedExpressionType, ValidGrouping,
};
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::QueryResult;

#[derive(Debug, Clone, Copy)]
pub struct FixedSql<ST> {
    sql: &'static str,
    _type: PhantomData<ST>,
}

/// `sql` as an expression of type `ST`.
pub fn fixed_sql<ST: TypedExpressionType>(sql: &'static str) -> FixedSql<ST> {
    FixedSql {
        sql,
        _type: PhantomData,
    }
}

impl<ST: TypedExpressionType> Expression for FixedSql<ST> {
    type SqlType = ST;
}

impl<ST> QueryFragment<Pg> for FixedSql<ST> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql(self.sql);
        Ok(())
    }
}

// No static id: two fixed texts of one type are different statements.
impl<ST> QueryId for FixedSql<ST> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<QS, ST: TypedExpressionType> SelectableExpression<QS> for FixedSql<ST> {}

impl<QS, ST: TypedExpressionType> AppearsOnTable<QS> for FixedSql<ST> {}

impl<ST, GB> ValidGrouping<GB> for FixedSql<ST> {
    type IsAggregate = is_aggregate::Never;
}
