//! The unit workspace's calls to the API (reports, milestones, evidence, notices,
//! extensions), built on [`crate::api`], and the few helpers its pages share.

use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;

use chrono::NaiveDate;
use duban_shared::api::{ItemDetail, ItemList, PlanList, PlanStatus};
use duban_shared::auth::Role;
use duban_shared::lights::Period;
use duban_shared::permissions::{may, Action, Actor};
use duban_shared::reporting::{NewReport, Report, ReportContent, ReportList};
use duban_shared::summary::SeriesResponse;
use duban_shared::supervision::{
    CompleteMilestone, Evidence, ExtensionList, ExtensionRequest, NewExtensionRequest, NoticeAnswer, NoticeList,
};
use gloo_net::http::Method;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::api::{self, get_json, send_versioned, ApiError, API_BASE};
use crate::session::{self, Session};

/// No JSON body.
const NO_BODY: Option<&()> = None;

// ---------- who may do what ----------

/// The rule table's view of the logged-in user.
pub fn actor(session: &Session) -> Actor {
    match (session.user.role, &session.user.unit) {
        (Role::Admin, _) => Actor::Admin,
        (Role::Unit, Some(unit)) => Actor::Unit { unit_id: unit.id },
        // A unit account without a unit can do no more than a leader.
        _ => Actor::Leader,
    }
}

/// Whether the logged-in user may report on, complete, answer for this item. Only hides
/// controls: the server checks every request itself.
pub fn may_work_on(session: Option<&Session>, item: &ItemDetail) -> bool {
    let Some(session) = session else {
        return false;
    };
    // `ItemDetail` carries the plan's year, not its id; the rule for this action reads
    // only the lead unit and whether the plan is out (a unit sees published plans only).
    may(
        actor(session),
        Action::WorkOnItem {
            plan_id: 0,
            lead_unit_id: item.lead_unit.id,
            published: true,
        },
    )
}

/// The logged-in user's unit code, for unit accounts.
pub fn own_unit_code(session: Option<&Session>) -> Option<String> {
    let session = session?;
    (session.user.role == Role::Unit)
        .then(|| session.user.unit.as_ref().map(|u| u.code.clone()))
        .flatten()
}

// ---------- reads ----------

/// The plan year a unit works on: the newest published plan, else the newest.
pub async fn current_year() -> Result<Option<i32>, ApiError> {
    let list: PlanList = api::plans().await?;
    let published = list
        .plans
        .iter()
        .filter(|p| p.status == PlanStatus::Published)
        .map(|p| p.year)
        .max();
    Ok(published.or_else(|| list.plans.iter().map(|p| p.year).max()))
}

#[wasm_bindgen]
extern "C" {
    /// For a query parameter: unit codes and file names may hold anything.
    #[wasm_bindgen(js_name = encodeURIComponent)]
    fn encode(s: &str) -> String;
}

/// A unit's items in a plan, with their lights.
pub async fn unit_items(year: i32, unit: &str) -> Result<ItemList, ApiError> {
    get_json(&format!("/plans/{year}/items?unit={}&per_page=500", encode(unit))).await
}

/// Every report of a unit in a plan.
pub async fn unit_reports(year: i32, unit: &str) -> Result<ReportList, ApiError> {
    get_json(&format!("/reports?year={year}&unit={}&per_page=500", encode(unit))).await
}

/// The notices sent to a unit (newest plan).
pub async fn unit_notices(unit: &str) -> Result<NoticeList, ApiError> {
    get_json(&format!("/notices?unit={}&per_page=500", encode(unit))).await
}

pub async fn item_reports(item_id: i32) -> Result<ReportList, ApiError> {
    get_json(&format!("/items/{item_id}/reports")).await
}

pub async fn item_notices(item_id: i32) -> Result<NoticeList, ApiError> {
    get_json(&format!("/notices?item={item_id}&per_page=500")).await
}

pub async fn item_extensions(item_id: i32) -> Result<ExtensionList, ApiError> {
    get_json(&format!("/extensions?item={item_id}")).await
}

pub async fn item_series(item_id: i32) -> Result<SeriesResponse, ApiError> {
    get_json(&format!("/items/{item_id}/series")).await
}

/// A month's report, or `None` when it has not been started.
pub async fn report(item_id: i32, period: Period) -> Result<Option<Report>, ApiError> {
    match get_json(&format!("/items/{item_id}/reports/{period}")).await {
        Ok(report) => Ok(Some(report)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e),
    }
}

// ---------- writes ----------

/// Starts a month's report: a draft pre-filled from the latest earlier report.
pub async fn start_report(item_id: i32, period: Period) -> Result<Report, ApiError> {
    let body = NewReport {
        period: period.to_string(),
        progress: None,
        problems: None,
        next_steps: None,
        values: None,
    };
    send_versioned(Method::POST, &format!("/items/{item_id}/reports"), Some(&body), None).await
}

pub async fn save_report(
    item_id: i32,
    period: Period,
    content: &ReportContent,
    version: i32,
) -> Result<Report, ApiError> {
    send_versioned(
        Method::PUT,
        &format!("/items/{item_id}/reports/{period}"),
        Some(content),
        Some(version),
    )
    .await
}

pub async fn submit_report(item_id: i32, period: Period, version: i32) -> Result<Report, ApiError> {
    send_versioned(
        Method::POST,
        &format!("/items/{item_id}/reports/{period}/submit"),
        NO_BODY,
        Some(version),
    )
    .await
}

pub async fn complete_milestone(
    id: i32,
    body: &CompleteMilestone,
    version: i32,
) -> Result<serde_json::Value, ApiError> {
    send_versioned(
        Method::POST,
        &format!("/milestones/{id}/complete"),
        Some(body),
        Some(version),
    )
    .await
}

pub async fn request_extension(id: i32, body: &NewExtensionRequest) -> Result<ExtensionRequest, ApiError> {
    send_versioned(Method::POST, &format!("/milestones/{id}/extensions"), Some(body), None).await
}

pub async fn answer_notice(id: i32, answer: String, version: i32) -> Result<serde_json::Value, ApiError> {
    send_versioned(
        Method::POST,
        &format!("/notices/{id}/answer"),
        Some(&NoticeAnswer { answer }),
        Some(version),
    )
    .await
}

// ---------- files ----------

fn bearer() -> Option<String> {
    session::current().map(|s| format!("Bearer {}", s.access_token))
}

/// Downloads an evidence file with the session's token and hands it to the browser as a
/// file (a plain link could not carry the `Authorization` header).
pub async fn download_evidence(id: i32, file_name: &str) -> Result<(), ApiError> {
    crate::office_api::save_file(&format!("/evidence/{id}"), file_name).await
}

/// Uploads an evidence file as the raw body, reporting progress (0–100) as it goes.
/// `XMLHttpRequest`, because `fetch` cannot tell how much of an upload has been sent.
pub fn upload_evidence(
    milestone_id: i32,
    file: web_sys::File,
    on_progress: Callback<u32>,
    on_done: Callback<Result<Evidence, ApiError>>,
) {
    let fail = |on_done: &Callback<Result<Evidence, ApiError>>| on_done.emit(Err(api::error_from_text(0, "")));
    let on_done_after_send = on_done.clone();
    let Ok(xhr) = web_sys::XmlHttpRequest::new() else {
        return fail(&on_done);
    };
    let url = format!(
        "{API_BASE}/milestones/{milestone_id}/evidence?name={}",
        encode(&file.name())
    );
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
                serde_json::from_str::<Evidence>(&text).map_err(|_| api::error_from_text(500, ""))
            } else {
                if status == 401 {
                    if let Some(s) = session::current() {
                        session::end_if_current(&s.access_token, session::EndReason::Invalidated);
                    }
                }
                Err(api::error_from_text(status, &text))
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

// ---------- data that can be refreshed in place ----------

/// What [`use_fetch`] gives: the latest answer (kept while a refresh runs, so the page does
/// not jump) and a callback that asks again.
pub struct Fetched<T> {
    pub data: Option<Result<Rc<T>, ApiError>>,
    pub reload: Callback<()>,
}

/// Like [`crate::hooks::use_load`], but a reload keeps showing the old data until the new
/// one is there.
#[hook]
pub fn use_fetch<T, D, F, Fut>(deps: D, fetch: F) -> Fetched<T>
where
    T: 'static,
    D: PartialEq + Clone + 'static,
    F: FnOnce(D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let state = use_state(|| None::<Result<Rc<T>, ApiError>>);
    let attempt = use_state(|| 0u32);
    {
        let state = state.clone();
        use_effect_with((deps, *attempt), move |(deps, _)| {
            let current = Rc::new(Cell::new(true));
            let still_current = current.clone();
            let request = fetch(deps.clone());
            spawn_local(async move {
                let result = request.await;
                if still_current.get() {
                    state.set(Some(result.map(Rc::new)));
                }
            });
            move || current.set(false)
        });
    }
    let reload = {
        let attempt = attempt.clone();
        Callback::from(move |()| attempt.set(*attempt + 1))
    };
    Fetched {
        data: match &*state {
            None => None,
            Some(Ok(v)) => Some(Ok(v.clone())),
            Some(Err(e)) => Some(Err(e.clone())),
        },
        reload,
    }
}

/// "2024-06" → "2024年6月".
pub fn period_zh(p: Period) -> String {
    format!("{}年{}月", p.year, p.month)
}

/// "6月".
pub fn month_zh(p: Period) -> String {
    format!("{}月", p.month)
}

/// A time as China reads it: "7月15日 10:05".
pub fn time_zh(t: chrono::DateTime<chrono::Utc>) -> String {
    let local = t.naive_utc() + chrono::Duration::hours(8);
    format!("{}年{}", local.format("%Y"), local.format("%-m月%-d日 %H:%M"))
}

// ---------- a unit's whole workload ----------

/// What `/todo` and `/my-items` show: a unit's items, reports and notices in the current plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Workspace {
    pub year: Option<i32>,
    pub items: Vec<ItemDetail>,
    pub reports: Vec<Report>,
    pub notices: Vec<duban_shared::supervision::Notice>,
}

impl Workspace {
    /// The supervision day (China time) the server judged the lights on.
    pub fn as_of(&self) -> Option<NaiveDate> {
        self.items.first().map(|i| i.as_of)
    }

    pub fn report(&self, item_id: i32, period: Period) -> Option<&Report> {
        self.reports.iter().find(|r| r.item_id == item_id && r.period == period)
    }
}

pub async fn load_workspace(unit: String) -> Result<Workspace, ApiError> {
    let Some(year) = current_year().await? else {
        return Ok(Workspace {
            year: None,
            items: Vec::new(),
            reports: Vec::new(),
            notices: Vec::new(),
        });
    };
    let items = unit_items(year, &unit).await?.items;
    let reports = unit_reports(year, &unit).await?.reports;
    let notices = unit_notices(&unit)
        .await?
        .notices
        .into_iter()
        .filter(|n| n.plan_year == year)
        .collect();
    Ok(Workspace {
        year: Some(year),
        items,
        reports,
        notices,
    })
}

/// The month whose report is due now (last month) and the month being worked on, within
/// the plan year; the former is `None` in January.
pub fn report_months(year: i32, as_of: NaiveDate) -> (Option<Period>, Option<Period>) {
    let current = Period::of(as_of);
    let due = current.prev();
    (
        (due.year == year).then_some(due),
        (current.year == year).then_some(current),
    )
}
