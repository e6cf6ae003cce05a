//! The HTTP layer: routes, the JSON error shape, security headers and the SPA.

pub mod access_log;
pub mod auth;
pub mod conditional;
pub mod error;
pub mod input;
pub mod openapi;
pub mod policy;
pub mod read_cache;
pub mod route;
pub mod routes;
pub mod spa;
pub mod state;
pub mod upload;
pub mod versioning;

use std::path::PathBuf;
use std::sync::OnceLock;

use actix_web::dev::ResourceDef;
use actix_web::middleware::DefaultHeaders;
use actix_web::{web, HttpRequest, HttpResponse};
use duban_shared::error::ErrorCode;

use error::AppError;
use route::ApiRoute;
use state::AppState;

pub use input::JSON_LIMIT;

/// Our own origin only; wasm needs 'wasm-unsafe-eval' to compile the bundle.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
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

/// Every route under `/api/v1`, each declared once in its file under `routes/`: the router,
/// the OpenAPI document and the permission-matrix test all read this list.
pub fn api_routes() -> &'static [ApiRoute] {
    static ROUTES: OnceLock<Vec<ApiRoute>> = OnceLock::new();
    ROUTES.get_or_init(|| {
        use routes::*;
        [
            auth::routes(),
            me::routes(),
            units::routes(),
            plans::routes(),
            categories::routes(),
            items::routes(),
            summary::routes(),
            exports::routes(),
            briefings::routes(),
            evaluations::routes(),
            users::routes(),
            api_tokens::routes(),
            audit::routes(),
            reports::routes(),
            milestones::routes(),
            evidence::routes(),
            extensions::routes(),
            notices::routes(),
            instructions::routes(),
            inspections::routes(),
            co_notes::routes(),
            year_end::routes(),
            public::routes(),
            messages::routes(),
            reminders::routes(),
        ]
        .concat()
    })
}

fn register_api(scope: actix_web::Scope) -> actix_web::Scope {
    api_routes()
        .iter()
        .fold(scope, |scope, route| scope.service(route.resource()))
}

/// Every route of the app. `static_dir` is the built SPA, when there is one.
pub fn configure(state: AppState, static_dir: Option<PathBuf>) -> impl Fn(&mut web::ServiceConfig) + Clone {
    move |cfg: &mut web::ServiceConfig| {
        cfg.app_data(web::Data::new(state.clone()))
            .app_data(
                web::PathConfig::default().error_handler(|e, _| {
                    AppError::new(ErrorCode::BadRequest, format!("bad path parameter: {e}")).into()
                }),
            )
            .app_data(
                web::QueryConfig::default().error_handler(|e, _| {
                    AppError::new(ErrorCode::BadRequest, format!("bad query parameter: {e}")).into()
                }),
            )
            .app_data(web::PayloadConfig::default().limit(JSON_LIMIT))
            .route("/healthz", web::get().to(routes::health::healthz))
            .route("/livez", web::get().to(routes::health::livez))
            .route("/api/openapi.json", web::get().to(routes::docs::openapi_json))
            .route("/api/docs", web::get().to(routes::docs::docs_page))
            .route("/public/{year}", web::get().to(routes::public_page::page))
            .service(
                register_api(web::scope("/api/v1"))
                    .wrap(actix_web::middleware::from_fn(input::screen))
                    .default_service(web::to(api_not_found)),
            )
            .service(web::scope("/api").default_service(web::to(api_not_found)));
        if let Some(dir) = &static_dir {
            cfg.service(spa::service(dir));
        }
    }
}

/// 405 with `Allow` when the path exists with other methods, else 404.
async fn api_not_found(req: HttpRequest) -> HttpResponse {
    let matching: Vec<&ApiRoute> = api_routes()
        .iter()
        .filter(|route| ResourceDef::new(format!("/api/v1{}", route.path)).is_match(req.path()))
        .collect();
    // A path written out (`/plans/import`) is that route, not a value of `/plans/{year}`.
    let literal = matching.iter().any(|r| !r.path.contains('{'));
    let mut allowed: Vec<&str> = matching
        .iter()
        .filter(|r| !literal || !r.path.contains('{'))
        .map(|r| r.method.http())
        .collect();
    allowed.sort();
    allowed.dedup();
    let message = format!("no route {} {}", req.method(), req.path());
    if allowed.is_empty() {
        return actix_web::ResponseError::error_response(&AppError::new(ErrorCode::NotFound, message));
    }
    let mut response = actix_web::ResponseError::error_response(&AppError::new(ErrorCode::MethodNotAllowed, message));
    response.headers_mut().insert(
        actix_web::http::header::ALLOW,
        actix_web::http::header::HeaderValue::from_str(&allowed.join(", ")).expect("method names are ASCII"),
    );
    response
}
