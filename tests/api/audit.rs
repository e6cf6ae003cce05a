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

fn record_event(conn: &mut PgConnection, what: &str) {
    duban::db::audit::record(
        conn,
        &duban::db::audit::AuditActor::cli(),
        duban::db::audit::Change {
            action: "test",
            entity: "event",
            entity_id: Some(what.into()),
            before: None,
            after: None,
        },
    )
    .unwrap();
}

fn seq_of(conn: &mut PgConnection, what: &str) -> Option<Option<i64>> {
    use duban::db::schema::audit_events;
    audit_events::table
        .filter(audit_events::entity_id.eq(what))
        .select(audit_events::seq)
        .first(conn)
        .optional()
        .unwrap()
}

/// An event joins the chain when its transaction commits, not when it is written: until then
/// it holds no place and no lock, so other writers go on (the chain lock is held only while
/// a transaction commits); a rolled-back event never takes a place.
#[tokio::test]
async fn events_are_linked_at_commit_and_hold_no_lock_before() {
    use diesel::Connection;
    let app = TestApp::spawn().await;
    make_some_history(&app).await;
    let (count_before, _) = duban::db::audit::head(&mut app.db.conn()).unwrap();

    let mut open = app.db.conn();
    diesel::connection::SimpleConnection::batch_execute(&mut open, "BEGIN").unwrap();
    record_event(&mut open, "open");
    assert_eq!(seq_of(&mut open, "open"), Some(None), "unlinked until commit");
    // A client cannot link it (or give it a place) itself.
    let err = diesel::sql_query("UPDATE audit_events SET seq = 999999 WHERE entity_id = 'open'")
        .execute(&mut open)
        .unwrap_err()
        .to_string();
    assert!(err.contains("append-only"), "{err}");
    diesel::connection::SimpleConnection::batch_execute(&mut open, "ROLLBACK; BEGIN").unwrap();
    record_event(&mut open, "open");

    // Another writer commits while that transaction is still open, without waiting for it
    // (with the lock taken at the insert, this would time out).
    let mut other = app.db.conn();
    other
        .transaction(|conn| {
            diesel::sql_query("SET LOCAL lock_timeout = '2s'").execute(conn)?;
            record_event(conn, "other");
            Ok::<_, diesel::result::Error>(())
        })
        .expect("a second writer is not held up by an open one");
    assert_eq!(seq_of(&mut other, "other"), Some(Some(count_before + 1)));

    diesel::connection::SimpleConnection::batch_execute(&mut open, "COMMIT").unwrap();
    assert_eq!(seq_of(&mut other, "open"), Some(Some(count_before + 2)));
    let mut rolled_back = app.db.conn();
    rolled_back
        .transaction(|conn| {
            record_event(conn, "rolled back");
            Err::<(), _>(diesel::result::Error::RollbackTransaction)
        })
        .unwrap_err();
    assert_eq!(seq_of(&mut other, "rolled back"), None);
    assert_eq!(duban::db::audit::head(&mut other).unwrap().0, count_before + 2);
    assert_eq!(verify(&app), Ok(()));
}

/// An event that slipped past the link trigger is reported, not skipped.
#[tokio::test]
async fn verify_reports_an_event_that_was_never_linked() {
    let app = TestApp::spawn().await;
    make_some_history(&app).await;
    tamper(
        &app,
        "INSERT INTO audit_events (actor, action, entity, prev_hash, hash) VALUES ('x', 'y', 'z', '', '')",
    );
    assert!(verify(&app).unwrap_err().contains("tampered"));
    let report = duban::db::audit::verify(&mut app.db.conn()).unwrap();
    assert!(
        report.problems.iter().any(|p| p.contains("never linked")),
        "{:?}",
        report.problems
    );
}

/// A superuser can switch the triggers off; the hash chain still tells.
fn tamper(app: &TestApp, sql: &str) {
    use diesel::Connection;
    // SET LOCAL: the pooled connection goes back with its triggers on.
    app.db
        .conn()
        .transaction(|conn| {
            diesel::sql_query("SET LOCAL session_replication_role = replica").execute(conn)?;
            diesel::connection::SimpleConnection::batch_execute(conn, sql)
        })
        .unwrap();
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

fn audit_cli(app: &TestApp, args: &[&str]) -> anyhow_free::Result {
    let mut all = vec!["duban", "--database-url", &app.db.url, "audit"];
    all.extend_from_slice(args);
    duban::cli::run(duban::cli::Cli::parse_from(all)).map_err(|e| format!("{e:#}"))
}

/// base64 of 32 bytes: the checkpoints' signing key in these tests.
const AUDIT_KEY: &str = "ZHViYW4tYXVkaXQtY2hlY2twb2ludC1rZXktMzItYnl0ZXM=";

/// Many clients writing at once take their ids in one order and the chain lock in another;
/// the chain's own order is what verify walks, so an honest workload always verifies.
#[tokio::test]
async fn verify_passes_after_many_concurrent_writers() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let token = admin.token.clone();
    let mut writers = Vec::new();
    for w in 0..12 {
        let (client, url, token) = (app.client.clone(), app.url("/api/v1/units"), token.clone());
        let login = app.url("/api/v1/auth/login");
        writers.push(tokio::spawn(async move {
            for n in 0..15 {
                let res = client
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&json!({"code": format!("w{w}n{n}"), "name": format!("并发单位{w}-{n}")}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 201);
                // Failed logins write to the log outside any handler's transaction too.
                let _ = client
                    .post(&login)
                    .json(&json!({"username": format!("nobody{w}"), "password": "x"}))
                    .send()
                    .await
                    .unwrap();
            }
        }));
    }
    for w in writers {
        w.await.unwrap();
    }
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let out_of_id_order = diesel::sql_query(
        "SELECT count(*) AS n FROM (SELECT id, lag(id) OVER (ORDER BY seq) AS prev FROM audit_events) t WHERE id < prev",
    )
    .get_result::<N>(&mut app.db.conn())
    .unwrap()
    .n;
    eprintln!(
        "concurrent writers: {} events, {out_of_id_order} of them with an id below their predecessor's",
        app.db.count("audit_events")
    );
    assert!(app.db.count("audit_events") >= 12 * 15);
    assert_eq!(verify(&app), Ok(()));
}

/// A superuser who edits an event and recomputes every later hash with the database's own
/// function fools the chain; the signed checkpoint kept outside the database is not fooled.
#[tokio::test]
async fn a_rewritten_chain_is_caught_by_the_checkpoints() {
    let app = TestApp::spawn().await;
    make_some_history(&app).await;
    let path = std::env::temp_dir().join(format!("duban-checkpoints-{}.jsonl", uuid::Uuid::new_v4()));
    let file = path.to_str().unwrap();
    assert_eq!(audit_cli(&app, &["checkpoint", file, "--key", AUDIT_KEY]), Ok(()));
    make_some_history_more(&app).await;
    assert_eq!(audit_cli(&app, &["checkpoint", file, "--key", AUDIT_KEY]), Ok(()));
    assert_eq!(
        audit_cli(&app, &["verify", "--against", file, "--key", AUDIT_KEY]),
        Ok(())
    );

    tamper(
        &app,
        "UPDATE audit_events SET actor = 'nobody' WHERE seq = 1;
         DO $$
         DECLARE r audit_events%ROWTYPE; prev TEXT := repeat('0', 64); h TEXT;
         BEGIN
           FOR r IN SELECT * FROM audit_events ORDER BY seq LOOP
             h := audit_row_hash(prev, r.at, r.actor_user_id, r.actor, r.action, r.entity, r.entity_id, r.before, r.after, r.ip);
             UPDATE audit_events SET prev_hash = prev, hash = h WHERE id = r.id;
             prev := h;
           END LOOP;
           UPDATE audit_chain_head SET hash = prev;
         END $$;",
    );
    // The chain alone reads whole again: that is the attack.
    assert_eq!(verify(&app), Ok(()), "the rewrite should fool the chain alone");
    let err = audit_cli(&app, &["verify", "--against", file, "--key", AUDIT_KEY]).unwrap_err();
    assert!(err.contains("tampered"), "{err}");

    // A checkpoint file signed with another key is refused, not trusted.
    let other = "b3RoZXIta2V5LW9mLXRoaXJ0eS10d28tYnl0ZXMtbG9uZyE=";
    let err = audit_cli(&app, &["verify", "--against", file, "--key", other]).unwrap_err();
    assert!(err.contains("tampered"), "{err}");
    let _ = std::fs::remove_file(&path);
}

async fn make_some_history_more(app: &TestApp) {
    let admin = app.admin().await;
    let res = admin
        .post("/units", json!({"code": "later", "name": "后来的单位"}))
        .await;
    assert_eq!(res.status(), 201);
}
