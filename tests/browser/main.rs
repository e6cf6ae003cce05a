//! The web app in real Chromium against the real server.

mod plan_page;
