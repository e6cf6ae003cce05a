//! `GET /healthz`: is the process up, and which of its dependencies answers.

use actix_web::{web, HttpResponse};
use diesel::RunQueryDsl;
use duban_shared::api::Health;

use crate::http::state::AppState;

/// 200 when every dependency answers; 503 with `Retry-After` naming the one that does not.
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let db_ok = state
        .db(|conn| Ok(diesel::sql_query("SELECT 1").execute(conn)?))
        .await
        .is_ok();
    let body = Health {
        status: if db_ok { "ok" } else { "degraded" }.into(),
        database: if db_ok { "ok" } else { "unreachable" }.into(),
        version: env!("CARGO_PKG_VERSION").into(),
    };
    if db_ok {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable()
            .insert_header(("Retry-After", "1"))
            .json(body)
    }
}

/// `GET /livez`: the process answers (no database involved; the load benchmark's ceiling).
pub async fn livez() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}
