//! The leaders' data: `GET /api/v1/plans/{year}/summary`, and per item the monthly history of
//! its light (`GET /api/v1/items/{id}/lights`) and its indicators' target line against the
//! reported values (`GET /api/v1/items/{id}/series`).

use actix_web::{web, HttpResponse};
use chrono::{Datelike, NaiveDate};
use duban_shared::ids::{ItemId, PlanYear};
use duban_shared::lights::Period;
use duban_shared::summary::{IndicatorSeries, LightHistory, MonthLight, SeriesResponse};

use crate::db::items;
use crate::http::auth::Caller;
use crate::http::error::AppError;
use crate::http::policy::authorize;
use crate::http::read_cache::{cached_read, AnswerKey, ReadAfter};
use crate::http::route::ApiRoute;
use crate::http::routes::items::AsOfQuery;
use crate::http::routes::plans::readable_plan;
use crate::http::state::AppState;
use duban_shared::summary::Summary;

/// This file's routes (see [`crate::http::route`]).
pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::get("/plans/{year}/summary", plan_summary, "summary", "The leaders' summary").json::<Summary>(200),
        ApiRoute::get(
            "/items/{id}/lights",
            light_history,
            "summary",
            "The item's light at each month's end",
        )
        .json::<LightHistory>(200),
        ApiRoute::get(
            "/items/{id}/series",
            series,
            "summary",
            "Target line and reported values of the item's indicators",
        )
        .json::<SeriesResponse>(200),
    ]
}

pub async fn plan_summary(
    state: web::Data<AppState>,
    caller: Caller,
    after: ReadAfter,
    year: web::Path<PlanYear>,
    query: web::Query<AsOfQuery>,
) -> Result<HttpResponse, AppError> {
    let year = year.into_inner();
    let as_of = query.as_of.unwrap_or_else(|| state.today());
    let reader = caller.clone();
    cached_read(
        &state,
        AnswerKey::Summary {
            year: year.get(),
            as_of,
        },
        &caller,
        after,
        move |conn| {
            let plan = readable_plan(conn, &reader, year)?;
            let summary = crate::db::summary::load(conn, &plan, as_of)?;
            Ok((plan.plan_ref(), summary))
        },
    )
    .await
}

/// The light at each month's end from January to `as_of` (default today).
pub async fn light_history(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
    query: web::Query<AsOfQuery>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let through = query.as_of.unwrap_or_else(|| state.today());
    let history = state
        .db(move |conn| {
            let ctx = items::context(conn, id)?.ok_or_else(|| AppError::not_found("item"))?;
            authorize(&caller, ctx.plan().read())?;
            let year_end = NaiveDate::from_ymd_opt(ctx.plan_year, 12, 31).expect("valid date");
            let last = through.min(year_end);
            // Each month's end (or `through`), the lights all from one read of the item.
            let mut ends = Vec::new();
            let mut period = Period::new(ctx.plan_year, 1).expect("January");
            while period.first_day() <= last {
                ends.push((period, period.last_day().min(last)));
                if period.month == 12 {
                    break;
                }
                period = period.next();
            }
            let days: Vec<NaiveDate> = ends.iter().map(|&(_, day)| day).collect();
            let months = ends
                .into_iter()
                .zip(items::lights_on(conn, id, &days)?)
                .map(|((period, as_of), light)| MonthLight { period, as_of, light })
                .collect();
            Ok(LightHistory {
                item_id: id.get(),
                months,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(history))
}

pub async fn series(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
    query: web::Query<AsOfQuery>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let as_of = query.as_of.unwrap_or_else(|| state.today());
    let body = state
        .db(move |conn| {
            let (plan, item, known) =
                items::find_with_reports(conn, id, as_of)?.ok_or_else(|| AppError::not_found("item"))?;
            authorize(&caller, plan.read())?;
            let start = NaiveDate::from_ymd_opt(item.plan_year, 1, 1).expect("valid date");
            let indicators = item
                .indicators
                .iter()
                .map(|ind| IndicatorSeries {
                    indicator_id: ind.id,
                    name: ind.name.clone(),
                    measure: ind.measure.clone(),
                    final_target: ind.final_target,
                    target_line: std::iter::once((start, 0.0))
                        .chain(ind.targets.iter().map(|t| (t.due_date, t.target)))
                        .collect(),
                    actual: known
                        .iter()
                        .filter_map(|r| Some((r.period, r.value_of(ind.id)?)))
                        .filter(|(p, _)| p.year == start.year())
                        .collect(),
                })
                .collect();
            Ok(SeriesResponse {
                item_id: id.get(),
                as_of,
                indicators,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(body))
}
