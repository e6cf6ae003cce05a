//! The HTTP layer: routes, the JSON error shape, security headers and the SPA.

pub mod error;
pub mod routes;
pub mod spa;
pub mod state;

use std::path::PathBuf;

use actix_web::middleware::DefaultHeaders;
use actix_web::{web, HttpRequest, HttpResponse};
use duban_shared::error::ErrorCode;

use error::AppError;
use state::AppState;

/// Largest JSON body accepted anywhere (a monthly report is a few KB).
pub const JSON_LIMIT: usize = 256 * 1024;

/// Our own origin only; wasm needs 'wasm-unsafe-eval' to compile the bundle.
pub const CSP: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
form-action 'self'; frame-ancestors 'none'";

pub fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add(("Content-Security-Policy", CSP))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
}

/// Every route of the app. `static_dir` is the built SPA, when there is one.
pub fn configure(
    state: AppState,
    static_dir: Option<PathBuf>,
) -> impl Fn(&mut web::ServiceConfig) + Clone {
    move |cfg: &mut web::ServiceConfig| {
        cfg.app_data(web::Data::new(state.clone()))
            .app_data(json_config())
            .app_data(web::PathConfig::default().error_handler(|e, _| {
                AppError::new(ErrorCode::BadRequest, format!("bad path parameter: {e}")).into()
            }))
            .app_data(web::QueryConfig::default().error_handler(|e, _| {
                AppError::new(ErrorCode::BadRequest, format!("bad query parameter: {e}")).into()
            }))
            .service(routes::health::healthz)
            .service(
                web::scope("/api/v1")
                    .service(routes::plans::list)
                    .service(routes::plans::show)
                    .service(routes::plans::list_items)
                    .service(routes::items::show)
                    .default_service(web::to(api_not_found)),
            )
            .service(web::scope("/api").default_service(web::to(api_not_found)));
        if let Some(dir) = &static_dir {
            cfg.service(spa::service(dir));
        }
    }
}

fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(JSON_LIMIT)
        .error_handler(|e, _| {
            use actix_web::error::JsonPayloadError as J;
            let err = match &e {
                J::OverflowKnownLength { .. } | J::Overflow { .. } => AppError::new(
                    ErrorCode::PayloadTooLarge,
                    format!("body over {JSON_LIMIT} bytes"),
                ),
                J::ContentType => {
                    AppError::new(ErrorCode::UnsupportedMediaType, "expected application/json")
                }
                J::Deserialize(d) if d.is_data() => {
                    AppError::new(ErrorCode::Validation, d.to_string())
                }
                _ => AppError::new(ErrorCode::InvalidJson, e.to_string()),
            };
            err.into()
        })
}

async fn api_not_found(req: HttpRequest) -> Result<HttpResponse, AppError> {
    Err(AppError::new(
        ErrorCode::NotFound,
        format!("no route {} {}", req.method(), req.path()),
    ))
}
