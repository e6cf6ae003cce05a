//! 人大代表满意度测评: for the office `POST /api/v1/plans/{year}/evaluations` (open the plan's
//! round) and `POST …/evaluations/close` (If-Match); for the office and the leaders
//! `GET …/evaluations` (the round), `GET …/evaluations/results` and `…/results.xlsx` (counts
//! and 满意率, no ballot by name); for a deputy `GET …/evaluations/ballot` (the public view of
//! the plan and its own ballots) and `PUT …/evaluations/ballots/{number}` (its grade of one
//! item, changeable until the round closes). Ballots are secret: the audit log records the
//! round opened and closed, not who voted what.

use actix_web::{web, HttpResponse};
use duban_shared::api::PlanStatus;
use duban_shared::evaluation::{
    self, BallotInput, BallotSheet, Evaluation, EvaluationResults, MyBallot, NewEvaluation,
};
use duban_shared::ids::{PlanId, PlanYear};
use duban_shared::permissions::Action;
use duban_shared::rules;

use super::exports::attachment;
use crate::db::audit::{self, Change};
use crate::db::evaluations::{self, RoundRow};
use crate::db::{plans, public};
use crate::http::auth::Caller;
use crate::http::error::AppError;
use crate::http::input::Json;
use crate::http::policy::{authorize, Authorized};
use crate::http::route::{ApiRoute, XLSX};
use crate::http::state::AppState;
use crate::http::versioning::{created_with_etag, with_etag, IfMatch};
use crate::render;

/// This file's routes (see [`crate::http::route`]).
pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::post(
            "/plans/{year}/evaluations",
            open,
            "evaluations",
            "Open the plan's deputies' evaluation round (office)",
        )
        .json::<Evaluation>(201),
        ApiRoute::get(
            "/plans/{year}/evaluations",
            show,
            "evaluations",
            "The plan's evaluation round (office, leaders)",
        )
        .json::<Evaluation>(200),
        ApiRoute::post(
            "/plans/{year}/evaluations/close",
            close,
            "evaluations",
            "Close the round: no ballot changes after (office, If-Match)",
        )
        .json::<Evaluation>(200),
        ApiRoute::get(
            "/plans/{year}/evaluations/ballot",
            ballot,
            "evaluations",
            "What a deputy grades: the public view of the plan and its own ballots (deputy)",
        )
        .json::<BallotSheet>(200),
        ApiRoute::put(
            "/plans/{year}/evaluations/ballots/{number}",
            cast,
            "evaluations",
            "A deputy's grade of one item: 满意, 基本满意 or 不满意 (deputy)",
        )
        .json::<MyBallot>(200),
        ApiRoute::get(
            "/plans/{year}/evaluations/results",
            results,
            "evaluations",
            "Per item the counts and 满意率, the rule stated; no ballot by name (office, leaders)",
        )
        .json::<EvaluationResults>(200),
        ApiRoute::get(
            "/plans/{year}/evaluations/results.xlsx",
            results_xlsx,
            "evaluations",
            "The results as a spreadsheet (office, leaders)",
        )
        .file(XLSX),
    ]
}

/// The published plan of `year`, once `action` of the caller is allowed on it (a draft year
/// has no evaluation: 404).
/// The plan of `year`, once `action` of the caller is allowed on it.
fn plan_allowing(
    conn: &mut diesel::PgConnection,
    caller: &Caller,
    year: PlanYear,
    action: fn(PlanId) -> Action,
) -> Result<(plans::PlanRow, Authorized), AppError> {
    let plan = plans::find_by_year(conn, year)?.ok_or_else(|| AppError::not_found("plan"))?;
    let allowed = authorize(caller, action(plan.plan_id()))?;
    Ok((plan, allowed))
}

fn published_plan(
    conn: &mut diesel::PgConnection,
    caller: &Caller,
    year: PlanYear,
    action: fn(PlanId) -> Action,
) -> Result<(plans::PlanRow, Authorized), AppError> {
    let (plan, allowed) = plan_allowing(conn, caller, year, action)?;
    if plan.status != PlanStatus::Published {
        return Err(AppError::not_found("plan"));
    }
    Ok((plan, allowed))
}

/// The published plan of `year` and its round, once `action` of the caller is allowed on it.
fn round_of(
    conn: &mut diesel::PgConnection,
    caller: &Caller,
    year: PlanYear,
    action: fn(PlanId) -> Action,
) -> Result<(plans::PlanRow, RoundRow), AppError> {
    let (plan, _) = published_plan(conn, caller, year, action)?;
    let round = evaluations::of_plan(conn, plan.plan_id())?.ok_or_else(|| AppError::not_found("evaluation"))?;
    Ok((plan, round))
}

fn office(plan_id: PlanId) -> Action {
    Action::SuperviseItem { plan_id }
}

fn reader(plan_id: PlanId) -> Action {
    Action::ReadEvaluation { plan_id }
}

fn deputy(plan_id: PlanId) -> Action {
    Action::Evaluate { plan_id }
}

pub async fn open(
    state: web::Data<AppState>,
    caller: Caller,
    year: web::Path<PlanYear>,
    body: Json<NewEvaluation>,
) -> Result<HttpResponse, AppError> {
    let year = year.into_inner();
    let e = state
        .tx(move |conn| {
            let (plan, allowed) = plan_allowing(conn, &caller, year, office)?;
            let input = body.read(allowed)?;
            let exists = evaluations::of_plan(conn, plan.plan_id())?.is_some();
            rules::evaluations::open(plan.status, exists, &input)?;
            let round = evaluations::open(conn, plan.plan_id(), input.title.trim(), caller.user_id()?)?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("open", "evaluation", round.id, None, Some(&round)),
            )?;
            Ok(evaluations::shown(conn, &round)?)
        })
        .await?;
    Ok(created_with_etag(e.version, &e))
}

pub async fn show(
    state: web::Data<AppState>,
    caller: Caller,
    year: web::Path<PlanYear>,
) -> Result<HttpResponse, AppError> {
    let year = year.into_inner();
    let e = state
        .db(move |conn| {
            let (_, round) = round_of(conn, &caller, year, reader)?;
            Ok(evaluations::shown(conn, &round)?)
        })
        .await?;
    // Its counts change with every ballot: the ETag is a digest of the answer, not the version.
    Ok(HttpResponse::Ok().json(e))
}

pub async fn close(
    state: web::Data<AppState>,
    caller: Caller,
    year: web::Path<PlanYear>,
    if_match: IfMatch,
) -> Result<HttpResponse, AppError> {
    let year = year.into_inner();
    let e = state
        .tx(move |conn| {
            let (plan, _) = plan_allowing(conn, &caller, year, office)?;
            // Locked: a ballot being cast finishes first, and any after is refused.
            let before =
                evaluations::lock_for_close(conn, plan.plan_id())?.ok_or_else(|| AppError::not_found("evaluation"))?;
            if_match.check(before.version)?;
            rules::evaluations::close(before.closed())?;
            let after = evaluations::close(conn, before.id, caller.user_id()?)?;
            audit::record(
                conn,
                &caller.audit,
                Change::of("close", "evaluation", after.id, Some(&before), Some(&after)),
            )?;
            Ok(evaluations::shown(conn, &after)?)
        })
        .await?;
    Ok(with_etag(e.version, &e))
}

pub async fn ballot(
    state: web::Data<AppState>,
    caller: Caller,
    year: web::Path<PlanYear>,
) -> Result<HttpResponse, AppError> {
    let year = year.into_inner();
    let today = state.today();
    let sheet = state
        .db(move |conn| {
            let (plan, round) = round_of(conn, &caller, year, deputy)?;
            let evaluation = evaluations::shown(conn, &round)?;
            let ballots = evaluations::ballots_of(conn, round.id, caller.user_id()?)?;
            // What the public sees, and nothing more.
            let plan = public::view(conn, plan, today)?;
            Ok(BallotSheet {
                evaluation,
                plan,
                ballots,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(sheet))
}

pub async fn cast(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(PlanYear, i32)>,
    body: Json<BallotInput>,
) -> Result<HttpResponse, AppError> {
    let (year, number) = path.into_inner();
    let ballot = state
        .tx(move |conn| {
            let (plan, allowed) = published_plan(conn, &caller, year, deputy)?;
            let input = body.read(allowed)?;
            let round =
                evaluations::lock_for_ballot(conn, plan.plan_id())?.ok_or_else(|| AppError::not_found("evaluation"))?;
            let item =
                evaluations::item_numbered(conn, plan.plan_id(), number)?.ok_or_else(|| AppError::not_found("item"))?;
            rules::evaluations::cast(round.closed(), &input)?;
            let comment = input.comment.trim();
            evaluations::cast(conn, round.id, item, caller.user_id()?, input.score, comment)?;
            Ok(MyBallot {
                number,
                score: input.score,
                comment: comment.to_string(),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(ballot))
}

/// The results, once the round is closed: while deputies still vote, counts watched from one
/// minute to the next would tell who voted what.
fn tally(conn: &mut diesel::PgConnection, caller: &Caller, year: PlanYear) -> Result<EvaluationResults, AppError> {
    let (plan, round) = round_of(conn, caller, year, reader)?;
    rules::evaluations::results(round.closed())?;
    let shown = evaluations::shown(conn, &round)?;
    let items = evaluations::items_of(conn, plan.plan_id())?;
    let ballots = evaluations::all_ballots(conn, round.id)?;
    Ok(evaluation::tally(shown, &items, &ballots))
}

pub async fn results(
    state: web::Data<AppState>,
    caller: Caller,
    year: web::Path<PlanYear>,
) -> Result<HttpResponse, AppError> {
    let year = year.into_inner();
    let r = state.db(move |conn| tally(conn, &caller, year)).await?;
    Ok(HttpResponse::Ok().json(r))
}

pub async fn results_xlsx(
    state: web::Data<AppState>,
    caller: Caller,
    year: web::Path<PlanYear>,
) -> Result<HttpResponse, AppError> {
    let year = year.into_inner();
    let r = state.db(move |conn| tally(conn, &caller, year)).await?;
    let bytes = render::evaluation::results_xlsx(&r).map_err(AppError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type(XLSX)
        .insert_header(attachment(&format!("{}结果.xlsx", r.evaluation.title)))
        .body(bytes))
}
