//! Duban's browser app: a Yew single-page app compiled to wasm32 and started by `assets/boot.js`.
//!
//! Five bundles are built from this library, each with the pages of one part of the work
//! (see `bundle.rs`): `duban_login` (`src/bin/duban-login.rs`) the login, `duban`
//! (`src/main.rs`) the units' workspace, `duban_overview` (`src/bin/duban-overview.rs`) the
//! leaders' dashboard, `duban_common` (`src/bin/duban-common.rs`) the pages all roles open
//! from there, `duban_office` (`src/bin/duban-office.rs`) every page. `boot.js` starts one
//! by the stored session's role and the address.

mod access;
mod api;
mod app;
mod bundle;
mod common_app;
mod components;
mod error_messages;
mod format;
mod hooks;
mod login_app;
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

/// The login, for anyone without a session.
pub fn login_bundle() -> Bundle {
    Bundle {
        kind: BundleKind::Login,
        pages: login_app::pages,
    }
}

/// The units' bundle.
pub fn unit_bundle() -> Bundle {
    Bundle {
        kind: BundleKind::Unit,
        pages: unit_app::pages,
    }
}

/// The leaders' dashboard.
pub fn overview_bundle() -> Bundle {
    Bundle {
        kind: BundleKind::Overview,
        pages: overview_app::pages,
    }
}

/// The pages all roles open from their first page.
pub fn common_bundle() -> Bundle {
    Bundle {
        kind: BundleKind::Common,
        pages: common_app::pages,
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
