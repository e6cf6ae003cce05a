//! Plans. Reading: `GET /api/v1/plans`, `GET /api/v1/plans/{year}`,
//! `GET /api/v1/plans/{year}/items`. The office's editor: `POST /api/v1/plans`,
//! `POST /api/v1/plans/import`, `PUT|DELETE /api/v1/plans/{year}`,
//! `POST /api/v1/plans/{year}/publish`.

use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};
use duban_shared::api::{page_of, ItemList, PlanList, PlanStatus};
use duban_shared::error::ErrorCode;
use duban_shared::ids::{PlanId, PlanYear};
use duban_shared::lights::Colour;
use duban_shared::permissions::{may, Action};
use duban_shared::plan_edit::PlanInput;
use duban_shared::rules;
use duban_shared::seed::PlanSeed;
use serde::Deserialize;

use crate::db::audit::{self, Change};
use crate::db::items::{self as item_queries, ItemFilter};
use crate::db::plans::{self, PlanRef};
use crate::db::seed::{self, SeedError, SeedOutcome};
use crate::db::units;
use crate::http::auth::Caller;
use crate::http::error::AppError;
use crate::http::input::Json;
use crate::http::policy::authorize;
use crate::http::read_cache::{cached_read, AnswerKey, ReadAfter};
use crate::http::route::ApiRoute;
use crate::http::routes::items::AsOfQuery;
use crate::http::state::AppState;
use crate::http::versioning::{created_with_etag, with_etag, IfMatch};
use duban_shared::api::{ImportedPlan, PlanDetail};
use duban_shared::error::FieldError;
use duban_shared::notice::{read_notice, ImportProblem, NoticeDocument, NoticeReading};

use crate::http::input;
use crate::notice_file;

/// This file's routes (see [`crate::http::route`]).
pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::get("/plans", list, "plans", "The plans").json::<PlanList>(200),
        ApiRoute::post("/plans", create, "editor", "Start a year's plan, as a draft").json::<PlanDetail>(201),
        ApiRoute::post(
            "/plans/import",
            import,
            "editor",
            "Import a whole plan as a draft: a plan file (JSON), or the notice as text/plain or .docx; ?year=, ?dry_run=true",
        )
        .json::<ImportedPlan>(201),
        ApiRoute::get("/plans/{year}", show, "plans", "A plan: categories, items and lights").json::<PlanDetail>(200),
        ApiRoute::put(
            "/plans/{year}",
            update,
            "editor",
            "Edit a plan's header and light thresholds (If-Match)",
        )
        .json::<PlanDetail>(200),
        ApiRoute::delete("/plans/{year}", delete, "editor", "Remove a draft plan (If-Match)").empty(204),
        ApiRoute::post(
            "/plans/{year}/publish",
            publish,
            "editor",
            "Publish a draft plan to units and leaders (If-Match)",
        )
        .json::<PlanDetail>(200),
        ApiRoute::get(
            "/plans/{year}/items",
            list_items,
            "plans",
            "A plan's items, filtered by unit, category and light; paginated",
        )
        .json::<ItemList>(200),
    ]
}

/// The plan of `year` if the caller may read it: 404 when there is none, else 403.
pub fn readable_plan(
    conn: &mut diesel::PgConnection,
    caller: &Caller,
    year: PlanYear,
) -> Result<plans::PlanRow, AppError> {
    let plan = plans::find_by_year(conn, year)?.ok_or_else(|| AppError::not_found("plan"))?;
    authorize(caller, plan.plan_ref().read())?;
    Ok(plan)
}

pub async fn list(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, AppError> {
    let plans = state.db(|conn| Ok(plans::list(conn)?)).await?;
    // A token limited to one plan sees only that plan in the list; a deputy sees the published
    // plans it may grade (their years, to find its ballot).
    let plans = plans
        .into_iter()
        .filter(|p| {
            let plan_id = PlanId(p.id);
            may(caller.actor, PlanRef::new(plan_id, p.status).read())
                || (p.status == duban_shared::api::PlanStatus::Published
                    && may(caller.actor, duban_shared::permissions::Action::Evaluate { plan_id }))
        })
        .collect();
    Ok(HttpResponse::Ok().json(PlanList { plans }))
}

pub async fn show(
    state: web::Data<AppState>,
    caller: Caller,
    after: ReadAfter,
    year: web::Path<PlanYear>,
    query: web::Query<AsOfQuery>,
) -> Result<HttpResponse, AppError> {
    let year = year.into_inner();
    let as_of = query.as_of.unwrap_or_else(|| state.today());
    let reader = caller.clone();
    cached_read(
        &state,
        AnswerKey::Plan {
            year: year.get(),
            as_of,
        },
        &caller,
        after,
        move |conn| {
            let plan = readable_plan(conn, &reader, year)?;
            let plan_ref = plan.plan_ref();
            Ok((plan_ref, plans::detail(conn, plan, as_of)?))
        },
    )
    .await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ItemQuery {
    /// A unit's code (`cgj`) or id: the items it leads.
    pub unit: Option<String>,
    /// A unit's code or id: the items it helps on as a co-unit (配合单位).
    pub co_unit: Option<String>,
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
    caller: Caller,
    year: web::Path<PlanYear>,
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
            let plan = readable_plan(conn, &caller, year)?;
            let mut unit_id = |u: &Option<String>| -> Result<Option<i32>, AppError> {
                match u {
                    Some(u) => Ok(Some(
                        units::find_unit(conn, u)?
                            .ok_or_else(|| AppError::bad_request(format!("unknown unit {u}")))?
                            .id,
                    )),
                    None => Ok(None),
                }
            };
            let lead_unit_id = unit_id(&query.unit)?;
            let co_unit_id = unit_id(&query.co_unit)?;
            let filter = ItemFilter {
                plan_id: Some(plan.id),
                lead_unit_id,
                co_unit_id,
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

/// `POST /api/v1/plans`: a new year, as a draft only the office sees.
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<PlanInput>,
) -> Result<HttpResponse, AppError> {
    let allowed = authorize(&caller, Action::Administer)?;
    let input = body.read(allowed)?;
    AppError::check(input.problems())?;
    let today = state.today();
    let plan = state
        .tx(move |conn| {
            let row = plans::create(conn, &input)?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("create", "plan", row.id, None, Some(&row)),
            )?;
            Ok(plans::detail(conn, row, today)?)
        })
        .await?;
    Ok(created_with_etag(plan.version, &plan))
}

/// `?year=` and `?dry_run=` of an import.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    pub year: Option<i32>,
    #[serde(default)]
    pub dry_run: bool,
}

/// The largest notice accepted: a .docx with a few photos; text is far smaller.
const NOTICE_LIMIT: usize = 10 * 1024 * 1024;
const TEXT_LIMIT: usize = 2 * 1024 * 1024;
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// The problems that stop a notice from being saved, as a 422 listing each by its line.
fn refused(problems: &[ImportProblem]) -> AppError {
    let fields = problems
        .iter()
        .filter(|p| p.blocking)
        .map(|p| FieldError {
            field: format!("line {}", p.line),
            message: p.message.clone(),
        })
        .collect();
    AppError::check(fields).expect_err("at least one blocking problem")
}

/// The body as a plan: a plan file (JSON), the notice's text, or the notice as a .docx.
async fn read_import(
    req: &HttpRequest,
    payload: web::Payload,
    year: Option<i32>,
) -> Result<(PlanSeed, Vec<ImportProblem>), AppError> {
    let mime = req.mime_type().ok().flatten();
    let essence = mime.as_ref().map(|m| m.essence_str().to_string()).unwrap_or_default();
    let (mut plan, problems) = match essence.as_str() {
        "application/json" => {
            let bytes = input::read_at_most(payload.into_inner(), input::JSON_LIMIT).await?;
            let mut plan: PlanSeed = input::parse(&bytes)?;
            if let Some(year) = year {
                plan.year = year;
            }
            (plan, Vec::new())
        }
        "text/plain" | DOCX => {
            let limit = if essence == DOCX { NOTICE_LIMIT } else { TEXT_LIMIT };
            let bytes = input::read_at_most(payload.into_inner(), limit).await?;
            if bytes.is_empty() {
                return Err(AppError::invalid("body", "文件为空"));
            }
            let docx = essence == DOCX;
            // Unpacking and reading take CPU: off the request threads.
            let read = web::block(move || read_notice_file(&bytes, docx, year))
                .await
                .map_err(|e| AppError::internal(format!("reading the notice: {e}")))?;
            let reading = read?;
            if reading.is_blocked() {
                return Err(refused(&reading.problems));
            }
            (reading.plan, reading.problems)
        }
        _ => {
            return Err(AppError::new(
                ErrorCode::UnsupportedMediaType,
                "expected application/json (a plan file), text/plain or .docx (the notice)",
            ))
        }
    };
    // What was read passes the same text rules as any JSON body.
    let value = serde_json::to_value(&plan).map_err(AppError::internal)?;
    AppError::check(duban_shared::input::json_problems(&value))?;
    plan.units.iter_mut().for_each(|u| u.name = u.name.trim().to_string());
    Ok((plan, problems))
}

/// A notice's bytes (a .docx, else text) read into a plan, or why not.
fn read_notice_file(bytes: &[u8], docx: bool, year: Option<i32>) -> Result<NoticeReading, AppError> {
    let doc = if docx {
        notice_file::read_docx(bytes).map_err(|e| match e {
            notice_file::DocxError::TooLarge => AppError::new(ErrorCode::PayloadTooLarge, e.to_string()),
            e => AppError::invalid("body", e.to_string()),
        })?
    } else {
        // UTF-8 as sent; a file saved by an older Windows editor is GBK, read as GB18030.
        let text: std::borrow::Cow<str> = match std::str::from_utf8(bytes) {
            Ok(t) => t.into(),
            Err(_) => encoding_rs::GB18030
                .decode_without_bom_handling_and_without_replacement(bytes)
                .ok_or_else(|| AppError::invalid("body", "文本既不是 UTF-8 也不是 GBK 编码"))?,
        };
        if let Some((n, _)) = text
            .lines()
            .enumerate()
            .find(|(_, l)| duban_shared::input::text_problem(l).is_some())
        {
            return Err(AppError::invalid(&format!("line {}", n + 1), "含有控制字符"));
        }
        NoticeDocument::from_text(&text)
    };
    read_notice(&doc, year).map_err(|p| refused(&p))
}

/// What a dry run ends with: the plan as it would be (the savepoint is rolled back), or why not.
enum Trial {
    Read(Box<PlanDetail>),
    Failed(AppError),
}

impl From<diesel::result::Error> for Trial {
    fn from(e: diesel::result::Error) -> Self {
        Trial::Failed(e.into())
    }
}

fn load_draft(
    conn: &mut diesel::PgConnection,
    plan_file: &PlanSeed,
    today: chrono::NaiveDate,
) -> Result<PlanDetail, AppError> {
    match seed::load_plan_as(conn, plan_file, PlanStatus::Draft) {
        Ok(SeedOutcome::Loaded { .. }) => {}
        Ok(SeedOutcome::AlreadyPresent) => {
            return Err(AppError::new(
                ErrorCode::Conflict,
                format!("{}年已有计划；可加 ?year= 导入为其他年度", plan_file.year),
            ))
        }
        Err(SeedError::Invalid(problems)) => return Err(AppError::new(ErrorCode::Validation, problems)),
        Err(SeedError::Database(e)) => return Err(e.into()),
    }
    let row = plans::find_by_year(conn, PlanYear(plan_file.year))?.ok_or_else(|| AppError::not_found("plan"))?;
    Ok(plans::detail(conn, row, today)?)
}

/// `POST /api/v1/plans/import`: a whole plan as a draft, from a plan file (JSON) or from the
/// notice itself (text or .docx); `?year=` overrides the year, `?dry_run=true` saves nothing
/// and answers 200 with the plan it read. 409 when the year has a plan already.
pub async fn import(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    query: web::Query<ImportQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    authorize(&caller, Action::Administer)?;
    let ImportQuery { year, dry_run } = query.into_inner();
    if year.is_some_and(|y| !(2000..=2100).contains(&y)) {
        return Err(AppError::invalid("year", "年度应在2000至2100之间"));
    }
    let (mut plan_file, problems) = read_import(&req, payload, year).await?;
    let today = state.today();
    let plan = state
        .tx(move |conn| {
            units::fill_codes(conn, &mut plan_file.units)?;
            if dry_run {
                use diesel::Connection;
                let trial = conn.transaction::<(), Trial, _>(|conn| {
                    Err(match load_draft(conn, &plan_file, today) {
                        Ok(plan) => Trial::Read(Box::new(plan)),
                        Err(e) => Trial::Failed(e),
                    })
                });
                return match trial {
                    Err(Trial::Read(plan)) => Ok(*plan),
                    Err(Trial::Failed(e)) => Err(e),
                    Ok(()) => unreachable!("the trial always rolls back"),
                };
            }
            let plan = load_draft(conn, &plan_file, today)?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("import", "plan", plan.id, None, Some(&plan_file)),
            )?;
            Ok(plan)
        })
        .await?;
    let answer = ImportedPlan {
        problems,
        dry_run,
        plan,
    };
    if dry_run {
        Ok(HttpResponse::Ok().json(answer))
    } else {
        Ok(created_with_etag(answer.plan.version, &answer))
    }
}

fn locked(conn: &mut diesel::PgConnection, year: PlanYear, if_match: IfMatch) -> Result<plans::PlanRow, AppError> {
    let plan = plans::lock_by_year(conn, year)?.ok_or_else(|| AppError::not_found("plan"))?;
    if_match.check(plan.version)?;
    Ok(plan)
}

/// `PUT /api/v1/plans/{year}`: the header and thresholds (the year itself stays).
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    year: web::Path<PlanYear>,
    if_match: IfMatch,
    body: Json<PlanInput>,
) -> Result<HttpResponse, AppError> {
    let allowed = authorize(&caller, Action::Administer)?;
    let year = year.into_inner();
    let input = body.read(allowed)?;
    rules::plans::update(year.get(), &input)?;
    let today = state.today();
    let plan = state
        .tx(move |conn| {
            let before = locked(conn, year, if_match)?;
            let after = plans::update(conn, PlanId(before.id), &input)?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("update", "plan", after.id, Some(&before), Some(&after)),
            )?;
            Ok(plans::detail(conn, after, today)?)
        })
        .await?;
    Ok(with_etag(plan.version, &plan))
}

/// `POST /api/v1/plans/{year}/publish`: units and leaders see the plan from now on.
pub async fn publish(
    state: web::Data<AppState>,
    caller: Caller,
    year: web::Path<PlanYear>,
    if_match: IfMatch,
) -> Result<HttpResponse, AppError> {
    authorize(&caller, Action::Administer)?;
    let year = year.into_inner();
    let today = state.today();
    let plan = state
        .tx(move |conn| {
            let before = locked(conn, year, if_match)?;
            rules::plans::publish(before.plan_ref().published)?;
            let problems = plans::publish_problems(conn, &before)?;
            if !problems.is_empty() {
                return Err(AppError::new(ErrorCode::Validation, problems.join("；")));
            }
            let after = plans::publish(conn, PlanId(before.id))?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("publish", "plan", after.id, Some(&before), Some(&after)),
            )?;
            Ok(plans::detail(conn, after, today)?)
        })
        .await?;
    Ok(with_etag(plan.version, &plan))
}

/// `DELETE /api/v1/plans/{year}`: a draft only; a published plan is the record of the year.
pub async fn delete(
    state: web::Data<AppState>,
    caller: Caller,
    year: web::Path<PlanYear>,
    if_match: IfMatch,
) -> Result<HttpResponse, AppError> {
    authorize(&caller, Action::Administer)?;
    let year = year.into_inner();
    state
        .tx(move |conn| {
            let before = locked(conn, year, if_match)?;
            rules::plans::delete(before.plan_ref().published)?;
            plans::delete(conn, PlanId(before.id))?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("delete", "plan", before.id, Some(&before), None),
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
