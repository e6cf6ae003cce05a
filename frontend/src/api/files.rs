//! Files the API answers with (exports, evidence), handed to the browser as downloads.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::client::{error_from_text, get_file, ApiError};

fn failed() -> ApiError {
    error_from_text(500, "")
}

/// Fetches `path` with the session's token (a plain link could not carry it) and saves the
/// answer as `file_name` through an object URL.
pub async fn save_file(path: &str, file_name: &str) -> Result<(), ApiError> {
    let response = get_file(path).await?;
    let promise = web_sys::Response::from(response).blob().map_err(|_| failed())?;
    let blob: web_sys::Blob = JsFuture::from(promise)
        .await
        .map_err(|_| failed())?
        .dyn_into()
        .map_err(|_| failed())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| failed())?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or_else(failed)?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| failed())?
        .dyn_into()
        .map_err(|_| failed())?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.set_class_name("visually-hidden");
    if let Some(body) = document.body() {
        let _ = body.append_child(&anchor);
        anchor.click();
        let _ = body.remove_child(&anchor);
    }
    // Give the browser time to start the download before the URL goes.
    let free = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(free.unchecked_ref(), 30_000);
    }
    Ok(())
}
