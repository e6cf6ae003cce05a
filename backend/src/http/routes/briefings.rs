//! Briefings (情况通报): `GET /api/v1/plans/{year}/briefing-preview?cut_off=`; for the office
//! `POST /api/v1/plans/{year}/briefings` (a draft as of a cut-off), `PUT /api/v1/briefings/{id}`
//! (its words, If-Match), `POST …/{id}/publish` (the next number, figures frozen, sent to every
//! unit and leader) and `DELETE …/{id}` (a draft); `GET /api/v1/plans/{year}/briefings`,
//! `GET /api/v1/briefings/{id}` (JSON), `…/{id}/print` (a print-ready page) and `…/{id}/docx`
//! (Word, 公文 layout) — each read of a published issue is noted — and for the office
//! `…/{id}/readers` (who has read it). A draft is the office's alone: others hear 404.

use actix_web::{web, HttpResponse};
use base64::Engine;
use duban_shared::briefing::{
    self, Briefing, BriefingList, BriefingReaders, BriefingStatus, BriefingText, NewBriefing,
};
use duban_shared::ids::{BriefingId, PlanId, PlanYear};
use duban_shared::permissions::Action;
use duban_shared::rules;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::exports::attachment;
use crate::db::audit::{self, Change};
use crate::db::briefings::BriefingRow;
use crate::db::messages::{self, Audience};
use crate::db::plans::PlanRef;
use crate::db::users;
use crate::db::{briefings, plans, summary};
use crate::http::auth::{Caller, Who};
use crate::http::error::AppError;
use crate::http::input::Json;
use crate::http::policy::{authorize, permits, Authorized};
use crate::http::route::{ApiRoute, DOCX};
use crate::http::routes::plans::readable_plan;
use crate::http::state::AppState;
use crate::http::versioning::{created_with_etag, with_etag, IfMatch};
use crate::render;
use duban_shared::messages::{words, MessageKind};

/// This file's routes (see [`crate::http::route`]).
pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::get(
            "/plans/{year}/briefing-preview",
            preview,
            "briefings",
            "Preview a briefing for a cut-off day",
        )
        .json::<Briefing>(200),
        ApiRoute::get(
            "/plans/{year}/briefings",
            list,
            "briefings",
            "Published briefings (and, for the office, its drafts)",
        )
        .json::<BriefingList>(200),
        ApiRoute::post(
            "/plans/{year}/briefings",
            create,
            "briefings",
            "Draft a briefing as of a cut-off day (office)",
        )
        .json::<Briefing>(201),
        ApiRoute::get("/briefings/{id}", show, "briefings", "A briefing").json::<Briefing>(200),
        ApiRoute::put(
            "/briefings/{id}",
            update,
            "briefings",
            "Write a draft's title, issuer and sections (office, If-Match)",
        )
        .json::<Briefing>(200),
        ApiRoute::delete(
            "/briefings/{id}",
            discard,
            "briefings",
            "Throw a draft away (office, If-Match)",
        )
        .empty(204),
        ApiRoute::post(
            "/briefings/{id}/publish",
            publish,
            "briefings",
            "Publish a draft as the next number and send it (office, If-Match)",
        )
        .json::<Briefing>(200),
        ApiRoute::get(
            "/briefings/{id}/print",
            print,
            "briefings",
            "A briefing as a print-ready page",
        )
        .file("text/html"),
        ApiRoute::get(
            "/briefings/{id}/docx",
            docx,
            "briefings",
            "A briefing as a Word document in 公文 layout",
        )
        .file(DOCX),
        ApiRoute::get(
            "/briefings/{id}/readers",
            readers,
            "briefings",
            "Who has read a published briefing (office only)",
        )
        .json::<BriefingReaders>(200),
    ]
}

/// The office of the plan, the one that drafts, edits and publishes.
fn supervise(plan_id: PlanId) -> Action {
    Action::SuperviseItem { plan_id }
}

/// Briefings as they read now: a published issue as it went out; a draft's figures as of its
/// cut-off with the office's words over them. The publishers are named in one query.
fn shown_all(conn: &mut diesel::PgConnection, rows: &[BriefingRow]) -> Result<Vec<Briefing>, AppError> {
    let publishers: Vec<i32> = rows.iter().filter_map(|r| r.published_by).collect();
    let names = users::signatures(conn, &publishers)?;
    let mut plan: Option<plans::PlanRow> = None;
    let mut shown = Vec::with_capacity(rows.len());
    for row in rows {
        let mut b = match (row.status(), &row.content) {
            // An issue says what it said when published; if that cannot be read, it is not made up again.
            (BriefingStatus::Published, content) => content
                .clone()
                .ok_or("no content")
                .and_then(|c| serde_json::from_value::<Briefing>(c).map_err(|_| "unreadable content"))
                .map_err(|why| AppError::internal(format!("briefing {}: {why}", row.id)))?,
            (BriefingStatus::Draft, _) => {
                if plan.as_ref().is_none_or(|p| p.id != row.plan_id) {
                    plan = plans::find(conn, PlanId(row.plan_id))?;
                }
                let plan = plan.as_ref().ok_or_else(|| AppError::not_found("plan"))?;
                let mut b = compose(conn, plan, row.cut_off)?;
                b.title = row.text.title.clone();
                b.issuer = row.text.issuer.clone();
                b.sections = row.text.sections.clone();
                b
            }
        };
        b.id = Some(row.id);
        b.version = row.version;
        b.status = row.status();
        b.published_by = row.published_by.and_then(|u| names.get(&u).cloned());
        b.published_at = row.published_at;
        b.issued_on = row.issued_on;
        shown.push(b);
    }
    Ok(shown)
}

fn shown(conn: &mut diesel::PgConnection, row: &BriefingRow) -> Result<Briefing, AppError> {
    Ok(shown_all(conn, std::slice::from_ref(row))?.remove(0))
}

/// Refuses a caller the row unless it may see it: a published issue is for whoever reads the
/// plan, a draft for the office only (404 for the rest, as if it were not there).
fn check_visible(conn: &mut diesel::PgConnection, caller: &Caller, row: &BriefingRow) -> Result<PlanRef, AppError> {
    let plan = plans::plan_ref(conn, PlanId(row.plan_id))?.ok_or_else(|| AppError::not_found("plan"))?;
    authorize(caller, plan.read())?;
    if row.status() == BriefingStatus::Draft && !permits(caller, supervise(plan.id)) {
        return Err(AppError::not_found("briefing"));
    }
    Ok(plan)
}

/// The row `id`, if the caller may see it.
fn visible(conn: &mut diesel::PgConnection, caller: &Caller, id: BriefingId) -> Result<BriefingRow, AppError> {
    let row = briefings::get(conn, id)?.ok_or_else(|| AppError::not_found("briefing"))?;
    check_visible(conn, caller, &row)?;
    Ok(row)
}

/// The row `id`, locked, once the caller is known to be its office.
fn lock_for_office(
    conn: &mut diesel::PgConnection,
    caller: &Caller,
    id: BriefingId,
) -> Result<(BriefingRow, Authorized), AppError> {
    let row = briefings::lock(conn, id)?.ok_or_else(|| AppError::not_found("briefing"))?;
    let plan = check_visible(conn, caller, &row)?;
    let allowed = authorize(caller, supervise(plan.id))?;
    Ok((row, allowed))
}

pub async fn readers(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<BriefingId>,
) -> Result<HttpResponse, AppError> {
    authorize(&caller, Action::Administer)?;
    let id = id.into_inner();
    let readers = state
        .db(move |conn| {
            let row = visible(conn, &caller, id)?;
            rules::briefings::readers(row.status())?;
            Ok(briefings::readers(conn, id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(readers))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PreviewQuery {
    pub cut_off: Option<chrono::NaiveDate>,
}

fn compose(
    conn: &mut diesel::PgConnection,
    plan: &plans::PlanRow,
    cut_off: chrono::NaiveDate,
) -> Result<Briefing, AppError> {
    let s = summary::load(conn, plan, cut_off)?;
    Ok(briefing::compose(&s, &plan.title, &plan.issuer))
}

pub async fn preview(
    state: web::Data<AppState>,
    caller: Caller,
    year: web::Path<PlanYear>,
    query: web::Query<PreviewQuery>,
) -> Result<HttpResponse, AppError> {
    let year = year.into_inner();
    let cut_off = query.cut_off.unwrap_or_else(|| state.today());
    let b = state
        .db(move |conn| {
            let plan = readable_plan(conn, &caller, year)?;
            compose(conn, &plan, cut_off)
        })
        .await?;
    Ok(HttpResponse::Ok().json(b))
}

pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    year: web::Path<PlanYear>,
    body: Json<NewBriefing>,
) -> Result<HttpResponse, AppError> {
    let year = year.into_inner();
    let today = state.today();
    let b = state
        .tx(move |conn| {
            let plan = plans::find_by_year(conn, year)?.ok_or_else(|| AppError::not_found("plan"))?;
            let allowed = authorize(&caller, supervise(plan.plan_id()))?;
            let cut_off = body.read(allowed)?.cut_off;
            rules::briefings::draft(cut_off, today)?;
            let first = compose(conn, &plan, cut_off)?;
            let row = briefings::create_draft(
                conn,
                plan.plan_id(),
                cut_off,
                &briefing::text_of(&first),
                caller.user_id()?,
            )?;
            // What was just composed is what it shows (composing again would load the summary twice).
            let draft = Briefing {
                id: Some(row.id),
                version: row.version,
                ..first
            };
            audit::record(
                conn,
                &caller.audit,
                Change::of("create", "briefing", row.id, None, Some(&draft)),
            )?;
            Ok(draft)
        })
        .await?;
    Ok(created_with_etag(b.version, &b))
}

pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<BriefingId>,
    if_match: IfMatch,
    body: Json<BriefingText>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let b = state
        .tx(move |conn| {
            let (before, allowed) = lock_for_office(conn, &caller, id)?;
            let mut input = body.read(allowed)?;
            if_match.check(before.version)?;
            rules::briefings::edit(before.status(), &input)?;
            input.title = input.title.trim().to_string();
            input.issuer = input.issuer.trim().to_string();
            let after = briefings::replace_text(conn, id, &input)?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("update", "briefing", id.get(), Some(&before.text), Some(&after.text)),
            )?;
            shown(conn, &after)
        })
        .await?;
    Ok(with_etag(b.version, &b))
}

pub async fn discard(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<BriefingId>,
    if_match: IfMatch,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    state
        .tx(move |conn| {
            let (before, _) = lock_for_office(conn, &caller, id)?;
            if_match.check(before.version)?;
            rules::briefings::discard(before.status())?;
            briefings::delete_draft(conn, id)?;
            audit::record(
                conn,
                &caller.audit,
                Change::of(
                    "delete",
                    "briefing",
                    id.get(),
                    Some(&before.text),
                    None::<&BriefingText>,
                ),
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

pub async fn publish(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<BriefingId>,
    if_match: IfMatch,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let today = state.today();
    let b = state
        .tx(move |conn| {
            let (before, _) = lock_for_office(conn, &caller, id)?;
            if_match.check(before.version)?;
            rules::briefings::publish(before.status(), before.cut_off, today)?;
            // The figures as they stand now are the ones that go out, and stay.
            let content = shown(conn, &before)?;
            let row = briefings::publish(conn, id, PlanId(before.plan_id), content, today, caller.user_id()?)?;
            let published = shown(conn, &row)?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("publish", "briefing", id.get(), None, Some(&published)),
            )?;
            let words = words::briefing_published(&published.title, published.number, published.cut_off);
            let link = format!("/briefings/{}", id.get());
            messages::tell(
                conn,
                Audience::Roles(&["unit", "leader"]),
                MessageKind::Briefing,
                &words,
                &link,
            )?;
            Ok(published)
        })
        .await?;
    Ok(with_etag(b.version, &b))
}

pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    year: web::Path<PlanYear>,
) -> Result<HttpResponse, AppError> {
    let year = year.into_inner();
    let list = state
        .db(move |conn| {
            let plan = readable_plan(conn, &caller, year)?;
            let office = permits(&caller, supervise(plan.plan_id()));
            let rows = briefings::list(conn, plan.plan_id(), office)?;
            shown_all(conn, &rows)
        })
        .await?;
    Ok(HttpResponse::Ok().json(BriefingList { briefings: list }))
}

async fn load(state: &AppState, caller: Caller, id: BriefingId) -> Result<Briefing, AppError> {
    state
        .db(move |conn| {
            let row = visible(conn, &caller, id)?;
            // Reading a published issue in any form counts as read (an API token is nobody).
            if let (Who::User(s), BriefingStatus::Published) = (&caller.who, row.status()) {
                briefings::mark_read(conn, id, s.user.id)?;
            }
            shown(conn, &row)
        })
        .await
}

pub async fn show(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<BriefingId>,
) -> Result<HttpResponse, AppError> {
    let b = load(&state, caller, id.into_inner()).await?;
    // A published issue never changes again: its version is its ETag. A draft's figures follow
    // the data, so its ETag is a digest of what is sent (`conditional.rs`), not its version.
    Ok(match b.status {
        BriefingStatus::Published => with_etag(b.version, &b),
        BriefingStatus::Draft => HttpResponse::Ok().json(&b),
    })
}

/// A print-ready page. Its CSP allows its own inline stylesheet by hash and nothing else.
pub async fn print(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<BriefingId>,
) -> Result<HttpResponse, AppError> {
    let b = load(&state, caller, id.into_inner()).await?;
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(render::briefing::PRINT_CSS.as_bytes()));
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((
            "Content-Security-Policy",
            format!("default-src 'none'; style-src 'sha256-{hash}'; frame-ancestors 'none'; base-uri 'none'"),
        ))
        .body(render::briefing::html(&b)))
}

pub async fn docx(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<BriefingId>,
) -> Result<HttpResponse, AppError> {
    let b = load(&state, caller, id.into_inner()).await?;
    let bytes = render::briefing::docx(&b).map_err(AppError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        .insert_header(attachment(&format!("{}.docx", b.file_title())))
        .body(bytes))
}
