//! One file per resource; each handler parses, authorizes (see `http::policy`), calls the
//! data layer and answers.

pub mod api_tokens;
pub mod audit;
pub mod auth;
pub mod briefings;
pub mod categories;
pub mod co_notes;
pub mod docs;
pub mod evaluations;
pub mod evidence;
pub mod exports;
pub mod extensions;
pub mod health;
pub mod inspections;
pub mod instructions;
pub mod items;
pub mod me;
pub mod messages;
pub mod milestones;
pub mod notices;
pub mod plans;
pub mod public;
pub mod public_page;
pub mod reminders;
pub mod reports;
pub mod summary;
pub mod units;
pub mod users;
pub mod year_end;
