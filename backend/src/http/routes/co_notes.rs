//! Co-units' 配合情况: `GET|POST /api/v1/items/{id}/co-notes`, `PUT /api/v1/co-notes/{id}`.
//! A co-unit writes its own note for a month; the lead unit reads them while it reports.

use actix_web::{web, HttpResponse};
use duban_shared::co_notes::{CoNote, CoNoteInput, CoNoteList, NewCoNote};
use duban_shared::error::ErrorCode;
use duban_shared::ids::{CoNoteId, ItemId, UnitId};
use duban_shared::permissions::Actor;
use duban_shared::rules;

use crate::db::audit::{self, Change};
use crate::db::{co_notes, items};
use crate::http::auth::Caller;
use crate::http::error::AppError;
use crate::http::input::Json;
use crate::http::policy::authorize;
use crate::http::route::ApiRoute;
use crate::http::state::AppState;
use crate::http::versioning::{created_with_etag, with_etag, IfMatch};

/// This file's routes (see [`crate::http::route`]).
pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::get(
            "/items/{id}/co-notes",
            list,
            "co-units",
            "The co-units' 配合情况 on an item, newest month first (the units involved, leaders, the office)",
        )
        .json::<CoNoteList>(200),
        ApiRoute::post(
            "/items/{id}/co-notes",
            create,
            "co-units",
            "A co-unit's 配合情况 for a month (that co-unit only)",
        )
        .json::<CoNote>(201),
        ApiRoute::put(
            "/co-notes/{id}",
            update,
            "co-units",
            "A co-unit rewrites its note (If-Match)",
        )
        .json::<CoNote>(200),
    ]
}

fn caller_unit(caller: &Caller) -> Option<UnitId> {
    match caller.actor {
        Actor::Unit { unit_id } => Some(unit_id),
        _ => None,
    }
}

fn shown(conn: &mut diesel::PgConnection, id: i32) -> Result<CoNote, AppError> {
    co_notes::note(conn, id)?.ok_or_else(|| AppError::not_found("note"))
}

pub async fn list(state: web::Data<AppState>, caller: Caller, id: web::Path<ItemId>) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let notes = state
        .db(move |conn| {
            let ctx = items::context(conn, id)?.ok_or_else(|| AppError::not_found("item"))?;
            authorize(&caller, ctx.read_co_notes(caller_unit(&caller)))?;
            Ok(co_notes::list(conn, id.get())?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(CoNoteList { notes }))
}

pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ItemId>,
    body: Json<NewCoNote>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let today = state.today();
    let note = state
        .tx(move |conn| {
            let ctx = items::context(conn, id)?.ok_or_else(|| AppError::not_found("item"))?;
            let unit = caller_unit(&caller);
            let allowed = authorize(&caller, ctx.assist(unit))?;
            let input = body.read(allowed)?;
            let period = rules::co_notes::write(ctx.plan_year, today, &input.period, &input.note)?;
            let unit = unit.expect("only a unit may assist").get();
            if co_notes::exists(conn, id.get(), unit, period)? {
                return Err(AppError::new(ErrorCode::Conflict, "该月的配合情况已填写，请修改原记录"));
            }
            let row = co_notes::create(conn, id.get(), unit, period, input.note.trim(), caller.user_id()?)?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("write", "co_note", row.id, None, Some(&row)),
            )?;
            shown(conn, row.id)
        })
        .await?;
    Ok(created_with_etag(note.version, &note))
}

pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<CoNoteId>,
    if_match: IfMatch,
    body: Json<CoNoteInput>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner().get();
    let today = state.today();
    let note = state
        .tx(move |conn| {
            let before = co_notes::lock(conn, id)?.ok_or_else(|| AppError::not_found("note"))?;
            let ctx = items::context(conn, ItemId(before.item_id))?.ok_or_else(|| AppError::not_found("item"))?;
            let unit = caller_unit(&caller);
            // Only the unit that wrote the note rewrites it, and only while it helps on the item.
            let own = unit.is_some_and(|u| u.get() == before.unit_id);
            let allowed = authorize(&caller, ctx.assist(unit.filter(|_| own)))?;
            let input = body.read(allowed)?;
            if_match.check(before.version)?;
            rules::co_notes::write(
                ctx.plan_year,
                today,
                &before.period.format("%Y-%m").to_string(),
                &input.note,
            )?;
            let after = co_notes::replace(conn, before.id, input.note.trim(), caller.user_id()?)?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("update", "co_note", after.id, Some(&before), Some(&after)),
            )?;
            shown(conn, after.id)
        })
        .await?;
    Ok(with_etag(note.version, &note))
}
