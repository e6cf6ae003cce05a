//! The HTTP layer: routes, the JSON error shape, security headers and the SPA.

pub mod access_log;
pub mod auth;
pub mod conditional;
pub mod error;
pub mod openapi;
pub mod policy;
pub mod read_cache;
pub mod routes;
pub mod spa;
pub mod state;
pub mod versioning;

use std::path::PathBuf;

use actix_web::dev::ResourceDef;
use actix_web::middleware::DefaultHeaders;
use actix_web::{guard, web, HttpRequest, HttpResponse};
use duban_shared::error::ErrorCode;

use error::AppError;
use state::AppState;

/// Largest JSON body accepted anywhere (a monthly report is a few KB).
pub const JSON_LIMIT: usize = 256 * 1024;

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

/// Declares the API's routes once: the same list registers them and is published as
/// [`API_ROUTES`], which the permission-matrix test walks (so a route cannot be added
/// without the test noticing).
macro_rules! api_routes {
    ($($method:ident $path:literal => $handler:path),* $(,)?) => {
        /// Every route under `/api/v1`: (method, path).
        pub const API_ROUTES: &[(&str, &str)] = &[$((stringify!($method), $path)),*];

        fn register_api(scope: actix_web::Scope) -> actix_web::Scope {
            scope$(.service(web::resource($path).guard(guard::$method()).to($handler)))*
        }
    };
}

api_routes! {
    Post "/auth/login" => routes::auth::login,
    Post "/auth/logout" => routes::auth::logout,
    Post "/auth/password" => routes::auth::change_password,
    Get "/me" => routes::me::show,
    Get "/units" => routes::units::list,
    Post "/units" => routes::units::create,
    Put "/units/{id}" => routes::units::update,
    Delete "/units/{id}" => routes::units::delete,
    Get "/plans" => routes::plans::list,
    Post "/plans" => routes::plans::create,
    Post "/plans/import" => routes::plans::import,
    Get "/plans/{year}" => routes::plans::show,
    Put "/plans/{year}" => routes::plans::update,
    Delete "/plans/{year}" => routes::plans::delete,
    Post "/plans/{year}/publish" => routes::plans::publish,
    Post "/plans/{year}/categories" => routes::categories::create,
    Put "/categories/{id}" => routes::categories::update,
    Delete "/categories/{id}" => routes::categories::delete,
    Get "/plans/{year}/items" => routes::plans::list_items,
    Post "/plans/{year}/items" => routes::items::create,
    Get "/items/{id}" => routes::items::show,
    Put "/items/{id}" => routes::items::update,
    Delete "/items/{id}" => routes::items::delete,
    Get "/plans/{year}/summary" => routes::summary::plan_summary,
    Get "/items/{id}/lights" => routes::summary::light_history,
    Get "/items/{id}/series" => routes::summary::series,
    Get "/plans/{year}/export.xlsx" => routes::exports::xlsx,
    Get "/plans/{year}/export.csv" => routes::exports::csv,
    Get "/plans/{year}/briefing-preview" => routes::briefings::preview,
    Get "/plans/{year}/briefings" => routes::briefings::list,
    Post "/plans/{year}/briefings" => routes::briefings::publish,
    Get "/briefings/{id}" => routes::briefings::show,
    Get "/briefings/{id}/print" => routes::briefings::print,
    Get "/briefings/{id}/docx" => routes::briefings::docx,
    Get "/users" => routes::users::list,
    Post "/users" => routes::users::create,
    Post "/users/{id}/disable" => routes::users::disable,
    Post "/users/{id}/password" => routes::users::reset_password,
    Get "/api-tokens" => routes::api_tokens::list,
    Post "/api-tokens" => routes::api_tokens::create,
    Delete "/api-tokens/{id}" => routes::api_tokens::revoke,
    Get "/audit" => routes::audit::list,
    Get "/items/{id}/reports" => routes::reports::list,
    Post "/items/{id}/reports" => routes::reports::create,
    Get "/items/{id}/reports/{period}" => routes::reports::show,
    Put "/items/{id}/reports/{period}" => routes::reports::update,
    Post "/items/{id}/reports/{period}/submit" => routes::reports::submit,
    Post "/items/{id}/reports/{period}/accept" => routes::reports::accept,
    Post "/items/{id}/reports/{period}/return" => routes::reports::return_to_unit,
    Get "/reports" => routes::reports::queue,
    Post "/milestones/{id}/complete" => routes::milestones::complete,
    Post "/milestones/{id}/reopen" => routes::milestones::reopen,
    Post "/milestones/{id}/evidence" => routes::evidence::upload,
    Get "/evidence/{id}" => routes::evidence::download,
    Delete "/evidence/{id}" => routes::evidence::delete,
    Post "/milestones/{id}/extensions" => routes::extensions::create,
    Get "/extensions" => routes::extensions::list,
    Post "/extensions/{id}/decide" => routes::extensions::decide,
    Post "/items/{id}/notices" => routes::notices::create,
    Get "/notices" => routes::notices::list,
    Post "/notices/{id}/answer" => routes::notices::answer,
    Post "/notices/{id}/close" => routes::notices::close,
}

/// Every route of the app. `static_dir` is the built SPA, when there is one.
pub fn configure(state: AppState, static_dir: Option<PathBuf>) -> impl Fn(&mut web::ServiceConfig) + Clone {
    move |cfg: &mut web::ServiceConfig| {
        cfg.app_data(web::Data::new(state.clone()))
            .app_data(json_config())
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
            .service(register_api(web::scope("/api/v1")).default_service(web::to(api_not_found)))
            .service(web::scope("/api").default_service(web::to(api_not_found)));
        if let Some(dir) = &static_dir {
            cfg.service(spa::service(dir));
        }
    }
}

fn json_config() -> web::JsonConfig {
    web::JsonConfig::default().limit(JSON_LIMIT).error_handler(|e, _| {
        use actix_web::error::JsonPayloadError as J;
        let err = match &e {
            J::OverflowKnownLength { .. } | J::Overflow { .. } => {
                AppError::new(ErrorCode::PayloadTooLarge, format!("body over {JSON_LIMIT} bytes"))
            }
            J::ContentType => AppError::new(ErrorCode::UnsupportedMediaType, "expected application/json"),
            J::Deserialize(d) if d.is_data() => AppError::new(ErrorCode::Validation, d.to_string()),
            _ => AppError::new(ErrorCode::InvalidJson, e.to_string()),
        };
        err.into()
    })
}

/// 405 when the path exists with another method, else 404.
async fn api_not_found(req: HttpRequest) -> Result<HttpResponse, AppError> {
    let known_path = API_ROUTES
        .iter()
        .any(|(_, path)| ResourceDef::new(format!("/api/v1{path}")).is_match(req.path()));
    let code = if known_path {
        ErrorCode::MethodNotAllowed
    } else {
        ErrorCode::NotFound
    };
    Err(AppError::new(code, format!("no route {} {}", req.method(), req.path())))
}
