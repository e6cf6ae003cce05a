//! The audit log: every write leaves an event with who, when, before and after; rows cannot
//! be changed through SQL, and `duban audit verify` sees any that were.

use clap::Parser;
use diesel::prelude::*;
use duban_tests::{RequestHelper, TestApp, User, PASSWORD};
use serde_json::{json, Value};

fn verify(app: &TestApp) -> anyhow_free::Result {
    let cli = duban::cli::Cli::parse_from(["duban", "--database-url", &app.db.url, "audit", "verify"]);
    duban::cli::run(cli).map_err(|e| format!("{e:#}"))
}

mod anyhow_free {
    pub type Result = std::result::Result<(), String>;
}

async fn make_some_history(app: &TestApp) -> User<'_> {
    let admin = app.admin().await;
    let res = admin
        .post(
            "/users",
            json!({"username": "zhangsan", "display_name": "张三", "role": "unit", "unit": "jyj", "password": PASSWORD}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let _ = app
        .anonymous()
        .post(
            "/auth/login",
            json!({"username": "zhangsan", "password": "wrong wrong wrong"}),
        )
        .await;
    admin
}

#[tokio::test]
async fn writes_and_failed_logins_are_in_the_log() {
    let app = TestApp::spawn().await;
    let admin = make_some_history(&app).await;
    let page: Value = admin
        .get("/audit?entity=user&action=create&limit=10")
        .await
        .json()
        .await
        .unwrap();
    let events = page["events"].as_array().unwrap();
    let created = events
        .iter()
        .find(|e| e["after"]["username"] == "zhangsan")
        .expect("create event");
    assert_eq!(created["actor"], "admin");
    assert_eq!(created["after"]["unit"]["code"], "jyj");
    assert!(created["before"].is_null());
    assert!(created["at"].is_string());

    let failed: Value = admin.get("/audit?action=login_failed").await.json().await.unwrap();
    assert!(failed["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["actor"] == "zhangsan"));

    // Paging walks back through everything.
    let mut seen = 0;
    let mut before: Option<i64> = None;
    loop {
        let path = match before {
            Some(b) => format!("/audit?limit=2&before={b}"),
            None => "/audit?limit=2".into(),
        };
        let page: Value = admin.get(&path).await.json().await.unwrap();
        seen += page["events"].as_array().unwrap().len();
        match page["next_before"].as_i64() {
            Some(b) => before = Some(b),
            None => break,
        }
    }
    let total: i64 = duban::db::schema::audit_events::table
        .count()
        .get_result(&mut app.db.conn())
        .unwrap();
    assert_eq!(seen as i64, total);
    assert_eq!(verify(&app), Ok(()));
}

#[tokio::test]
async fn the_log_refuses_updates_and_deletes() {
    let app = TestApp::spawn().await;
    make_some_history(&app).await;
    let mut conn = app.db.conn();
    for sql in [
        "UPDATE audit_events SET actor = 'someone else'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
    ] {
        let err = diesel::sql_query(sql).execute(&mut conn).unwrap_err().to_string();
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
    assert_eq!(verify(&app), Ok(()));
}

/// A superuser can switch the triggers off; the hash chain still tells.
fn tamper(app: &TestApp, sql: &str) {
    let mut conn = app.db.conn();
    diesel::sql_query("SET session_replication_role = replica")
        .execute(&mut conn)
        .unwrap();
    diesel::sql_query(sql).execute(&mut conn).unwrap();
}

#[tokio::test]
async fn verify_detects_an_edited_row() {
    let app = TestApp::spawn().await;
    make_some_history(&app).await;
    assert_eq!(verify(&app), Ok(()));
    tamper(
        &app,
        "UPDATE audit_events SET actor = 'nobody' WHERE action = 'create' AND entity = 'user' AND actor = 'admin'",
    );
    let err = verify(&app).unwrap_err();
    assert!(err.contains("tampered"), "{err}");
}

#[tokio::test]
async fn verify_detects_a_deleted_row() {
    let app = TestApp::spawn().await;
    make_some_history(&app).await;
    tamper(&app, "DELETE FROM audit_events WHERE action = 'login_failed'");
    assert!(verify(&app).is_err());
}

#[tokio::test]
async fn verify_detects_rows_cut_from_the_end() {
    let app = TestApp::spawn().await;
    make_some_history(&app).await;
    tamper(
        &app,
        "DELETE FROM audit_events WHERE id = (SELECT max(id) FROM audit_events)",
    );
    assert!(verify(&app).is_err());
}
