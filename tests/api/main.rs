//! The API over real HTTP against a real PostgreSQL, one fresh database per test.

mod errors;
mod plan_document;
mod read_routes;
mod schema_rules;
