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

/// With the caches off, a session read from the database brings the item with it (one
/// statement): the item, a missing one, an unpublished plan, an API token and an ended
/// session answer exactly as they do with the caches.
#[tokio::test]
async fn without_the_caches_an_item_read_with_its_session_answers_as_with_them() {
    let app = TestApp::spawn_without_caches().await;
    let cached = TestApp::spawn().await;
    let id = app.item_json(5).await["id"].as_i64().unwrap();
    let path = format!("/items/{id}");
    let item = app.reader().get_json(&path, 200).await;
    assert_eq!(item["number"], 5);
    assert_eq!(item["lead_unit"]["code"], "rsj");
    // The same answer, byte for byte, as a server that keeps its answers gives from memory.
    let (same_id, _) = cached.item_ids(5).await;
    assert_eq!(same_id, id, "both databases are the 2024 plan as loaded");
    cached.settle().await;
    cached.reader().get_json(&path, 200).await;
    let (hits, _) = cached.caches.answer_stats();
    let cached_body = cached.reader().get(&path).await.text().await.unwrap();
    assert_eq!(
        cached.caches.answer_stats().0,
        hits + 1,
        "the second read came from memory"
    );
    // Read alongside the session, the answer does not go through the caches at all (the
    // usual path asks them, and counts a miss, even while they are off).
    let asked = app.caches.answer_stats();
    let uncached_body = app.reader().get(&path).await.text().await.unwrap();
    assert_eq!(uncached_body, cached_body);
    assert_eq!(app.caches.answer_stats(), asked, "the item came with the session");
    let no_such = app.reader().get_json("/items/999999", 404).await;
    assert_eq!(no_such["error"]["code"], "not_found");
    app.anonymous().get_json(&path, 401).await;
    // An API token is not a session: the item is read on its own, by the usual path.
    let (_, misses) = app.caches.answer_stats();
    assert_eq!(app.api_token_client(Some(2024)).get_json(&path, 200).await["id"], id);
    assert_eq!(app.caches.answer_stats(), (0, misses + 1));
    // A plan not yet published: the office reads its items, a unit does not.
    app.db.execute("UPDATE plans SET status = 'draft' WHERE year = 2024");
    let rsj = app.as_user("rsj").await;
    assert_eq!(rsj.get_json(&path, 403).await["error"]["code"], "forbidden");
    assert_eq!(app.admin().await.get_json(&path, 200).await["id"], id);
    // An ended session is refused before anything of the item shows, found or not.
    assert_eq!(rsj.post_empty("/auth/logout").await.status(), 204);
    rsj.get_json(&path, 401).await;
    rsj.get_json("/items/999999", 401).await;
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

/// A relay to PostgreSQL that can black-hole the change feed's connection: bytes stop flowing
/// both ways and nothing is closed, as when a network drops packets without a word. The feed's
/// connection is known by its application name in the startup message.
struct Relay {
    address: String,
    frozen: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Relay {
    async fn start(upstream: String) -> Relay {
        use std::sync::atomic::AtomicBool;
        use std::sync::Arc;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap().to_string();
        let frozen = Arc::new(AtomicBool::new(false));
        let shared = frozen.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let Ok(server) = tokio::net::TcpStream::connect(&upstream).await else {
                    continue;
                };
                tokio::spawn(Self::pipe(client, server, shared.clone()));
            }
        });
        Relay { address, frozen }
    }

    async fn pipe(
        client: tokio::net::TcpStream,
        server: tokio::net::TcpStream,
        frozen: std::sync::Arc<std::sync::atomic::AtomicBool>,
    ) {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::Arc;
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let is_feed = Arc::new(AtomicBool::new(false));
        let (mut cr, mut cw) = client.into_split();
        let (mut sr, mut sw) = server.into_split();
        let (feed_up, frozen_up) = (is_feed.clone(), frozen.clone());
        let up = async move {
            let mut seen = Vec::new();
            let mut buf = vec![0u8; 16 * 1024];
            while let Ok(n) = cr.read(&mut buf).await {
                if n == 0 {
                    break;
                }
                if seen.len() < 4096 {
                    seen.extend_from_slice(&buf[..n]);
                    let name = duban::db::change_feed::APPLICATION_NAME.as_bytes();
                    if seen.windows(name.len()).any(|w| w == name) {
                        feed_up.store(true, Ordering::SeqCst);
                    }
                }
                if feed_up.load(Ordering::SeqCst) && frozen_up.load(Ordering::SeqCst) {
                    std::future::pending::<()>().await;
                }
                if sw.write_all(&buf[..n]).await.is_err() {
                    break;
                }
            }
        };
        let down = async move {
            let mut buf = vec![0u8; 16 * 1024];
            while let Ok(n) = sr.read(&mut buf).await {
                if n == 0 {
                    break;
                }
                if is_feed.load(Ordering::SeqCst) && frozen.load(Ordering::SeqCst) {
                    std::future::pending::<()>().await;
                }
                if cw.write_all(&buf[..n]).await.is_err() {
                    break;
                }
            }
        };
        tokio::join!(up, down);
    }

    fn freeze_feed(&self, on: bool) {
        self.frozen.store(on, std::sync::atomic::Ordering::SeqCst);
    }
}

/// A database with the 2024 plan, a relay to its cluster, and a handle on it through the relay.
async fn relayed() -> (duban_tests::TestDb, Relay, duban_tests::TestDb) {
    let db = duban_tests::TestDb::create_2024();
    let upstream = authority(&db.url);
    let relay = Relay::start(upstream.clone()).await;
    let mut via = duban_tests::TestDb::attach(&db);
    via.url = db.url.replacen(&upstream, &relay.address, 1);
    (db, relay, via)
}

/// `host:port` of a `postgres://user@host:port/db` URL.
fn authority(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let auth = rest.split('/').next().unwrap();
    auth.rsplit('@').next().unwrap().to_string()
}

/// A feed connection that goes silent (no reset, no close) is noticed by its heartbeat within
/// 10 s; the caches are off meanwhile, and the feed comes back by itself.
// Several threads: the set-up connects to the database (blocking) through the relay, which
// must keep running meanwhile.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_change_feed_that_silently_stops_answering_is_noticed_within_ten_seconds() {
    let (db, relay, via) = relayed().await;
    let _db = db;
    let app = TestApp::spawn_on(via).await;
    app.settle().await;
    let gens = app.caches.generations();
    assert!(gens.live());

    relay.freeze_feed(true);
    let cut = std::time::Instant::now();
    while gens.live() {
        assert!(
            cut.elapsed() < std::time::Duration::from_secs(10),
            "a silent feed went unnoticed for 10 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let noticed = cut.elapsed();
    eprintln!("a silent change feed was noticed after {noticed:?}");
    assert!(
        noticed >= std::time::Duration::from_secs(1),
        "noticed by the heartbeat, not by a reset: {noticed:?}"
    );

    // The network is back: a new connection, live again, caching again.
    relay.freeze_feed(false);
    let back = std::time::Instant::now();
    while !gens.live() {
        assert!(
            back.elapsed() < std::time::Duration::from_secs(10),
            "the feed did not come back"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    app.settle().await;
}

/// An answer is retired by changes to what it shows (or to every plan), not by changes to
/// another plan or to another item's work: at month-end, one unit's reports leave the other
/// plans' answers and the other items' alone.
#[tokio::test]
async fn a_change_to_one_plan_keeps_the_cached_answers_of_the_others() {
    let app = TestApp::spawn().await;
    let id = app.item_json(5).await["id"].as_i64().unwrap();
    let other = app.item_json(6).await["id"].as_i64().unwrap();
    let path = format!("/items/{id}");
    app.reader().get_json(&path, 200).await;
    app.db
        .execute("INSERT INTO plans (year, title, status) VALUES (2025, '2025年计划', 'draft')");
    app.db
        .execute("UPDATE plans SET title = '2025年民生实事' WHERE year = 2025");
    app.settle().await;
    let (hits, _) = app.caches.answer_stats();
    app.reader().get_json(&path, 200).await;
    assert_eq!(
        app.caches.answer_stats().0,
        hits + 1,
        "another plan's change retired nothing here"
    );

    // A change to another item of the same plan keeps this item's answer, and retires the
    // plan's answers that count every item (the summary).
    app.reader().get_json("/plans/2024/summary", 200).await;
    app.db.execute(&format!(
        "UPDATE milestones SET target_text = target_text || '（修订）' WHERE item_id = {other}"
    ));
    app.settle().await;
    let (hits, misses) = app.caches.answer_stats();
    app.reader().get_json(&path, 200).await;
    assert_eq!(
        app.caches.answer_stats(),
        (hits + 1, misses),
        "another item's change kept this item"
    );
    app.reader().get_json("/plans/2024/summary", 200).await;
    assert_eq!(app.caches.answer_stats(), (hits + 1, misses + 1), "the summary retired");

    // A change to this item's work, or to its plan itself, retires its answer.
    for change in [
        format!("UPDATE milestones SET target_text = target_text || '（修订）' WHERE item_id = {id}"),
        format!(
            "INSERT INTO item_co_units (item_id, unit_id) SELECT {id}, u.id FROM units u \
             WHERE u.id <> (SELECT lead_unit_id FROM items WHERE id = {id}) \
             AND u.id NOT IN (SELECT unit_id FROM item_co_units WHERE item_id = {id}) LIMIT 1"
        ),
        format!("UPDATE items SET content = content || '' WHERE id = {id}"),
        "UPDATE categories SET title = title || '' WHERE plan_id = (SELECT id FROM plans WHERE year = 2024)"
            .to_string(),
        "UPDATE plans SET green_max_lag = green_max_lag WHERE year = 2024".to_string(),
    ] {
        app.reader().get_json(&path, 200).await;
        app.db.execute(&change);
        app.settle().await;
        let (hits, misses) = app.caches.answer_stats();
        app.reader().get_json(&path, 200).await;
        assert_eq!(app.caches.answer_stats(), (hits, misses + 1), "retired by {change}");
        app.reader().get_json(&path, 200).await;
        assert_eq!(app.caches.answer_stats().0, hits + 1, "kept again after {change}");
    }

    // A unit renamed shows in every plan: everything is retired.
    app.db.execute("UPDATE units SET name = name || '' WHERE code = 'rsj'");
    app.settle().await;
    let (hits, _) = app.caches.answer_stats();
    app.reader().get_json(&path, 200).await;
    assert_eq!(app.caches.answer_stats().0, hits, "retired by a change to any plan");
}

/// A write answers with a token; a read that sends it back sees the write on any instance,
/// even one whose change feed has not carried it yet.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_client_reads_its_own_write_on_an_instance_that_has_not_heard_of_it() {
    use duban::db::change_feed::WriteToken;
    use duban::http::read_cache::{READ_AFTER, WRITE_TOKEN};

    let (db, relay, via) = relayed().await;
    let a = TestApp::spawn_on(db).await;
    let b = TestApp::spawn_on(via).await;
    a.settle().await;
    b.settle().await;
    let item = b.item_json(5).await;
    let path = format!("/items/{}", item["id"]);
    let admin = a.admin().await;
    let on_b = b.bearer(admin.token.clone());
    on_b.get_json(&path, 200).await;
    on_b.get_json(&path, 200).await;

    // B stops hearing the feed (its connection goes silent), then the office writes on A.
    relay.freeze_feed(true);
    let mut edit = a.item_input(&item).await;
    edit.content = "在A上改写".into();
    let res = admin
        .if_match(if_match(&item["version"]))
        .put(&path, serde_json::to_value(&edit).unwrap())
        .await;
    let header = res
        .headers()
        .get(WRITE_TOKEN)
        .expect("a write's token")
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(body(res, 200).await["content"], "在A上改写");
    let token = WriteToken::parse(&header).expect("a readable token");
    assert!(matches!(token, WriteToken::Transaction(_)), "{header}");
    assert!(a.caches.generations().seen(token), "A answered once it had heard");
    assert!(!b.caches.generations().seen(token), "B has not heard of it");

    // With the token, B reads from the database; the unit that reads there sees the write.
    let url = b.url(&format!("/api/v1{path}"));
    let res = b
        .client
        .get(&url)
        .bearer_auth(&admin.token)
        .header(READ_AFTER, &header)
        .send()
        .await
        .unwrap();
    assert_eq!(body(res, 200).await["content"], "在A上改写");

    // B hears again: the write retires B's cached answer, and the token is seen.
    relay.freeze_feed(false);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !b.caches.generations().seen(token) {
        assert!(std::time::Instant::now() < deadline, "B never caught up");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    b.settle().await;
    assert_eq!(on_b.get_json(&path, 200).await["content"], "在A上改写");
}

/// What the database announces for rows of one item's work (co-units here; reports,
/// milestones and the rest name their item the same way): the plan and the item, for one row
/// or several, inserted, changed or deleted; nothing when no row changed.
#[tokio::test]
async fn writes_to_an_items_rows_are_announced_by_plan_and_item() {
    use diesel::prelude::*;
    use std::collections::BTreeSet;
    let db = duban_tests::TestDb::create_2024();
    let mut listener = db.conn();
    diesel::sql_query("LISTEN duban_content")
        .execute(&mut listener)
        .unwrap();
    let mut conn = db.conn();
    #[derive(QueryableByName)]
    struct Item {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        id: i32,
        #[diesel(sql_type = diesel::sql_types::Integer)]
        plan_id: i32,
    }
    let items: Vec<Item> = diesel::sql_query("SELECT id, plan_id FROM items WHERE number IN (5, 6) ORDER BY number")
        .load(&mut conn)
        .unwrap();
    let (plan, a, b) = (items[0].plan_id, items[0].id, items[1].id);
    let unit = "(SELECT id FROM units WHERE id NOT IN (SELECT lead_unit_id FROM items WHERE number IN (5, 6)) LIMIT 1)";
    let scope = |ids: &[i32]| -> BTreeSet<String> { ids.iter().map(|i| format!("{plan}/{i}")).collect() };
    for (sql, expected) in [
        (
            format!("INSERT INTO item_co_units (item_id, unit_id) VALUES ({a}, {unit})"),
            scope(&[a]),
        ),
        (
            format!("UPDATE item_co_units SET item_id = {b} WHERE item_id = {a}"),
            scope(&[a, b]),
        ),
        (format!("DELETE FROM item_co_units WHERE item_id = {b}"), scope(&[b])),
        (
            format!("INSERT INTO item_co_units (item_id, unit_id) VALUES ({a}, {unit}), ({b}, {unit})"),
            scope(&[a, b]),
        ),
        (
            format!("DELETE FROM item_co_units WHERE item_id IN ({a}, {b})"),
            scope(&[a, b]),
        ),
        (
            "DELETE FROM item_co_units WHERE item_id = -1".to_string(),
            BTreeSet::new(),
        ),
    ] {
        diesel::sql_query(&sql).execute(&mut conn).unwrap();
        // A marker after each statement: a round reads what its statement announced, and
        // a statement that announced nothing is seen to.
        diesel::sql_query("SELECT pg_notify('duban_content', 'marker')")
            .execute(&mut conn)
            .unwrap();
        let mut heard = Vec::new();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while !heard.iter().any(|p: &String| p == "marker") {
            assert!(std::time::Instant::now() < deadline, "no announcement after {sql}");
            heard.extend(listener.notifications_iter().map(|n| n.unwrap().payload));
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let scopes: Vec<BTreeSet<String>> = heard
            .iter()
            .filter(|p| *p != "marker")
            .map(|p| p.split_once(':').unwrap().1.split(',').map(str::to_string).collect())
            .collect();
        let want: Vec<BTreeSet<String>> = if expected.is_empty() { vec![] } else { vec![expected] };
        assert_eq!(scopes, want, "announced for {sql}");
    }
}
