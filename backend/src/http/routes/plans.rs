//! `GET /api/v1/plans`, `GET /api/v1/plans/{year}`, `GET /api/v1/plans/{year}/items`.

use actix_web::{web, HttpResponse};
use duban_shared::api::{page_of, ItemList, PlanList};
use duban_shared::lights::Colour;
use duban_shared::permissions::Action;
use serde::Deserialize;

use crate::db::items::{self as item_queries, ItemFilter};
use crate::db::plans;
use crate::http::auth::Principal;
use crate::http::error::AppError;
use crate::http::policy::authorize;
use crate::http::routes::items::AsOfQuery;
use crate::http::state::AppState;

/// The plan of `year` if the principal may read it: 404 when there is none, else 403.
pub fn readable_plan(
    conn: &mut diesel::PgConnection,
    principal: &Principal,
    year: i32,
) -> Result<plans::PlanRow, AppError> {
    let plan = plans::find_by_year(conn, year)?.ok_or_else(|| AppError::not_found("plan"))?;
    authorize(principal, Action::ReadPlan { plan_id: plan.id })?;
    Ok(plan)
}

pub async fn list(state: web::Data<AppState>, principal: Principal) -> Result<HttpResponse, AppError> {
    let plans = state.db(|conn| Ok(plans::list(conn)?)).await?;
    // A token limited to one plan sees only that plan in the list.
    let plans = plans
        .into_iter()
        .filter(|p| authorize(&principal, Action::ReadPlan { plan_id: p.id }).is_ok())
        .collect();
    Ok(HttpResponse::Ok().json(PlanList { plans }))
}

pub async fn show(
    state: web::Data<AppState>,
    principal: Principal,
    year: web::Path<i32>,
    query: web::Query<AsOfQuery>,
) -> Result<HttpResponse, AppError> {
    let year = year.into_inner();
    let as_of = query.as_of.unwrap_or_else(|| state.today());
    let plan = state
        .db(move |conn| {
            readable_plan(conn, &principal, year)?;
            plans::detail(conn, year, as_of)?.ok_or_else(|| AppError::not_found("plan"))
        })
        .await?;
    Ok(HttpResponse::Ok().json(plan))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ItemQuery {
    /// A unit's code (`cgj`) or id.
    pub unit: Option<String>,
    /// A category's ordinal (1 for 一).
    pub category: Option<i32>,
    /// Only items of this light: blue, green, yellow, red.
    pub light: Option<String>,
    pub as_of: Option<chrono::NaiveDate>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

pub async fn list_items(
    state: web::Data<AppState>,
    principal: Principal,
    year: web::Path<i32>,
    query: web::Query<ItemQuery>,
) -> Result<HttpResponse, AppError> {
    let year = year.into_inner();
    let mut query = query.into_inner();
    let as_of = query.as_of.unwrap_or_else(|| state.today());
    let (page, per_page) = (query.page.take(), query.per_page.take());
    let colour = match &query.light {
        Some(l) => Some(Colour::parse(l).ok_or_else(|| AppError::bad_request(format!("unknown light {l}")))?),
        None => None,
    };
    let items = state
        .db(move |conn| {
            let plan = readable_plan(conn, &principal, year)?;
            let lead_unit_id = match &query.unit {
                Some(u) => Some(
                    item_queries::find_unit(conn, u)?
                        .ok_or_else(|| AppError::bad_request(format!("unknown unit {u}")))?
                        .id,
                ),
                None => None,
            };
            let filter = ItemFilter {
                plan_id: Some(plan.id),
                lead_unit_id,
                category_ordinal: query.category,
                ..Default::default()
            };
            let mut items = item_queries::load(conn, &filter, as_of)?;
            items.retain(|i| colour.is_none_or(|c| i.light.colour == c));
            Ok(items)
        })
        .await?;
    let (items, total, page, per_page) = page_of(items, page, per_page).map_err(AppError::bad_request)?;
    Ok(HttpResponse::Ok().json(ItemList {
        items,
        total,
        page,
        per_page,
    }))
}
