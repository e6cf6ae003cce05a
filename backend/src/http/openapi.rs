//! The OpenAPI 3 document of `/api/v1`, built from the route list ([`super::api_routes`]):
//! each route's summary and answer as declared beside its handler, its parameters, body,
//! headers and error statuses from what the handler extracts (see [`super::route`]).

use duban_shared::error::ErrorBody;
use utoipa::openapi::path::{
    HttpMethod, OperationBuilder, Parameter, ParameterBuilder, ParameterIn, PathItem, PathsBuilder,
};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ComponentsBuilder, ObjectBuilder, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ContentBuilder, InfoBuilder, OpenApi, OpenApiBuilder, Required, ResponseBuilder};

use super::route::{schema_of as json, Answer, ApiRoute, Body, Method, Schemas};

fn path_params(path: &str) -> Vec<Parameter> {
    path.split('/')
        .filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| {
            let schema = match name {
                "period" => ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some(r"^[0-9]{4}-(0[1-9]|1[0-2])$")),
                _ => ObjectBuilder::new().schema_type(Type::Integer).format(Some(
                    utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Int32),
                )),
            };
            ParameterBuilder::new()
                .name(name)
                .parameter_in(ParameterIn::Path)
                .required(Required::True)
                .schema(Some(schema))
                .build()
        })
        .collect()
}

fn error_response(schemas: &mut Schemas, what: &str) -> utoipa::openapi::Response {
    let schema = json::<ErrorBody>(schemas);
    ResponseBuilder::new()
        .description(what)
        .content("application/json", ContentBuilder::new().schema(Some(schema)).build())
        .build()
}

fn method_of(m: Method) -> HttpMethod {
    match m {
        Method::Get => HttpMethod::Get,
        Method::Post => HttpMethod::Post,
        Method::Put => HttpMethod::Put,
        Method::Delete => HttpMethod::Delete,
    }
}

/// The error statuses a route can answer: those of its extractors and its method, and its own.
fn errors_of(route: &ApiRoute) -> Vec<(u16, &'static str)> {
    let x = &route.extracted;
    let mut errors = vec![(400, "Bad request"), (404, "Not found"), (422, "Invalid input")];
    if x.caller {
        errors.push((401, "Not signed in, or the session ended"));
        errors.push((403, "Forbidden"));
    }
    if !matches!(x.body, Body::None) {
        errors.push((413, "Body too large"));
        errors.push((415, "Unsupported content type"));
    }
    if route.method != Method::Get {
        errors.push((409, "Conflicts with the row's state"));
    }
    if x.if_match {
        errors.push((412, "Stale If-Match"));
        errors.push((428, "If-Match missing"));
    }
    errors.extend(route.errors.iter().copied());
    errors.push((500, "Internal error (no details)"));
    errors.push((503, "The database is unreachable; ask again after Retry-After seconds"));
    errors
}

/// A request header a route reads.
fn header(name: &str, required: Required, description: &str) -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Header)
        .required(required)
        .description(Some(description))
        .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
        .build()
}

/// The whole document. Panics if a route has no entry in [`doc`] (a test calls this).
pub fn document() -> OpenApi {
    let mut schemas: Schemas = Vec::new();
    let mut paths = PathsBuilder::new();
    for route in super::api_routes() {
        let (method, path, x) = (route.method, route.path, &route.extracted);
        let mut op = OperationBuilder::new()
            .tag(route.tag)
            .summary(Some(route.summary))
            .operation_id(Some(format!(
                "{}_{}",
                method.name().to_lowercase(),
                path.replace(['/', '{', '}', '.', '-'], "_")
            )))
            .parameters(Some(path_params(path)));
        if let Some(params) = x.query {
            op = op.parameters(Some(params()));
        }
        if x.if_match {
            op = op.parameter(header("If-Match", Required::True, "The ETag of the version edited"));
        }
        if x.read_after {
            op = op.parameter(header(
                "Duban-Read-After",
                Required::False,
                "The Duban-Write-Token of the caller's last write: the answer then shows that write, whichever instance answers",
            ));
        }
        match x.body {
            Body::None => {}
            Body::Json(f) => {
                let schema = f(&mut schemas);
                op = op.request_body(Some(
                    RequestBodyBuilder::new()
                        .required(Some(Required::True))
                        .content("application/json", ContentBuilder::new().schema(Some(schema)).build())
                        .build(),
                ));
            }
            Body::File => {
                let binary = ObjectBuilder::new()
                    .schema_type(Type::String)
                    .format(Some(utoipa::openapi::SchemaFormat::Custom("binary".into())));
                op = op.request_body(Some(
                    RequestBodyBuilder::new()
                        .required(Some(Required::True))
                        .content(
                            "application/octet-stream",
                            ContentBuilder::new().schema(Some(binary)).build(),
                        )
                        .build(),
                ));
            }
        }
        op = match route.answer {
            Answer::Json(status, f) => {
                let schema = f(&mut schemas);
                op.response(
                    status.to_string(),
                    ResponseBuilder::new()
                        .description("OK")
                        .content("application/json", ContentBuilder::new().schema(Some(schema)).build())
                        .build(),
                )
            }
            Answer::Empty(status) => {
                op.response(status.to_string(), ResponseBuilder::new().description("Done").build())
            }
            Answer::File(mime) => op.response(
                "200",
                ResponseBuilder::new()
                    .description("The file")
                    .content(mime, ContentBuilder::new().build())
                    .build(),
            ),
        };
        for (status, what) in errors_of(route) {
            op = op.response(status.to_string(), error_response(&mut schemas, what));
        }
        if !x.caller {
            op = op.securities(Some(Vec::<SecurityRequirement>::new()));
        }
        paths = paths.path(format!("/api/v1{path}"), PathItem::new(method_of(method), op.build()));
    }
    // The health check lives outside /api/v1 and needs no principal.
    let health = json::<duban_shared::api::Health>(&mut schemas);
    paths = paths.path(
        "/healthz",
        PathItem::new(
            HttpMethod::Get,
            OperationBuilder::new()
                .tag("health")
                .summary(Some("Is the server up and can it reach PostgreSQL (503 when not)"))
                .operation_id(Some("get_healthz"))
                .securities(Some(Vec::<SecurityRequirement>::new()))
                .response(
                    "200",
                    ResponseBuilder::new()
                        .description("Up")
                        .content(
                            "application/json",
                            ContentBuilder::new().schema(Some(health.clone())).build(),
                        )
                        .build(),
                )
                .response(
                    "503",
                    ResponseBuilder::new()
                        .description("A dependency is down: the body names it (Retry-After)")
                        .content("application/json", ContentBuilder::new().schema(Some(health)).build())
                        .build(),
                )
                .build(),
        ),
    );
    paths = paths.path(
        "/livez",
        PathItem::new(
            HttpMethod::Get,
            OperationBuilder::new()
                .tag("health")
                .summary(Some("The process answers (no database involved)"))
                .operation_id(Some("get_livez"))
                .securities(Some(Vec::<SecurityRequirement>::new()))
                .response("200", ResponseBuilder::new().description("Up").build())
                .build(),
        ),
    );
    schemas.sort_by(|a, b| a.0.cmp(&b.0));
    schemas.dedup_by(|a, b| a.0 == b.0);
    let components = ComponentsBuilder::new()
        .schemas_from_iter(schemas)
        .security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("a JWT from /api/v1/auth/login, or an API token dbn_…")
                    .build(),
            ),
        )
        .build();
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Duban 督办 API")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(
                    "The supervision system for a city's annual livelihood projects. Errors are \
                     {\"error\": {\"code\", \"message\"}}. Writes to existing rows send If-Match with the row's ETag. \
                     A method a path does not serve answers 405 with an Allow header naming those it does. \
                     Text may not hold control characters other than tab and line breaks, dates lie in 2000–2100 \
                     and numbers within ±1e15 (422 naming the field).",
                ))
                .build(),
        )
        .paths(paths.build())
        .components(Some(components))
        .security(Some(vec![SecurityRequirement::new("bearer", Vec::<String>::new())]))
        .build()
}
