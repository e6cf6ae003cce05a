//! `GET /api/v1/audit`: the audit log, newest first, for admins.

use actix_web::{web, HttpResponse};
use duban_shared::permissions::Action;
use duban_shared::rules;
use serde::Deserialize;

use crate::db::audit::{self, AuditFilter};
use crate::http::auth::Caller;
use crate::http::error::AppError;
use crate::http::policy::authorize;
use crate::http::route::ApiRoute;
use crate::http::state::AppState;
use duban_shared::auth::AuditPage;

/// This file's routes (see [`crate::http::route`]).
pub fn routes() -> Vec<ApiRoute> {
    vec![ApiRoute::get("/audit", list, "admin", "The audit log, newest first").json::<AuditPage>(200)]
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub action: Option<String>,
    pub actor: Option<String>,
    pub before: Option<i64>,
    pub limit: Option<i64>,
}

pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, AppError> {
    authorize(&caller, Action::Administer)?;
    let q = query.into_inner();
    let limit = q.limit.unwrap_or(50);
    rules::accounts::audit_limit(limit)?;
    let filter = AuditFilter {
        entity: q.entity,
        entity_id: q.entity_id,
        action: q.action,
        actor: q.actor,
        before: q.before,
        limit,
    };
    let page = state.db(move |conn| Ok(audit::list(conn, &filter)?)).await?;
    Ok(HttpResponse::Ok().json(page))
}
