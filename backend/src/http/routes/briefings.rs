//! Briefings (情况通报): `GET /api/v1/plans/{year}/briefing-preview?cut_off=`, and for the
//! office `POST /api/v1/plans/{year}/briefings` to publish the next number;
//! `GET /api/v1/plans/{year}/briefings`, `GET /api/v1/briefings/{id}` (JSON),
//! `…/{id}/print` (a print-ready page) and `…/{id}/docx` (Word) — each read is noted — and
//! for the office `…/{id}/readers` (who has read it).

use actix_web::{web, HttpResponse};
use base64::Engine;
use duban_shared::briefing::{self, Briefing, BriefingList, BriefingReaders, NewBriefing};
use duban_shared::ids::{BriefingId, PlanId, PlanYear};
use duban_shared::permissions::Action;
use duban_shared::rules;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::exports::attachment;
use crate::db::audit::{self, Change};
use crate::db::messages::{self, Audience};
use crate::db::{briefings, plans, summary};
use crate::http::auth::{Caller, Who};
use crate::http::error::AppError;
use crate::http::input::Json;
use crate::http::policy::authorize;
use crate::http::route::{ApiRoute, DOCX};
use crate::http::routes::plans::readable_plan;
use crate::http::state::AppState;
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
        ApiRoute::get("/plans/{year}/briefings", list, "briefings", "Published briefings").json::<BriefingList>(200),
        ApiRoute::post(
            "/plans/{year}/briefings",
            publish,
            "briefings",
            "Publish the next numbered briefing",
        )
        .json::<Briefing>(201),
        ApiRoute::get("/briefings/{id}", show, "briefings", "A published briefing").json::<Briefing>(200),
        ApiRoute::get(
            "/briefings/{id}/print",
            print,
            "briefings",
            "A published briefing as a print-ready page",
        )
        .file("text/html"),
        ApiRoute::get(
            "/briefings/{id}/docx",
            docx,
            "briefings",
            "A published briefing as a Word document",
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

pub async fn readers(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<BriefingId>,
) -> Result<HttpResponse, AppError> {
    authorize(&caller, Action::Administer)?;
    let id = id.into_inner();
    let readers = state
        .db(move |conn| {
            briefings::find(conn, id)?.ok_or_else(|| AppError::not_found("briefing"))?;
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
    Ok(briefing::compose(&s, &plan.title, 0))
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

pub async fn publish(
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
            let allowed = authorize(
                &caller,
                Action::SuperviseItem {
                    plan_id: plan.plan_id(),
                },
            )?;
            let cut_off = body.read(allowed)?.cut_off;
            rules::briefings::publish(cut_off, today)?;
            let draft = compose(conn, &plan, cut_off)?;
            let published = briefings::publish(conn, plan.plan_id(), draft, caller.user_id()?)?;
            let id = published.id.unwrap_or_default();
            audit::record(
                conn,
                &caller.audit,
                Change::of("publish", "briefing", id, None, Some(&published)),
            )?;
            let words = words::briefing_published(&published.title, published.number, published.cut_off);
            let link = format!("/office/briefings/{id}");
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
    Ok(HttpResponse::Created().json(b))
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
            Ok(briefings::list(conn, plan.plan_id())?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(BriefingList { briefings: list }))
}

async fn load(state: &AppState, caller: Caller, id: i32) -> Result<Briefing, AppError> {
    state
        .db(move |conn| {
            let (plan_id, b) = briefings::find(conn, BriefingId(id))?.ok_or_else(|| AppError::not_found("briefing"))?;
            let plan = plans::plan_ref(conn, PlanId(plan_id))?.ok_or_else(|| AppError::not_found("plan"))?;
            authorize(&caller, plan.read())?;
            // Reading it in any form counts as read (an API token is nobody).
            if let Who::User(s) = &caller.who {
                briefings::mark_read(conn, BriefingId(id), s.user.id)?;
            }
            Ok(b)
        })
        .await
}

pub async fn show(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<BriefingId>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(load(&state, caller, id.into_inner().get()).await?))
}

/// A print-ready page. Its CSP allows its own inline stylesheet by hash and nothing else.
pub async fn print(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<BriefingId>,
) -> Result<HttpResponse, AppError> {
    let b = load(&state, caller, id.into_inner().get()).await?;
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
    let b = load(&state, caller, id.into_inner().get()).await?;
    let bytes = render::briefing::docx(&b).map_err(AppError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        .insert_header(attachment(&format!("{}.docx", b.title)))
        .body(bytes))
}
