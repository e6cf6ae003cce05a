//! Each item's stored document (migration 20) against its rows: every kind of write the
//! document follows keeps it exact, a stale one is seen, and two writers of one item at once
//! both reach it. (Every test's database is checked the same way when it is dropped.)

use std::time::{Duration, Instant};

use diesel::prelude::*;
use duban_tests::{stale_item_documents, TestDb};

fn number(db: &TestDb, sql: &str) -> i32 {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        n: i32,
    }
    diesel::sql_query(sql).get_result::<N>(&mut db.conn()).unwrap().n
}

fn text(db: &TestDb, sql: &str) -> String {
    #[derive(QueryableByName)]
    struct T {
        #[diesel(sql_type = diesel::sql_types::Text)]
        t: String,
    }
    diesel::sql_query(sql).get_result::<T>(&mut db.conn()).unwrap().t
}

/// Item 5 of 2024, and an account to write as.
fn item_and_user(db: &TestDb) -> (i32, i32) {
    let item = number(
        db,
        "SELECT i.id AS n FROM items i JOIN plans p ON p.id = i.plan_id WHERE p.year = 2024 AND i.number = 5",
    );
    let user = number(
        db,
        "INSERT INTO users (username, role, password_hash) VALUES ('doc.writer', 'admin', 'x') RETURNING id AS n",
    );
    (item, user)
}

fn report_sql(item: i32, user: i32, period: &str) -> String {
    format!(
        "WITH r AS (INSERT INTO reports (item_id, period, state, due_on, created_by, updated_by) \
         VALUES ({item}, '{period}', 'submitted', '{period}-28', {user}, {user}) RETURNING id) \
         INSERT INTO report_versions (report_id, number, progress, problems, next_steps, indicator_values, submitted_by, late) \
         SELECT id, 1, '进展', '', '', '{{}}', {user}, false FROM r"
    )
}

#[test]
fn every_kind_of_write_keeps_the_documents_exact() {
    let db = TestDb::create_2024();
    let (item, user) = item_and_user(&db);
    let milestone = number(
        &db,
        &format!("SELECT min(id) AS n FROM milestones WHERE item_id = {item}"),
    );
    let indicator = number(
        &db,
        &format!("SELECT min(id) AS n FROM indicators WHERE item_id = {item}"),
    );
    let other_unit = number(
        &db,
        &format!("SELECT min(u.id) AS n FROM units u WHERE u.id <> (SELECT lead_unit_id FROM items WHERE id = {item})"),
    );
    assert_eq!(stale_item_documents(&mut db.conn()), Vec::<i32>::new(), "as loaded");
    let steps = [
        ("a report and its version", report_sql(item, user, "2024-06")),
        (
            "a decision",
            format!("UPDATE report_versions SET decision = 'accepted', decided_by = {user}, decided_at = now()"),
        ),
        (
            "a milestone completed",
            format!(
                "UPDATE milestones SET completed_on = '2024-06-20', completion_note = '完成' WHERE id = {milestone}"
            ),
        ),
        (
            "a milestone's original date",
            format!("UPDATE milestones SET original_due_date = '2024-06-29' WHERE id = {milestone}"),
        ),
        (
            "evidence",
            format!(
            "INSERT INTO evidence (milestone_id, file_name, content_type, size_bytes, sha256, content, uploaded_by) \
             VALUES ({milestone}, '验收.pdf', 'application/pdf', 3, repeat('a', 64), '\\x010203', {user})"),
        ),
        (
            "an uploader renamed",
            format!("UPDATE users SET username = 'doc.renamed' WHERE id = {user}"),
        ),
        (
            "an indicator renamed",
            format!("UPDATE indicators SET name = '新名称' WHERE id = {indicator}"),
        ),
        (
            "a target changed",
            format!("UPDATE indicator_targets SET target = target + 1 WHERE indicator_id = {indicator}"),
        ),
        (
            "a co-unit",
            format!("INSERT INTO item_co_units (item_id, unit_id) VALUES ({item}, {other_unit})"),
        ),
        (
            "a co-unit renamed",
            format!("UPDATE units SET name = name || '（新）' WHERE id = {other_unit}"),
        ),
        (
            "evidence removed",
            format!("DELETE FROM evidence WHERE milestone_id = {milestone}"),
        ),
        (
            "a co-unit removed",
            format!("DELETE FROM item_co_units WHERE item_id = {item}"),
        ),
        (
            "a report removed (its versions go with it)",
            format!("DELETE FROM reports WHERE item_id = {item}"),
        ),
        ("another report", report_sql(item, user, "2024-07")),
        (
            "a report moved to another month",
            format!("UPDATE reports SET period = '2024-08' WHERE item_id = {item} AND period = '2024-07'"),
        ),
        ("every report at once", "TRUNCATE reports CASCADE".to_string()),
    ];
    for (what, sql) in steps {
        let before = text(&db, &format!("SELECT milestones || indicators || co_units || versions AS t FROM item_documents WHERE item_id = {item}"));
        db.execute(&sql);
        assert_eq!(stale_item_documents(&mut db.conn()), Vec::<i32>::new(), "after {what}");
        let after = text(&db, &format!("SELECT milestones || indicators || co_units || versions AS t FROM item_documents WHERE item_id = {item}"));
        assert_ne!(before, after, "{what} shows in the document");
    }

    // The check itself sees a document that is behind its rows.
    db.execute(&format!(
        "UPDATE item_documents SET milestones = '[]' WHERE item_id = {item}"
    ));
    assert_eq!(stale_item_documents(&mut db.conn()), vec![item]);
    db.execute(&format!(
        "SELECT item_documents_refresh(ARRAY[{item}], '{{milestones}}')"
    ));
    assert_eq!(stale_item_documents(&mut db.conn()), Vec::<i32>::new());

    // A new item starts with a document; a removed one takes it along.
    let new_item = number(
        &db,
        &format!(
            "INSERT INTO items (plan_id, category_id, number, content, lead_unit_id) \
             SELECT plan_id, category_id, 99, '新增事项', lead_unit_id FROM items WHERE id = {item} RETURNING id AS n"
        ),
    );
    assert_eq!(stale_item_documents(&mut db.conn()), Vec::<i32>::new());
    db.execute(&format!("DELETE FROM items WHERE id = {new_item}"));
    assert_eq!(db.count(&format!("item_documents WHERE item_id = {new_item}")), 0);
}

#[test]
fn two_writers_of_one_item_at_once_both_reach_its_document() {
    let db = TestDb::create_2024();
    let (item, user) = item_and_user(&db);
    // May's report, not yet submitted: the second writer submits it in one statement, so
    // its document is written once (a writer with two statements would mend the first).
    db.execute(&format!(
        "INSERT INTO reports (item_id, period, due_on, created_by, updated_by) VALUES ({item}, '2024-05', '2024-05-31', {user}, {user})"
    ));
    let mut first = db.conn();
    diesel::sql_query("BEGIN").execute(&mut first).unwrap();
    diesel::sql_query(report_sql(item, user, "2024-06"))
        .execute(&mut first)
        .unwrap();

    // The second writer waits on the first one's document row...
    let second_sql = format!(
        "INSERT INTO report_versions (report_id, number, progress, problems, next_steps, indicator_values, submitted_by, late) \
         SELECT id, 1, '五月进展', '', '', '{{}}', {user}, false FROM reports WHERE item_id = {item} AND period = '2024-05'"
    );
    let url = db.url.clone();
    let second = std::thread::spawn(move || {
        let mut conn = PgConnection::establish(&url).unwrap();
        conn.transaction(|conn| diesel::sql_query(second_sql).execute(conn))
            .unwrap();
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    while db.count("pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()") == 0 {
        assert!(Instant::now() < deadline, "the second writer never waited");
        std::thread::sleep(Duration::from_millis(20));
    }
    // ...and, once it commits, reads it again: both months are in the document.
    diesel::sql_query("COMMIT").execute(&mut first).unwrap();
    second.join().unwrap();
    let versions = text(
        &db,
        &format!("SELECT versions AS t FROM item_documents WHERE item_id = {item}"),
    );
    assert!(
        versions.contains("2024-05") && versions.contains("2024-06"),
        "{versions}"
    );
    assert_eq!(stale_item_documents(&mut db.conn()), Vec::<i32>::new());
}
