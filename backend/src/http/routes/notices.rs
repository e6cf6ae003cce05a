//! 督查通知书: `POST /api/v1/items/{id}/notices` (the office), `GET /api/v1/notices`
//! (`?state=&grade=&unit=&overdue=&item=&year=`), `GET /api/v1/notices/export.xlsx` (the
//! 督办台账), `GET /api/v1/notices/{id}`, its `/docx`, and the round: `/acknowledge` (签收),
//! `/attachments` and `/answer` (the unit), `/return` and `/close` (销号, the office).

use actix_web::{web, HttpResponse};
use duban_shared::api::page_of;
use duban_shared::cases::{CaseSettings, Grade, NoticeClose, NoticeReturn, PHOTO_MAX_BYTES};
use duban_shared::error::ErrorCode;
use duban_shared::ids::{ItemId, NoticeId, PlanId, PlanYear, UnitId};
use duban_shared::permissions::{Action, Actor};
use duban_shared::rules;
use duban_shared::supervision::{evidence_type, NewNotice, Notice, NoticeAnswer, NoticeList, NoticeState};
use serde::Deserialize;

use super::exports::attachment;
use crate::db::audit::{self, Change};
use crate::db::case_files::{self, NewCaseFile, Owner};
use crate::db::messages::{self, Audience};
use crate::db::notices::{self, NoticeFilter, NoticeRow};
use crate::db::plans::PlanRef;
use crate::db::{instructions, items, plans, units};
use crate::http::auth::Caller;
use crate::http::error::AppError;
use crate::http::input::Json;
use crate::http::policy::authorize;
use crate::http::route::{ApiRoute, DOCX, XLSX};
use crate::http::state::AppState;
use crate::http::upload::{self, Accepts};
use crate::http::versioning::{with_etag, IfMatch};
use crate::render::cases as render;
use duban_shared::cases::CaseFile;
use duban_shared::messages::{words, MessageKind};

/// This file's routes (see [`crate::http::route`]).
pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::post(
            "/items/{id}/notices",
            create,
            "notices",
            "Issue a 督查通知书 (grade, answer-by date by grade unless given)",
        )
        .json::<Notice>(201),
        ApiRoute::get("/notices", list, "notices", "督查通知书, most urgent first; paginated").json::<NoticeList>(200),
        ApiRoute::get(
            "/notices/export.xlsx",
            ledger,
            "notices",
            "The 督办台账 (same filters as the list), as .xlsx",
        )
        .file(XLSX),
        ApiRoute::get("/notices/{id}", one, "notices", "One 督查通知书 with its rounds").json::<Notice>(200),
        ApiRoute::get(
            "/notices/{id}/docx",
            docx,
            "notices",
            "The printable 督查通知书 in 公文 layout",
        )
        .file(DOCX),
        ApiRoute::post(
            "/notices/{id}/acknowledge",
            acknowledge,
            "notices",
            "签收: the unit signs for the notice",
        )
        .json::<Notice>(200),
        ApiRoute::post(
            "/notices/{id}/attachments",
            attach,
            "notices",
            "Attach a file to the unit's next answer (the raw bytes; ≤ 20 MB)",
        )
        .json::<CaseFile>(201),
        ApiRoute::post(
            "/notices/{id}/answer",
            answer,
            "notices",
            "反馈: the unit answers, with the files attached since its last answer (If-Match)",
        )
        .json::<Notice>(200),
        ApiRoute::post(
            "/notices/{id}/return",
            send_back,
            "notices",
            "退回: the office sends the answer back with a reason (If-Match)",
        )
        .json::<Notice>(200),
        ApiRoute::post(
            "/notices/{id}/close",
            close,
            "notices",
            "销号: the office closes an answered notice with a note (If-Match)",
        )
        .json::<Notice>(200),
    ]
}

pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
    body: Json<NewNotice>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let today = state.today();
    let notice = state
        .tx(move |conn| {
            let ctx = items::context(conn, id)?.ok_or_else(|| AppError::not_found("item"))?;
            let new = body.read(authorize(&caller, Action::SuperviseItem { plan_id: ctx.plan_id })?)?;
            rules::notices::issue(&new.reason, new.answer_by, today)?;
            if let Some(instruction) = new.instruction_id {
                if instructions::item_of(conn, instruction)? != Some(id.get()) {
                    return Err(AppError::invalid("instruction_id", "该批示不属于本项目"));
                }
                if notices::for_instruction(conn, instruction)?.is_some() {
                    return Err(AppError::new(ErrorCode::Conflict, "this 批示 has a notice already"));
                }
            }
            let dto = issue(
                conn,
                &caller,
                &ctx,
                Issue {
                    reason: new.reason.trim(),
                    grade: new.grade.unwrap_or(Grade::Blue),
                    answer_by: new.answer_by,
                    instruction_id: new.instruction_id,
                    inspection_id: None,
                },
                today,
            )?;
            Ok(dto)
        })
        .await?;
    Ok(HttpResponse::Created().json(notice))
}

/// What the office asks of a unit, from a notice form, a 批示 or an inspection.
pub struct Issue<'a> {
    pub reason: &'a str,
    pub grade: Grade,
    pub answer_by: Option<chrono::NaiveDate>,
    pub instruction_id: Option<i32>,
    pub inspection_id: Option<i32>,
}

/// Issues and audits a notice to the item's lead unit (the caller is authorized already).
pub fn issue(
    conn: &mut diesel::PgConnection,
    caller: &Caller,
    ctx: &items::ItemContext,
    what: Issue,
    today: chrono::NaiveDate,
) -> Result<Notice, AppError> {
    let settings = case_settings(conn, ctx.plan_id)?;
    let answer_by = what
        .answer_by
        .unwrap_or_else(|| rules::notices::default_answer_by(what.grade, today, &settings));
    let row = notices::create(
        conn,
        &notices::NewNotice {
            item_id: ctx.item_id.get(),
            unit_id: ctx.lead_unit_id.get(),
            plan_id: ctx.plan_id,
            reason: what.reason,
            grade: what.grade,
            answer_by,
            issued_by: caller.user_id()?,
            instruction_id: what.instruction_id,
            inspection_id: what.inspection_id,
        },
    )?;
    let dto = notices::dto(conn, NoticeId(row.id), today)?;
    audit::record(
        conn,
        &caller.audit,
        Change::of("issue", "notice", dto.id, None, Some(&dto)),
    )?;
    let words = words::notice_issued(
        &dto.number,
        dto.item_number,
        dto.grade.label_zh(),
        dto.answer_by,
        &dto.reason,
    );
    messages::tell(
        conn,
        Audience::Unit(dto.unit.id),
        MessageKind::Notice,
        &words,
        &format!("/items/{}", dto.item_id),
    )?;
    Ok(dto)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// The plan year (the newest plan when neither this nor `item` is given).
    pub year: Option<i32>,
    pub item: Option<i32>,
    /// A unit's code or id.
    pub unit: Option<String>,
    /// One state or several, comma-separated: `open,acknowledged,returned`.
    pub state: Option<String>,
    /// The grade in force today: `blue`, `yellow` or `red`.
    pub grade: Option<String>,
    /// `true`: only those whose answer-by date has passed unanswered.
    pub overdue: Option<bool>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// The notices a caller may see for a query: a unit sees its own only.
fn visible(
    conn: &mut diesel::PgConnection,
    caller: &Caller,
    q: &ListQuery,
    today: chrono::NaiveDate,
) -> Result<(Vec<Notice>, i32), AppError> {
    let mut states = Vec::new();
    for s in q.state.as_deref().unwrap_or("").split(',').filter(|s| !s.is_empty()) {
        states.push(NoticeState::parse(s).ok_or_else(|| AppError::invalid("state", "未知的状态"))?);
    }
    let grade = match q.grade.as_deref() {
        None | Some("") => None,
        Some(g) => Some(Grade::parse(g).ok_or_else(|| AppError::invalid("grade", "等级应为 blue、yellow 或 red"))?),
    };
    let plan_row = match (q.item, q.year) {
        (Some(item), _) => {
            let of_item = items::plan_of(conn, ItemId(item))?.ok_or_else(|| AppError::not_found("item"))?;
            plans::find(conn, of_item.id)?
        }
        (None, Some(year)) => plans::find_by_year(conn, PlanYear(year))?,
        (None, None) => plans::latest(conn)?,
    }
    .ok_or_else(|| AppError::not_found("plan"))?;
    let (plan, year) = (plan_row.plan_ref(), plan_row.year);
    authorize(caller, plan.read())?;
    let mut unit_id = match &q.unit {
        Some(u) => Some(
            units::find_unit(conn, u)?
                .ok_or_else(|| AppError::invalid("unit", "未知的单位"))?
                .id,
        ),
        None => None,
    };
    if let Actor::Unit { unit_id: own } = caller.actor {
        if unit_id.is_some_and(|u| u != own.get()) {
            return Err(AppError::forbidden());
        }
        unit_id = Some(own.get());
    }
    let filter = NoticeFilter {
        plan_id: Some(plan.id.get()),
        item_id: q.item,
        unit_id,
        states,
        grade,
        overdue: q.overdue,
        ..Default::default()
    };
    Ok((notices::list(conn, &filter, today)?, year))
}

pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let today = state.today();
    let (page, per_page) = (q.page, q.per_page);
    let (notices, _) = state.db(move |conn| visible(conn, &caller, &q, today)).await?;
    let (notices, total, page, per_page) = page_of(notices, page, per_page).map_err(AppError::bad_request)?;
    Ok(HttpResponse::Ok().json(NoticeList {
        notices,
        total,
        page,
        per_page,
    }))
}

/// `GET /notices/export.xlsx`: the 督办台账 with the list's filters, all pages.
pub async fn ledger(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let today = state.today();
    let (notices, year) = state.db(move |conn| visible(conn, &caller, &q, today)).await?;
    let bytes = render::ledger_xlsx(&notices, year, today).map_err(|e| AppError::internal(e.to_string()))?;
    Ok(HttpResponse::Ok()
        .content_type(XLSX)
        .insert_header(attachment(&format!("{year}年督办台账.xlsx")))
        .body(bytes))
}

/// The plan's 督办 settings (answer days per grade, number format).
fn case_settings(conn: &mut diesel::PgConnection, plan_id: PlanId) -> Result<CaseSettings, AppError> {
    Ok(plans::find(conn, plan_id)?
        .ok_or_else(|| AppError::not_found("plan"))?
        .cases())
}

fn locked(conn: &mut diesel::PgConnection, id: NoticeId) -> Result<(NoticeRow, PlanRef), AppError> {
    let row = notices::lock(conn, id)?.ok_or_else(|| AppError::not_found("notice"))?;
    let plan = items::plan_of(conn, ItemId(row.item_id))?.ok_or_else(|| AppError::not_found("item"))?;
    Ok((row, plan))
}

fn read_case(row: &NoticeRow, plan: PlanRef) -> Action {
    Action::ReadCase {
        plan_id: plan.id,
        published: plan.published,
        unit_id: UnitId(row.unit_id),
    }
}

/// The unit the notice was sent to, working on it.
fn unit_work(row: &NoticeRow, plan: PlanRef) -> Action {
    Action::WorkOnItem {
        plan_id: plan.id,
        lead_unit_id: UnitId(row.unit_id),
        published: plan.published,
    }
}

/// A notice the caller may read, as of today.
fn readable(
    conn: &mut diesel::PgConnection,
    caller: &Caller,
    id: NoticeId,
    today: chrono::NaiveDate,
) -> Result<Notice, AppError> {
    let row = notices::find(conn, id)?.ok_or_else(|| AppError::not_found("notice"))?;
    let plan = items::plan_of(conn, ItemId(row.item_id))?.ok_or_else(|| AppError::not_found("item"))?;
    authorize(caller, read_case(&row, plan))?;
    Ok(notices::dto(conn, id, today)?)
}

pub async fn one(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<NoticeId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let today = state.today();
    let notice = state.db(move |conn| readable(conn, &caller, id, today)).await?;
    Ok(with_etag(notice.version, &notice))
}

pub async fn docx(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<NoticeId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let today = state.today();
    let (notice, plan, content) = state
        .db(move |conn| {
            let notice = readable(conn, &caller, id, today)?;
            let plan =
                plans::find_by_year(conn, PlanYear(notice.plan_year))?.ok_or_else(|| AppError::not_found("plan"))?;
            let content = items::content_of(conn, ItemId(notice.item_id))?.unwrap_or_default();
            Ok((notice, plan, content))
        })
        .await?;
    let bytes = render::notice_docx(&notice, &plan.issuer, &content).map_err(|e| AppError::internal(e.to_string()))?;
    Ok(HttpResponse::Ok()
        .content_type(DOCX)
        .insert_header(attachment(&format!("{}.docx", notice.number)))
        .body(bytes))
}

/// Runs one step of the round under the notice's row lock, audits it and answers the
/// notice as it now stands.
fn step(
    conn: &mut diesel::PgConnection,
    caller: &Caller,
    id: NoticeId,
    verb: &str,
    today: chrono::NaiveDate,
    work: impl FnOnce(&mut diesel::PgConnection, &NoticeRow) -> Result<(), AppError>,
) -> Result<Notice, AppError> {
    let row = notices::find(conn, id)?.ok_or_else(|| AppError::not_found("notice"))?;
    let before = notices::dto(conn, id, today)?;
    work(conn, &row)?;
    let after = notices::dto(conn, id, today)?;
    audit::record(
        conn,
        &caller.audit,
        Change::of(verb, "notice", id, Some(&before), Some(&after)),
    )?;
    Ok(after)
}

/// 签收 by a user of the notice's unit.
pub async fn acknowledge(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<NoticeId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let today = state.today();
    let notice = state
        .tx(move |conn| {
            let (row, plan) = locked(conn, id)?;
            authorize(&caller, unit_work(&row, plan))?;
            rules::notices::acknowledge(row.state)?;
            let user = caller.user_id()?;
            step(conn, &caller, id, "acknowledge", today, |conn, _| {
                Ok(notices::acknowledge(conn, id, user)?)
            })
        })
        .await?;
    Ok(with_etag(notice.version, &notice))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AttachQuery {
    /// The file's name, with its extension (整改报告.pdf).
    pub name: String,
}

const ATTACHMENTS: Accepts = Accepts {
    kind: evidence_type,
    allowed: "allowed: jpg, png, pdf, doc(x), xls(x), ppt(x), wps, ofd",
    max_bytes: duban_shared::supervision::EVIDENCE_MAX_BYTES,
};

/// A file for the unit's next answer, while the notice waits for one.
pub async fn attach(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<NoticeId>,
    query: web::Query<AttachQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let checker = caller.clone();
    state
        .db(move |conn| {
            let row = notices::find(conn, id)?.ok_or_else(|| AppError::not_found("notice"))?;
            let plan = items::plan_of(conn, ItemId(row.item_id))?.ok_or_else(|| AppError::not_found("item"))?;
            authorize(&checker, unit_work(&row, plan)).map(drop)
        })
        .await?;
    let file = upload::read(payload, &query.into_inner().name, &ATTACHMENTS).await?;
    let saved = state
        .tx(move |conn| {
            let (row, plan) = locked(conn, id)?;
            authorize(&caller, unit_work(&row, plan))?;
            if !row.state.awaits_unit() {
                return Err(AppError::new(
                    ErrorCode::Conflict,
                    "this notice does not wait for an answer",
                ));
            }
            save_file(conn, &caller, Owner::Notice(row.id), &file)
        })
        .await?;
    Ok(HttpResponse::Created().json(saved))
}

/// Keeps and audits an uploaded file of a case.
pub fn save_file(
    conn: &mut diesel::PgConnection,
    caller: &Caller,
    owner: Owner,
    file: &upload::Upload,
) -> Result<CaseFile, AppError> {
    let saved = case_files::create(
        conn,
        &NewCaseFile {
            owner,
            file_name: &file.name,
            content_type: file.content_type,
            sha256: &file.sha256,
            content: &file.bytes,
            uploaded_by: caller.user_id()?,
        },
    )?;
    audit::record(
        conn,
        &caller.audit,
        Change::of("upload", "case_file", saved.id, None, Some(&saved)),
    )?;
    Ok(saved)
}

/// Photos of inspections: images only.
pub const PHOTOS: Accepts = Accepts {
    kind: |name| evidence_type(name).filter(|t| t.starts_with("image/")),
    allowed: "photos: jpg or png only",
    max_bytes: PHOTO_MAX_BYTES,
};

/// 反馈 by the unit the notice was sent to.
pub async fn answer(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<NoticeId>,
    if_match: IfMatch,
    body: Json<NoticeAnswer>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let today = state.today();
    let notice = state
        .tx(move |conn| {
            let (row, plan) = locked(conn, id)?;
            let text = body.read(authorize(&caller, unit_work(&row, plan))?)?.answer;
            if_match.check(row.version)?;
            rules::notices::answer(row.state, &text)?;
            let settings = case_settings(conn, plan.id)?;
            let risen = row.live_escalations(today, &settings);
            let user = caller.user_id()?;
            step(conn, &caller, id, "answer", today, |conn, row| {
                Ok(notices::answer(conn, row, text.trim(), user, &risen)?)
            })
        })
        .await?;
    Ok(with_etag(notice.version, &notice))
}

/// 退回: the office sends the answer back; the unit gets the grade's working days again.
pub async fn send_back(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<NoticeId>,
    if_match: IfMatch,
    body: Json<NoticeReturn>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let today = state.today();
    let notice = state
        .tx(move |conn| {
            let (row, plan) = locked(conn, id)?;
            let reason = body
                .read(authorize(&caller, Action::SuperviseItem { plan_id: plan.id })?)?
                .reason;
            if_match.check(row.version)?;
            rules::notices::send_back(row.state, &reason)?;
            let settings = case_settings(conn, plan.id)?;
            let answer_by = rules::notices::default_answer_by(row.grade, today, &settings);
            let user = caller.user_id()?;
            step(conn, &caller, id, "return", today, |conn, _| {
                Ok(notices::send_back(conn, id, reason.trim(), user, answer_by)?)
            })
        })
        .await?;
    Ok(with_etag(notice.version, &notice))
}

/// 销号 by the office, with its note (what a 批示's leader is told back).
pub async fn close(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<NoticeId>,
    if_match: IfMatch,
    body: Json<NoticeClose>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let today = state.today();
    let notice = state
        .tx(move |conn| {
            let (row, plan) = locked(conn, id)?;
            let note = body
                .read(authorize(&caller, Action::SuperviseItem { plan_id: plan.id })?)?
                .note;
            if_match.check(row.version)?;
            rules::notices::close(row.state, &note)?;
            let user = caller.user_id()?;
            step(conn, &caller, id, "close", today, |conn, _| {
                Ok(notices::close(conn, id, note.trim(), user)?)
            })
        })
        .await?;
    Ok(with_etag(notice.version, &notice))
}

/// The plan a notice belongs to (for the other case routes).
pub fn plan_of_item(conn: &mut diesel::PgConnection, item: ItemId) -> Result<PlanRef, AppError> {
    items::plan_of(conn, item)?.ok_or_else(|| AppError::not_found("item"))
}
