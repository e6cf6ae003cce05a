//! The leaders' summary on 1 July 2024, for a scenario whose lights were worked out by hand.
//!
//! Every milestone due by 30 June is complete (but item 1's 30 June one), and every item
//! reported June on time with figures on pace, except:
//! - item 3  (市医保局): 10 of 31 institutions; the line stands at 24 + 4/92 = 24.04 on 1 July,
//!   77.56% of the year's target against 32.26% done: 45.3 points behind → red;
//! - item 5  (市人社局): 2100 new jobs; the line stands at 3000 + 1800/92 = 3019.57,
//!   50.33% against 35%: 15.3 points behind → yellow;
//! - item 1  (市医保局): its 30 June milestone is not done, 1 day overdue → yellow;
//! - item 12 (市教育局): no June report → yellow;
//! - item 16 (市城管局): June report sent on 1 July: late, but in → green;
//! - item 11 (市教育局): all three milestones done and 82 of 82 places → blue.
//!
//! So: red 1, yellow 3, green 20, blue 1; June reports: 23 on time, 1 late, 1 missing.

use chrono::{NaiveDate, TimeZone, Utc};
use diesel::prelude::*;
use duban_shared::api::ItemDetail;
use duban_shared::reporting::{IndicatorValue, ReportContent};
use duban_tests::{RequestHelper, TestApp, TestDb};
use serde_json::Value;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

async fn scenario() -> TestApp {
    let db = TestDb::create_2024();
    let app = TestApp::spawn_on(db).await;
    let mut conn = app.db.conn();
    diesel::sql_query(
        "UPDATE milestones SET completed_on = due_date WHERE due_date <= '2024-06-30' \
         AND NOT (seq = 2 AND item_id = (SELECT id FROM items WHERE number = 1))",
    )
    .execute(&mut conn)
    .unwrap();
    diesel::sql_query(
        "UPDATE milestones SET completed_on = '2024-06-30' WHERE item_id = (SELECT id FROM items WHERE number = 11)",
    )
    .execute(&mut conn)
    .unwrap();

    let items: Vec<ItemDetail> =
        serde_json::from_value(app.reader().get_json("/plans/2024/items?as_of=2024-07-01", 200).await["items"].clone())
            .unwrap();
    let rsj = duban::db::users::find_by_username(&mut conn, "rsj")
        .unwrap()
        .unwrap()
        .id;
    for item in &items {
        let on_time = Utc.with_ymd_and_hms(2024, 6, 28, 2, 0, 0).unwrap();
        let late = Utc.with_ymd_and_hms(2024, 7, 1, 2, 0, 0).unwrap();
        let when = match item.number {
            12 => continue,
            16 => late,
            _ => on_time,
        };
        let values = item
            .indicators
            .iter()
            .map(|ind| {
                let value = match item.number {
                    3 => 10.0,
                    5 => 2100.0,
                    11 => 82.0,
                    // On pace: at least what the line asks on 1 July.
                    _ => {
                        let line: Vec<(NaiveDate, f64)> = ind.targets.iter().map(|t| (t.due_date, t.target)).collect();
                        duban_shared::lights::expected_value(2024, &line, d("2024-07-01")).ceil()
                    }
                };
                IndicatorValue {
                    indicator_id: ind.id,
                    value,
                }
            })
            .collect();
        let content = ReportContent {
            progress: format!("第{}项6月进展", item.number),
            problems: String::new(),
            next_steps: String::new(),
            values,
        };
        let period = "2024-06".parse().unwrap();
        let row = duban::db::reports::create(
            &mut conn,
            &duban::db::reports::NewReportRow {
                item_id: item.id,
                period,
                due_on: d("2024-06-30"),
                content: &content,
                user_id: rsj,
            },
        )
        .unwrap();
        duban::db::reports::submit(&mut conn, &row, rsj, when).unwrap();
    }
    app
}

#[tokio::test]
async fn the_summary_on_1_july_matches_the_hand_count() {
    let app = scenario().await;
    let s = app.reader().get_json("/plans/2024/summary?as_of=2024-07-01", 200).await;
    assert_eq!(s["as_of"], "2024-07-01");
    assert_eq!(
        s["counts"],
        serde_json::json!({"blue": 1, "green": 20, "yellow": 3, "red": 1, "total": 25})
    );

    let lagging: Vec<i64> = s["lagging"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["number"].as_i64().unwrap())
        .collect();
    assert_eq!(lagging, vec![3, 5, 1, 12]);
    let reasons = |n: i64| -> String {
        s["lagging"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["number"] == n)
            .unwrap()["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap().to_string())
            .collect::<Vec<_>>()
            .join("；")
    };
    assert!(
        reasons(3).contains("10家") && reasons(3).contains("落后 45.3 个百分点"),
        "{}",
        reasons(3)
    );
    assert!(
        reasons(5).contains("城镇新增就业 2100人") && reasons(5).contains("落后 15.3 个百分点"),
        "{}",
        reasons(5)
    );
    assert!(
        reasons(1).contains("6月30日前") && reasons(1).contains("逾期 1 天"),
        "{}",
        reasons(1)
    );
    assert!(reasons(12).contains("2024年6月月报未报送"), "{}", reasons(12));
    assert_eq!(s["lagging"][0]["colour"], "red");

    let c = &s["compliance"];
    assert_eq!(c["period"], "2024-06");
    assert_eq!(c["due_on"], "2024-06-30");
    assert_eq!(
        (c["on_time"].as_i64(), c["late"].as_i64(), c["missing"].as_i64()),
        (Some(23), Some(1), Some(1))
    );
    let unit = |code: &str| {
        c["by_unit"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["unit"]["code"] == code)
            .unwrap()
            .clone()
    };
    assert_eq!(unit("jyj")["missing"], 1);
    assert_eq!(unit("jyj")["expected"], 4);
    assert_eq!(unit("cgj")["late"], 1);

    // Categories and units add up to the items.
    let cats = s["by_category"].as_array().unwrap();
    assert_eq!(cats.len(), 10);
    assert_eq!(
        cats.iter().map(|c| c["counts"]["total"].as_i64().unwrap()).sum::<i64>(),
        25
    );
    assert_eq!(
        cats[0]["counts"],
        serde_json::json!({"blue": 0, "green": 2, "yellow": 1, "red": 1, "total": 4})
    );
    let units = s["by_unit"].as_array().unwrap();
    assert_eq!(units.len(), 10);

    // The ranking states its rule; 医保局 (a red and a yellow) is last.
    let ranking = &s["ranking"];
    assert!(ranking["rule"].as_str().unwrap().contains("红灯"));
    let ranked = ranking["units"].as_array().unwrap();
    assert_eq!(ranked.len(), 10);
    assert_eq!(ranked.last().unwrap()["unit"]["code"], "ybj");

    // Each item carries the same light in the item API.
    let item3: Value = app
        .reader()
        .get_json("/plans/2024/items?as_of=2024-07-01&light=red", 200)
        .await;
    assert_eq!(item3["total"], 1);
    assert_eq!(item3["items"][0]["number"], 3);
}

#[tokio::test]
async fn lights_can_be_read_as_of_any_day_and_month_by_month() {
    let app = scenario().await;
    // Before the June reports and milestones mattered, on 1 March, nothing was late.
    let early = app.reader().get_json("/plans/2024/summary?as_of=2024-03-01", 200).await;
    assert_eq!(early["counts"]["red"], 0);
    assert!(
        early["compliance"]["period"].is_null(),
        "no report is due before March's"
    );

    let items = app
        .reader()
        .get_json("/plans/2024/items?unit=rsj&as_of=2024-07-01", 200)
        .await;
    let five = items["items"][0]["id"].as_i64().unwrap();
    let history = app
        .reader()
        .get_json(&format!("/items/{five}/lights?as_of=2024-07-01"), 200)
        .await;
    let months = history["months"].as_array().unwrap();
    assert_eq!(months.len(), 7);
    assert_eq!(months[5]["period"], "2024-06");
    assert_eq!(months[6]["as_of"], "2024-07-01");
    assert_eq!(months[6]["light"]["colour"], "yellow");
    // On 30 April the March report was missing (reports came only in June): yellow or worse.
    assert_ne!(months[3]["light"]["colour"], "green");

    let series = app
        .reader()
        .get_json(&format!("/items/{five}/series?as_of=2024-07-01"), 200)
        .await;
    let s = &series["indicators"][0];
    assert_eq!(s["target_line"][0], serde_json::json!(["2024-01-01", 0.0]));
    assert_eq!(s["target_line"][4], serde_json::json!(["2024-12-10", 6000.0]));
    assert_eq!(s["actual"], serde_json::json!([["2024-06", 2100.0]]));
}

/// The 2024 plan read years later (the wall clock is today): it stands as on 31 December 2024.
/// No reason names a later date or month, no milestone is "逾期 900 天", and the report still
/// asked for is December 2024's, the year's last.
#[tokio::test]
async fn a_year_that_is_over_reads_as_on_its_last_day() {
    let app = TestApp::spawn().await;
    let summary = app.reader().get_json("/plans/2024/summary", 200).await;
    assert_eq!(summary["as_of"], "2024-12-31");
    assert_eq!(summary["compliance"]["period"], "2024-12", "{}", summary["compliance"]);
    let item = app.item_json(1).await;
    assert_eq!(item["as_of"], "2024-12-31");
    let texts = [summary.to_string(), item.to_string()];
    for text in &texts {
        for year in 2025..=2100 {
            assert!(!text.contains(&format!("{year}年")), "a reason names {year}: {text}");
        }
    }
    for reasons in summary["lagging"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["reasons"].to_string())
    {
        if let Some(days) = reasons.split("已逾期 ").nth(1) {
            let days: i64 = days.split(' ').next().unwrap().parse().unwrap();
            assert!(days <= 366, "overdue counted to the year's end, not today: {reasons}");
        }
    }
}

/// A plan's items are read by a statement that names the plan in its text, so PostgreSQL
/// plans it once per connection for that plan. With the plan bound as a parameter, it made a
/// fresh ("custom") plan of the five-table join on each call whenever plans differed in size.
#[tokio::test]
async fn a_plans_items_are_planned_once_per_connection() {
    #[derive(QueryableByName)]
    struct Prepared {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        generic_plans: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        custom_plans: i64,
    }
    let db = TestDb::create_2024();
    let mut conn = db.conn();
    let plan_id: i32 = duban::db::schema::plans::table
        .filter(duban::db::schema::plans::year.eq(2024))
        .select(duban::db::schema::plans::id)
        .first(&mut conn)
        .unwrap();
    let filter = duban::db::items::ItemFilter::for_plan(duban_shared::ids::PlanId(plan_id));
    for _ in 0..8 {
        let items = duban::db::items::load(&mut conn, &filter, d("2024-07-01")).unwrap();
        assert_eq!(items.len(), 25);
    }
    let prepared: Vec<Prepared> = diesel::sql_query(
        "SELECT generic_plans, custom_plans FROM pg_prepared_statements
         WHERE statement LIKE '%JOIN item_documents d%' AND statement LIKE '%WHERE i.plan_id = %'",
    )
    .load(&mut conn)
    .unwrap();
    assert_eq!(prepared.len(), 1, "one statement for the plan");
    assert_eq!(prepared[0].custom_plans, 0, "never planned again for a call");
    assert_eq!(prepared[0].generic_plans, 8, "its one plan used by every call");
}
