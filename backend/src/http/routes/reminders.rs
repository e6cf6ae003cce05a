//! 催报 for the office: `POST /api/v1/plans/{year}/reminders` (一键催报) and
//! `GET /api/v1/mail/status` (whether email goes out, and the outbox).

use actix_web::{web, HttpResponse};
use duban_shared::error::ErrorCode;
use duban_shared::ids::PlanYear;
use duban_shared::messages::{MailStatus, ReminderRun};
use duban_shared::permissions::Action;

use crate::db::{outbox, plans};
use crate::http::auth::Caller;
use crate::http::error::AppError;
use crate::http::policy::authorize;
use crate::http::route::ApiRoute;
use crate::http::state::AppState;

/// This file's routes (see [`crate::http::route`]).
pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::post(
            "/plans/{year}/reminders",
            chase,
            "reminders",
            "一键催报: remind now every unit whose report for the current month is missing",
        )
        .json::<ReminderRun>(200)
        .errors(&[(409, "the plan is a draft, closed, or not of this year")]),
        ApiRoute::get(
            "/mail/status",
            mail_status,
            "reminders",
            "Whether email goes out (DUBAN_SMTP_URL), and the outbox",
        )
        .json::<MailStatus>(200),
    ]
}

pub async fn chase(
    state: web::Data<AppState>,
    caller: Caller,
    year: web::Path<PlanYear>,
) -> Result<HttpResponse, AppError> {
    authorize(&caller, Action::Administer)?;
    let year = year.into_inner();
    let today = state.today();
    let run = state
        .tx(move |conn| {
            let plan = plans::lock_by_year(conn, year)?.ok_or_else(|| AppError::not_found("plan"))?;
            if plan.closed_at.is_some() {
                return Err(AppError::new(ErrorCode::PlanClosed, "这一年度已销号，不再催报"));
            }
            if !plan.plan_ref().published {
                return Err(AppError::new(ErrorCode::Conflict, "计划尚未发布，不能催报"));
            }
            if duban_shared::lights::Period::of(today).year != plan.year {
                return Err(AppError::new(
                    ErrorCode::Conflict,
                    "今天不在该计划年度内，没有本月月报可催",
                ));
            }
            Ok(crate::reminders::chase(conn, &plan, today, &caller.audit)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(run))
}

pub async fn mail_status(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, AppError> {
    authorize(&caller, Action::Administer)?;
    let server = state.settings.mail_server.clone();
    let (pending, sent, failed, last_error) = state.db(|conn| Ok(outbox::counts(conn, crate::mail::CHANNEL)?)).await?;
    Ok(HttpResponse::Ok().json(MailStatus {
        configured: server.is_some(),
        server,
        pending,
        sent,
        failed,
        last_error,
    }))
}
