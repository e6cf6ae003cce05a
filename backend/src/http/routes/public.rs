//! 主动公开: `GET /api/v1/public/plans/{year}` (JSON) and `GET /public/{year}` (a page that
//! needs no login and no script). Both need no account; a draft, a year without a plan, or a
//! plan whose public page is off answers 404. Cacheable by anyone: an ETag of the content and
//! `Cache-Control: public`. The page itself is `public_page.rs`.

use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use actix_web::{web, HttpRequest, HttpResponse};
use duban_shared::ids::PlanYear;
use duban_shared::public::PublicPlan;
use sha2::{Digest, Sha256};

use crate::db;
use crate::http::error::AppError;
use crate::http::route::ApiRoute;
use crate::http::state::AppState;

/// This file's routes (see [`crate::http::route`]); the HTML page is served beside the API.
pub fn routes() -> Vec<ApiRoute> {
    vec![ApiRoute::get(
        "/public/plans/{year}",
        plan_json,
        "public",
        "The public view of a published plan (主动公开), no login; ETag and Cache-Control: public",
    )
    .json::<PublicPlan>(200)]
}

pub(super) async fn public_plan(state: &web::Data<AppState>, year: PlanYear) -> Result<PublicPlan, AppError> {
    let today = state.today();
    state
        .db(move |conn| db::public::plan(conn, year, today)?.ok_or_else(|| AppError::not_found("public plan")))
        .await
}

/// 304 when the client holds this version already; else `body` with its ETag.
pub(super) fn cacheable(req: &HttpRequest, content_type: &str, body: Vec<u8>) -> HttpResponse {
    let tag = format!("\"{}\"", &hex::encode(Sha256::digest(&body))[..32]);
    let cache = (CACHE_CONTROL, "public, max-age=300");
    let held = req
        .headers()
        .get(IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim().trim_start_matches("W/") == tag));
    if held {
        return HttpResponse::NotModified()
            .insert_header((ETAG, tag))
            .insert_header(cache)
            .finish();
    }
    HttpResponse::Ok()
        .insert_header((ETAG, tag))
        .insert_header(cache)
        .insert_header((CONTENT_TYPE, content_type))
        .body(body)
}

pub async fn plan_json(
    state: web::Data<AppState>,
    req: HttpRequest,
    year: web::Path<PlanYear>,
) -> Result<HttpResponse, AppError> {
    let plan = public_plan(&state, year.into_inner()).await?;
    let body = serde_json::to_vec(&plan).map_err(AppError::internal)?;
    Ok(cacheable(&req, "application/json", body))
}
