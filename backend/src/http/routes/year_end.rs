//! 年终销号: `POST /api/v1/plans/{year}/close` — the office gives each item its final result
//! (完成 / 基本完成 / 未完成, and a note) and the year becomes read-only.

use actix_web::{web, HttpResponse};
use duban_shared::api::PlanDetail;
use duban_shared::ids::{PlanId, PlanYear};
use duban_shared::permissions::Action;
use duban_shared::rules;
use duban_shared::year_end::CloseInput;

use crate::db::audit::{self, Change};
use crate::db::{plans, year_end};
use crate::http::auth::Caller;
use crate::http::error::AppError;
use crate::http::input::Json;
use crate::http::policy::authorize;
use crate::http::route::ApiRoute;
use crate::http::state::AppState;
use crate::http::versioning::{with_etag, IfMatch};

/// This file's routes (see [`crate::http::route`]).
pub fn routes() -> Vec<ApiRoute> {
    vec![ApiRoute::post(
        "/plans/{year}/close",
        close,
        "editor",
        "Close the year (年终销号) with each item's final result; the plan becomes read-only (If-Match)",
    )
    .json::<PlanDetail>(200)]
}

pub async fn close(
    state: web::Data<AppState>,
    caller: Caller,
    year: web::Path<PlanYear>,
    if_match: IfMatch,
    body: Json<CloseInput>,
) -> Result<HttpResponse, AppError> {
    let allowed = authorize(&caller, Action::Administer)?;
    let input = body.read(allowed)?;
    let year = year.into_inner();
    let today = state.today();
    let plan = state
        .tx(move |conn| {
            let before = plans::lock_by_year(conn, year)?.ok_or_else(|| AppError::not_found("plan"))?;
            if_match.check(before.version)?;
            let ids = year_end::item_ids(conn, PlanId(before.id))?;
            rules::year_end::close(before.plan_ref().published, before.closed_at.is_some(), &ids, &input)?;
            let after = year_end::close(conn, PlanId(before.id), &input.results, caller.user_id()?)?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("close", "plan", after.id, Some(&before), Some(&after)),
            )?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("close", "final_results", after.id, None, Some(&input)),
            )?;
            Ok(plans::detail(conn, after, today)?)
        })
        .await?;
    Ok(with_etag(plan.version, &plan))
}
