//! DEMO ONLY: a believable half-year of work on the 2024 plan, so a newcomer (or a leader
//! in a meeting) sees lights of every colour: reports from March to June, milestones done,
//! a few items behind, a report returned, notices issued and answered — and work waiting for
//! everyone: June reports for the office to review, a July draft, a published briefing.
//! Every event carries the demo's own dates (before `today`), not the wall clock.

use chrono::{NaiveDate, TimeZone, Utc};
use diesel::prelude::*;
use duban_shared::cases::Grade;
use duban_shared::ids::PlanYear;
use duban_shared::lights::{expected_value, Period};
use duban_shared::reporting::{due_on, IndicatorValue, ReportContent, ReportState};
use duban_shared::rules;

use crate::db::{self, items::ItemFilter, schema};

/// Items whose June report is in but not yet reviewed: the office's review queue.
const AWAITING_REVIEW: [i32; 4] = [7, 9, 16, 22];

/// How far along each item is, as a share of what its line asks (1.0 = on pace).
fn pace(number: i32) -> f64 {
    match number {
        3 => 0.4,
        5 => 0.7,
        13 => 0.55,
        21 => 0.8,
        _ => 1.02,
    }
}

pub fn load(conn: &mut PgConnection, today: NaiveDate) -> anyhow::Result<String> {
    let plan = db::plans::find_by_year(conn, PlanYear(2024))?
        .ok_or_else(|| anyhow::anyhow!("load the 2024 plan first (duban seed)"))?;
    let existing: i64 = schema::reports::table.count().get_result(conn)?;
    if existing > 0 {
        return Ok("demo-data: reports exist already; nothing changed".into());
    }
    let users: Vec<(String, i32)> = schema::users::table
        .select((schema::users::username, schema::users::id))
        .load(conn)?;
    let user = |name: &str| users.iter().find(|(n, _)| n == name).map(|(_, id)| *id);
    let admin = user("admin").ok_or_else(|| anyhow::anyhow!("run duban demo-accounts first"))?;
    let items = db::items::load(conn, &ItemFilter::for_plan(plan.plan_id()), today)?;
    conn.transaction(|conn| -> anyhow::Result<()> {
        // Milestones due by today are done, on their day, except a few that lag.
        diesel::sql_query(
            "UPDATE milestones SET completed_on = due_date, completion_note = '已按计划完成' \
             WHERE due_date < $1 AND item_id IN (SELECT id FROM items WHERE number NOT IN (1, 13, 24))",
        )
        .bind::<diesel::sql_types::Date, _>(today)
        .execute(conn)?;
        let mut month = Period::new(2024, 3)?;
        while month.last_day() < today {
            for item in &items {
                // Item 12's unit has not sent June's report.
                if item.number == 12 && month.month == 6 {
                    continue;
                }
                let author = user(&item.lead_unit.code).unwrap_or(admin);
                let values = item
                    .indicators
                    .iter()
                    .map(|ind| {
                        let line: Vec<(NaiveDate, f64)> = ind.targets.iter().map(|t| (t.due_date, t.target)).collect();
                        let want = expected_value(2024, &line, month.last_day()) * pace(item.number);
                        let value = if ind.final_target.fract() == 0.0 {
                            want.round()
                        } else {
                            (want * 100.0).round() / 100.0
                        };
                        IndicatorValue {
                            indicator_id: ind.id,
                            value: value.min(ind.final_target).max(0.0),
                        }
                    })
                    .collect();
                let content = ReportContent {
                    progress: format!(
                        "{}年{}月：按节点计划推进，{}。",
                        month.year,
                        month.month,
                        item.milestones[0].target_text.trim_end_matches('。')
                    ),
                    problems: if pace(item.number) < 1.0 {
                        "进度慢于序时，正协调解决。".into()
                    } else {
                        String::new()
                    },
                    next_steps: "继续按节点计划推进。".into(),
                    values,
                };
                let row = db::reports::create(
                    conn,
                    &db::reports::NewReportRow {
                        item_id: item.id,
                        period: month,
                        due_on: due_on(month, 0),
                        content: &content,
                        user_id: author,
                    },
                )?;
                // Most reports come in on the 28th; item 21's come two days late.
                let day = if item.number == 21 {
                    month.last_day() + chrono::Duration::days(2)
                } else {
                    month.first_day() + chrono::Duration::days(27)
                };
                let at = Utc.from_utc_datetime(&day.and_hms_opt(2, 0, 0).expect("valid time"));
                let row = db::reports::submit(conn, &row, author, at)?;
                if month.month == 6 && AWAITING_REVIEW.contains(&item.number) {
                    continue;
                }
                let decision = if item.number == 5 && month.month == 6 {
                    ReportState::Returned
                } else {
                    ReportState::Accepted
                };
                let reason = (decision == ReportState::Returned).then_some("请补充新增就业人数的统计口径和数据来源。");
                db::reports::decide(conn, &row, decision, reason, admin, at)?;
            }
            month = month.next();
        }
        // The office has chased three units, at three grades; a leader has written on one.
        let chased = [
            (3, Grade::Yellow, true),
            (13, Grade::Red, false),
            (21, Grade::Blue, false),
        ];
        for (number, grade, answered) in chased {
            if let Some(item) = items.iter().find(|i| i.number == number) {
                let notice = db::notices::create(
                    conn,
                    &db::notices::NewNotice {
                        item_id: item.id,
                        unit_id: item.lead_unit.id,
                        plan_id: plan.plan_id(),
                        reason: "该事项进度明显滞后于序时进度，请书面说明原因并提出整改措施。",
                        grade,
                        answer_by: rules::notices::default_answer_by(grade, today, &plan.cases()),
                        issued_by: admin,
                        instruction_id: None,
                        inspection_id: None,
                    },
                )?;
                if answered {
                    let author = user(&item.lead_unit.code).unwrap_or(admin);
                    db::notices::answer(
                        conn,
                        &notice,
                        "已召开专题会议，逐一落实定点医疗机构系统改造，8月底前完成。",
                        author,
                        &[],
                    )?;
                }
            }
        }
        if let (Some(leader), Some(item)) = (user("leader"), items.iter().find(|i| i.number == 13)) {
            db::instructions::create(
                conn,
                item.id,
                "此项事关群众切身利益，请责任单位倒排工期、挂图作战，确保按期完成。",
                leader,
            )?;
        }
        // 市住房和城乡建设局 helps 市城市管理和综合执法局 on item 21 (瓶改管) and wrote last
        // month's 配合情况, which the lead unit reads beside its report.
        let helper = db::units::find_unit(conn, "zjj")?;
        if let (Some(item), Some(helper)) = (items.iter().find(|i| i.number == 21), helper) {
            diesel::insert_into(schema::item_co_units::table)
                .values((
                    schema::item_co_units::item_id.eq(item.id),
                    schema::item_co_units::unit_id.eq(helper.id),
                ))
                .on_conflict_do_nothing()
                .execute(conn)?;
            db::co_notes::create(
                conn,
                item.id,
                helper.id,
                Period::of(today).prev().first_day(),
                "已协调3个老旧小区同步预埋燃气管道，配合完成入户摸查620户。",
                user("zjj").unwrap_or(admin),
            )?;
        }
        // Item 6's unit has begun this month's report and saved it as a draft.
        let this_month = Period::of(today);
        if let Some(item) = items.iter().find(|i| i.number == 6) {
            let author = user(&item.lead_unit.code).unwrap_or(admin);
            let content = ReportContent {
                progress: "本月已完成第一阶段线上培训报名工作，线下实训班正在筹备。".into(),
                ..Default::default()
            };
            db::reports::create(
                conn,
                &db::reports::NewReportRow {
                    item_id: item.id,
                    period: this_month,
                    due_on: due_on(this_month, 0),
                    content: &content,
                    user_id: author,
                },
            )?;
        }
        // 第1期情况通报, as of the end of last month.
        let cut_off = this_month.prev().last_day();
        let summary = db::summary::load(conn, &plan, cut_off)?;
        let content = duban_shared::briefing::compose(&summary, &plan.title, &plan.issuer);
        db::briefings::publish_new(conn, plan.plan_id(), content, today, admin)?;
        date_the_events(conn, today)?;
        Ok(())
    })?;
    Ok(format!(
        "demo-data: reports from March to {} for the 2024 plan, {} of June's awaiting review, as of {today}",
        Period::of(today).prev(),
        AWAITING_REVIEW.len()
    ))
}

/// Moves what the demo wrote onto its own calendar: a report is created two days before it
/// is sent and decided two days after; notices were issued ten days ago and signed the next
/// day; the 批示 came three days ago; the briefing on the 2nd of this month. Nothing ends up
/// after `today`.
fn date_the_events(conn: &mut PgConnection, today: NaiveDate) -> QueryResult<()> {
    let noon = |d: NaiveDate| Utc.from_utc_datetime(&d.and_hms_opt(2, 0, 0).expect("valid time"));
    let now = noon(today);
    let statements = [
        "UPDATE report_versions SET decided_at = LEAST(submitted_at + interval '2 days', $1)          WHERE decided_at IS NOT NULL",
        "UPDATE reports r SET created_at = COALESCE(r.first_submitted_at - interval '2 days', $1 - interval '1 day'),          updated_at = COALESCE((SELECT max(COALESCE(v.decided_at, v.submitted_at)) FROM report_versions v                                 WHERE v.report_id = r.id), $1 - interval '1 day')",
        "UPDATE notices SET issued_at = $1 - interval '10 days',          acknowledged_at = CASE WHEN acknowledged_at IS NULL THEN NULL ELSE $1 - interval '9 days' END",
        "UPDATE notice_rounds SET answered_at = $1 - interval '6 days'",
        "UPDATE instructions SET written_at = $1 - interval '3 days'",
        "UPDATE co_unit_notes SET written_at = $1 - interval '12 days'",
        "UPDATE briefings SET published_at = date_trunc('month', $1) + interval '1 day 2 hours',          created_at = date_trunc('month', $1) + interval '1 day', issued_on = (date_trunc('month', $1) + interval '1 day')::date",
    ];
    for sql in statements {
        diesel::sql_query(sql)
            .bind::<diesel::sql_types::Timestamptz, _>(now)
            .execute(conn)?;
    }
    Ok(())
}
