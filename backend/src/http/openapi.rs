//! The OpenAPI 3 document of `/api/v1`, generated from the route table ([`super::API_ROUTES`])
//! and the DTOs' own schemas (`utoipa::ToSchema` on the shared types). Every route must have
//! an entry in [`doc`]; a test compares the router with the document.

use duban_shared::api::Milestone;
use duban_shared::api::{ItemDetail, ItemList, PlanDetail, PlanList, UnitList};
use duban_shared::auth::{
    ApiTokenList, AuditPage, ChangePassword, CreatedApiToken, LoginRequest, LoginResponse, Me, NewApiToken, NewUser,
    ResetPassword, User, UserList,
};
use duban_shared::briefing::{Briefing, BriefingList, NewBriefing};
use duban_shared::error::ErrorBody;
use duban_shared::plan_edit::{Category, CategoryInput, ItemInput, PlanInput, UnitEntry, UnitInput};
use duban_shared::reporting::{NewReport, Report, ReportContent, ReportList};
use duban_shared::seed::PlanSeed;
use duban_shared::summary::Summary;
use duban_shared::supervision::{
    CompleteMilestone, Evidence, ExtensionDecision, ExtensionList, ExtensionRequest, NewExtensionRequest, NewNotice,
    Notice, NoticeAnswer, NoticeList, Reason,
};
use utoipa::openapi::path::{
    HttpMethod, OperationBuilder, Parameter, ParameterBuilder, ParameterIn, PathItem, PathsBuilder,
};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ComponentsBuilder, ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ContentBuilder, InfoBuilder, OpenApi, OpenApiBuilder, Ref, RefOr, Required, ResponseBuilder};
use utoipa::{IntoParams, ToSchema};

use super::routes;

type Schemas = Vec<(String, RefOr<Schema>)>;
type SchemaFn = fn(&mut Schemas) -> RefOr<Schema>;

/// Registers `T` (and what it refers to) and answers a reference to it.
fn json<T: ToSchema>(out: &mut Schemas) -> RefOr<Schema> {
    out.push((T::name().into_owned(), T::schema()));
    T::schemas(out);
    RefOr::Ref(Ref::from_schema_name(T::name()))
}

fn query<T: IntoParams>() -> Vec<Parameter> {
    T::into_params(|| Some(ParameterIn::Query))
}

pub enum Body {
    None,
    Json(SchemaFn),
    /// The raw bytes of an uploaded file.
    File,
}

pub enum Answer {
    Json(u16, SchemaFn),
    Empty(u16),
    File(&'static str),
}

pub struct RouteDoc {
    pub tag: &'static str,
    pub summary: &'static str,
    pub query: Option<fn() -> Vec<Parameter>>,
    pub body: Body,
    pub answer: Answer,
}

const fn d(tag: &'static str, summary: &'static str, body: Body, answer: Answer) -> RouteDoc {
    RouteDoc {
        tag,
        summary,
        query: None,
        body,
        answer,
    }
}

fn q(mut doc: RouteDoc, params: fn() -> Vec<Parameter>) -> RouteDoc {
    doc.query = Some(params);
    doc
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// What each route takes and answers.
pub fn doc(method: &str, path: &str) -> Option<RouteDoc> {
    use Answer::{Empty, File, Json};
    use Body::{Json as In, None as No};
    let as_of = query::<routes::items::AsOfQuery> as fn() -> Vec<Parameter>;
    Some(match (method, path) {
        ("Post", "/auth/login") => d(
            "auth",
            "Log in; answers a Bearer access token",
            In(json::<LoginRequest>),
            Json(200, json::<LoginResponse>),
        ),
        ("Post", "/auth/logout") => d("auth", "End this session", No, Empty(204)),
        ("Post", "/auth/password") => d(
            "auth",
            "Change one's password (ends every session)",
            In(json::<ChangePassword>),
            Empty(204),
        ),
        ("Get", "/me") => d("auth", "Who is asking", No, Json(200, json::<Me>)),
        ("Get", "/units") => d("plans", "The responsible units", No, Json(200, json::<UnitList>)),
        ("Post", "/units") => d(
            "editor",
            "Add a unit",
            In(json::<UnitInput>),
            Json(201, json::<UnitEntry>),
        ),
        ("Put", "/units/{id}") => d(
            "editor",
            "Rename a unit or change its code (If-Match)",
            In(json::<UnitInput>),
            Json(200, json::<UnitEntry>),
        ),
        ("Delete", "/units/{id}") => d("editor", "Remove a unit nothing names (If-Match)", No, Empty(204)),
        ("Get", "/plans") => d("plans", "The plans", No, Json(200, json::<PlanList>)),
        ("Post", "/plans") => d(
            "editor",
            "Start a year's plan, as a draft",
            In(json::<PlanInput>),
            Json(201, json::<PlanDetail>),
        ),
        ("Post", "/plans/import") => d(
            "editor",
            "Import a whole plan in the data-file format, as a draft",
            In(json::<PlanSeed>),
            Json(201, json::<PlanDetail>),
        ),
        ("Put", "/plans/{year}") => d(
            "editor",
            "Edit a plan's header and light thresholds (If-Match)",
            In(json::<PlanInput>),
            Json(200, json::<PlanDetail>),
        ),
        ("Delete", "/plans/{year}") => d("editor", "Remove a draft plan (If-Match)", No, Empty(204)),
        ("Post", "/plans/{year}/publish") => d(
            "editor",
            "Publish a draft plan to units and leaders (If-Match)",
            No,
            Json(200, json::<PlanDetail>),
        ),
        ("Post", "/plans/{year}/categories") => d(
            "editor",
            "Add a category",
            In(json::<CategoryInput>),
            Json(201, json::<Category>),
        ),
        ("Put", "/categories/{id}") => d(
            "editor",
            "Edit a category (If-Match)",
            In(json::<CategoryInput>),
            Json(200, json::<Category>),
        ),
        ("Delete", "/categories/{id}") => d("editor", "Remove an empty category (If-Match)", No, Empty(204)),
        ("Post", "/plans/{year}/items") => d(
            "editor",
            "Add an item with its milestones and indicators",
            In(json::<ItemInput>),
            Json(201, json::<ItemDetail>),
        ),
        ("Put", "/items/{id}") => d(
            "editor",
            "Edit an item whole: milestones and indicators by id are kept (If-Match)",
            In(json::<ItemInput>),
            Json(200, json::<ItemDetail>),
        ),
        ("Delete", "/items/{id}") => d(
            "editor",
            "Remove an item no report or notice depends on (If-Match)",
            No,
            Empty(204),
        ),
        ("Get", "/plans/{year}") => q(
            d(
                "plans",
                "A plan: categories, items and lights",
                No,
                Json(200, json::<PlanDetail>),
            ),
            as_of,
        ),
        ("Get", "/plans/{year}/items") => q(
            d(
                "plans",
                "A plan's items, filtered by unit, category and light; paginated",
                No,
                Json(200, json::<ItemList>),
            ),
            query::<routes::plans::ItemQuery>,
        ),
        ("Get", "/items/{id}") => q(
            d(
                "plans",
                "An item with milestones, indicators and its light",
                No,
                Json(200, json::<ItemDetail>),
            ),
            as_of,
        ),
        ("Get", "/plans/{year}/summary") => q(
            d("summary", "The leaders' summary", No, Json(200, json::<Summary>)),
            as_of,
        ),
        ("Get", "/items/{id}/lights") => q(
            d(
                "summary",
                "The item's light at each month's end",
                No,
                Json(200, json::<duban_shared::summary::LightHistory>),
            ),
            as_of,
        ),
        ("Get", "/items/{id}/series") => q(
            d(
                "summary",
                "Target line and reported values of the item's indicators",
                No,
                Json(200, json::<duban_shared::summary::SeriesResponse>),
            ),
            as_of,
        ),
        ("Get", "/plans/{year}/export.xlsx") => q(
            d(
                "exports",
                "The plan in the notice's table layout, as .xlsx",
                No,
                File(XLSX),
            ),
            as_of,
        ),
        ("Get", "/plans/{year}/export.csv") => q(
            d("exports", "The plan as CSV (UTF-8 with BOM)", No, File("text/csv")),
            as_of,
        ),
        ("Get", "/plans/{year}/briefing-preview") => q(
            d(
                "briefings",
                "Preview a briefing for a cut-off day",
                No,
                Json(200, json::<Briefing>),
            ),
            query::<routes::briefings::PreviewQuery>,
        ),
        ("Get", "/plans/{year}/briefings") => {
            d("briefings", "Published briefings", No, Json(200, json::<BriefingList>))
        }
        ("Post", "/plans/{year}/briefings") => d(
            "briefings",
            "Publish the next numbered briefing",
            In(json::<NewBriefing>),
            Json(201, json::<Briefing>),
        ),
        ("Get", "/briefings/{id}") => d("briefings", "A published briefing", No, Json(200, json::<Briefing>)),
        ("Get", "/briefings/{id}/print") => d(
            "briefings",
            "A published briefing as a print-ready page",
            No,
            File("text/html"),
        ),
        ("Get", "/briefings/{id}/docx") => d("briefings", "A published briefing as a Word document", No, File(DOCX)),
        ("Get", "/users") => d("admin", "Accounts", No, Json(200, json::<UserList>)),
        ("Post", "/users") => d(
            "admin",
            "Create an account",
            In(json::<NewUser>),
            Json(201, json::<User>),
        ),
        ("Post", "/users/{id}/disable") => d(
            "admin",
            "Disable an account (ends its sessions)",
            No,
            Json(200, json::<User>),
        ),
        ("Post", "/users/{id}/password") => d(
            "admin",
            "Set an account's password (ends its sessions)",
            In(json::<ResetPassword>),
            Empty(204),
        ),
        ("Get", "/api-tokens") => d(
            "admin",
            "API tokens of other systems",
            No,
            Json(200, json::<ApiTokenList>),
        ),
        ("Post", "/api-tokens") => d(
            "admin",
            "Create an API token (the secret is shown once)",
            In(json::<NewApiToken>),
            Json(201, json::<CreatedApiToken>),
        ),
        ("Delete", "/api-tokens/{id}") => d("admin", "Revoke an API token", No, Empty(204)),
        ("Get", "/audit") => q(
            d("admin", "The audit log, newest first", No, Json(200, json::<AuditPage>)),
            query::<routes::audit::AuditQuery>,
        ),
        ("Get", "/items/{id}/reports") => d(
            "reports",
            "An item's monthly reports with their versions",
            No,
            Json(200, json::<ReportList>),
        ),
        ("Post", "/items/{id}/reports") => d(
            "reports",
            "Start a month's report, pre-filled from the last",
            In(json::<NewReport>),
            Json(201, json::<Report>),
        ),
        ("Get", "/items/{id}/reports/{period}") => d(
            "reports",
            "A report (ETag = its version)",
            No,
            Json(200, json::<Report>),
        ),
        ("Put", "/items/{id}/reports/{period}") => d(
            "reports",
            "Replace a draft or returned report (If-Match)",
            In(json::<ReportContent>),
            Json(200, json::<Report>),
        ),
        ("Post", "/items/{id}/reports/{period}/submit") => {
            d("reports", "Submit a report (If-Match)", No, Json(200, json::<Report>))
        }
        ("Post", "/items/{id}/reports/{period}/accept") => d(
            "reports",
            "Accept a submitted report (If-Match)",
            No,
            Json(200, json::<Report>),
        ),
        ("Post", "/items/{id}/reports/{period}/return") => d(
            "reports",
            "Return a report with a reason (If-Match)",
            In(json::<Reason>),
            Json(200, json::<Report>),
        ),
        ("Get", "/reports") => q(
            d(
                "reports",
                "Reports across items (the review queue); paginated",
                No,
                Json(200, json::<ReportList>),
            ),
            query::<routes::reports::QueueQuery>,
        ),
        ("Post", "/milestones/{id}/complete") => d(
            "milestones",
            "Mark a milestone complete (If-Match)",
            In(json::<CompleteMilestone>),
            Json(200, json::<Milestone>),
        ),
        ("Post", "/milestones/{id}/reopen") => d(
            "milestones",
            "Reopen a milestone with a reason (If-Match)",
            In(json::<Reason>),
            Json(200, json::<Milestone>),
        ),
        ("Post", "/milestones/{id}/evidence") => q(
            d(
                "milestones",
                "Upload an evidence file (the raw bytes; ≤ 20 MB)",
                Body::File,
                Json(201, json::<Evidence>),
            ),
            query::<routes::evidence::UploadQuery>,
        ),
        ("Get", "/evidence/{id}") => d(
            "milestones",
            "Download an evidence file",
            No,
            File("application/octet-stream"),
        ),
        ("Delete", "/evidence/{id}") => d(
            "milestones",
            "Remove an evidence file of an open milestone",
            No,
            Empty(204),
        ),
        ("Post", "/milestones/{id}/extensions") => d(
            "milestones",
            "Ask for a later due date",
            In(json::<NewExtensionRequest>),
            Json(201, json::<ExtensionRequest>),
        ),
        ("Get", "/extensions") => q(
            d("milestones", "Extension requests", No, Json(200, json::<ExtensionList>)),
            query::<routes::extensions::ListQuery>,
        ),
        ("Post", "/extensions/{id}/decide") => d(
            "milestones",
            "Approve or refuse an extension (If-Match)",
            In(json::<ExtensionDecision>),
            Json(200, json::<ExtensionRequest>),
        ),
        ("Post", "/items/{id}/notices") => d(
            "notices",
            "Issue a supervision notice",
            In(json::<NewNotice>),
            Json(201, json::<Notice>),
        ),
        ("Get", "/notices") => q(
            d(
                "notices",
                "Supervision notices; paginated",
                No,
                Json(200, json::<NoticeList>),
            ),
            query::<routes::notices::ListQuery>,
        ),
        ("Post", "/notices/{id}/answer") => d(
            "notices",
            "Answer a notice (If-Match)",
            In(json::<NoticeAnswer>),
            Json(200, json::<Notice>),
        ),
        ("Post", "/notices/{id}/close") => d(
            "notices",
            "Close an answered notice (If-Match)",
            No,
            Json(200, json::<Notice>),
        ),
        _ => return None,
    })
}

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

fn method_of(m: &str) -> HttpMethod {
    match m {
        "Get" => HttpMethod::Get,
        "Post" => HttpMethod::Post,
        "Put" => HttpMethod::Put,
        _ => HttpMethod::Delete,
    }
}

/// The whole document. Panics if a route has no entry in [`doc`] (a test calls this).
pub fn document() -> OpenApi {
    let mut schemas: Schemas = Vec::new();
    let mut paths = PathsBuilder::new();
    for (method, path) in super::API_ROUTES {
        let doc = doc(method, path).unwrap_or_else(|| panic!("no OpenAPI entry for {method} {path}"));
        let mut op = OperationBuilder::new()
            .tag(doc.tag)
            .summary(Some(doc.summary))
            .operation_id(Some(format!(
                "{}_{}",
                method.to_lowercase(),
                path.replace(['/', '{', '}', '.', '-'], "_")
            )))
            .parameters(Some(path_params(path)));
        if let Some(params) = doc.query {
            op = op.parameters(Some(params()));
        }
        if *method != "Get" && *method != "Delete" {
            op = op.parameter(
                ParameterBuilder::new()
                    .name("If-Match")
                    .parameter_in(ParameterIn::Header)
                    .required(Required::False)
                    .description(Some(
                        "The ETag of the version edited; required where the summary says If-Match",
                    ))
                    .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                    .build(),
            );
        }
        match doc.body {
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
        op = match doc.answer {
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
        let mut errors = vec![
            ("400", "Bad request"),
            ("403", "Forbidden"),
            ("404", "Not found"),
            ("422", "Invalid input"),
        ];
        if *path == "/auth/login" {
            errors.push(("401", "Wrong username or password"));
            errors.push(("429", "Too many failed logins"));
        } else {
            errors.push(("401", "Not signed in, or the session ended"));
        }
        if *method != "Get" {
            errors.extend([
                ("409", "Conflicts with the row's state"),
                ("412", "Stale If-Match"),
                ("428", "If-Match missing"),
            ]);
        }
        errors.push(("500", "Internal error (no details)"));
        for (status, what) in errors {
            op = op.response(status, error_response(&mut schemas, what));
        }
        if *path == "/auth/login" {
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
                     {\"error\": {\"code\", \"message\"}}. Writes to existing rows send If-Match with the row's ETag.",
                ))
                .build(),
        )
        .paths(paths.build())
        .components(Some(components))
        .security(Some(vec![SecurityRequirement::new("bearer", Vec::<String>::new())]))
        .build()
}
