//! The leaders' and the supervision office's calls to the API (summary, review queue,
//! notices, extensions, briefings, exports, accounts, tokens, audit), built on [`crate::api`],
//! and the few helpers their pages share.

use chrono::NaiveDate;
use duban_shared::api::{ItemDetail, ItemList, Milestone, PlanDetail, UnitList};
use duban_shared::auth::{
    ApiTokenList, AuditPage, CreatedApiToken, NewApiToken, NewUser, ResetPassword, User, UserList,
};
use duban_shared::briefing::{Briefing, BriefingList, NewBriefing};
use duban_shared::lights::{Colour, Period};
use duban_shared::permissions::{may, Action};
use duban_shared::plan_edit::{Category, CategoryInput, ItemInput, PlanInput, UnitEntry, UnitInput};
use duban_shared::reporting::{Report, ReportList};
use duban_shared::summary::Summary;
use duban_shared::supervision::{
    ExtensionDecision, ExtensionList, ExtensionRequest, NewNotice, Notice, NoticeList, Reason,
};
use gloo_net::http::Method;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::api::{self, get_json, send_versioned, ApiError};
use crate::session::Session;
use crate::work_api;

const NO_BODY: Option<&()> = None;

#[wasm_bindgen]
extern "C" {
    /// For a query parameter: unit codes, names and filters may hold anything.
    #[wasm_bindgen(js_name = encodeURIComponent)]
    fn encode_component(s: &str) -> String;
}

/// `?a=1&b=x` from the pairs that have a value ("" when none has).
pub fn query_string(pairs: &[(&str, Option<String>)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| {
            v.as_ref()
                .filter(|v| !v.is_empty())
                .map(|v| format!("{k}={}", encode_component(v)))
        })
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

// ---------- who may do what ----------

/// Whether the logged-in user is the office (may review, issue notices, administer). Only
/// hides controls: the server checks every request itself.
pub fn is_office(session: Option<&Session>) -> bool {
    session.is_some_and(|s| may(work_api::actor(s), Action::Administer))
}

// ---------- the plan and its figures ----------

/// The year asked for, else the current one: the newest published plan's (an office's new
/// draft does not take over), else the newest draft's.
pub async fn year_or_current(year: Option<i32>) -> Result<i32, ApiError> {
    if let Some(year) = year {
        return Ok(year);
    }
    work_api::current_year()
        .await?
        .ok_or_else(|| ApiError::not_found("系统中还没有录入任何年度的民生实事计划。"))
}

/// `GET /plans/{year}/summary?as_of=`.
pub async fn summary(year: i32, as_of: Option<NaiveDate>) -> Result<Summary, ApiError> {
    let q = query_string(&[("as_of", as_of.map(|d| d.to_string()))]);
    get_json(&format!("/plans/{year}/summary{q}")).await
}

/// The filters of the item list page, as in its URL.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ItemFilter {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub light: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<NaiveDate>,
}

impl ItemFilter {
    pub fn colour(&self) -> Option<Colour> {
        self.light.as_deref().and_then(Colour::parse)
    }
}

/// `GET /plans/{year}/items?light=&unit=&category=&as_of=`.
pub async fn items(year: i32, f: &ItemFilter) -> Result<ItemList, ApiError> {
    let q = query_string(&[
        ("light", f.light.clone()),
        ("unit", f.unit.clone()),
        ("category", f.category.map(|c| c.to_string())),
        ("as_of", f.as_of.map(|d| d.to_string())),
        ("per_page", Some("500".to_string())),
    ]);
    get_json(&format!("/plans/{year}/items{q}")).await
}

/// `GET /units`: every unit, with the items and accounts that name it.
pub async fn units() -> Result<UnitList, ApiError> {
    get_json("/units").await
}

// ---------- review ----------

/// `GET /reports?state=submitted&year=`: the review queue.
pub async fn review_queue(year: i32) -> Result<ReportList, ApiError> {
    get_json(&format!("/reports?state=submitted&year={year}&per_page=500")).await
}

/// `POST /items/{item}/reports/{period}/accept`.
pub async fn accept_report(item_id: i32, period: Period, version: i32) -> Result<Report, ApiError> {
    let path = format!("/items/{item_id}/reports/{period}/accept");
    send_versioned(Method::POST, &path, NO_BODY, Some(version)).await
}

/// `POST /items/{item}/reports/{period}/return` with the reason.
pub async fn return_report(item_id: i32, period: Period, version: i32, reason: String) -> Result<Report, ApiError> {
    let path = format!("/items/{item_id}/reports/{period}/return");
    send_versioned(Method::POST, &path, Some(&Reason { reason }), Some(version)).await
}

// ---------- notices ----------

/// `GET /notices?state=`.
pub async fn notices(state: Option<String>) -> Result<NoticeList, ApiError> {
    let q = query_string(&[("state", state), ("per_page", Some("500".to_string()))]);
    get_json(&format!("/notices{q}")).await
}

/// `POST /items/{id}/notices`.
pub async fn issue_notice(item_id: i32, body: NewNotice) -> Result<Notice, ApiError> {
    send_versioned(Method::POST, &format!("/items/{item_id}/notices"), Some(&body), None).await
}

/// `POST /notices/{id}/close`.
pub async fn close_notice(id: i32, version: i32) -> Result<Notice, ApiError> {
    send_versioned(Method::POST, &format!("/notices/{id}/close"), NO_BODY, Some(version)).await
}

// ---------- extensions and milestones ----------

/// `GET /extensions?state=`.
pub async fn extensions(state: Option<String>) -> Result<ExtensionList, ApiError> {
    let q = query_string(&[("state", state)]);
    get_json(&format!("/extensions{q}")).await
}

/// `POST /extensions/{id}/decide`.
pub async fn decide_extension(id: i32, version: i32, body: ExtensionDecision) -> Result<ExtensionRequest, ApiError> {
    send_versioned(
        Method::POST,
        &format!("/extensions/{id}/decide"),
        Some(&body),
        Some(version),
    )
    .await
}

/// `POST /milestones/{id}/reopen`.
pub async fn reopen_milestone(id: i32, version: i32, reason: String) -> Result<Milestone, ApiError> {
    send_versioned(
        Method::POST,
        &format!("/milestones/{id}/reopen"),
        Some(&Reason { reason }),
        Some(version),
    )
    .await
}

// ---------- briefings and exports ----------

/// `GET /plans/{year}/briefing-preview?cut_off=`.
pub async fn briefing_preview(year: i32, cut_off: Option<NaiveDate>) -> Result<Briefing, ApiError> {
    let q = query_string(&[("cut_off", cut_off.map(|d| d.to_string()))]);
    get_json(&format!("/plans/{year}/briefing-preview{q}")).await
}

/// `POST /plans/{year}/briefings`.
pub async fn publish_briefing(year: i32, cut_off: NaiveDate) -> Result<Briefing, ApiError> {
    send_versioned(
        Method::POST,
        &format!("/plans/{year}/briefings"),
        Some(&NewBriefing { cut_off }),
        None,
    )
    .await
}

/// `GET /plans/{year}/briefings`.
pub async fn briefings(year: i32) -> Result<BriefingList, ApiError> {
    get_json(&format!("/plans/{year}/briefings")).await
}

/// `GET /briefings/{id}`.
pub async fn briefing(id: i32) -> Result<Briefing, ApiError> {
    get_json(&format!("/briefings/{id}")).await
}

fn failed() -> ApiError {
    api::error_from_text(500, "")
}

/// Fetches `path` with the session's token (a plain link could not carry it) and saves the
/// answer as `file_name` through an object URL.
pub async fn save_file(path: &str, file_name: &str) -> Result<(), ApiError> {
    let response = api::get_file(path).await?;
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

// ---------- the plan editor and the unit directory ----------

/// `POST /plans`: a new year, as a draft.
pub async fn create_plan(body: &PlanInput) -> Result<PlanDetail, ApiError> {
    send_versioned(Method::POST, "/plans", Some(body), None).await
}

/// `POST /plans/import` with a plan data file as it was read (the server checks it).
pub async fn import_plan(file: &serde_json::Value) -> Result<PlanDetail, ApiError> {
    send_versioned(Method::POST, "/plans/import", Some(file), None).await
}

/// `PUT /plans/{year}`: the header and thresholds.
pub async fn update_plan(body: &PlanInput, version: i32) -> Result<PlanDetail, ApiError> {
    send_versioned(Method::PUT, &format!("/plans/{}", body.year), Some(body), Some(version)).await
}

/// `POST /plans/{year}/publish`.
pub async fn publish_plan(year: i32, version: i32) -> Result<PlanDetail, ApiError> {
    send_versioned(Method::POST, &format!("/plans/{year}/publish"), NO_BODY, Some(version)).await
}

/// `DELETE /plans/{year}` (drafts only).
pub async fn delete_plan(year: i32, version: i32) -> Result<(), ApiError> {
    api::write_empty(Method::DELETE, &format!("/plans/{year}"), NO_BODY, Some(version)).await
}

/// `POST {new}` a new row, or with an existing row's (id, version) `PUT {row}/{id}` with `If-Match`.
async fn create_or_update<T: DeserializeOwned>(
    new: &str,
    row: &str,
    existing: Option<(i32, i32)>,
    body: &impl Serialize,
) -> Result<T, ApiError> {
    match existing {
        Some((id, version)) => send_versioned(Method::PUT, &format!("{row}/{id}"), Some(body), Some(version)).await,
        None => send_versioned(Method::POST, new, Some(body), None).await,
    }
}

/// `POST /plans/{year}/categories` or, with the category's id and version, `PUT /categories/{id}`.
pub async fn save_category(
    year: i32,
    existing: Option<(i32, i32)>,
    body: &CategoryInput,
) -> Result<Category, ApiError> {
    create_or_update(&format!("/plans/{year}/categories"), "/categories", existing, body).await
}

/// `DELETE /categories/{id}` (empty ones only).
pub async fn delete_category(id: i32, version: i32) -> Result<(), ApiError> {
    api::write_empty(Method::DELETE, &format!("/categories/{id}"), NO_BODY, Some(version)).await
}

/// `POST /plans/{year}/items` or, with the item's id and version, `PUT /items/{id}`: the
/// item whole, with its milestones and indicators.
pub async fn save_item(year: i32, existing: Option<(i32, i32)>, body: &ItemInput) -> Result<ItemDetail, ApiError> {
    create_or_update(&format!("/plans/{year}/items"), "/items", existing, body).await
}

/// `DELETE /items/{id}` (refused once work hangs on it).
pub async fn delete_item(id: i32, version: i32) -> Result<(), ApiError> {
    api::write_empty(Method::DELETE, &format!("/items/{id}"), NO_BODY, Some(version)).await
}

/// `POST /units` or, with the unit's id and version, `PUT /units/{id}`.
pub async fn save_unit(existing: Option<(i32, i32)>, body: &UnitInput) -> Result<UnitEntry, ApiError> {
    create_or_update("/units", "/units", existing, body).await
}

/// `DELETE /units/{id}` (refused while items or accounts name it).
pub async fn delete_unit(id: i32, version: i32) -> Result<(), ApiError> {
    api::write_empty(Method::DELETE, &format!("/units/{id}"), NO_BODY, Some(version)).await
}

// ---------- accounts, tokens, audit ----------

/// `GET /users`.
pub async fn users() -> Result<UserList, ApiError> {
    get_json("/users").await
}

/// `POST /users`.
pub async fn create_user(body: NewUser) -> Result<User, ApiError> {
    send_versioned(Method::POST, "/users", Some(&body), None).await
}

/// `POST /users/{id}/disable`.
pub async fn disable_user(id: i32) -> Result<User, ApiError> {
    send_versioned(Method::POST, &format!("/users/{id}/disable"), NO_BODY, None).await
}

/// `POST /users/{id}/password`.
pub async fn reset_password(id: i32, new_password: String) -> Result<(), ApiError> {
    api::write_empty(
        Method::POST,
        &format!("/users/{id}/password"),
        Some(&ResetPassword { new_password }),
        None,
    )
    .await
}

/// `GET /api-tokens`.
pub async fn api_tokens() -> Result<ApiTokenList, ApiError> {
    get_json("/api-tokens").await
}

/// `POST /api-tokens`: the answer holds the secret, shown once.
pub async fn create_api_token(body: NewApiToken) -> Result<CreatedApiToken, ApiError> {
    send_versioned(Method::POST, "/api-tokens", Some(&body), None).await
}

/// `DELETE /api-tokens/{id}`.
pub async fn revoke_api_token(id: i32) -> Result<(), ApiError> {
    api::write_empty(Method::DELETE, &format!("/api-tokens/{id}"), NO_BODY, None).await
}

/// The audit log's filters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditFilter {
    pub entity: String,
    pub action: String,
    pub actor: String,
    pub before: Option<i64>,
}

/// `GET /audit?entity=&action=&actor=&before=&limit=`.
pub async fn audit(f: AuditFilter) -> Result<AuditPage, ApiError> {
    let q = query_string(&[
        ("entity", Some(f.entity.trim().to_string())),
        ("action", Some(f.action.trim().to_string())),
        ("actor", Some(f.actor.trim().to_string())),
        ("before", f.before.map(|b| b.to_string())),
        ("limit", Some("50".to_string())),
    ]);
    get_json(&format!("/audit{q}")).await
}

// ---------- words ----------

/// What a failed write says: a stale version gets its own sentence.
pub fn write_error(e: &ApiError) -> String {
    use duban_shared::error::ErrorCode;
    match e.code {
        Some(ErrorCode::PreconditionFailed) => "该记录已被他人修改，列表已刷新，请核对后重新操作。".to_string(),
        Some(ErrorCode::Conflict) => "该记录的状态已变化（可能已被他人处理），列表已刷新。".to_string(),
        _ => e
            .fields
            .first()
            .map(|f| f.message.clone())
            .unwrap_or_else(|| e.message.clone()),
    }
}

/// What a failed edit of the plan or the unit directory says: a stale version and a refusal
/// (`conflict`: what it was refused for, in the page's words) each get their sentence; a
/// refusal the server explains in Chinese (publishing) is shown as it says.
pub fn edit_error(e: &ApiError, conflict: &str) -> String {
    use duban_shared::error::ErrorCode;
    match e.code {
        Some(ErrorCode::PreconditionFailed) => {
            "保存未成功：该记录已被他人修改，已载入最新内容，请核对后重新操作。".to_string()
        }
        Some(ErrorCode::Conflict) => conflict.to_string(),
        Some(ErrorCode::Validation) if e.fields.is_empty() && has_chinese(&e.detail) => e.detail.clone(),
        Some(ErrorCode::Validation) if !e.fields.is_empty() => "有内容不符合要求，请按提示修改。".to_string(),
        _ => e.message.clone(),
    }
}

fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// A 422's field problems, by field (several for one field joined).
pub fn field_errors(e: &ApiError) -> std::collections::HashMap<String, String> {
    let mut out: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for f in &e.fields {
        out.entry(f.field.clone())
            .and_modify(|m| {
                m.push('；');
                m.push_str(&f.message);
            })
            .or_insert_with(|| f.message.clone());
    }
    out
}

/// "2024-07-15" as an `<input type=date>` value.
pub fn date_value(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Runs `f` after the current render (to focus a field that is about to appear).
pub fn after_render(f: impl FnOnce() + 'static) {
    let cb = Closure::once_into_js(f);
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), 0);
    }
}
