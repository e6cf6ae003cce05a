//! Monthly reports of an item: `GET|POST /api/v1/items/{id}/reports`,
//! `GET|PUT /api/v1/items/{id}/reports/{period}`, `POST …/{period}/submit`, `…/accept`,
//! `…/return`, and the office's queue `GET /api/v1/reports`.

use actix_web::{web, HttpResponse};
use duban_shared::api::page_of;
use duban_shared::auth::Role;
use duban_shared::ids::{ItemId, PlanYear};
use duban_shared::lights::Period;
use duban_shared::permissions::{Action, DraftsSeen};
use duban_shared::reporting::{self, NewReport, ReportContent, ReportList, ReportPrefill, ReportState};
use duban_shared::rules;
use duban_shared::supervision::Reason;
use serde::Deserialize;

use crate::db::audit::{self, Change};
use crate::db::items::{self, ItemContext};
use crate::db::messages::{self, Audience};
use crate::db::reports::{self, NewReportRow, ReportFilter, ReportRow};
use crate::db::units;
use crate::http::auth::Caller;
use crate::http::error::AppError;
use crate::http::input::Json;
use crate::http::policy::{authorize, permits, Authorized};
use crate::http::route::ApiRoute;
use crate::http::state::AppState;
use crate::http::versioning::{created_with_etag, with_etag, IfMatch};
use duban_shared::messages::{words, MessageKind};
use duban_shared::reporting::Report;

/// This file's routes (see [`crate::http::route`]).
pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::get(
            "/items/{id}/reports",
            list,
            "reports",
            "An item's monthly reports with their versions (drafts only to their unit and the office)",
        )
        .json::<ReportList>(200),
        ApiRoute::post(
            "/items/{id}/reports",
            create,
            "reports",
            "Start a month's report, pre-filled from the last",
        )
        .json::<Report>(201),
        ApiRoute::get(
            "/items/{id}/reports/{period}/prefill",
            prefill,
            "reports",
            "What a month's form starts with, carried from the latest earlier report; writes nothing",
        )
        .json::<ReportPrefill>(200),
        ApiRoute::get(
            "/items/{id}/reports/{period}",
            show,
            "reports",
            "A report (ETag = its version); a draft is shown to its unit and the office only (404 to others)",
        )
        .json::<Report>(200),
        ApiRoute::put(
            "/items/{id}/reports/{period}",
            update,
            "reports",
            "Replace a draft or returned report (If-Match)",
        )
        .json::<Report>(200),
        ApiRoute::post(
            "/items/{id}/reports/{period}/submit",
            submit,
            "reports",
            "Submit a report (If-Match)",
        )
        .json::<Report>(200),
        ApiRoute::post(
            "/items/{id}/reports/{period}/accept",
            accept,
            "reports",
            "Accept a submitted report (If-Match)",
        )
        .json::<Report>(200),
        ApiRoute::post(
            "/items/{id}/reports/{period}/return",
            return_to_unit,
            "reports",
            "Return a report with a reason (If-Match)",
        )
        .json::<Report>(200),
        ApiRoute::get(
            "/reports",
            queue,
            "reports",
            "Reports across items (the review queue; drafts only to their unit and the office); paginated",
        )
        .json::<ReportList>(200),
    ]
}

fn item(conn: &mut diesel::PgConnection, id: ItemId) -> Result<ItemContext, AppError> {
    items::context(conn, id)?.ok_or_else(|| AppError::not_found("item"))
}

fn period(raw: &str) -> Result<Period, AppError> {
    raw.parse()
        .map_err(|_| AppError::bad_request("the period must look like 2024-06"))
}

fn locked(conn: &mut diesel::PgConnection, item_id: ItemId, p: Period) -> Result<ReportRow, AppError> {
    reports::lock(conn, item_id, p)?.ok_or_else(|| AppError::not_found("report"))
}

/// The item and its report for `p`, locked, for the lead unit to change: 403 for anyone
/// else, 412 when the client's version is stale, 409 once the report is with the office.
fn editable_report(
    conn: &mut diesel::PgConnection,
    caller: &Caller,
    id: ItemId,
    p: Period,
    if_match: IfMatch,
) -> Result<(ItemContext, ReportRow, Authorized), AppError> {
    let ctx = item(conn, id)?;
    let allowed = authorize(caller, ctx.work())?;
    let row = locked(conn, id, p)?;
    if_match.check(row.version)?;
    rules::reports::editable(row.state())?;
    Ok((ctx, row, allowed))
}

/// The caller's signature on the item's work when it is known without a query: an account
/// of the lead unit, or one of no unit (the office). Else `None`, and it is read.
fn author_signature(caller: &Caller, ctx: &ItemContext) -> Option<String> {
    let user = &caller.user().ok()?.user;
    let role = user.role();
    let unit = match (role, user.unit_id) {
        (Role::Unit, Some(unit)) if unit == ctx.lead_unit_id.get() => Some(ctx.lead_unit_name.as_str()),
        (Role::Unit, _) => return None,
        _ => None,
    };
    Some(rules::accounts::signature(
        role,
        unit,
        &user.display_name,
        &user.username,
    ))
}

fn check_content(ctx: &ItemContext, content: &ReportContent, submitting: bool) -> Result<(), AppError> {
    AppError::check(reporting::content_problems(content, &ctx.indicators, submitting))
}

fn content_of(row: &ReportRow, values: Vec<duban_shared::reporting::IndicatorValue>) -> ReportContent {
    ReportContent {
        progress: row.progress.clone(),
        problems: row.problems.clone(),
        next_steps: row.next_steps.clone(),
        values,
    }
}

pub async fn list(state: web::Data<AppState>, caller: Caller, id: web::Path<ItemId>) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let reports = state
        .db(move |conn| {
            let ctx = item(conn, id)?;
            authorize(&caller, ctx.plan().read())?;
            let filter = ReportFilter {
                item_id: Some(id.get()),
                drafts: DraftsSeen::of(caller.actor),
                ..Default::default()
            };
            Ok(reports::list(conn, &filter)?)
        })
        .await?;
    let total = reports.len() as i64;
    Ok(HttpResponse::Ok().json(ReportList {
        reports,
        total,
        page: 1,
        per_page: total.max(1),
    }))
}

pub async fn show(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(ItemId, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, raw) = path.into_inner();
    let p = period(&raw)?;
    let report = state
        .db(move |conn| {
            let ctx = item(conn, id)?;
            authorize(&caller, ctx.plan().read())?;
            let row = reports::find(conn, id, p)?
                // Another unit's draft is not there for this caller.
                .filter(|r| {
                    r.state() != ReportState::Draft
                        || permits(
                            &caller,
                            Action::ReadDraftReport {
                                lead_unit_id: ctx.lead_unit_id,
                            },
                        )
                })
                .ok_or_else(|| AppError::not_found("report"))?;
            Ok(reports::dto(conn, row)?)
        })
        .await?;
    Ok(with_etag(report.version, &report))
}

/// What a month's report starts with: the latest earlier report's content, its month labels
/// dropped, and its month.
fn carried_content(
    before: Option<(ReportRow, Vec<duban_shared::reporting::IndicatorValue>)>,
) -> (Option<Period>, ReportContent) {
    match before {
        Some((row, values)) => {
            let from = Period::parse(&row.period).ok();
            let mut content = content_of(&row, values);
            for text in [&mut content.progress, &mut content.problems, &mut content.next_steps] {
                *text = rules::reports::carried_text(text);
            }
            (from, content)
        }
        None => (None, ReportContent::default()),
    }
}

/// What the form for a month starts with: nothing is written until the unit saves.
pub async fn prefill(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(ItemId, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, raw) = path.into_inner();
    let today = state.today();
    let prefill = state
        .db(move |conn| {
            let ctx = item(conn, id)?;
            authorize(&caller, ctx.work())?;
            let p = reporting::period_problem(&raw, ctx.plan_year, today)
                .map_err(|f| AppError::invalid("period", f.message))?;
            let (from, content) = carried_content(reports::month_and_before(conn, id, p)?.before);
            Ok(ReportPrefill {
                period: p,
                due_on: reporting::due_on(p, ctx.report_grace_days),
                from,
                content,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(prefill))
}

/// Starts a month's report as a draft, pre-filled from the latest earlier report.
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
    body: Json<NewReport>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let today = state.today();
    let report = state
        .tx(move |conn| {
            let ctx = item(conn, id)?;
            let new = body.read(authorize(&caller, ctx.work())?)?;
            let p = reporting::period_problem(&new.period, ctx.plan_year, today)
                .map_err(|f| AppError::invalid("period", f.message))?;
            let month = reports::month_and_before(conn, id, p)?;
            rules::reports::start(month.own.map(|r| r.state()), p)?;
            let (_, carried) = carried_content(month.before);
            let content = ReportContent {
                progress: new.progress.unwrap_or(carried.progress),
                problems: new.problems.unwrap_or(carried.problems),
                next_steps: new.next_steps.unwrap_or(carried.next_steps),
                values: new.values.unwrap_or(carried.values),
            };
            check_content(&ctx, &content, false)?;
            let row = reports::create(
                conn,
                &NewReportRow {
                    item_id: id.get(),
                    period: p,
                    due_on: reporting::due_on(p, ctx.report_grace_days),
                    content: &content,
                    user_id: caller.user_id()?,
                },
            )?;
            let dto = reports::created_dto(conn, row, content.values, author_signature(&caller, &ctx))?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("create", "report", dto.id, None, Some(&dto)),
            )?;
            Ok(dto)
        })
        .await?;
    Ok(created_with_etag(report.version, &report))
}

/// Replaces the content of a draft or returned report.
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(ItemId, String)>,
    if_match: IfMatch,
    body: Json<ReportContent>,
) -> Result<HttpResponse, AppError> {
    let (id, raw) = path.into_inner();
    let p = period(&raw)?;
    let report = state
        .tx(move |conn| {
            let (ctx, row, allowed) = editable_report(conn, &caller, id, p, if_match)?;
            let content = body.read(allowed)?;
            check_content(&ctx, &content, false)?;
            let before = reports::dto(conn, row.clone())?;
            let updated = reports::update_content(conn, &row, &content, caller.user_id()?)?;
            let after = reports::dto(conn, updated)?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("update", "report", after.id, Some(&before), Some(&after)),
            )?;
            Ok(after)
        })
        .await?;
    Ok(with_etag(report.version, &report))
}

pub async fn submit(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(ItemId, String)>,
    if_match: IfMatch,
) -> Result<HttpResponse, AppError> {
    let (id, raw) = path.into_inner();
    let p = period(&raw)?;
    let now = state.now();
    let report = state
        .tx(move |conn| {
            let (ctx, row, _) = editable_report(conn, &caller, id, p, if_match)?;
            let before = reports::dto(conn, row.clone())?;
            check_content(&ctx, &content_of(&row, before.values.clone()), true)?;
            let submitted = reports::submit(conn, &row, caller.user_id()?, now)?;
            let after = reports::dto(conn, submitted)?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("submit", "report", after.id, Some(&before), Some(&after)),
            )?;
            Ok(after)
        })
        .await?;
    Ok(with_etag(report.version, &report))
}

async fn decide(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(ItemId, String)>,
    if_match: IfMatch,
    decision: ReportState,
    reason: Option<Json<Reason>>,
) -> Result<HttpResponse, AppError> {
    let (id, raw) = path.into_inner();
    let p = period(&raw)?;
    // The supervision clock (DUBAN_NOW in demos and tests), as for submitting.
    let now = state.now();
    let report = state
        .tx(move |conn| {
            let ctx = item(conn, id)?;
            let allowed = authorize(&caller, Action::SuperviseItem { plan_id: ctx.plan_id })?;
            let reason = reason.map(|body| body.read(allowed)).transpose()?.map(|r| r.reason);
            let row = locked(conn, id, p)?;
            if_match.check(row.version)?;
            rules::reports::review(row.state(), reason.as_deref())?;
            let before = reports::dto(conn, row.clone())?;
            let decided = reports::decide(conn, &row, decision, reason.as_deref(), caller.user_id()?, now)?;
            let after = reports::dto(conn, decided)?;
            let action = if decision == ReportState::Accepted {
                "accept"
            } else {
                "return"
            };
            audit::record(
                conn,
                &caller.audit,
                Change::of(action, "report", after.id, Some(&before), Some(&after)),
            )?;
            if decision == ReportState::Returned {
                let words = words::report_returned(ctx.number, p, reason.as_deref().unwrap_or_default());
                let link = format!("/items/{}/reports/{p}", id.get());
                messages::tell(
                    conn,
                    Audience::Unit(ctx.lead_unit_id.get()),
                    MessageKind::ReportReturned,
                    &words,
                    &link,
                )?;
            }
            Ok(after)
        })
        .await?;
    Ok(with_etag(report.version, &report))
}

pub async fn accept(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(ItemId, String)>,
    if_match: IfMatch,
) -> Result<HttpResponse, AppError> {
    decide(state, caller, path, if_match, ReportState::Accepted, None).await
}

/// Returns the report to the unit with the office's reason.
pub async fn return_to_unit(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(ItemId, String)>,
    if_match: IfMatch,
    body: Json<Reason>,
) -> Result<HttpResponse, AppError> {
    decide(state, caller, path, if_match, ReportState::Returned, Some(body)).await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct QueueQuery {
    pub state: Option<String>,
    pub period: Option<String>,
    /// A unit's code or id.
    pub unit: Option<String>,
    pub year: Option<i32>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// Reports across items (the office's review queue: `?state=submitted`).
pub async fn queue(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<QueueQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let report_state = match &q.state {
        Some(s) => Some(ReportState::parse(s).ok_or_else(|| AppError::bad_request(format!("unknown state {s}")))?),
        None => None,
    };
    let p = q.period.as_deref().map(period).transpose()?;
    let (page, per_page) = (q.page, q.per_page);
    let reports = state
        .db(move |conn| {
            let plan = match q.year {
                Some(y) => {
                    crate::db::plans::find_by_year(conn, PlanYear(y))?.ok_or_else(|| AppError::not_found("plan"))?
                }
                None => crate::db::plans::latest(conn)?.ok_or_else(|| AppError::not_found("plan"))?,
            };
            authorize(&caller, plan.plan_ref().read())?;
            let lead_unit_id = match &q.unit {
                Some(u) => Some(
                    units::find_unit(conn, u)?
                        .ok_or_else(|| AppError::bad_request(format!("unknown unit {u}")))?
                        .id,
                ),
                None => None,
            };
            let filter = ReportFilter {
                plan_id: Some(plan.id),
                state: report_state,
                period: p,
                lead_unit_id,
                drafts: DraftsSeen::of(caller.actor),
                ..Default::default()
            };
            Ok(reports::list(conn, &filter)?)
        })
        .await?;
    let (reports, total, page, per_page) = page_of(reports, page, per_page).map_err(AppError::bad_request)?;
    Ok(HttpResponse::Ok().json(ReportList {
        reports,
        total,
        page,
        per_page,
    }))
}
