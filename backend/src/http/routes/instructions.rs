//! Leaders' 批示: `POST /api/v1/items/{id}/instructions` (leaders and the office),
//! `GET /api/v1/items/{id}/instructions`, and `GET /api/v1/instructions` (the newest plan's,
//! as the caller may see them: a unit its own items').

use actix_web::{web, HttpResponse};
use duban_shared::cases::{Instruction, InstructionList, NewInstruction};
use duban_shared::ids::{ItemId, PlanYear};
use duban_shared::permissions::{Action, Actor};
use duban_shared::rules;
use serde::Deserialize;

use crate::db::audit::{self, Change};
use crate::db::instructions::{self, InstructionFilter};
use crate::db::messages::{self, Audience};
use crate::db::{items, plans};
use crate::http::auth::Caller;
use crate::http::error::AppError;
use crate::http::input::Json;
use crate::http::policy::authorize;
use crate::http::route::ApiRoute;
use crate::http::state::AppState;
use duban_shared::messages::{words, MessageKind};

/// This file's routes (see [`crate::http::route`]).
pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::post(
            "/items/{id}/instructions",
            create,
            "instructions",
            "A leader's 批示 on an item (leaders and the office only)",
        )
        .json::<Instruction>(201),
        ApiRoute::get(
            "/items/{id}/instructions",
            for_item,
            "instructions",
            "The 批示 on an item, newest first",
        )
        .json::<InstructionList>(200),
        ApiRoute::get(
            "/instructions",
            list,
            "instructions",
            "The 批示 of a plan the caller may see (a unit: its own items')",
        )
        .json::<InstructionList>(200),
    ]
}

fn read_case(ctx: &items::ItemContext) -> Action {
    Action::ReadCase {
        plan_id: ctx.plan_id,
        published: ctx.plan_published,
        unit_id: ctx.lead_unit_id,
    }
}

pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
    body: Json<NewInstruction>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let instruction = state
        .tx(move |conn| {
            let ctx = items::context(conn, id)?.ok_or_else(|| AppError::not_found("item"))?;
            let allowed = authorize(
                &caller,
                Action::Instruct {
                    plan_id: ctx.plan_id,
                    published: ctx.plan_published,
                },
            )?;
            let text = body.read(allowed)?.text;
            rules::instructions::write(&text)?;
            let new_id = instructions::create(conn, id.get(), text.trim(), caller.user_id()?)?;
            let dto = instructions::dto(conn, new_id)?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("write", "instruction", new_id, None, Some(&dto)),
            )?;
            // The unit acts on it; the office turns it into a notice.
            let words = words::instruction_written(dto.item_number, &dto.written_by, &dto.text);
            let link = format!("/items/{}", dto.item_id);
            messages::tell(
                conn,
                Audience::Unit(dto.unit.id),
                MessageKind::Instruction,
                &words,
                &link,
            )?;
            messages::tell(
                conn,
                Audience::Roles(&["admin"]),
                MessageKind::Instruction,
                &words,
                &link,
            )?;
            Ok(dto)
        })
        .await?;
    Ok(HttpResponse::Created().json(instruction))
}

pub async fn for_item(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let list = state
        .db(move |conn| {
            let ctx = items::context(conn, id)?.ok_or_else(|| AppError::not_found("item"))?;
            authorize(&caller, read_case(&ctx))?;
            let filter = InstructionFilter {
                item_id: Some(id.get()),
                ..Default::default()
            };
            Ok(instructions::list(conn, filter)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(InstructionList { instructions: list }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// The plan year (the newest plan when not given).
    pub year: Option<i32>,
}

pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let year = query.into_inner().year;
    let list = state
        .db(move |conn| {
            let plan = match year {
                Some(y) => plans::find_by_year(conn, PlanYear(y))?,
                None => plans::latest(conn)?,
            }
            .ok_or_else(|| AppError::not_found("plan"))?;
            authorize(&caller, plan.plan_ref().read())?;
            let unit_id = match caller.actor {
                Actor::Unit { unit_id } => Some(unit_id.get()),
                _ => None,
            };
            let filter = InstructionFilter {
                plan_id: Some(plan.id),
                unit_id,
                ..Default::default()
            };
            Ok(instructions::list(conn, filter)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(InstructionList { instructions: list }))
}
