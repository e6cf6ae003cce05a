//! API tokens for other systems, for admins: `GET|POST /api/v1/api-tokens`,
//! `DELETE /api/v1/api-tokens/{id}`. The secret is shown once, in the creation answer.

use actix_web::{web, HttpResponse};
use duban_shared::auth::{ApiTokenList, CreatedApiToken, NewApiToken};
use duban_shared::ids::{ApiTokenId, PlanYear};
use duban_shared::permissions::Action;
use duban_shared::rules;

use crate::auth::api_token;
use crate::db::audit::{self, Change};
use crate::db::{api_tokens, plans};
use crate::http::auth::Caller;
use crate::http::error::AppError;
use crate::http::input::Json;
use crate::http::policy::authorize;
use crate::http::route::ApiRoute;
use crate::http::state::AppState;

/// This file's routes (see [`crate::http::route`]).
pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::get("/api-tokens", list, "admin", "API tokens of other systems").json::<ApiTokenList>(200),
        ApiRoute::post(
            "/api-tokens",
            create,
            "admin",
            "Create an API token (the secret is shown once)",
        )
        .json::<CreatedApiToken>(201),
        ApiRoute::delete("/api-tokens/{id}", revoke, "admin", "Revoke an API token").empty(204),
    ]
}

pub async fn list(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, AppError> {
    authorize(&caller, Action::Administer)?;
    let api_tokens = state.db(|conn| Ok(api_tokens::list(conn)?)).await?;
    Ok(HttpResponse::Ok().json(ApiTokenList { api_tokens }))
}

pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<NewApiToken>,
) -> Result<HttpResponse, AppError> {
    let allowed = authorize(&caller, Action::Administer)?;
    let creator = caller.user_id()?;
    let new = body.read(allowed)?;
    rules::accounts::api_token_name(&new.name)?;
    let name = new.name.trim().to_string();
    let token = api_token::generate();
    let secret = token.secret.clone();
    let created = state
        .tx(move |conn| {
            let plan_id = match new.plan_year {
                Some(year) => Some(
                    plans::find_by_year(conn, PlanYear(year))?
                        .ok_or_else(|| AppError::invalid("plan_year", "没有这一年的计划"))?
                        .id,
                ),
                None => None,
            };
            let row = api_tokens::create(conn, &name, &token.hash, &token.display_prefix, plan_id, creator)?;
            let dto = api_tokens::dtos(conn, vec![row])?.remove(0);
            audit::record(
                conn,
                &caller.audit,
                Change {
                    action: "create",
                    entity: "api_token",
                    entity_id: Some(dto.id.to_string()),
                    before: None,
                    after: Some(serde_json::to_value(&dto).unwrap_or_default()),
                },
            )?;
            Ok(dto)
        })
        .await?;
    Ok(HttpResponse::Created().json(CreatedApiToken {
        token: secret,
        api_token: created,
    }))
}

pub async fn revoke(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ApiTokenId>,
) -> Result<HttpResponse, AppError> {
    authorize(&caller, Action::Administer)?;
    let id = id.into_inner();
    state
        .tx(move |conn| {
            let before = api_tokens::find(conn, id)?.ok_or_else(|| AppError::not_found("api token"))?;
            if before.revoked_at.is_some() {
                return Ok(());
            }
            let after = api_tokens::revoke(conn, id)?;
            let mut both = api_tokens::dtos(conn, vec![before, after])?;
            let after = both.pop();
            let before = both.pop();
            audit::record(
                conn,
                &caller.audit,
                Change {
                    action: "revoke",
                    entity: "api_token",
                    entity_id: Some(id.to_string()),
                    before: before.map(|b| serde_json::to_value(b).unwrap_or_default()),
                    after: after.map(|a| serde_json::to_value(a).unwrap_or_default()),
                },
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
