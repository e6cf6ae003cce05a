//! `GET /public/{year}`: the public progress page (主动公开), outside `/api/v1`, rendered by the
//! server so it reads with JavaScript off; the same content as `public::plan_json`.

use actix_web::http::header::CONTENT_TYPE;
use actix_web::{web, HttpRequest, HttpResponse};
use duban_shared::ids::PlanYear;
use sha2::{Digest, Sha256};

use super::public::{cacheable, public_plan};
use crate::http::state::AppState;
use crate::render::public_page;

/// `GET /public/{year}`: the same as a page.
pub async fn page(state: web::Data<AppState>, req: HttpRequest, year: web::Path<PlanYear>) -> HttpResponse {
    match public_plan(&state, year.into_inner()).await {
        Ok(plan) => {
            use base64::Engine;
            let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(public_page::STYLE.as_bytes()));
            let mut res = cacheable(&req, "text/html; charset=utf-8", public_page::html(&plan).into_bytes());
            if let Ok(v) = actix_web::http::header::HeaderValue::from_str(&format!(
                "default-src 'none'; style-src 'sha256-{hash}'; frame-ancestors 'none'; base-uri 'none'"
            )) {
                res.headers_mut().insert(actix_web::http::header::CONTENT_SECURITY_POLICY, v);
            }
            res
        }
        Err(e) if e.code == duban_shared::error::ErrorCode::NotFound => HttpResponse::NotFound()
            .insert_header((CONTENT_TYPE, "text/html; charset=utf-8"))
            .body("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>未找到</title></head><body><p>该年度没有公开的民生实事计划。</p></body></html>"),
        Err(e) => actix_web::ResponseError::error_response(&e),
    }
}
