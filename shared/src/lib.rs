//! Duban's shared vocabulary: the JSON shapes the API speaks, the error codes, the plan
//! data file format, and the rules that both the server and the browser must agree on.
//! Nothing here does IO, so it compiles for the server and for wasm32 alike.

pub mod api;
pub mod auth;
pub mod briefing;
pub mod error;
pub mod lights;
pub mod numerals;
pub mod permissions;
pub mod plan_edit;
pub mod reporting;
pub mod rules;
pub mod seed;
pub mod summary;
pub mod supervision;
