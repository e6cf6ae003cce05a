//! A milestone's evidence files: upload with progress, download with the session's token.

use std::cell::Cell;
use std::rc::Rc;

use duban_shared::supervision::Evidence;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::Callback;

use super::client::{error_from_text, from_json, ApiError, API_BASE};
use super::files::save_file;
use crate::query::encode;
use crate::session;

fn bearer() -> Option<String> {
    session::current().map(|s| format!("Bearer {}", s.access_token))
}

/// Downloads an evidence file with the session's token and hands it to the browser as a
/// file (a plain link could not carry the `Authorization` header).
pub async fn download_evidence(id: i32, file_name: &str) -> Result<(), ApiError> {
    save_file(&format!("/evidence/{id}"), file_name).await
}

/// Uploads an evidence file as the raw body, reporting progress (0–100) as it goes.
/// `XMLHttpRequest`, because `fetch` cannot tell how much of an upload has been sent.
pub fn upload_evidence(
    milestone_id: i32,
    file: web_sys::File,
    on_progress: Callback<u32>,
    on_done: Callback<Result<Evidence, ApiError>>,
) {
    upload_file(
        &format!("/milestones/{milestone_id}/evidence"),
        file,
        on_progress,
        on_done,
    )
}

/// Uploads `file` to `path?name=…` as the raw body (evidence, a notice's attachment, an
/// inspection's photo), reporting progress (0–100) and the created row.
pub fn upload_file<T: serde::de::DeserializeOwned + 'static>(
    path: &str,
    file: web_sys::File,
    on_progress: Callback<u32>,
    on_done: Callback<Result<T, ApiError>>,
) {
    let fail = |on_done: &Callback<Result<T, ApiError>>| on_done.emit(Err(error_from_text(0, "")));
    let on_done_after_send = on_done.clone();
    let Ok(xhr) = web_sys::XmlHttpRequest::new() else {
        return fail(&on_done);
    };
    let url = format!("{API_BASE}{path}?name={}", encode(&file.name()));
    if xhr.open_with_async("POST", &url, true).is_err() {
        return fail(&on_done);
    }
    let _ = xhr.set_request_header("Accept", "application/json");
    let _ = xhr.set_request_header("Content-Type", "application/octet-stream");
    if let Some(auth) = bearer() {
        let _ = xhr.set_request_header("Authorization", &auth);
    }
    if let Ok(upload) = xhr.upload() {
        let progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                on_progress.emit(((e.loaded() / e.total()) * 100.0).round().clamp(0.0, 100.0) as u32);
            }
        });
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
        progress.forget();
    }
    let done = Rc::new(Cell::new(false));
    let finished = {
        let xhr = xhr.clone();
        Closure::<dyn FnMut()>::new(move || {
            if done.replace(true) {
                return;
            }
            let status = xhr.status().unwrap_or(0);
            let text = xhr.response_text().ok().flatten().unwrap_or_default();
            let result = if (200..300).contains(&status) {
                from_json::<T>(&text).ok_or_else(|| error_from_text(500, ""))
            } else {
                if status == 401 {
                    if let Some(s) = session::current() {
                        session::end_if_current(&s.access_token, session::EndReason::Invalidated);
                    }
                }
                Err(error_from_text(status, &text))
            };
            on_done.emit(result);
        })
    };
    xhr.set_onloadend(Some(finished.as_ref().unchecked_ref()));
    finished.forget();
    if xhr.send_with_opt_blob(Some(&file)).is_err() {
        fail(&on_done_after_send);
    }
}
