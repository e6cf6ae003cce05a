//! The database keeps bad rows out on its own, and the loader is idempotent.

use diesel::prelude::*;
use duban::db::seed::{load_plan, plan_2024, SeedOutcome};
use duban_tests::TestDb;

#[test]
fn seeding_twice_leaves_one_plan() {
    let db = TestDb::create();
    let mut conn = db.conn();
    let first = load_plan(&mut conn, &plan_2024()).unwrap();
    assert_eq!(
        first,
        SeedOutcome::Loaded {
            items: 25,
            milestones: 96,
            indicators: 35
        }
    );
    let tables = [
        "plans",
        "units",
        "categories",
        "items",
        "milestones",
        "indicators",
        "indicator_targets",
    ];
    let before: Vec<i64> = tables.iter().map(|t| db.count(t)).collect();
    assert_eq!(load_plan(&mut conn, &plan_2024()).unwrap(), SeedOutcome::AlreadyPresent);
    let after: Vec<i64> = tables.iter().map(|t| db.count(t)).collect();
    assert_eq!(before, after);
    assert_eq!(before[0], 1);
    assert_eq!(before[1], 10);
}

#[test]
fn an_inconsistent_plan_file_writes_nothing() {
    let db = TestDb::create();
    let mut conn = db.conn();
    let mut seed = plan_2024();
    seed.items[24].milestones[0].due = chrono::NaiveDate::from_ymd_opt(2025, 1, 10).unwrap();
    seed.items[3].lead_unit = "市不存在局".into();
    let err = load_plan(&mut conn, &seed).unwrap_err().to_string();
    assert!(
        err.contains("第25项") && err.contains("第4项：单位“市不存在局”不在单位清单中"),
        "{err}"
    );
    assert_eq!(db.count("plans"), 0);
    assert_eq!(db.count("units"), 0);
}

/// Each statement must be refused by a constraint of the schema.
#[test]
fn constraints_refuse_bad_rows() {
    let db = TestDb::create_2024();
    let mut conn = db.conn();
    let item5 = "(SELECT id FROM items WHERE number = 5)";
    let bad = [
        // a second item 5 in the same plan
        "INSERT INTO items (plan_id, category_id, number, content, lead_unit_id) \
         SELECT plan_id, category_id, 5, 'x', lead_unit_id FROM items WHERE number = 5"
            .to_string(),
        // a milestone due outside the plan's year
        format!("INSERT INTO milestones (item_id, seq, due_date, target_text) VALUES ({item5}, 9, '2025-01-15', 'x')"),
        format!("UPDATE milestones SET due_date = '2023-12-31' WHERE item_id = {item5} AND seq = 1"),
        // negative targets, a rate over 100
        format!("UPDATE indicators SET final_target = -1 WHERE item_id = {item5}"),
        "UPDATE indicator_targets SET target = -5".to_string(),
        "UPDATE indicators SET final_target = 120 WHERE kind = 'rate'".to_string(),
        // an unknown unit, an unknown kind
        format!("UPDATE items SET lead_unit_id = 99999 WHERE id = {item5}"),
        "UPDATE indicators SET kind = 'vibes'".to_string(),
        // a category of another plan
        "INSERT INTO plans (year, title) VALUES (2025, 't')".to_string(),
        "UPDATE plans SET status = 'maybe'".to_string(),
        "INSERT INTO units (name, code) VALUES ('市新局', 'Bad Code')".to_string(),
        "INSERT INTO units (name, code) VALUES ('市医疗保障局', 'dup')".to_string(),
    ];
    // The 2025 plan insert is allowed; use it to check cross-plan categories are refused.
    for sql in &bad {
        let result = diesel::sql_query(sql.as_str()).execute(&mut conn);
        if sql.starts_with("INSERT INTO plans") {
            result.expect("a new plan year is fine");
            let cross = "UPDATE items SET plan_id = (SELECT id FROM plans WHERE year = 2025) WHERE number = 5";
            assert!(diesel::sql_query(cross).execute(&mut conn).is_err(), "{cross}");
            continue;
        }
        assert!(result.is_err(), "accepted: {sql}");
    }
    assert_eq!(db.count("items"), 25);
    assert_eq!(db.count("milestones"), 96);
}
