//! One file per resource; each handler parses, authorizes (see `http::policy`), calls the
//! data layer and answers.

pub mod api_tokens;
pub mod audit;
pub mod auth;
pub mod health;
pub mod items;
pub mod me;
pub mod plans;
pub mod units;
pub mod users;
