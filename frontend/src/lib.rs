//! Duban's browser app: a Yew single-page app compiled to wasm32 and started by `assets/boot.js`.
//!
//! Three bundles are built from this library, each with the pages of one part of the work
//! (see `bundle.rs`): `duban` (`src/main.rs`) the units' workspace, `duban_overview`
//! (`src/bin/duban-overview.rs`) the leaders' dashboard and the evaluation, `duban_office`
//! (`src/bin/duban-office.rs`) every page. `boot.js` starts one by the address and the
//! stored session's role.

mod access;
mod api;
mod app;
mod bundle;
mod components;
mod error_messages;
mod format;
mod hooks;
mod office_app;
mod overview_app;
mod pages;
mod query;
mod routes;
mod session;
mod unit_app;
mod workspace;

pub use bundle::Bundle;
use bundle::BundleKind;

/// The units' bundle.
pub fn unit_bundle() -> Bundle {
    Bundle {
        kind: BundleKind::Unit,
        pages: unit_app::pages,
    }
}

/// The leaders' dashboard and the evaluation.
pub fn overview_bundle() -> Bundle {
    Bundle {
        kind: BundleKind::Overview,
        pages: overview_app::pages,
    }
}

/// The office's bundle: every page.
pub fn office_bundle() -> Bundle {
    Bundle {
        kind: BundleKind::Office,
        pages: office_app::pages,
    }
}

/// Renders the app into `#app` with this bundle's pages.
pub fn start(bundle: Bundle) {
    let props = app::AppProps { bundle };
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => yew::Renderer::<app::App>::with_root_and_props(root, props).render(),
        None => yew::Renderer::<app::App>::with_props(props).render(),
    };
}
