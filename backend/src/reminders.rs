//! 催报 as it runs: which reminders are due on a day (the plan's rules over the database's
//! facts), sending each once (its key taken in the same transaction as its messages), and
//! the office's 一键催报. Used by the scheduler inside `duban serve`, by `duban remind` and by
//! `POST /api/v1/plans/{year}/reminders`.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use duban_shared::api::UnitRef;
use duban_shared::lights::{china_date, Period};
use duban_shared::messages::{MessageKind, RemindedUnit, ReminderRun};
use duban_shared::reminders::{self as rules, ReminderRule, ReportCalendar, Wording};

use crate::db::audit::{self, AuditActor, Change};
use crate::db::messages::{self, Note};
use crate::db::plans::PlanRow;
use crate::db::{reminders as queries, PgPool};

/// A reminder due on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub rule: ReminderRule,
    /// The unit (report reminders), the milestone or the notice.
    pub target_id: i32,
    pub period: String,
    pub plan_id: i32,
    pub unit_id: i32,
    pub unit_name: String,
    pub wording: Wording,
    pub link: String,
}

fn calendar(plan: &PlanRow) -> ReportCalendar {
    ReportCalendar {
        plan_year: plan.year,
        first_report_due: plan.first_report_due,
        grace_days: plan.report_grace_days,
    }
}

/// Every reminder the rules call for on `today`, sent before or not.
pub fn due(conn: &mut PgConnection, today: NaiveDate) -> QueryResult<Vec<Due>> {
    let mut out = Vec::new();
    let unit_names: std::collections::HashMap<i32, String> = crate::db::units::list_refs(conn)?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    for plan in queries::open_plans(conn)? {
        if !rules::plan_reminds(plan.year, plan.closed_at.is_some(), today) {
            continue;
        }
        let reminder_rules = plan.reminders();
        let cal = calendar(&plan);
        for (rule, period) in rules::report_reminders(&reminder_rules, &cal, today) {
            for unit in queries::missing_reports(conn, plan.id, period)? {
                let numbers: Vec<i32> = unit.items.iter().map(|(_, n)| *n).collect();
                out.push(Due {
                    rule,
                    target_id: unit.unit_id,
                    period: period.to_string(),
                    plan_id: plan.id,
                    unit_id: unit.unit_id,
                    wording: rules::report_wording(rule, false, &unit.unit_name, &numbers, period, cal.due_on(period)),
                    link: format!("/items/{}", unit.items[0].0),
                    unit_name: unit.unit_name,
                });
            }
        }
        if let Some(days) = reminder_rules.milestone_days {
            let until = today + chrono::Duration::days(days.into());
            for m in queries::milestones_due(conn, plan.id, today, until)? {
                out.push(Due {
                    rule: ReminderRule::MilestoneDue,
                    target_id: m.milestone_id,
                    period: m.due_date.to_string(),
                    plan_id: plan.id,
                    unit_id: m.unit_id,
                    unit_name: unit_names.get(&m.unit_id).cloned().unwrap_or_default(),
                    wording: rules::milestone_wording(m.item_number, &m.target_text, m.due_date),
                    link: format!("/items/{}", m.item_id),
                });
            }
        }
        if reminder_rules.notice_days.is_some() {
            let cases = plan.cases();
            for n in queries::notices_awaiting(conn, plan.id)? {
                // A date missed raised the grade and set a new date: remind before that one.
                let answer_by = duban_shared::rules::notices::escalations(n.grade.0, n.answer_by, today, &cases)
                    .last()
                    .map_or(n.answer_by, |e| e.answer_by);
                if rules::before_date(reminder_rules.notice_days, answer_by, today) {
                    out.push(Due {
                        rule: ReminderRule::NoticeAnswer,
                        target_id: n.id,
                        period: answer_by.to_string(),
                        plan_id: plan.id,
                        unit_id: n.unit_id,
                        unit_name: unit_names.get(&n.unit_id).cloned().unwrap_or_default(),
                        wording: rules::notice_wording(&n.number, answer_by),
                        link: format!("/items/{}", n.item_id),
                    });
                }
            }
        }
    }
    Ok(out)
}

/// Sends every reminder due on `today` that has not gone out, each in its own transaction:
/// its key, its messages and their mail commit together or not at all. Answers those this
/// caller sent (another instance sends the rest).
pub fn send_due(conn: &mut PgConnection, today: NaiveDate) -> QueryResult<Vec<Due>> {
    let mut sent = Vec::new();
    for d in due(conn, today)? {
        let went = conn.transaction(|conn| {
            // A unit with no account yet keeps its reminder for when it has one.
            let to = messages::unit_recipients(conn, d.unit_id)?;
            if to.is_empty() || !queries::claim(conn, d.rule, d.target_id, &d.period, d.plan_id, d.unit_id)? {
                return Ok::<_, diesel::result::Error>(false);
            }
            messages::deliver(conn, &to, &note(&d.wording, &d.link))?;
            Ok(true)
        });
        match went {
            Ok(true) => sent.push(d),
            Ok(false) => {}
            // One reminder that cannot be written must not hold up the others.
            Err(e) => {
                tracing::error!(rule = d.rule.as_str(), target = d.target_id, period = %d.period, error = %e, "reminder not sent")
            }
        }
    }
    Ok(sent)
}

/// Whether a due reminder went out before (for the dry run).
pub fn already_sent(conn: &mut PgConnection, d: &Due) -> QueryResult<bool> {
    queries::already_sent(conn, d.rule, d.target_id, &d.period)
}

fn note<'a>(wording: &'a Wording, link: &'a str) -> Note<'a> {
    Note {
        kind: MessageKind::Reminder,
        title: &wording.title,
        body: &wording.body,
        link,
    }
}

/// 一键催报: reminds now every unit whose report for the month of `today` is not in. Call it
/// in a transaction (the messages and the audit entry go together).
pub fn chase(
    conn: &mut PgConnection,
    plan: &PlanRow,
    today: NaiveDate,
    actor: &AuditActor,
) -> QueryResult<ReminderRun> {
    let period = Period::of(today);
    let cal = calendar(plan);
    let mut units = Vec::new();
    for unit in queries::missing_reports(conn, plan.id, period)? {
        let numbers: Vec<i32> = unit.items.iter().map(|(_, n)| *n).collect();
        let wording = rules::report_wording(
            ReminderRule::MonthEnd,
            true,
            &unit.unit_name,
            &numbers,
            period,
            cal.due_on(period),
        );
        let to = messages::unit_recipients(conn, unit.unit_id)?;
        let link = format!("/items/{}", unit.items[0].0);
        messages::deliver(conn, &to, &note(&wording, &link))?;
        units.push(RemindedUnit {
            unit: UnitRef {
                id: unit.unit_id,
                name: unit.unit_name,
                code: unit.unit_code,
            },
            items: numbers,
            recipients: to.len() as i64,
        });
    }
    let run = ReminderRun {
        sent: units.len() as i64,
        units,
        period,
    };
    audit::record(
        conn,
        actor,
        Change {
            action: "remind",
            entity: "plan",
            entity_id: Some(plan.year.to_string()),
            before: None,
            after: serde_json::to_value(&run).ok(),
        },
    )?;
    Ok(run)
}

/// The scheduler of `duban serve`: every `every`, sends what is due on the day `now` gives.
/// Several instances may run it at once; the keys decide who sends.
pub fn keep_reminding(
    pool: PgPool,
    now: impl Fn() -> DateTime<Utc> + Send + 'static,
    every: Duration,
) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("reminders".into())
        .spawn(move || loop {
            let today = china_date(now());
            match pool.get() {
                Ok(mut conn) => match send_due(&mut conn, today) {
                    Ok(sent) if !sent.is_empty() => tracing::info!(count = sent.len(), %today, "reminders sent"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "reminders not sent this time"),
                },
                Err(e) => tracing::warn!(error = %e, "reminders: no database connection"),
            }
            std::thread::sleep(every);
        })?;
    Ok(())
}
