//! PostgreSQL going away under load: requests answer 503 with `Retry-After` at once (never
//! 500, never a long wait), `/healthz` names the database, and the server comes back by
//! itself. The outage is made by refusing new connections to the test's database and
//! ending the ones it has, as a stopped server would.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use duban_tests::{RequestHelper, TestApp};

#[derive(Debug, Clone)]
struct Seen {
    status: u16,
    retry_after: bool,
    took: Duration,
    during_outage: bool,
}

fn cut(app: &TestApp, down: bool) {
    let name = &app.db.name;
    let mut admin = app.db.admin_conn();
    use diesel::RunQueryDsl;
    diesel::sql_query(format!("ALTER DATABASE {name} ALLOW_CONNECTIONS {}", !down))
        .execute(&mut admin)
        .unwrap();
    if down {
        diesel::sql_query(format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        ))
        .execute(&mut admin)
        .unwrap();
    }
}

#[tokio::test]
async fn an_outage_answers_503_fast_and_the_server_recovers() {
    let app = TestApp::spawn().await;
    let office = app.admin().await;
    let token = office.token.clone();
    let outage = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut clients = Vec::new();
    for n in 0..8 {
        let (url, token, outage, seen, stop) = (
            app.url(
                [
                    "/api/v1/reports?year=2024",
                    "/api/v1/plans/2024/summary",
                    "/api/v1/audit?limit=5",
                    "/api/v1/me",
                ][n % 4],
            ),
            token.clone(),
            outage.clone(),
            seen.clone(),
            stop.clone(),
        );
        let client = app.client.clone();
        clients.push(tokio::spawn(async move {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let during_outage = outage.load(std::sync::atomic::Ordering::Relaxed);
                let started = Instant::now();
                let res = client.get(&url).bearer_auth(&token).send().await.unwrap();
                let s = Seen {
                    status: res.status().as_u16(),
                    retry_after: res.headers().contains_key("retry-after"),
                    took: started.elapsed(),
                    during_outage,
                };
                let _ = res.bytes().await;
                seen.lock().unwrap().push(s);
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(700)).await;
    outage.store(true, std::sync::atomic::Ordering::Relaxed);
    cut(&app, true);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let health = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 503, "{:?}", health.headers());
    assert!(health.headers().contains_key("retry-after"));
    let body: serde_json::Value = health.json().await.unwrap();
    assert_eq!(body["database"], "unreachable", "{body}");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    // A write while the database is away is refused whole.
    let res = office
        .post("/units", serde_json::json!({"code": "tmpx", "name": "临时单位"}))
        .await;
    assert_eq!(res.status(), 503);
    outage.store(false, std::sync::atomic::Ordering::Relaxed);
    cut(&app, false);
    let back = Instant::now();
    loop {
        if app.client.get(app.url("/healthz")).send().await.unwrap().status() == 200 {
            break;
        }
        assert!(back.elapsed() < Duration::from_secs(10), "the server never recovered");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for c in clients {
        c.await.unwrap();
    }

    let seen = seen.lock().unwrap().clone();
    let in_outage: Vec<&Seen> = seen.iter().filter(|s| s.during_outage).collect();
    let unavailable: Vec<&Seen> = in_outage.iter().copied().filter(|s| s.status == 503).collect();
    let slowest = unavailable.iter().map(|s| s.took).max().unwrap_or_default();
    eprintln!(
        "outage: {} requests in all, {} during the outage, {} of them 503, slowest 503 {:?}",
        seen.len(),
        in_outage.len(),
        unavailable.len(),
        slowest
    );
    assert!(
        seen.iter().all(|s| s.status < 500 || s.status == 503),
        "a 5xx other than 503: {seen:?}"
    );
    assert!(unavailable.len() >= 8, "the outage was not seen: {in_outage:?}");
    assert!(unavailable.iter().all(|s| s.retry_after), "a 503 without Retry-After");
    // Far below the old five-second wait per request (the bound is loose: CI machines are busy).
    assert!(slowest < Duration::from_millis(2500), "a 503 took {slowest:?}");
    // After recovery every request is answered again.
    let after: Vec<u16> = seen.iter().rev().take(8).map(|s| s.status).collect();
    assert!(after.iter().all(|&s| s == 200), "not recovered: {after:?}");
    // Nothing of the refused write was kept.
    assert_eq!(app.db.count("units WHERE code = 'tmpx'"), 0);
}

/// The session and item reads run on each server thread's own connection (`db::reader`). One
/// that the database ended while it sat idle (a restart, an administrator) is replaced by
/// the next read, which is answered, not refused.
#[tokio::test]
async fn a_reader_connection_the_database_ended_is_replaced_without_an_error() {
    use diesel::RunQueryDsl;
    let app = TestApp::spawn().await;
    let unit = app.as_user("ybj").await;
    let (id, _) = app.item_ids(1).await;
    let path = format!("/items/{id}");
    // Without the cache, so each read reaches the database.
    let fresh = |n: i64| format!("{path}?as_of=2024-07-{n:02}");
    assert_eq!(unit.get(&fresh(1)).await.status(), 200);
    let name = &app.db.name;
    let ended: Vec<bool> = diesel::sql_query(format!(
        "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity \
         WHERE datname = '{name}' AND application_name = 'duban reader'"
    ))
    .load::<Ended>(&mut app.db.admin_conn())
    .unwrap()
    .into_iter()
    .map(|e| e.ended)
    .collect();
    assert!(!ended.is_empty(), "the server reads on connections of its own");
    for n in 2..6 {
        let res = unit.get(&fresh(n)).await;
        assert_eq!(res.status(), 200, "read {n} after the connections ended");
    }
}

#[derive(diesel::QueryableByName)]
struct Ended {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    ended: bool,
}
