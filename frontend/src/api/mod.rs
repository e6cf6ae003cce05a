//! The JSON API under `/api/v1`: [`client`] is the one request path (session token, 401
//! handling, errors in Chinese); each other module holds one resource's calls and only
//! builds requests and decodes answers.

mod client;

pub mod api_tokens;
pub mod audit;
pub mod auth;
pub mod briefings;
pub mod categories;
pub mod co_notes;
pub mod evaluations;
pub mod evidence;
pub mod exports;
pub mod extensions;
mod files;
pub mod items;
pub mod messages;
pub mod milestones;
pub mod notices;
pub mod plans;
pub mod reports;
pub mod summary;
pub mod units;
pub mod users;

pub use client::{from_json, ApiError};
