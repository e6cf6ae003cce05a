//! The read caches (item and summary answers, sessions) never show what the database no
//! longer holds: a write through the API is seen at once by the next read, a change made
//! outside the server (plain SQL, the command line) as soon as the change feed has carried
//! it, and while the feed is down nothing is served from memory.

use duban_tests::{body, if_match, RequestHelper, TestApp};
use serde_json::json;

#[tokio::test]
async fn repeated_reads_come_from_memory_and_a_write_through_the_api_shows_at_once() {
    let app = TestApp::spawn_mid_2024().await;
    let id = app.item_json(5).await["id"].as_i64().unwrap();
    let path = format!("/items/{id}");
    let first = app.reader().get_json(&path, 200).await;
    let (hits, _) = app.caches.answer_stats();
    for _ in 0..5 {
        assert_eq!(app.reader().get_json(&path, 200).await, first);
    }
    assert_eq!(
        app.caches.answer_stats().0,
        hits + 5,
        "the repeats were answered from memory"
    );

    // The unit reports June with a value; the very next read of the item shows its new light
    // inputs, and the summary its new compliance.
    let summary_before = app.reader().get_json("/plans/2024/summary", 200).await;
    let rsj = app.as_user("rsj").await;
    let res = rsj
        .post(&format!("/items/{id}/reports"), json!({"period": "2024-06"}))
        .await;
    let draft = body(res, 201).await;
    let values: Vec<_> = first["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| json!({"indicator_id": i["id"], "value": 3100}))
        .collect();
    let content = json!({"progress": "新增就业3100人", "problems": "", "next_steps": "", "values": values});
    let version = if_match(&draft["version"]);
    let res = rsj
        .if_match(&version)
        .put(&format!("/items/{id}/reports/2024-06"), content)
        .await;
    let saved = body(res, 200).await;
    let version = if_match(&saved["version"]);
    let res = rsj
        .if_match(&version)
        .post_empty(&format!("/items/{id}/reports/2024-06/submit"))
        .await;
    assert_eq!(res.status(), 200);
    let summary_after = app.reader().get_json("/plans/2024/summary", 200).await;
    assert_ne!(
        summary_before["compliance"], summary_after["compliance"],
        "no settling needed"
    );

    // The office rewords the item; the next read has the new words.
    let admin = app.admin().await;
    let item = app.reader().get_json(&path, 200).await;
    let mut edit = app.item_input(&item).await;
    edit.content = "改写后的事项内容".into();
    let res = admin
        .if_match(if_match(&item["version"]))
        .put(&format!("/items/{id}"), serde_json::to_value(&edit).unwrap())
        .await;
    assert_eq!(body(res, 200).await["content"], "改写后的事项内容");
    assert_eq!(app.reader().get_json(&path, 200).await["content"], "改写后的事项内容");
}

#[tokio::test]
async fn a_change_outside_the_server_retires_the_cached_answer_and_session() {
    let app = TestApp::spawn().await;
    let id = app.item_json(5).await["id"].as_i64().unwrap();
    let path = format!("/items/{id}");
    app.reader().get_json(&path, 200).await;
    app.reader().get_json(&path, 200).await;
    app.db
        .execute(&format!("UPDATE items SET content = '数据库里改的' WHERE id = {id}"));
    app.settle().await;
    assert_eq!(app.reader().get_json(&path, 200).await["content"], "数据库里改的");

    // A session ended in the database (another instance's logout) ends here too.
    let ybj = app.as_user("ybj").await;
    assert_eq!(ybj.get("/me").await.status(), 200);
    assert_eq!(ybj.get("/me").await.status(), 200);
    app.db.execute(
        "UPDATE sessions SET revoked_at = now() WHERE user_id = (SELECT id FROM users WHERE username = 'ybj')",
    );
    app.settle().await;
    assert_eq!(ybj.get("/me").await.status(), 401);
}

#[tokio::test]
async fn while_the_change_feed_is_down_nothing_is_served_from_memory() {
    let app = TestApp::spawn().await;
    let id = app.item_json(5).await["id"].as_i64().unwrap();
    let path = format!("/items/{id}");
    app.reader().get_json(&path, 200).await;
    app.settle().await;
    // Cut the feed's connection, and change the item while nobody is listening.
    app.db.execute(&format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{}' AND datname = current_database()",
        duban::db::change_feed::APPLICATION_NAME
    ));
    let gens = app.caches.generations();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while gens.live() {
        assert!(std::time::Instant::now() < deadline, "the cut was never noticed");
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    }
    app.db
        .execute(&format!("UPDATE items SET content = '断线期间改的' WHERE id = {id}"));
    let (hits, _) = app.caches.answer_stats();
    assert_eq!(app.reader().get_json(&path, 200).await["content"], "断线期间改的");
    assert_eq!(app.reader().get_json(&path, 200).await["content"], "断线期间改的");
    assert_eq!(
        app.caches.answer_stats().0,
        hits,
        "no answer from memory while the feed is down"
    );
    // Back (it reconnects by itself), it starts afresh and caches again.
    app.settle().await;
    assert_eq!(app.reader().get_json(&path, 200).await["content"], "断线期间改的");
    assert_eq!(app.reader().get_json(&path, 200).await["content"], "断线期间改的");
    assert_eq!(app.caches.answer_stats().0, hits + 1);
}

/// A unit's write retires cached answers but not the sessions of everyone signed in; a
/// logout on this instance retires its session at once, before the change feed says so.
#[tokio::test]
async fn a_write_keeps_cached_sessions_and_a_logout_ends_its_own_at_once() {
    let app = TestApp::spawn_mid_2024().await;
    let rsj = app.as_user("rsj").await;
    let leader = app.as_user("leader").await;
    app.settle().await;
    assert_eq!(leader.get("/me").await.status(), 200);
    let claims = duban::auth::jwt::JwtKeys::from_bytes(&duban_tests::JWT_KEY)
        .unwrap()
        .verify(&leader.token)
        .unwrap();
    let user_id: i32 = claims.sub.parse().unwrap();
    let cached = || app.caches.session(claims.sid, user_id, chrono::Utc::now());
    assert!(cached().is_some(), "the leader's session is kept");

    let id = app.item_json(5).await["id"].as_i64().unwrap();
    let res = rsj
        .post(&format!("/items/{id}/reports"), json!({"period": "2024-06"}))
        .await;
    body(res, 201).await;
    app.settle().await;
    assert!(cached().is_some(), "a report does not retire the leader's session");

    let res = leader.post_empty("/auth/logout").await;
    assert_eq!(res.status(), 204);
    assert!(cached().is_none(), "the logout retired it before answering");
    assert_eq!(leader.get("/me").await.status(), 401);
}
