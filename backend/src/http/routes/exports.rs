//! The plan as a file: `GET /api/v1/plans/{year}/export.xlsx` and `…/export.csv`
//! (`?as_of=` for the lights of another day).

use actix_web::http::header::{Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue};
use actix_web::{web, HttpResponse};
use duban_shared::ids::{PlanId, PlanYear};

use crate::db::{plans, reports};
use crate::http::auth::Caller;
use crate::http::error::AppError;
use crate::http::route::{ApiRoute, XLSX};
use crate::http::routes::items::AsOfQuery;
use crate::http::routes::plans::readable_plan;
use crate::http::state::AppState;
use crate::render::plan_table;

/// This file's routes (see [`crate::http::route`]).
pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::get(
            "/plans/{year}/export.xlsx",
            xlsx,
            "exports",
            "The plan in the notice's table layout, as .xlsx",
        )
        .file(XLSX),
        ApiRoute::get(
            "/plans/{year}/export.csv",
            csv,
            "exports",
            "The plan as CSV (UTF-8 with BOM)",
        )
        .file("text/csv"),
    ]
}

/// `Content-Disposition: attachment` with a UTF-8 (Chinese) file name.
pub fn attachment(name: &str) -> ContentDisposition {
    ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![DispositionParam::FilenameExt(ExtendedValue {
            charset: Charset::Ext("UTF-8".into()),
            language_tag: None,
            value: name.as_bytes().to_vec(),
        })],
    }
}

enum Kind {
    Xlsx,
    Csv,
}

async fn export(
    state: web::Data<AppState>,
    caller: Caller,
    year: i32,
    as_of: Option<chrono::NaiveDate>,
    kind: Kind,
) -> Result<HttpResponse, AppError> {
    let as_of = as_of.unwrap_or_else(|| state.today());
    let (plan, progress) = state
        .db(move |conn| {
            let row = readable_plan(conn, &caller, PlanYear(year))?;
            let plan_id = row.id;
            let plan = plans::detail(conn, row, as_of)?;
            Ok((plan, reports::latest_progress(conn, PlanId(plan_id), as_of)?))
        })
        .await?;
    let name = format!("{}（截至{}）", plan.title, as_of);
    let (bytes, content_type, ext) = match kind {
        Kind::Xlsx => (
            plan_table::xlsx(&plan, &progress).map_err(AppError::internal)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        Kind::Csv => (
            plan_table::csv(&plan, &progress).map_err(AppError::internal)?,
            "text/csv; charset=utf-8",
            "csv",
        ),
    };
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(attachment(&format!("{name}.{ext}")))
        .body(bytes))
}

pub async fn xlsx(
    state: web::Data<AppState>,
    caller: Caller,
    year: web::Path<PlanYear>,
    query: web::Query<AsOfQuery>,
) -> Result<HttpResponse, AppError> {
    export(state, caller, year.into_inner().get(), query.as_of, Kind::Xlsx).await
}

pub async fn csv(
    state: web::Data<AppState>,
    caller: Caller,
    year: web::Path<PlanYear>,
    query: web::Query<AsOfQuery>,
) -> Result<HttpResponse, AppError> {
    export(state, caller, year.into_inner().get(), query.as_of, Kind::Csv).await
}
