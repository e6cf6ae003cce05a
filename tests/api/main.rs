//! The API over real HTTP against a real PostgreSQL, one fresh database per test.

mod audit;
mod auth;
mod bad_input;
mod cases;
mod cli;
mod documents;
mod errors;
mod evaluations;
mod item_documents;
mod notice_import;
mod openapi;
mod outage;
mod permissions;
mod plan_document;
mod plan_editor;
mod public;
mod read_cache;
mod read_routes;
mod reminders;
mod reporting;
mod schema_rules;
mod stored_names;
mod summary;
mod web_bundle;
mod year_end;
