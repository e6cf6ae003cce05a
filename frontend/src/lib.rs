//! Duban's browser app: a Yew single-page app compiled to wasm32 and started by `assets/boot.js`.
//!
//! Two bundles are built from this library: `duban` (`src/main.rs`) with every screen a unit,
//! a leader or a deputy uses, and `duban_office` (`src/bin/duban-office.rs`) that adds the
//! office's and the administrator's screens. Units and leaders never download the office's
//! code; `boot.js` starts the office bundle for a stored 督查室 session.

mod access;
mod api;
mod app;
mod components;
mod error_messages;
mod format;
mod hooks;
mod office_app;
mod pages;
mod query;
mod routes;
mod session;
mod workspace;

pub use app::OfficePages;

/// The office's and the administrator's screens, for the office bundle.
pub fn office_pages() -> OfficePages {
    office_app::pages
}

/// Renders the app into `#app`; `office` adds the office's screens (the office bundle).
pub fn start(office: Option<OfficePages>) {
    let props = app::AppProps {
        bundle: app::Bundle { office },
    };
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => yew::Renderer::<app::App>::with_root_and_props(root, props).render(),
        None => yew::Renderer::<app::App>::with_props(props).render(),
    };
}
