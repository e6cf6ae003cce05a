//! The web app in real Chromium against the real server.

mod bundles;
mod evaluation;
mod messages;
mod office_app;
mod plan_editor;
mod plan_page;
mod unit_app;
mod year_cycle;
