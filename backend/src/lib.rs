//! Duban's server. Layers point one way: `duban_shared` (types, rules) ← [`db`] (diesel
//! models and queries) ← [`http`] (routes, auth, permissions) ← [`server`] and [`cli`].

pub mod accounts;
pub mod audit_checkpoint;
pub mod auth;
pub mod backup;
pub mod cli;
pub mod db;
pub mod demo;
pub mod http;
pub mod mail;
pub mod notice_file;
pub mod reminders;
pub mod render;
pub mod server;
pub mod telemetry;
