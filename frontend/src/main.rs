//! Duban's browser app: a Yew single-page app compiled to wasm32 and started by `assets/boot.js`.

mod access;
mod api;
mod app;
mod components;
mod error_messages;
mod format;
mod hooks;
mod pages;
mod query;
mod routes;
mod session;
mod workspace;

fn main() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => yew::Renderer::<app::App>::with_root(root).render(),
        None => yew::Renderer::<app::App>::new().render(),
    };
}
